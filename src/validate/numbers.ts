/** Checks of numbers and numeric arrays: each failure an EisError naming the argument. */
import { EisError, show } from '../errors.ts';

function isArrayLikeOfNumbers(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && typeof (v as { length?: unknown }).length === 'number');
}

/**
 * Copies `value` into a new Float64Array after checking every entry is a finite number
 * (and, with `positive`, greater than zero). A hole in a sparse array (`[1, , 3]`) or an
 * `undefined` entry is E_ARG_TYPE naming its index, like any other non-number.
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
      throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must contain numbers. ${name}[${i}] = ${show(v)}${v === undefined ? ' (a hole or undefined)' : ''}.`, { argument: name, index: i, value: v });
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

/** A finite number (E_ARG_TYPE for a non-number, E_NONFINITE for NaN or ±Infinity). */
export function finiteNumber(name: string, v: unknown): number {
  if (typeof v !== 'number') throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be a number; got ${show(v)}.`, { argument: name });
  if (!Number.isFinite(v)) throw new EisError('E_NONFINITE', `invalid argument. \`${name}\` must be finite; got ${v}.`, { argument: name, value: v });
  return v;
}

/** A finite number > 0 (E_ARG_RANGE otherwise); `unit` is named in the message. */
export function positiveNumber(name: string, v: unknown, unit = ''): number {
  const x = finiteNumber(name, v);
  if (!(x > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` must be > 0${unit ? ` (${unit})` : ''}; got ${x}.`, { argument: name, value: x });
  return x;
}

/** A non-negative finite number (an option: E_ARG_TYPE for a non-number, E_ARG_RANGE otherwise). */
export function checkNonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new EisError('E_ARG_TYPE', `invalid option. \`${name}\` must be a number; got ${show(value)}.`, { argument: name });
  if (!Number.isFinite(value) || value < 0) throw new EisError('E_ARG_RANGE', `invalid option. \`${name}\` must be a finite number ≥ 0; got ${show(value)}.`, { argument: name, value });
  return value;
}

/**
 * An integer in [min, max] (E_ARG_RANGE otherwise, naming the range: "an integer ≥ min" when
 * max is unbounded, "an integer from min to max" when it is a documented maximum).
 */
export function integerInRange(name: string, v: unknown, min: number, max = Number.POSITIVE_INFINITY, what = 'option'): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new EisError('E_ARG_RANGE', `invalid ${what}. \`${name}\` must be an integer ${range}; got ${show(v)}.`, { argument: name, value: v, min, max });
  }
  return v;
}
