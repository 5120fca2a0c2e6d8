/**
 * Peaks of the DRT followed across the temperatures of a series (issue 12): which peak at one
 * temperature is the same process as which peak at the next, each process's τ(T) and R(T), and
 * its activation energy from the Arrhenius fit of arrhenius.ts (1/R as the "conductivity", and
 * 1/τ), checked for consistency. Used by temperatureSeries({ drt }); plain TS on a few numbers per
 * temperature.
 *
 * The matching rule, between neighbouring temperatures T_{k−1} → T_k (increasing T):
 * 1. Each track that has a peak at T_{k−1} predicts ln τ at T_k: its last ln τ, shifted, when it
 *    also has a peak at T_{k−2}, by the Arrhenius slope of that last pair,
 *    (ln τ_{k−1} − ln τ_{k−2})·(1/T_k − 1/T_{k−1})/(1/T_{k−1} − 1/T_{k−2}); unshifted otherwise.
 * 2. A peak at T_k is a candidate for a track when |ln τ − predicted ln τ| ≤ `maxDecades`·ln 10
 *    (default 1 decade) and its τ is not longer than the track's last τ by more than
 *    {@link TRACK_TAU_GROWTH_DECADES} (0.1 decade): a thermally activated process speeds up as T
 *    rises; 0.1 decade is ~3× the scatter of a resolved peak's τ (≤ 0.03 decade on the tested
 *    Arrhenius series, with and without a cropped electrode tail).
 * 3. Candidate pairs are taken nearest first; each track and each peak is used once.
 * 4. Edge peaks (`DrtPeak.edge`: within 0.1 decade of an end of the measured window τ = 1/f_max or
 *    1/f_min, or beyond it — src/drt/peaks.ts: their τ and area are set by the window, not by the
 *    data) are never part of a track, but they are candidates: a track that takes one ENDS there —
 *    its process has left the window. So does a track whose predicted τ lies at or beyond an end
 *    of that temperature's window (within 0.1 decade, as for edge peaks; known when a drt() result
 *    is given): a peak near it is not the process, which the data no longer determine.
 * 5. A non-edge peak left over starts a new track; a track with no peak at T_k ends (a process
 *    that leaves the measured window and comes back is two tracks).
 * Track ids are P1, P2, … in order of their first temperature, and by τ (fastest first) among
 * those starting at the same temperature.
 *
 * The consistency check (≥ 3 temperatures): for one process τ = R·C, so ln(1/τ) = ln(1/R) + ln(1/C)
 * and Ea(1/τ) − Ea(1/R) = E, the activation energy of 1/C = R/τ. A capacitance independent of T
 * gives E = 0; a depressed arc with T-independent CPE parameters (τ^φ = R·Q) gives
 * Ea(1/τ) = Ea(1/R)/φ, i.e. |E| = (1 − φ)·max(|Ea|) ≤ max/3 for φ ≥ 2/3. The track's Ea are
 * flagged (`consistency.consistent: false`, with the reason) when
 * |E| > 3·stderr(E) + max(|Ea(1/R)|, |Ea(1/τ)|)/3, E and its stderr from the unweighted Arrhenius
 * fit of R/τ itself (the same line as the difference of the two fits; its stderr from the scatter
 * of ln(R/τ), as the errors of ln R and ln τ are correlated: one peak gives both).
 */
import { EisError, show } from '../errors.ts';
import { log } from '../math/index.ts';
import { checkOptionKeys, checkOptions, numberOption } from '../validate.ts';
import { EDGE_DECADES, type DrtPeak } from '../drt/peaks.ts';
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
  /**
   * With ≥ 3 temperatures: whether the two activation energies agree as one process's do (module
   * comment). When `consistent` is false, neither Ea is a process's activation energy: show
   * `reason`, not the numbers. Null with fewer temperatures.
   */
  consistency: DrtTrackConsistency | null;
}

/** The check of a track's Ea(1/R) against its Ea(1/τ) (module comment). */
export interface DrtTrackConsistency {
  consistent: boolean;
  /** Ea(1/τ) − Ea(1/R) (eV): the activation energy of 1/C = R/τ, from the Arrhenius fit of R/τ. */
  difference: number;
  /** Its standard error (eV), from the scatter of ln(R/τ) about its line. */
  stderr: number;
  /** The largest |difference| of one process (eV): 3·stderr + max(|Ea(1/R)|, |Ea(1/τ)|)/3. */
  limit: number;
  /** Why the Ea are not a process's (a sentence), or null when consistent. */
  reason: string | null;
}

export interface DrtTrackOptions {
  /** Largest |Δ log10 τ| between a track's predicted τ and a peak it takes (decades, > 0). @default 1 */
  maxDecades?: number;
}

/** The fewest temperatures for a track's activation energies (with two the line has no error). */
export const TRACK_MIN_TEMPERATURES = 3;

/**
 * The most a track's τ may grow from one temperature to the next (decades): a thermally activated
 * process's τ falls as T rises; 0.1 decade is ~3× the scatter of a resolved peak's τ.
 */
export const TRACK_TAU_GROWTH_DECADES = 0.1;

/** Standard errors and the share of the larger Ea that the consistency check allows (module comment). */
const CONSISTENCY_SIGMAS = 3;
const CONSISTENCY_SHARE = 1 / 3;

/** A DRT result, structurally: its peaks and the frequencies it fitted. */
export interface DrtPeaksLike {
  peaks: readonly DrtPeak[];
  freq: ArrayLike<number>;
}

