/**
 * BioLogic .mpr from synthetic files (test/mpr-writer.ts builds the bytes from the layout in
 * readers.md §1, with every column's type given explicitly): both module-header versions, the
 * four data-module layouts, the shared flags byte, sweeps, DC rows, unknown column IDs and
 * broken files. Values are an analytic R0 + R1‖C1 circuit stored as float32.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat, readSpectra } from '../src/io/index.ts';
import { expectError } from './helpers.ts';
import { rc, sweep, writeMpr, type MprColumn, type MprSpec } from './mpr-writer.ts';

const F = sweep(1e5, 1, 11);
const Z = rc(F);
const f32 = (xs: readonly number[]) => xs.map((x) => Math.fround(x));

/** freq, Re(Z), −Im(Z) of `cycles` repeats of the sweep, plus the given extra columns. */
function eisColumns(cycles = 1): { freq: number[]; re: number[]; mim: number[] } {
  const rep = <T>(a: readonly T[]) => Array.from({ length: cycles }, () => a).flat();
  return { freq: rep(F), re: rep(Z.re), mim: rep(Z.im.map((v) => -v)) };
}

function file(spec: Partial<MprSpec> & { columns: MprColumn[] }): Uint8Array {
  return writeMpr({ headerVersion: 2, dataVersion: '0', ...spec });
}

const eis = (c = eisColumns()): MprColumn[] => [
  { id: 32, type: 'f4', values: c.freq },
  { id: 37, type: 'f4', values: c.re },
  { id: 38, type: 'f4', values: c.mim },
];

