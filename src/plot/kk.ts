/**
 * Lin-KK residual plot: the relative residuals Δ′ and Δ″ (in %) against log f, inside a grey
 * band. Under the `'threshold'` verdict the band is ±threshold (a spectrum passes when every
 * point stays in it); under the default `'statistics'` verdict it is ±3σ̂, σ̂ the noise the
 * test estimated from the data (`noiseSigma`): where noise alone keeps 99.7 % of the points.
 * The verdict itself rests on the size, whiteness and excursion tests (result.reasons), not on
 * points leaving that band.
 */
import type { TopLevelSpec } from 'vega-lite';
import { EisError, show } from '../errors.ts';
import { complex, frequencies, object, options as checkOpts, pixels, sameLength, text, type ComplexLike } from './input.ts';
import { extent, fmt, frequencyX } from './scale.ts';
import { SIZE, colours, frame } from './theme.ts';

export interface KkResidualsOptions {
  /**
   * Half-width of the band as a fraction (0.01 = 1 %). @default ±3·`noiseSigma` for a result
   * judged by the `'statistics'` verdict; else the result's `threshold`; else 0.01
   */
  threshold?: number;
  /** Data rectangle (px). @default 420 × 200 */
  width?: number;
  height?: number;
  title?: string;
}

/** A linKK() result, structurally: relative residuals (fractions) and the pass threshold. */
export interface KkResultLike {
  residuals: ComplexLike;
  threshold?: number;
  /** 'Y': the residuals are relative to |Y| (the axis says so). */
  representation?: 'Z' | 'Y';
  /** The rule behind `pass`: `'statistics'` draws the ±3σ̂ noise band. */
  verdict?: 'statistics' | 'threshold';
  /** σ̂, the noise estimated from the data (fraction of |Z|). */
  noiseSigma?: number;
}

/** Multiple of σ̂ for the band under the statistics verdict. */
const NOISE_BAND_SIGMAS = 3;

/** Fields of a residual row: f (Hz), residual (%), which part. */
export interface KkRow {
  freq: number;
  percent: number;
  part: string;
}

const PARTS = ['Δ′ (real)', 'Δ″ (imaginary)'] as const;

/**
 * Lin-KK residuals spec. `freq` is the spectrum's frequencies (or the spectrum itself); the
 * residuals are fractions (linKK()'s `residuals`) and are plotted in %. The band is
 * ±threshold·100 %.
 * @example renderSvg(kkResidualsSpec(spectrum, linKK(spectrum)))
 */
export function kkResidualsSpec(freq: ArrayLike<number> | { freq: ArrayLike<number> }, residuals: ComplexLike | KkResultLike, options: KkResidualsOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const fv = freq !== null && typeof freq === 'object' && !Array.isArray(freq) && !ArrayBuffer.isView(freq) && 'freq' in freq ? freq.freq : freq;
  const f = frequencies('freq', fv);
  const r = object('residuals', residuals, 'residuals { re, im } or a linKK() result');
  const isResult = r.residuals !== undefined;
  const d = complex(isResult ? 'residuals.residuals' : 'residuals', isResult ? r.residuals : r);
  sameLength('freq', f, isResult ? 'residuals.residuals.re' : 'residuals.re', d.re);
  const sigma = isResult && r.verdict === 'statistics' && o.threshold === undefined ? r.noiseSigma : undefined;
  const noiseBand = typeof sigma === 'number' && sigma > 0 && Number.isFinite(sigma);
  const threshold = noiseBand
    ? NOISE_BAND_SIGMAS * (sigma as number)
    : thresholdOf(o.threshold ?? (isResult ? r.threshold : undefined) ?? 0.01, o.threshold !== undefined ? 'threshold' : 'residuals.threshold');
  const width = pixels('width', o.width, SIZE.width), height = pixels('height', o.height, SIZE.kk);
  const title = text('title', o.title);

  const rows: KkRow[] = [];
  for (let i = 0; i < f.length; i++) {
    rows.push({ freq: f[i]!, percent: 100 * d.re[i]!, part: PARTS[0] });
    rows.push({ freq: f[i]!, percent: 100 * d.im[i]!, part: PARTS[1] });
  }
  const band = 100 * threshold;
  const x = frequencyX([f]);
  // the band and every residual inside, with a margin so that the band's edges show
  const [lo, hi] = extent([rows.map((r) => r.percent), [-band, band]]);
  const margin = 0.12 * (hi - lo);
  const y = { field: 'percent', type: 'quantitative' as const, scale: { domain: [lo - margin, hi + margin], nice: false, zero: false }, axis: { title: `Δ / |${isResult && r.representation === 'Y' ? 'Y' : 'Z'}| (%)` } };
  const color = { field: 'part', type: 'nominal' as const, scale: { domain: [...PARTS], range: colours(2) }, legend: { title: noiseBand ? `band: ±${NOISE_BAND_SIGMAS}σ̂ = ±${fmt(band)} % (noise from the data)` : `band: ±${fmt(band)} %` } };
  return {
    ...frame(title, width, height),
    layer: [
      { name: 'band', data: { values: [{ lower: -band, upper: band }] }, mark: { type: 'rect', color: '#bbb', opacity: 0.25 }, encoding: { y: { field: 'lower', type: 'quantitative' as const }, y2: { field: 'upper' } } },
      { name: 'zero', data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeWidth: 1 }, encoding: { y: { field: 'zero', type: 'quantitative' as const } } },
      { name: 'residual_lines', data: { values: rows }, mark: { type: 'line', strokeWidth: 1, opacity: 0.6 }, encoding: { x, y, color, order: { field: 'freq', type: 'quantitative' as const } } },
      { name: 'residual_points', data: { values: rows }, mark: { type: 'point', filled: true, size: 22 }, encoding: { x, y, color, tooltip: TOOLTIP } },
    ],
  };
}

const TOOLTIP = [
  { field: 'part', type: 'nominal' as const, title: 'part' },
  { field: 'freq', type: 'quantitative' as const, title: 'f (Hz)', format: '.4~s' },
  { field: 'percent', type: 'quantitative' as const, title: 'residual (%)', format: '.3~f' },
];

/** A threshold: a finite fraction > 0. */
function thresholdOf(v: unknown, name: string): number {
  if (typeof v !== 'number') throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be a number (a fraction, 0.01 = 1 %); got ${show(v)}.`, { argument: name });
  if (!(v > 0 && v < 10)) throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` must be a fraction > 0 (0.01 = 1 %); got ${show(v)}.`, { argument: name, value: v });
  return v;
}
