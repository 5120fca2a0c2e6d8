/**
 * ".P00" text export (as in pyimpspec's test data; the instrument software is not named there):
 * a few title lines, a tab-separated header "f/Hz, Z'/Ohm, -Z''/Ohm, time/s, Edc/V, Idc/A", a line
 * with the point count, then the rows. -Z'' is negated.
 */
import { canonical } from '../columns.ts';
import { fail, plural } from '../fail.ts';
import type { Note } from '../sweeps.ts';
import { splitFields } from '../text.ts';
import { readDelimited } from './csv.ts';
import type { Reader } from './reader.ts';

function headerAt(lines: readonly string[]): number {
  for (let i = 0; i < Math.min(lines.length - 1, 30); i++) {
    const keys = splitFields(lines[i]!, '\t').map((f) => canonical(f).key);
    if (keys[0] === 'f' && keys.includes("z'") && keys.includes("-z''") && /^\s*\d+\s*$/.test(lines[i + 1]!)) return i;
  }
  return -1;
}

export const p00: Reader = {
  name: 'p00',
  label: '.P00 text export',
  extensions: ['p00'],
  kind: 'instrument',
  summary: '.P00 text export (f/Hz, Z\'/Ohm, −Z\'\'/Ohm with a point count).',
  docs: {
    layout: '`.P00` text export',
    detectedBy: '`f/Hz`, `Z\'/Ohm`, `-Z\'\'/Ohm` header followed by the point count',
    meta: '',
    limits: 'fewer rows than the announced point count (a run that stopped early) are read and noted',
  },
  sniff: (_text, lines) => headerAt(lines) >= 0,
  read(_text, lines, base) {
    const at = headerAt(lines);
    if (at < 0) fail('no column names (f/Hz, Z\'/Ohm, -Z\'\'/Ohm) followed by the point count');
    const count = Number(lines[at + 1]);
    const rows = lines.slice(at + 2).filter((l) => l.trim() !== '').length;
    const notes: Note[] = rows < count ? [{ text: `the header announces ${plural(count, 'point')}, the file has ${rows}: the run stopped early` }] : [];
    // the table: names, then the rows (the count line blanked, so line numbers stay)
    const table = [...lines.slice(0, at + 1), '', ...lines.slice(at + 2)];
    return readDelimited(table, base, { start: at, delimiter: '\t' }, notes);
  },
};
