/**
 * drt() and drtBatch(): the distribution of relaxation times of a spectrum (issue 12,
 * specs/drt.md). Options are checked and each spectrum cropped and sorted here (src/drt/solve.ts);
 * the chosen backend builds the RBF matrices, scans λ and solves the scaled NNLS
 * (`drtKernels(backend).drt`); the coefficients become γ, R_pol, peaks, fitted spectrum and residuals
 * (`assemble`). The contract is src/drt/types.ts.
 */
import { drtKernels } from '../backend/drt-kernels.ts';
import { selectBackend, type Backend } from '../backend/select.ts';
import { LIMITS } from '../abi/limits.ts';
import { EisError, show } from '../errors.ts';
import { log } from '../math/index.ts';
import { runChunked } from '../runtime/chunked.ts';
import type { DrtOutcome, DrtProblem } from '../types/drt.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { toSpectrum } from '../validate/spectrum.ts';
import { checkOptions, checkSpectrumList, functionOption, integerOption, MAX_CHUNK_SIZE, oneOfOption } from '../validate.ts';
import { checkHmcPoints, credibleBand, credibleOptions, type CredibleOptions } from './credible.ts';
import { TR_NNLS_MAX_POINTS, trNnls } from './tr-nnls.ts';
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

/** The options of the Tikhonov-RBF method that 'tr-nnls' has no use for, and what it does instead. */
const RBF_ONLY: Record<string, string> = {
  lambdaMethod: 'TR-NNLS has its own rule for λ (the corner of ‖g‖ against λ, specs/drt.md §6.5)',
  lambdaRule: 'TR-NNLS has its own rule for λ (the corner of ‖g‖ against λ, specs/drt.md §6.5)',
  penalty: 'TR-NNLS has its own penalty (λ‖g‖², §6.4)',
  rbfShape: 'TR-NNLS has no RBFs (γ on its collocation grid τ = 1/ω)',
  inductance: 'TR-NNLS has no inductance column (R∞ = Re Z(f_max), L = 0)',
  freeColumns: 'TR-NNLS has no R∞ or L columns (R∞ = Re Z(f_max), L = 0)',
};

/**
 * `method` and `credible` checked: 'tr-nnls' takes mode 'real' (its default) or 'imag', no band
 * and none of the Tikhonov-RBF options (E_ARG_RANGE naming `mode`, `credible` or the option);
 * `credible` by credibleOptions (src/drt/credible.ts).
 */
function methodSettings(options: unknown): MethodSettings {
  const o = checkOptions('options', options);
  const method = oneOfOption(o, 'method', ['tr-rbf', 'tr-nnls'] as const, 'tr-rbf');
  const credible = credibleOptions(o.credible);
  if (method === 'tr-rbf') return { method, credible, trMode: 'real' };
  for (const [key, why] of Object.entries(RBF_ONLY)) {
    if (o[key] !== undefined) {
      throw new EisError('E_ARG_RANGE', `invalid option. \`${key}\` is an option of the Tikhonov-RBF method ('tr-rbf'); ${why}, so it is not taken with \`method: 'tr-nnls'\`.`, { argument: key, value: o[key] });
    }
  }
  if (credible !== null) {
    throw new EisError('E_ARG_RANGE', "invalid option. `credible` needs `method: 'tr-rbf'`: TR-NNLS has no posterior to sample.", { argument: 'credible', value: o.credible });
  }
  const mode = o.mode ?? 'real';
  if (mode !== 'real' && mode !== 'imag') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`mode\` must be 'real' or 'imag' for \`method: 'tr-nnls'\`; got ${show(mode)}.`, { argument: 'mode', value: mode });
  }
  return { method, credible: null, trMode: mode };
}

/**
 * A frequency given twice in the window is refused by both methods (E_ARG_RANGE): tr-rbf would
 * put two equal RBF columns side by side (every λ score undefined, measured: a 8.5 % misfit on
 * an exact ZARC), and TR-NNLS's trapezoid weights need distinct τ_i. `details.index` is the
 * second occurrence in the user's array (and `first` the first), not in the sorted problem.
 */
function checkNoRepeatedFrequency(spectrum: unknown, p: DrtProblem, name: string): void {
  const f = p.freq;
  let k = 1;
  while (k < f.length && f[k] !== f[k - 1]) k++;
  if (k === f.length) return;
  // the user's indices of the repeated value (the spectrum was validated by drtProblem)
  const user = toSpectrum(spectrum, name).freq;
  const at: number[] = [];
  for (let i = 0; i < user.length && at.length < 2; i++) if (user[i] === f[k]) at.push(i);
  throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}.freq\` has ${show(f[k])} Hz twice (at indices ${at[0]} and ${at[1]}); the DRT needs distinct frequencies: average or drop the repeated point.`, { argument: `${name}.freq`, index: at[1], first: at[0], value: f[k] });
}

/**
 * TR-NNLS divides the spectrum by R_pol = Re Z(f_min) − Re Z(f_max) (§6.2): a window where that is
 * ≤ 0 (an inductive or noisy low-frequency end, or no arc in the window) is refused before any
 * computation, naming the spectrum, since no option of the method changes it.
 */
