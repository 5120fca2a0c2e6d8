/**
 * BioLogic EC-Lab ASCII export (.mpt). Layout (EC-Lab manual, "Export as text"): line 1
 * "EC-Lab ASCII FILE", line 2 "Nb header lines : N"; line N holds the tab-separated column names
 * ("freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm", "|Z|/Ohm", "Phase(Z)/deg", "cycle number", …) and the
 * data follow. -Im(Z) is stored, so the sign is flipped. Exports without the header block start
 * at the column names. The files are windows-1252 ("cm²", "Cs/µF"); the decimal separator is the
 * Windows locale's (decimal commas occur). Several sweeps (loops of a PEIS technique) are split
 * where "cycle number" changes or the frequency restarts.
 */
import { fail } from '../fail.ts';
import type { BaseMeta, Note } from '../sweeps.ts';
import { fitHeader, tableSpectra, type Row } from '../table.ts';
import { hasDecimalComma, lastContentLine, parseNumber, splitFields, withoutTrailingEmpty } from '../text.ts';
import { headerValue, positive, type Reader } from './reader.ts';

const MAGIC = /^(?:EC|BT)-Lab ASCII FILE/;

/** The value of "Nb header lines : N" (any text after the colon, so nonsense can be named), or undefined without that key. */
function nbHeaderLines(line: string): { text: string; value: number } | undefined {
  const t = line.trim();
  if (!t.startsWith('Nb header lines')) return undefined;
  const colon = t.indexOf(':');
  if (colon < 0) return undefined;
  const text = t.slice(colon + 1).trim().slice(0, 40);
  return { text, value: /^\d{1,9}$/.test(text) ? Number(text) : NaN };
}

function isColumnLine(line: string): boolean {
  const names = line.split('\t').map((f) => f.trim());
  return names.includes('freq/Hz') && (names.includes('Re(Z)/Ohm') || names.includes('|Z|/Ohm'));
}

export const biologic: Reader = {
  name: 'biologic',
  label: 'BioLogic EC-Lab .mpt',
  extensions: ['mpt'],
  kind: 'instrument',
  summary: 'BioLogic EC-Lab ASCII export (.mpt).',
  docs: {
    layout: 'BioLogic EC-Lab `.mpt`',
    detectedBy: '`EC-Lab ASCII FILE` / `freq/Hz` header',
    meta: 'instrument, date, area',
    limits: 'Latin-1, decimal commas, sweeps by cycle number or frequency restarts; rows shorter than the header (EC-Lab 11.61\'s extra `Ewe-Ece/V`) read from the left',
  },
  sniff: (_text, lines) => MAGIC.test(lines[0] ?? '') || isColumnLine(lines[0] ?? ''),
  read(_text, lines, base) {
    const notes: Note[] = [];
    let headerIdx = 0;
    const meta: BaseMeta = { ...base };
    if (MAGIC.test(lines[0]!)) {
      const n = nbHeaderLines(lines[1] ?? '');
      const found = lines.findIndex(isColumnLine);
      if (n !== undefined) {
        // lines 1 and 2 and the column names are counted: fewer than 3 is no header at all
        if (!(n.value >= 3 && n.value <= lines.length)) {
          fail(`"Nb header lines : ${n.text}" on line 2 is not a line of the file (expected 3 to ${lines.length}); export the file again from EC-Lab`, { line: 2 });
        }
        headerIdx = n.value - 1;
        if (!isColumnLine(lines[headerIdx] ?? '') && found >= 0) {
          notes.push({ text: `"Nb header lines : ${n.text}" does not point at the column names; they are on line ${found + 1}` });
          headerIdx = found;
        }
      } else if (found >= 0) {
        headerIdx = found;
      } else {
        fail('no "Nb header lines" and no column names with freq/Hz');
      }
      const device = headerValue(lines.slice(0, headerIdx), 'Device');
      if (device !== undefined) meta.instrument = device;
      const date = headerValue(lines.slice(0, headerIdx), 'Acquisition started on');
      if (date !== undefined) meta.date = date;
      const area = /^Electrode surface area\s*:\s*([\d.,]+)/m.exec(lines.slice(0, headerIdx).join('\n'));
      const a = area ? positive(parseNumber(area[1]!, area[1]!.includes(','))) : undefined;
      if (a !== undefined) meta.areaCm2 = a;
    }
    if (headerIdx >= lines.length) fail(`"Nb header lines" is ${headerIdx + 1}, but the file has ${lines.length} lines`);
    const header = withoutTrailingEmpty(splitFields(lines[headerIdx]!, '\t'));
    const rows: Row[] = [];
    let decimalComma = false;
    for (let i = headerIdx + 1; i < lines.length; i++) {
      if (lines[i]!.trim() === '') continue;
      const fields = splitFields(lines[i]!, '\t');
      if (!decimalComma && fields.some(hasDecimalComma)) decimalComma = true;
      rows.push({ line: i + 1, fields, block: 0 });
    }
    return tableSpectra({
      header: fitHeader(header, rows, notes), rows, decimalComma, splitByCycle: true, shortRows: true,
      lastLine: lastContentLine(lines) + 1,
      empty: `no data rows after the column names (line ${headerIdx + 1})`,
    }, meta, notes);
  },
};
