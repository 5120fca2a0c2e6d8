/**
 * Arrhenius plot: ln σ (natural logarithm; log₁₀ σ on request) against 1000/T with the fitted
 * straight line, Ea ± its standard error in the legend, error bars from σ's uncertainties and a
 * top axis in °C.
 */
import type { TopLevelSpec } from 'vega-lite';
import { EisError, show } from '../errors.ts';
import type { ArrheniusPoint, ArrheniusResult } from '../analysis/arrhenius.ts';
import { finite, flag, numbers, object, options as checkOpts, pixels, text } from './input.ts';
import { extent, niceStep, ticks } from './scale.ts';
import { DATA_POINT, FIT_LINE, PALETTE, frame } from './theme.ts';

/** The measured points: T (K), σ (S/cm) and optionally σ's standard error (S/cm). */
export type ArrheniusPointLike = Pick<ArrheniusPoint, 'temperatureK' | 'sigma' | 'sigmaStderr'>;

/** An arrhenius() result, structurally (x and y are needed only when no points are given). */
export type ArrheniusFitLike = Pick<ArrheniusResult, 'slope' | 'intercept' | 'activationEnergyEv' | 'stderr'> & Partial<Pick<ArrheniusResult, 'form' | 'x' | 'y'>>;

export interface ArrheniusPlotOptions {
  /** Logarithm on the y axis: natural (as the fit) or decadic. @default 'ln' */
  log?: 'ln' | 'log10';
  /** A second x axis on top, in °C. @default true */
  celsiusAxis?: boolean;
  /** Legend label of the points. @default 'measured' */
  label?: string;
  /** Data rectangle (px). @default 360 × 280 */
  width?: number;
  height?: number;
  title?: string;
  /**
   * Further straight lines in the fit's form, e.g. a global fit's constrained line and the
   * two-step GLS line: y = intercept + slope·(1/T) (natural log), each in the legend by its label
   * and drawn dashed.
   */
  lines?: readonly ArrheniusLineLike[];
}

/** A further line of the Arrhenius plot: ln σ (or ln σT) = intercept + slope·(1/T). */
export interface ArrheniusLineLike {
  label: string;
  slope: number;
  intercept: number;
}

/** A point row: 1000/T (K⁻¹), 1/T, y = ln σ (or the chosen form and log), error bar ends. */
export interface ArrheniusRow {
  kind: string;
  invT: number;
  x: number;
  y: number;
  lower?: number;
  upper?: number;
}

const LN10 = Math.LN10;

/**
 * Arrhenius plot spec. The y values are ln σ (or ln σT when the fit's form is 'sigmaT'; the
 * decadic logarithm with `log: 'log10'`); the line is intercept + slope·(1/T) over the points'
 * range, in the same logarithm. `points` may be null when the fit carries its `x` and `y`.
 * @example renderSvg(arrheniusSpec(points, arrhenius(points)))
 */
