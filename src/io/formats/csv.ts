/**
 * Generic delimited text: a header row (names such as f, freq, frequency; Z', Zre, Re(Z), real;
 * Z'', -Z'', Zim, -Im(Z), imaginary; or |Z| with phase / -phase in degrees) or three header-less
 * columns f, Z', Z'' (the layout of impedance.py's exampleData.csv). The delimiter (tab, ';', ',',
 * spaces) and a decimal comma are found from the content. Several sweeps in one file are split
 * where the header repeats (writeSpectraCsv's layout) or where the frequency restarts.
 */
import { fail, quoteLine } from '../fail.ts';
import type { BaseMeta, Note } from '../sweeps.ts';
import { tableSpectra, type Row, type Table } from '../table.ts';
import { mapColumns } from '../columns.ts';
import { hasDecimalComma, isComment, lastContentLine, parseNumber, sniffDelimiter, splitFields, withoutTrailingEmpty, type Delimiter } from '../text.ts';
import { CSV_HEADER } from '../write-csv.ts';
import type { Spectrum } from '../types.ts';
import type { Reader } from './reader.ts';

const SAMPLE = 50;

/**
 * Column names written as a comment just above the first data line (`# f,Z',-Z''`), when they
 * have `width` fields and name a frequency and an impedance.
 */
