/**
 * The packed chunks of the fitting workers (src/runtime/pack.ts): what crosses as one Float64Array
 * and a few strings comes back equal bit for bit (−0, NaN, ±Infinity), with each value's typed
 * arrays (Float64Array, Int32Array) views of the same type of a fresh buffer of its own, views
 * that shared a buffer sharing one again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EisError } from '../src/index.ts';
import { packSpectra, packValues, unpackSpectra, unpackValues } from '../src/runtime/pack.ts';
import { expectSame } from './same-value.ts';

/** The views of a value's buffers: which leaves share a buffer (by path). */
function bufferGroups(v: unknown, path = '', out = new Map<ArrayBufferLike, string[]>()): Map<ArrayBufferLike, string[]> {
  if (v instanceof Float64Array || v instanceof Int32Array) out.set(v.buffer, [...(out.get(v.buffer) ?? []), path]);
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) bufferGroups(x, `${path}.${k}`, out);
  return out;
}

const num = fc.oneof(fc.double(), fc.constantFrom(-0, 0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY), fc.integer());
/** A result-like value: leaves of every kind, and Float64Array views of one or two shared blocks. */
const valueArb = fc.record({
  block: fc.array(num, { minLength: 1, maxLength: 20 }),
  other: fc.array(num, { maxLength: 6 }),
  cuts: fc.array(fc.tuple(fc.nat(19), fc.nat(19)), { maxLength: 4 }),
  names: fc.array(fc.string({ maxLength: 3 }), { maxLength: 4 }), // a list of strings: its length varies within one shape
  tree: fc.jsonValue({ maxDepth: 3 }).map((t) => ({ t, proto: JSON.parse('{"__proto__": [1, "x"]}') as unknown })),
  extra: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(num, fc.boolean(), fc.constant(undefined), fc.string(), fc.array(num, { maxLength: 3 }))).map((d) => ({ ...d })), // plain objects (fast-check's have no prototype)
}).map(({ block, other, cuts, names, tree, extra }) => {
  const all = Float64Array.from(block);
  const views = cuts.map(([a, b]) => all.subarray(Math.min(a, b, all.length), Math.min(Math.max(a, b), all.length)));
  return { all, views, own: Float64Array.from(other), names, tree, extra, flags: [true, false], nothing: null, mixed: ['a', 1] };
});