export function arrheniusSpec(points: readonly ArrheniusPointLike[] | null | undefined, fit?: ArrheniusFitLike | null, options: ArrheniusPlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const log = o.log ?? 'ln';
  if (log !== 'ln' && log !== 'log10') throw new EisError('E_ARG_RANGE', `invalid option. \`log\` must be 'ln' or 'log10'; got ${show(log)}.`, { argument: 'log' });
  const div = log === 'ln' ? 1 : LN10;
  const f = fit == null ? null : fitOf(fit);
  const form = f?.form ?? 'sigma';
  const dataLabel = text('label', o.label) ?? 'measured';
  const rows = pointRows(points, f, form, div, dataLabel);
  const width = pixels('width', o.width, 360), height = pixels('height', o.height, 280);
  const title = text('title', o.title);

  const [a, b] = extent([rows.map((r) => r.invT)]);
  const fitLabel = f ? `fit: Ea = ${eaText(f.activationEnergyEv, f.stderr)}` : '';
  const line: ArrheniusRow[] = f ? [a, b].map((invT) => ({ kind: fitLabel, invT, x: 1000 * invT, y: (f.intercept + f.slope * invT) / div })) : [];
  const extra = linesOf(o.lines, [dataLabel, fitLabel]);
  const extraRows: ArrheniusRow[] = extra.flatMap((l) => [a, b].map((invT) => ({ kind: l.label, invT, x: 1000 * invT, y: (l.intercept + l.slope * invT) / div })));
  const pad = 0.06 * (b - a || a);
  const domain = [1000 * (a - pad), 1000 * (b + pad)];
  const x = { field: 'x', type: 'quantitative' as const, scale: { domain, nice: false, zero: false }, axis: { title: '1000/T (K⁻¹)' } };
  const sym = form === 'sigma' ? 'σ' : 'σT';
  const unit = form === 'sigma' ? 'S/cm' : 'S·K/cm';
  const y = { field: 'y', type: 'quantitative' as const, scale: { zero: false }, axis: { title: `${log === 'ln' ? 'ln' : 'log₁₀'} ${form === 'sigma' ? 'σ' : '(σT)'} (${sym} in ${unit})` } };
  const color = { field: 'kind', type: 'nominal' as const, scale: { domain: [...(f ? [dataLabel, fitLabel] : [dataLabel]), ...extra.map((l) => l.label)], range: [PALETTE[0]!, ...(f ? [PALETTE[1]!] : []), ...extra.map((_, k) => PALETTE[(k + 2) % PALETTE.length]!)] }, legend: { title: null, ...(extra.length ? { labelLimit: 420 } : {}) } };
  const bars = rows.some((r) => r.lower !== undefined);
  const celsius = flag('celsiusAxis', o.celsiusAxis, true);
  return {
    ...frame(title, width, height),
    layer: [
      ...(bars ? [{ name: 'errorbars', data: { values: rows.filter((r) => r.lower !== undefined) }, mark: { type: 'rule' as const, strokeWidth: 1 }, encoding: { x: { ...x, axis: null }, y: { field: 'lower', type: 'quantitative' as const }, y2: { field: 'upper' }, color } }] : []),
      ...(f ? [{ name: 'fit', data: { values: line }, mark: FIT_LINE, encoding: { x: { ...x, axis: null }, y, color } }] : []),
      ...(extra.length ? [{ name: 'lines', data: { values: extraRows }, mark: { ...FIT_LINE, strokeDash: [5, 3] }, encoding: { x: { ...x, axis: null }, y, color, detail: { field: 'kind', type: 'nominal' as const } } }] : []),
      { name: 'points', data: { values: rows }, mark: DATA_POINT, encoding: { x, y, color, tooltip: TOOLTIP } },
      ...(celsius ? [celsiusLayer(x, domain as [number, number])] : []),
    ],
    resolve: { axis: { x: 'independent' } },
  };
}

const TOOLTIP = [
  { field: 'x', type: 'quantitative' as const, title: '1000/T (K⁻¹)', format: '.4~f' },
  { field: 'y', type: 'quantitative' as const, title: 'y', format: '.4~f' },
];

/** An invisible layer that carries the top axis: ticks at round °C, x = 1000/(θ + 273.15). */
function celsiusLayer(x: Record<string, unknown>, domain: [number, number]) {
  const lo = 1000 / domain[1] - 273.15, hi = 1000 / domain[0] - 273.15;
  const values = ticks(lo, hi, niceStep((hi - lo) / 6)).map((c) => 1000 / (c + 273.15));
  return {
    name: 'celsius_axis', data: { values: domain.map((d) => ({ x: d })) }, mark: { type: 'point' as const, opacity: 0 },
    encoding: { x: { ...x, axis: { title: 'θ (°C)', orient: 'top' as const, values, grid: false, labelExpr: 'format(round((1000 / datum.value - 273.15) * 1000) / 1000, "~g")' } } },
  };
}

