/**
 * Packs a chunk of results (plain objects of numbers, strings, booleans, arrays and Float64Array
 * views) into one Float64Array and a few strings, so a worker sends a chunk as one transferred
 * buffer instead of a structured clone of thousands of objects and typed arrays, and unpacks it
 * into objects equal to the originals: every number bit for bit (−0, NaN, ±Infinity included),
 * every typed array a Float64Array view at the same offset of its own buffer, views that shared a
 * buffer sharing one again (a FitResult's arrays are views of one block: src/types/problems.ts).
 *
 * Generic on purpose: the worker packs whatever assembleResult returns, so a field added to
 * FitResult crosses without a change here.
 *
 * Layout. Each value becomes a shape (a JSON tree: 0 a number, 1 a string, 2 a boolean,
 * 3 undefined, null, arrays and objects as they are, {"\u0000t": [buffer, offset, length]} a
 * Float64Array view) plus its numbers, booleans (0/1) and strings in walk order. Results of a
 * batch share few shapes (the same circuit and spectrum length), so each distinct shape is sent
 * once. Per value the buffer holds: the shape's index, the contents of its buffers (lengths in
 * the shape), then its numbers.
 */
import { EisError } from '../errors.ts';
import type { SpectrumInput } from '../types/spectrum.ts';

/** A chunk of values as it crosses to another thread: `data` goes in the transfer list. */
export interface PackedChunk {
  data: Float64Array;
  /** The distinct shapes (JSON), indexed from `data`. */
  shapes: string[];
  strings: string[];
}

const VIEW = '\u0000t';
type Shape = number | null | Shape[] | { [key: string]: Shape };

/** Packs `values` (in order) into one buffer. */
export function packValues(values: readonly unknown[]): PackedChunk {
  const shapeIndex = new Map<string, number>();
  const shapes: string[] = [];
  const strings: string[] = [];
  const parts: number[] = [];
  const blocks: Float64Array[] = [];
  const blockAt: number[] = []; // where each value's buffer contents go in `data`
  let total = 0;
  for (const value of values) {
    const nums: number[] = [];
    const buffers: ArrayBuffer[] = [];
    const walk = (v: unknown): Shape => {
      switch (typeof v) {
        case 'number': nums.push(v); return 0;
        case 'string': strings.push(v); return 1;
        case 'boolean': nums.push(v ? 1 : 0); return 2;
        case 'undefined': return 3;
      }
      if (v === null) return null;
      if (Array.isArray(v)) return v.map(walk);
      if (v instanceof Float64Array) {
        let b = buffers.indexOf(v.buffer as ArrayBuffer);
        if (b < 0) b = buffers.push(v.buffer as ArrayBuffer) - 1;
        return { [VIEW]: [b, v.byteOffset / 8, v.length] };
      }
      if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        const out: { [key: string]: Shape } = {};
        for (const k of Object.keys(v as object)) {
          const x = walk((v as Record<string, unknown>)[k]);
          if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
          else out[k] = x;
        }
        return out;
      }
      throw new EisError('E_INTERNAL', `a worker result holds a value that cannot be packed (${Object.prototype.toString.call(v)}).`);
    };
    const tree = walk(value);
    const lengths = buffers.map((b) => b.byteLength / 8);
    const key = JSON.stringify([lengths, tree]);
    let s = shapeIndex.get(key);
    if (s === undefined) {
      s = shapes.push(key) - 1;
      shapeIndex.set(key, s);
    }
    parts.push(s);
    for (const b of buffers) {
      blocks.push(new Float64Array(b));
      blockAt.push(total + parts.length);
      for (let i = 0; i < b.byteLength / 8; i++) parts.push(0); // room, filled below with set()
    }
    for (const x of nums) parts.push(x);
  }
  const data = new Float64Array(parts);
  blocks.forEach((b, k) => data.set(b, blockAt[k]!));
  return { data, shapes, strings };
}

