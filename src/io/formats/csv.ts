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
import { hasDecimalComma, isComment, lastContentLine, parseNumber, sniffDelimiter, splitFields, withoutTrailingEmpty, type Delimiter } from '../text.ts';
import { CSV_HEADER } from '../write-csv.ts';
import type { Spectrum } from '../types.ts';
import type { Reader } from './reader.ts';

const SAMPLE = 50;

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
  const sniffed = d !== undefined ? { delimiter: d, decimalComma: d !== ',' && sample.some((l) => splitFields(l, d).some(hasDecimalComma)) } : sniffDelimiter(sample);
  if (!sniffed) fail(`unknown layout: no delimiter (tab, ';', ',' or spaces) splits the lines into the same number of columns (first line ${quoteLine(lines[idx[0]!]!)})`);
  const { delimiter, decimalComma } = sniffed;
  const first = withoutTrailingEmpty(splitFields(lines[idx[0]!]!, delimiter));
  const notes: Note[] = [];
  let header: string[];
  let columns: string[] | undefined;
  let dataFrom: number;
  if (allNumeric(first, decimalComma)) {
    if (first.length !== 3) fail(`no header and ${first.length} columns: a file without a header must have exactly 3 columns (f, Z', Z'')`);
    header = ['f', "Z'", "Z''"];
    columns = ['column 1', 'column 2', 'column 3'];
    notes.push({ text: "no header: columns 1, 2, 3 read as f (Hz), Z' and Z'' (Ohm)" });
    dataFrom = 0;
  } else {
    header = first;
    dataFrom = 1;
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
  const table: Table = {
    header, rows, decimalComma, columns,
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
  const sniffed = sniffDelimiter(idx.map((i) => lines[i]!));
  if (!sniffed) return false;
  const numbers = (i: number) => splitFields(lines[i]!, sniffed.delimiter).filter((f) => parseNumber(f, sniffed.decimalComma) !== undefined).length;
  return numbers(idx[1]!) >= 1 && idx.slice(1).some((i) => numbers(i) >= 2);
}

export function readDelimited(lines: readonly string[], base: BaseMeta, options: DelimitedOptions = {}, fileNotes: readonly Note[] = []): Spectrum[] {
  const { table, notes } = delimitedTable(lines, options);
  return tableSpectra(table, base, [...fileNotes, ...notes]);
}

export const csv: Reader = {
  name: 'csv',
  label: 'delimited text (CSV/TXT)',
  extensions: ['csv', 'txt', 'tsv', 'dat'],
  sniff: (_text, lines) => looksLikeTable(lines),
  read: (_text, lines, base) => readDelimited(lines, base),
};
