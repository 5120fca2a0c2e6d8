/**
 * Numeric columns from a text file (chronoamperograms, I–V sweeps, linear sweeps): `#` comment
 * lines and an optional header row, values separated by commas, semicolons, tabs or spaces.
 */
import { EisError } from '../errors.ts';

export interface Columns {
  names: string[];
  data: Float64Array[];
}

export function readColumns(text: string, file: string): Columns {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (lines.length === 0) throw new EisError('E_FORMAT', `${file}: no data lines.`, { file });
  const sep = [',', ';', '\t'].find((c) => lines[0]!.includes(c)) ?? /\s+/;
  const split = (l: string) => l.trim().split(sep).map((c) => c.trim());
  const first = split(lines[0]!);
  const header = first.some((c) => c !== '' && !Number.isFinite(Number(c)));
  const names = header ? first : first.map((_, k) => `column ${k + 1}`);
  const cols: number[][] = names.map(() => []);
  lines.slice(header ? 1 : 0).forEach((l, k) => {
    const cells = split(l);
    if (cells.length < names.length) throw new EisError('E_FORMAT', `${file}: data line ${k + 1} has ${cells.length} values, the header ${names.length}.`, { file, line: k + 1 });
    names.forEach((_, j) => {
      const v = Number(cells[j]);
      if (!Number.isFinite(v)) throw new EisError('E_FORMAT', `${file}: "${cells[j]}" in data line ${k + 1} is not a number.`, { file, line: k + 1 });
      cols[j]!.push(v);
    });
  });
  return { names, data: cols.map((c) => Float64Array.from(c)) };
}

// SI prefixes a unit in a header may carry, e.g. "I/mA", "current (µA)", "t/min"
const PREFIX: Record<string, number> = { '': 1, m: 1e-3, 'µ': 1e-6, 'μ': 1e-6, u: 1e-6, n: 1e-9, p: 1e-12, k: 1e3 };
const TIME: Record<string, number> = { s: 1, min: 60, h: 3600 };

/**
 * The factor to base units (A, V, s) of a column from the unit in its name ("/mA", "(µA)",
 * "[min]"); 1 without a unit. A unit of another quantity than `base` is an error.
 */
function unitFactor(name: string, base: 'A' | 'V' | 's', file: string): number {
  const m = /(?:\/|\(|\[)\s*([^)\]\s]+)\s*[)\]]?\s*$/.exec(name);
  if (!m) return 1;
  const unit = m[1]!;
  if (base === 's' && TIME[unit] !== undefined) return TIME[unit]!;
  const p = unit.endsWith(base) ? unit.slice(0, -base.length) : null;
  if (p !== null && PREFIX[p] !== undefined) return PREFIX[p]!;
  throw new EisError('E_FORMAT', `${file}: the column "${name}" is in ${unit}, not a unit of ${base}.`, { file, column: name });
}

/**
 * The column whose name matches `pattern` (case-insensitive), else the `fallback`-th column,
 * converted to base units (A, V or s) from the unit its header names.
 */
export function pick(c: Columns, pattern: RegExp, fallback: number, what: string, file: string, base?: 'A' | 'V' | 's'): Float64Array {
  const j = c.names.findIndex((n) => pattern.test(n));
  const k = j >= 0 ? j : fallback;
  if (k >= c.data.length) throw new EisError('E_FORMAT', `${file}: no ${what} column (columns: ${c.names.join(', ')}).`, { file });
  const f = base ? unitFactor(c.names[k]!, base, file) : 1;
  return f === 1 ? c.data[k]! : Float64Array.from(c.data[k]!, (x) => x * f);
}
