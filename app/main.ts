/**
 * The in-browser app: drop files, pick or type a circuit, crop the frequency range (type the
 * limits or drag on the Nyquist or Bode plot), fit, Lin-KK- and Z-HIT-validate in a Web Worker
 * (WASM), see the verdicts, parameters and plots, open a spectrum's DRT panel (computed in a
 * second worker; a peak seeds the fit's start values) and its dielectric views (−Z″/M″, σ′ with
 * the Jonscher fit, a representation's CSV; with the Pellet box's geometry), download CSV/JSON;
 * with several spectra, the temperature series section fits them together for the activation
 * energy (a third worker).
 * Static files only.
 */
import { parseCircuitAst } from '../src/circuit/parse.ts';
import { findArcs } from '../src/circuit/arcs.ts';
import type { PelletText } from './dielectric.ts';
import { dielectricPanel, type DielectricPanel } from './dielectric-view.ts';
import { DrtJobs } from './drt-jobs.ts';
import { mergeStartValues, parseStartValues } from './drt-model.ts';
import { drtPanel, type DrtPanel } from './drt-view.ts';
import { resultsCsv, resultsJson } from './export.ts';
import { Jobs } from './jobs.ts';
import { MAX_FILE_BYTES, MAX_STARTS, type AnalyseDone, type FrequencyRange } from './protocol.ts';
import { SeriesJobs } from './series-jobs.ts';
import { MIN_SERIES, type SeriesForm } from './series-model.ts';
import { seriesSection, type SeriesSection } from './series-view.ts';
import { parseRange, rangeText } from './range.ts';
import { fileReport, spectrumSection, summaryTable, verdictCounts } from './view.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const files = $<HTMLInputElement>('files'), drop = $('drop'), preset = $<HTMLSelectElement>('preset'), circuitInput = $<HTMLInputElement>('circuit');
const initialInput = $<HTMLInputElement>('initial'), startsInput = $<HTMLInputElement>('starts'), fminInput = $<HTMLInputElement>('fmin'), fmaxInput = $<HTMLInputElement>('fmax');
const runButton = $<HTMLButtonElement>('run'), cancelButton = $<HTMLButtonElement>('cancel'), applyButton = $<HTMLButtonElement>('apply-range'), fullButton = $<HTMLButtonElement>('full-range');
const csvButton = $<HTMLButtonElement>('csv'), jsonButton = $<HTMLButtonElement>('json');
const status = $('status'), fileList = $('file-report'), results = $('results'), seriesBox = $('series');
const pelletThickness = $<HTMLInputElement>('pellet-thickness'), pelletAreaKind = $<HTMLSelectElement>('pellet-area-kind'), pelletArea = $<HTMLInputElement>('pellet-area');

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

// the DRT panels of the results shown, by key; their requests go to a worker of their own
let panels = new Map<string, DrtPanel>();
const drtJobs = new DrtJobs(new URL('./worker.js', import.meta.url), {
  done: (key, m) => panels.get(key)?.done(m.result, m.ms),
  failed: (key, message) => panels.get(key)?.failed(message),
});

// the Pellet box: the geometry of the dielectric views and of the temperature series
const pellet = (): PelletText => ({ thickness: pelletThickness.value, area: pelletArea.value, areaKind: pelletAreaKind.value === 'diameter' ? 'diameter' : 'area' });
/**
 * What the loaded files state, shown as the empty box's placeholder (and title), never typed into
 * it: an empty box leaves each consumer its own rule — the series takes the value every file
 * states and refuses files that disagree (app/series-model.ts, as `eiskit series`), a spectrum's
 * dielectric views take that spectrum's own file (app/dielectric.ts, as `eiskit convert`).
 */
function pelletHints(r: AnalyseDone): void {
  const hint = (input: HTMLInputElement, values: (number | undefined)[], unit: string, none: string) => {
    const stated = [...new Set(values.filter((v): v is number => v !== undefined && v > 0).map((v) => Number(v.toPrecision(6))))];
    input.placeholder = stated.length === 0 ? none : stated.length === 1 ? `${stated[0]} (files)` : 'files differ';
    input.title = stated.length === 0 ? '' : stated.length === 1 ? `The files state ${stated[0]} ${unit}; leave empty to use it.` : `The files state different values (${stated.join(', ')} ${unit}): the series needs the pellet's value typed here; each spectrum's dielectric views use its own file's.`;
  };
  hint(pelletThickness, r.spectra.map((s) => s.thicknessCm), 'cm', 'cm');
  hint(pelletArea, r.spectra.map((s) => s.areaCm2), 'cm² (area)', 'cm² or cm');
}
// the dielectric sections of the results shown; the open ones follow the Pellet box as it is typed
let dielectrics: DielectricPanel[] = [];
let pelletTimer: ReturnType<typeof setTimeout> | undefined;
const pelletChanged = () => {
  clearTimeout(pelletTimer);
  pelletTimer = setTimeout(() => dielectrics.forEach((d) => d.refresh()), 300);
};
for (const input of [pelletThickness, pelletArea]) input.addEventListener('input', pelletChanged);
pelletAreaKind.addEventListener('change', pelletChanged);

