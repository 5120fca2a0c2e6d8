/**
 * Peaks of γ (specs/drt.md §4): local maxima whose prominence (height above the higher of the
 * two minima bounding it) is ≥ threshold × max γ, ordered by prominence. τ is refined by a
 * parabola through the three grid points in ln τ; the area (the peak's resistance) is the
 * trapezoid integral between the bounding minima, clipped to the measured window (the τ range
 * the data constrain, the same window as R_pol), so that a peak's share of R_pol is ≤ 1 and the
 * shares sum to ≤ 1; C = τ/R. A peak whose maximum lies within EDGE_DECADES of a window end, or
 * beyond it, or that the slow end cuts above half its height, is an edge peak: its τ and area are
 * set by the window, not determined by the data.
 */
import { exp, log } from '../math/index.ts';

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
  /** ∫γ d ln τ between the bounding minima, over the measured window only (Ω): the peak's resistance. */
  resistance: number;
  /** τ/R (F). */
  capacitance: number;
  /** resistance / polarisation resistance: ≤ 1, and the peaks' shares sum to ≤ 1 (both over the measured window). */
  fraction: number;
  /**
   * The maximum lies within {@link EDGE_DECADES} of an end of the measured τ window, or beyond it,
   * or the slow end 1/f_min cuts the peak above half its height: its τ and area are set by
   * the window, not determined by the data (at 1/f_min typically the rising capacitive tail of a
   * blocking electrode; at 1/f_max a process faster than f_max).
   */
  edge: boolean;
}

/**
 * A peak whose maximum lies this close (decades) to an end of the measured τ window, or beyond it,
 * is an edge peak. So is one that the slow end τ = 1/f_min cuts while γ is still above half the
 * peak's height: a rise toward the end (what is left of a blocking electrode's tail after a crop)
 * that the regularisation turns into a maximum 0.1–0.4 decade inside it. Only at the slow end:
 * the lowest frequency constrains τ up to 1/ω_min = 1/(2π f_min), 0.8 decade inside the window's
 * 1/f_min, while at the fast end the highest frequency constrains τ down to 1/ω_max, 0.8 decade
 * beyond 1/f_max — a bulk arc peaking a decade below f_max (τ ≈ 0.2 decade inside 1/f_max, its
 * fast flank beyond) is determined by the data.
 */
export const EDGE_DECADES = 0.1;

/**
 * The peaks of γ on the uniform ln τ grid `u`. `window`: the measured window [ln τ_lo, ln τ_hi]
 * (default the grid's ends); areas are integrated over it only. The shares are resistance / rPol,
 * or resistance / Σ resistance when the areas sum to more than rPol (the peaks then cover the
 * whole window and the two quadratures differ in the last digits).
 */
export function findPeaks(u: Float64Array, g: Float64Array, threshold: number, rPol: number, window?: readonly [number, number]): DrtPeak[] {
  const k = g.length;
  let max = 0;
  for (let i = 0; i < k; i++) if (g[i]! > max) max = g[i]!;
  const out: DrtPeak[] = [];
  if (!(max > 0)) return out;
  const h = u[1]! - u[0]!;
  const wLo = window ? window[0] : u[0]!, wHi = window ? window[1] : u[k - 1]!;
  const near = EDGE_DECADES * log(10);
  /** γ at ln τ = x (linear between grid points). */
  const at = (x: number): number => {
    const j = Math.min(k - 2, Math.max(0, Math.floor((x - u[0]!) / h)));
    const t = (x - u[j]!) / h;
    return g[j]! + t * (g[j + 1]! - g[j]!);
  };
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
    // trapezoid between the bounding minima, clipped to the window (γ linear between grid points)
    const from = Math.max(u[left]!, wLo), to = Math.min(u[right]!, wHi);
    let area = 0;
    if (to > from) {
      let x0 = from, g0 = at(from);
      for (let j = left + 1; j <= right; j++) {
        const x1 = Math.min(u[j]!, to);
        if (x1 <= x0) continue;
        const g1 = x1 === u[j]! ? g[j]! : at(x1);
        area += 0.5 * (g0 + g1) * (x1 - x0);
        x0 = x1;
        g0 = g1;
        if (x1 >= to) break;
      }
    }
    const tau = exp(lnTau);
    // at a window end: the maximum within EDGE_DECADES of it (or beyond); at the slow end also when
    // the window cuts the peak before γ is down to half its height (see EDGE_DECADES)
    const cut = u[right]! >= wHi && at(wHi) >= 0.5 * height;
    const edge = lnTau <= wLo + near || lnTau >= wHi - near || cut;
    out.push({ tau, frequency: 1 / (2 * Math.PI * tau), gamma: height, prominence, resistance: area, capacitance: area > 0 ? tau / area : Number.NaN, fraction: Number.NaN, edge });
  }
  let sum = 0;
  for (const p of out) sum += p.resistance;
  const total = Math.max(rPol, sum);
  for (const p of out) p.fraction = total > 0 ? p.resistance / total : Number.NaN;
  out.sort((p, q) => q.prominence - p.prominence);
  return out;
}
