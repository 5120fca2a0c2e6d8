/**
 * The app's result pages, built with DOM calls and textContent only: anything that came from a
 * file (names, labels, messages) is shown as text, never parsed as markup.
 */
// numbers as in the HTML report's tables: 5 significant digits, exponent form outside [1e-3, 1e5)
import { cell as num } from '../src/report/html.ts';
import { livePlot, type BrushValue } from './live-plot.ts';
import { spectrumSpecs } from './plots.ts';
import type { FileOutcome, FrequencyRange, SpectrumResult } from './protocol.ts';
import { rangeFromFrequencyBrush, rangeFromNyquistBrush, rangeText } from './range.ts';

/** An element with text and optional class. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

/** One line per file: how many spectra it gave, or its error. */
export function fileReport(files: readonly FileOutcome[]): HTMLElement {
  const ul = el('ul', undefined, 'file-report');
  for (const f of files) {
    const li = el('li', undefined, f.error === undefined ? 'ok' : 'error');
    li.dataset.file = f.name;
    li.append(el('strong', f.name), el('span', f.error === undefined ? `: ${f.spectra} spectr${f.spectra === 1 ? 'um' : 'a'}` : `: not loaded — ${f.error}`));
    ul.append(li);
  }
  return ul;
}

function reasonsList(reasons: readonly string[]): HTMLElement {
  const ul = el('ul', undefined, 'reasons');
  for (const r of reasons) ul.append(el('li', r));
  return ul;
}

function fitBlock(s: SpectrumResult): HTMLElement[] {
  const f = s.fit;
  if ('error' in f) return [el('p', `Fit: not possible — ${f.error}`, 'fit error')];
  const p = el('p', undefined, 'fit');
  const verdict = el('span', `quality: ${f.quality.verdict}`, `verdict verdict-${f.quality.verdict}`);
  p.append(`Fit: ${f.success ? 'converged' : `did not converge — ${f.message}`}, χ² = ${num(f.chi2)}, `, verdict, '.');
  const table = el('table', undefined, 'params');
  const head = el('tr');
  for (const h of ['parameter', 'value', 'std. error', 'unit']) head.append(el('th', h));
  table.append(head);
  f.paramNames.forEach((n, k) => {
    const tr = el('tr');
    const value = el('td', num(f.params[k]!));
    value.dataset.param = n;
    tr.append(el('td', n), value, el('td', num(f.stderr[k]!)), el('td', f.units[k]));
    table.append(tr);
  });
  return [p, reasonsList(f.quality.reasons), table];
}

function kkBlock(s: SpectrumResult): HTMLElement[] {
  const kk = s.kk;
  if ('error' in kk) return [el('p', `Lin-KK: not possible — ${kk.error}`, 'kk error')];
  const p = el('p', undefined, 'kk');
  p.append('Lin-KK: ', el('span', kk.pass ? 'pass' : 'FAIL', `verdict kk-${kk.pass ? 'pass' : 'fail'}`), ` (M = ${kk.M}, largest residual ${pct(kk.maxResidual)}, noise ≈ ${kk.noiseEstimate.toFixed(2)} %).`);
  return [p, reasonsList(kk.reasons)];
}

function zhitBlock(s: SpectrumResult): HTMLElement[] {
  const z = s.zhit;
  if (z === undefined) return [];
  if ('error' in z) return [el('p', `Z-HIT: not possible — ${z.error}`, 'zhit error')];
  const p = el('p', undefined, 'zhit');
  p.append('Z-HIT: ', el('span', z.pass ? 'pass' : 'FAIL', `verdict zhit-${z.pass ? 'pass' : 'fail'}`), ` (largest |Z| deviation ${pct(z.maxResidual)}, threshold ${pct(z.threshold)}, offset window ${num(z.window[0])}–${num(z.window[1])} Hz).`);
  return [p, reasonsList(z.reasons)];
}

