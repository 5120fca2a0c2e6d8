/**
 * The in-browser app: drop files, pick or type a circuit, fit and Lin-KK-validate in a Web
 * Worker (WASM), see the plots and the parameter table, download CSV/JSON. Static files only.
 */
import type { AnalyseReply, SpectrumResult } from './protocol.ts';
import { spectrumPlots } from './plots.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const files = $<HTMLInputElement>('files'), drop = $('drop'), preset = $<HTMLSelectElement>('preset'), circuitInput = $<HTMLInputElement>('circuit');
const runButton = $<HTMLButtonElement>('run'), csvButton = $<HTMLButtonElement>('csv'), jsonButton = $<HTMLButtonElement>('json');
const status = $('status'), results = $('results');
let chosen: File[] = [];
let last: { circuit: string; spectra: SpectrumResult[] } | null = null;

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

function setStatus(text: string, error = false): void {
  status.textContent = text;
  status.className = error ? 'error' : '';
}

function choose(list: FileList | null): void {
  chosen = list ? Array.from(list) : [];
  runButton.disabled = chosen.length === 0;
  setStatus(chosen.length ? `${chosen.length} file(s): ${chosen.map((f) => f.name).join(', ')}` : 'Load one or more files.');
}

files.addEventListener('change', () => choose(files.files));
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  choose(e.dataTransfer?.files ?? null);
});
preset.addEventListener('change', () => (circuitInput.value = preset.value));

runButton.addEventListener('click', async () => {
  runButton.disabled = true;
  setStatus('reading files…');
  const payload = await Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
  worker.postMessage({ files: payload, circuit: circuitInput.value.trim() }, payload.map((p) => p.bytes));
});

worker.onmessage = async (e: MessageEvent<AnalyseReply>) => {
  const m = e.data;
  if (m.type === 'progress') return setStatus(m.message);
  runButton.disabled = chosen.length === 0;
  if (m.type === 'error') return setStatus(m.message, true);
  last = { circuit: m.circuit, spectra: m.spectra };
  csvButton.disabled = jsonButton.disabled = false;
  results.replaceChildren();
  for (const s of m.spectra) results.append(await spectrumSection(s));
  setStatus(`done: ${m.spectra.length} spectra fitted to ${m.circuit} and validated in ${m.ms.toFixed(0)} ms`);
  document.body.dataset.state = 'done';
};

const num = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(5) : x.toExponential(4)) : String(x));

async function spectrumSection(s: SpectrumResult): Promise<HTMLElement> {
  const div = document.createElement('div');
  div.className = 'spectrum';
  const h = document.createElement('h2');
  h.textContent = s.label;
  const verdict = document.createElement('p');
  verdict.textContent = `Fit: ${s.fit.success ? 'converged' : `FAILED — ${s.fit.message}`}, χ² = ${num(s.fit.chi2)}. Lin-KK: ${s.kk.pass ? 'pass' : 'FAIL'} (M = ${s.kk.M}, μ = ${s.kk.mu.toFixed(3)}, largest residual ${(100 * s.kk.maxResidual).toFixed(2)} %, noise ≈ ${s.kk.noiseEstimate.toFixed(2)} %).`;
  const table = document.createElement('table');
  table.className = 'params';
  table.innerHTML = `<tr><th>parameter</th><th>value</th><th>std. error</th><th>unit</th></tr>${s.fit.paramNames.map((n, k) => `<tr><td>${n}</td><td data-param="${n}">${num(s.fit.params[k]!)}</td><td>${num(s.fit.stderr[k]!)}</td><td>${s.fit.units[k]}</td></tr>`).join('')}`;
  const plots = document.createElement('div');
  plots.className = 'plots';
  for (const svg of await spectrumPlots(s)) {
    const box = document.createElement('div');
    box.innerHTML = svg;
    plots.append(box);
  }
  div.append(h, verdict, table, plots);
  return div;
}

function download(name: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

csvButton.addEventListener('click', () => {
  if (!last) return;
  const names = last.spectra[0]!.fit.paramNames;
  const lines = [['spectrum', ...names.flatMap((n) => [n, `${n} stderr`]), 'chi2', 'kk_pass', 'kk_max_residual'].join(',')];
  for (const s of last.spectra) lines.push([JSON.stringify(s.label), ...s.fit.params.flatMap((p, k) => [p, s.fit.stderr[k]]), s.fit.chi2, s.kk.pass, s.kk.maxResidual].join(','));
  download('eiskit-fits.csv', `${lines.join('\n')}\n`, 'text/csv');
});
jsonButton.addEventListener('click', () => {
  if (last) download('eiskit-fits.json', JSON.stringify({ format: 'eiskit-app-results', version: 1, ...last }, null, 1), 'application/json');
});