/** The values packed by {@link packValues}, each typed array in a fresh buffer of its value's own. */
export function unpackValues(chunk: PackedChunk, count: number): unknown[] {
  const { data, strings } = chunk;
  const shapes = chunk.shapes.map((s) => JSON.parse(s) as [number[], Shape]);
  let at = 0, str = 0;
  const out: unknown[] = [];
  const mismatch = () => new EisError('E_INTERNAL', 'a packed chunk from a worker does not match its shapes.');
  for (let r = 0; r < count; r++) {
    const shape = shapes[data[at++]!];
    if (!shape) throw mismatch();
    const [lengths, tree] = shape;
    const buffers = lengths.map((len) => {
      const b = data.slice(at, at + len).buffer;
      at += len;
      return b;
    });
    const build = (s: Shape): unknown => {
      if (s === 0) return data[at++];
      if (s === 1) return strings[str++];
      if (s === 2) return data[at++] === 1;
      if (s === 3 || s === null) return s === null ? null : undefined;
      if (Array.isArray(s)) return s.map(build);
      const view = (s as { [key: string]: Shape })[VIEW] as number[] | undefined;
      if (view) return new Float64Array(buffers[view[0]!]!, view[1]! * 8, view[2]!);
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(s as object)) {
        const x = build((s as { [key: string]: Shape })[k]!);
        if (k === '__proto__') Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
        else o[k] = x;
      }
      return o;
    };
    out.push(build(tree));
  }
  if (at !== data.length || str !== strings.length) throw mismatch();
  return out;
}

/**
 * The spectra of a request: the freq, re and im of a spectrum whose three are Float64Arrays go
 * in one Float64Array ([n_freq, n_re, n_im, freq…, re…, im…] per spectrum, in order; `packed[k]`
 * = 1), with its other own properties, if any, in `rest[k]` (null when none) so that they are
 * still structured-cloned (and an uncloneable one still fails the post, naming the spectrum);
 * any other spectrum (plain arrays, other typed arrays: validated in the worker as given) is
 * `rest[k]` itself.
 */
export interface PackedSpectra {
  data: Float64Array;
  packed: Uint8Array;
  rest: unknown[];
}

/** Packs `spectra` for a worker (see {@link PackedSpectra}); `data` goes in the transfer list. */
export function packSpectra(spectra: readonly SpectrumInput[]): PackedSpectra {
  const packed = new Uint8Array(spectra.length);
  const rest: unknown[] = [];
  let total = 0;
  spectra.forEach((s, k) => {
    if (s !== null && typeof s === 'object' && s.freq instanceof Float64Array && s.re instanceof Float64Array && s.im instanceof Float64Array) {
      packed[k] = 1;
      total += 3 + s.freq.length + s.re.length + s.im.length;
      let extra: Record<string, unknown> | null = null;
      for (const key of Object.keys(s)) if (key !== 'freq' && key !== 're' && key !== 'im') (extra ??= {})[key] = (s as unknown as Record<string, unknown>)[key];
      rest.push(extra);
    } else rest.push(s);
  });
  const data = new Float64Array(total);
  let at = 0;
  spectra.forEach((s, k) => {
    if (!packed[k]) return;
    const parts = [s.freq, s.re, s.im] as Float64Array[];
    for (const p of parts) data[at++] = p.length;
    for (const p of parts) {
      data.set(p, at);
      at += p.length;
    }
  });
  return { data, packed, rest };
}

/** The spectra packed by {@link packSpectra}, in order; packed ones with Float64Array views of `data`. */
export function unpackSpectra({ data, packed, rest }: PackedSpectra): unknown[] {
  let at = 0;
  return rest.map((s, k) => {
    if (!packed[k]) return s;
    const n = [data[at]!, data[at + 1]!, data[at + 2]!];
    at += 3;
    const [freq, re, im] = n.map((len) => data.subarray(at, (at += len)));
    return { ...(s as object | null), freq, re, im };
  });
}
