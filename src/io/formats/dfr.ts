/**
 * Eco Chemie / Autolab FRA data files (.dfr, readers.md §7): text, one value per line with
 * leading spaces: "VERSION8.0", the point count, a line "1" (meaning unknown), then 9 lines per
 * point: f, Z', −Z'' (positive for a capacitive cell), E_dc, I_dc, time and 3 unknown values.
 * The file names no columns; their order is the layout's.
 */
import { fail, plural } from '../fail.ts';
import { toSpectra, type Note, type Point } from '../sweeps.ts';
import { parseNumber } from '../text.ts';
import type { Reader } from './reader.ts';

const PER_POINT = 9;

export const dfr: Reader = {
  name: 'autolab-dfr',
  label: 'Autolab FRA .dfr',
  extensions: ['dfr'],
  kind: 'instrument',
  summary: 'Eco Chemie / Autolab FRA data file (.dfr).',
  docs: {
    layout: 'Autolab FRA `.dfr`',
    detectedBy: '`VERSION…` + a count',
    meta: '',
    limits: 'no column names in the file: 9 lines per point (f, Z′, −Z″, …)',
  },
  sniff: (_text, lines) => lines[0]!.trim().startsWith('VERSION') && parseNumber(lines[1] ?? '') !== undefined,
  read(_text, lines, base) {
    const n = parseNumber(lines[1] ?? '');
    if (n === undefined || !Number.isInteger(n) || n < 1) fail(`line 2 must be the point count; got ${JSON.stringify((lines[1] ?? '').trim().slice(0, 20))}`, { line: 2 });
    const first = 3;
    const available = Math.floor((lines.length - first) / PER_POINT);
    const notes: Note[] = [];
    const points: Point[] = [];
    const dc: number[] = [];
    for (let k = 0; k < Math.min(n, available); k++) {
      const at = first + k * PER_POINT;
      const v: number[] = [];
      for (let j = 0; j < 3; j++) {
        const x = parseNumber(lines[at + j]!);
        if (x === undefined) fail(`line ${at + j + 1} (point ${k + 1}) is ${JSON.stringify(lines[at + j]!.trim().slice(0, 30))}, not a number`, { line: at + j + 1 });
        v.push(x);
      }
      if (!(v[0]! > 0)) { dc.push(k + 1); continue; }
      points.push({ f: v[0]!, re: v[1]!, im: -v[2]!, line: at + 1, group: 0 });
    }
    if (available < n) notes.push({ text: `line 2 announces ${plural(n, 'point')}, the file holds ${available}: the run stopped early` });
    if (dc.length > 0) notes.push({ text: `skipped ${plural(dc.length, 'point')} with frequency ≤ 0 Hz` });
    if (points.length === 0) fail(`no impedance data (${plural(available, 'complete point')} of ${PER_POINT} lines each)`);
    return toSpectra(points, base, ['f (line 1 of 9)', "Z' (line 2 of 9)", "-Z'' (line 3 of 9)"], notes);
  },
};
