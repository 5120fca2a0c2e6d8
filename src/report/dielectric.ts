/**
 * The dielectric views of one spectrum (specs/global-fit.md Part B), when there is a cell
 * geometry: the −Z″/M″ spectroscopic plot (Sinclair & West, J. Appl. Phys. 66 (1989) 3850) with
 * its peak table and a one-line reading, and σ′(f) with a Jonscher fit (src/analysis/
 * jonscher.ts), its σ_dc compared with the fit's bulk σ when both exist. {@link dielectricView}
 * computes them on a frequency window; the report (dielectricBlocks) and the app
 * (app/dielectric.ts) both call it, so they read the same peaks and say the same.
 */
import type { FitResult } from '../fit/fit.ts';
import { jonscherFit, percentText, type JonscherFit, type JonscherOptions } from '../analysis/jonscher.ts';
import { cellConstants, type CellGeometry } from '../representation/index.ts';
import { conductivityPlot, modulusPeaks, modulusPlot, renderSvg, type JonscherOverlay, type ModulusPeakRow } from '../plot/index.ts';
import { cropSpectrum, hzText as hz } from '../crop.ts';
import type { Spectrum, SpectrumInput } from '../types/spectrum.ts';
import { EisError } from '../errors.ts';
import type { Block } from './html.ts';

/** Peaks closer than this factor in frequency read as one process. */
export const SAME_PROCESS_FACTOR = 2;

/** A frequency ratio: 2 significant digits, whole numbers from 100 up. */
const times = (r: number) => (r < 100 ? r.toPrecision(2) : String(Math.round(r)));
/** Three significant digits with the unit. */
const num = (x: number, unit: string) => `${Number.isFinite(x) ? (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2)) : String(x)} ${unit}`;

/**
 * One line on what the −Z″ and M″ peaks indicate. For one parallel RC both peak at ω = 1/RC;
 * M″ picks out the smallest capacitance (the bulk), −Z″ the largest resistance: peaks within a
 * factor 2 in f indicate one homogeneous process, an M″ peak well above the −Z″ peak a bulk
 * separate from a more resistive process of larger capacitance (often grain boundaries). The
 * peaks are the largest interior maxima (modulusPeaks); a curve rising again towards an end is
 * said (−Z″ towards low f: a blocking electrode's tail; M″ towards high f: ω^(1−α) of a CPE
 * bulk). Without an interior peak the maximum lies at an end and its estimate is a bound: no
 * reading — except −Z″ largest at `fmin` (the lowest frequency of the data) beside an M″ peak,
 * said as a blocking electrode's tail.
 */
export function dielectricReading(peaks: readonly ModulusPeakRow[], fmin?: number): string {
  const z = peaks.find((p) => p.curve === '−Z″'), m = peaks.find((p) => p.curve === 'M″');
  if (!z || !m) return `No reading: ${!z ? '−Z″ is not positive anywhere (no capacitive arc)' : 'M″ has no positive maximum'}.`;
  const tails = [
    z.rises === 'low f' ? '−Z″ rises again towards the lowest frequency (a blocking electrode\'s tail)' : z.rises === 'high f' ? '−Z″ rises again towards the highest frequency (an inductive or wiring artefact)' : '',
    m.rises === 'high f' ? 'M″ rises again towards the highest frequency, as ω^(1−α) does for a CPE bulk (its estimate there would be no peak)' : m.rises === 'low f' ? 'M″ rises again towards the lowest frequency (unusual: check the data)' : '',
  ].filter(Boolean);
  const tail = tails.length ? ` ${tails.join('; ')}.` : '';
  if (z.edge && z.freq === fmin && !m.edge) {
    return `No comparison of the peaks: −Z″ is largest at the lowest frequency measured (${hz(z.freq)} Hz) — typically the rising tail of a blocking electrode, which hides the arcs' −Z″ maxima; the M″ peak at ${hz(m.freq)} Hz (C ≈ ${num(m.estimate, 'F')}) picks out the smallest capacitance, usually the bulk.${tail}`;
  }
  const ends = [z, m].filter((p) => p.edge);
  if (ends.length) return `No reading: the ${ends.map((p) => p.curve).join(' and the ')} maximum lies at an end of the measured range, so its frequency is a bound, not a peak (${ends.map((p) => (p.curve === '−Z″' ? `R ≥ ${num(p.estimate, 'Ω')}` : `C ≤ ${num(p.estimate, 'F')}`)).join(', ')}).${tail}`;
  const ratio = m.freq / z.freq;
  if (ratio <= SAME_PROCESS_FACTOR && ratio >= 1 / SAME_PROCESS_FACTOR) {
    return `The −Z″ and M″ peaks lie within a factor ${SAME_PROCESS_FACTOR} in frequency (${hz(z.freq)} and ${hz(m.freq)} Hz): an indication of one homogeneous process — the element with the largest resistance also has the smallest capacitance (R ≈ ${num(z.estimate, 'Ω')}, C ≈ ${num(m.estimate, 'F')}).${tail}`;
  }
  if (ratio > SAME_PROCESS_FACTOR) {
    return `The M″ peak lies ${times(ratio)}× higher in frequency than the −Z″ peak (${hz(m.freq)} against ${hz(z.freq)} Hz): an indication that the smallest capacitance (the bulk, C ≈ ${num(m.estimate, 'F')}) belongs to a different process than the largest resistance (R ≈ ${num(z.estimate, 'Ω')}, with a larger capacitance) — e.g. grain boundaries or a surface layer; the fit's arcs are the quantitative answer.${tail}`;
  }
  return `The M″ peak lies ${times(1 / ratio)}× lower in frequency than the −Z″ peak (${hz(m.freq)} against ${hz(z.freq)} Hz), which one or two R‖C elements do not produce: check the geometry and the data (an inductive or electrode artefact).${tail}`;
}

