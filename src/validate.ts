/**
 * Argument checks shared by every entry point. They run before any backend, so kernels
 * only ever see valid input.
 */
import { EisError, show } from './errors.ts';

/** Numbers as users pass them: a typed array or a plain array. */
export type NumericArray = Float64Array | Float32Array | readonly number[] | ArrayLike<number>;

function isArrayLikeOfNumbers(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && typeof (v as { length?: unknown }).length === 'number');
}

/**
 * Copies `value` into a new Float64Array after checking every entry is a finite number
 * (and, with `positive`, greater than zero).
 */
export function toFloat64(name: string, value: unknown, opts: { positive?: boolean; minLength?: number; out?: Float64Array } = {}): Float64Array {
  if (!isArrayLikeOfNumbers(value) || typeof (value as { [i: number]: unknown })[0] === 'bigint') {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be an array of numbers or a Float64Array; got ${show(value)}.`, { argument: name });
  }
  const n = value.length;
  const min = opts.minLength ?? 1;
  if (n < min) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` must have at least ${min} value${min === 1 ? '' : 's'}; got ${n}.`, { argument: name, length: n });
  }
  // `out`: a caller's view of the right length to copy into (one block for several arrays)
  const target = opts.out !== undefined && opts.out.length === n ? opts.out : undefined;
  if (value instanceof Float64Array) {
    // fast path for typed input: copy, then one pass that only checks
    const out = target ? (target.set(value), target) : value.slice();
    let ok = true;
    for (let i = 0; i < n; i++) {
      const v = out[i]!;
      if (!(v - v === 0) || (opts.positive && !(v > 0))) {
        ok = false;
        break;
      }
    }
    if (ok) return out;
  }
  const out = target ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = value[i];
    if (typeof v !== 'number') {
      throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must contain numbers. ${name}[${i}] = ${show(v)}.`, { argument: name, index: i, value: v });
    }
    if (!Number.isFinite(v)) {
      throw new EisError('E_NONFINITE', `invalid argument. \`${name}\` must contain finite numbers. ${name}[${i}] = ${show(v)}.`, { argument: name, index: i, value: v });
    }
    if (opts.positive && v <= 0) {
      throw new EisError('E_NONPOSITIVE_FREQ', `invalid argument. \`${name}\` must contain positive frequencies in Hz. ${name}[${i}] = ${show(v)}.`, { argument: name, index: i, value: v });
    }
    out[i] = v;
  }
  return out;
}

/** Frequencies in Hz: finite, positive, at least one. */
export function toFrequencies(value: unknown, name = 'freq', out?: Float64Array): Float64Array {
  return toFloat64(name, value, { positive: true, out });
}

/** Checks an options argument is an object (or absent). */
export function checkOptions(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be an options object; got ${show(value)}.`, { argument: name });
  }
  return value as Record<string, unknown>;
}

/** A non-negative finite number. */
export function checkNonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new EisError('E_ARG_TYPE', `invalid option. \`${name}\` must be a number; got ${show(value)}.`, { argument: name });
  if (!Number.isFinite(value) || value < 0) throw new EisError('E_ARG_RANGE', `invalid option. \`${name}\` must be a finite number ≥ 0; got ${show(value)}.`, { argument: name, value });
  return value;
}
