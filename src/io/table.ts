/**
 * A table of text fields → spectra: picks the columns, parses the numbers, converts signs and
 * polar input, skips DC rows and drops a row the file's end cut short, each with a note, and
 * splits sweeps. Every reader ends here.
 */
import { mapColumns, findCycleColumn, usedColumns, type ColumnMap } from './columns.ts';
import { fail, plural } from './fail.ts';
import { toSpectra, type BaseMeta, type Note, type Point } from './sweeps.ts';
import { parseNumber, withoutTrailingEmpty } from './text.ts';
import type { Spectrum } from './types.ts';

export interface Row {
  /** 1-based line in the file. */
  line: number;
  fields: string[];
  /** Rows of different blocks (tables, segments, parts between repeated headers) never share a sweep. */
  block: number;
}

export interface Table {
  header: string[];
  rows: Row[];
  decimalComma: boolean;
  /**
   * 1-based line of the file's last non-blank line. A short or unreadable row there is where an
   * aborted run or a cut file ends: it is dropped with a note. Anywhere else it is an error.
   */
  lastLine: number;
  /**
   * Rows are left-aligned to the header and may end early (EC-Lab): a row inside the file with
   * fewer fields than the header is read when the frequency and Z columns lie within it (a
   * missing cycle number is the previous row's). (A short last line is still taken for a cut file and dropped with a note.)
   */
  shortRows?: boolean;
  /** The columns to read; default: found from the header names. */
  map?: ColumnMap;
  /** Start a new sweep where a cycle/sweep counter column changes. */
  splitByCycle?: boolean;
  /** Start a new sweep where the frequency restarts (default); false: only blocks and cycles separate sweeps. */
  splitByRestart?: boolean;
  /** meta.columns; default: the header names of the columns read. */
  columns?: string[];
  /** The message when the table has no rows. */
  empty: string;
}

/**
 * A header cut to the widest of the first 50 rows, the names beyond it noted as ignored. Rows are
 * left-aligned to the header: EC-Lab 11.61 writes more names than the rows have values (63 names:
 * the 61 of the values, an empty one and "Ewe-Ece/V"; readers.md §2), ZPlotW exports name GD, Err
 * and Range that some rows lack (readers.md §3). Never reject a file over a count (§0).
 */
export function fitHeader(header: string[], rows: readonly Row[], notes: Note[]): string[] {
  let width = 0;
  for (const r of rows.slice(0, 50)) width = Math.max(width, withoutTrailingEmpty(r.fields).length);
  if (rows.length === 0 || width >= header.length) return header;
  const extra = header.slice(width).filter((n) => n !== '');
  if (extra.length > 0) notes.push({ text: `the column names ${extra.join(', ')} have no values in the rows: ignored` });
  return header.slice(0, width);
}

export function tableSpectra(t: Table, base: BaseMeta, fileNotes: readonly Note[] = []): Spectrum[] {
  const map = t.map ?? mapColumns(t.header);
  const cycleCol = t.splitByCycle ? findCycleColumn(t.header) : -1;
  const notes: Note[] = [...fileNotes];
  const points: Point[] = [];
  const dcLines: number[] = [];
  const m = t.header.length;
  let group = -1, prevKey: string | undefined, dcBreak = false;
  const toRad = Math.PI / 180;
  const cols = map.polar ? [map.freq, map.mod, map.phase] : [map.freq, map.re, map.im];
  /** The highest field index read. */
  const needed = Math.max(...cols.map((c) => c.index));
  let cycle = '';
  for (const row of t.rows) {
    const { line } = row;
    // a trailing delimiter the header does not have (or more of them) adds empty fields
    const extra = row.fields.slice(m);
    const fields = extra.length > 0 && extra.every((f) => f === '') ? row.fields.slice(0, m) : row.fields;
    const atEnd = line === t.lastLine;
    if (fields.length !== m) {
      if (atEnd && fields.length < m) {
        notes.push({ line, text: `line ${line} is incomplete (${fields.length} of ${m} values) where the file ends: dropped` });
        continue;
      }
      if (!(t.shortRows && fields.length < m && fields.length > needed)) fail(`line ${line} has ${plural(fields.length, 'value')}, the header ${m}`, { line });
    }
    // the frequency first: a DC row (f = 0) is skipped whatever its impedance fields hold
    const f0 = parseNumber(fields[map.freq.index]!, t.decimalComma);
    if (f0 !== undefined && !(map.freq.sign * map.freq.scale * f0 > 0)) {
      dcLines.push(line);
      dcBreak = true;
      continue;
    }
    const v: number[] = [];
    let bad: string | undefined;
    for (const c of cols) {
      const x = parseNumber(fields[c.index]!, t.decimalComma);
      if (x === undefined) {
        bad = `${c.name} is ${JSON.stringify(fields[c.index])}, not a number`;
        break;
      }
      v.push(c.sign * c.scale * x);
    }
    if (bad !== undefined) {
      if (atEnd) {
        notes.push({ line, text: `line ${line} is incomplete (${bad}) where the file ends: dropped` });
        continue;
      }
      fail(`line ${line}: ${bad}`, { line });
    }
    const f = v[0]!;
    if (cycleCol >= 0 && fields[cycleCol] !== undefined) cycle = fields[cycleCol]!.trim();
    const key = `${row.block}|${cycle}`;
    if (key !== prevKey || dcBreak) group++;
    prevKey = key;
    dcBreak = false;
    if (map.polar) {
      const phi = v[2]! * toRad;
      points.push({ f, re: v[1]! * Math.cos(phi), im: v[1]! * Math.sin(phi), line, group });
    } else {
      points.push({ f, re: v[1]!, im: v[2]!, line, group });
    }
  }
  if (dcLines.length > 0) {
    const where = dcLines.length === 1 ? `line ${dcLines[0]}` : `lines ${dcLines[0]}–${dcLines[dcLines.length - 1]}`;
    if (points.length === 0) fail(`no impedance data: every row has frequency ≤ 0 Hz (${where}; DC measurements?)`);
    notes.push({ text: `skipped ${plural(dcLines.length, 'row')} with frequency ≤ 0 Hz (DC measurements; ${where})` });
  }
  if (points.length === 0) fail(notes.length > 0 ? `${t.empty}; ${notes.map((n) => n.text).join('; ')}` : t.empty);
  return toSpectra(points, base, t.columns ?? usedColumns(map), notes, t.splitByRestart ?? true);
}