function headerFromComment(lines: readonly string[], first: number, delimiter: Delimiter, width: number, decimalComma: boolean): { fields: string[]; line: number } | undefined {
  let i = first - 1;
  while (i >= 0 && lines[i]!.trim() === '') i--;
  if (i < 0 || !isComment(lines[i]!)) return undefined;
  const text = lines[i]!.trimStart().replace(/^(#|%|\/\/)\s*/, '');
  const fields = withoutTrailingEmpty(splitFields(text, delimiter));
  if (fields.length !== width || allNumeric(fields, decimalComma)) return undefined;
  try {
    mapColumns(fields);
  } catch {
    return undefined;
  }
  return { fields, line: i };
}

/** The written form of a number: decimals and exponent width ("1.250E+03" → "3e2"); '' for free forms. */
function numberShape(field: string): string {
  const m = /^[+-]?\d*(?:[.,](\d*))?(?:[eE]([+-]?)(\d+))?$/.exec(field.trim());
  if (!m) return '';
  return `${m[1]?.length ?? 0}${m[3] !== undefined ? `e${m[3].length}` : ''}`;
}

/** Indices of the lines from `start` on that are neither blank nor comments. */
function contentLines(lines: readonly string[], start: number, max = Infinity): number[] {
  const out: number[] = [];
  for (let i = start; i < lines.length && out.length < max; i++) {
    if (lines[i]!.trim() !== '' && !isComment(lines[i]!)) out.push(i);
  }
  return out;
}

function allNumeric(fields: readonly string[], decimalComma: boolean): boolean {
  return fields.length > 0 && fields.every((f) => parseNumber(f, decimalComma) !== undefined);
}

export interface DelimitedOptions {
  /** The delimiter, when the layout fixes it (a decimal comma is still found from the data). */
  delimiter?: Delimiter;
  /** Where the table starts (0-based line index); default: the first line. */
  start?: number;
}

/** The table of a delimited text starting at `start` (header or header-less, see the module comment). */
export function delimitedTable(lines: readonly string[], options: DelimitedOptions = {}): { table: Table; notes: Note[] } {
  const idx = contentLines(lines, options.start ?? 0);
  if (idx.length === 0) fail('no table: the text has no data lines');
  const sample = idx.slice(0, SAMPLE).map((i) => lines[i]!);
  const d = options.delimiter;
  // (a header whose names contain spaces may not split like the data: then the data decide)
  const sniffed = d !== undefined ? { delimiter: d, decimalComma: d !== ',' && sample.some((l) => splitFields(l, d).some(hasDecimalComma)) } : (sniffDelimiter(sample) ?? (sample.length > 2 ? sniffDelimiter(sample.slice(1)) : undefined));
  if (!sniffed) fail(`unknown layout: no delimiter (tab, ';', ',' or spaces) splits the lines into the same number of columns (first line ${quoteLine(lines[idx[0]!]!)})`);
  const { delimiter, decimalComma } = sniffed;
  const first = withoutTrailingEmpty(splitFields(lines[idx[0]!]!, delimiter));
  const notes: Note[] = [];
  let header: string[];
  let columns: string[] | undefined;
  let dataFrom: number;
  const commented = allNumeric(first, decimalComma) ? headerFromComment(lines, idx[0]!, delimiter, first.length, decimalComma) : undefined;
  if (commented) {
    // numpy's savetxt, MATLAB and Octave write the header as a comment ("# f,Z',-Z''")
    header = commented.fields;
    notes.push({ text: `the column names come from the comment on line ${commented.line + 1}` });
    dataFrom = 0;
  } else if (allNumeric(first, decimalComma)) {
    if (first.length !== 3) fail(`no header and ${first.length} columns: a file without a header must have exactly 3 columns (f, Z', Z'')`);
    header = ['f', "Z'", "Z''"];
    columns = ['column 1', 'column 2', 'column 3'];
    notes.push({ text: "no header: columns 1, 2, 3 read as f (Hz), Z' and Z'' (Ohm)" });
    dataFrom = 0;
  } else {
    header = first;
    dataFrom = 1;
    // a space-aligned table whose names contain spaces ("Freq (Hz)   Z' (Ohm)"): names are
    // separated by two or more spaces or a tab there
    const dataWidth = idx.length > 1 ? withoutTrailingEmpty(splitFields(lines[idx[1]!]!, delimiter)).length : header.length;
    if (delimiter === ' ' && header.length !== dataWidth) {
      const wide = lines[idx[0]!]!.trim().split(/\t|\s{2,}/).map((f) => f.trim());
      if (wide.length === dataWidth) header = wide;
    }
  }
  const headerKey = header.join('\u0000');
  const rows: Row[] = [];
  let block = 0;
  for (let k = dataFrom; k < idx.length; k++) {
    const line = idx[k]!;
    const fields = splitFields(lines[line]!, delimiter);
    // a repeated header starts the next sweep (writeSpectraCsv separates sweeps this way)
    if (dataFrom === 1 && withoutTrailingEmpty(fields).join('\u0000') === headerKey) {
      block++;
      continue;
    }
    rows.push({ line: line + 1, fields, block });
  }
  // a file that ends without a line break may have been cut inside its last number ("-3.5E+0"
  // for "-3.5E+01"): when every earlier row writes a column in one fixed shape (exponent width,
  // decimals) and the last row's field has another, the row is dropped with a note
  const lastIdx = lines.length - 1;
  if (lines[lastIdx]!.trim() !== '' && rows.length >= 6) {
    const last = rows[rows.length - 1]!;
    const earlier = rows.slice(Math.max(0, rows.length - 21), -1);
    const cut = last.line === lastIdx + 1 && last.fields.some((f, j) => {
      const shapes = new Set(earlier.map((r) => numberShape(r.fields[j] ?? '')));
      if (shapes.size !== 1 || shapes.has('')) return false;
      const [decimals, exp] = [...shapes][0]!.split('e');
      const [d2, e2] = numberShape(f).split('e');
      // a cut only shortens: fewer decimals, or an exponent lost or shorter
      return Number(d2) < Number(decimals) || (exp !== undefined && (e2 === undefined || Number(e2) < Number(exp)));
    });
    if (cut) {
      rows.pop();
      notes.push({ line: last.line, text: `line ${last.line} ends the file without a line break and writes a number in another form than the lines before: it looks cut off, dropped` });
    }
  }
  const table: Table = {
    header, rows, decimalComma, columns, splitByCycle: true,
    // writeSpectraCsv's own files: the sweeps are the blocks between headers, whatever the frequencies do
    splitByRestart: headerKey !== CSV_HEADER.split(',').join('\u0000'),
    lastLine: lastContentLine(lines) + 1,
    empty: `no data rows after the header (line ${idx[0]! + 1})`,
  };
  return { table, notes };
}

/**
 * Whether the lines from `start` on form a table: a header or data line, then data lines (the
 * first with a number, some with two or more; a DC row may leave Z empty), or a single line of
 * three numbers (a one-point header-less file).
 */
export function looksLikeTable(lines: readonly string[], start = 0): boolean {
  const idx = contentLines(lines, start, 20);
  if (idx.length === 0) return false;
  if (idx.length === 1) {
    const line = lines[idx[0]!]!;
    const s = sniffDelimiter([line]);
    const fields = s ? withoutTrailingEmpty(splitFields(line, s.delimiter)) : [];
    return s !== undefined && fields.length === 3 && allNumeric(fields, s.decimalComma);
  }
  const sniffed = sniffDelimiter(idx.map((i) => lines[i]!)) ?? (idx.length > 2 ? sniffDelimiter(idx.slice(1).map((i) => lines[i]!)) : undefined);
  if (!sniffed) return false;
  const numbers = (i: number) => splitFields(lines[i]!, sniffed.delimiter).filter((f) => parseNumber(f, sniffed.decimalComma) !== undefined).length;
  return numbers(idx[1]!) >= 1 && idx.slice(1).some((i) => numbers(i) >= 2);
}

export function readDelimited(lines: readonly string[], base: BaseMeta, options: DelimitedOptions = {}, fileNotes: readonly Note[] = []): Spectrum[] {
  const { table, notes } = delimitedTable(lines, options);
  return tableSpectra(table, base, [...fileNotes, ...notes]);
}

/** How many lines above a table (an Excel "sep=;" line, "Sample: …", "Date: …") are looked past. */
const MAX_PREAMBLE = 12;

/** The first line from which the text reads as a table whose header names the columns (0 when none is found). */
function tableStart(lines: readonly string[]): number {
  for (let s = 0; s <= MAX_PREAMBLE && s < lines.length; s++) {
    if (!looksLikeTable(lines, s)) continue;
    if (s === 0) return 0;
    try {
      delimitedTable(lines, { start: s });
      const sniffed = sniffDelimiter([lines[s]!]);
      if (sniffed) mapColumns(withoutTrailingEmpty(splitFields(lines[s]!, sniffed.delimiter)));
      return s;
    } catch {
      /* not a header here */
    }
  }
  return 0;
}

export const csv: Reader = {
  name: 'csv',
  label: 'delimited text (CSV/TXT)',
  extensions: ['csv', 'txt', 'tsv', 'dat'],
  kind: 'table',
  summary: 'Delimited text with a header (or three header-less columns f, Z\', Z\'\').',
  docs: {
    layout: 'CSV/TXT',
    detectedBy: 'anything tabular',
    meta: '',
    limits: 'delimiter and decimal-comma sniffing, header aliases (`Z\'`, `Zre`, `Re(Z)`, `Zs\'`, `-Im(Z)`, `-Z\'\'`…), polar `\\|Z\\|` + phase, header-less three columns, several sweeps',
  },
  sniff: (_text, lines) => looksLikeTable(lines) || tableStart(lines) > 0,
  read: (_text, lines, base) => {
    const start = looksLikeTable(lines) ? 0 : tableStart(lines);
    const notes: Note[] = start > 0 ? [{ text: `lines 1–${start} above the table were skipped` }] : [];
    return readDelimited(lines, base, { start }, notes);
  },
};
