/**
 * The "Temperature series — activation energy" section (DOM; textContent only): a temperature per
 * spectrum (prefilled from the file's metadata or name), which spectra to include, the bulk resistance, the law and the shared parameters; "Fit series" checks the form
 * (app/series-model.ts) and asks for the series (`run`); the result shows Ea by the constrained
 * global fit and by the two-step GLS route (the pellet geometry is the page's Pellet box, which the
 * dielectric views use too) with the report's texts, σ at 25 °C, the fit's quality,
 * the lack-of-fit verdict, the shared parameters, the Arrhenius and residual plots and a JSON download.
 */
import { cell as num } from '../src/report/html.ts';
import { livePlot } from './live-plot.ts';
import type { SeriesOutcome, SeriesRequest, SpectrumResult } from './protocol.ts';
import { seriesSpecs } from './series-plots.ts';
import {
  convertText, MIN_SERIES, nameTemperatureNote, seriesJson, seriesRequest, stateTemperature, temperatureText,
  type SeriesForm, type SeriesSource, type TemperatureUnit,
} from './series-model.ts';
import { el } from './view.ts';
import type { PelletText } from './dielectric.ts';

export interface SeriesActions {
  run(request: Omit<SeriesRequest, 'type' | 'id'>): void;
  cancel(): boolean;
  download(name: string, text: string, type: string): void;
  /** The page's Pellet box as typed (the series' geometry). */
  pellet(): PelletText;
}

export interface SeriesSection {
  element: HTMLElement;
  /** The form as typed (kept for the next analysis of the same spectra). */
  form(): SeriesForm;
  progress(done: number, total: number): void;
  done(outcome: SeriesOutcome): Promise<void>;
  failed(message: string): void;
  dispose(): void;
}

/** A labelled control. */
function labelled(text: string, control: HTMLElement, title?: string): HTMLLabelElement {
  const l = el('label', `${text} `);
  if (title) l.title = title;
  l.append(control);
  return l;
}

function input(className: string, value: string, aria: string, placeholder = ''): HTMLInputElement {
  const i = el('input', undefined, className);
  i.type = 'text';
  i.value = value;
  i.placeholder = placeholder;
  i.setAttribute('aria-label', aria);
  return i;
}

function select(className: string, options: [string, string][], value: string, aria: string): HTMLSelectElement {
  const s = el('select', undefined, className);
  for (const [v, text] of options) {
    const o = el('option', text);
    o.value = v;
    s.append(o);
  }
  s.value = value;
  s.setAttribute('aria-label', aria);
  return s;
}

/**
 * The section for the spectra of an analysis (`src`, with each spectrum's stated temperature); `previous` is the form of the section it replaces (same labels keep their row).
 */
