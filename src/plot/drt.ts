/**
 * DRT plots (specs/drt.md §4, §3): γ against τ or against f on a log axis with the credible band
 * and the peaks; the λ score curve with the chosen λ; γ(τ) of several spectra (a temperature
 * series) stacked in panels or overlaid. They take a drt() result structurally.
 */
import type { TopLevelSpec } from 'vega-lite';
import { EisError, show } from '../errors.ts';
import { log } from '../math/index.ts';
import type { DrtResult } from '../drt/types.ts';
import { lambdaMethodName } from '../types/drt-tables.ts';
import { flag, frequencies, numbers, object, options as checkOpts, pixels, sameLength, text } from './input.ts';
import { extent, logTicks, ohmPrefix, scaledLabel } from './scale.ts';
import { PALETTE, SCHEMA, SIZE, colours, config, frame } from './theme.ts';

/** A drt() result, structurally: what the γ plot reads. */
export type DrtResultLike = Pick<DrtResult, 'tau' | 'gamma'> & Partial<Pick<DrtResult, 'frequency' | 'lower' | 'upper' | 'credible' | 'peaks' | 'freq'>>;

/** A drt() result with its λ score curve, structurally. */
export type DrtLambdaLike = Pick<DrtResult, 'lambda' | 'lambdaCurve'>;

/** The x axis of a γ plot: τ (s) or f = 1/(2πτ) (Hz). */
export type DrtAxis = 'tau' | 'frequency';

export interface DrtPlotOptions {
  /** γ against τ (s) or against f = 1/(2πτ) (Hz), both on a log axis. @default 'tau' */
  x?: DrtAxis;
  /** Shade the τ range outside the measured window [1/f_max, 1/f_min] (needs the result's `freq`), where γ is not constrained by the data. @default true */
  window?: boolean;
  /** Data rectangle (px). @default 420 × 240 */
  width?: number;
  height?: number;
  title?: string;
}

/** A row of γ: τ (s), f = 1/(2πτ) (Hz), γ (Ω) and the band (Ω) when there is one. */
export interface DrtRow {
  tau: number;
  frequency: number;
  gamma: number;
  lower?: number;
  upper?: number;
}

/** A peak marker: its rank by prominence (1 = most prominent), τ, f, height, R, C, share of R_pol, and whether it is an edge peak. */
export interface DrtPeakRow {
  rank: number;
  tau: number;
  frequency: number;
  gamma: number;
  resistance: number;
  capacitance: number;
  percent: number;
  /** An edge peak (`DrtPeak.edge`): at an end of the measured window, τ and R not determined by the data. */
  edge: boolean;
}

const TWO_PI = 2 * Math.PI;
const HEIGHT = 240;
const BAND_COLOUR = '#9ecae1';
const LINE_COLOUR = PALETTE[0]!;
const PEAK_COLOUR = PALETTE[2]!;

/**
 * γ against τ (or f) spec: γ as a line on a log axis, the credible band (`lower`/`upper`) as a
 * shaded area when the result has one, the peaks as numbered markers (1 = most prominent, the
 * order of `result.peaks`), and the τ range outside the measured window shaded grey. The data rows
 * carry τ, f and γ exactly as the result has them.
 * @example renderSvg(drtPlot(drt(spectrum, { credible: true }), { x: 'frequency' }))
 */
