/**
 * The "Dielectric views" section of one spectrum (DOM; textContent only): a closed <details> that,
 * when opened with the pellet geometry known (the page's Pellet box, an empty input taking the
 * file's value; a file's other value is named), shows the
 * −Z″/M″ plot with its peaks and the report's reading of them, the Jonscher fit of σ′ in the
 * report's words (beside the fit's bulk σ) and the σ′ plot with the fit drawn; without a
 * geometry it says what is needed. The CSV of a chosen representation (Y, C*, ε*, M*, σ*)
 * downloads from it: Y and C* need no geometry. Computed in the page (app/dielectric.ts: about a
 * millisecond per spectrum).
 */
import type { Block } from '../src/report/html.ts';
import { cell as num } from '../src/report/html.ts';
import { csvName, dielectricViews, jonscherRange, QUANTITIES, representationCsv, spectrumGeometry, type PelletText, type Quantity, type SpectrumGeometry } from './dielectric.ts';
import { livePlot } from './live-plot.ts';
import { MAX_POINTS, tooManyPoints, type FrequencyRange, type SpectrumResult } from './protocol.ts';
import { el } from './view.ts';

export interface DielectricContext {
  /** The Pellet box as typed now. */
  pellet(): PelletText;
  download(name: string, text: string, type: string): void;
  /** The circuit's bulk resistance (AnalyseDone.seriesDefaults.bulk): σ_dc is compared with the fit's L/(A·R_bulk). */
  bulk?: string;
}

export interface DielectricPanel {
  element: HTMLElement;
  label: string;
  /** Whether it is open (an open panel opens again in the next results of the same spectrum). */
  isOpen(): boolean;
  /** The Pellet box changed: an open panel computes again, a closed one when opened. */
  refresh(): void;
  dispose(): void;
}

/** The report's blocks (paragraphs, lists, tables) as DOM; a table's numbers as the report's cells. */
export function blockElements(blocks: readonly Block[], className: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') out.push(el('p', b.text, className));
    else if (b.kind === 'list') {
      if (!b.items.length) continue;
      const ul = el('ul', undefined, `reasons ${className}`);
      for (const i of b.items) ul.append(el('li', i));
      out.push(ul);
    } else if (b.kind === 'table') {
      const t = el('table', undefined, className);
      if (b.caption) t.append(el('caption', b.caption));
      const h = el('tr');
      for (const c of b.columns) h.append(el('th', c));
      t.append(h);
      for (const r of b.rows) {
        const tr = el('tr');
        for (const c of r) tr.append(el('td', num(c)));
        t.append(tr);
      }
      out.push(t);
    }
  }
  return out;
}

