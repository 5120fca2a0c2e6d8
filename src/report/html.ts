/**
 * Self-contained HTML reports (no network, no scripts): sections of headings, paragraphs,
 * tables and inline SVG plots. Used by `eiskit report` and `npm start`.
 */

export type Block =
  | { kind: 'heading'; text: string; level?: 2 | 3 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: string[]; rows: (string | number)[][]; caption?: string }
  | { kind: 'plots'; svgs: string[] }
  | { kind: 'list'; items: string[] };

export interface Report {
  title: string;
  /** A line under the title (what produced the report). */
  subtitle?: string;
  blocks: Block[];
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A number for a table cell: 5 significant digits, exponent form outside [1e-3, 1e5). */
export function cell(x: string | number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (typeof x === 'string') return x;
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(5) : x.toExponential(4);
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading': return `<h${b.level ?? 2}>${esc(b.text)}</h${b.level ?? 2}>`;
    case 'paragraph': return `<p>${esc(b.text)}</p>`;
    case 'list': return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'plots': return `<div class="plots">${b.svgs.map((s) => `<figure>${s}</figure>`).join('')}</div>`;
    case 'table': return `<table>${b.caption ? `<caption>${esc(b.caption)}</caption>` : ''}<tr>${b.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(cell(c))}</td>`).join('')}</tr>`).join('')}</table>`;
  }
}

/** The report as one HTML document. SVG strings are inserted as they are (they come from renderSvg). */
export function reportHtml(r: Report): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:76em;padding:0 1.5em;color:#222}table{border-collapse:collapse;margin:.8em 0 1.4em}caption{text-align:left;color:#555;padding:.2em 0}td,th{border:1px solid #ccd;padding:.22em .6em;text-align:right}th{background:#f4f6f8}td:first-child,th:first-child{text-align:left}.plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0;border:1px solid #eee;padding:.3em}h2{margin-top:1.8em;border-bottom:1px solid #dde}</style>
</head><body>
<h1>${esc(r.title)}</h1>
${r.subtitle ? `<p>${esc(r.subtitle)}</p>` : ''}
${r.blocks.map(block).join('\n')}
</body></html>
`;
}
