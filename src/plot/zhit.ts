/**
 * Z-HIT residual plot (specs/zhit.md): the relative modulus deviation (|Z| − |Z|_H)/|Z| in % against
 * log f, |Z|_H the modulus rebuilt from the phase, inside the ±threshold band the verdict used, with
 * the offset window (the points that fixed the constant C) shaded.
 */
import type { TopLevelSpec } from 'vega-lite';
import { EisError } from '../errors.ts';
import { cropSpectrum } from '../crop.ts';
import { hypot } from '../math/index.ts';
import type { ZhitResult } from '../zhit/zhit.ts';
import { finite, numbers, object, options as checkOpts, pixels, sameLength, spectrum as checkSpectrum, text, type SpectrumLike } from './input.ts';
import { extent, fmt, frequencyX } from './scale.ts';
import { PALETTE, SIZE, frame } from './theme.ts';

/** A zhit() result, structurally: the rebuilt modulus, the threshold, the window; `freqRange` to crop the spectrum as zhit() did. */
export type ZhitResultLike = Pick<ZhitResult, 'modulus' | 'threshold'> & Partial<Pick<ZhitResult, 'window' | 'freqRange' | 'pass' | 'maxResidual'>>;

export interface ZhitPlotOptions {
  /** Data rectangle (px). @default 420 × 200 */
  width?: number;
  height?: number;
  title?: string;
}

/** A row: f (Hz), measured |Z| and rebuilt |Z|_H (Ω), the deviation (|Z| − |Z|_H)/|Z| in %. */
export interface ZhitRow {
  freq: number;
  modulus: number;
  rebuilt: number;
  percent: number;
}

/**
 * Z-HIT residuals spec. `spectrum` is the spectrum zhit() was given (whole: it is cropped to the
 * result's `freqRange` as zhit() cropped it); the deviation of every point is
 * (|Z| − |Z|_H)/|Z| in %, so the largest |deviation| is the result's `maxResidual`. The band is
 * ±threshold; the offset window is shaded.
 * @example renderSvg(zhitPlot(spectrum, zhit(spectrum)))
 */
export function zhitPlot(spectrum: SpectrumLike, result: ZhitResultLike, options: ZhitPlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const width = pixels('width', o.width, SIZE.width), height = pixels('height', o.height, SIZE.kk);
  const title = text('title', o.title);
  const r = object('result', result, 'a zhit() result');
  const range = r.freqRange as { fmin?: number | null; fmax?: number | null } | undefined;
  const s0 = checkSpectrum('spectrum', spectrum);
  const s = range != null ? cropSpectrum(s0, range) : s0;
  const modulus = numbers('result.modulus', r.modulus);
  sameLength('spectrum.freq (cropped to result.freqRange)', s.freq, 'result.modulus', modulus);
  const threshold = finite('result.threshold', r.threshold);
  if (!(threshold > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. \`result.threshold\` must be a fraction > 0; got ${threshold}.`, { argument: 'result.threshold', value: threshold });

  const rows: ZhitRow[] = [];
  for (let i = 0; i < s.freq.length; i++) {
    const mod = hypot(s.re[i]!, s.im[i]!);
    rows.push({ freq: s.freq[i]!, modulus: mod, rebuilt: modulus[i]!, percent: (100 * (mod - modulus[i]!)) / mod });
  }
  const band = 100 * threshold;
  const x = frequencyX([s.freq]);
  const [lo, hi] = extent([rows.map((row) => row.percent), [-band, band]]);
  const margin = 0.12 * (hi - lo);
  const y = { field: 'percent', type: 'quantitative' as const, scale: { domain: [lo - margin, hi + margin], nice: false, zero: false }, axis: { title: '(|Z| − |Z|_H) / |Z| (%)' } };
  const win = Array.isArray(r.window) && r.window.length === 2 && r.window.every((v) => typeof v === 'number' && v > 0 && Number.isFinite(v)) ? (r.window as [number, number]) : null;
  const verdict = typeof r.pass === 'boolean' ? (r.pass ? 'pass' : 'FAIL') : null;
  const bandText = `band: ±${fmt(band)} % (threshold)${verdict ? ` — ${verdict}` : ''}`;
  const kinds = ['|Z| deviation', bandText, ...(win ? [`offset window ${fmt(win[0])}–${fmt(win[1])} Hz`] : [])];
  const color = { field: 'kind', type: 'nominal' as const, scale: { domain: kinds, range: [PALETTE[0]!, '#bbb', PALETTE[3]!] }, legend: { title: null } };
  return {
    ...frame(title, width, height),
    layer: [
      ...(win ? [{ name: 'offset_window', data: { values: [{ kind: kinds[2]!, from: win[0], to: win[1] }] }, mark: { type: 'rect' as const, opacity: 0.15 }, encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, color } }] : []),
      { name: 'band', data: { values: [{ kind: bandText, lower: -band, upper: band }] }, mark: { type: 'rect' as const, opacity: 0.3 }, encoding: { y: { field: 'lower', type: 'quantitative' as const }, y2: { field: 'upper' }, color } },
      { name: 'zero', data: { values: [{ zero: 0 }] }, mark: { type: 'rule' as const, color: '#888', strokeWidth: 1 }, encoding: { y: { field: 'zero', type: 'quantitative' as const } } },
      { name: 'deviation_line', data: { values: rows.map((row) => ({ kind: kinds[0]!, ...row })) }, mark: { type: 'line' as const, strokeWidth: 1, opacity: 0.6 }, encoding: { x, y, color, order: { field: 'freq', type: 'quantitative' as const } } },
      { name: 'deviation', data: { values: rows.map((row) => ({ kind: kinds[0]!, ...row })) }, mark: { type: 'point' as const, filled: true, size: 22 }, encoding: { x, y, color, tooltip: TOOLTIP } },
    ],
  } as TopLevelSpec;
}

const TOOLTIP = [
  { field: 'freq', type: 'quantitative' as const, title: 'f (Hz)', format: '.4~s' },
  { field: 'modulus', type: 'quantitative' as const, title: '|Z| (Ω)', format: '.5~g' },
  { field: 'rebuilt', type: 'quantitative' as const, title: '|Z|_H (Ω)', format: '.5~g' },
  { field: 'percent', type: 'quantitative' as const, title: 'deviation (%)', format: '.3~f' },
];
