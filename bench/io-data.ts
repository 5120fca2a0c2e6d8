/**
 * The 60-sweep files of the reader benchmark: 60 sweeps × 61 points (1 MHz → 1 Hz) of a
 * drifting pellet spectrum (R0 + R1‖C1 with R1 growing 1 % per sweep), as EC-Lab text (.mpt,
 * 16 columns as EC-Lab writes for PEIS), EC-Lab binary (.mpr, the same 16 column IDs as the
 * EC-Lab 11.50 samples) and CSV (writeSpectraCsv). Written by test/mpr-writer.ts and test/format-writers.ts.
 */
import { writeSpectraCsv } from '../src/io/index.ts';
import { rc, sweep, writeMpr, type MprColumn } from '../test/mpr-writer.ts';

export const SWEEPS = 60;
export const POINTS = 61;

interface Rows { freq: number[]; re: number[]; im: number[]; cycle: number[]; time: number[] }

function rows(): Rows {
  const f = sweep(1e6, 1, POINTS);
  const out: Rows = { freq: [], re: [], im: [], cycle: [], time: [] };
  for (let k = 0; k < SWEEPS; k++) {
    const z = rc(f, 15, 2600 * (1 + 0.01 * k), 2e-9);
    f.forEach((fi, i) => {
      out.freq.push(fi); out.re.push(z.re[i]!); out.im.push(z.im[i]!); out.cycle.push(k + 1); out.time.push(k * 300 + i * 4.9);
    });
  }
  return out;
}

const NAMES = ['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm', '|Z|/Ohm', 'Phase(Z)/deg', 'time/s', '<Ewe>/V', '<I>/mA', 'Cs/µF', 'Cp/µF', 'cycle number', 'I Range', '|Ewe|/V', '|I|/A', 'Ns', '(Q-Qo)/mA.h'];

/** Every column of a record, in NAMES order. */
function record(r: Rows, i: number): number[] {
  const mod = Math.hypot(r.re[i]!, r.im[i]!), ph = Math.atan2(r.im[i]!, r.re[i]!) * 180 / Math.PI;
  return [r.freq[i]!, r.re[i]!, -r.im[i]!, mod, ph, r.time[i]!, 0.01, 1e-4, 1.2, 1.1, r.cycle[i]!, 41, 0.01, 1e-5, 0, 1e-9];
}

export function mpt60(): string {
  const r = rows();
  const head = ['EC-Lab ASCII FILE', 'Nb header lines : 5', '', 'Potentio Electrochemical Impedance Spectroscopy', NAMES.join('\t')];
  const lines = r.freq.map((_, i) => record(r, i).map((v, j) => (j === 10 || j === 11 || j === 14 ? String(v) : v.toExponential(7))).join('\t'));
  return `${[...head, ...lines].join('\n')}\n`;
}

export function mpr60(): Uint8Array {
  const r = rows();
  const recs = r.freq.map((_, i) => record(r, i));
  const col = (j: number) => recs.map((x) => x[j]!);
  const ids: [number, MprColumn['type'], number][] = [
    [32, 'f4', 0], [37, 'f4', 1], [38, 'f4', 2], [36, 'f4', 3], [35, 'f4', 4], [4, 'f8', 5], [77, 'f4', 6], [76, 'f4', 7],
    [169, 'f4', 8], [172, 'f4', 9], [24, 'f8', 10], [39, 'u2', 11], [33, 'f4', 12], [34, 'f4', 13], [131, 'u2', 14], [13, 'f8', 15],
  ];
  return writeMpr({ headerVersion: 2, dataVersion: '0', columns: ids.map(([id, type, j]) => ({ id, type, values: col(j) })) });
}

export function csv60(): string {
  const r = rows();
  return writeSpectraCsv(Array.from({ length: SWEEPS }, (_, k) => {
    const s = (a: number[]) => a.slice(k * POINTS, (k + 1) * POINTS);
    return { freq: s(r.freq), re: s(r.re), im: s(r.im) };
  }));
}
