/** Option parsing helpers on top of node:util parseArgs. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './context.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export type Values = Record<string, string | boolean | undefined>;

/** Parses argv for a command (plus --json and --help); unknown options are usage errors. */
export function parse(argv: string[], options: Options): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A string option (or undefined). */
export function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

/** A number option (or undefined). */
export function number(values: Values, key: string): number | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const x = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${key} must be a number; got "${String(v)}"`);
  return x;
}

/** A comma-separated list of numbers. */
export function numbers(values: Values, key: string): number[] | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const parts = String(v).split(',').map((s) => s.trim());
  const xs = parts.map(Number);
  if (parts.some((p) => p === '') || xs.some((x) => !Number.isFinite(x))) throw new UsageError(`--${key} must be comma-separated numbers (negative ones as --${key}=-20,0,20); got "${String(v)}"`);
  return xs;
}

/** `name=value,name=value` or a JSON object/array: start values by name or position. */
export function initial(values: Values): Record<string, number> | number[] | undefined {
  const v = values.initial;
  if (v === undefined) return undefined;
  const s = String(v).trim();
  if (s.startsWith('{') || s.startsWith('[')) {
    try {
      return JSON.parse(s) as Record<string, number> | number[];
    } catch {
      throw new UsageError(`--initial is not valid JSON: ${s}`);
    }
  }
  const out: Record<string, number> = {};
  for (const part of s.split(',')) {
    const [k, x] = part.split('=');
    const n = Number(x);
    if (!k || x === undefined || x.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--initial must be name=value pairs separated by commas (e.g. R0=10,R1=1e3) or JSON; got "${part}"`);
    out[k.trim()] = n;
  }
  return out;
}
