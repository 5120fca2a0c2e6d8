/**
 * Worksheets → spectra: one spectrum per sheet whose header names a frequency and an impedance
 * (the same names as in text tables: f, Z', Z''; freq, Zre, -Zim; |Z| with -phase …). Sheets are
 * kept sparse (only cells with content), and rows are cut to the header's width, so a cell far
 * to the right or a repeated empty range costs nothing. Sheets without such a header are named
 * in meta.notes.
 */
import { mapColumns } from '../columns.ts';
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

function dense(row: SheetRow, width: number): string[] {
  const out = new Array<string>(width).fill('');
  for (const [c, v] of row.cells) if (c < width) out[c] = v.trim();
  return out;
}

function widthOf(row: SheetRow): number {
  let w = 0;
  for (const c of row.cells.keys()) w = Math.max(w, c + 1);
  return w;
}

function sheetSpectra(sheet: Sheet, base: BaseMeta): Spectrum[] {
  const rows = sheet.rows.filter((r) => [...r.cells.values()].some((v) => v.trim() !== ''));
  if (rows.length === 0) fail('it is empty');
  let at = -1, header: string[] = [];
  let firstError: unknown;
  for (let k = 0; k < Math.min(rows.length, HEADER_SEARCH); k++) {
    const h = dense(rows[k]!, widthOf(rows[k]!));
    try {
      mapColumns(h);
      at = k;
      header = h;
      break;
    } catch (e) {
      if (!(e instanceof EisError)) throw e;
      firstError ??= e;
    }
  }
  if (at < 0) throw firstError;
  const width = header.length;
  const body: Row[] = rows.slice(at + 1).map((r) => ({ line: r.index + 1, fields: dense(r, width), block: 0 }));
  const meta: BaseMeta = { ...base, sample: sheet.name };
  return tableSpectra({
    header, rows: body, decimalComma: false, splitByCycle: true,
    lastLine: rows[rows.length - 1]!.index + 1,
    empty: `no data rows under the header (row ${rows[at]!.index + 1})`,
  }, meta, [{ text: `sheet ${JSON.stringify(sheet.name)}, header on row ${rows[at]!.index + 1}; "line" in notes means the sheet's row` }]);
}

/** Spectra of every sheet with a recognised header; the others are listed in the notes. */
export function workbookSpectra(sheets: readonly Sheet[], base: BaseMeta): Spectrum[] {
  const skipped: string[] = [];
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