/** Counts of the verdicts over several spectra, e.g. "quality: 3 good, 1 suspect; Lin-KK: 4 pass". */
export function verdictCounts(spectra: readonly SpectrumResult[]): string {
  const count = (values: string[]) => [...new Set(values)].map((v) => `${values.filter((x) => x === v).length} ${v}`).join(', ');
  const quality = spectra.map((s) => ('error' in s.fit ? 'no fit' : s.fit.quality.verdict));
  const kk = spectra.map((s) => ('error' in s.kk ? 'no test' : s.kk.pass ? 'pass' : 'fail'));
  return `quality: ${count(quality)}; Lin-KK: ${count(kk)}`;
}

/** One row per spectrum (points used, χ², quality, Lin-KK), shown above the details when there are several. */
export function summaryTable(spectra: readonly SpectrumResult[]): HTMLElement {
  const table = el('table', undefined, 'summary');
  const head = el('tr');
  for (const h of ['spectrum', 'points used', 'χ²', 'quality', 'Lin-KK']) head.append(el('th', h));
  table.append(head);
  for (const s of spectra) {
    const tr = el('tr');
    const f = s.fit, kk = s.kk;
    tr.append(el('td', s.label), el('td', `${s.used} of ${s.freq.length}`), el('td', 'error' in f ? '—' : num(f.chi2)),
      'error' in f ? el('td', 'no fit', 'error') : el('td', f.quality.verdict, `verdict-${f.quality.verdict}`),
      'error' in kk ? el('td', 'no test', 'error') : el('td', kk.pass ? 'pass' : 'fail', kk.pass ? 'kk-pass' : 'kk-fail'));
    table.append(tr);
  }
  return table;
}

/**
 * A spectrum's section: range, fit with its quality and reasons, Lin-KK and Z-HIT with their
 * reasons, the parameters, and the plots (dragging on Nyquist or Bode calls `onRange`); with `lazyPlots` the
 * plots wait for a click on "Show plots" (many spectra would otherwise make the page slow).
 * Resolves to the section and a function that releases its plots.
 */
export async function spectrumSection(s: SpectrumResult, range: FrequencyRange, onRange: (r: FrequencyRange) => void, lazyPlots = false): Promise<{ element: HTMLElement; dispose: () => void }> {
  const section = el('section', undefined, 'spectrum');
  section.dataset.label = s.label;
  section.append(el('h2', s.label), el('p', `Range: ${rangeText(range)} — ${s.used} of ${s.freq.length} points used.`, 'range'), ...fitBlock(s), ...kkBlock(s), ...zhitBlock(s));
  const plots = el('div', undefined, 'plots');
  section.append(plots);
  const disposers: (() => void)[] = [];
  const dispose = () => disposers.splice(0).forEach((d) => d());
  if (lazyPlots) {
    const button = el('button', 'Show plots', 'show-plots');
    button.addEventListener('click', () => {
      button.remove();
      void drawPlots(s, range, onRange, plots, disposers);
    }, { once: true });
    plots.append(button);
  } else await drawPlots(s, range, onRange, plots, disposers);
  return { element: section, dispose };
}

async function drawPlots(s: SpectrumResult, range: FrequencyRange, onRange: (r: FrequencyRange) => void, plots: HTMLElement, disposers: (() => void)[]): Promise<void> {
  try {
    const specs = spectrumSpecs(s, range);
    const box = (name: string) => {
      const d = el('div', undefined, `plot plot-${name}`);
      plots.append(d);
      return d;
    };
    const nyquist = box('nyquist'), bode = box('bode');
    disposers.push(await livePlot(nyquist, specs.nyquist, (v: BrushValue) => {
      const r = rangeFromNyquistBrush(s, v.re, v.negIm);
      if (r) onRange(r);
    }));
    disposers.push(await livePlot(bode, specs.bode, (v: BrushValue) => {
      const r = rangeFromFrequencyBrush(v.freq);
      if (r) onRange(r);
    }));
    if (specs.kk) disposers.push(await livePlot(box('kk'), specs.kk));
    if (specs.zhit) disposers.push(await livePlot(box('zhit'), specs.zhit));
  } catch (err) {
    plots.append(el('p', `Plots: not possible — ${err instanceof Error ? err.message : String(err)}`, 'error'));
  }
}