/** The −Z″/M″ peak table: curve, frequency, height, estimate, whether at an end of the range. */
export function peakTable(peaks: readonly ModulusPeakRow[], geometry: CellGeometry): Block {
  const g = cellConstants(geometry, 'geometry');
  return {
    kind: 'table',
    caption: '−Z″ and M″ maxima (refined by a parabola in log f): R ≈ −2Z″_max, C ≈ C0/(2M″_max), C0 = ε0·A/L; C·L/A on the scale of Irvine, Sinclair & West (bulk ~pF/cm, grain boundary nF/cm)',
    columns: ['curve', 'f (Hz)', 'height', 'estimate', 'at an end of the range'],
    rows: peaks.map((p) => [p.curve, p.freq, p.height, p.curve === '−Z″' ? `R ${p.edge ? '≥' : '≈'} ${num(p.estimate, 'Ω')}` : `C ${p.edge ? '≤' : '≈'} ${num(p.estimate, 'F')} (C·L/A ${p.edge ? '≤' : '≈'} ${num(p.estimate * g.cellConstant, 'F/cm')})`, p.edge ? 'yes: a bound, not a peak' : p.rises ? `no (the curve rises again towards ${p.rises})` : 'no']),
  };
}

/**
 * "σ_dc = 2.000e-6 ± 1.2e-8 (statistical) ± 3.0e-8 (range start) S/cm, f_c = 9.49e+3 Hz ± 0.60 %,
 * n = 0.700 ± 0.003" for a good fit; a suspect or bad one without ± (its standard errors do not
 * describe its error: see the reasons).
 */
export function jonscherText(j: JonscherFit): string {
  if (j.quality.verdict !== 'good') return `σ_dc = ${j.sigmaDc.toExponential(3)} S/cm, f_c = ${num(j.fc, 'Hz')}, n = ${j.n.toFixed(3)} (no ± given: the fit is ${j.quality.verdict === 'bad' ? 'BAD' : 'suspect'}, its standard errors do not describe its error)`;
  return `σ_dc = ${j.sigmaDc.toExponential(3)} ± ${j.stderr.sigmaDc.toPrecision(2)} (statistical) ± ${j.systematic.sigmaDc.toPrecision(2)} (range start) S/cm, f_c = ${num(j.fc, 'Hz')} ± ${percentText(j.stderr.fc / j.fc, 1)}, n = ${j.n.toFixed(3)} ± ${j.stderr.n.toPrecision(2)}`;
}

/** The Jonscher fit in words: the range and why, the parameters, the misfit, the verdict and its reasons, the warnings. */
export function jonscherBlocks(j: JonscherFit): Block[] {
  const word = j.quality.verdict === 'bad' ? 'BAD' : j.quality.verdict;
  return [
    { kind: 'paragraph', text: `Jonscher fit of σ′ = σ_dc[1 + (f/f_c)^n] (in ln σ′, weighted for |Z|-proportional noise; ${j.points} points, ${hz(j.fmin)} – ${hz(j.fmax)} Hz: ${j.rangeReason}): ${j.success ? '' : `did not converge — ${j.message}; `}${jonscherText(j)}; σ′ departs from the law by ${percentText(j.rmsRelative, 2)} rms. Quality: ${word}.` },
    { kind: 'list', items: [...j.quality.reasons.map((r) => `Jonscher ${word}: ${r}`), ...j.warnings.map((w) => `Jonscher: ${w}`)] },
  ];
}

/** What bulkComparison reads of a fit (a FitResult has it; the app's fit summary too). */
export interface BulkFit {
  success: boolean;
  paramNames: readonly string[];
  params: ArrayLike<number>;
  stderr: ArrayLike<number>;
}

