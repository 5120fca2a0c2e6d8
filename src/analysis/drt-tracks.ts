/**
 * Peaks of the DRT followed across the temperatures of a series (issue 12): which peak at one
 * temperature is the same process as which peak at the next, each process's τ(T) and R(T), and
 * its activation energy from the Arrhenius fit of arrhenius.ts (1/R as the "conductivity", and
 * 1/τ). Used by temperatureSeries({ drt }); plain TS on a few numbers per temperature.
 *
 * The matching rule, between neighbouring temperatures T_{k−1} → T_k (increasing T):
 * 1. Each track that has a peak at T_{k−1} predicts ln τ at T_k: its last ln τ, shifted, when it
 *    also has a peak at T_{k−2}, by the Arrhenius slope of that last pair,
 *    (ln τ_{k−1} − ln τ_{k−2})·(1/T_k − 1/T_{k−1})/(1/T_{k−1} − 1/T_{k−2}); unshifted otherwise.
 * 2. A peak at T_k is a candidate for a track when |ln τ − predicted ln τ| ≤ `maxDecades`·ln 10
 *    (default 1 decade).
 * 3. Candidate pairs are taken nearest first; each track and each peak is used once.
 * 4. A peak left over starts a new track; a track with no peak at T_k ends (a process that leaves
 *    the measured window and comes back is two tracks).
 * Edge peaks (`DrtPeak.edge`: within 0.1 decade of an end of the measured window τ = 1/f_max or
 * 1/f_min, or beyond it — src/drt/peaks.ts) are not followed: their τ is set by the window — the
 * rise of a blocking electrode's capacitive tail, or something faster than f_max — not by a process.
 * Track ids are P1, P2, … in order of their first temperature, and by τ (fastest first) among
 * those starting at the same temperature.
 */
import { EisError, show } from '../errors.ts';
import { log } from '../math/index.ts';
import { checkOptionKeys, checkOptions, numberOption } from '../validate.ts';
import type { DrtPeak } from '../drt/peaks.ts';
import { arrhenius, type ArrheniusResult } from './arrhenius.ts';
import { finite } from './checks.ts';

/** One peak of a track: at which temperature, which peak of that temperature's DRT, and its values. */
export interface DrtTrackPoint {
  temperatureK: number;
  /** Position of the temperature in the input (for a series: in `points`, increasing T). */
  point: number;
  /** Index of the peak in that DRT's `peaks`. */
  peak: number;
  /** τ (s), f (Hz), the peak's resistance (Ω, its area), capacitance τ/R (F) and share of R_pol. */
  tau: number;
  frequency: number;
  resistance: number;
  capacitance: number;
  fraction: number;
}

/** A process followed across temperatures. */
export interface DrtTrack {
  /** 'P1', 'P2', … */
  id: string;
  /** Its peaks, one per temperature, in increasing T (consecutive temperatures). */
  points: DrtTrackPoint[];
  /**
   * With ≥ 3 temperatures: the Arrhenius fit (arrhenius(), unweighted) of 1/R against 1/T — its
   * `activationEnergyEv` and `stderr` are the activation energy of the process's conductance;
   * `prefactor` is in S. Null with fewer temperatures.
   */
  conductance: ArrheniusResult | null;
  /** The same for the relaxation rate 1/τ (`prefactor` in s⁻¹). */
  relaxation: ArrheniusResult | null;
}

export interface DrtTrackOptions {
  /** Largest |Δ log10 τ| between a track's predicted τ and a peak it takes (decades, > 0). @default 1 */
  maxDecades?: number;
}

/** The fewest temperatures for a track's activation energies (with two the line has no error). */
export const TRACK_MIN_TEMPERATURES = 3;

/** A DRT result, structurally: its peaks and the frequencies it fitted. */
export interface DrtPeaksLike {
  peaks: readonly DrtPeak[];
  freq: ArrayLike<number>;
}

/**
 * Follows the peaks of one DRT per temperature (`temperatureK` strictly increasing, `peaks[k]` the
 * peaks at `temperatureK[k]`, or its drt() result; edge peaks are left out) by the rule of the
 * module comment.
 * @example trackDrtPeaks([300, 320, 340], drts).map((t) => t.conductance?.activationEnergyEv)
 */
