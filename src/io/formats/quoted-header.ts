/**
 * The layout shared by Autolab's "Z60W Data File" and ZPlot 3.2c's "ZPlotW Data File" exports
 * (readers.md §3): title and setting lines, a point-count line, then ONE quoted line of column
 * names aligned with spaces ("  Freq(Hz)    Ampl     Bias   Time(Sec)   Z'(a)    Z''(b) …"), then
 * comma-separated rows. The count line may disagree with the rows (79 stated, 31 present): the
 * rows are read to the end of the file and the difference is noted.
 */
import { fail, plural } from '../fail.ts';
import type { BaseMeta, Note } from '../sweeps.ts';
import { fitHeader, tableSpectra, type Row } from '../table.ts';
import { lastContentLine, splitFields, unquote, withoutTrailingEmpty } from '../text.ts';
import type { Spectrum } from '../types.ts';

/** Whether a line names the frequency and Z' columns (the column-name line). */
function isNameLine(line: string): boolean {
  const l = line.toLowerCase();
  return l.includes('freq') && l.includes("z'");
}

/** Names separated by two or more spaces or a tab; by single spaces when that gives the rows' width. */
function names(line: string, width: number): string[] {
  const t = unquote(line);
  const wide = t.split(/\t| {2,}/).map((s) => s.trim()).filter((s) => s !== '');
  if (wide.length >= width || width === 0) return wide;
  const narrow = t.split(/\s+/).filter((s) => s !== '');
  return narrow.length === width ? narrow : wide;
}

export function readQuotedHeaderTable(lines: readonly string[], base: BaseMeta): Spectrum[] {
  let namesAt = -1;
  for (let i = 1; i < Math.min(lines.length, 100); i++) {
    if (isNameLine(lines[i]!)) { namesAt = i; break; }
  }
  if (namesAt < 0) fail('no column-name line (Freq(Hz) … Z\'(a) Z\'\'(b)) in the first 100 lines');
  const rows: Row[] = [];
  for (let i = namesAt + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    rows.push({ line: i + 1, fields: splitFields(lines[i]!, ','), block: 0 });
  }
  const width = rows.length > 0 ? withoutTrailingEmpty(rows[0]!.fields).length : 0;
  const header = names(lines[namesAt]!, width);
  const notes: Note[] = [];
  const countText = unquote(lines[namesAt - 1] ?? '');
  const count = /^\d{1,9}$/.test(countText) ? Number(countText) : undefined;
  if (count !== undefined && count !== rows.length) {
    notes.push({ text: `the header announces ${plural(count, 'point')}, the file has ${rows.length}${count > rows.length ? ': the run stopped early' : ''}` });
  }
  return tableSpectra({
    // rows may stop short of the header (readers.md §0: never reject over a count): read by name
    header: fitHeader(header, rows, notes), rows, decimalComma: false, shortRows: true,
    lastLine: lastContentLine(lines) + 1,
    empty: `no data rows after the column names (line ${namesAt + 1})`,
  }, base, notes);
}
