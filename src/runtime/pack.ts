/**
 * Packs a chunk of results (plain objects of numbers, strings, booleans, arrays, Float64Array and
 * Int32Array views) into one Float64Array and a few strings, so a worker sends a chunk as one
 * transferred buffer instead of a structured clone of thousands of objects and typed arrays, and
 * unpacks it into objects equal to the originals: every number bit for bit (−0, NaN, ±Infinity
 * included), every typed array a view of the same type at the same offset of its own buffer,
 * views that shared a buffer sharing one again (a FitResult's arrays are views of one block:
 * src/types/problems.ts). Int32Array is there for LinKKResult.muCurve.M (the queue's Lin-KK jobs).
 *
 * Generic on purpose: the worker packs whatever assembleResult returns, so a field added to
 * FitResult crosses without a change here.
 *
 * Layout. Each value becomes a shape (a JSON tree: 0 a number, 1 a string, 2 a boolean,
 * 3 undefined, 4 a list of strings, null, arrays and objects as they are,
 * {"\u0000t": [buffer, offset, length]} a Float64Array view, {"\u0000t": [buffer, offset, length, 1]}
 * an Int32Array view, offset and length in elements) plus its numbers, booleans (0/1)
 * and strings (indices into the chunk's distinct strings; a list as its length and indices) in
 * walk order. Results of a batch share few shapes (the same circuit and spectrum length), so each
 * distinct shape is sent once, and both sides compile it once into a walker (no per-value JSON).
 * Per value the buffer
 * holds: the shape's index, how many numbers follow, the numbers, then the contents of its
 * buffers (lengths in the shape): a Float64Array's buffer as its bytes (one slot per 8 bytes), an
 * Int32Array's as its int32s, one slot each (exact in a float64). A shape is the JSON of
 * [lengths, tree], or [lengths, tree, types] when a buffer is an int32 one (types[b] = 1), so the
 * shapes of Float64Array-only results (fits: the hot path) are as they were.
 */
import { EisError } from '../errors.ts';
import type { SpectrumInput } from '../types/spectrum.ts';

/** A chunk of values as it crosses to another thread: `data` goes in the transfer list. */
export interface PackedChunk {
  data: Float64Array;
  /** The distinct shapes (JSON), indexed from `data`. */
  shapes: string[];
  /** The distinct strings, indexed from `data`. */
  strings: string[];
}

const VIEW = '\u0000t';
/** The type code of an Int32Array view and buffer (0, left out, is Float64Array). */
const I32 = 1;
type Shape = number | null | Shape[] | { [key: string]: Shape };

/** The packing state of a chunk: a growing Float64Array, the strings, and the current value's buffers. */
class Out {
  data = new Float64Array(4096);
  at = 0;
  strings: string[] = [];
  stringIndex = new Map<string, number>();
  buffers: ArrayBuffer[] = [];
  /** The element type of each buffer (0 float64, I32 int32): its first view's. */
  types: number[] = [];
  num(x: number): void {
    if (this.at === this.data.length) this.grow(1);
    this.data[this.at++] = x;
  }
  /** A string, as its index in the chunk's table of distinct strings. */
  str(x: string): void {
    let k = this.stringIndex.get(x);
    if (k === undefined) {
      k = this.strings.push(x) - 1;
      this.stringIndex.set(x, k);
    }
    this.num(k);
  }
  grow(extra: number): void {
    const bigger = new Float64Array(Math.max(2 * this.data.length, this.at + extra));
    bigger.set(this.data.subarray(0, this.at));
    this.data = bigger;
  }
  /** The index of `buffer` among the current value's buffers, adding it if new; -1 when it was seen with another element type. */
  buffer(buffer: ArrayBuffer, type = 0): number {
    const b = this.buffers.indexOf(buffer);
    if (b >= 0) return this.types[b] === type ? b : -1;
    this.types.push(type);
    return this.buffers.push(buffer) - 1;
  }
  /** The slots of buffer `b` in `data`. */
  slots(b: number): number {
    return this.buffers[b]!.byteLength / (this.types[b] === I32 ? 4 : 8);
  }
  clear(): void {
    this.buffers.length = 0;
    this.types.length = 0;
  }
}

