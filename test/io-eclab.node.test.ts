/**
 * BioLogic .mpr against its .mpt twin on the EC-Lab files of ../shared/data/eclab/ (GPL, from
 * dgbowl/yadg: read in place, never copied; skipped, saying so, when the folder is absent). The
 * text prints the same float32 values to 8 digits, so the two must agree to 1e-6 relative.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat, readSpectra, type Spectrum } from '../src/io/index.ts';

const dir = fileURLToPath(new URL('../../shared/data/eclab/', import.meta.url));
const exists = existsSync(dir);
const read = (name: string): Spectrum[] => readSpectra(readFileSync(`${dir}${name}`), { fileName: name });

/** name, sweeps × points (readers.md §1.9) */
const FILES: readonly [string, number[]][] = [
  ['peis.issue_149', [21, 21, 21, 21]],
  ['geis.issue_149', [21, 21, 21, 21]],
  ['peis.issue_225.ewe_ece', [32]],
  ['peis.issue_225.no_ece', [32]],
];

const missing = `EC-Lab samples not found at ${dir} — .mpr/.mpt comparison skipped`;
it.skipIf(exists)(missing, () => console.warn(missing));

describe.skipIf(!exists)('EC-Lab .mpr = .mpt (../shared/data/eclab)', () => {
  for (const [name, sweeps] of FILES) {
    it(`${name}: ${sweeps.length} × ${sweeps[0]} points, the same in both files`, () => {
      const bin = read(`${name}.mpr`), txt = read(`${name}.mpt`);
      expect(bin.map((s) => s.freq.length)).toEqual(sweeps);
      expect(txt.map((s) => s.freq.length)).toEqual(sweeps);
      expect(bin[0]!.meta.format).toBe('biologic-mpr');
      expect(txt[0]!.meta.format).toBe('biologic');
      expect(detectFormat(readFileSync(`${dir}${name}.mpr`))).toBe('biologic-mpr');
      // the first point of every file: 199 998.14 Hz
      expect(Math.abs(bin[0]!.freq[0]! - 199998.14)).toBeLessThan(0.01);
      bin.forEach((b, k) => {
        const t = txt[k]!;
        for (let i = 0; i < b.freq.length; i++) {
          for (const key of ['freq', 're', 'im'] as const) {
            const x = b[key][i]!, y = t[key][i]!;
            expect(Math.abs(x - y), `${name} sweep ${k} ${key}[${i}]: ${x} vs ${y}`).toBeLessThanOrEqual(1e-6 * Math.abs(y) + 1e-12);
          }
        }
      });
    });
  }

  it('peis.issue_225.ewe_ece.mpt: 63 names over 61 values, read from the left with a note', () => {
    const [s] = read('peis.issue_225.ewe_ece.mpt');
    expect(s!.meta.columns).toEqual(['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm']);
    expect(s!.meta.notes).toEqual(['the column names Ewe-Ece/V have no values in the rows: ignored']);
    // the values of the first row, from the text: 1.2292420E+000 and −(1.1167378E−001)
    expect(s!.re[0]).toBe(1.229242);
    expect(s!.im[0]).toBe(-0.11167378);
  });
});
