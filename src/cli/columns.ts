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

/** The column whose name matches `pattern` (case-insensitive), else the `fallback`-th column. */
export function pick(c: Columns, pattern: RegExp, fallback: number, what: string, file: string): Float64Array {
  const j = c.names.findIndex((n) => pattern.test(n));
  const k = j >= 0 ? j : fallback;
  if (k >= c.data.length) throw new EisError('E_FORMAT', `${file}: no ${what} column (columns: ${c.names.join(', ')}).`, { file });
  return c.data[k]!;
}