/** `wasOpen`: the panel of this spectrum was open in the results before (it opens and computes at once). */
export function dielectricPanel(s: SpectrumResult, range: FrequencyRange, ctx: DielectricContext, wasOpen = false): DielectricPanel {
  const details = el('details', undefined, 'dielectric');
  details.dataset.label = s.label;
  details.dataset.state = 'closed';
  details.append(el('summary', 'Dielectric views — −Z″/M″, σ′ with the Jonscher fit, Y · C* · ε* · M* · σ* as CSV'));
  const geometryLine = el('p', '', 'dielectric-geometry');
  const body = el('div', undefined, 'dielectric-body');
  const quantity = el('select', undefined, 'dielectric-quantity');
  quantity.setAttribute('aria-label', 'representation');
  for (const q of QUANTITIES) {
    const o = el('option', `${q.label}${q.needsGeometry ? '' : ' (no geometry needed)'}`);
    o.value = q.key;
    quantity.append(o);
  }
  quantity.value = 'sigma';
  const csvButton = el('button', 'Download CSV', 'dielectric-csv');
  const csvLine = el('p', undefined, 'dielectric-csv-line');
  const csvMessage = el('span', '', 'dielectric-csv-message');
  csvLine.append(`CSV of the ${s.used} point${s.used === 1 ? '' : 's'} in the range: `, quantity, ' ', csvButton, csvMessage);
  // the Jonscher range inside the fit's range (empty: the automatic rule, which finds an electrode drop)
  const jFmin = el('input', undefined, 'dielectric-jonscher-fmin');
  const jFmax = el('input', undefined, 'dielectric-jonscher-fmax');
  for (const [input, name] of [[jFmin, 'Jonscher fmin (Hz)'], [jFmax, 'Jonscher fmax (Hz)']] as const) {
    input.setAttribute('aria-label', name);
    input.setAttribute('inputmode', 'decimal');
    input.placeholder = 'auto';
    input.size = 8;
    input.addEventListener('change', () => {
      if (details.open && !disposed) void draw();
    });
  }
  const rangeLine = el('p', undefined, 'dielectric-jonscher-range');
  rangeLine.append('Jonscher range (Hz; empty: from where σ′ is flattest above an electrode drop, to the top of the fit\'s range): ', jFmin, ' – ', jFmax);
  details.append(geometryLine, rangeLine, csvLine, body);

  let disposers: (() => void)[] = [];
  let shown: string | null = null; // the geometry text of what is shown
  let epoch = 0;
  let disposed = false;
  const release = () => disposers.splice(0).forEach((d) => d());

  const geometry = (): SpectrumGeometry | { problems: string[] } => spectrumGeometry(ctx.pellet(), s);

  async function draw(): Promise<void> {
    const g = geometry();
    const jr = jonscherRange(jFmin.value, jFmax.value);
    const key = 'problems' in g ? `?${g.problems.join()}` : `${g.text}|${jFmin.value.trim()}|${jFmax.value.trim()}`;
    if (key === shown) return;
    shown = key;
    const mine = ++epoch;
    release();
    if ('problems' in g) {
      details.dataset.state = 'no-geometry';
      geometryLine.className = 'dielectric-geometry error';
      geometryLine.textContent = `The dielectric views need the pellet geometry: type the thickness and the electrode area (or diameter) in the Pellet box above. ${g.problems.join(' ')} The CSV of Y and C* needs none.`;
      body.replaceChildren();
      return;
    }
    details.dataset.state = 'busy';
    geometryLine.className = 'dielectric-geometry';
    geometryLine.textContent = `Geometry: ${g.text}; on the range of the fit, ${s.used} point${s.used === 1 ? '' : 's'}.`;
    const view = el('div');
    body.replaceChildren(view);
    if (s.used > MAX_POINTS) {
      // as the fit: drawing tens of thousands of points would stall the page (the CSV still works)
      view.append(el('p', `Dielectric views: not computed — ${tooManyPoints(s.used)}.`, 'error'));
      details.dataset.state = 'done';
      return;
    }
    const fresh: (() => void)[] = [];
    try {
      const t0 = performance.now();
      if ('error' in jr) view.append(el('p', `${jr.error} — the automatic range is used.`, 'error dielectric-jonscher-range-error'));
      const v = dielectricViews(s, range, g.geometry, ctx.bulk ? { fit: s.fit, bulk: ctx.bulk } : undefined, 'error' in jr ? undefined : jr.range);
      const ms = performance.now() - t0;
      if ('error' in v.peaks) view.append(el('p', `−Z″/M″ peaks: not possible — ${v.peaks.error}`, 'error dielectric-peaks-error'));
      else view.append(el('p', v.peaks.reading, 'dielectric-reading'), ...(v.peaks.table ? blockElements([v.peaks.table], 'dielectric-peaks') : []));
      if ('error' in v.jonscher) view.append(el('p', `Jonscher fit: not possible — ${v.jonscher.error}`, 'error dielectric-jonscher-error'));
      else {
        // the report's words: the range and why, σ_dc ± stderr, f_c, n, the misfit and the verdict; then its reasons
        const [first, ...rest] = blockElements(v.jonscherText, 'dielectric-jonscher');
        if (first) {
          first.classList.add('dielectric-sigma-dc');
          first.dataset.value = String(v.jonscher.sigmaDc);
          first.dataset.verdict = v.jonscher.quality.verdict;
          view.append(first, ...rest);
        }
      }
      if (v.bulk) view.append(el('p', v.bulk, 'dielectric-bulk'));
      const plots = el('div', undefined, 'plots dielectric-plots');
      view.append(plots, el('p', `computed in ${ms.toFixed(1)} ms`, 'dielectric-time'));
      for (const [name, spec, what] of [['modulus', v.modulus, '−Z″/M″ plot'], ['sigma', v.conductivity, 'σ′ plot']] as const) {
        if ('error' in spec) {
          plots.append(el('p', `${what}: not possible — ${spec.error}`, 'error'));
          continue;
        }
        const box = el('div', undefined, `plot plot-${name}`);
        plots.append(box);
        fresh.push(await livePlot(box, spec));
        if (mine !== epoch || disposed) break;
      }
    } catch (err) {
      view.append(el('p', `Dielectric views: not possible — ${err instanceof Error ? err.message : String(err)}`, 'error'));
    }
    if (mine !== epoch || disposed) return fresh.forEach((d) => d());
    disposers = fresh;
    details.dataset.state = 'done';
  }

  details.addEventListener('toggle', () => {
    if (details.open && !disposed) void draw();
  });
  csvButton.addEventListener('click', () => {
    const q = quantity.value as Quantity;
    const g = geometry();
    const r = representationCsv(s, range, q, 'problems' in g ? null : g.geometry);
    if ('error' in r) {
      csvMessage.className = 'dielectric-csv-message error';
      csvMessage.textContent = ` Not possible — ${r.error}${'problems' in g ? ' Type the pellet geometry in the Pellet box above.' : ''}`;
      return;
    }
    csvMessage.className = 'dielectric-csv-message';
    csvMessage.textContent = ` ${r.quantity} in ${r.unit === '1' ? 'units of 1' : r.unit}${q === 'C' && r.unit === 'F' ? ' (no geometry: the cell\'s C*, not per cm)' : ''}.`;
    ctx.download(csvName(s.label, q), r.csv, 'text/csv');
  });
  if (wasOpen) details.open = true; // fires 'toggle', which draws

  return {
    element: details,
    label: s.label,
    isOpen: () => details.open,
    refresh() {
      if (details.open && !disposed) void draw();
    },
    dispose() {
      disposed = true;
      epoch++;
      release();
    },
  };
}