describe('packValues / unpackValues', () => {
  it('round-trips values bit for bit, typed arrays as views of fresh buffers grouped as before', () => {
    fc.assert(fc.property(fc.array(fc.oneof(valueArb, valueArb.map((v) => ({ ...v, tree: 0 }))), { maxLength: 6 }), (values) => {
      const packed = packValues(values);
      expect(packed.data).toBeInstanceOf(Float64Array);
      const back = unpackValues(structuredClone(packed, { transfer: [packed.data.buffer] }), values.length);
      expect(back.length).toBe(values.length);
      values.forEach((v, k) => {
        expectSame(v, back[k], `values[${k}]`);
        // the same grouping of views into buffers, and no buffer shared with another value
        const before = [...bufferGroups(v).values()], after = bufferGroups(back[k]);
        expect([...after.values()]).toEqual(before);
        for (let j = 0; j < k; j++) for (const b of after.keys()) expect(bufferGroups(back[j]).has(b)).toBe(false);
      });
    }), { numRuns: 200 });
  });

  it('one shape per distinct structure: a batch of like results sends it once', () => {
    const like = (x: number) => ({ params: new Float64Array([x, -x]), name: `r${x}`, ok: x > 1 });
    const packed = packValues([like(1), like(2), like(3), like(2)]);
    expect(packed.shapes.length).toBe(1);
    expect(packed.strings).toEqual(['r1', 'r2', 'r3']); // each distinct string once
    expect(unpackValues(packed, 4)).toEqual([like(1), like(2), like(3), like(2)]);
  });

  it('round-trips Int32Array views (negatives, the int32 extremes, shared buffers, next to Float64Array views) as Int32Array views', () => {
    const int = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    const arb = fc.record({
      ints: fc.array(fc.oneof(int, fc.constantFrom(0, -1, -(2 ** 31), 2 ** 31 - 1)), { minLength: 1, maxLength: 12 }),
      cuts: fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 3 }),
      floats: fc.array(num, { maxLength: 4 }),
    }).map(({ ints, cuts, floats }) => {
      const all = Int32Array.from(ints);
      const views = cuts.map(([a, b]) => all.subarray(Math.min(a, b, all.length), Math.min(Math.max(a, b), all.length)));
      // a LinKKResult's muCurve: Int32Array M beside Float64Array mu and chi2ps
      return { all, views, own: Int32Array.from(ints.slice(1)), muCurve: { M: all, mu: Float64Array.from(floats), chi2ps: new Float64Array(floats.length) } };
    });
    fc.assert(fc.property(fc.array(arb, { maxLength: 5 }), (values) => {
      const packed = packValues(values);
      const back = unpackValues(structuredClone(packed, { transfer: [packed.data.buffer] }), values.length) as typeof values;
      values.forEach((v, k) => {
        expectSame(v, back[k], `values[${k}]`);
        for (const x of [back[k]!.all, back[k]!.own, back[k]!.muCurve.M, ...back[k]!.views]) expect(x).toBeInstanceOf(Int32Array);
        expect([...bufferGroups(back[k]).values()]).toEqual([...bufferGroups(v).values()]);
      });
    }), { numRuns: 200 });
    // an odd-length view at an odd offset of a buffer of 12 bytes (not whole float64s)
    const odd = new Int32Array([-7, 2 ** 31 - 1, -(2 ** 31)]);
    const [back] = unpackValues(packValues([{ a: odd.subarray(1), b: odd }]), 1) as [{ a: Int32Array; b: Int32Array }];
    expect([Array.from(back.a), Array.from(back.b), back.a.buffer === back.b.buffer, back.a.byteOffset]).toEqual([[2 ** 31 - 1, -(2 ** 31)], [-7, 2 ** 31 - 1, -(2 ** 31)], true, 4]);
    // Float64Array-only shapes keep their two-part JSON (the fits' hot path)
    expect(JSON.parse(packValues([{ x: new Float64Array(2) }]).shapes[0]!)).toHaveLength(2);
    expect(JSON.parse(packValues([{ x: new Int32Array(2) }]).shapes[0]!)).toEqual([[2], { x: { '\u0000t': [0, 0, 2, 1] } }, [1]]);
  });

  it('refuses what it cannot rebuild (class instances, other typed arrays, a buffer viewed as both float64 and int32) and a chunk that does not match its shapes', () => {
    const both = new ArrayBuffer(16);
    for (const bad of [new Map(), new Uint8Array(2), new BigInt64Array(2), new Float32Array(2), new Date(0)]) expect(() => packValues([{ bad }])).toThrowError(EisError);
    expect(() => packValues([{ f: new Float64Array(both), i: new Int32Array(both) }])).toThrowError(/cannot be packed/);
    expect(() => packValues([{ i: new Int32Array(2) }, { f: new Float64Array(both), i: new Int32Array(both) }])).toThrowError(/cannot be packed/);
    const ints = packValues([{ i: new Int32Array([1, 2]) }]);
    expect(() => unpackValues({ ...ints, data: Float64Array.from([0, 0, 1, 2.5]) }, 1)).toThrowError(/does not match/);
    const packed = packValues([{ a: 1 }]);
    expect(() => unpackValues(packed, 2)).toThrowError(EisError);
    expect(() => unpackValues({ ...packed, data: new Float64Array([0, 5, 2]) }, 1)).toThrowError(/does not match/);
  });

  it('spectra: Float64Array ones cross in one buffer bit for bit (their lengths kept, even unequal), the others as given', () => {
    const arr = fc.array(num, { maxLength: 5 });
    const spectrumArb = fc.oneof(
      fc.record({ freq: arr, re: arr, im: arr }).map((s) => ({ freq: Float64Array.from(s.freq), re: Float64Array.from(s.re), im: Float64Array.from(s.im) })),
      fc.record({ freq: arr, re: arr, im: arr }), // plain arrays: validated in the worker as given
      fc.record({ freq: arr, re: arr, im: arr }).map((s) => ({ freq: Float32Array.from(s.freq), re: Float64Array.from(s.re), im: Float64Array.from(s.im) })),
      fc.constantFrom<unknown>(7, 'x', { freq: new Float64Array(2) }, { freq: new Float64Array(1), re: new Float64Array(1), im: new Float64Array([-0]), label: 'T = 300 K', meta: { n: 1 } }),
    );
    fc.assert(fc.property(fc.array(spectrumArb, { maxLength: 6 }), (spectra) => {
      const packed = packSpectra(spectra as never);
      const back = unpackSpectra(structuredClone(packed, { transfer: [packed.data.buffer] }));
      expect(back.length).toBe(spectra.length);
      spectra.forEach((s, k) => {
        const o = s as { freq?: unknown; re?: unknown; im?: unknown };
        const all64 = o?.freq instanceof Float64Array && o.re instanceof Float64Array && o.im instanceof Float64Array;
        expect(packed.packed[k]).toBe(all64 ? 1 : 0);
        if (!all64) return expect(back[k]).toEqual(s);
        const b = back[k] as Record<string, unknown>;
        for (const part of ['freq', 're', 'im'] as const) expectSame(Array.from(o[part] as Float64Array), Array.from(b[part] as Float64Array), `spectra[${k}].${part}`);
        expect(Object.keys(b).sort()).toEqual(Object.keys(o).sort()); // its other properties cross as well
        expect({ ...b, freq: 0, re: 0, im: 0 }).toEqual({ ...o, freq: 0, re: 0, im: 0 });
      });
    }), { numRuns: 200 });
  });
});
