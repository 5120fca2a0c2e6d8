/**
 * The one CSV writer of eiskit's tables: `eiskit convert`'s representations (Y, C*, ε*, M*, σ*),
 * the app's download of the same, and the app's other tables (app/csv.ts re-exports the cells).
 *
 * Decided once, here:
 * - Line ending: CRLF after every record, the last one too (RFC 4180 section 2, rules 1–2,
 *   https://www.rfc-editor.org/rfc/rfc4180): the registered text/csv form, which every
 *   spreadsheet and CSV library reads, and LF-only readers (awk, pandas) take as well, so one byte
 *   stream serves both the command line and the browser download.
 * - Formula neutralising (OWASP "CSV injection",
 *   https://owasp.org/www-community/attacks/CSV_Injection): a text cell starting with = + - @, a
 *   tab or a carriage return gets a leading single quote — unless the whole cell is a plain
 *   decimal number ("-12.5", "+3e-4"). A number is a constant, not a formula, so a spreadsheet
 *   evaluates nothing in it, and neutralising it would turn a negative number into text. Only
 *   text cells are neutralised; number cells are written in JavaScript's shortest round-trip form
 *   (reading back gives the same float64), non-finite ones as text ("'-Infinity").
 *
 * No import from src/representation/ (a sibling layer): a represented spectrum is taken by shape.
 */
import { EisError, show } from '../errors.ts';

/** A cell: text, a number, a boolean, or empty (null/undefined). */
export type CsvCell = string | number | boolean | null | undefined;

/** The record separator (RFC 4180). */
export const CSV_EOL = '\r\n';

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
// A plain decimal number (optionally signed, with exponent). Every way to match is unique (the
// fraction digits need the dot), so backtracking is linear: "-" + 10⁵ digits + "x" is rejected at once.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Text a spreadsheet would not evaluate: a leading ' before = + - @ tab CR, unless it is a plain decimal number. */
export function neutralise(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0]!) && !DECIMAL.test(text) ? `'${text}` : text;
}

/** One field: numbers as the shortest round-trip text, text neutralised, then quoted when it holds a comma, quote, CR or LF. */
export function csvField(cell: CsvCell): string {
  let text: string;
  if (cell === null || cell === undefined) text = '';
  else if (typeof cell === 'number') text = Number.isFinite(cell) ? String(cell) : neutralise(String(cell)); // "-Infinity" is text to a spreadsheet
  else if (typeof cell === 'boolean') text = String(cell);
  else text = neutralise(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records, each ending with CRLF (RFC 4180). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}${CSV_EOL}`).join('');
}

/** The representations (the keys of `eiskit convert --to`). */
export const REPRESENTATION_KEYS = ['Y', 'C', 'eps', 'M', 'sigma'] as const;
export type RepresentationKey = (typeof REPRESENTATION_KEYS)[number];

/** The units a represented spectrum comes in (RepresentedSpectrum['unit']). */
export type RepresentationUnit = 'S' | 'F' | 'F/cm' | '1' | 'S/cm';

/** A represented spectrum as the writer needs it (toAdmittance … toConductivity's result fits). */
export interface RepresentedColumns {
  unit: RepresentationUnit;
  freq: ArrayLike<number>;
  re: ArrayLike<number>;
  im: ArrayLike<number>;
}

const UNIT_SUFFIX: Record<RepresentationUnit, string> = { S: '_S', F: '_F', 'F/cm': '_F_per_cm', '1': '', 'S/cm': '_S_per_cm' };

/** The header: spectrum, freq_Hz, then re and im named by the key with the unit in ASCII ("sigmare_S_per_cm"). */
export function representationHeader(q: RepresentationKey, unit: RepresentationUnit): string[] {
  if (!(REPRESENTATION_KEYS as readonly string[]).includes(q)) throw new EisError('E_ARG_RANGE', `invalid argument. \`quantity\` must be one of ${REPRESENTATION_KEYS.join(', ')}; got ${show(q)}.`, { argument: 'quantity' });
  if (!Object.hasOwn(UNIT_SUFFIX, unit)) throw new EisError('E_ARG_RANGE', `invalid argument. \`unit\` must be one of ${Object.keys(UNIT_SUFFIX).join(', ')}; got ${show(unit)}.`, { argument: 'unit' });
  const u = UNIT_SUFFIX[unit];
  return ['spectrum', 'freq_Hz', `${q}re${u}`, `${q}im${u}`];
}

/**
 * Header and rows of one or several represented spectra: one row per point, the spectrum's label,
 * f (Hz), the real and imaginary parts with the physical sign (never negated). All in one unit
 * (one header), else E_ARG_RANGE naming the first that differs.
 */
export function representationRows(q: RepresentationKey, spectra: readonly { label: string; data: RepresentedColumns }[]): CsvCell[][] {
  if (spectra.length === 0) throw new EisError('E_ARG_LENGTH', 'invalid argument. `spectra` must hold at least one represented spectrum; got none.', { argument: 'spectra' });
  const unit = spectra[0]!.data.unit;
  const rows: CsvCell[][] = [representationHeader(q, unit)];
  spectra.forEach(({ label, data }, k) => {
    if (data.unit !== unit) throw new EisError('E_ARG_RANGE', `invalid argument. Every spectrum of one CSV must be in one unit; spectra[0] is in ${unit}, spectra[${k}] (${label}) in ${data.unit}.`, { argument: 'spectra', index: k });
    for (let i = 0; i < data.freq.length; i++) rows.push([label, data.freq[i]!, data.re[i]!, data.im[i]!]);
  });
  return rows;
}

/** The CSV text of {@link representationRows}: RFC 4180, CRLF, labels neutralised. */
export function writeRepresentationCsv(q: RepresentationKey, spectra: readonly { label: string; data: RepresentedColumns }[]): string {
  return toCsv(representationRows(q, spectra));
}
