/**
 * The pure parts of a spectrum's "Dielectric views" section (tested in Node): the pellet geometry
 * a spectrum is seen with (what its file states, else the page's Pellet box), the views on the
 * analysis' frequency range — the −Z″/M″ plot with its peaks and the report's reading of them
 * (src/report/dielectric.ts), the Jonscher fit of σ′ with the report's texts and the σ′ plot with
 * the fit drawn on it — and the CSV of one representation (Y, C*, ε*, M*, σ*). Cheap enough for the
 * page itself (no worker): a few milliseconds per spectrum (app/README.md).
 */
import { jonscherFit, type JonscherFit } from '../src/analysis/jonscher.ts';
import { conductivityPlot, modulusPeaks, modulusPlot, type ModulusPeakRow, type TopLevelSpec } from '../src/plot/index.ts';
import type { Block } from '../src/report/html.ts';
import type { FitResult } from '../src/fit/fit.ts';
import { bulkComparison, dielectricReading, jonscherBlocks, peakTable } from '../src/report/dielectric.ts';
import { toAdmittance, toCapacitance, toConductivity, toModulus, toPermittivity, type RepresentedSpectrum } from '../src/representation/index.ts';
import { toCsv, type CsvCell } from './csv.ts';
import type { FitSummary, FrequencyRange, SpectrumResult } from './protocol.ts';
import { rangeIndices } from './range.ts';
import { parseNumber } from './series-model.ts';

/** The Pellet box as typed: thickness (cm) and the electrode area (cm²) or diameter (cm). */
export interface PelletText {
  thickness: string;
  area: string;
  areaKind: 'area' | 'diameter';
}

/** The geometry a spectrum's views use, and where each value came from. */
export interface SpectrumGeometry {
  geometry: { thicknessCm: number; areaCm2: number };
  /** "L = 0.1 cm, A = 0.196 cm² (the Pellet box)" or "(the file)", or mixed. */
  text: string;
}

/**
 * The geometry of a spectrum: each of thickness and area as its file states it (the reader's
 * metadata: a file is about its own pellet), else from the Pellet box (a diameter d gives
 * A = πd²/4). `problems` names what is missing or wrong, each naming the box's input.
 */
export function spectrumGeometry(pellet: PelletText, stated: Pick<SpectrumResult, 'thicknessCm' | 'areaCm2'>): SpectrumGeometry | { problems: string[] } {
  const problems: string[] = [];
  const typed = (what: string, text: string, unit: string): number | null => {
    const t = text.trim();
    if (t === '') {
      problems.push(`${what}: missing (${unit}).`);
      return null;
    }
    const v = parseNumber(t);
    if (v === null) problems.push(`${what}: "${t}" is not a number (${unit}).`);
    else if (!(v > 0)) problems.push(`${what}: must be > 0 ${unit}; got ${t}.`);
    else return v;
    return null;
  };
  const fileL = stated.thicknessCm !== undefined && stated.thicknessCm > 0 ? stated.thicknessCm : null;
  const fileA = stated.areaCm2 !== undefined && stated.areaCm2 > 0 ? stated.areaCm2 : null;
  const L = fileL ?? typed('Thickness', pellet.thickness, 'cm');
  let A = fileA;
  if (A === null) {
    const v = pellet.areaKind === 'diameter' ? typed('Electrode diameter', pellet.area, 'cm') : typed('Electrode area', pellet.area, 'cm²');
    if (v !== null) A = pellet.areaKind === 'diameter' ? (Math.PI * v * v) / 4 : v;
  }
  if (problems.length || L === null || A === null) return { problems };
  const from = (file: boolean) => (file ? 'the file' : 'the Pellet box');
  const source = fileL !== null && fileA !== null ? ` (${from(true)})` : fileL === null && fileA === null ? ` (${from(false)})` : ` (L from ${from(fileL !== null)}, A from ${from(fileA !== null)})`;
  return { geometry: { thicknessCm: L, areaCm2: A }, text: `L = ${L} cm, A = ${Number(A.toPrecision(6))} cm²${source}` };
}

