/**
 * Documented maxima of a backend call, checked by both backends BEFORE a kernel runs, so an
 * oversized request fails the same way every time (EisError E_ARG_RANGE naming the limit and
 * the value), whatever ran before on the engine and whichever backend runs it.
 *
 * Why these: the WASM module is wasm32, so its linear memory holds at most 4 GiB and the AS
 * kernels index it with 32-bit integers. Sizes are computed here in f64 (exact to 2⁵³) and one
 * call's scratch is kept to 1 GiB: then every word count the kernels form (≤ 2²⁷ f64 words)
 * stays far from i32 overflow, and the scratch (freed before it is re-allocated larger) plus
 * the module's other allocations stay below 4 GiB.
 */
import { EisError } from '../errors.ts';
import { KK_RULE, WASM_MEMORY } from '../abi/descriptor.ts';

export const LIMITS = {
  /** Frequencies of one spectrum (impedance, jacobian, a fit or a Lin-KK test). */
  pointsPerSpectrum: 1_000_000,
  /** Parameters of a circuit. */
  parameters: 10_000,
  /** Free parameters of one fit (its normal matrices are m × m). */
  freeParameters: 1_000,
  /** Points of all spectra in one backend call (a fitBatch chunk with its multi-starts, a linKKBatch chunk). */
  pointsPerCall: 16_000_000,
  /** Values of one impedanceMany result (rows × frequencies) or one Jacobian (frequencies × parameters). */
  valuesPerResult: 50_000_000,
  /** Time constants M of a Lin-KK test. */
  kkTimeConstants: 10_000,
  /** Bytes of WASM scratch one call may use. */
  scratchBytes: WASM_MEMORY.SCRATCH_BYTES,
} as const;

export type LimitName = keyof typeof LIMITS;

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

/** The limits of a fit call: points per spectrum and per call, parameters, free parameters. */
export function checkFits(paramCount: number, problems: readonly { readonly n: number; readonly free: ArrayLike<number> }[]): void {
  checkLimit('parameters', paramCount, 'circuit', 'the number of circuit parameters');
  let total = 0;
  problems.forEach((pr, k) => {
    checkLimit('pointsPerSpectrum', pr.n, problems.length > 1 ? `spectra[${k}]` : 'spectrum', 'the number of frequencies');
    checkLimit('freeParameters', pr.free.length, 'circuit', 'the number of free parameters');
    total += pr.n;
  });
  checkLimit('pointsPerCall', total, 'spectra', 'the number of points in one call (all spectra of a chunk, with their multi-starts)');
}

/** The limits of a Lin-KK call: points per spectrum and per call, time constants. */
export function checkKk(problems: readonly { readonly n: number; readonly maxM: number; readonly fixedM: number; readonly rule: number }[]): void {
  let total = 0;
  problems.forEach((pr, k) => {
    checkLimit('pointsPerSpectrum', pr.n, problems.length > 1 ? `spectra[${k}]` : 'spectrum', 'the number of frequencies');
    const fixed = pr.rule === KK_RULE.FIXED;
    checkLimit('kkTimeConstants', fixed ? pr.fixedM : pr.maxM, fixed ? 'M' : 'maxM', 'the number of time constants M');
    total += pr.n;
  });
  checkLimit('pointsPerCall', total, 'spectra', 'the number of points in one call (all spectra of a chunk)');
}