export function drtPlot(result: DrtResultLike, options: DrtPlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const axis = axisOption(o.x);
  const width = pixels('width', o.width, SIZE.width), height = pixels('height', o.height, HEIGHT);
  const title = text('title', o.title);
  const showWindow = flag('window', o.window, true);
  const r = gammaOf('result', result);
  const field = axis === 'tau' ? 'tau' : 'frequency';
  const { factor, prefix } = ohmPrefix(r.top);
  const x = xEncoding(axis, r.rows.map((row) => row[field]));
  const y = { field: 'gamma', type: 'quantitative' as const, scale: { domain: [0, r.top * 1.06 || 1], nice: false, zero: true }, axis: { title: `γ (${prefix}Ω)`, labelExpr: scaledLabel(factor) } };
  const bandTitle = r.band;
  const kinds = ['γ', ...(bandTitle ? [bandTitle] : [])];
  const color = { field: 'kind', type: 'nominal' as const, scale: { domain: kinds, range: [LINE_COLOUR, ...(bandTitle ? [BAND_COLOUR] : [])] }, legend: bandTitle ? { title: null } : null };
  const rows = r.rows.map((row) => ({ kind: 'γ', ...row }));
  const outside = showWindow ? outsideWindow(r, axis) : [];
  return {
    ...frame(title, width, height),
    layer: [
      ...(outside.length ? [{ name: 'unmeasured', data: { values: outside }, mark: { type: 'rect' as const, color: '#999', opacity: 0.12 }, encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' } } }] : []),
      ...(bandTitle ? [{ name: 'band', data: { values: rows.map((row) => ({ ...row, kind: bandTitle })) }, mark: { type: 'area' as const, opacity: 0.55 }, encoding: { x, y: { field: 'lower', type: 'quantitative' as const }, y2: { field: 'upper' }, color } }] : []),
      { name: 'gamma', data: { values: rows }, mark: { type: 'line' as const, strokeWidth: 1.6 }, encoding: { x, y, color, order: { field: 'tau', type: 'quantitative' as const } } },
      ...peakLayers(r.peaks, field, x, y),
    ],
  } as TopLevelSpec;
}

export interface LambdaCurvePlotOptions {
  /** Data rectangle (px). @default 420 × 200 */
  width?: number;
  height?: number;
  title?: string;
}

/** A row of the score curve: λ and its score (finite scores only). */
export interface LambdaRow {
  lambda: number;
  score: number;
}


/**
 * The λ score curve spec (specs/drt.md §3): the score of every λ of the grid against λ (log axis;
 * a log score axis too when the positive scores span more than a decade), the chosen λ marked by a
 * vertical rule and a point, and for the plateau rule the level (1 + δ)·min below which the largest
 * λ was taken. For 'lcurve' the score is the curvature (largest wins); for 'norm-corner' (TR-NNLS)
 * it is ‖g‖, and the chosen λ — where line fits to the two ends meet, between grid points — is
 * marked at result.lambda (‖g‖ interpolated linearly in log λ). NaN scores (a singular
 * ridge system, the ends of the L-curve) are left out. A result whose λ was given has no curve:
 * E_ARG_RANGE.
 * @example renderSvg(lambdaCurvePlot(drt(spectrum)))
 */
export function lambdaCurvePlot(result: DrtLambdaLike, options: LambdaCurvePlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const width = pixels('width', o.width, SIZE.width), height = pixels('height', o.height, SIZE.kk);
  const title = text('title', o.title);
  const res = object('result', result, 'a drt() result');
  if (res.lambdaCurve == null) {
    throw new EisError('E_ARG_RANGE', `invalid argument. \`result\` has no \`lambdaCurve\`: λ = ${show(res.lambda)} was given, not chosen by the scan (lambda: 'auto').`, { argument: 'result.lambdaCurve' });
  }
  const c = object('result.lambdaCurve', res.lambdaCurve, '{ lambda, score, method, rule, delta, index }');
  const lambda = frequencies('result.lambdaCurve.lambda', c.lambda);
  const score = scores('result.lambdaCurve.score', c.score);
  sameLength('result.lambdaCurve.lambda', lambda, 'result.lambdaCurve.score', score);
  const index = c.index;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= lambda.length) {
    throw new EisError('E_ARG_RANGE', `invalid argument. \`result.lambdaCurve.index\` must be an index into the λ grid (0…${lambda.length - 1}); got ${show(index)}.`, { argument: 'result.lambdaCurve.index', value: index });
  }
  const method = typeof c.method === 'string' ? c.method : 'mgcv', rule = typeof c.rule === 'string' ? c.rule : 'plateau';
  const delta = typeof c.delta === 'number' && Number.isFinite(c.delta) ? c.delta : 0;
  const rows: LambdaRow[] = [];
  for (let i = 0; i < lambda.length; i++) if (Number.isFinite(score[i]!)) rows.push({ lambda: lambda[i]!, score: score[i]! });
  if (rows.length === 0) throw new EisError('E_ARG_RANGE', 'invalid argument. `result.lambdaCurve.score` has no finite score: nothing to plot.', { argument: 'result.lambdaCurve.score' });
  const curvature = method === 'lcurve', normCorner = method === 'norm-corner';
  const chosen = normCorner && typeof res.lambda === 'number' && Number.isFinite(res.lambda) ? between(lambda, score, res.lambda) : { lambda: lambda[index]!, score: score[index]! };
  const [lo, hi] = extent([rows.map((row) => row.score)]);
  const logY = lo > 0 && hi / lo > 10;
  // the plateau level: the largest λ with a score ≤ (1 + δ)·min was taken (not for the L-curve's maximum)
  const level = !curvature && rule === 'plateau' && lo > 0 ? (1 + delta) * lo : null;
  const lTicks = logTicks(...extent([lambda]));
  const sTicks = logY ? logTicks(lo, hi) : undefined;
  const x = { field: 'lambda', type: 'quantitative' as const, scale: { type: 'log' as const, nice: false, padding: 8 }, axis: { title: 'λ', format: '.0e', ...(lTicks ? { values: lTicks } : {}) } };
  const y = { field: 'score', type: 'quantitative' as const, scale: logY ? { type: 'log' as const, nice: false, padding: 8 } : { zero: false, nice: true }, axis: { title: curvature ? 'L-curve curvature' : normCorner ? '‖g‖ (TR-NNLS solution norm)' : `${lambdaMethodName(method)} score`, format: '.3~g', ...(sTicks ? { values: sTicks } : {}) } };
  const how = curvature ? 'largest curvature' : normCorner ? 'where line fits to its two ends meet' : rule === 'plateau' ? `plateau, δ = ${fmt(delta)}` : 'argmin';
  const chosenText = `chosen λ = ${fmt(chosen.lambda)} (${lambdaMethodName(method)}, ${how})`;
  const kinds = ['score', chosenText, ...(level !== null ? [`(1 + δ)·min = ${fmt(level)}`] : [])];
  const color = { field: 'kind', type: 'nominal' as const, scale: { domain: kinds, range: [PALETTE[0]!, PALETTE[2]!, '#888'] }, legend: { title: null } };
  return {
    ...frame(title, width, height),
    layer: [
      { name: 'score', data: { values: rows.map((row) => ({ kind: 'score', ...row })) }, mark: { type: 'line' as const, strokeWidth: 1.4, point: { filled: true, size: 16 } }, encoding: { x, y, color, order: { field: 'lambda', type: 'quantitative' as const }, tooltip: LAMBDA_TOOLTIP } },
      ...(level !== null ? [{ name: 'plateau', data: { values: [{ kind: kinds[2]!, score: level }] }, mark: { type: 'rule' as const, strokeDash: [4, 3], strokeWidth: 1 }, encoding: { y: { field: 'score', type: 'quantitative' as const }, color } }] : []),
      { name: 'chosen_rule', data: { values: [{ kind: chosenText, lambda: chosen.lambda }] }, mark: { type: 'rule' as const, strokeWidth: 1.2 }, encoding: { x, color } },
      ...(Number.isFinite(chosen.score) ? [{ name: 'chosen', data: { values: [{ kind: chosenText, ...chosen }] }, mark: { type: 'point' as const, filled: true, size: 70, shape: 'diamond' }, encoding: { x, y, color, tooltip: LAMBDA_TOOLTIP } }] : []),
    ],
  } as TopLevelSpec;
}

/** (λ, score) at a λ inside the grid: the score interpolated linearly in log λ between its grid neighbours (NaN outside the grid or next to a NaN). */
function between(lambda: Float64Array, score: Float64Array, at: number): LambdaRow {
  for (let k = 0; k + 1 < lambda.length; k++) {
    if (!(at >= lambda[k]! && at <= lambda[k + 1]!)) continue;
    const t = (log(at) - log(lambda[k]!)) / (log(lambda[k + 1]!) - log(lambda[k]!));
    return { lambda: at, score: score[k]! + t * (score[k + 1]! - score[k]!) };
  }
  return { lambda: at, score: Number.NaN };
}

const LAMBDA_TOOLTIP = [
  { field: 'lambda', type: 'quantitative' as const, title: 'λ', format: '.3~e' },
  { field: 'score', type: 'quantitative' as const, title: 'score', format: '.6~g' },
];

export interface DrtStackPlotOptions {
  /** γ against τ (s) or f = 1/(2πτ) (Hz). @default 'tau' */
  x?: DrtAxis;
  /** 'stack': one panel per spectrum, each with its own γ scale, on a shared x axis (γ of a temperature series spans decades); 'overlay': all in one panel, a colour each. @default 'stack' */
  layout?: 'stack' | 'overlay';
  /** Divide every γ by its maximum (γ/γ_max, no unit): shapes and peak positions compare directly. @default false */
  normalize?: boolean;
  /** Width of the plot (px). @default 420 */
  width?: number;
  /** Height of each panel ('stack', default 90) or of the plot ('overlay', default 240) (px). */
  height?: number;
  title?: string;
}

/** A row of the stacked plot: the spectrum's label, τ, f, γ (Ω, or γ/γ_max when normalised). */
export interface DrtStackRow {
  series: string;
  tau: number;
  frequency: number;
  gamma: number;
}

/**
 * γ(τ) of several spectra (e.g. a temperature series) in one spec, labelled: stacked panels with a
 * shared log x axis (default) or overlaid in one panel, a colour per spectrum, the peaks marked.
 * @example renderSvg(drtStackPlot(results, ['25 °C', '45 °C', '65 °C']))
 */
export function drtStackPlot(results: readonly DrtResultLike[], labels: readonly string[], options: DrtStackPlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const axis = axisOption(o.x);
  const layout = o.layout ?? 'stack';
  if (layout !== 'stack' && layout !== 'overlay') throw new EisError('E_ARG_RANGE', `invalid option. \`layout\` must be 'stack' or 'overlay'; got ${show(layout)}.`, { argument: 'layout', value: layout });
  const normalize = flag('normalize', o.normalize, false);
  const width = pixels('width', o.width, SIZE.width), height = pixels('height', o.height, layout === 'stack' ? 90 : HEIGHT);
  const title = text('title', o.title);
  if (!Array.isArray(results) || results.length === 0) throw new EisError('E_ARG_TYPE', `invalid argument. \`results\` must be a non-empty array of drt() results; got ${show(results)}.`, { argument: 'results' });
  if (!Array.isArray(labels) || labels.length !== results.length) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`labels\` must be an array with one label per result (${results.length}); got ${show(labels)}.`, { argument: 'labels', expected: results.length });
  }
  const seen = new Set<string>();
  labels.forEach((l, k) => {
    if (typeof l !== 'string') throw new EisError('E_ARG_TYPE', `invalid argument. \`labels[${k}]\` must be a string; got ${show(l)}.`, { argument: `labels[${k}]`, index: k });
    if (seen.has(l)) throw new EisError('E_ARG_RANGE', `invalid argument. the label ${show(l)} is used twice; labels tell the spectra apart.`, { argument: 'labels', index: k, value: l });
    seen.add(l);
  });
  const field = axis === 'tau' ? 'tau' : 'frequency';
  const parsed = Array.from(results, (res, k) => gammaOf(`results[${k}]`, res));
  const rows: DrtStackRow[] = [], peaks: (DrtPeakRow & { series: string })[] = [];
  parsed.forEach((p, k) => {
    // divided (not multiplied by 1/max) so that the maximum is exactly 1
    const s = normalize && p.top > 0 ? p.top : 1;
    for (const row of p.rows) rows.push({ series: labels[k]!, tau: row.tau, frequency: row.frequency, gamma: row.gamma / s });
    for (const pk of p.peaks) peaks.push({ ...pk, series: labels[k]!, gamma: pk.gamma / s });
  });
  const x = xEncoding(axis, rows.map((row) => row[field]));
  const color = { field: 'series', type: 'nominal' as const, scale: { domain: [...labels], range: colours(labels.length) }, legend: layout === 'overlay' ? { title: null } : null };
  const yTitle = (top: number) => {
    if (normalize) return { title: 'γ / γ_max' };
    const { factor, prefix } = ohmPrefix(top);
    return { title: `γ (${prefix}Ω)`, labelExpr: scaledLabel(factor) };
  };
  // mark names must be unique across the panels (vega keeps one mark per name)
  const layers = (data: DrtStackRow[], pk: typeof peaks, top: number, xAxis: boolean, suffix: string) => {
    const xe = xAxis ? x : { ...x, axis: { ...x.axis, title: null, labels: false } };
    const y = { field: 'gamma', type: 'quantitative' as const, scale: { domain: [0, top * 1.08 || 1], nice: false, zero: true }, axis: { ...yTitle(top), tickCount: 3 } };
    return [
      { name: `gamma${suffix}`, data: { values: data }, mark: { type: 'line' as const, strokeWidth: 1.5 }, encoding: { x: xe, y, color, order: { field: 'tau', type: 'quantitative' as const } } },
      ...(pk.length ? [{ name: `peaks${suffix}`, data: { values: pk }, mark: { type: 'point' as const, filled: true, size: 36, shape: 'triangle-down' }, encoding: { x: { ...xe, field }, y, color, tooltip: [{ field: 'series', type: 'nominal' as const, title: 'spectrum' }, ...PEAK_TOOLTIP] } }] : []),
    ];
  };
  if (layout === 'overlay') {
    const top = Math.max(...rows.map((row) => row.gamma));
    return { ...frame(title, width, height), layer: layers(rows, peaks, top, true, '') } as TopLevelSpec;
  }
  return {
    $schema: SCHEMA,
    config: config(),
    ...(title !== undefined ? { title } : {}),
    vconcat: labels.map((label, k) => ({
      width, height,
      title: { text: label, fontSize: 11, anchor: 'end' as const, orient: 'top' as const },
      layer: layers(rows.filter((row) => row.series === label), peaks.filter((p) => p.series === label), normalize && parsed[k]!.top > 0 ? 1 : parsed[k]!.top, k === labels.length - 1, `_${k + 1}`),
    })),
    spacing: 6,
    resolve: { scale: { x: 'shared', y: 'independent', color: 'shared' } },
  } as TopLevelSpec;
}

