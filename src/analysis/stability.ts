/** Electrochemical stability window from a linear (or cyclic) sweep. */
import { pairedArrays, positive, record } from './checks.ts';
import { integerOption } from '../validate.ts';

export interface StabilityWindow {
  /** Lowest potential (V) from which the anodic current density stays above the threshold; null if never. */
  anodicOnset: number | null;
  /** Highest potential (V) from which the cathodic current density stays below −threshold; null if never. */
  cathodicOnset: number | null;
  /**
   * anodicOnset − cathodicOnset; with one side not reached, measured from the sweep's limit on
   * that side (the lowest or highest potential swept), which `lowerLimit`/`upperLimit` state.
   */
  window: number | null;
  lowerLimit: number;
  upperLimit: number;
  thresholdCurrentDensity: number;
  /** Consecutive points beyond the threshold that an onset needs (noise spikes do not count). */
  persistence: number;
  method: string;
}

/**
 * Onsets of oxidation and reduction in a sweep { potential (V), current (A) }: the current
 * density j = I/A is compared with ±thresholdCurrentDensity (A/cm²) with the points in order of
 * potential (rising for oxidation, falling for reduction; meant for linear sweeps — the two
 * halves of a cyclic voltammogram are better passed separately); an onset is the first
 * crossing after which `persistence` consecutive points stay beyond the threshold, interpolated
 * linearly between the points around the crossing.
 */
export function stabilityWindow(input: { potential: ArrayLike<number>; current: ArrayLike<number>; areaCm2: number; thresholdCurrentDensity: number; persistence?: number }): StabilityWindow {
  const o = record('input', input);
  const [E, I] = pairedArrays('potential', o.potential, 'current', o.current, 2);
  const A = positive('areaCm2', o.areaCm2, 'cm²');
  const jt = positive('thresholdCurrentDensity', o.thresholdCurrentDensity, 'A/cm²');
  const persistence = integerOption(o, 'persistence', 3, 1);
  const n = E.length;
  const j = Float64Array.from(I, (x) => x / A);
  // points in order of potential: rising for the anodic onset, falling for the cathodic one
  const up = Array.from({ length: n }, (_, i) => i).sort((a, b) => E[a]! - E[b]! || a - b);
  const onset = (sign: 1 | -1): number | null => {
    const idx = sign > 0 ? up : up.slice().reverse();
    for (let q = 0; q < n; q++) {
      if (!(sign * j[idx[q]!]! >= jt)) continue;
      let k = q;
      while (k < n && k - q < persistence && sign * j[idx[k]!]! >= jt) k++;
      if (k - q < Math.min(persistence, n - q)) continue;
      const i = idx[q]!;
      if (q === 0) return E[i]!;
      // linear interpolation of j between the neighbouring points in potential
      const h = idx[q - 1]!, j0 = sign * j[h]!, j1 = sign * j[i]!;
      return E[h]! + ((jt - j0) / (j1 - j0)) * (E[i]! - E[h]!);
    }
    return null;
  };
  let lower = Infinity, upper = -Infinity;
  for (const e of E) {
    lower = Math.min(lower, e);
    upper = Math.max(upper, e);
  }
  const anodic = onset(1), cathodic = onset(-1);
  const window = anodic === null && cathodic === null ? null : (anodic ?? upper) - (cathodic ?? lower);
  return {
    anodicOnset: anodic, cathodicOnset: cathodic, window, lowerLimit: lower, upperLimit: upper,
    thresholdCurrentDensity: jt, persistence,
    method: `first crossing of |j| = ${jt} A/cm² (in order of potential, away from the middle) held for ${persistence} points, linearly interpolated; a side not reached counts from the sweep limit`,
  };
}
