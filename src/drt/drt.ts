/**
 * drt() and drtBatch(): the distribution of relaxation times of a spectrum (issue 12,
 * specs/drt.md). Options are checked and each spectrum cropped and sorted here (src/drt/solve.ts);
 * the chosen backend builds the RBF matrices, scans λ and solves the scaled NNLS
 * (`Backend.drt`); the coefficients become γ, R_pol, peaks, fitted spectrum and residuals
 * (`assemble`). The contract is src/drt/types.ts.
 */
import { selectBackend, type Backend } from '../backend/select.ts';
import { EisError, show } from '../errors.ts';
import { runChunked } from '../runtime/chunked.ts';
import type { DrtOutcome, DrtProblem } from '../types/drt.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { checkOptions, checkSpectrumList, functionOption, integerOption, MAX_CHUNK_SIZE, oneOfOption } from '../validate.ts';
import { assemble, DRT_BATCH_OPTION_KEYS, DRT_OPTION_KEYS, drtProblem, drtSettings, type DrtSettings } from './solve.ts';
import type { DrtBatchOptions, DrtOptions, DrtResult } from './types.ts';

// ───────────────────────── wiring point of `method: 'tr-nnls'` and `credible` ─────────────────────────
// TR-NNLS (§6, src/drt/tr-nnls.ts) and the credible band (§5, src/drt/credible.ts) are not wired
// into drt() yet. This function is the one place that refuses them (EisError E_UNSUPPORTED naming
// the option); it is replaced when they are wired.
function refuseUnwired(options: unknown): void {
  const o = checkOptions('options', options);
  const method = oneOfOption(o, 'method', ['tr-rbf', 'tr-nnls'] as const, 'tr-rbf');
  if (method === 'tr-nnls') {
    throw new EisError('E_UNSUPPORTED', "invalid option. `method: 'tr-nnls'` (Kulikovsky 2021) is not available yet; use the default 'tr-rbf'.", { argument: 'method', value: method });
  }
  const credible = o.credible;
  if (credible === undefined || credible === false) return;
  if (credible !== true && (credible === null || typeof credible !== 'object' || Array.isArray(credible))) {
    throw new EisError('E_ARG_TYPE', `invalid option. \`credible\` must be true, false or { method?, samples?, burnIn?, seed? }; got ${show(credible)}.`, { argument: 'credible', value: credible });
  }
  throw new EisError('E_UNSUPPORTED', 'invalid option. `credible` (a credible band for γ) is not available yet; leave it out.', { argument: 'credible', value: credible });
}
// ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** The public result of one problem and its outcome. */
function result(p: DrtProblem, out: DrtOutcome, s: DrtSettings, backend: Backend['name']): DrtResult {
  const r = assemble(out, p.mode, p.freq, p.re, p.im, s.peakThreshold);
  return {
    method: 'tr-rbf',
    ...r,
    ...(s.window.fmin !== null ? { fmin: s.window.fmin } : {}),
    ...(s.window.fmax !== null ? { fmax: s.window.fmax } : {}),
    backend,
  };
}

/**
 * The DRT of one spectrum: γ(ln τ) by Tikhonov-regularised Gaussian RBFs with non-negative
 * coefficients, λ chosen by the mGCV score and the plateau rule unless given (specs/drt.md §1–§4).
 * @throws EisError on invalid input, before any computation: E_ARG_TYPE, E_NONFINITE,
 * E_NONPOSITIVE_FREQ, E_ARG_LENGTH for the spectrum's shape; E_ARG_RANGE for an option out of
 * range, an unknown option, or fewer than 5 distinct frequencies (after cropping); E_UNSUPPORTED
 * for `method: 'tr-nnls'` and `credible`, which are not available yet. Numerical trouble is never
 * thrown: it is said in `warnings`.
 * @example
 * const d = drt(spectrum);                      // automatic λ (mGCV, plateau rule)
 * d.peaks.map((p) => [p.tau, p.resistance, p.capacitance]);
 * drt(spectrum, { lambda: 1e-4, fmin: 1 });     // a fixed λ, the blocking-electrode spike cropped
 */
export function drt(spectrum: SpectrumInput, options: DrtOptions = {}): DrtResult {
  const s = drtSettings(options, DRT_OPTION_KEYS);
  refuseUnwired(options);
  const p = drtProblem(spectrum, s, 'spectrum');
  const backend = selectBackend(options);
  const [out] = backend.drt([p]);
  return result(p, out!, s, backend.name);
}

/** `signal` checked: absent, or an AbortSignal (anything with a boolean `aborted`). */
function signalOption(v: unknown): AbortSignal | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || typeof (v as { aborted?: unknown }).aborted !== 'boolean') {
    throw new EisError('E_ARG_TYPE', `invalid option. \`signal\` must be an AbortSignal; got ${show(v)}.`, { argument: 'signal' });
  }
  return v as AbortSignal;
}

/** The EisError of an aborted batch. */
function abortedError(signal: AbortSignal, done: number, total: number): EisError {
  return new EisError('E_ABORTED', `drtBatch was aborted after ${done} of ${total} spectra.`, { argument: 'signal', done, total, cause: signal.reason });
}

/**
 * The DRTs of many spectra with the same options: one backend call per chunk of `chunkSize`
 * spectra, `onProgress(done, total)` after each, results in input order. Every fault settles the
 * promise: an invalid option or spectrum rejects (naming it: `spectra[k]`) before any DRT runs, a
 * throwing `onProgress` with E_CALLBACK, an aborted `signal` (checked before every chunk) with
 * E_ABORTED.
 * @example
 * const all = await drtBatch(series, { fmin: 1, onProgress: (done, total) => console.log(`${done}/${total}`) });
 */
export async function drtBatch(spectra: readonly SpectrumInput[], options: DrtBatchOptions = {}): Promise<DrtResult[]> {
  checkSpectrumList(spectra);
  const s = drtSettings(options, DRT_BATCH_OPTION_KEYS);
  refuseUnwired(options);
  const o = options as Record<string, unknown>;
  const onProgress = functionOption<(done: number, total: number) => void>(o, 'onProgress');
  const chunkSize = integerOption(o, 'chunkSize', 64, 1, MAX_CHUNK_SIZE);
  const signal = signalOption(o.signal);
  const problems = spectra.map((sp, k) => {
    try {
      return drtProblem(sp, s, `spectra[${k}]`);
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, e.message, { ...e.details, spectrum: k });
      throw e;
    }
  });
  const backend = selectBackend(options);
  return runChunked(problems, { chunkSize, onProgress }, (chunk, start) => {
    if (signal?.aborted) throw abortedError(signal, start, problems.length);
    return backend.drt(chunk).map((out, k) => result(chunk[k]!, out, s, backend.name));
  });
}