/* ---------- shared pieces ---------- */

function axisOption(v: unknown): DrtAxis {
  if (v === undefined) return 'tau';
  if (v !== 'tau' && v !== 'frequency') throw new EisError('E_ARG_RANGE', `invalid option. \`x\` must be 'tau' or 'frequency'; got ${show(v)}.`, { argument: 'x', value: v });
  return v;
}

/** The log x encoding: τ (s) or f (Hz), ticks over the values' range. */
function xEncoding(axis: DrtAxis, values: readonly number[]) {
  const t = logTicks(...extent([values]));
  return {
    field: axis === 'tau' ? 'tau' : 'frequency', type: 'quantitative' as const,
    scale: { type: 'log' as const, nice: false, padding: 0 },
    axis: { title: axis === 'tau' ? 'τ (s)' : 'f = 1/(2πτ) (Hz)', format: '~s', ...(t ? { values: t } : {}) } as Record<string, unknown>,
  };
}

interface Gamma {
  rows: DrtRow[];
  /** max of γ and of the band's upper edge. */
  top: number;
  band: string | null;
  peaks: DrtPeakRow[];
  /** τ window of the measured frequencies [1/f_max, 1/f_min], or null without `freq`. */
  window: [number, number] | null;
}

/** γ of a result, checked: τ > 0, γ (and the band) finite, one length. */
function gammaOf(name: string, v: unknown): Gamma {
  const r = object(name, v, 'a drt() result');
  const tau = frequencies(`${name}.tau`, r.tau);
  const gamma = numbers(`${name}.gamma`, r.gamma);
  sameLength(`${name}.tau`, tau, `${name}.gamma`, gamma);
  let frequency: Float64Array;
  if (r.frequency !== undefined) {
    frequency = frequencies(`${name}.frequency`, r.frequency);
    sameLength(`${name}.tau`, tau, `${name}.frequency`, frequency);
  } else {
    frequency = tau.map((t) => 1 / (TWO_PI * t));
  }
  const hasBand = r.lower != null && r.upper != null;
  const lower = hasBand ? numbers(`${name}.lower`, r.lower) : null, upper = hasBand ? numbers(`${name}.upper`, r.upper) : null;
  if (lower && upper) {
    sameLength(`${name}.tau`, tau, `${name}.lower`, lower);
    sameLength(`${name}.tau`, tau, `${name}.upper`, upper);
  }
  let top = 0;
  const rows: DrtRow[] = [];
  for (let i = 0; i < tau.length; i++) {
    const row: DrtRow = { tau: tau[i]!, frequency: frequency[i]!, gamma: gamma[i]! };
    if (lower && upper) {
      row.lower = lower[i]!;
      row.upper = upper[i]!;
      if (upper[i]! > top) top = upper[i]!;
    }
    if (gamma[i]! > top) top = gamma[i]!;
    rows.push(row);
  }
  const peaks: DrtPeakRow[] = [];
  if (r.peaks != null) {
    if (!Array.isArray(r.peaks)) throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}.peaks\` must be an array of peaks; got ${show(r.peaks)}.`, { argument: `${name}.peaks` });
    Array.from(r.peaks as unknown[], (p, k) => {
      const q = object(`${name}.peaks[${k}]`, p, 'a peak { tau, gamma, … }');
      const num = (key: string) => (typeof q[key] === 'number' ? (q[key] as number) : Number.NaN);
      const t = num('tau'), g = num('gamma');
      if (!(t > 0) || !Number.isFinite(t) || !Number.isFinite(g)) throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}.peaks[${k}]\` needs a finite tau > 0 and gamma; got ${show(p)}.`, { argument: `${name}.peaks[${k}]`, index: k });
      peaks.push({ rank: k + 1, tau: t, frequency: Number.isFinite(num('frequency')) ? num('frequency') : 1 / (TWO_PI * t), gamma: g, resistance: num('resistance'), capacitance: num('capacitance'), percent: 100 * num('fraction'), edge: q.edge === true });
    });
  }
  const credible = r.credible;
  const band = hasBand ? (credible === 'hmc' ? '99 % credible band (HMC)' : credible === 'gaussian' ? '99 % band (approximate, Gaussian)' : 'band') : null;
  let window: [number, number] | null = null;
  if (r.freq != null) {
    const f = frequencies(`${name}.freq`, r.freq);
    const [lo, hi] = extent([f]);
    window = [1 / hi, 1 / lo];
  }
  return { rows, top, band, peaks, window };
}