function refuse(v: unknown): never {
  throw new EisError('E_INTERNAL', `a worker result holds a value that cannot be packed (${Object.prototype.toString.call(v)}).`);
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Sets o[k] = x, also for k = '__proto__' (an own property, as JSON.parse makes it). */
function put(o: Record<string, unknown>, k: string, x: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
  else o[k] = x;
}

/** Emits `v`'s numbers and strings in walk order and returns its shape (the first value of a structure). */
function walk(v: unknown, out: Out): Shape {
  switch (typeof v) {
    case 'number': out.num(v); return 0;
    case 'string': out.str(v); return 1;
    case 'boolean': out.num(v ? 1 : 0); return 2;
    case 'undefined': return 3;
  }
  if (v === null) return null;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return emitStrings(v as string[], out);
    return v.map((x) => walk(x, out));
  }
  if (v instanceof Float64Array) {
    const b = out.buffer(v.buffer as ArrayBuffer);
    if (v.buffer.byteLength % 8 !== 0 || b < 0) refuse(v);
    return { [VIEW]: [b, v.byteOffset / 8, v.length] };
  }
  if (v instanceof Int32Array) {
    const b = out.buffer(v.buffer as ArrayBuffer, I32);
    if (v.buffer.byteLength % 4 !== 0 || b < 0) refuse(v); // b < 0: a buffer viewed as float64 and int32
    return { [VIEW]: [b, v.byteOffset / 4, v.length, I32] };
  }
  if (!isPlain(v)) refuse(v);
  const shape: { [key: string]: Shape } = {};
  for (const k of Object.keys(v)) put(shape, k, walk(v[k], out));
  return shape;
}

/** A list of strings (names, warnings, reasons: their number varies from result to result): its length, then the strings. */
function emitStrings(v: readonly string[], out: Out): 4 {
  out.num(v.length);
  for (const x of v) out.str(x);
  return 4;
}

/** Emits a value of shape `s` (false, with part of it emitted, when the value has another shape). */
type Emit = (v: unknown, out: Out) => boolean;

function compileEmit(s: Shape, lengths: number[]): Emit {
  if (s === 0) return (v, out) => typeof v === 'number' && (out.num(v), true);
  if (s === 1) return (v, out) => typeof v === 'string' && (out.str(v), true);
  if (s === 2) return (v, out) => typeof v === 'boolean' && (out.num(v ? 1 : 0), true);
  if (s === 3) return (v) => v === undefined;
  if (s === 4) return (v, out) => Array.isArray(v) && v.every((x) => typeof x === 'string') && (emitStrings(v as string[], out), true);
  if (s === null) return (v) => v === null;
  if (Array.isArray(s)) {
    const items = s.map((x) => compileEmit(x, lengths));
    return (v, out) => {
      if (!Array.isArray(v) || v.length !== items.length) return false;
      for (let i = 0; i < items.length; i++) if (!items[i]!(v[i], out)) return false;
      return true;
    };
  }
  const o = s as { [key: string]: Shape };
  const view = o[VIEW] as number[] | undefined;
  if (view) {
    const [b, offset, length, type] = view as [number, number, number, number?];
    if (type === I32) {
      return (v, out) => v instanceof Int32Array && v.length === length && v.byteOffset === offset * 4 && v.buffer.byteLength === lengths[b]! * 4 &&
        out.buffer(v.buffer as ArrayBuffer, I32) === b;
    }
    return (v, out) => v instanceof Float64Array && v.length === length && v.byteOffset === offset * 8 && v.buffer.byteLength === lengths[b]! * 8 &&
      out.buffer(v.buffer as ArrayBuffer) === b;
  }
  const keys = Object.keys(o);
  const fields = keys.map((k) => compileEmit(o[k]!, lengths));
  return (v, out) => {
    if (!isPlain(v)) return false;
    let i = 0;
    for (const k in v) if (k !== keys[i++]) return false;
    if (i !== keys.length) return false;
    for (let j = 0; j < keys.length; j++) if (!fields[j]!(v[keys[j]!], out)) return false;
    return true;
  };
}

