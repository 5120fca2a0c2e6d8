/**
 * The example data's file format: CSV with `# key: value` metadata lines, then a header row of
 * column names with units, then numbers. (The `io` module's generic CSV reader reads these too;
 * this small reader keeps the examples independent of it.)
 */

export interface Table {
  meta: Record<string, string>;
  columns: string[];
  /** One Float64Array per column. */
  data: Float64Array[];
}

/** Writes a table: metadata lines, the header, then rows with 17 significant digits. */
export function writeTable(meta: Record<string, string | number>, columns: string[], data: ArrayLike<number>[]): string {
  const lines = Object.entries(meta).map(([k, v]) => `# ${k}: ${v}`);
  lines.push(columns.join(','));
  for (let i = 0; i < data[0]!.length; i++) lines.push(data.map((c) => c[i]!.toPrecision(17)).join(','));
  return `${lines.join('\n')}\n`;
}

/** Reads what writeTable wrote; throws on a malformed line (naming it). */
export function readTable(text: string, name = 'file'): Table {
  const meta: Record<string, string> = {};
  let columns: string[] | null = null;
  const cols: number[][] = [];
  text.split(/\r?\n/).forEach((line, k) => {
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s*([^:]+):\s*(.*)$/.exec(line);
      if (m) meta[m[1]!.trim()] = m[2]!.trim();
      return;
    }
    const cells = line.split(',');
    if (!columns) {
      columns = cells.map((c) => c.trim());
      columns.forEach(() => cols.push([]));
      return;
    }
    if (cells.length !== columns.length) throw new Error(`${name}, line ${k + 1}: ${cells.length} values for ${columns.length} columns`);
    cells.forEach((c, j) => {
      const v = Number(c);
      if (!Number.isFinite(v)) throw new Error(`${name}, line ${k + 1}: "${c}" is not a number`);
      cols[j]!.push(v);
    });
  });
  if (!columns) throw new Error(`${name}: no header row`);
  return { meta, columns, data: cols.map((c) => Float64Array.from(c)) };
}

/** The column whose name starts with `prefix` (e.g. 'freq'). */
export function column(t: Table, prefix: string, name = 'file'): Float64Array {
  const j = t.columns.findIndex((c) => c.toLowerCase().startsWith(prefix.toLowerCase()));
  if (j < 0) throw new Error(`${name}: no column starting with "${prefix}" (columns: ${t.columns.join(', ')})`);
  return t.data[j]!;
}
