/**
 * Peaks of γ (specs/drt.md §4): local maxima whose prominence (height above the higher of the
 * two minima bounding it) is ≥ threshold × max γ, ordered by prominence. τ is refined by a
 * parabola through the three grid points in ln τ; the area (the peak's resistance) is the
 * trapezoid integral between the bounding minima; C = τ/R.
 */
import { exp } from '../math/index.ts';

/** One peak of the DRT. */
export interface DrtPeak {
  /** τ of the maximum (s), refined by a parabola in ln τ. */
  tau: number;
  /** 1/(2πτ) (Hz). */
  frequency: number;
  /** The height γ at the maximum (Ω). */
  gamma: number;
  /** Height above the higher bounding minimum (Ω). */
  prominence: number;
  /** ∫γ d ln τ between the bounding minima (Ω): the peak's resistance. */
  resistance: number;
  /** τ/R (F). */
  capacitance: number;
  /** resistance / polarisation resistance. */
  fraction: number;
}

/** The peaks of γ on the uniform ln τ grid `u`. */
export function findPeaks(u: Float64Array, g: Float64Array, threshold: number, rPol: number): DrtPeak[] {
  const k = g.length;
  let max = 0;
  for (let i = 0; i < k; i++) if (g[i]! > max) max = g[i]!;
  const out: DrtPeak[] = [];
  if (!(max > 0)) return out;
  const h = u[1]! - u[0]!;
  for (let i = 1; i < k - 1; i++) {
    if (!(g[i]! > g[i - 1]! && g[i]! >= g[i + 1]!)) continue;
    let left = i - 1;
    while (left > 0 && g[left - 1]! <= g[left]!) left--;
    let right = i + 1;
    while (right < k - 1 && g[right + 1]! <= g[right]!) right++;
    const prominence = g[i]! - Math.max(g[left]!, g[right]!);
    if (prominence < threshold * max) continue;
    const a = g[i - 1]!, b = g[i]!, c = g[i + 1]!;
    const den = a - 2 * b + c;
    const delta = den < 0 ? (0.5 * (a - c)) / den : 0;
    const lnTau = u[i]! + delta * h;
    const height = b - 0.25 * (a - c) * delta;
    let area = 0;
    for (let j = left; j < right; j++) area += 0.5 * (g[j]! + g[j + 1]!) * h;
    const tau = exp(lnTau);
    out.push({ tau, frequency: 1 / (2 * Math.PI * tau), gamma: height, prominence, resistance: area, capacitance: area > 0 ? tau / area : Number.NaN, fraction: rPol > 0 ? area / rPol : Number.NaN });
  }
  out.sort((p, q) => q.prominence - p.prominence);
  return out;
}