/** |z| up to this: the Jonscher σ_dc and the fit's bulk σ are consistent. */
export const CONSISTENT_Z = 2;

/**
 * The fit's bulk conductivity L/(A·R_bulk) beside the Jonscher σ_dc, or '' when the fit has no
 * such parameter (or did not converge). σ_dc of the plateau is the conductivity of everything in
 * series in the sample (bulk and grain boundaries), so it equals the bulk σ only when the bulk
 * resistance dominates. The two are compared by z = ln(σ_dc/σ_bulk)/√(u_J² + u_sys² + u_bulk²)
 * (relative standard errors: the Jonscher statistical one, its range-start term, the fit's):
 * consistent when |z| ≤ 2. A Jonscher fit that is not good is not compared (its uncertainty is
 * unknown): the text says so instead of explaining a difference.
 */
export function bulkComparison(j: JonscherFit, fit: BulkFit | null | undefined, bulk: string, geometry: CellGeometry): string {
  if (!fit || !fit.success) return '';
  const k = fit.paramNames.indexOf(bulk);
  if (k < 0 || !(fit.params[k]! > 0)) return '';
  const g = cellConstants(geometry, 'geometry');
  const sigma = g.cellConstant / fit.params[k]!, uBulk = fit.stderr[k]! / fit.params[k]!, se = sigma * uBulk;
  const head = `The fit's bulk σ = L/(A·${bulk}) = ${sigma.toExponential(3)} ± ${Number.isFinite(se) ? se.toPrecision(2) : String(se)} S/cm`;
  if (j.quality.verdict !== 'good') return `${head}; not compared with the Jonscher σ_dc, whose fit is ${j.quality.verdict === 'bad' ? 'BAD' : 'suspect'} (see its reasons): its error is not known.`;
  const diff = j.sigmaDc / sigma - 1, d = Math.log(j.sigmaDc / sigma);
  const u = Math.hypot(j.stderr.sigmaDc / j.sigmaDc, j.systematic.sigmaDc / j.sigmaDc, uBulk);
  const side = `the Jonscher σ_dc is ${percentText(Math.abs(diff), 1)} ${diff >= 0 ? 'above' : 'below'} it`;
  if (!(u > 0) || !Number.isFinite(u)) return `${head}; ${side} (no standard errors to weigh the difference).`;
  const z = d / u;
  const zText = `z = ${z.toFixed(1)} combined standard errors (the Jonscher statistical and range-start terms and the fit's)`;
  if (Math.abs(z) <= CONSISTENT_Z) return `${head}; ${side}, ${zText}: consistent within ${CONSISTENT_Z}: the plateau fitted is the bulk's (the bulk dominates the dc resistance, or a more resistive process lies below the range).`;
  if (z < 0) return `${head}; ${side}, ${zText}: significantly below. σ_dc of the plateau is the conductivity of everything in series in the sample (bulk and grain boundaries), so it lies below the bulk σ when another resistive process contributes.`;
  return `${head}; ${side}, ${zText}: significantly above, which a series of bulk and grain boundary does not give — check which parameter is the bulk (--bulk) and the Jonscher range.`;
}

/** Options of {@link dielectricView}. */
export interface DielectricViewOptions {
  /** The fit of the spectrum (its bulk resistance is compared with σ_dc). */
  fit?: BulkFit | null;
  /** The bulk resistance parameter. @default 'R1' */
  bulk?: string;
  /** An explicit Jonscher range inside the window (jonscherFit's `range`); default its rule. */
  range?: JonscherOptions['range'];
}

/** A part of the view that could not be computed: the error about the spectrum. */
export interface ViewError {
  error: EisError;
}

/** The dielectric views of a spectrum on a window, as the report and the app show them. */
export interface DielectricView {
  /** The points in the window (what the plots draw). */
  spectrum: Spectrum;
  /** modulusPeaks of the window, the reading (its lowest frequency as fmin) and the peak table. */
  peaks: { peaks: ModulusPeakRow[]; reading: string; table: Block | null } | ViewError;
  /** jonscherFit with the window (and the range option). */
  jonscher: JonscherFit | ViewError;
  /** jonscherBlocks of it; [] when it failed. */
  jonscherText: Block[];
  /** bulkComparison; '' without a converged fit with that parameter or without the Jonscher fit. */
  comparison: string;
  /** What the σ′ plot overlays: the law over its range, with stderr only for a good fit. */
  overlay: JonscherOverlay | null;
}

/**
 * The dielectric views of `spectrum` on `window` ({ fmin?, fmax? }, Hz, inclusive): the −Z″/M″
 * peaks of the points in the window and their reading, the Jonscher fit (its range rule inside
 * the window, or options.range), its text and its comparison with the fit's bulk σ. An error
 * about the spectrum (Z = 0 at a point, too few points) becomes that part's `error`; others
 * (a bad geometry, a bad window) throw.
 */