function checkTrNnlsProblem(p: DrtProblem, name: string): void {
  const n = p.re.length, rPol = p.re[n - 1]! - p.re[0]!;
  if (n > TR_NNLS_MAX_POINTS) {
    throw new EisError('E_ARG_RANGE', `invalid argument. TR-NNLS takes at most ${TR_NNLS_MAX_POINTS} frequencies (its automatic λ solves 72 dense NNLS problems of N unknowns, O(N³) each: 0.4 s at 100 points, 2.5 s at 200, 13 s at 300 in Node); \`${name}\` has ${n} in the window. Crop it with fmin/fmax, thin it, or use method 'tr-rbf' (up to ${LIMITS.drtPoints} points).`, { argument: name, points: n, limit: TR_NNLS_MAX_POINTS });
  }
  if (!(rPol > 0)) {
    throw new EisError('E_ARG_RANGE', `invalid argument. TR-NNLS normalises \`${name}\` by R_pol = Re Z(f_min) − Re Z(f_max), which must be > 0; here Re Z(${show(p.freq[n - 1])} Hz) − Re Z(${show(p.freq[0])} Hz) = ${rPol.toPrecision(4)} Ω. Crop the window to its arcs (fmin/fmax) or use method 'tr-rbf', which has no such normalisation.`, { argument: name, value: rPol });
  }
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
 * range, an unknown option, fewer than 5 distinct frequencies (after cropping), a frequency given
 * twice in the window (`details.index` into the caller's array), `mode: 'complex'`, `credible` or
 * a Tikhonov-RBF option (lambdaMethod, lambdaRule, penalty, rbfShape, inductance, freeColumns)
 * with `method: 'tr-nnls'`, `credible.samples`/`burnIn`/`seed` with `credible.method: 'gaussian'`,
 * and the HMC band on more than 400 frequencies. With `method: 'tr-nnls'` also when
 * Re Z(f_min) ≤ Re Z(f_max) (`argument: 'spectrum'`): TR-NNLS divides the spectrum by
 * R_pol = Re Z(f_min) − Re Z(f_max), a property of the data that no option changes (an inductive
 * or noisy low-frequency end, or a crop that keeps no arc; tr-rbf has no such normalisation).
 * Numerical trouble is never thrown: it is said in `warnings`. `method: 'tr-nnls'` (§6) returns γ
 * on its collocation grid τ_i = 1/ω_i (N points), always computed by the TS implementation
 * (`backend: 'js'` whatever `backend` asks); `credible` adds `lower`/`upper` (§5): `true` is the
 * Gaussian band, `{ samples?, burnIn?, seed? }` the HMC one (ended early by its work budget, with a
 * warning saying how many samples were drawn).
 * @example
 * const d = drt(spectrum);                      // automatic λ (mGCV, plateau rule)
 * d.peaks.map((p) => [p.tau, p.resistance, p.capacitance]);
 * drt(spectrum, { lambda: 1e-4, fmin: 1 });     // a fixed λ, the blocking-electrode spike cropped
 */
export function drt(spectrum: SpectrumInput, options: DrtOptions = {}): DrtResult {
  const s = drtSettings(options, DRT_OPTION_KEYS);
  const m = methodSettings(options);
  const p = drtProblem(spectrum, s, 'spectrum');
  checkNoRepeatedFrequency(spectrum, p, 'spectrum');
  if (m.method === 'tr-nnls') checkTrNnlsProblem(p, 'spectrum');
  if (m.credible?.method === 'hmc') checkHmcPoints(p.freq.length, 'spectrum');
  const backend = drtKernels(selectBackend(options), options.backend);
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

/** Every spectrum's problem, in order (the first invalid one throws its EisError with `details.spectrum`). */
function drtProblems(spectra: readonly SpectrumInput[], s: DrtSettings, m: MethodSettings): DrtProblem[] {
  return spectra.map((sp, k) => {
    try {
      const p = drtProblem(sp, s, `spectra[${k}]`);
      checkNoRepeatedFrequency(sp, p, `spectra[${k}]`);
      if (m.method === 'tr-nnls') checkTrNnlsProblem(p, `spectra[${k}]`);
      if (m.credible?.method === 'hmc') checkHmcPoints(p.freq.length, `spectra[${k}]`);
      return p;
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, e.message, { ...e.details, spectrum: k });
      throw e;
    }
  });
}

/**
 * drtBatch's checks of its spectra and options, in its order and with its errors, without a DRT
 * (the queue's submitter: src/queue/submit-kinds.ts); `keys` the options taken.
 */
export function checkDrtBatch(spectra: readonly SpectrumInput[], options: unknown, keys: readonly string[]): void {
  checkSpectrumList(spectra);
  const s = drtSettings(options, keys);
  drtProblems(spectra, s, methodSettings(options));
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
  const problems = drtProblems(spectra, s, m);
  const backend = drtKernels(selectBackend(options), options.backend);
  return runChunked(problems, { chunkSize, onProgress }, (chunk, start) => {
    if (signal?.aborted) throw abortedError(signal, start, problems.length);
    if (m.method === 'tr-nnls') return chunk.map((p) => trNnlsResult(p, s, m));
    const scaled = chunk.map(scaledProblem);
    return backend.drt(scaled.map((c) => c.problem)).map((out, k) => withBand(result(chunk[k]!, out, scaled[k]!.scale, s, backend.name), scaled[k]!.problem, out, scaled[k]!.scale, m));
  });
}
