/** Argument checks shared by the analysis functions (each names the offending value). */
import { EisError } from '../errors.ts';
import { finiteNumber, objectArgument, positiveNumber, toFloat64 } from '../validate.ts';

/** A finite number (the validation toolkit's check). */
export const finite = finiteNumber;

/** A finite number > 0 (the validation toolkit's check). */
export const positive = positiveNumber;

/** Absent, or a finite number ≥ 0 (an uncertainty). */
export function optionalStderr(name: string, v: unknown): number {
  if (v === undefined) return 0;
  const x = finite(name, v);
  if (x < 0) throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` is a standard error and must be ≥ 0; got ${x}.`, { argument: name, value: x });
  return x;
}

/** An object argument (the validation toolkit's check). */
export function record(name: string, v: unknown): Record<string, unknown> {
  return objectArgument(name, v);
}

/** Two finite arrays of the same length ≥ `min`. */
export function pairedArrays(nameX: string, x: unknown, nameY: string, y: unknown, min: number): [Float64Array, Float64Array] {
  const a = toFloat64(nameX, x, { minLength: min });
  const b = toFloat64(nameY, y, { minLength: min });
  if (a.length !== b.length) throw new EisError('E_ARG_LENGTH', `invalid argument. \`${nameX}\` has ${a.length} values but \`${nameY}\` has ${b.length}; they must match.`, { argument: nameY });
  return [a, b];
}
