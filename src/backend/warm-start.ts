/**
 * Warm start of the JS backend's fitBatch: the same rule as the WASM kernel (warmStartValues
 * and warmFailed in assembly/lm.ts, the fall-back in eis_fit_batch), with the limits from the
 * ABI descriptor.
 */
import { BOUND, WARM_START } from '../abi/descriptor.ts';
import type { BackendFit, FitProblem } from '../types/problems.ts';

/**
 * Warm start values: the previous solution, except for parameters that ended at a bound there
 * (their transform is flat, so they could not move again), which keep their own start value.
 */
export function warmStartValues(pr: FitProblem, prev: Float64Array): Float64Array {
  return Float64Array.from(pr.u0, (u0, k) => {
    const up = prev[k]!, kind = pr.kinds[k]!;
    const atBound = kind === BOUND.LOWER || kind === BOUND.UPPER ? up < u0 - WARM_START.LIMIT : kind === BOUND.BOTH ? Math.abs(up) > WARM_START.LIMIT : false;
    return atBound ? u0 : up;
  });
}

/** Keeps the warm fit unless it failed or is much worse than the previous fit; then the better of it and a fit from the own start values. */
export function chooseWarm(warm: BackendFit, previous: BackendFit, cold: () => BackendFit): BackendFit {
  if (warm.status > 0 && !(warm.chi2 > WARM_START.WORSE * previous.chi2)) return warm;
  const c = cold();
  if ((c.status <= 0 && warm.status > 0) || (warm.status > 0 && warm.chi2 <= c.chi2 * (1 + WARM_START.TIE))) return warm;
  return { ...c, warmFallback: true };
}
