/**
 * The pure parts of the "Temperature series — activation energy" section (tested in Node): the
 * temperature a file name carries, °C ↔ K in the inputs, and the form checked into a request — every bad input a message naming
 * it, before anything runs.
 */
import { parseNumber as parseNumberText } from '../src/io/text.ts';
import { readNameTemperature, temperatureFromName } from '../src/io/temperature-name.ts';
import type { SeriesOutcome, SeriesRequest, SpectrumResult } from './protocol.ts';

export { temperatureFromName };

export type TemperatureUnit = 'C' | 'K';

/** The fewest spectra (and distinct temperatures) a temperature law can be fitted to (seriesGlobalRoles asks as many). */
export const MIN_SERIES = 3;

const ZERO_C = 273.15;

/** A temperature in K as the input shows it in `unit` (up to 2 decimals, no trailing zeros). */
export function temperatureText(kelvin: number, unit: TemperatureUnit): string {
  const v = unit === 'K' ? kelvin : kelvin - ZERO_C;
  return String(Math.round(v * 100) / 100);
}

/**
 * A temperature input's text in another unit (for the unit switch): a number is converted, any
 * other text (empty, a typo) is kept as it is, so the check still names it.
 */
export function convertText(text: string, from: TemperatureUnit, to: TemperatureUnit): string {
  if (from === to) return text;
  const v = parseNumber(text);
  if (v === null) return text;
  return temperatureText(from === 'K' ? v : v + ZERO_C, to);
}

/**
 * Whether a typed number's comma may be a thousands separator as well as a decimal comma: one to
 * three digits (not a lone 0) and a comma before exactly three digits, "1,073" (1073 or 1.073?).
 */
export function ambiguousComma(text: string): boolean {
  return /^[-+]?[1-9]\d{0,2},\d{3}$/.test(text.trim());
}

/**
 * A number as typed: the readers' strict parser (src/io/text.ts) with a comma read as the decimal
 * separator when the text has one ("25,5", "0,125"); null for anything else, and for a comma that
 * may be a thousands separator ("1,073": see {@link ambiguousComma}).
 */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (ambiguousComma(t)) return null;
  return parseNumberText(t, t.includes(',')) ?? null;
}

/** The message for a typed text that is not a number: the thousands-separator ambiguity named when it is that. */
function notANumber(what: string, t: string, unit: string): string {
  return ambiguousComma(t) ? `${what}: "${t}" is ambiguous — a thousands separator or a decimal comma? Type ${t.replace(',', '')} or ${t.replace(',', '.')} (${unit}).` : `${what}: "${t}" is not a number (${unit}).`;
}

/** The temperature (K) a spectrum comes with: the reader's metadata, else its file name (src/io/temperature-name.ts); null when neither says. */
export function stateTemperature(s: Pick<SpectrumResult, 'label' | 'file' | 'temperatureK'>): number | null {
  if (s.temperatureK !== undefined && s.temperatureK > 0) return s.temperatureK;
  return temperatureFromName(s.label) ?? temperatureFromName(s.file);
}

/** Why a spectrum's file name gave no temperature although it holds one ("1C" a C-rate, "2K" implausible…), or null. */
export function nameTemperatureNote(s: Pick<SpectrumResult, 'label' | 'file' | 'temperatureK'>): string | null {
  if (stateTemperature(s) !== null) return null;
  const r = readNameTemperature(s.file);
  return r.temperatureK === null ? r.reason : null;
}

/** "CPE1.Q, CPE1.alpha" ↔ ['CPE1.Q', 'CPE1.alpha'] (commas, semicolons or spaces). */
export function parseSharedText(text: string): string[] {
  return text.split(/[,;\s]+/).map((x) => x.trim()).filter((x) => x !== '');
}

/** One spectrum's row of the form. */
export interface SeriesRow {
  label: string;
  include: boolean;
  temperature: string;
}

/** The section's form as typed. */
export interface SeriesForm {
  /** The circuit the form was made for: bulk and shared names carry over only to the same circuit. */
  circuit?: string;
  rows: SeriesRow[];
  unit: TemperatureUnit;
  thickness: string;
  /** The area (cm²) or, with `areaKind: 'diameter'`, the diameter (cm). */
  area: string;
  areaKind: 'area' | 'diameter';
  bulk: string;
  form: 'sigma' | 'sigmaT';
  shared: string;
}

/** The analysis the spectra came from. */
export interface SeriesSource {
  circuit: string;
  range: SeriesRequest['range'];
  /** The spectra, with what their files state about the pellet (thicknessCm, areaCm2), where they do. */
  spectra: readonly (Pick<SpectrumResult, 'label' | 'freq' | 're' | 'im'> & Partial<Pick<SpectrumResult, 'thicknessCm' | 'areaCm2'>>)[];
  /** The defaults of the circuit (AnalyseDone.seriesDefaults): a shared list equal to them is not sent. */
  defaults: { bulk: string; shared: string[] };
}

/** What the files of the included spectra state for one geometry value: one agreed value, a disagreement, or not stated by every file. */
type Stated = { value: number } | { differ: string } | { unstated: string[] };

function statedByFiles(values: readonly (number | undefined)[], labels: readonly string[], unit: string): Stated {
  const missing = labels.filter((_, k) => !(values[k]! > 0));
  if (missing.length) return { unstated: missing };
  const v0 = values[0]!;
  const d = values.findIndex((v) => Math.abs(v! - v0) > 1e-9 * v0);
  if (d >= 0) return { differ: `${labels[0]}: ${Number(v0.toPrecision(6))} ${unit}, ${labels[d]}: ${Number(values[d]!.toPrecision(6))} ${unit}` };
  return { value: v0 };
}

