/** Terminal output for the command line: aligned tables, number formatting, a progress bar. */
import type { CliStream } from './sanitize.ts';

/** A number in a table: 5 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? x.toPrecision(5) : x.toExponential(4);
}

/** Rows of cells as aligned columns (the first row is the header, underlined). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, k) => rows.reduce((w, r) => Math.max(w, (r[k] ?? '').length), 0));
  const line = (r: string[]) => r.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * A progress bar on stderr, drawn only when stderr is a terminal (so pipes and CI logs stay
 * clean); `done(n, total)` redraws, `end()` clears the line.
 */
export function progressBar(label: string, stream: CliStream = process.stderr): { update(done: number, total: number): void; end(): void } {
  if (!stream.isTTY) return { update() {}, end() {} };
  // the bar is eiskit's own text and control (\r, erase line): past the sanitiser of safeStream
  const put = (s: string) => (stream.writeControl ? stream.writeControl(s) : stream.write(s));
  let last = -1;
  return {
    update(done, total) {
      const pct = Math.floor((100 * done) / total);
      if (pct === last) return;
      last = pct;
      const width = 30, fill = Math.round((width * done) / total);
      put(`\r${label} [${'█'.repeat(fill)}${' '.repeat(width - fill)}] ${done}/${total}`);
    },
    end() {
      if (last >= 0) put('\r\x1b[2K');
    },
  };
}
