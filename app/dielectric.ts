/**
 * The pure parts of a spectrum's "Dielectric views" section (tested in Node): the pellet geometry
 * a spectrum is seen with (the page's Pellet box; an empty box input takes what the file states,
 * and a typed value that differs from the file's is used with the file's value named), the views
 * on the analysis' frequency range — src/report/dielectric.ts's dielectricView, the one the report
 * calls: the −Z″/M″ peaks and their reading, the Jonscher fit of σ′ (its range rule inside the
 * range, or the panel's Jonscher range) with the report's texts and the comparison with the fit's
 * bulk σ — with the two plots, and the CSV of one representation (Y, C*, ε*, M*, σ*) by eiskit's
 * one CSV writer (src/io/representation-csv.ts, as `eiskit convert`). Cheap enough for the page
 * itself (no worker): a few milliseconds per spectrum (app/README.md).
 */
import type { JonscherFit } from '../src/analysis/jonscher.ts';
import { conductivityPlot, modulusPlot, type ModulusPeakRow, type TopLevelSpec } from '../src/plot/index.ts';
import type { Block } from '../src/report/html.ts';
import { dielectricView, type BulkFit as ReportBulkFit } from '../src/report/dielectric.ts';
import { writeRepresentationCsv } from '../src/io/representation-csv.ts';
import { toAdmittance, toCapacitance, toConductivity, toModulus, toPermittivity, type RepresentedSpectrum } from '../src/representation/index.ts';
import type { FitSummary, FrequencyRange, SpectrumResult } from './protocol.ts';
import { parseRange, rangeIndices } from './range.ts';
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
  /** "L = 0.1 cm, A = 0.196 cm² (the Pellet box)", "(the file)", mixed, or "(the Pellet box; the file states A = 1 cm²)". */
  text: string;
}

/**
 * The geometry of a spectrum, as `eiskit convert` takes it: a value typed in the Pellet box wins
 * (a diameter d gives A = πd²/4) — a file's own value can be an instrument default (Gamry's AREA
 * 1 cm²) — and when the file states another, the text names it ("the file states A = 1 cm²"); an
 * empty box input takes the file's value. `problems` names what is missing or wrong, each naming
 * the box's input.
 */