/** The points of a spectrum inside the range (the views use what the fit used). */
export function rangeSpectrum(s: Pick<SpectrumResult, 'freq' | 're' | 'im'>, range: FrequencyRange): { freq: number[]; re: number[]; im: number[] } {
  const idx = rangeIndices(s.freq, range);
  return { freq: idx.map((i) => s.freq[i]!), re: idx.map((i) => s.re[i]!), im: idx.map((i) => s.im[i]!) };
}

/** The message of anything thrown, with its code when it has one: "… [E_TOO_FEW_POINTS]". */
export function viewErrorText(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown } | null;
  const m = e !== null && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(err);
  const code = e !== null && typeof e === 'object' && typeof e.code === 'string' ? ` [${e.code}]` : '';
  return `${m.length > 500 ? `${m.slice(0, 500)}…` : m}${code}`;
}

function attempt<T>(run: () => T): T | { error: string } {
  try {
    return run();
  } catch (err) {
    return { error: viewErrorText(err) };
  }
}

/** Titles of the two plots. */
export const MODULUS_TITLE = '−Z″ and M″';
export const SIGMA_TITLE = 'σ′ with the Jonscher fit';

/** What the section shows for one spectrum with a geometry; each part an error message when it cannot be computed. */
export interface DielectricViews {
  /** Points in the range. */
  points: number;
  /** modulusPeaks of the range, the report's reading of them (dielectricReading) and its peak table (peakTable). */
  peaks: { peaks: ModulusPeakRow[]; reading: string; table: Block | null } | { error: string };
  /** modulusPlot of the range. */
  modulus: TopLevelSpec | { error: string };
  /** jonscherFit of the range (its default range rule within it). */
  jonscher: JonscherFit | { error: string };
  /** The report's words on it (jonscherBlocks): the range and why, σ_dc ± stderr, f_c, n, misfit, verdict; the reasons and warnings. */
  jonscherText: Block[];
  /** conductivityPlot of the range with the Jonscher fit drawn (without it when the fit failed). */
  conductivity: TopLevelSpec | { error: string };
  /** The report's comparison of σ_dc with the fit's bulk σ = L/(A·R_bulk) (bulkComparison); '' without a converged fit with that parameter. */
  bulk: string;
}

/** The fit the app shows (its summary: the same numbers as the FitResult) and its bulk resistance, for the σ_dc comparison. */
export interface BulkFit {
  fit: FitSummary | { error: string };
  /** The bulk resistance parameter (AnalyseDone.seriesDefaults.bulk: R1, else the first arc's R). */
  bulk: string;
}

/**
 * The dielectric views of a spectrum on the range: modulusPeaks / modulusPlot, jonscherFit and
 * conductivityPlot with the fit, each called on the points in the range exactly as the library
 * offers them.
 */
export function dielectricViews(s: Pick<SpectrumResult, 'freq' | 're' | 'im'>, range: FrequencyRange, geometry: SpectrumGeometry['geometry'], bulkFit?: BulkFit): DielectricViews {
  const r = rangeSpectrum(s, range);
  const peaks = attempt(() => {
    const p = modulusPeaks(r, geometry);
    return { peaks: p, reading: dielectricReading(p), table: p.length ? peakTable(p, geometry) : null };
  });
  const jonscher = attempt(() => jonscherFit(r, geometry));
  return {
    points: r.freq.length,
    peaks,
    modulus: attempt(() => modulusPlot(r, geometry, { title: MODULUS_TITLE })),
    jonscher,
    jonscherText: 'error' in jonscher ? [] : jonscherBlocks(jonscher),
    conductivity: attempt(() => conductivityPlot(r, geometry, { title: SIGMA_TITLE, ...('error' in jonscher ? {} : { jonscher }) })),
    bulk: 'error' in jonscher || !bulkFit || 'error' in bulkFit.fit ? '' : bulkComparison(jonscher, fitLike(bulkFit.fit), bulkFit.bulk, geometry),
  };
}

/**
 * The fit summary as the FitResult fields bulkComparison reads (success, paramNames, params,
 * stderr; the summary holds the FitResult's own numbers, app/analyse.ts).
 */
