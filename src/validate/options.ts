/**
 * Checks of options objects and their entries: a misspelt key is an error, every value is
 * checked against its documented type and range, each failure an EisError naming the option.
 */
import { EisError, show } from '../errors.ts';
import { integerInRange } from './numbers.ts';

/** Checks an options argument is an object (or absent). */
export function checkOptions(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be an options object; got ${show(value)}.`, { argument: name });
  }
  return value as Record<string, unknown>;
}

/** An object argument (not null, an array or a typed array), described by `what` in the message. */
export function objectArgument(name: string, v: unknown, what = 'an object'): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be ${what}; got ${show(v)}.`, { argument: name });
  }
  return v as Record<string, unknown>;
}

/** Rejects option names outside `allowed`, naming the valid ones. */
export function checkOptionKeys(o: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new EisError('E_ARG_RANGE', `invalid option. Unknown option \`${key}\`; the options are ${allowed.join(', ')}.`, { argument: key });
    }
  }
}

/** `o[key]` as an integer in [min, max], or `dflt` when absent. */
export function integerOption(o: Record<string, unknown>, key: string, dflt: number, min: number, max = Number.POSITIVE_INFINITY): number {
  const v = o[key];
  return v === undefined ? dflt : integerInRange(key, v, min, max);
}

/** `o[key]` as a finite number with `ok(v)` true (described by `what`), or `dflt` when absent. */
export function numberOption(o: Record<string, unknown>, key: string, dflt: number, ok: (x: number) => boolean, what: string): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new EisError('E_ARG_RANGE', `invalid option. \`${key}\` must be ${what}; got ${show(v)}.`, { argument: key, value: v });
  return v;
}

/** `o[key]` as a boolean, or `dflt` when absent. */
export function booleanOption(o: Record<string, unknown>, key: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new EisError('E_ARG_TYPE', `invalid option. \`${key}\` must be true or false; got ${show(v)}.`, { argument: key, value: v });
  return v;
}

/**
 * `o[key]` as one of `values`, or `dflt` when absent. The message lists the values
 * comma-separated (`'a', 'b', 'c'`), or joined by `joiner` (e.g. ' or ': `'a' or 'b'`).
 */
export function oneOfOption<T extends string>(o: Record<string, unknown>, key: string, values: readonly T[], dflt: T, joiner = ', '): T {
  const v = o[key];
  if (v === undefined) return dflt;
  if (!values.includes(v as T)) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`${key}\` must be ${values.map((x) => `'${x}'`).join(joiner)}; got ${show(v)}.`, { argument: key, value: v });
  }
  return v as T;
}

/** `o[key]` as a function, or undefined when absent. */
export function functionOption<F extends (...args: never[]) => unknown>(o: Record<string, unknown>, key: string): F | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'function') throw new EisError('E_ARG_TYPE', `invalid option. \`${key}\` must be a function; got ${show(v)}.`, { argument: key });
  return v as F;
}
