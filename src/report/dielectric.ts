/**
 * The report's dielectric views of one spectrum (specs/global-fit.md Part B), when the report has
 * a cell geometry: the −Z″/M″ spectroscopic plot (Sinclair & West, J. Appl. Phys. 66 (1989) 3850)
 * with its peak table and a one-line reading, and σ′(f) with a Jonscher fit (src/analysis/
 * jonscher.ts), its σ_dc compared with the fit's bulk σ when both exist.
 */
import type { FitResult } from '../fit/fit.ts';
import { jonscherFit, type JonscherFit, type JonscherOptions } from '../analysis/jonscher.ts';
import { cellConstants, type CellGeometry } from '../representation/index.ts';
import { conductivityPlot, modulusPeaks, modulusPlot, renderSvg, type ModulusPeakRow } from '../plot/index.ts';
import { hzText as hz } from '../crop.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { EisError } from '../errors.ts';
import type { Block } from './html.ts';

/** Peaks closer than this factor in frequency read as one process. */
export const SAME_PROCESS_FACTOR = 2;

/** Three significant digits with the unit. */
/** A frequency ratio: 2 significant digits, whole numbers from 100 up. */
const times = (r: number) => (r < 100 ? r.toPrecision(2) : String(Math.round(r)));
const num = (x: number, unit: string) => `${Number.isFinite(x) ? (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2)) : String(x)} ${unit}`;

/**
 * One line on what the −Z″ and M″ peaks indicate. For one parallel RC both peak at ω = 1/RC;
 * M″ picks out the smallest capacitance (the bulk), −Z″ the largest resistance: peaks within a
 * factor 2 in f indicate one homogeneous process, an M″ peak well above the −Z″ peak a bulk
 * separate from a more resistive process of larger capacitance (often grain boundaries). Peaks at
 * an end of the measured range give no reading (their frequencies are bounds); −Z″ largest at
 * `fmin` (the lowest frequency measured) is said as a blocking electrode's tail.
 */
export function dielectricReading(peaks: readonly ModulusPeakRow[], fmin?: number): string {
  const z = peaks.find((p) => p.curve === '−Z″'), m = peaks.find((p) => p.curve === 'M″');
  if (!z || !m) return `No reading: ${!z ? '−Z″ is not positive anywhere (no capacitive arc)' : 'M″ has no positive maximum'}.`;
  if (z.edge && z.freq === fmin && !m.edge) {
    return `No comparison of the peaks: −Z″ is largest at the lowest frequency measured (${hz(z.freq)} Hz) — typically the rising tail of a blocking electrode, which hides the arcs' −Z″ maxima; the M″ peak at ${hz(m.freq)} Hz (C ≈ ${num(m.estimate, 'F')}) picks out the smallest capacitance, usually the bulk.`;
  }
  const ends = [z, m].filter((p) => p.edge).map((p) => p.curve);
  if (ends.length) return `No reading: the ${ends.join(' and the ')} maximum lies at an end of the measured range, so its frequency is a bound, not a peak.`;
  const ratio = m.freq / z.freq;
  if (ratio <= SAME_PROCESS_FACTOR && ratio >= 1 / SAME_PROCESS_FACTOR) {
    return `The −Z″ and M″ peaks lie within a factor ${SAME_PROCESS_FACTOR} in frequency (${hz(z.freq)} and ${hz(m.freq)} Hz): an indication of one homogeneous process — the element with the largest resistance also has the smallest capacitance (R ≈ ${num(z.estimate, 'Ω')}, C ≈ ${num(m.estimate, 'F')}).`;
  }
  if (ratio > SAME_PROCESS_FACTOR) {
    return `The M″ peak lies ${times(ratio)}× higher in frequency than the −Z″ peak (${hz(m.freq)} against ${hz(z.freq)} Hz): an indication that the smallest capacitance (the bulk, C ≈ ${num(m.estimate, 'F')}) belongs to a different process than the largest resistance (R ≈ ${num(z.estimate, 'Ω')}, with a larger capacitance) — e.g. grain boundaries or a surface layer; the fit's arcs are the quantitative answer.`;
  }
  return `The M″ peak lies ${times(1 / ratio)}× lower in frequency than the −Z″ peak (${hz(m.freq)} against ${hz(z.freq)} Hz), which one or two R‖C elements do not produce: check the geometry and the data (an inductive or electrode artefact).`;
}