// the temperature series section of the results shown; its series run in a worker of their own
let series: SeriesSection | null = null;
let seriesForm: SeriesForm | null = null; // the form of the last section, carried into the next results
const seriesJobs = new SeriesJobs(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }), {
  progress: (done, total) => series?.progress(done, total),
  done: (o) => void series?.done(o),
  failed: (message) => series?.failed(message),
});

/** The series section for new results (≥ 3 spectra), keeping what was typed in the previous one. */
function showSeries(r: AnalyseDone): void {
  seriesJobs.cancel(); // its spectra or range may have changed
  if (series) seriesForm = series.form();
  series?.dispose();
  series = r.spectra.length >= MIN_SERIES ? seriesSection({ circuit: r.circuit, range: r.range, spectra: r.spectra, defaults: r.seriesDefaults ?? { bulk: 'R1', shared: [] } }, { run: (q) => seriesJobs.run(q), cancel: () => seriesJobs.cancel(), download, pellet }, seriesForm) : null;
  seriesBox.replaceChildren(...(series ? [series.element] : []));
}

/** Start values from a DRT peak, merged into the form (highlighted until edited). */
function seedStartValues(values: Record<string, number>): string {
  initialInput.value = mergeStartValues(initialInput.value, values);
  initialInput.classList.add('seeded');
  return initialInput.value;
}
initialInput.addEventListener('input', () => initialInput.classList.remove('seeded'));

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
  const initial = parseStartValues(initialInput.value);
  if ('error' in initial) return setState('error', `Start values: ${initial.error}.`);
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
  if (mine === epoch) jobs.run({ files: payload, circuit: circuitInput.value.trim(), starts, range: parsed.range, initial: initial.values });
}

async function show(r: AnalyseDone): Promise<void> {
  const mine = epoch;
  setState('busy', 'drawing the plots…');
  const sections = [];
  const drts = new Map<string, DrtPanel>();
  const arcs = findArcs(parseCircuitAst(r.circuit));
  // a spectrum's DRT panel stays open, at its λ, across runs (seed a peak, fit again, look again)
  const before = new Map([...panels.values()].map((p) => [p.label, p.state()]));
  const openViews = new Set(dielectrics.filter((d) => d.isOpen()).map((d) => d.label));
  const views: DielectricPanel[] = [];
  pelletHints(r);
  try {
    const lazy = r.spectra.length > EAGER_PLOTS;
    for (const [k, s] of r.spectra.entries()) {
      const section = await spectrumSection(s, r.range, setRangeAndRun, lazy);
      const key = `${r.id}:${k}`;
      const panel = drtPanel(key, s, r.range, { ask: (req) => drtJobs.ask(req), arcs, seed: seedStartValues }, before.get(s.label));
      drts.set(key, panel);
      const view = dielectricPanel(s, r.range, { pellet, download, ...(r.seriesDefaults?.bulk ? { bulk: r.seriesDefaults.bulk } : {}) }, openViews.has(s.label));
      views.push(view);
      section.element.append(panel.element, view.element);
      sections.push({ element: section.element, dispose: () => (section.dispose(), panel.dispose(), view.dispose(), drtJobs.forget(key)) });
    }
  } catch (err) {
    sections.forEach((s) => s.dispose());
    drts.forEach((p) => p.dispose());
    if (mine === epoch) setState('error', `Error while drawing the results: ${(err as Error)?.message ?? String(err)}`);
    return;
  }
  if (mine !== epoch) {
    drts.forEach((p) => p.dispose());
    return sections.forEach((s) => s.dispose());
  }
  disposePlots.forEach((d) => d());
  disposePlots = sections.map((s) => s.dispose);
  panels = drts;
  dielectrics = views;
  last = r;
  fileList.replaceChildren(fileReport(r.files));
  results.replaceChildren(...(r.spectra.length > 1 ? [summaryTable(r.spectra)] : []), ...sections.map((s) => s.element));
  showSeries(r);
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