export function dielectricView(spectrum: SpectrumInput, geometry: CellGeometry, window: { fmin?: number; fmax?: number } = {}, options: DielectricViewOptions = {}): DielectricView {
  cellConstants(geometry, 'geometry', 'the dielectric views');
  const cropped = onSpectrum(() => cropSpectrum(spectrum, window));
  if ('error' in cropped) return { spectrum: { freq: new Float64Array(0), re: new Float64Array(0), im: new Float64Array(0) }, peaks: cropped, jonscher: cropped, jonscherText: [], comparison: '', overlay: null };
  const s = cropped;
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < s.freq.length; i++) lowest = Math.min(lowest, s.freq[i]!);
  const peaks = onSpectrum(() => {
    const p = modulusPeaks(s, geometry);
    return { peaks: p, reading: dielectricReading(p, lowest), table: p.length ? peakTable(p, geometry) : null };
  });
  const w: JonscherOptions = { ...(window.fmin !== undefined ? { fmin: window.fmin } : {}), ...(window.fmax !== undefined ? { fmax: window.fmax } : {}), ...(options.range ? { range: options.range } : {}) };
  const j = onSpectrum(() => jonscherFit(spectrum, geometry, w));
  const ok = !('error' in j);
  return {
    spectrum: s,
    peaks,
    jonscher: j,
    jonscherText: ok ? jonscherBlocks(j) : [],
    comparison: ok ? bulkComparison(j, options.fit, options.bulk ?? 'R1', geometry) : '',
    overlay: ok ? { sigmaDc: j.sigmaDc, fc: j.fc, n: j.n, fmin: j.fmin, fmax: j.fmax, ...(j.quality.verdict === 'good' ? { stderr: j.stderr } : {}) } : null,
  };
}

/** Options of {@link dielectricBlocks}. */
export interface DielectricOptions {
  /** The fit of the spectrum (its bulk resistance is compared with σ_dc). */
  fit?: FitResult | null;
  /** The bulk resistance parameter. @default 'R1' */
  bulk?: string;
  /** The report's frequency window: the views take the points in it. */
  window?: { fmin?: number; fmax?: number };
  /** An explicit Jonscher range inside the window. */
  range?: JonscherOptions['range'];
}

/**
 * The "dielectric views" section of one spectrum ({@link dielectricView} on the window):
 * heading, reading of the −Z″/M″ peaks, their table, the Jonscher fit (or why it was not
 * computed) and the fit comparison, the −Z″/M″ and σ′ plots (σ′ with the law and σ_dc overlaid).
 * A spectrum the views cannot take (Z = 0 at a point, too few points for the Jonscher fit) says
 * so in a paragraph; a bad geometry throws.
 */
export async function dielectricBlocks(label: string, s: SpectrumInput, geometry: CellGeometry, options: DielectricOptions = {}): Promise<Block[]> {
  const v = dielectricView(s, geometry, options.window ?? {}, { fit: options.fit ?? null, bulk: options.bulk ?? 'R1', ...(options.range ? { range: options.range } : {}) });
  const blocks: Block[] = [{ kind: 'heading', text: `${label}: dielectric views`, level: 3 }];
  if ('error' in v.peaks) return [...blocks, notComputed('−Z″/M″ peaks', v.peaks)];
  blocks.push({ kind: 'paragraph', text: v.peaks.reading });
  if (v.peaks.table) blocks.push(v.peaks.table);
  if ('error' in v.jonscher) blocks.push(notComputed('Jonscher fit', v.jonscher));
  else {
    blocks.push(...v.jonscherText);
    if (v.comparison) blocks.push({ kind: 'paragraph', text: v.comparison });
  }
  const svgs = [await renderSvg(modulusPlot(v.spectrum, geometry, { title: '−Z″ and M″' }))];
  // σ′ needs 1/Z: a point with Z = 0 (which M″ takes) is said by the Jonscher paragraph above
  const sigma = onSpectrum(() => conductivityPlot(v.spectrum, geometry, { title: 'σ′', ...(v.overlay ? { jonscher: v.overlay } : {}) }));
  if (!('error' in sigma)) svgs.push(await renderSvg(sigma));
  blocks.push({ kind: 'plots', svgs });
  return blocks;
}

const notComputed = (what: string, e: ViewError): Block => ({ kind: 'paragraph', text: `${what}: not computed — ${e.error.message}` });

/** Runs a view; an error about the spectrum becomes { error }, others throw. */
function onSpectrum<R>(run: () => R): R | ViewError {
  try {
    return run();
  } catch (e) {
    const arg = e instanceof EisError ? String(e.details.argument ?? '') : '';
    if (arg === 'spectrum' || arg.startsWith('spectrum.')) return { error: e as EisError };
    throw e;
  }
}