/** The x ranges beyond the measured τ window, in the plot's x (τ, or f = 1/(2πτ)). */
function outsideWindow(r: Gamma, axis: DrtAxis): { from: number; to: number }[] {
  if (r.window === null) return [];
  const toX = (t: number) => (axis === 'tau' ? t : 1 / (TWO_PI * t));
  const [t0, t1] = extent([r.rows.map((row) => row.tau)]);
  const out: { from: number; to: number }[] = [];
  if (r.window[0] > t0) out.push({ from: toX(t0), to: toX(r.window[0]) });
  if (r.window[1] < t1) out.push({ from: toX(r.window[1]), to: toX(t1) });
  return out;
}

const PEAK_TOOLTIP = [
  { field: 'rank', type: 'quantitative' as const, title: 'peak' },
  { field: 'tau', type: 'quantitative' as const, title: 'τ (s)', format: '.3~e' },
  { field: 'frequency', type: 'quantitative' as const, title: 'f (Hz)', format: '.4~s' },
  { field: 'resistance', type: 'quantitative' as const, title: 'R (Ω)', format: '.4~g' },
  { field: 'capacitance', type: 'quantitative' as const, title: 'C = τ/R (F)', format: '.3~e' },
  { field: 'percent', type: 'quantitative' as const, title: 'share of R_pol (%)', format: '.1f' },
  { field: 'edge', type: 'nominal' as const, title: 'at a window end (τ, R not determined)' },
];