describe('BioLogic .mpr (synthetic)', () => {
  it('EC-Lab ≥ 11.50 layout (v2 headers, u16 IDs, records at 1007): f, Re Z, Im Z with the physical sign, float32', () => {
    const c = eisColumns();
    const bytes = file({ columns: [...eis(c), { id: 4, type: 'f8', values: F.map((_, i) => i * 1.5) }, { id: 39, type: 'u2', values: F.map(() => 41) }] });
    const [s, ...more] = readSpectra(bytes, { fileName: 'run.mpr' });
    expect(more).toHaveLength(0);
    expect(s!.meta.format).toBe('biologic-mpr');
    expect(s!.meta.fileName).toBe('run.mpr');
    expect(s!.meta.date).toBe('03/14/25');
    expect(s!.meta.columns).toEqual(['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm']);
    expect(Array.from(s!.freq)).toEqual(f32(F));
    expect(Array.from(s!.re)).toEqual(f32(Z.re));
    // stored as −Im Z (positive for a capacitive cell), returned with the physical sign
    expect(Array.from(s!.im)).toEqual(f32(Z.im));
    expect(Math.max(...s!.im)).toBeLessThan(0);
    expect(detectFormat(bytes)).toBe('biologic-mpr');
    // an ArrayBuffer and a view into a larger buffer read the same
    expect(Array.from(readSpectra(bytes.slice().buffer)[0]!.re)).toEqual(Array.from(s!.re));
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 5);
    expect(Array.from(readSpectra(padded.subarray(5, 5 + bytes.length))[0]!.im)).toEqual(Array.from(s!.im));
  });

  it('old layouts: v1 headers with u8 IDs (records at 100), and data modules 2 and 3 (u16 IDs, records at 405 and 406)', () => {
    for (const [headerVersion, dataVersion] of [[1, '0-old'], [1, 2], [2, 3], [1, 3]] as const) {
      const [s] = readSpectra(file({ headerVersion, dataVersion, columns: [{ id: 4, type: 'f8', values: F.map((_, i) => i) }, ...eis()] }));
      expect(Array.from(s!.re), `${headerVersion}/${dataVersion}`).toEqual(f32(Z.re));
      expect(Array.from(s!.im), `${headerVersion}/${dataVersion}`).toEqual(f32(Z.im));
    }
  });

  it('the flags share one byte where the first flag ID stands; the columns after it are found', () => {
    const c = eisColumns();
    const flags: MprColumn[] = [
      { id: 1, type: 'flag', values: F.map(() => 0x03) },
      { id: 2, type: 'flag', values: F.map((_, i) => (i % 2) * 0x04) },
      { id: 3, type: 'flag', values: F.map(() => 0) },
      { id: 21, type: 'flag', values: F.map(() => 0x10) },
    ];
    // the flag IDs scattered between the EIS columns: still one byte, before freq
    const columns = [flags[0]!, eis(c)[0]!, flags[1]!, eis(c)[1]!, flags[2]!, flags[3]!, eis(c)[2]!];
    const [s] = readSpectra(file({ columns }));
    expect(Array.from(s!.freq)).toEqual(f32(F));
    expect(Array.from(s!.im)).toEqual(f32(Z.im));
  });

  it('sweeps: split by cycle number (ID 24, f64), else where the frequency jumps up', () => {
    const c = eisColumns(3);
    const cycle = [0, 1, 2].flatMap((k) => F.map(() => k + 1));
    const byCycle = readSpectra(file({ columns: [...eis(c), { id: 24, type: 'f8', values: cycle }] }));
    expect(byCycle.map((s) => s.freq.length)).toEqual([11, 11, 11]);
    expect(byCycle.map((s) => s.meta.sweep)).toEqual([0, 1, 2]);
    for (const s of byCycle) expect(Array.from(s.im)).toEqual(f32(Z.im));
    const byJump = readSpectra(file({ columns: eis(c) }));
    expect(byJump.map((s) => s.freq.length)).toEqual([11, 11, 11]);
    // without cycle number, the z cycle counter (u32) splits, also mid-sweep
    const byZ = readSpectra(file({ columns: [...eis(), { id: 469, type: 'u4', values: F.map((_, i) => (i < 6 ? 1 : 2)) }] }));
    expect(byZ.map((s) => s.freq.length)).toEqual([6, 5]);
    // a cycle counter that changes mid-sweep splits there, whatever the frequency does
    const odd = readSpectra(file({ columns: [...eis(), { id: 24, type: 'f8', values: F.map((_, i) => (i < 4 ? 1 : 2)) }] }));
    expect(odd.map((s) => s.freq.length)).toEqual([4, 7]);
  });

  it('rows at f ≤ 0 (DC) are skipped and named in meta.notes', () => {
    const c = eisColumns();
    const freq = [0, ...c.freq], re = [5, ...c.re], mim = [0, ...c.mim];
    const [s] = readSpectra(file({ columns: eis({ freq, re, mim }) }));
    expect(s!.freq.length).toBe(11);
    expect(s!.meta.notes).toEqual(['skipped 1 record with frequency ≤ 0 Hz (DC measurements; record 1)']);
    expectError(() => readSpectra(file({ columns: eis({ freq: [0, 0], re: [1, 2], mim: [0, 0] }) })), 'E_FORMAT', /no impedance data in 2 records/);
  });

  it('the full 16-bit ID keys the table: ID 280 is unknown, not cycle number (24 = 280 & 0xff)', () => {
    // one unknown ID: its size is what the known columns leave of the record, with a note
    const c = eisColumns(2);
    const [s, ...more] = readSpectra(file({ columns: [...eis(c), { id: 280, type: 'u2', values: c.freq.map((_, i) => i) }] }));
    expect(more).toHaveLength(1); // split at the frequency jump, not by a "cycle" read from ID 280
    expect(Array.from(s!.re)).toEqual(f32(Z.re));
    expect(s!.meta.notes).toEqual(['column ID 280 is unknown; its size was inferred from the record size (2 bytes) and it was not read']);
  });

  it('one unknown ID before the EIS columns: its inferred size places them', () => {
    const [s] = readSpectra(file({ columns: [{ id: 9001, type: 'f8', values: F.map(() => 1e300) }, ...eis(), { id: 24, type: 'f8', values: F.map(() => 1) }] }));
    expect(Array.from(s!.im)).toEqual(f32(Z.im));
    expect(s!.meta.notes![0]).toMatch(/column ID 9001 is unknown; its size was inferred from the record size \(8 bytes\)/);
  });

  it('several unknown IDs after the EIS columns: read with a note; before them: E_FORMAT listing the IDs', () => {
    const extra: MprColumn[] = [{ id: 9001, type: 'u2', values: F.map(() => 7) }, { id: 9002, type: 'f4', values: F.map(() => 7) }];
    const [s] = readSpectra(file({ columns: [...eis(), ...extra] }));
    expect(Array.from(s!.re)).toEqual(f32(Z.re));
    expect(s!.meta.notes).toEqual(['column IDs 9001, 9002 are unknown; the columns before the first of them were read, the others were not']);
    expectError(() => readSpectra(file({ columns: [...extra, ...eis()] })), 'E_FORMAT', /column IDs 9001, 9002 are unknown/, /\.mpt/);
    // one unknown ID whose inferred size is not 1, 2, 4 or 8
    const three: MprColumn[] = [{ id: 9003, type: 'u1', values: F.map(() => 1) }, { id: 9004, type: 'u2', values: F.map(() => 1) }];
    expectError(() => readSpectra(file({ columns: [...eis(), three[0]!, { id: 4, type: 'u2', values: F.map(() => 1) }] })), 'E_FORMAT', /column ID 9003 is unknown and the record leaves it -?\d+ bytes/);
  });

  it('broken files: E_FORMAT naming the problem', () => {
    const good = file({ columns: eis() });
    // cut inside the data module
    expectError(() => readSpectra(good.subarray(0, good.length - 100)), 'E_FORMAT', /announces \d+ bytes, but the file ends/, /truncated/);
    // cut inside a module header, and right after the magic
    expectError(() => readSpectra(good.subarray(0, 70)), 'E_FORMAT', /ends inside the module header/);
    expect(() => readSpectra(good.subarray(0, 52))).toThrow(/no "VMP data" module/);
    // a record size that the columns do not give
    expectError(() => readSpectra(file({ columns: eis(), trailing: 5 })), 'E_FORMAT', /137 record bytes do not divide into 11 points/);
    expectError(() => readSpectra(file({ columns: [...eis(), { id: 4, type: 'f4', values: F.map(() => 0) }] })), 'E_FORMAT', /take 20 bytes per record, the payload gives 16/);
    // no EIS columns: a DC technique
    expectError(() => readSpectra(file({ columns: [{ id: 4, type: 'f8', values: [1, 2] }, { id: 6, type: 'f4', values: [1, 2] }] })), 'E_FORMAT', /no impedance columns .* \(time\/s, Ewe\/V\): not an impedance run/);
    // unknown data-module version
    const v9 = good.slice();
    const dataHeader = findModule(v9, 'VMP data');
    new DataView(v9.buffer).setUint32(dataHeader + 6 + 43, 9, true);
    expectError(() => readSpectra(v9), 'E_FORMAT', /data module version 9 is not a known layout/);
    // a module where MODULE should be
    const junk = good.slice();
    junk.set([0x58, 0x58], findModule(junk, 'VMP LOG'));
    expectError(() => readSpectra(junk), 'E_FORMAT', /expected "MODULE" at offset \d+, found "XXDULE"/);
  });

  it('passed as text instead of bytes: E_FORMAT saying so', () => {
    const text = String.fromCharCode(...file({ columns: eis() }).subarray(0, 400));
    expectError(() => readSpectra(text), 'E_FORMAT', /BioLogic binary \.mpr/, /bytes/);
    expectError(() => readSpectra('x', { format: 'biologic-mpr' }), 'E_FORMAT', /pass the file's bytes/);
  });
});

/** Offset of the "MODULE" that holds `short`. */
function findModule(bytes: Uint8Array, short: string): number {
  const s = `MODULE${short}`;
  outer: for (let i = 0; i < bytes.length - s.length; i++) {
    for (let k = 0; k < s.length; k++) if (bytes[i + k] !== s.charCodeAt(k)) continue outer;
    return i;
  }
  throw new Error(`no module ${short}`);
}
