/**
 * The offset C of the Z-HIT reconstruction (docs/specs/zhit.md §2.6, §5): a weighted mean of
 * ln|X| − L over a frequency window, in closed form (pyimpspec hands w·e to lmfit, which then
 * minimises Σw²e⁴; this is the least-squares C). The default window is the 3-decade band with the
 * smallest mean |Lin-KK residual|.
 */
import { cos, log10 } from '../math/index.ts';

export type WindowShape = 'boxcar' | 'hann';

/** Weights of the points (log10 f in lf) in [fmin, fmax] Hz: 1 (boxcar) or a Hann bell over log f; 0 outside. */
export function windowWeights(lf: Float64Array, fmin: number, fmax: number, shape: WindowShape): Float64Array {
  const lo = log10(fmin), hi = log10(fmax);
  const w = new Float64Array(lf.length);
  for (let i = 0; i < lf.length; i++) {
    const v = lf[i]!;
    if (v < lo || v > hi) continue;
    if (shape === 'boxcar' || hi === lo) w[i] = 1;
    else w[i] = 0.5 * (1 - cos((2 * Math.PI * (v - lo)) / (hi - lo)));
  }
  return w;
}

/** C = Σ w_k(y_k − L_k) / Σ w_k. */
export function offsetFor(y: Float64Array, L: Float64Array, w: Float64Array): number {
  let sw = 0, s = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    sw += wi;
    s += wi * (y[i]! - L[i]!);
  }
  return s / sw;
}

/** Width and step of the default window, decades. */
export const AUTO_WIDTH = 3;
export const AUTO_STEP = 0.1;

/**
 * The default window: a 3-decade boxcar slid in 0.1-decade steps from the high-frequency end
 * (the whole range when narrower); the band with the lowest mean |residual| wins, ties go to the
 * band nearer the high end. lf: log10 f of the points; resid: |Lin-KK residual| at each.
 * Returns the band's edges in log10 f.
 */
export function autoWindow(lf: Float64Array, resid: Float64Array): [number, number] {
  let lo = Number.POSITIVE_INFINITY, hi = Number.NEGATIVE_INFINITY;
  for (const v of lf) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi - lo <= AUTO_WIDTH) return [lo, hi];
  const tops: number[] = [];
  const steps = Math.floor((hi - lo - AUTO_WIDTH) / AUTO_STEP + 1e-9);
  for (let s = 0; s <= steps; s++) tops.push(hi - s * AUTO_STEP);
  if (tops[tops.length - 1]! - AUTO_WIDTH > lo + 1e-9) tops.push(lo + AUTO_WIDTH); // the last band reaches the lowest frequency
  let best: [number, number] = [hi - AUTO_WIDTH, hi], bestScore = Number.POSITIVE_INFINITY;
  for (const top of tops) {
    const bottom = top - AUTO_WIDTH;
    let sum = 0, count = 0;
    for (let i = 0; i < lf.length; i++) {
      // a hair of slack so points on the band's edges stay in despite the step's rounding
      if (lf[i]! >= bottom - 1e-9 && lf[i]! <= top + 1e-9) {
        sum += resid[i]!;
        count++;
      }
    }
    if (count === 0) continue;
    const score = sum / count;
    if (score < bestScore) {
      bestScore = score;
      best = [bottom, top];
    }
  }
  return best;
}