export function trackDrtPeaks(temperatureK: readonly number[], peaks: readonly (readonly DrtPeak[] | DrtPeaksLike)[], options?: DrtTrackOptions): DrtTrack[] {
  const given = peaks; // Array.isArray below would narrow \`peaks\` to any[]
  if (!Array.isArray(temperatureK)) throw new EisError('E_ARG_TYPE', `invalid argument. \`temperatureK\` must be an array of temperatures (K); got ${show(temperatureK)}.`, { argument: 'temperatureK' });
  if (!Array.isArray(peaks)) throw new EisError('E_ARG_TYPE', `invalid argument. \`peaks\` must be an array with the DRT peaks of each temperature; got ${show(peaks)}.`, { argument: 'peaks' });
  if (peaks.length !== temperatureK.length) throw new EisError('E_ARG_LENGTH', `invalid argument. \`peaks\` has ${peaks.length} entries but \`temperatureK\` ${temperatureK.length}; they must match.`, { argument: 'peaks' });
  const o = checkOptions('options', options);
  checkOptionKeys(o, ['maxDecades']);
  const maxDecades = numberOption(o, 'maxDecades', 1, (v) => v > 0, 'a number > 0');
  const temps = Array.from(temperatureK, (t, k) => finite(`temperatureK[${k}]`, t));
  temps.forEach((t, k) => {
    if (!(t > 0) || (k > 0 && !(t > temps[k - 1]!))) throw new EisError('E_ARG_RANGE', `invalid argument. \`temperatureK\` must be > 0 K and strictly increasing; got ${t} at index ${k}${k > 0 ? ` after ${temps[k - 1]}` : ''}.`, { argument: 'temperatureK', index: k, value: t });
  });
  // each entry: a peak list, or a DRT result whose edge peaks are left out (their indices kept)
  const lists = Array.from(given, (entry, k) => {
    if (Array.isArray(entry)) return entry.map((p, i) => ({ p: p as DrtPeak, i }));
    const r = entry as Partial<DrtPeaksLike> | null;
    if (r === null || typeof r !== 'object' || !Array.isArray(r.peaks) || r.freq === undefined) throw new EisError('E_ARG_TYPE', `invalid argument. \`peaks[${k}]\` must be an array of DRT peaks or a drt() result; got ${show(entry)}.`, { argument: 'peaks', index: k });
    return r.peaks.map((p, i) => ({ p, i }));
  });

  const reach = maxDecades * log(10);
  const tracks: DrtTrackPoint[][] = [];
  let open: number[] = []; // tracks with a peak at the previous temperature
  for (let k = 0; k < temps.length; k++) {
    const here = lists[k]!.filter(({ p }) => p.edge !== true && p.tau > 0 && Number.isFinite(p.tau));
    const pairs: { track: number; peak: number; distance: number }[] = [];
    for (const t of open) {
      const pts = tracks[t]!;
      const last = pts[pts.length - 1]!;
      let predicted = log(last.tau);
      if (pts.length >= 2 && k >= 2) {
        const prev = pts[pts.length - 2]!;
        predicted += ((log(last.tau) - log(prev.tau)) * (1 / temps[k]! - 1 / temps[k - 1]!)) / (1 / temps[k - 1]! - 1 / temps[k - 2]!);
      }
      here.forEach(({ p }, j) => {
        const distance = Math.abs(log(p.tau) - predicted);
        if (distance <= reach) pairs.push({ track: t, peak: j, distance });
      });
    }
    pairs.sort((a, b) => a.distance - b.distance || a.track - b.track);
    const trackTaken = new Set<number>(), peakTaken = new Set<number>();
    const next: number[] = [];
    for (const { track, peak } of pairs) {
      if (trackTaken.has(track) || peakTaken.has(peak)) continue;
      trackTaken.add(track);
      peakTaken.add(peak);
      tracks[track]!.push(trackPoint(temps[k]!, k, here[peak]!.i, here[peak]!.p));
      next.push(track);
    }
    here
      .map((h, j) => ({ ...h, j }))
      .filter(({ j }) => !peakTaken.has(j))
      .sort((a, b) => a.p.tau - b.p.tau)
      .forEach(({ p, i }) => {
        tracks.push([trackPoint(temps[k]!, k, i, p)]);
        next.push(tracks.length - 1);
      });
    open = next;
  }
  return tracks.map((points, t) => ({
    id: `P${t + 1}`, points,
    conductance: activation(points, (q) => 1 / q.resistance),
    relaxation: activation(points, (q) => 1 / q.tau),
  }));
}

function trackPoint(temperatureK: number, point: number, peak: number, p: DrtPeak): DrtTrackPoint {
  return { temperatureK, point, peak, tau: p.tau, frequency: p.frequency, resistance: p.resistance, capacitance: p.capacitance, fraction: p.fraction };
}

/** arrhenius() of rate(q) against 1/T, unweighted, over ≥ 3 temperatures with a positive finite rate. */
function activation(points: DrtTrackPoint[], rate: (q: DrtTrackPoint) => number): ArrheniusResult | null {
  const usable = points.filter((q) => rate(q) > 0 && Number.isFinite(rate(q)));
  if (usable.length < TRACK_MIN_TEMPERATURES) return null;
  return arrhenius(usable.map((q) => ({ temperatureK: q.temperatureK, sigma: rate(q) })), { weighting: 'none' });
}