/** Packs `values` (in order) into one buffer. */
export function packValues(values: readonly unknown[]): PackedChunk {
  const out = new Out();
  const shapes: string[] = [];
  const emitters: { emit: Emit; buffers: number }[] = [];
  let last = -1;
  for (const value of values) {
    const at = out.at;
    out.num(0); // the shape's index
    out.num(0); // how many numbers follow
    let s = -1;
    // the shape of the previous value first, then the others: a batch has few
    for (let t = 0; t < emitters.length && s < 0; t++) {
      const k = t === 0 ? last : t <= last ? t - 1 : t;
      out.clear();
      if (emitters[k]!.emit(value, out) && out.buffers.length === emitters[k]!.buffers) s = k;
      else out.at = at + 2;
    }
    if (s < 0) {
      out.clear();
      const tree = walk(value, out);
      const lengths = out.buffers.map((_, b) => out.slots(b));
      s = shapes.push(JSON.stringify(out.types.includes(I32) ? [lengths, tree, out.types] : [lengths, tree])) - 1;
      emitters.push({ emit: compileEmit(tree, lengths), buffers: lengths.length });
    }
    out.data[at] = s;
    out.data[at + 1] = out.at - at - 2;
    last = s;
    if (at === 0) out.grow((values.length + 1) * (out.at + out.buffers.reduce((n, _, b) => n + out.slots(b), 0))); // room for like values
    for (let b = 0; b < out.buffers.length; b++) {
      const len = out.slots(b);
      if (out.at + len > out.data.length) out.grow(len);
      out.data.set(out.types[b] === I32 ? new Int32Array(out.buffers[b]!) : new Float64Array(out.buffers[b]!), out.at);
      out.at += len;
    }
  }
  return { data: out.data.slice(0, out.at), shapes, strings: out.strings };
}

/** Reads a value of one shape: numbers and string indices from data[at…], views of `buffers`. */
interface In {
  data: Float64Array;
  at: number;
  strings: string[];
  buffers: ArrayBuffer[];
}
type Build = (d: In) => unknown;

/** The builder of a shape, as closures (measured as fast as generated object literals, and no `new Function` for a CSP to forbid). */
function compileBuild(s: Shape): Build {
  if (s === 0) return (d) => d.data[d.at++];
  if (s === 1) return (d) => d.strings[d.data[d.at++]!];
  if (s === 2) return (d) => d.data[d.at++] === 1;
  if (s === 3) return () => undefined;
  if (s === 4) {
    return (d) => {
      const list: string[] = [];
      for (let n = d.data[d.at++]!; n > 0; n--) list.push(d.strings[d.data[d.at++]!]!);
      return list;
    };
  }
  if (s === null) return () => null;
  if (Array.isArray(s)) {
    const items = s.map(compileBuild);
    return (d) => items.map((b) => b(d));
  }
  const o = s as { [key: string]: Shape };
  const view = o[VIEW] as number[] | undefined;
  if (view) {
    const [b, offset, length, type] = view as [number, number, number, number?];
    if (type === I32) return (d) => new Int32Array(d.buffers[b]!, offset * 4, length);
    return (d) => new Float64Array(d.buffers[b]!, offset * 8, length);
  }
  const keys = Object.keys(o);
  const fields = keys.map((k) => compileBuild(o[k]!));
  return (d) => {
    const out: Record<string, unknown> = {};
    for (let j = 0; j < keys.length; j++) put(out, keys[j]!, fields[j]!(d));
    return out;
  };
}

/** The int32s held one per slot in `slots`, as a buffer of their own (a slot that is not an int32: a corrupt chunk). */
function int32Buffer(slots: Float64Array, mismatch: () => EisError): ArrayBuffer {
  const out = new Int32Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const x = slots[i]!;
    if ((x | 0) !== x || Object.is(x, -0)) throw mismatch();
    out[i] = x;
  }
  return out.buffer;
}

/** Builders by shape text, across chunks and batches (compiled once, optimised once); bounded. */
const builders = new Map<string, Build>();

/** The values packed by {@link packValues}, each typed array in a fresh buffer of its value's own. */
export function unpackValues(chunk: PackedChunk, count: number): unknown[] {
  const { data } = chunk;
  const shapes = chunk.shapes.map((text) => {
    const [lengths, tree, types] = JSON.parse(text) as [number[], Shape, number[]?];
    let build = builders.get(text);
    if (!build) {
      if (builders.size >= 256) builders.clear();
      build = compileBuild(tree);
      builders.set(text, build);
    }
    return { lengths, types, build };
  });
  const d: In = { data, at: 0, strings: chunk.strings, buffers: [] };
  const mismatch = () => new EisError('E_INTERNAL', 'a packed chunk from a worker does not match its shapes.');
  const out: unknown[] = [];
  for (let r = 0; r < count; r++) {
    const shape = shapes[data[d.at++]!];
    if (!shape) throw mismatch();
    let at = d.at + 1 + data[d.at]!;
    d.at++;
    d.buffers = shape.lengths.map((len, b) => (shape.types?.[b] === I32 ? int32Buffer(data.subarray(at, (at += len)), mismatch) : data.slice(at, (at += len)).buffer));
    if (at > data.length) throw mismatch();
    out.push(shape.build(d));
    d.at = at;
  }
  if (d.at !== data.length) throw mismatch();
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