export function seriesSection(src: Omit<SeriesSource, 'spectra'> & { spectra: readonly SpectrumResult[] }, actions: SeriesActions, previous: SeriesForm | null): SeriesSection {
  const section = el('section', undefined, 'series');
  section.id = 'series-section';
  section.append(el('h2', 'Temperature series — activation energy'));
  section.append(el('p', `One fit of all included spectra with ${src.circuit}: the bulk resistance on the Arrhenius law (constrained global fit), against the two-step route (the same global fit with the bulk free per temperature, then generalised least squares of ln σ on 1/T with the full covariance), as \`eiskit series --global\` and the report. Needs at least ${MIN_SERIES} spectra at ${MIN_SERIES} distinct temperatures; uses the frequency range of the fit above and the geometry of the Pellet box.`, 'series-intro'));

  const unit = select('series-unit', [['C', '°C'], ['K', 'K']], previous?.unit ?? 'C', 'temperature unit');
  let shownUnit = unit.value as TemperatureUnit;
  const prev = new Map((previous?.rows ?? []).map((r) => [r.label, r]));
  const table = el('table', undefined, 'series-temps');
  const head = el('tr');
  const unitHead = el('th');
  unitHead.append('temperature (', unit, ')');
  head.append(el('th', 'include'), el('th', 'spectrum'), unitHead, el('th', 'from'));
  table.append(head);
  const rows = src.spectra.map((s) => {
    const tr = el('tr');
    tr.dataset.label = s.label;
    const include = el('input', undefined, 'series-include');
    include.type = 'checkbox';
    include.setAttribute('aria-label', `include ${s.label}`);
    const before = prev.get(s.label);
    include.checked = before?.include ?? true;
    const stated = stateTemperature(s);
    const note = stated === null ? nameTemperatureNote(s) : null;
    const from = before ? 'as typed before' : stated === null ? (note === null ? '—' : `— (file name: ${note})`) : s.temperatureK !== undefined ? 'the file' : 'the file name';
    const temp = input('series-temperature', before ? convertText(before.temperature, previous!.unit, shownUnit) : stated === null ? '' : temperatureText(stated, shownUnit), `temperature of ${s.label}`, 'type it');
    const td = el('td');
    td.append(include);
    const tt = el('td');
    tt.append(temp);
    tr.append(td, el('td', s.label), tt, el('td', from));
    table.append(tr);
    return { label: s.label, include, temp };
  });
  unit.addEventListener('change', () => {
    const to = unit.value as TemperatureUnit;
    for (const r of rows) r.temp.value = convertText(r.temp.value, shownUnit, to);
    shownUnit = to;
  });

  // names of another circuit would not fit this one: its defaults instead
  const roles = previous?.circuit === src.circuit ? previous : null;
  const bulk = input('series-bulk', roles?.bulk ?? src.defaults.bulk, 'bulk resistance');
  const law = select('series-law', [['sigma', 'σ = σ0·exp(−Ea/kT)'], ['sigmaT', 'σT = A·exp(−Ea/kT)']], previous?.form ?? 'sigma', 'Arrhenius law');
  const shared = input('series-shared', roles?.shared ?? src.defaults.shared.join(', '), 'shared parameters', 'nothing shared');
  const controls = el('p', undefined, 'series-controls');
  controls.append(labelled('Bulk resistance', bulk), labelled('Law', law));
  const sharedLine = el('p', undefined, 'series-controls');
  sharedLine.append(labelled('Shared parameters', shared, 'One value for all temperatures, comma-separated; by default every arc\'s CPE (or C): dielectric, nearly independent of T. Empty: nothing shared.'));
  const fitButton = el('button', 'Fit series', 'series-fit');
  const cancelButton = el('button', 'Cancel', 'series-cancel');
  cancelButton.disabled = true;
  const jsonButton = el('button', 'Download series JSON', 'series-json');
  jsonButton.disabled = true;
  const buttons = el('p', undefined, 'series-buttons');
  buttons.append(fitButton, cancelButton, jsonButton);
  const status = el('p', 'Enter the temperatures, check the geometry in the Pellet box, then "Fit series".', 'series-status');
  const errors = el('ul', undefined, 'series-errors');
  const notes = el('ul', undefined, 'series-notes');
  const result = el('div', undefined, 'series-result');
  section.append(table, controls, sharedLine, buttons, status, errors, notes, result);

  let last: SeriesOutcome | null = null;
  let disposers: (() => void)[] = [];
  let epoch = 0;
  const setStatus = (state: string, text: string) => {
    status.textContent = text;
    status.className = `series-status ${state === 'error' ? 'error' : ''}`.trim();
    section.dataset.state = state;
    cancelButton.disabled = state !== 'busy';
  };
  section.dataset.state = 'idle';

  const form = (): SeriesForm => ({
    circuit: src.circuit,
    rows: rows.map((r) => ({ label: r.label, include: r.include.checked, temperature: r.temp.value })),
    unit: unit.value as TemperatureUnit, ...actions.pellet(),
    bulk: bulk.value, form: law.value as 'sigma' | 'sigmaT', shared: shared.value,
  });

  fitButton.addEventListener('click', () => {
    errors.replaceChildren();
    notes.replaceChildren();
    const checked = seriesRequest(src, form());
    if ('errors' in checked) {
      for (const e of checked.errors) errors.append(el('li', e, 'error'));
      setStatus('invalid', `Not fitted: ${checked.errors.length} problem${checked.errors.length === 1 ? '' : 's'} with the input (below).`);
      return;
    }
    // where the geometry came from (the Pellet box or the files) and what the files state otherwise
    for (const n of checked.notes) notes.append(el('li', n));
    epoch++;
    setStatus('busy', `fitting the series of ${checked.request.spectra.length} spectra…`);
    actions.run(checked.request);
  });
  cancelButton.addEventListener('click', () => {
    epoch++;
    if (actions.cancel()) setStatus('cancelled', 'Cancelled: the series worker was stopped and restarted.');
  });
  jsonButton.addEventListener('click', () => last && actions.download('eiskit-series.json', seriesJson(last), 'application/json'));

  return {
    element: section,
    form,
    progress: (done, total) => setStatus('busy', `fitting the series: step ${done} of ${total} (Lin-KK and a fit per spectrum, then the constrained global fit, then the two-step one)…`),
    failed: (message) => setStatus('error', message),
    async done(o) {
      const mine = ++epoch;
      const fresh: (() => void)[] = [];
      const view = el('div');
      result.replaceChildren(view);
      try {
        view.append(...outcomeBlocks(o));
        const plots = el('div', undefined, 'plots series-plots');
        view.append(plots);
        const specs = seriesSpecs(o);
        for (const [name, spec] of [['arrhenius', specs.arrhenius], ['residuals', specs.residuals]] as const) {
          const box = el('div', undefined, `plot plot-${name}`);
          plots.append(box);
          fresh.push(await livePlot(box, spec));
        }
      } catch (err) {
        view.append(el('p', `Showing the result: not possible — ${err instanceof Error ? err.message : String(err)}`, 'error'));
      }
      if (mine !== epoch) return fresh.forEach((d) => d());
      disposers.forEach((d) => d());
      disposers = fresh;
      last = o;
      jsonButton.disabled = false;
      const c = o.constrained;
      setStatus('done', `done in ${o.ms.toFixed(0)} ms: Ea = ${c.activationEnergyEv.toFixed(4)} eV by the constrained global fit${o.twoStep ? `, ${o.twoStep.activationEnergyEv.toFixed(4)} eV by the two-step route` : ''}.`);
    },
    dispose() {
      epoch++;
      disposers.forEach((d) => d());
      disposers = [];
    },
  };
}