/**
 * The form checked and turned into a request (without type and id) with notes on where the
 * geometry came from, or every problem found, each naming the input. The shared list is sent only
 * when it differs from the default, so an untouched form asks what `eiskit series --global` asks.
 *
 * The geometry, as `eiskit series` takes it: a value typed in the Pellet box wins (a note names
 * the files' value when they state another); an empty box takes the value every included
 * spectrum's file states, and files that state different values are an error naming two of them
 * (type the pellet's value); missing when not every file states it.
 */
export function seriesRequest(src: SeriesSource, f: SeriesForm): { request: Omit<SeriesRequest, 'type' | 'id'>; notes: string[] } | { errors: string[] } {
  const errors: string[] = [];
  const unitText = f.unit === 'K' ? 'K' : '°C';
  const included = f.rows.map((r, k) => ({ r, k })).filter((x) => x.r.include);
  const temps: number[] = [];
  for (const { r } of included) {
    const text = r.temperature.trim();
    if (text === '') {
      errors.push(`Temperature of ${r.label}: missing — type it in ${unitText} or untick the spectrum.`);
      continue;
    }
    const v = parseNumber(text);
    if (v === null) {
      errors.push(notANumber(`Temperature of ${r.label}`, text, unitText));
      continue;
    }
    const k = f.unit === 'K' ? v : v + ZERO_C;
    if (!(k > 0)) errors.push(`Temperature of ${r.label}: ${text} ${unitText} is not above absolute zero${f.unit === 'K' ? ' (°C typed with the unit on K?)' : ''}.`);
    else temps.push(k);
  }
  if (included.length < MIN_SERIES) errors.push(`Spectra: ${included.length} included; the temperature law needs at least ${MIN_SERIES} spectra at ${MIN_SERIES} distinct temperatures.`);
  else if (temps.length === included.length) {
    const distinct = new Set(temps).size;
    if (distinct < MIN_SERIES) errors.push(`Temperatures: ${distinct} distinct among the ${included.length} included spectra; the temperature law needs at least ${MIN_SERIES}.`);
  }
  const notes: string[] = [];
  const labels = included.map(({ k }) => src.spectra[k]!.label);
  const typedValue = (what: string, t: string, unit: string) => {
    const v = parseNumber(t);
    if (v === null) errors.push(notANumber(what, t, unit));
    else if (!(v > 0)) errors.push(`${what}: must be > 0 ${unit}; got ${t}.`);
    else return v;
    return null;
  };
  // the box's value (converted by `toValue`, a diameter to an area) or the files'
  const geometry = (what: string, text: string, unit: string, key: 'thicknessCm' | 'areaCm2', fileWhat: string, fileUnit: string, toValue: (v: number) => number) => {
    const t = text.trim();
    const stated = statedByFiles(included.map(({ k }) => src.spectra[k]![key]), labels, fileUnit);
    if (t !== '') {
      const v = typedValue(what, t, unit);
      if (v === null) return null;
      const value = toValue(v);
      if ('value' in stated && Math.abs(stated.value - value) > 1e-9 * value) notes.push(`${fileWhat}: the Pellet box's ${Number(value.toPrecision(6))} ${fileUnit} is used; the files state ${Number(stated.value.toPrecision(6))} ${fileUnit}.`);
      else if ('differ' in stated) notes.push(`${fileWhat}: the Pellet box's ${Number(value.toPrecision(6))} ${fileUnit} is used; the files state different values (${stated.differ}).`);
      return value;
    }
    if ('value' in stated) {
      notes.push(`${fileWhat}: ${Number(stated.value.toPrecision(6))} ${fileUnit}, as the files state (the Pellet box is empty).`);
      return stated.value;
    }
    if ('differ' in stated) errors.push(`${what}: the files state different values (${stated.differ}) — type the pellet's value in the Pellet box.`);
    else if (stated.unstated.length < labels.length) errors.push(`${what}: missing (${unit}) — the files of ${stated.unstated.join(', ')} do not state it.`);
    else errors.push(`${what}: missing (${unit}).`);
    return null;
  };
  const thicknessCm = geometry('Thickness', f.thickness, 'cm', 'thicknessCm', 'Thickness', 'cm', (v) => v);
  const areaCm2 = f.areaKind === 'area'
    ? geometry('Electrode area', f.area, 'cm²', 'areaCm2', 'Electrode area', 'cm²', (v) => v)
    : geometry('Electrode diameter', f.area, 'cm', 'areaCm2', 'Electrode area', 'cm²', (d) => (Math.PI * d * d) / 4);
  const bulk = f.bulk.trim();
  if (bulk === '') errors.push('Bulk resistance: missing (a resistance of the circuit, e.g. R1).');
  if (f.form !== 'sigma' && f.form !== 'sigmaT') errors.push(`Law: must be σ or σT; got ${String(f.form)}.`);
  if (errors.length) return { errors };
  const shared = parseSharedText(f.shared);
  const byDefault = src.defaults.shared;
  const same = shared.length === byDefault.length && shared.every((n, k) => n === byDefault[k]);
  return {
    notes,
    request: {
      circuit: src.circuit, range: { ...src.range }, bulk, form: f.form, geometry: { thicknessCm: thicknessCm!, areaCm2: areaCm2! },
      spectra: included.map(({ k }, j) => {
        const s = src.spectra[k]!;
        return { label: s.label, freq: [...s.freq], re: [...s.re], im: [...s.im], temperatureK: temps[j]! };
      }),
      ...(same ? {} : { shared }),
    },
  };
}

/** The series result as the JSON download, versioned. */
export function seriesJson(o: SeriesOutcome): string {
  return JSON.stringify({ format: 'eiskit-app-series', version: 1, ...o }, null, 1);
}
