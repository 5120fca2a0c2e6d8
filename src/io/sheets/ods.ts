/**
 * The tables of an OpenDocument spreadsheet (readers.md §8): content.xml of an .ods (a ZIP whose
 * stored first entry "mimetype" says application/vnd.oasis.opendocument.spreadsheet), or the
 * whole flat XML of an .fods. <table:table table:name> → <table:table-row> →
 * <table:table-cell office:value-type="float" office:value="…">, strings in <text:p>.
 * table:number-columns-repeated and number-rows-repeated are expanded for cells with content
 * only (LibreOffice pads rows with table:number-columns-repeated="16384" empty cells: they only
 * advance the column), and the cells materialised are capped.
 */
import { fail } from '../fail.ts';
import type { Sheet, SheetRow } from './grid.ts';
import { scanXml } from './xml.ts';
import { entryText, unzip } from './zip.ts';

export const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const MAX_CELLS = 2_000_000;
const NUMERIC = new Set(['float', 'percentage', 'currency']);

function repeat(v: string | undefined): number {
  const n = v === undefined ? 1 : Number(v);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function odsTables(xml: string): Sheet[] {
  const sheets: Sheet[] = [];
  let sheet: Sheet | undefined;
  let row: { cells: Map<number, string>; repeat: number } | undefined;
  let cell: { repeat: number; numeric: string | undefined } | undefined;
  let rowIndex = 0, col = 0, cells = 0, text = '', inP = 0, paragraphs = 0;
  const addCell = (value: string, times: number) => {
    if (value !== '' && row) {
      cells += times;
      if (cells > MAX_CELLS) fail(`the spreadsheet expands to more than ${MAX_CELLS} cells with content`);
      for (let k = 0; k < times; k++) row.cells.set(col + k, value);
    }
    col += times;
  };
  scanXml(xml, {
    open(tag, a, self) {
      if (tag === 'table:table' && !self) {
        sheet = { name: a['table:name'] ?? `table ${sheets.length + 1}`, rows: [] };
        rowIndex = 0;
      } else if (tag === 'table:table-row' && sheet) {
        row = { cells: new Map(), repeat: repeat(a['table:number-rows-repeated']) };
        col = 0;
        if (self) { rowIndex += row.repeat; row = undefined; }
      } else if ((tag === 'table:table-cell' || tag === 'table:covered-table-cell') && row) {
        const type = a['office:value-type'];
        const numeric = type !== undefined && NUMERIC.has(type) ? (a['office:value'] ?? '') : undefined;
        const times = repeat(a['table:number-columns-repeated']);
        if (self) addCell(numeric ?? '', times);
        else { cell = { repeat: times, numeric }; text = ''; paragraphs = 0; }
      } else if (tag === 'text:p' && cell && !self) {
        if (paragraphs++ > 0) text += '\n';
        inP++;
      }
    },
    close(tag) {
      if (tag === 'text:p') inP = Math.max(0, inP - 1);
      else if ((tag === 'table:table-cell' || tag === 'table:covered-table-cell') && cell) {
        addCell(cell.numeric ?? text, cell.repeat);
        cell = undefined;
      } else if (tag === 'table:table-row' && row && sheet) {
        if (row.cells.size > 0) {
          cells += row.cells.size * (row.repeat - 1);
          if (cells > MAX_CELLS) fail(`the spreadsheet expands to more than ${MAX_CELLS} cells with content`);
          for (let k = 0; k < row.repeat; k++) sheet.rows.push({ index: rowIndex + k, cells: row.cells } satisfies SheetRow);
        }
        rowIndex += row.repeat;
        row = undefined;
      } else if (tag === 'table:table' && sheet) {
        sheets.push(sheet);
        sheet = undefined;
      }
    },
    text(t) { if (inP > 0 && cell) text += t; },
  });
  return sheets;
}

/** Whether a ZIP's first entry is the stored ODS mimetype (bytes 30.. hold "mimetype" and its content). */
export function isOdsZip(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(30, 38 + ODS_MIMETYPE.length));
  return head === `mimetype${ODS_MIMETYPE}`;
}

export function odsZipTables(bytes: Uint8Array): Sheet[] {
  const files = unzip(bytes, (n) => n === 'content.xml');
  const content = entryText(files, 'content.xml');
  if (content === undefined) fail('an OpenDocument archive without content.xml');
  return odsTables(content);
}