/** The result: quality, both routes (the report's rows) with σ at 25 °C and the prefactor, the lack of fit, the shared parameters, warnings. */
function outcomeBlocks(o: SeriesOutcome): HTMLElement[] {
  const q = o.fit.quality;
  const intro = el('p', undefined, 'series-fit-quality');
  intro.append(`Constrained global fit of ${o.points.length} spectra (${o.bulk} on the ${o.form === 'sigma' ? 'σ' : 'σT'} law, ${o.shared.length ? `${o.shared.join(', ')} shared` : 'nothing shared'}): ${o.fit.success ? 'converged' : `did not converge — ${o.fit.message}`}, χ²/ν = ${o.fit.reducedChi2.toPrecision(4)}, ν = ${o.fit.dof}, `, el('span', `quality: ${q.verdict}`, `verdict verdict-${q.verdict}`), '.');
  const reasons = el('ul', undefined, 'reasons series-quality-reasons');
  for (const r of q.reasons) reasons.append(el('li', r));

  const table = el('table', undefined, 'series-routes');
  const head = el('tr');
  for (const h of ['route', 'Ea (eV)', '95 % interval (eV)', o.form === 'sigma' ? 'σ0 (S/cm)' : 'A (S·K/cm)', 'σ at 25 °C (S/cm)', '± std. error']) head.append(el('th', h));
  table.append(head);
  const routes = [['constrained', o.constrained], ['two-step', o.twoStep], ['independent', o.independent]] as const;
  o.routes.forEach((row, k) => {
    const [key, route] = routes[k] ?? ['other', null];
    const tr = el('tr');
    tr.dataset.route = key;
    const ea = el('td', row[1]);
    ea.className = 'series-ea';
    if (route) ea.dataset.value = String(route.activationEnergyEv);
    tr.append(el('td', row[0]), ea, el('td', row[2]), el('td', route ? num(route.prefactor) : '—'), el('td', route ? num(route.sigma25) : '—'), el('td', route ? num(route.sigma25Stderr) : '—'));
    table.append(tr);
  });
  const note = el('p', o.sigma25Note, 'series-sigma25-note');

  const lof = el('p', undefined, 'series-lack-of-fit');
  if (o.lackOfFit) lof.dataset.verdict = o.lackOfFit.verdict;
  lof.textContent = o.lackOfFitText;

  const out: HTMLElement[] = [intro, reasons, el('p', `Activation energy of ${o.bulk} by each route:`), table, ...(o.sigma25Note ? [note] : []), lof];
  if (o.sharedValues.length) {
    const st = el('table', undefined, 'series-shared');
    const h = el('tr');
    for (const x of ['shared parameter', 'value', 'std. error']) h.append(el('th', x));
    st.append(h);
    for (const s of o.sharedValues) {
      const tr = el('tr');
      const v = el('td', num(s.value));
      v.dataset.param = s.name;
      tr.append(el('td', s.name), v, el('td', num(s.stderr)));
      st.append(tr);
    }
    out.push(st);
  }
  if (o.warnings.length) {
    const w = el('ul', undefined, 'reasons series-warnings');
    for (const x of o.warnings) w.append(el('li', `warning: ${x}`));
    out.push(w);
  }
  return out;
}
