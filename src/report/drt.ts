/**
 * Report blocks of the Z-HIT check and of the DRT of one spectrum, and of the DRT peak tracks of
 * a temperature series (issue 12): verdicts, numbers and reasons in words, tables of peaks. Plain
 * blocks from results (the plots are added by the callers in sections.ts).
 */
import type { ZhitResult } from '../zhit/zhit.ts';
import type { DrtOptions, DrtResult } from '../drt/types.ts';
import { drt } from '../drt/drt.ts';
import { tailCropOptions } from '../drt/tail-crop.ts';
import { log10 } from '../math/index.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import type { DrtTrack } from '../analysis/drt-tracks.ts';
import { eaText } from '../plot/index.ts';
import { hzText as hz, windowText } from '../crop.ts';
import type { Block } from './html.ts';
import { kkWord, rangeText } from './summary.ts';

/** 'pass' or 'FAIL', as for Lin-KK. */
export function zhitWord(z: Pick<ZhitResult, 'pass'>): string {
  return kkWord(z);
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
/** Three significant digits, exponent form outside [1e-3, 1e5) (as table cells, shorter). */
const short = (x: number) => (x === 0 || !Number.isFinite(x) ? String(x) : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2));

/** "Z-HIT: FAIL — largest |Z| deviation 7.31 % (threshold 4.00 %); modified-sinc smoothing, offset window [10, 1e4] Hz, Z; 81 points". */
export function zhitText(z: ZhitResult): string {
  return `Z-HIT: ${zhitWord(z)} — largest |Z| deviation ${pct(z.maxResidual)} (threshold ${pct(z.threshold)}); ${z.smoothing === 'modsinc' ? 'modified-sinc smoothing of the phase' : 'no smoothing'}, offset window [${hz(z.window[0])}, ${hz(z.window[1])}] Hz, applied to ${z.representation}; ${rangeText(z.freqRange)}.`;
}

/** The Z-HIT verdict, how it was done, and its reasons (the plot comes from the caller). */
export function zhitBlocks(z: ZhitResult): Block[] {
  return [
    { kind: 'paragraph', text: zhitText(z) },
    { kind: 'list', items: z.reasons.map((r) => `Z-HIT ${zhitWord(z)}: ${r}`) },
  ];
}

const METHODS: Record<string, string> = {
  mgcv: 'mGCV (modified generalised cross-validation)',
  gcv: 'GCV (generalised cross-validation)',
  rgcv: 'rGCV (robust generalised cross-validation)',
  're-im': 'Re–Im cross-validation',
  lcurve: 'the L-curve (largest curvature)',
};

/** How λ was chosen: "λ = 1.26e-3, chosen by mGCV … with the plateau rule (the largest λ whose score is within 0.1 % of the minimum), grid point 41 of 71", or "λ = 1e-3, given". */
export function lambdaText(d: Pick<DrtResult, 'lambda' | 'lambdaCurve' | 'method'>): string {
  const lam = `λ = ${d.lambda.toExponential(2)}`;
  const c = d.lambdaCurve;
  if (!c) return `${lam}, given`;
  const where = `grid point ${c.index + 1} of ${c.lambda.length} (${c.lambda[0]!.toExponential(0)} – ${c.lambda[c.lambda.length - 1]!.toExponential(0)})`;
  if (c.method === 'norm-corner') return `${lam}, chosen at the corner of ‖g‖ against λ, where lines fitted to its two ends meet (TR-NNLS, Kulikovsky 2021), nearest ${where}`;
  const rule = c.method === 'lcurve' ? 'at its maximum' : c.rule === 'plateau' ? `with the plateau rule (the largest λ whose score is within ${+(100 * c.delta).toPrecision(3)} % of the minimum)` : 'at the minimum of the score';
  return `${lam}, chosen by ${METHODS[c.method] ?? c.method} ${rule}, ${where}`;
}

/** The peaks numbered by prominence (1 = most prominent, as the γ plot marks them): τ, f, R, C, share of R_pol, and whether τ and R come from the data or from a window end. */
export function peakRows(d: Pick<DrtResult, 'peaks'>): (string | number)[][] {
  return d.peaks.map((p, k) => [`${k + 1}`, p.tau, p.frequency, p.resistance, p.capacitance, `${(100 * p.fraction).toFixed(1)} %`, p.edge ? 'a window end (not determined)' : 'the data']);
}

