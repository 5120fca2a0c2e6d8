/**
 * Mutation fuzzing of every layout: random byte flips, cuts, duplicated and inserted runs,
 * truncations of synthetic files (test/format-writers.ts, test/mpr-writer.ts). readSpectra must
 * either return spectra whose arrays have matching lengths, finite numbers and positive
 * frequencies, or throw EisError E_FORMAT — never another error, never NaN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EisError } from '../src/errors.ts';
import { readSpectra } from '../src/io/index.ts';
import { syntheticFiles } from './format-writers.ts';
import { rc, sweep, writeMpr } from './mpr-writer.ts';

const freq = sweep(1e5, 1, 9);
const z = { freq, ...rc(freq) };
const FILES = [
  ...syntheticFiles(z),
  {
    name: 'data.mpr',
    bytes: writeMpr({
      headerVersion: 2, dataVersion: '0', columns: [
        { id: 1, type: 'flag', values: freq.map(() => 2) },
        { id: 32, type: 'f4', values: freq },
        { id: 37, type: 'f4', values: z.re },
        { id: 38, type: 'f4', values: z.im.map((v) => -v) },
        { id: 24, type: 'f8', values: freq.map(() => 1) },
      ],
    }),
  },
];

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'cut'; at: number; length: number }
  | { kind: 'dup'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.constantFrom(0, 9, 10, 13, 34, 44, 45, 46, 48, 49, 59, 60, 62, 101, 0xff, 0x80), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(bytes: Uint8Array, muts: readonly Mutation[]): Uint8Array {
  let b = bytes;
  for (const m of muts) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    switch (m.kind) {
      case 'flip': b = b.slice(); b[at] = m.value; break;
      case 'cut': b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + m.length)]); break;
      case 'dup': b = new Uint8Array([...b.subarray(0, at + m.length), ...b.subarray(at, at + m.length), ...b.subarray(at + m.length)]); break;
      case 'insert': b = new Uint8Array([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]); break;
      case 'truncate': b = b.subarray(0, at); break;
    }
  }
  return b;
}

function check(bytes: Uint8Array): void {
  let spectra;
  try {
    spectra = readSpectra(bytes);
  } catch (e) {
    if (!(e instanceof EisError) || e.code !== 'E_FORMAT') throw new Error(`not E_FORMAT: ${String(e)}`, { cause: e });
    return;
  }
  expect(spectra.length).toBeGreaterThan(0);
  for (const s of spectra) {
    expect(s.re.length).toBe(s.freq.length);
    expect(s.im.length).toBe(s.freq.length);
    expect(s.freq.length).toBeGreaterThan(0);
    for (let i = 0; i < s.freq.length; i++) {
      expect(s.freq[i]! > 0 && Number.isFinite(s.freq[i]!)).toBe(true);
      expect(Number.isFinite(s.re[i]!) && Number.isFinite(s.im[i]!)).toBe(true);
    }
  }
}

describe('mutated files: spectra with finite numbers or E_FORMAT, nothing else', () => {
  for (const file of FILES) {
    it(file.name, () => {
      check(file.bytes); // the unmutated file reads
      expect(readSpectra(file.bytes).length).toBeGreaterThan(0);
      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => check(apply(file.bytes, muts))), { numRuns: Number(globalThis.process?.env?.FUZZ_RUNS ?? 150), ...(globalThis.process?.env?.FUZZ_RUNS ? {} : { seed: 10 }) });
    });
  }
});
