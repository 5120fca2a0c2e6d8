/**
 * Nyquist plot: −Z″ against Z′ with the same Ω per pixel on both axes (a semicircle looks like
 * one), data as points and fitted curves as lines, one colour per spectrum.
 */
import type { TopLevelSpec } from 'vega-lite';
import { legendWanted, options as checkOpts, flag, pixels, spectra as toSeries, text, type PlotSpectrum, type SpectrumLike, type SpectrumPlotOptions } from './input.ts';
import { extent, niceStep, ohmPrefix, scaledLabel, ticks } from './scale.ts';
import { DATA_POINT, FIT_LINE, SIZE, seriesColor, frame } from './theme.ts';

export interface NyquistOptions extends SpectrumPlotOptions {
  /** Largest width of the data rectangle (px); the other side follows from the equal scales. @default 420 */
  width?: number;
  /** Largest height of the data rectangle (px). @default 420 */
  height?: number;
  /** Include Z′ = 0 in the Z′ axis (the −Z″ axis always includes 0). @default false */
  origin?: boolean;
}

/** Fields of a Nyquist row: Z′ (Ω), −Z″ (Ω), f (Hz), spectrum label. */
export interface NyquistRow {
  series: string;
  freq: number;
  re: number;
  negIm: number;
}

const MIN_SIDE = 80;
const GRID_PX = 70;

/**
 * Nyquist plot spec. Both axes have the same scale: their domains are widened so that
 * (x₁ − x₀)/width = (y₁ − y₀)/height, and the grid has the same step in Ω on both.
 * @example renderSvg(nyquistSpec([{ ...spectrum, label: '25 °C', fit: fitResult }]))
 */
export function nyquistSpec(spectra: SpectrumLike | PlotSpectrum | readonly PlotSpectrum[], options: NyquistOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const series = toSeries(spectra, o);
  const maxW = pixels('width', o.width, SIZE.width), maxH = pixels('height', o.height, SIZE.height);
  const origin = flag('origin', o.origin, false);
  const title = text('title', o.title);

  const points: NyquistRow[] = [], lines: NyquistRow[] = [];
  for (const s of series) {
    for (let i = 0; i < s.freq.length; i++) points.push({ series: s.label, freq: s.freq[i]!, re: s.re[i]!, negIm: -s.im[i]! });
    const f = s.fit;
    if (f) for (let i = 0; i < f.freq.length; i++) lines.push({ series: s.label, freq: f.freq[i]!, re: f.re[i]!, negIm: -f.im[i]! });
  }

  // equal scales: Ω per pixel k from the tighter side, the other domain widened to match
  let [x0, x1] = extent([points.map((p) => p.re), lines.map((p) => p.re)]);
  let [y0, y1] = extent([points.map((p) => p.negIm), lines.map((p) => p.negIm)]);
  if (origin) [x0, x1] = [Math.min(0, x0), Math.max(0, x1)];
  [y0, y1] = [Math.min(0, y0), Math.max(0, y1)];
  const span = Math.max(x1 - x0, y1 - y0) || Math.max(Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1)) || 1;
  const pad = 0.04 * span;
  x0 -= pad; x1 += pad; y0 -= pad; y1 += pad;
  const k = Math.max((x1 - x0) / maxW, (y1 - y0) / maxH);
  const width = Math.max(MIN_SIDE, Math.ceil((x1 - x0) / k - 1e-9));
  const height = Math.max(MIN_SIDE, Math.ceil((y1 - y0) / k - 1e-9));
  const cx = (x0 + x1) / 2;
  x0 = cx - (width * k) / 2; x1 = x0 + width * k;
  y1 = y0 + height * k;

  // one grid step in Ω on both axes, labels in Ω, kΩ or MΩ
  const step = niceStep(k * GRID_PX);
  const { factor, prefix } = ohmPrefix(Math.max(Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1)));
  const axis = (label: string, lo: number, hi: number) => ({ title: `${label} (${prefix}Ω)`, values: ticks(lo, hi, step), labelExpr: scaledLabel(factor), labelFlush: false });
  const anyFit = lines.length > 0;
  const color = seriesColor(series.map((s) => s.label), legendWanted(series, o), anyFit);
  const x = { field: 're', type: 'quantitative' as const, scale: { domain: [x0, x1], nice: false, zero: false }, axis: axis('Z′', x0, x1) };
  const y = { field: 'negIm', type: 'quantitative' as const, scale: { domain: [y0, y1], nice: false, zero: false }, axis: axis('−Z″', y0, y1) };
  const tooltip = [
    { field: 'series', type: 'nominal' as const, title: 'spectrum' },
    { field: 'freq', type: 'quantitative' as const, title: 'f (Hz)', format: '.4~s' },
    { field: 're', type: 'quantitative' as const, title: 'Z′ (Ω)', format: '.5~g' },
    { field: 'negIm', type: 'quantitative' as const, title: '−Z″ (Ω)', format: '.5~g' },
  ];
  return {
    ...frame(title, width, height),
    layer: [
      { name: 'points', data: { values: points }, mark: DATA_POINT, encoding: { x, y, color, tooltip } },
      ...(anyFit ? [{ name: 'fits', data: { values: lines }, mark: FIT_LINE, encoding: { x, y, color, order: { field: 'freq', type: 'quantitative' as const, sort: 'descending' as const } } }] : []),
    ],
  };
}
