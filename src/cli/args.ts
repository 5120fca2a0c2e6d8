/** Option parsing helpers on top of node:util parseArgs. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './context.ts';
import type { Circuit } from '../circuit/circuit.ts';
import { parseNumber } from '../io/text.ts';

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

/** A string option that must be one of `choices` (or undefined). */
export function choice<T extends string>(values: Values, key: string, choices: readonly T[]): T | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  if (!choices.includes(v as T)) throw new UsageError(`--${key} must be ${choices.join(', ')}; got "${String(v)}"`);
  return v as T;
}

/** A number option (or undefined): decimal only (Number() would take "0x10" as 16, "" as 0). */
export function number(values: Values, key: string): number | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const x = typeof v === 'string' ? numeric(v, false) : undefined;
  if (x === undefined) throw new UsageError(`--${key} must be a number; got "${String(v)}"`);
  return x;
}

/** A comma-separated list of (decimal) numbers. */
export function numbers(values: Values, key: string): number[] | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const parts = String(v).split(',').map((s) => s.trim());
  const xs = parts.map((p) => numeric(p, false));
  if (xs.some((x) => x === undefined)) throw new UsageError(`--${key} must be comma-separated numbers (negative ones as --${key}=-20,0,20); got "${String(v)}"`);
  return xs as number[];
}

/** The options every analysing command takes for its frequency window. */
export const WINDOW_OPTIONS: Options = { fmin: { type: 'string' }, fmax: { type: 'string' } };

/** --fmin/--fmax (Hz, inclusive) as fit/linKK options; a bad or empty window is a usage error. */
export function frequencyWindow(values: Values): { fmin?: number; fmax?: number } {
  const fmin = number(values, 'fmin'), fmax = number(values, 'fmax');
  for (const [key, v] of [['fmin', fmin], ['fmax', fmax]] as const) {
    if (v !== undefined && !(v > 0)) throw new UsageError(`--${key} must be a frequency > 0 Hz; got ${v}`);
  }
  if (fmin !== undefined && fmax !== undefined && fmin > fmax) throw new UsageError(`--fmin ${fmin} Hz is above --fmax ${fmax} Hz: no frequency would be left`);
  return { ...(fmin !== undefined ? { fmin } : {}), ...(fmax !== undefined ? { fmax } : {}) };
}

/** An integer option ≥ min (or undefined). */
export function integer(values: Values, key: string, min: number): number | undefined {
  const x = number(values, key);
  if (x !== undefined && (!Number.isInteger(x) || x < min)) throw new UsageError(`--${key} must be an integer ≥ ${min}; got ${values[key]}`);
  return x;
}

const INFINITE = /^([+-]?)inf(?:inity)?$/i;

/**
 * A number written on the command line: a finite decimal, read as the file readers read numbers
 * (no hex, no empty string: Number() accepts both); with `infinite`, also inf, +inf, -inf, Infinity.
 */
function numeric(text: string, infinite: boolean): number | undefined {
  const x = parseNumber(text);
  if (x !== undefined) return x;
  const m = infinite ? INFINITE.exec(text.trim()) : null;
  if (m) return m[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return undefined;
}

/** The circuit's name for `name` (impedance.py aliases such as CPE1_0 accepted); unknown: a usage error listing the valid names. */
function paramName(key: string, name: string, circuit: Circuit): string {
  try {
    return circuit.paramNames[circuit.paramIndex(name)]!;
  } catch {
    throw new UsageError(`--${key}: unknown parameter "${name}"; the parameters of ${circuit.toString()} are ${circuit.paramNames.join(', ')}`);
  }
}

/** `NAME=TEXT,NAME=TEXT`: entries split at commas, each at its one "=", names checked against the circuit, no duplicates. */
function entries(values: Values, key: string, circuit: Circuit, example: string): [string, string][] | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const part of String(v).split(',')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq).trim(), text = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (name === '' || text === '' || text.includes('=')) throw new UsageError(`--${key} must be NAME=VALUE pairs separated by commas (e.g. ${example}); got "${part}" in "${String(v)}"`);
    const canonical = paramName(key, name, circuit);
    if (seen.has(canonical)) throw new UsageError(`--${key} names ${canonical} twice`);
    seen.add(canonical);
    out.push([canonical, text]);
  }
  return out;
}

/** `--fixed`/`--initial` as NAME=V,…: finite values by parameter name. */
export function paramValues(values: Values, key: string, circuit: Circuit): Record<string, number> | undefined {
  const list = entries(values, key, circuit, 'R0=10,CPE1.alpha=0.9');
  if (list === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const [name, text] of list) {
    const x = numeric(text, false);
    if (x === undefined) throw new UsageError(`--${key}: ${name}=${text} is not a number`);
    out[name] = x;
  }
  return out;
}

/** `--initial`: NAME=V,… or JSON ({"R0":10} or [10,1e3,…]), names checked against the circuit. */
export function initial(values: Values, circuit: Circuit): Record<string, number> | number[] | undefined {
  const v = values.initial;
  if (v === undefined) return undefined;
  const s = String(v).trim();
  if (!s.startsWith('{') && !s.startsWith('[')) return paramValues(values, 'initial', circuit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    throw new UsageError(`--initial is not valid JSON: ${s}`);
  }
  if (Array.isArray(parsed)) {
    if (parsed.length !== circuit.paramNames.length || !parsed.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new UsageError(`--initial as a JSON array needs ${circuit.paramNames.length} finite numbers (${circuit.paramNames.join(', ')}); got ${s}`);
    }
    return parsed as number[];
  }
  const out: Record<string, number> = {};
  for (const [name, x] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new UsageError(`--initial: ${name} must be a finite number; got ${JSON.stringify(x)}`);
    out[paramName('initial', name, circuit)] = x;
  }
  return out;
}

/** `--bounds NAME=LO:HI,…` with inf/-inf for an open side; lower < upper. */
export function paramBounds(values: Values, circuit: Circuit): Record<string, [number, number]> | undefined {
  const list = entries(values, 'bounds', circuit, 'R1=0:1e7,CPE1.alpha=0.5:1,R0=-inf:inf');
  if (list === undefined) return undefined;
  const out: Record<string, [number, number]> = {};
  for (const [name, text] of list) {
    const parts = text.split(':');
    const lo = parts.length === 2 ? numeric(parts[0]!, true) : undefined, hi = parts.length === 2 ? numeric(parts[1]!, true) : undefined;
    if (lo === undefined || hi === undefined) throw new UsageError(`--bounds: ${name}=${text} must be LOWER:UPPER (numbers, inf or -inf), e.g. ${name}=0:1e7`);
    if (!(lo < hi)) throw new UsageError(`--bounds: ${name}=${text} needs the lower bound below the upper one`);
    out[name] = [lo, hi];
  }
  return out;
}