function fitLike(f: FitSummary): FitResult {
  const fields: Pick<FitResult, 'success' | 'paramNames' | 'params' | 'stderr'> = { success: f.success, paramNames: f.paramNames, params: Float64Array.from(f.params), stderr: Float64Array.from(f.stderr) };
  return fields as FitResult;
}

/** The representations the CSV offers (the keys of `eiskit convert --to`). */
export type Quantity = 'Y' | 'C' | 'eps' | 'M' | 'sigma';

export const QUANTITIES: readonly { key: Quantity; label: string; needsGeometry: boolean }[] = [
  { key: 'Y', label: 'admittance Y = 1/Z', needsGeometry: false },
  { key: 'C', label: 'capacitance C* = Y/(jω)', needsGeometry: false },
  { key: 'eps', label: 'permittivity ε* = C*/C0', needsGeometry: true },
  { key: 'M', label: 'modulus M* = jωC0·Z', needsGeometry: true },
  { key: 'sigma', label: 'conductivity σ* = (L/A)·Y', needsGeometry: true },
];

/**
 * The representation of the points in the range: toAdmittance, toCapacitance (per unit cell
 * constant, F/cm, with a geometry; F without), toPermittivity, toModulus or toConductivity.
 * @throws the library's errors (no geometry for ε*, M*, σ*; Z = 0 at a point).
 */
export function represent(s: Pick<SpectrumResult, 'freq' | 're' | 'im'>, range: FrequencyRange, q: Quantity, geometry: SpectrumGeometry['geometry'] | null): RepresentedSpectrum {
  const r = rangeSpectrum(s, range);
  const g = geometry ?? undefined;
  switch (q) {
    case 'Y': return toAdmittance(r);
    case 'C': return toCapacitance(r, g);
    case 'eps': return toPermittivity(r, g!);
    case 'M': return toModulus(r, g!);
    case 'sigma': return toConductivity(r, g!);
  }
}

/**
 * The columns of `eiskit convert`'s CSV (src/cli/commands/convert.ts), so that a script reads the
 * app's download and the command's output alike (test/app-dielectric-cli.node.test.ts holds them
 * equal): re/im named by the quantity's key and the unit in ASCII.
 */
const COLUMNS: Record<RepresentedSpectrum['unit'], (q: Quantity) => [string, string]> = {
  S: (q) => [`${q}re_S`, `${q}im_S`],
  F: (q) => [`${q}re_F`, `${q}im_F`],
  'F/cm': (q) => [`${q}re_F_per_cm`, `${q}im_F_per_cm`],
  '1': (q) => [`${q}re`, `${q}im`],
  'S/cm': (q) => [`${q}re_S_per_cm`, `${q}im_S_per_cm`],
};

/**
 * Header and rows as `eiskit convert --to Q` writes them: the spectrum's label, f (Hz), the real
 * and imaginary parts with the physical sign (never negated), their unit in the header.
 */
export function representationTable(label: string, q: Quantity, x: RepresentedSpectrum): CsvCell[][] {
  const rows: CsvCell[][] = [['spectrum', 'freq_Hz', ...COLUMNS[x.unit](q)]];
  for (let i = 0; i < x.freq.length; i++) rows.push([label, x.freq[i]!, x.re[i]!, x.im[i]!]);
  return rows;
}

/** The CSV download of one representation (RFC 4180, app/csv.ts), or why it cannot be made. */
export function representationCsv(s: Pick<SpectrumResult, 'label' | 'freq' | 're' | 'im'>, range: FrequencyRange, q: Quantity, geometry: SpectrumGeometry['geometry'] | null): { csv: string; quantity: string; unit: string } | { error: string } {
  const x = attempt(() => represent(s, range, q, geometry));
  if ('error' in x) return x;
  return { csv: toCsv(representationTable(s.label, q, x)), quantity: x.quantity, unit: x.unit };
}

/** A download name from the spectrum's label: "cell_1.csv #2" → "cell_1-2-M.csv" (letters, digits, . _ - only). */
export function csvName(label: string, q: Quantity): string {
  const base = label.replace(/\.[A-Za-z0-9]{1,5}(?=( #\d+)?$)/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80) || 'spectrum';
  return `${base}-${q}.csv`;
}
