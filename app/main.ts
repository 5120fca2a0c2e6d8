/**
 * The in-browser app: drop files, pick or type a circuit, crop the frequency range (type the
 * limits or drag on the Nyquist or Bode plot), fit and Lin-KK-validate in a Web Worker (WASM),
 * see the verdicts, parameters and plots, download CSV/JSON. Static files only.
 */
import { resultsCsv, resultsJson } from './export.ts';
import { Jobs } from './jobs.ts';
import { MAX_FILE_BYTES, MAX_STARTS, type AnalyseDone, type FrequencyRange } from './protocol.ts';
import { parseRange, rangeText } from './range.ts';
import { fileReport, spectrumSection, summaryTable, verdictCounts } from './view.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const files = $<HTMLInputElement>('files'), drop = $('drop'), preset = $<HTMLSelectElement>('preset'), circuitInput = $<HTMLInputElement>('circuit');
const startsInput = $<HTMLInputElement>('starts'), fminInput = $<HTMLInputElement>('fmin'), fmaxInput = $<HTMLInputElement>('fmax');
const runButton = $<HTMLButtonElement>('run'), cancelButton = $<HTMLButtonElement>('cancel'), applyButton = $<HTMLButtonElement>('apply-range'), fullButton = $<HTMLButtonElement>('full-range');
const csvButton = $<HTMLButtonElement>('csv'), jsonButton = $<HTMLButtonElement>('json');
const status = $('status'), fileList = $('file-report'), results = $('results');

/** With more spectra than this, each one's plots are drawn when asked for. */
const EAGER_PLOTS = 8;
let chosen: File[] = [];
let last: AnalyseDone | null = null;
let disposePlots: (() => void)[] = [];
let skipped = new Map<number, string>(); // files of the current run that broke or stuck the worker
// Bumped by every run and by Cancel: reading files, the job and drawing its plots each check it,
// so whatever an older run was still doing is dropped.
let epoch = 0;

type State = 'idle' | 'busy' | 'done' | 'error' | 'cancelled';
function setState(state: State, text: string): void {
  status.textContent = text;
  status.className = state === 'error' ? 'error' : '';
  document.body.dataset.state = state;
  cancelButton.disabled = state !== 'busy';
  runButton.disabled = chosen.length === 0;
}

const jobs = new Jobs(new URL('./worker.js', import.meta.url), {
  progress: (message) => setState('busy', message),
  done: (r) => void show(r),
  failed: (message, crashed) => setState('error', crashed ? `Error: ${message}. Run again to retry.` : `Error: ${message}`),
  // the worker broke or stuck on one file: run again without it (it is reported with the others)
  fileFailed: (index, reason) => void run(new Map([...skipped, [index, reason]])),
});

function choose(list: FileList | null): void {
  epoch++;
  jobs.cancel(); // a job over the previous choice would be of no use
  chosen = list ? Array.from(list) : [];
  setState('idle', chosen.length ? `${chosen.length} file(s) chosen: ${chosen.map((f) => f.name).join(', ')}` : 'Load one or more files.');
}

/**
 * Reads the chosen files (not those over the cap, nor those in `skip`, which are reported with
 * the reason given) and starts a job with the current controls.
 */
async function run(skip = new Map<number, string>()): Promise<void> {
  skipped = skip;
  if (chosen.length === 0) return;
  const starts = Number(startsInput.value);
  if (!(Number.isInteger(starts) && starts >= 1 && starts <= MAX_STARTS)) return setState('error', `Starts must be a whole number from 1 to ${MAX_STARTS}; got ${JSON.stringify(startsInput.value)}.`);
  const parsed = parseRange(fminInput.value, fmaxInput.value);
  if ('error' in parsed) return setState('error', `Frequency range: ${parsed.error}.`);
  const mine = ++epoch;
  setState('busy', 'reading files…');
  const payload = await Promise.all(chosen.map(async (f, k) => {
    if (skip.has(k)) return { name: f.name, size: f.size, bytes: null, error: skip.get(k)! };
    if (f.size > MAX_FILE_BYTES) return { name: f.name, size: f.size, bytes: null };
    try {
      return { name: f.name, size: f.size, bytes: await f.arrayBuffer() };
    } catch (err) {
      return { name: f.name, size: f.size, bytes: null, error: `could not be read by the browser: ${(err as Error)?.message ?? String(err)}` };
    }
  }));
  if (mine === epoch) jobs.run({ files: payload, circuit: circuitInput.value.trim(), starts, range: parsed.range });
}

async function show(r: AnalyseDone): Promise<void> {
  const mine = epoch;
  setState('busy', 'drawing the plots…');
  const sections = [];
  try {
    const lazy = r.spectra.length > EAGER_PLOTS;
    for (const s of r.spectra) sections.push(await spectrumSection(s, r.range, setRangeAndRun, lazy));
  } catch (err) {
    sections.forEach((s) => s.dispose());
    if (mine === epoch) setState('error', `Error while drawing the results: ${(err as Error)?.message ?? String(err)}`);
    return;
  }
  if (mine !== epoch) return sections.forEach((s) => s.dispose());
  disposePlots.forEach((d) => d());
  disposePlots = sections.map((s) => s.dispose);
  last = r;
  fileList.replaceChildren(fileReport(r.files));
  results.replaceChildren(...(r.spectra.length > 1 ? [summaryTable(r.spectra)] : []), ...sections.map((s) => s.element));
  csvButton.disabled = jsonButton.disabled = false;
  const failed = r.files.filter((f) => f.error !== undefined).length;
  const counts = r.spectra.length > 1 ? ` (${verdictCounts(r.spectra)})` : '';
  setState('done', `done: ${r.spectra.length} spectra fitted to ${r.circuit} and validated on ${rangeText(r.range)} in ${r.ms.toFixed(0)} ms${counts}${failed ? `; ${failed} of ${r.files.length} files could not be loaded (see above)` : ''}`);
}

/** A range from a brush: shown in the inputs, then fitted. */
function setRangeAndRun(r: FrequencyRange): void {
  fminInput.value = r.fmin !== undefined ? String(r.fmin) : '';
  fmaxInput.value = r.fmax !== undefined ? String(r.fmax) : '';
  void run();
}

function download(name: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
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
runButton.addEventListener('click', () => void run());
applyButton.addEventListener('click', () => void run());
for (const input of [fminInput, fmaxInput]) input.addEventListener('keydown', (e) => e.key === 'Enter' && void run());
fullButton.addEventListener('click', () => setRangeAndRun({}));
cancelButton.addEventListener('click', () => {
  epoch++;
  const stopped = jobs.cancel();
  setState('cancelled', stopped ? 'Cancelled: the worker was stopped and restarted. Change something and run again.' : 'Cancelled.');
});
csvButton.addEventListener('click', () => last && download('eiskit-fits.csv', resultsCsv(last), 'text/csv'));
jsonButton.addEventListener('click', () => last && download('eiskit-fits.json', resultsJson(last), 'application/json'));
setState('idle', 'Load one or more files.');
