/**
 * Documented maxima of a backend call, checked by both backends BEFORE a kernel runs, so an
 * oversized request fails the same way every time (EisError E_ARG_RANGE naming the limit and
 * the value), whatever ran before on the engine and whichever backend runs it.
 *
 * Why these: the WASM module is wasm32, so its linear memory holds at most 4 GiB and the AS
 * kernels index it with 32-bit integers. Sizes are computed here in f64 (exact to 2⁵³) and one
 * call's scratch is kept to one heap block of just under 1 GiB (WASM_MEMORY.SCRATCH_BYTES: the
 * TLSF allocator's largest block, so eis_alloc of the limit itself succeeds): then every word
 * count the kernels form (≤ 2²⁷ f64 words) stays far from i32 overflow, and the scratch (freed before it is re-allocated larger) plus
 * the module's other allocations stay below 4 GiB. The JS backend checks the same sizes, so
 * both backends refuse the same requests.
 */
import { EisError } from '../errors.ts';
import { DRT_GRID, DRT_OUTCOME, DRT_TASK, FIT_OUTCOME, FIT_TASK, GLOBAL_OUTCOME, GLOBAL_TASK, KK_RULE, KK_SUMMARY, type KernelProgram } from '../abi/descriptor.ts';
import { LIMITS, type LimitName } from '../abi/limits.ts';
import { drtWords, evaluationWords, fitWords, globalDenseFits, globalWords, kkWords, scratchBytes, type GlobalRegion } from '../abi/sizes.ts';

// the maxima themselves live in a leaf (src/abi/limits.ts) so the validation toolkit can refuse
// an oversized spectrum before it reaches a backend without importing the backends
export { LIMITS, type LimitName };

/** Throws E_ARG_RANGE when `value` exceeds the limit `name`. */
export function checkLimit(name: LimitName, value: number, argument: string, what: string): void {
  const max = LIMITS[name];
  if (value <= max) return;
  throw new EisError('E_ARG_RANGE',
    `invalid argument. \`${argument}\`: ${what} is ${value}; at most ${max} are supported (limit ${name}).`,
    { argument, limit: name, value, max });
}

/** Checks the limits every circuit evaluation shares: points and parameters. */
export function checkEvaluation(points: number, params: number, argument = 'freq'): void {
  checkLimit('pointsPerSpectrum', points, argument, 'the number of frequencies');
  checkLimit('parameters', params, 'params', 'the number of circuit parameters');
}

/** Throws E_ARG_RANGE when a call would need more WASM scratch than LIMITS.scratchBytes. */
export function checkScratch(bytes: number, argument: string, what: string): void {
  const max = LIMITS.scratchBytes;
  if (bytes <= max) return;
  throw new EisError('E_ARG_RANGE',
    `invalid argument. \`${argument}\`: ${what} needs ${bytes} bytes of WASM scratch memory; at most ${max} bytes are supported (limit scratchBytes). Use fewer points, rows or spectra per call.`,
    { argument, limit: 'scratchBytes', value: bytes, max });
}

/** Refuses an impedance evaluation beyond the limits; returns its scratch regions. */
export function checkImpedance(program: KernelProgram, params: number, n: number): number[] {
  checkEvaluation(n, program.paramCount);
  const words = evaluationWords(program, n, params, [n, n]);
  checkScratch(scratchBytes(words), 'freq', `evaluating ${program.nodeCount} circuit nodes at ${n} frequencies`);
  return words;
}

/** Refuses a Jacobian beyond the limits; returns its scratch regions. */
export function checkJacobian(program: KernelProgram, params: number, n: number): number[] {
  const P = program.paramCount;
  checkEvaluation(n, P);
  checkLimit('valuesPerResult', n * P, 'freq', 'frequencies × parameters of the Jacobian');
  const words = evaluationWords(program, n, params, [n, n, n * P, n * P]);
  checkScratch(scratchBytes(words), 'freq', `the Jacobian of ${program.nodeCount} circuit nodes at ${n} frequencies`);
  return words;
}

/** Refuses an impedanceMany beyond the limits; returns its scratch regions. */
export function checkImpedanceMany(program: KernelProgram, params: number, rows: number, n: number): number[] {
  checkEvaluation(n, program.paramCount);
  checkLimit('valuesPerResult', rows * n, 'paramRows', 'rows × frequencies of the result');
  const words = evaluationWords(program, n, params, [rows * n, rows * n]);
  checkScratch(scratchBytes(words), 'paramRows', `${rows} rows of ${program.nodeCount} circuit nodes at ${n} frequencies`);
  return words;
}

/** The shape of a fit call, as laid out in scratch. */
export interface FitShape {
  readonly offsets: Int32Array;
  readonly nMax: number;
  readonly total: number;
  readonly words: number[];
}

/** Refuses a fit call beyond the limits (points per spectrum and per call, parameters, free parameters, scratch). */
export function checkFits(program: KernelProgram, problems: readonly { readonly n: number; readonly free: ArrayLike<number> }[]): FitShape {
  checkLimit('parameters', program.paramCount, 'circuit', 'the number of circuit parameters');
  const K = problems.length;
  const offsets = new Int32Array(K + 1);
  let total = 0, nMax = 0;
  // the checks' messages are formed only for a value beyond its limit (per fit of a batch otherwise)
  for (let k = 0; k < K; k++) {
    const pr = problems[k]!;
    if (pr.n > LIMITS.pointsPerSpectrum) checkLimit('pointsPerSpectrum', pr.n, K > 1 ? `spectra[${k}]` : 'spectrum', 'the number of frequencies');
    checkLimit('freeParameters', pr.free.length, 'circuit', 'the number of free parameters');
    total += pr.n;
    checkLimit('pointsPerCall', total, 'spectra', 'the number of points in one call (all spectra of a chunk, with their multi-starts)');
    offsets[k + 1] = total;
    nMax = Math.max(nMax, pr.n);
  }
  const m = problems[0]?.free.length ?? 0;
  const words = fitWords(program, K, m, nMax, total, FIT_TASK.words, FIT_OUTCOME.words);
  const bytes = scratchBytes(words);
  if (bytes > LIMITS.scratchBytes) checkScratch(bytes, 'spectra', `fitting ${K} spectra of ${total} points with ${m} free parameters`);
  return { offsets, nMax, total, words };
}

