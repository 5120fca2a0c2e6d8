/**
 * The worksheets of an .xlsx workbook (readers.md §8): xl/workbook.xml lists <sheet name r:id>,
 * xl/_rels/workbook.xml.rels maps the ids to worksheets/sheetN.xml; cells <c r="A1" t="…"><v>…</v></c>
 * hold numbers (t="n" or no t), indices into xl/sharedStrings.xml (t="s"), inline strings
 * (t="inlineStr": <is><t>), formula strings (t="str") or booleans (t="b").
 */
import { fail } from '../fail.ts';
import type { Sheet, SheetRow } from './grid.ts';
import { scanXml } from './xml.ts';
import { entryText, unzip } from './zip.ts';

/** 0-based column of a cell reference ("C7" → 2); −1 when it has no letters. */
function columnOf(ref: string): number {
  let c = 0, k = 0;
  for (; k < ref.length && k < 4; k++) {
    const code = ref.charCodeAt(k) & ~32;
    if (code < 65 || code > 90) break;
    c = c * 26 + (code - 64);
  }
  return k === 0 ? -1 : c - 1;
}

function sharedStrings(xml: string | undefined): string[] {
  if (xml === undefined) return [];
  const out: string[] = [];
  let depth = 0, inT = false, current = '';
  scanXml(xml, {
    open(name, _a, self) {
      if (name === 'si' && !self) { depth++; current = ''; }
      else if (name === 't' && depth > 0 && !self) inT = true;
      else if (name === 'rPh' && !self) depth++; // phonetic runs: not part of the text
    },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') depth--;
      else if (name === 'si') { out.push(current); depth = 0; }
    },
    text(t) { if (inT && depth === 1) current += t; },
  });
  return out;
}

function parseSheet(name: string, xml: string, strings: readonly string[]): Sheet {
  const rows: SheetRow[] = [];
  let row: SheetRow | undefined;
  let cell: { col: number; type: string } | undefined;
  let value = '', capture = false, nextCol = 0, nextRow = 0;
  scanXml(xml, {
    open(tag, a, self) {
      if (tag === 'row') {
        const r = Number(a.r);
        row = { index: Number.isInteger(r) && r >= 1 ? r - 1 : nextRow, cells: new Map() };
        nextRow = row.index + 1;
        nextCol = 0;
        if (self) { rows.push(row); row = undefined; }
      } else if (tag === 'c' && row) {
        const col = a.r !== undefined ? columnOf(a.r) : nextCol;
        cell = { col: col < 0 ? nextCol : col, type: a.t ?? 'n' };
        nextCol = cell.col + 1;
        value = '';
        if (self) cell = undefined;
      } else if ((tag === 'v' || tag === 't') && cell && !self) capture = true;
    },
    close(tag) {
      if (tag === 'v' || tag === 't') capture = false;
      else if (tag === 'c' && cell && row) {
        let v = value;
        if (cell.type === 's') v = strings[Number(value)] ?? '';
        else if (cell.type === 'b') v = value === '1' ? 'TRUE' : 'FALSE';
        if (v !== '') row.cells.set(cell.col, v);
        cell = undefined;
      } else if (tag === 'row' && row) { rows.push(row); row = undefined; }
    },
    text(t) { if (capture) value += t; },
  });
  return { name, rows };
}

/** More <sheet> entries than any real workbook holds: a crafted file (each would be read in turn). */
export const MAX_SHEETS = 1000;

/**
 * The worksheets of a workbook, each read once: a <sheet> whose target was read already (no
 * real workbook has one; a crafted one repeats it to multiply the work) is skipped and named in
 * `notes`.
 */
export function xlsxSheets(bytes: Uint8Array): { sheets: Sheet[]; notes: string[] } {
  const files = unzip(bytes, (n) => n === 'xl/workbook.xml' || n === 'xl/_rels/workbook.xml.rels' || n === 'xl/sharedStrings.xml' || (n.startsWith('xl/worksheets/') && n.endsWith('.xml')));
  const workbook = entryText(files, 'xl/workbook.xml');
  if (workbook === undefined) fail('a ZIP archive without xl/workbook.xml: not an .xlsx workbook');
  const list: { name: string; id: string }[] = [];
  scanXml(workbook, {
    open(tag, a) { if (tag === 'sheet' && a.name !== undefined) list.push({ name: a.name, id: a['r:id'] ?? '' }); },
    close() {},
    text() {},
  });
  if (list.length > MAX_SHEETS) fail(`the workbook lists ${list.length} sheets; eiskit reads at most ${MAX_SHEETS}`);
  const targets = new Map<string, string>();
  scanXml(entryText(files, 'xl/_rels/workbook.xml.rels') ?? '', {
    open(tag, a) { if (tag === 'Relationship' && a.Id && a.Target) targets.set(a.Id, a.Target); },
    close() {},
    text() {},
  });
  const strings = sharedStrings(entryText(files, 'xl/sharedStrings.xml'));
  const read = new Set<string>();
  const repeated: string[] = [];
  const sheets: Sheet[] = [];
  list.forEach((s, k) => {
    const target = targets.get(s.id) ?? `worksheets/sheet${k + 1}.xml`;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    if (read.has(path)) { repeated.push(s.name); return; }
    read.add(path);
    const xml = entryText(files, path);
    sheets.push(xml === undefined ? { name: s.name, rows: [] } : parseSheet(s.name, xml, strings));
  });
  const shown = repeated.slice(0, 5).map((n) => JSON.stringify(n)).join(', ') + (repeated.length > 5 ? ', …' : '');
  const notes = repeated.length === 0 ? [] : [`${repeated.length} ${repeated.length === 1 ? 'sheet points' : 'sheets point'} at a worksheet read already: skipped (${shown})`];
  return { sheets, notes };
}