/**
 * Follows the peaks of one DRT per temperature (`temperatureK` strictly increasing, `peaks[k]` the
 * peaks at `temperatureK[k]`, or its drt() result, whose frequencies give the window; edge peaks
 * end tracks, never join one) by the rule of the module comment, and checks each track's Ea.
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
  // each entry: a peak list, or a DRT result (its peaks, indices kept, and its τ window)
  const lists = Array.from(given, (entry, k) => {
    if (Array.isArray(entry)) return { peaks: entry.map((p, i) => ({ p: p as DrtPeak, i })), window: null };
    const r = entry as Partial<DrtPeaksLike> | null;
    if (r === null || typeof r !== 'object' || !Array.isArray(r.peaks) || r.freq === undefined) throw new EisError('E_ARG_TYPE', `invalid argument. \`peaks[${k}]\` must be an array of DRT peaks or a drt() result; got ${show(entry)}.`, { argument: 'peaks', index: k });
    return { peaks: r.peaks.map((p, i) => ({ p, i })), window: lnTauWindow(r.freq) };
  });

  const reach = maxDecades * log(10);
  const growth = TRACK_TAU_GROWTH_DECADES * log(10);
  const near = EDGE_DECADES * log(10);
  const tracks: DrtTrackPoint[][] = [];
  let open: number[] = []; // tracks with a peak at the previous temperature
  for (let k = 0; k < temps.length; k++) {
    const { peaks: all, window } = lists[k]!;
    const here = all.filter(({ p }) => p.tau > 0 && Number.isFinite(p.tau));
    const pairs: { track: number; peak: number; distance: number }[] = [];
    const ended = new Set<number>(); // tracks whose process has left the window
    for (const t of open) {
      const pts = tracks[t]!;
      const last = pts[pts.length - 1]!;
      let predicted = log(last.tau);
      if (pts.length >= 2 && k >= 2) {
        const prev = pts[pts.length - 2]!;
        predicted += ((log(last.tau) - log(prev.tau)) * (1 / temps[k]! - 1 / temps[k - 1]!)) / (1 / temps[k - 1]! - 1 / temps[k - 2]!);
      }
      if (window && (predicted <= window[0] + near || predicted >= window[1] - near)) {
        ended.add(t);
        continue;
      }
      here.forEach(({ p }, j) => {
        const distance = Math.abs(log(p.tau) - predicted);
        if (distance <= reach && log(p.tau) - log(last.tau) <= growth) pairs.push({ track: t, peak: j, distance });
      });
    }
    pairs.sort((a, b) => a.distance - b.distance || a.track - b.track);
    const trackTaken = new Set<number>(ended), peakTaken = new Set<number>();
    const next: number[] = [];
    for (const { track, peak } of pairs) {
      if (trackTaken.has(track) || peakTaken.has(peak)) continue;
      trackTaken.add(track);
      // an edge peak ends the track (it may end several: it is not a process's peak)
      if (here[peak]!.p.edge === true) continue;
      peakTaken.add(peak);
      tracks[track]!.push(trackPoint(temps[k]!, k, here[peak]!.i, here[peak]!.p));
      next.push(track);
    }
    here
      .map((h, j) => ({ ...h, j }))
      .filter(({ p, j }) => p.edge !== true && !peakTaken.has(j))
      .sort((a, b) => a.p.tau - b.p.tau)
      .forEach(({ p, i }) => {
        tracks.push([trackPoint(temps[k]!, k, i, p)]);
        next.push(tracks.length - 1);
      });
    open = next;
  }
  return tracks.map((points, t) => {
    const conductance = activation(points, (q) => 1 / q.resistance);
    const relaxation = activation(points, (q) => 1 / q.tau);
    return { id: `P${t + 1}`, points, conductance, relaxation, consistency: consistency(points, conductance, relaxation) };
  });
}

/** The measured τ window [ln(1/f_max), ln(1/f_min)] of a DRT (the window of DrtPeak.edge), or null without frequencies. */
function lnTauWindow(freq: ArrayLike<number>): [number, number] | null {
  let fmin = Number.POSITIVE_INFINITY, fmax = 0;
  for (let i = 0; i < freq.length; i++) {
    const f = freq[i]!;
    if (f > 0 && f < fmin) fmin = f;
    if (f > fmax) fmax = f;
  }
  return fmax > 0 && Number.isFinite(fmax) && Number.isFinite(fmin) ? [-log(fmax), -log(fmin)] : null;
}

const ev = (x: number) => `${x.toFixed(3)} eV`;

/** The consistency check of the module comment; null without both activation energies. */
function consistency(points: DrtTrackPoint[], conductance: ArrheniusResult | null, relaxation: ArrheniusResult | null): DrtTrackConsistency | null {
  if (!conductance || !relaxation) return null;
  const c = activation(points, (q) => q.resistance / q.tau);
  if (!c) return null;
  const difference = c.activationEnergyEv;
  const stderr = Number.isFinite(c.stderr) ? c.stderr : 0;
  const limit = CONSISTENCY_SIGMAS * stderr + CONSISTENCY_SHARE * Math.max(Math.abs(conductance.activationEnergyEv), Math.abs(relaxation.activationEnergyEv));
  const consistent = Math.abs(difference) <= limit;
  const reason = consistent
    ? null
    : `Ea of 1/R (${ev(conductance.activationEnergyEv)}) and of 1/τ (${ev(relaxation.activationEnergyEv)}) differ by ${ev(Math.abs(difference))} ± ${ev(stderr)}, more than one process allows (${ev(limit)}: 3 standard errors + a third of the larger Ea, as a depressed arc's C = τ/R varies): the peaks are probably not one process (a side lobe, or a peak shaped by the window) — not an activation energy; take it from a fit.`;
  return { consistent, difference, stderr, limit, reason };
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