export function spectrumGeometry(pellet: PelletText, stated: Pick<SpectrumResult, 'thicknessCm' | 'areaCm2'>): SpectrumGeometry | { problems: string[] } {
  const problems: string[] = [];
  const typed = (what: string, text: string, unit: string): number | null => {
    const v = parseNumber(text);
    if (v === null) problems.push(`${what}: "${text}" is not a number (${unit}).`);
    else if (!(v > 0)) problems.push(`${what}: must be > 0 ${unit}; got ${text}.`);
    else return v;
    return null;
  };
  const fileL = stated.thicknessCm !== undefined && stated.thicknessCm > 0 ? stated.thicknessCm : null;
  const fileA = stated.areaCm2 !== undefined && stated.areaCm2 > 0 ? stated.areaCm2 : null;
  const tL = pellet.thickness.trim(), tA = pellet.area.trim();
  let L: number | null = null, A: number | null = null;
  if (tL !== '') L = typed('Thickness', tL, 'cm');
  else if (fileL !== null) L = fileL;
  else problems.push('Thickness: missing (cm).');
  if (tA !== '') {
    const v = pellet.areaKind === 'diameter' ? typed('Electrode diameter', tA, 'cm') : typed('Electrode area', tA, 'cm²');
    if (v !== null) A = pellet.areaKind === 'diameter' ? (Math.PI * v * v) / 4 : v;
  } else if (fileA !== null) A = fileA;
  else problems.push(pellet.areaKind === 'diameter' ? 'Electrode diameter: missing (cm).' : 'Electrode area: missing (cm²).');
  if (problems.length || L === null || A === null) return { problems };
  const boxL = tL !== '', boxA = tA !== '';
  const from = (box: boolean) => (box ? 'the Pellet box' : 'the file');
  const source = boxL === boxA ? from(boxL) : `L from ${from(boxL)}, A from ${from(boxA)}`;
  const differs = (v: number, f: number | null) => f !== null && Math.abs(v - f) > 1e-9 * v;
  const overridden = [boxL && differs(L, fileL) ? `L = ${Number(fileL!.toPrecision(6))} cm` : '', boxA && differs(A, fileA) ? `A = ${Number(fileA!.toPrecision(6))} cm²` : ''].filter(Boolean);
  const note = overridden.length ? `; the file states ${overridden.join(', ')}` : '';
  return { geometry: { thicknessCm: L, areaCm2: A }, text: `L = ${L} cm, A = ${Number(A.toPrecision(6))} cm² (${source}${note})` };
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
  /** The peaks of the range, the report's reading of them and its peak table (dielectricView). */
  peaks: { peaks: ModulusPeakRow[]; reading: string; table: Block | null } | { error: string };
  /** modulusPlot of the range. */
  modulus: TopLevelSpec | { error: string };
  /** The Jonscher fit of the range (its default range rule within it, or the panel's range). */
  jonscher: JonscherFit | { error: string };
  /** The report's words on it (jonscherBlocks): the range and why, σ_dc (± for a good fit), f_c, n, misfit, verdict; the reasons and warnings. */
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
 * The Jonscher range typed in the panel (fmin, fmax in Hz; empty: that end of the fit's range):
 * jonscherFit's `range`, undefined when both are empty (the automatic rule), or what is wrong.
 */
export function jonscherRange(fminText: string, fmaxText: string): { range: [number | null, number | null] | undefined } | { error: string } {
  const r = parseRange(fminText, fmaxText);
  if ('error' in r) return { error: `Jonscher range: ${r.error}` };
  const { fmin, fmax } = r.range;
  return { range: fmin === undefined && fmax === undefined ? undefined : [fmin ?? null, fmax ?? null] };
}

/**
 * The dielectric views of a spectrum on the range: the report's dielectricView (peaks, reading,
 * Jonscher fit, its text and the comparison) and the two plots of its points, the σ′ plot with
 * the law drawn (± in its label only for a good fit).
 */
export function dielectricViews(s: Pick<SpectrumResult, 'freq' | 're' | 'im'>, range: FrequencyRange, geometry: SpectrumGeometry['geometry'], bulkFit?: BulkFit, jonscher?: [number | null, number | null]): DielectricViews {
  const fit: ReportBulkFit | null = bulkFit && !('error' in bulkFit.fit) ? bulkFit.fit : null;
  const v = dielectricView(s, geometry, range, { fit, bulk: bulkFit?.bulk ?? 'R1', ...(jonscher ? { range: jonscher } : {}) });
  const r = v.spectrum;
  return {
    points: r.freq.length,
    peaks: 'error' in v.peaks ? { error: viewErrorText(v.peaks.error) } : v.peaks,
    modulus: attempt(() => modulusPlot(r, geometry, { title: MODULUS_TITLE })),
    jonscher: 'error' in v.jonscher ? { error: viewErrorText(v.jonscher.error) } : v.jonscher,
    jonscherText: v.jonscherText,
    conductivity: attempt(() => conductivityPlot(r, geometry, { title: SIGMA_TITLE, ...(v.overlay ? { jonscher: v.overlay } : {}) })),
    bulk: v.comparison,
  };
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

/** The CSV download of one representation (eiskit's CSV writer, the bytes of `eiskit convert --to Q`), or why it cannot be made. */
export function representationCsv(s: Pick<SpectrumResult, 'label' | 'freq' | 're' | 'im'>, range: FrequencyRange, q: Quantity, geometry: SpectrumGeometry['geometry'] | null): { csv: string; quantity: string; unit: string } | { error: string } {
  const x = attempt(() => represent(s, range, q, geometry));
  if ('error' in x) return x;
  return { csv: writeRepresentationCsv(q, [{ label: s.label, data: x }]), quantity: x.quantity, unit: x.unit };
}

/**
 * A download name from the spectrum's label: "cell_1.csv #2" → "cell_1-2-M.csv" (letters, digits,
 * . _ - only). The label is cut to 200 characters first and the name to 80 before its ends are
 * trimmed, so the work stays linear in a hostile label ("a" + "-."×10⁵ + "!x").
 */
export function csvName(label: string, q: Quantity): string {
  const base = label.slice(0, 200).replace(/\.[A-Za-z0-9]{1,5}(?=( #\d+)?$)/, '').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80).replace(/^[-.]+|[-.]+$/g, '') || 'spectrum';
  return `${base}-${q}.csv`;
}
