/**
 * The DRT panel of one spectrum (issue 12): a closed <details> that, when first opened, asks the
 * DRT worker for drt() of the spectrum on the range with λ 'auto'. λ stays 'auto' or follows a
 * slider over the 71-point grid 1e-7…1 (each move re-runs the DRT in the worker, debounced); the
 * panel shows the method and the λ used, γ against τ or f, the λ score curve of the automatic
 * choice, and the peaks (τ, f, R, C, share of R_pol). A peak's "seed" button puts start values
 * for an R‖CPE or R‖C arc of the circuit into the fit form. When drt() finds a blocking
 * electrode's tail, a "crop at X Hz" button sets the panel's DRT window to f ≥ X (the −Z″ valley
 * before the tail) and computes again; "whole range" undoes it. Built with DOM calls and textContent.
 */
import { drtPlot, lambdaCurvePlot } from '../src/plot/index.ts';
import type { Arc } from '../src/circuit/arcs.ts';
import type { DrtResult } from '../src/drt/types.ts';
import { cell as num } from '../src/report/html.ts';
import type { DrtAsk } from './drt-jobs.ts';
import { arcName, cropHz, defaultArcIndex, DEFAULT_LAMBDA_STEP, LAMBDA_STEPS, lambdaLabel, lambdaStep, lambdaText, seedFromPeak, seedMessage, shareText, sliderLambda, tailCroppedText, edgeText } from './drt-model.ts';
import { livePlot } from './live-plot.ts';
import type { FrequencyRange, SpectrumResult } from './protocol.ts';
import { el } from './view.ts';

/** How long the slider must rest before the DRT is re-run (ms). */
export const SLIDER_DEBOUNCE_MS = 200;

export interface DrtPanelContext {
  /** Sends a request to the DRT worker (the newest of a panel replaces its waiting one). */
  ask(request: DrtAsk): void;
  /** The R‖C and R‖CPE arcs of the fitted circuit, which a peak can seed. */
  arcs: readonly Arc[];
  /** Puts start values into the fit form; returns the form's new text. */
  seed(values: Record<string, number>): string;
}

/** What a panel keeps across a new run of the analysis: whether it is open, and its λ. */
export interface DrtPanelState {
  open: boolean;
  lambda: number | 'auto';
}

export interface DrtPanel {
  element: HTMLElement;
  /** The spectrum's label. */
  label: string;
  /** Its open state and λ, to carry over to the next results' panel of the same spectrum. */
  state(): DrtPanelState;
  /** A reply of the DRT worker for this panel. */
  done(result: DrtResult, ms: number): void;
  failed(message: string): void;
  dispose(): void;
}