/**
 * The DRT a report shows: drt(s, options), except that when the spectrum ends in a blocking
 * electrode's capacitive tail (src/drt/tail.ts) and no `fmin` was given, the DRT runs on f ≥ the
 * tail's suggested fmin (tailCropOptions, src/drt/tail-crop.ts: the series' rule too) — the DRT of
 * the whole range would be swamped by the tail. `tailCrop` is
 * that fmin (Hz), or null when the options were used as given.
 */
export function reportDrt(s: SpectrumInput, options: DrtOptions = {}): { result: DrtResult; tailCrop: number | null } {
  const run = tailCropOptions(s, options); // the rule temperatureSeries({ drt }) follows too
  return { result: drt(s, run.options), tailCrop: run.tailCrop };
}

/** The sentence of a report DRT cropped at a tail. */
export function tailCropText(fmin: number): string {
  return `DRT on f ≥ ${hz(fmin)} Hz: the blocking-electrode tail below is excluded; peaks of the whole range would be swamped by it.`;
}

/**
 * The sentence of a series whose DRTs were cropped at a tail (temperatureSeries({ drt }): the rule
 * of {@link reportDrt}): at which temperatures (°C) and from which f, of how many.
 */
export function seriesTailCropText(cropped: readonly { temperatureK: number; fmin: number }[], total: number): string {
  const at = cropped.map((c) => `${(c.temperatureK - 273.15).toFixed(1)} °C: f ≥ ${hz(c.fmin)} Hz`).join('; ');
  return `DRT on f ≥ the blocking-electrode tail's valley at ${cropped.length} of ${total} temperatures (${at}): the tail below is excluded, as in each spectrum's DRT; the peaks of the whole range would be swamped by it and not follow the arcs.`;
}

/**
 * The DRT: λ and how it was chosen, R∞, L, R_pol, the peak table, the warnings (the plots come
 * from the caller). `tailCrop`: the fmin (Hz) at which {@link reportDrt} cropped a blocking
 * electrode's tail, said first.
 */
export function drtBlocks(d: DrtResult, tailCrop: number | null = null): Block[] {
  // the window's ends to 4 significant digits (a tail's fmin is a measured frequency such as 2511.886…)
  const window = d.fmin !== undefined || d.fmax !== undefined ? `, ${d.freq.length} points in ${windowText({ fmin: d.fmin === undefined ? null : Number(hz(d.fmin)), fmax: d.fmax === undefined ? null : Number(hz(d.fmax)) })}` : `, ${d.freq.length} points`;
  const inductance = Number.isNaN(d.inductance) ? '' : `, L = ${d.inductance === 0 ? '0' : d.inductance.toExponential(3)} H`;
  const rInf = Number.isNaN(d.rInf) ? '' : `R∞ = ${d.rInf.toPrecision(5)} Ω, `;
  const blocks: Block[] = [
    ...(tailCrop !== null ? [{ kind: 'paragraph' as const, text: tailCropText(tailCrop) }] : []),
    {
      kind: 'paragraph',
      text: `DRT (${d.method === 'tr-rbf' ? 'Tikhonov-regularised Gaussian RBFs' : 'TR-NNLS'}${window}, ${d.backend}): ${lambdaText(d)}. ${rInf}R_pol = ${d.polarizationResistance.toPrecision(5)} Ω (∫γ d ln τ over the measured window)${inductance}; ${d.peaks.length} peak${d.peaks.length === 1 ? '' : 's'}.`,
    },
  ];
  if (d.peaks.length) blocks.push({ kind: 'table', caption: 'DRT peaks by prominence (R: the area between the bounding minima, within the measured window; C = τ/R; a peak within 0.1 decade of a window end, or beyond it, has τ and R set by the window)', columns: ['peak', 'τ (s)', 'f (Hz)', 'R (Ω)', 'C (F)', 'share of R_pol', 'τ, R from'], rows: peakRows(d) });
  const notes = [...edgeNotes(d), ...d.warnings.map((w) => `DRT: ${w}`)];
  if (notes.length) blocks.push({ kind: 'list', items: notes });
  return blocks;
}