/** The −Z″/M″ peak table: curve, frequency, height, estimate, whether at an end of the range. */
export function peakTable(peaks: readonly ModulusPeakRow[], geometry: CellGeometry): Block {
  const g = cellConstants(geometry, 'geometry');
  return {
    kind: 'table',
    caption: '−Z″ and M″ maxima (refined by a parabola in log f): R ≈ −2Z″_max, C ≈ C0/(2M″_max), C0 = ε0·A/L; C·L/A on the scale of Irvine, Sinclair & West (bulk ~pF/cm, grain boundary nF/cm)',
    columns: ['curve', 'f (Hz)', 'height', 'estimate', 'at an end of the range'],
    rows: peaks.map((p) => [p.curve, p.freq, p.height, p.curve === '−Z″' ? `R ≈ ${num(p.estimate, 'Ω')}` : `C ≈ ${num(p.estimate, 'F')} (C·L/A ≈ ${num(p.estimate * g.cellConstant, 'F/cm')})`, p.edge ? 'yes: a bound, not a peak' : 'no']),
  };
}

/** "σ_dc = 2.00e-6 ± 1.2e-8 S/cm, f_c = 9.49e+3 ± 60 Hz, n = 0.700 ± 0.003". */
export function jonscherText(j: JonscherFit): string {
  return `σ_dc = ${j.sigmaDc.toExponential(3)} ± ${j.stderr.sigmaDc.toPrecision(2)} S/cm, f_c = ${num(j.fc, 'Hz')} ± ${(100 * j.stderr.fc / j.fc).toPrecision(2)} %, n = ${j.n.toFixed(3)} ± ${j.stderr.n.toPrecision(2)}`;
}

/** The Jonscher fit in words: the range and why, the parameters, the misfit, the verdict and its reasons, the warnings. */
export function jonscherBlocks(j: JonscherFit): Block[] {
  const word = j.quality.verdict === 'bad' ? 'BAD' : j.quality.verdict;
  return [
    { kind: 'paragraph', text: `Jonscher fit of σ′ = σ_dc[1 + (f/f_c)^n] (in ln σ′; ${j.points} points, ${hz(j.fmin)} – ${hz(j.fmax)} Hz: ${j.rangeReason}): ${j.success ? '' : `did not converge — ${j.message}; `}${jonscherText(j)}; σ′ departs from the law by ${(100 * j.rmsRelative).toFixed(2)} % rms. Quality: ${word}.` },
    { kind: 'list', items: [...j.quality.reasons.map((r) => `Jonscher ${word}: ${r}`), ...j.warnings.map((w) => `Jonscher: ${w}`)] },
  ];
}

/**
 * The fit's bulk conductivity L/(A·R_bulk) beside the Jonscher σ_dc, or '' when the fit has no
 * such parameter (or did not converge). σ_dc of the plateau is the conductivity of everything in
 * series in the sample (bulk and grain boundaries), so it equals the bulk σ only when the bulk
 * resistance dominates.
 */