/** Rows of the measured points, from `points` or from the fit's x and y. */
function pointRows(points: readonly ArrheniusPointLike[] | null | undefined, f: ArrheniusFitLike | null, form: 'sigma' | 'sigmaT', div: number, kind: string): ArrheniusRow[] {
  if (points == null) {
    if (!f || f.x === undefined || f.y === undefined) throw new EisError('E_ARG_TYPE', 'invalid argument. `points` is missing and `fit` has no `x` and `y` to plot: pass the points or an arrhenius() result.', { argument: 'points' });
    const xs = numbers('fit.x', f.x), ys = numbers('fit.y', f.y);
    if (xs.length !== ys.length) throw new EisError('E_ARG_LENGTH', `invalid argument. \`fit.x\` has ${xs.length} values but \`fit.y\` has ${ys.length}; they must match.`, { argument: 'fit.y' });
    return Array.from(xs, (invT, i) => {
      if (!(invT > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. \`fit.x[${i}]\` is 1/T and must be > 0; got ${invT}.`, { argument: 'fit.x', index: i, value: invT });
      return { kind, invT, x: 1000 * invT, y: ys[i]! / div };
    });
  }
  if (!Array.isArray(points)) throw new EisError('E_ARG_TYPE', `invalid argument. \`points\` must be an array of { temperatureK, sigma, sigmaStderr? }; got ${show(points)}.`, { argument: 'points' });
  if (points.length === 0) throw new EisError('E_ARG_LENGTH', 'invalid argument. `points` must hold at least one temperature; got an empty array.', { argument: 'points', length: 0 });
  // Array.from visits holes (as undefined: E_ARG_TYPE naming them), which map would skip
  return Array.from(points, (p, i) => {
    const q = object(`points[${i}]`, p, 'a point { temperatureK, sigma, sigmaStderr? }');
    const T = positive(`points[${i}].temperatureK`, q.temperatureK, 'K');
    const s = positive(`points[${i}].sigma`, q.sigma, 'S/cm');
    const ds = q.sigmaStderr === undefined ? 0 : finite(`points[${i}].sigmaStderr`, q.sigmaStderr);
    if (ds < 0) throw new EisError('E_ARG_RANGE', `invalid argument. \`points[${i}].sigmaStderr\` is a standard error and must be ≥ 0; got ${ds}.`, { argument: 'sigmaStderr', index: i, value: ds });
    const y = Math.log(form === 'sigma' ? s : s * T) / div;
    const dy = ds / s / div; // δ(ln σ) = δσ/σ, also for ln σT
    return { kind, invT: 1 / T, x: 1000 / T, y, ...(dy > 0 ? { lower: y - dy, upper: y + dy } : {}) };
  });
}

/** The further lines, checked: finite slope and intercept, labels distinct from each other and from `taken`. */
function linesOf(v: unknown, taken: readonly string[]): ArrheniusLineLike[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new EisError('E_ARG_TYPE', `invalid option. \`lines\` must be an array of { label, slope, intercept }; got ${show(v)}.`, { argument: 'lines' });
  const seen = new Set(taken);
  return Array.from(v, (l, k) => {
    const q = object(`lines[${k}]`, l, 'a line { label, slope, intercept }');
    const label = text(`lines[${k}].label`, q.label);
    if (label === undefined || seen.has(label)) throw new EisError('E_ARG_RANGE', `invalid option. \`lines[${k}].label\` must be a string that no other line or the points use; got ${show(q.label)}.`, { argument: `lines[${k}].label` });
    seen.add(label);
    return { label, slope: finite(`lines[${k}].slope`, q.slope), intercept: finite(`lines[${k}].intercept`, q.intercept) };
  });
}

/** The fit, checked. */
function fitOf(v: unknown): ArrheniusFitLike {
  const o = object('fit', v, 'an arrhenius() result { slope, intercept, activationEnergyEv, stderr, form }');
  for (const k of ['slope', 'intercept', 'activationEnergyEv'] as const) finite(`fit.${k}`, o[k]);
  if (typeof o.stderr !== 'number') throw new EisError('E_ARG_TYPE', `invalid argument. \`fit.stderr\` must be a number (NaN when unknown); got ${show(o.stderr)}.`, { argument: 'fit.stderr' });
  if (o.form !== undefined && o.form !== 'sigma' && o.form !== 'sigmaT') throw new EisError('E_ARG_RANGE', `invalid argument. \`fit.form\` must be 'sigma' or 'sigmaT'; got ${show(o.form)}.`, { argument: 'fit.form' });
  return o as unknown as ArrheniusFitLike;
}

/** A finite number > 0. */
function positive(name: string, v: unknown, unit: string): number {
  const x = finite(name, v);
  if (!(x > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` must be > 0 ${unit}; got ${x}.`, { argument: name, value: x });
  return x;
}

/** "0.341 ± 0.012 eV": the standard error to two significant digits, Ea to the same place. */
export function eaText(ea: number, se: number): string {
  if (!(Number.isFinite(se) && se > 0)) return `${ea.toFixed(3)} eV`;
  const decimals = Math.min(12, Math.max(0, 1 - Math.floor(Math.log10(se))));
  return `${ea.toFixed(decimals)} ± ${se.toFixed(decimals)} eV`;
}