/** The shape of a Lin-KK call, as laid out in scratch. */
export interface KkShape extends FitShape {
  readonly maxTau: number;
}

/** Refuses a Lin-KK call beyond the limits (points per spectrum and per call, time constants, scratch). */
export function checkKk(problems: readonly { readonly n: number; readonly maxM: number; readonly fixedM: number; readonly rule: number; readonly extensions: ArrayLike<number> }[]): KkShape {
  const K = problems.length;
  const offsets = new Int32Array(K + 1);
  let total = 0, nMax = 0, maxTau = 1;
  problems.forEach((pr, k) => {
    checkLimit('pointsPerSpectrum', pr.n, K > 1 ? `spectra[${k}]` : 'spectrum', 'the number of frequencies');
    const fixed = pr.rule === KK_RULE.FIXED;
    checkLimit('kkTimeConstants', fixed ? pr.fixedM : pr.maxM, fixed ? 'M' : 'maxM', 'the number of time constants M');
    total += pr.n;
    checkLimit('pointsPerCall', total, 'spectra', 'the number of points in one call (all spectra of a chunk)');
    offsets[k + 1] = total;
    nMax = Math.max(nMax, pr.n);
    maxTau = Math.max(maxTau, pr.maxM, pr.fixedM);
  });
  const words = kkWords(K, total, nMax, maxTau, problems[0]?.extensions.length ?? 0, KK_SUMMARY.words);
  checkScratch(scratchBytes(words), K > 1 ? 'spectra' : 'spectrum', `Lin-KK of ${K} spectra of ${total} points with up to ${maxTau} time constants`);
  return { offsets, nMax, total, words, maxTau };
}

/** Refuses a DRT call beyond the limits (frequencies per problem and per call, scratch); returns its layout. */
export function checkDrt(problems: readonly { readonly freq: ArrayLike<number> }[]): FitShape {
  const K = problems.length;
  const offsets = new Int32Array(K + 1);
  let total = 0, nMax = 0;
  problems.forEach((pr, k) => {
    const n = pr.freq.length;
    checkLimit('drtPoints', n, K > 1 ? `spectra[${k}]` : 'spectrum', 'the number of frequencies of a DRT');
    total += n;
    checkLimit('pointsPerCall', total, 'spectra', 'the number of points in one call (all spectra of a chunk)');
    offsets[k + 1] = total;
    nMax = Math.max(nMax, n);
  });
  const words = drtWords(K, total, nMax, DRT_TASK.words, DRT_OUTCOME.words, DRT_GRID.POINTS);
  checkScratch(scratchBytes(words), K > 1 ? 'spectra' : 'spectrum', `the DRT of ${K} spectra of up to ${nMax} points`);
  return { offsets, nMax, total, words };
}

/** The shape of a global fit: its points, whether the dense step's matrix is part of it, and its regions. */
export interface GlobalShape {
  readonly offsets: Int32Array;
  readonly nMax: number;
  readonly total: number;
  /** The dense step's matrix is allocated (method 'dense', or (rows + M)·M within denseLimit). */
  readonly dense: boolean;
  readonly words: Record<GlobalRegion, number>;
}

/**
 * Refuses a global fit beyond the limits (points per spectrum and per fit, parameters, free
 * parameters, scratch), on both backends (src/backend/wasm-global.ts, js-global.ts): S spectra
 * under G globals and L locals per spectrum, `dense` for method 'dense'; `denseLimit` is the
 * largest dense fallback in matrix entries (GLOBAL_LM.DENSE_FALLBACK_LIMIT).
 */
export function checkGlobal(program: KernelProgram, problems: readonly { readonly n: number; readonly free: ArrayLike<number> }[], G: number, L: number, denseMethod: boolean, denseLimit: number): GlobalShape {
  checkLimit('parameters', program.paramCount, 'circuit', 'the number of circuit parameters');
  const S = problems.length;
  const offsets = new Int32Array(S + 1);
  let total = 0, nMax = 0;
  problems.forEach((pr, s) => {
    checkLimit('pointsPerSpectrum', pr.n, `spectra[${s}]`, 'the number of frequencies');
    checkLimit('freeParameters', pr.free.length, 'circuit', 'the number of free parameters');
    total += pr.n;
    checkLimit('pointsPerCall', total, 'spectra', 'the number of points of one global fit (all its spectra)');
    offsets[s + 1] = total;
    nMax = Math.max(nMax, pr.n);
  });
  const m = problems[0]?.free.length ?? 0, M = G + S * L;
  const dense = denseMethod || globalDenseFits(2 * total, M, denseLimit);
  const words = globalWords(program, S, m, nMax, total, G, L, dense, FIT_TASK.words, GLOBAL_TASK.words, GLOBAL_OUTCOME.words);
  checkScratch(scratchBytes(Object.values(words)), 'spectra', `a global fit of ${S} spectra of ${total} points with ${M} unknowns${dense ? ' and its dense step' : ''}`);
  return { offsets, nMax, total, dense, words };
}
