/**
 * drt() and drtBatch(): the distribution of relaxation times of a spectrum (issue 12,
 * specs/drt.md). Options are checked and each spectrum cropped and sorted here (src/drt/solve.ts);
 * the chosen backend builds the RBF matrices, scans λ and solves the scaled NNLS
 * (`Backend.drt`); the coefficients become γ, R_pol, peaks, fitted spectrum and residuals
 * (`assemble`). The contract is src/drt/types.ts.
 */
import { selectBackend, type Backend } from '../backend/select.ts';
import { EisError, show } from '../errors.ts';
import { log } from '../math/index.ts';
import { runChunked } from '../runtime/chunked.ts';
import type { DrtOutcome, DrtProblem } from '../types/drt.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { checkOptions, checkSpectrumList, functionOption, integerOption, MAX_CHUNK_SIZE, oneOfOption } from '../validate.ts';
import { credibleBand, credibleOptions, type CredibleOptions } from './credible.ts';
import { trNnls } from './tr-nnls.ts';
import { assemble, DRT_BATCH_OPTION_KEYS, DRT_OPTION_KEYS, drtProblem, drtSettings, scaledProblem, tailWarning, type DrtSettings } from './solve.ts';
import { detectTail } from './tail.ts';
import type { DrtBatchOptions, DrtOptions, DrtResult } from './types.ts';

// ───────────────────────── `method: 'tr-nnls'` and `credible` (§5, §6) ─────────────────────────
/** What `method` and `credible` ask for, checked (drtSettings checks the rest). */
interface MethodSettings {
  method: 'tr-rbf' | 'tr-nnls';
  /** The band, or null. */
  credible: CredibleOptions | null;
  /** TR-NNLS's rows: 'real' (default) or 'imag'. */
  trMode: 'real' | 'imag';
}

/**
 * `method` and `credible` checked: 'tr-nnls' takes mode 'real' (its default) or 'imag' and no
 * band (E_ARG_RANGE naming `mode` or `credible`); `credible` by credibleOptions (src/drt/credible.ts).
 */
function methodSettings(options: unknown): MethodSettings {
  const o = checkOptions('options', options);
  const method = oneOfOption(o, 'method', ['tr-rbf', 'tr-nnls'] as const, 'tr-rbf');
  const credible = credibleOptions(o.credible);
  if (method === 'tr-rbf') return { method, credible, trMode: 'real' };
  if (credible !== null) {
    throw new EisError('E_ARG_RANGE', "invalid option. `credible` needs `method: 'tr-rbf'`: TR-NNLS has no posterior to sample.", { argument: 'credible', value: o.credible });
  }
  const mode = o.mode ?? 'real';
  if (mode !== 'real' && mode !== 'imag') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`mode\` must be 'real' or 'imag' for \`method: 'tr-nnls'\`; got ${show(mode)}.`, { argument: 'mode', value: mode });
  }
  return { method, credible: null, trMode: mode };
}

/** The TR-NNLS result of one cropped, sorted problem (computed by the TS implementation: backend 'js'). */
function trNnlsResult(p: DrtProblem, s: DrtSettings, m: MethodSettings): DrtResult {
  const { normalization: _rPol, ...r } = trNnls(p.freq, p.re, p.im, { mode: m.trMode, lambda: s.lambda, peakThreshold: s.peakThreshold });
  const tail = detectTail(p.freq, p.im); // a blocking electrode's tail, as for tr-rbf (assemble)
  return {
    method: 'tr-nnls', ...r, ...(tail ? { tail, warnings: [...r.warnings, tailWarning(tail)] } : {}),
    coefficients: new Float64Array(0), epsilon: Number.NaN, collocation: '1/ω',
    ...(s.window.fmin !== null ? { fmin: s.window.fmin } : {}),
    ...(s.window.fmax !== null ? { fmax: s.window.fmax } : {}),
    backend: 'js',
  };
}

/** The tr-rbf result with its credible band on `tau` when asked: computed on the scaled problem `sp` and its outcome, scaled back by `scale`. */
function withBand(r: DrtResult, sp: DrtProblem, out: DrtOutcome, scale: number, m: MethodSettings): DrtResult {
  if (m.credible === null) return r;
  const band = credibleBand(sp, out, r.tau.map((t) => log(t)), m.credible);
  const lower = scale === 1 ? band.lower : band.lower.map((v) => v * scale), upper = scale === 1 ? band.upper : band.upper.map((v) => v * scale);
  return { ...r, lower, upper, credible: band.method, warnings: [...r.warnings, ...band.warnings] };
}
// ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** The public result of one problem and the outcome of its scaled problem (scaledProblem, by `scale`). */
function result(p: DrtProblem, out: DrtOutcome, scale: number, s: DrtSettings, backend: Backend['name']): DrtResult {
  const r = assemble(out, p.mode, p.freq, p.re, p.im, s.peakThreshold, scale, s.freeColumns);
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
 * range, an unknown option, or fewer than 5 distinct frequencies (after cropping), `mode:
 * 'complex'` or `credible` with `method: 'tr-nnls'`. Numerical trouble is never thrown: it is said
 * in `warnings`. `method: 'tr-nnls'` (§6) returns γ on its collocation grid τ_i = 1/ω_i (N points),
 * computed by the TS implementation (`backend: 'js'`); `credible` adds `lower`/`upper` (§5).
 * @example
 * const d = drt(spectrum);                      // automatic λ (mGCV, plateau rule)
 * d.peaks.map((p) => [p.tau, p.resistance, p.capacitance]);
 * drt(spectrum, { lambda: 1e-4, fmin: 1 });     // a fixed λ, the blocking-electrode spike cropped
 */
export function drt(spectrum: SpectrumInput, options: DrtOptions = {}): DrtResult {
  const s = drtSettings(options, DRT_OPTION_KEYS);
  const m = methodSettings(options);
  const p = drtProblem(spectrum, s, 'spectrum');
  const backend = selectBackend(options);
  if (m.method === 'tr-nnls') return trNnlsResult(p, s, m);
  const { problem, scale } = scaledProblem(p);
  const [out] = backend.drt([problem]);
  return withBand(result(p, out!, scale, s, backend.name), problem, out!, scale, m);
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
  const m = methodSettings(options);
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
    if (m.method === 'tr-nnls') return chunk.map((p) => trNnlsResult(p, s, m));
    const scaled = chunk.map(scaledProblem);
    return backend.drt(scaled.map((c) => c.problem)).map((out, k) => withBand(result(chunk[k]!, out, scaled[k]!.scale, s, backend.name), scaled[k]!.problem, out, scaled[k]!.scale, m));
  });
}