/** A note per peak at an end of the measured window (its τ is the window's, not a process's). */
export function edgeNotes(d: Pick<DrtResult, 'peaks' | 'freq'>): string[] {
  let fmin = Number.POSITIVE_INFINITY, fmax = 0;
  for (const f of d.freq) {
    fmin = Math.min(fmin, f);
    fmax = Math.max(fmax, f);
  }
  return d.peaks.flatMap((p, k) => {
    if (!p.edge) return [];
    const share = ` (its area within the window: ${(100 * p.fraction).toFixed(0)} % of R_pol)`;
    return Math.abs(log10(p.tau * fmin)) <= Math.abs(log10(p.tau * fmax))
      ? [`DRT: peak ${k + 1} (τ = ${p.tau.toPrecision(3)} s) sits at the low-frequency end of the measured window (τ = 1/f_min)${share}: its τ is set by the window, not by a process — typically the rise of a blocking electrode's capacitive tail. Crop it with fmin (--fmin), e.g. at the −Z″ valley before the tail, to see the arcs.`]
      : [`DRT: peak ${k + 1} (τ = ${p.tau.toPrecision(3)} s) sits at the high-frequency end of the measured window (τ = 1/f_max, where the DRT's basis ends): a process whose relaxation frequency 1/(2πτ) lies near or above f_max/2π — such as a bulk arc peaking in the top decade of the sweep — or an inductive artefact; its τ and area are set by the window, not determined by the data: take that process's R from a fit.`];
  });
}

/** What a series without DRT peak tracks says (the report and `eiskit series --drt`). */
export const NO_TRACKS = 'No DRT peak was followed across temperatures: no DRT has a peak inside its measured window. Peaks at an end of the window are not followed (their τ is the window\'s) — at 1/f_min typically the rising tail of a blocking electrode, which also hides the arcs: crop it with fmin (--fmin) and run again.';

/** An Ea cell of a track whose two Ea fail the consistency check (the reason follows the table). */
export const INCONSISTENT_EA = 'not an Ea (see below)';

/**
 * The DRT peak tracks of a series: one row per track (temperatures, τ and R at the ends, Ea of 1/R
 * and of 1/τ), and the reason of each track whose Ea fail the consistency check (drt-tracks.ts),
 * in place of its Ea.
 */
export function trackBlocks(tracks: readonly DrtTrack[]): Block[] {
  if (!tracks.length) return [{ kind: 'paragraph', text: NO_TRACKS }];
  const temp = (t: number) => (t - 273.15).toFixed(1);
  const flagged = tracks.filter((t) => t.consistency?.consistent === false);
  const blocks: Block[] = [
    {
      kind: 'table',
      caption: `DRT peaks followed across temperatures (${tracks.length} track${tracks.length === 1 ? '' : 's'}: ${TRACK_RULE}; Ea from ≥ 3 temperatures, shown when those of 1/R and 1/τ agree as one process's)`,
      columns: ['track', 'T (°C)', 'temperatures', 'τ (s)', 'R (Ω)', 'Ea of 1/R', 'Ea of 1/τ'],
      rows: tracks.map((t) => {
        const a = t.points[0]!, b = t.points[t.points.length - 1]!;
        const span = (k: 'tau' | 'resistance') => (t.points.length === 1 ? short(a[k]) : `${short(a[k])} → ${short(b[k])}`);
        return [t.id, t.points.length === 1 ? temp(a.temperatureK) : `${temp(a.temperatureK)} – ${temp(b.temperatureK)}`, String(t.points.length), span('tau'), span('resistance'), trackEa(t, t.conductance), trackEa(t, t.relaxation)];
      }),
    },
  ];
  if (flagged.length) blocks.push({ kind: 'list', items: flagged.map((t) => `${t.id}: ${t.consistency!.reason}`) });
  return blocks;
}

/** How a track continues (the table captions of the report and of `eiskit series --drt`). */
export const TRACK_RULE = 'a peak continues a track when its τ lies within 1 decade of the track\'s τ shifted by its last Arrhenius step and is not 0.1 decade longer than its last; a track ends where its process reaches a window end';

/** A track's Ea cell: "0.412 ± 0.003 eV", "—" (fewer than 3 temperatures), or {@link INCONSISTENT_EA}. */
export function trackEa(t: DrtTrack, a: DrtTrack['conductance']): string {
  if (!a) return '—';
  return t.consistency?.consistent === false ? INCONSISTENT_EA : eaText(a.activationEnergyEv, a.stderr);
}
