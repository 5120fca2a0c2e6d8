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
import { tableSpectra, type Row } from '../table.ts';
import { hasDecimalComma, lastContentLine, parseNumber, splitFields, withoutTrailingEmpty } from '../text.ts';
import { headerValue, positive, type Reader } from './reader.ts';

const MAGIC = /^(?:EC|BT)-Lab ASCII FILE/;

function isColumnLine(line: string): boolean {
  const names = line.split('\t').map((f) => f.trim());
  return names.includes('freq/Hz') && (names.includes('Re(Z)/Ohm') || names.includes('|Z|/Ohm'));
}

export const biologic: Reader = {
  name: 'biologic',
  label: 'BioLogic EC-Lab .mpt',
  extensions: ['mpt'],
  sniff: (_text, lines) => MAGIC.test(lines[0] ?? '') || isColumnLine(lines[0] ?? ''),
  read(_text, lines, base) {
    const notes: Note[] = [];
    let headerIdx = 0;
    const meta: BaseMeta = { ...base };
    if (MAGIC.test(lines[0]!)) {
      const n = /Nb header lines\s*:\s*(\d+)/.exec(lines[1] ?? '');
      const found = lines.findIndex(isColumnLine);
      if (n) {
        headerIdx = Number(n[1]) - 1;
        if (!isColumnLine(lines[headerIdx] ?? '') && found >= 0) {
          notes.push({ text: `"Nb header lines : ${n[1]}" does not point at the column names; they are on line ${found + 1}` });
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
      header, rows, decimalComma, splitByCycle: true,
      lastLine: lastContentLine(lines) + 1,
      empty: `no data rows after the column names (line ${headerIdx + 1})`,
    }, meta, notes);
  },
};