export function bulkComparison(j: JonscherFit, fit: FitResult | null | undefined, bulk: string, geometry: CellGeometry): string {
  if (!fit || !fit.success) return '';
  const k = fit.paramNames.indexOf(bulk);
  if (k < 0 || !(fit.params[k]! > 0)) return '';
  const g = cellConstants(geometry, 'geometry');
  const sigma = g.cellConstant / fit.params[k]!, se = (sigma * fit.stderr[k]!) / fit.params[k]!;
  const diff = j.sigmaDc / sigma - 1;
  const near = Math.abs(diff) <= 0.05;
  return `The fit's bulk σ = L/(A·${bulk}) = ${sigma.toExponential(3)} ± ${Number.isFinite(se) ? se.toPrecision(2) : String(se)} S/cm; the Jonscher σ_dc is ${Math.abs(100 * diff).toFixed(1)} % ${diff >= 0 ? 'above' : 'below'} it. ${near ? 'They agree within 5 %: the bulk dominates the dc resistance.' : diff < 0 ? 'σ_dc of the plateau is the conductivity of everything in series in the sample (bulk and grain boundaries), so it lies below the bulk σ when another resistive process contributes — or the plateau is cut short by the electrode drop (see the Jonscher reasons).' : 'σ_dc above the bulk σ is not what a series of bulk and grain boundary gives: check which parameter is the bulk (--bulk) and the Jonscher range.'}`;
}

/** Options of {@link dielectricBlocks}. */
export interface DielectricOptions {
  /** The fit of the spectrum (its bulk resistance is compared with σ_dc). */
  fit?: FitResult | null;
  /** The bulk resistance parameter. @default 'R1' */
  bulk?: string;
  /** The Jonscher fit's range (the report's window). */
  jonscher?: JonscherOptions;
}

/**
 * The "dielectric views" section of one spectrum: heading, reading of the −Z″/M″ peaks, their
 * table, the Jonscher fit (or why it was not computed) and the fit comparison, the −Z″/M″ and σ′
 * plots (σ′ with the law and σ_dc overlaid). A spectrum the views cannot take (Z = 0 at a point,
 * too few points for the Jonscher fit) says so in a paragraph; a bad geometry throws.
 */
export async function dielectricBlocks(label: string, s: SpectrumInput, geometry: CellGeometry, options: DielectricOptions = {}): Promise<Block[]> {
  cellConstants(geometry, 'geometry', 'the dielectric views');
  const blocks: Block[] = [{ kind: 'heading', text: `${label}: dielectric views`, level: 3 }];
  const peaks = onSpectrum('−Z″/M″ peaks', () => modulusPeaks(s, geometry));
  if (!Array.isArray(peaks)) return [...blocks, peaks];
  let fmin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < s.freq.length; i++) fmin = Math.min(fmin, s.freq[i]!);
  blocks.push({ kind: 'paragraph', text: dielectricReading(peaks, fmin) });
  if (peaks.length) blocks.push(peakTable(peaks, geometry));
  const j = onSpectrum('Jonscher fit', () => jonscherFit(s, geometry, options.jonscher ?? {}));
  if ('sigmaDc' in j) {
    blocks.push(...jonscherBlocks(j));
    const cmp = bulkComparison(j, options.fit, options.bulk ?? 'R1', geometry);
    if (cmp) blocks.push({ kind: 'paragraph', text: cmp });
  } else blocks.push(j);
  const svgs = [await renderSvg(modulusPlot(s, geometry, { title: '−Z″ and M″' }))];
  // σ′ needs 1/Z: a point with Z = 0 (which M″ takes) is said by the Jonscher paragraph above
  const sigma = onSpectrum('σ′ plot', () => conductivityPlot(s, geometry, { title: 'σ′', ...('sigmaDc' in j ? { jonscher: j } : {}) }));
  if (!('kind' in sigma && sigma.kind === 'paragraph')) svgs.push(await renderSvg(sigma as Parameters<typeof renderSvg>[0]));
  blocks.push({ kind: 'plots', svgs });
  return blocks;
}

/** Runs a view; an error about the spectrum becomes a paragraph ("… not computed — why"), others throw. */
function onSpectrum<R>(what: string, run: () => R): R | Block {
  try {
    return run();
  } catch (e) {
    const arg = e instanceof EisError ? String(e.details.argument ?? '') : '';
    if (arg === 'spectrum' || arg.startsWith('spectrum.')) return { kind: 'paragraph', text: `${what}: not computed — ${(e as EisError).message}` };
    throw e;
  }
}