/** `previous`: the state of this spectrum's panel in the results before (an open panel opens again and computes at once). */
export function drtPanel(key: string, s: SpectrumResult, range: FrequencyRange, ctx: DrtPanelContext, previous?: DrtPanelState): DrtPanel {
  const details = el('details', undefined, 'drt');
  details.dataset.label = s.label;
  details.append(el('summary', 'DRT — distribution of relaxation times'));
  const auto = el('input');
  auto.type = 'checkbox';
  auto.checked = true;
  auto.className = 'drt-auto';
  const slider = el('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = String(LAMBDA_STEPS);
  slider.step = '1';
  slider.value = String(DEFAULT_LAMBDA_STEP);
  slider.className = 'drt-lambda';
  slider.setAttribute('aria-label', 'λ (log scale, 1e-7 to 1)');
  const sliderValue = el('span', '', 'drt-lambda-value');
  const axis = el('select', undefined, 'drt-axis');
  for (const [value, text] of [['tau', 'γ against τ'], ['frequency', 'γ against f']]) {
    const o = el('option', text);
    o.value = value!;
    axis.append(o);
  }
  const label = (text: string, input: HTMLElement, after = false) => {
    const l = el('label');
    if (after) l.append(input, ` ${text}`);
    else l.append(`${text} `, input);
    return l;
  };
  const credible = el('input');
  credible.type = 'checkbox';
  credible.className = 'drt-credible';
  const controls = el('div', undefined, 'drt-controls');
  controls.append(label('λ automatic', auto, true), label('λ', slider), sliderValue, label('plot', axis), label('credible band', credible, true));
  const status = el('p', 'Open to compute.', 'drt-status');
  const warnings = el('ul', undefined, 'reasons drt-warnings');
  const plots = el('div', undefined, 'plots drt-plots');
  const peaks = el('div', undefined, 'drt-peaks');
  const seeded = el('p', '', 'drt-seeded');
  const tailBox = el('div', undefined, 'drt-tail');
  details.append(controls, status, warnings, tailBox, plots, peaks, seeded);
  /** The DRT window's fmin set by the tail's "crop" button, or null (the analysis range). */
  let crop: number | null = null;

  let last: DrtResult | null = null;
  let lastAuto: DrtResult | null = null;
  let disposers: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let drawing = 0;
  let asked = false;
  let disposed = false;

  const showSlider = () => (sliderValue.textContent = `λ = ${lambdaLabel(sliderLambda(Number(slider.value)))}`);
  const request = () => {
    asked = true;
    details.dataset.state = 'busy';
    status.className = 'drt-status';
    status.textContent = auto.checked ? 'computing the DRT (λ chosen automatically)…' : `computing the DRT at λ = ${lambdaLabel(sliderLambda(Number(slider.value)))}…`;
    ctx.ask({ key, freq: s.freq, re: s.re, im: s.im, range: crop !== null ? { ...range, fmin: crop } : range, lambda: auto.checked ? 'auto' : sliderLambda(Number(slider.value)), credible: credible.checked });
  };
  if (previous && previous.lambda !== 'auto') {
    auto.checked = false;
    slider.value = String(lambdaStep(previous.lambda));
  }
  showSlider();

  details.addEventListener('toggle', () => {
    if (details.open && !asked && !disposed) request();
  });
  slider.addEventListener('input', () => {
    auto.checked = false;
    showSlider();
    clearTimeout(timer);
    timer = setTimeout(request, SLIDER_DEBOUNCE_MS);
  });
  auto.addEventListener('change', () => {
    clearTimeout(timer);
    request();
  });
  credible.addEventListener('change', request);
  axis.addEventListener('change', () => void draw());

  async function draw(): Promise<void> {
    const r = last;
    if (!r) return;
    const mine = ++drawing;
    disposers.splice(0).forEach((d) => d());
    plots.replaceChildren();
    try {
      const box = (name: string) => {
        const d = el('div', undefined, `plot plot-${name}`);
        plots.append(d);
        return d;
      };
      const x = axis.value === 'frequency' ? 'frequency' : 'tau';
      const gammaBox = box('drt'), curveBox = lastAuto?.lambdaCurve ? box('lambda') : null;
      const made = [await livePlot(gammaBox, drtPlot(r, { x, title: `DRT — ${s.label}` }))];
      if (curveBox && lastAuto) made.push(await livePlot(curveBox, lambdaCurvePlot(lastAuto, { title: r === lastAuto ? 'λ score' : `λ score of the automatic choice (now λ = ${lambdaLabel(r.lambda)})` })));
      if (mine !== drawing) made.forEach((d) => d());
      else disposers = made;
    } catch (err) {
      if (mine === drawing) plots.append(el('p', `DRT plots: not possible — ${err instanceof Error ? err.message : String(err)}`, 'error'));
    }
  }

  function peakTable(r: DrtResult): HTMLElement[] {
    if (r.peaks.length === 0) return [el('p', 'No peak above the threshold.', 'drt-no-peaks')];
    const table = el('table', undefined, 'drt-peaks');
    const head = el('tr');
    for (const h of ['#', 'τ (s)', 'f (Hz)', 'R (Ω)', 'C = τ/R (F)', 'share of R_pol', ctx.arcs.length ? 'seed the fit' : '']) head.append(el('th', h));
    table.append(head);
    r.peaks.forEach((p, k) => {
      const tr = el('tr');
      tr.dataset.peak = String(k + 1);
      if (p.edge) {
        tr.className = 'drt-edge';
        tr.title = 'At an end of the measured window: τ and R are set by the window, not determined by the data.';
      }
      tr.append(el('td', String(k + 1)), el('td', num(p.tau)), el('td', num(p.frequency)), el('td', num(p.resistance)), el('td', num(p.capacitance)), el('td', shareText(p.fraction)));
      const td = el('td');
      if (ctx.arcs.length) {
        const pick = el('select', undefined, 'drt-arc');
        ctx.arcs.forEach((a, i) => {
          const o = el('option', arcName(a));
          o.value = String(i);
          pick.append(o);
        });
        pick.value = String(defaultArcIndex(r.peaks, k, ctx.arcs.length));
        const button = el('button', 'seed', 'drt-seed');
        button.addEventListener('click', () => {
          const arc = ctx.arcs[Number(pick.value)]!;
          const values = seedFromPeak(p, arc);
          if (!values) {
            seeded.className = 'drt-seeded error';
            seeded.textContent = `This peak has no usable τ and R to seed ${arcName(arc)} with.`;
            return;
          }
          ctx.seed(values);
          seeded.className = 'drt-seeded';
          seeded.textContent = seedMessage(arc, values, p);
        });
        td.append(pick, button);
      }
      tr.append(td);
      table.append(tr);
    });
    const note = ctx.arcs.length ? [] : [el('p', 'The circuit has no R‖C or R‖CPE at its top level for a peak to seed.', 'drt-no-arcs')];
    const edges = r.peaks.flatMap((p, k) => (p.edge ? [k + 1] : []));
    if (edges.length) note.push(el('p', edgeText(edges), 'drt-edge-note'));
    return [table, ...note];
  }

  /** The tail's button: crop at its fmin, or (once cropped) back to the whole range. */
  function tailControls(r: DrtResult): HTMLElement[] {
    const button = (text: string, cls: string, to: number | null) => {
      const b = el('button', text, cls);
      b.addEventListener('click', () => {
        crop = to;
        lastAuto = null;
        request();
      });
      return b;
    };
    if (crop !== null) return [el('span', `${tailCroppedText(crop)} `), button('whole range', 'drt-uncrop', null)];
    if (r.tail) return [button(`crop at ${cropHz(r.tail.fmin)} Hz`, 'drt-crop', r.tail.fmin)];
    return [];
  }

  if (previous?.open) details.open = true; // its toggle event asks for the DRT

  return {
    element: details,
    label: s.label,
    state: () => ({ open: details.open, lambda: auto.checked ? 'auto' : sliderLambda(Number(slider.value)) }),
    done(r, ms) {
      const wasAuto = r.lambdaCurve !== undefined;
      last = r;
      if (wasAuto) {
        lastAuto = r;
        slider.value = String(lambdaStep(r.lambda));
        showSlider();
      }
      details.dataset.state = 'done';
      status.className = 'drt-status';
      status.textContent = `${lambdaText(r, wasAuto)} R∞ = ${num(r.rInf)} Ω, R_pol = ${num(r.polarizationResistance)} Ω, ${r.peaks.length} peak${r.peaks.length === 1 ? '' : 's'}${r.credible ? `, ${r.credible === 'gaussian' ? 'approximate (Gaussian)' : r.credible.toUpperCase()} credible band` : ''}; ${ms.toFixed(0)} ms.`;
      warnings.replaceChildren(...r.warnings.map((w) => el('li', w)));
      tailBox.replaceChildren(...tailControls(r));
      peaks.replaceChildren(...peakTable(r));
      void draw();
    },
    failed(message) {
      details.dataset.state = 'error';
      status.className = 'drt-status error';
      status.textContent = message;
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      drawing++;
      disposers.splice(0).forEach((d) => d());
    },
  };
}
