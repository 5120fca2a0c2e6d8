/** An exact comparison for results that cross threads (test/runtime-pack.test.ts, test/fit-batch.test.ts). */
import { expect } from 'vitest';

/** Deep equality with numbers compared by Object.is (so −0 ≠ 0) and typed arrays element by element. */
export function expectSame(a: unknown, b: unknown, path = 'value'): void {
  if (a instanceof Float64Array || a instanceof Int32Array) {
    expect(b, path).toBeInstanceOf(a.constructor);
    const v = b as Float64Array | Int32Array;
    expect(v.length, `${path}.length`).toBe(a.length);
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], v[i])) expect(v[i], `${path}[${i}]`).toBe(a[i]);
    expect(v.byteOffset, `${path}.byteOffset`).toBe(a.byteOffset);
    expect(v.buffer.byteLength, `${path}.buffer.byteLength`).toBe(a.buffer.byteLength);
    return;
  }
  if (typeof a !== 'object' || a === null) {
    expect(Object.is(a, b), `${path}: ${String(b)} instead of ${String(a)}`).toBe(true);
    return;
  }
  expect(Array.isArray(b), `${path} is an array`).toBe(Array.isArray(a));
  expect(Object.keys(b as object), `${path} keys`).toEqual(Object.keys(a));
  for (const k of Object.keys(a)) expectSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