/** Peak markers (numbered by prominence) on a γ plot. */
function peakLayers(peaks: DrtPeakRow[], field: 'tau' | 'frequency', x: ReturnType<typeof xEncoding>, y: object) {
  if (peaks.length === 0) return [];
  const px = { ...x, field };
  return [
    { name: 'peaks', data: { values: peaks }, mark: { type: 'point' as const, filled: true, size: 48, shape: 'triangle-down', color: PEAK_COLOUR }, encoding: { x: px, y, tooltip: PEAK_TOOLTIP } },
    { name: 'peak_labels', data: { values: peaks }, mark: { type: 'text' as const, dy: -11, fontSize: 10, color: PEAK_COLOUR }, encoding: { x: px, y, text: { field: 'rank', type: 'quantitative' as const } } },
  ];
}

/** Scores: an array of numbers, NaN allowed (a singular ridge system). */
function scores(name: string, v: unknown): Float64Array {
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be an array of numbers; got ${show(v)}.`, { argument: name });
  const a = v as ArrayLike<unknown>;
  return Float64Array.from({ length: a.length }, (_, i) => {
    const x = a[i];
    if (typeof x !== 'number') throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}[${i}]\` must be a number; got ${show(x)}.`, { argument: name, index: i });
    return x;
  });
}

/** Up to four significant digits. */
function fmt(v: number): string {
  return Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(2).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(4)));
}
