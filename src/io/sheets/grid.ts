/**
 * Worksheets → spectra: one spectrum per sheet whose header names a frequency and an impedance
 * (the same names as in text tables: f, Z', Z''; freq, Zre, -Zim; |Z| with -phase …). Sheets are
 * kept sparse (only cells with content): the header is matched on its filled cells in column
 * order, and every row is cut down to the few columns the header names (frequency, Z, a sweep
 * counter), so a cell far to the right or a repeated empty range costs nothing — the work is
 * linear in the cells with content, never rows × sheet width. Sheets without such a header are
 * named in meta.notes.
 */
import { findCycleColumn, mapColumns } from '../columns.ts';
import { EisError } from '../../errors.ts';
import { fail, plural } from '../fail.ts';
import { joinSweeps, type BaseMeta } from '../sweeps.ts';
import { tableSpectra, type Row } from '../table.ts';
import type { Spectrum } from '../types.ts';

export interface SheetRow {
  /** 0-based row index in the sheet. */
  index: number;
  /** Cells with content, by 0-based column. */
  cells: Map<number, string>;
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

const HEADER_SEARCH = 20;

/** The trimmed cells of a row with content, in column order. */
function filled(row: SheetRow): { col: number; text: string }[] {
  const out: { col: number; text: string }[] = [];
  for (const [col, v] of row.cells) {
    const text = v.trim();
    if (text !== '') out.push({ col, text });
  }
  return out.sort((a, b) => a.col - b.col);
}

/** A header row's recognised columns: their sheet columns and names (frequency and Z first, then a sweep counter). */
function headerColumns(row: SheetRow): { cols: number[]; names: string[] } {
  const cells = filled(row);
  const names = cells.map((c) => c.text);
  const map = mapColumns(names); // throws E_FORMAT naming what is missing
  const used = (map.polar ? [map.freq, map.mod, map.phase] : [map.freq, map.re, map.im]).map((c) => c.index);
  const cycle = findCycleColumn(names);
  if (cycle >= 0 && !used.includes(cycle)) used.push(cycle);
  return { cols: used.map((i) => cells[i]!.col), names: used.map((i) => names[i]!) };
}

function sheetSpectra(sheet: Sheet, base: BaseMeta): Spectrum[] {
  const rows = sheet.rows.filter((r) => [...r.cells.values()].some((v) => v.trim() !== ''));
  if (rows.length === 0) fail('it is empty');
  let at = -1, header: { cols: number[]; names: string[] } | undefined;
  let firstError: unknown;
  for (let k = 0; k < Math.min(rows.length, HEADER_SEARCH); k++) {
    try {
      header = headerColumns(rows[k]!);
      at = k;
      break;
    } catch (e) {
      if (!(e instanceof EisError)) throw e;
      firstError ??= e;
    }
  }
  if (at < 0 || !header) throw firstError;
  const { cols } = header;
  // each row reduced to the header's columns: a missing cell is an empty field, as in a dense table
  const body: Row[] = rows.slice(at + 1).map((r) => ({ line: r.index + 1, fields: cols.map((c) => (r.cells.get(c) ?? '').trim()), block: 0 }));
  const meta: BaseMeta = { ...base, sample: sheet.name };
  return tableSpectra({
    header: header.names, rows: body, decimalComma: false, splitByCycle: true,
    lastLine: rows[rows.length - 1]!.index + 1,
    empty: `no data rows under the header (row ${rows[at]!.index + 1})`,
  }, meta, [{ text: `sheet ${JSON.stringify(sheet.name)}, header on row ${rows[at]!.index + 1}; "line" in notes means the sheet's row` }]);
}

/** Spectra of every sheet with a recognised header; the others are listed in the notes, after `workbookNotes`. */
export function workbookSpectra(sheets: readonly Sheet[], base: BaseMeta, workbookNotes: readonly string[] = []): Spectrum[] {
  const skipped: string[] = [...workbookNotes];
  const parts: Spectrum[][] = [];
  for (const sheet of sheets) {
    try {
      parts.push(sheetSpectra(sheet, base));
    } catch (e) {
      if (!(e instanceof EisError) || e.code !== 'E_FORMAT') throw e;
      skipped.push(`sheet ${JSON.stringify(sheet.name)} skipped: ${e.message}`);
    }
  }
  if (parts.length === 0) fail(`no sheet holds a spectrum (${plural(sheets.length, 'sheet')}${skipped.length ? `: ${skipped.join('; ')}` : ''})`);
  const out = joinSweeps(parts);
  if (skipped.length > 0) for (const s of out) s.meta.notes = [...(s.meta.notes ?? []), ...skipped];
  return out;
}

