/**
 * Bode plot: |Z| against f on log–log axes above −φ against log f, sharing the frequency axis;
 * data as points, fitted curves as lines.
 */
import type { TopLevelSpec } from 'vega-lite';
import { EisError } from '../errors.ts';
import { legendWanted, options as checkOpts, pixels, spectra as toSeries, text, type PlotSpectrum, type SpectrumLike, type SpectrumPlotOptions } from './input.ts';
import { extent, logTicks } from './scale.ts';
import { DATA_POINT, FIT_LINE, SCHEMA, SIZE, config, seriesColor } from './theme.ts';

export interface BodeOptions extends SpectrumPlotOptions {
  /** Width of both panels (px). @default 420 */
  width?: number;
  /** Height of the |Z| panel (px). @default 220 */
  magnitudeHeight?: number;
  /** Height of the phase panel (px). @default 160 */
  phaseHeight?: number;
}

/** Fields of a Bode row: f (Hz), |Z| (Ω), −φ (degrees), spectrum label. */
export interface BodeRow {
  series: string;
  freq: number;
  modulus: number;
  negPhase: number;
}

const DEG = 180 / Math.PI;

function rows(label: string, freq: Float64Array, re: Float64Array, im: Float64Array, out: BodeRow[]): void {
  for (let i = 0; i < freq.length; i++) out.push({ series: label, freq: freq[i]!, modulus: Math.hypot(re[i]!, im[i]!), negPhase: -Math.atan2(im[i]!, re[i]!) * DEG });
}

/**
 * Bode plot spec: a vertical pair (|Z| log–log; −φ in degrees against log f) with one frequency
 * scale and one legend. A spectrum with |Z| = 0 somewhere cannot go on a log axis (E_ARG_RANGE).
 * @example renderSvg(bodeSpec(spectrum, { fits: [fitResult] }))
 */
export function bodeSpec(spectra: SpectrumLike | PlotSpectrum | readonly PlotSpectrum[], options: BodeOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const series = toSeries(spectra, o);
  const width = pixels('width', o.width, SIZE.width);
  const hMod = pixels('magnitudeHeight', o.magnitudeHeight, SIZE.bodeMagnitude);
  const hPhase = pixels('phaseHeight', o.phaseHeight, SIZE.bodePhase);
  const title = text('title', o.title);

  const points: BodeRow[] = [], lines: BodeRow[] = [];
  for (const s of series) {
    rows(s.label, s.freq, s.re, s.im, points);
    if (s.fit) rows(s.label, s.fit.freq, s.fit.re, s.fit.im, lines);
  }
  checkModulus(points, lines);
  const anyFit = lines.length > 0;
  const color = seriesColor(series.map((s) => s.label), legendWanted(series, o), anyFit);
  const fTicks = logTicks(...extent([points.map((r) => r.freq), lines.map((r) => r.freq)]));
  const zTicks = logTicks(...extent([points.map((r) => r.modulus), lines.map((r) => r.modulus)]));
  const logScale = { type: 'log' as const, nice: false, padding: 8 };
  const freqAxis = (titled: boolean) => ({ field: 'freq', type: 'quantitative' as const, scale: logScale, axis: { title: titled ? 'f (Hz)' : null, format: '~s', ...(fTicks ? { values: fTicks } : {}) } });
  const panel = (field: 'modulus' | 'negPhase', height: number, bottom: boolean) => {
    const y = field === 'modulus'
      ? { field, type: 'quantitative' as const, scale: logScale, axis: { title: '|Z| (Ω)', format: '~s', ...(zTicks ? { values: zTicks } : {}) } }
      : { field, type: 'quantitative' as const, scale: { zero: true }, axis: { title: '−φ (°)' } };
    const x = freqAxis(bottom);
    return {
      width, height,
      layer: [
        { name: `${field}_points`, data: { values: points }, mark: DATA_POINT, encoding: { x, y, color, tooltip: TOOLTIP } },
        ...(anyFit ? [{ name: `${field}_fits`, data: { values: lines }, mark: FIT_LINE, encoding: { x, y, color, order: { field: 'freq', type: 'quantitative' as const } } }] : []),
      ],
    };
  };
  return {
    $schema: SCHEMA,
    config: config(),
    ...(title !== undefined ? { title } : {}),
    vconcat: [panel('modulus', hMod, false), panel('negPhase', hPhase, true)],
    spacing: 12,
    resolve: { scale: { x: 'shared', color: 'shared' } },
  };
}

const TOOLTIP = [
  { field: 'series', type: 'nominal' as const, title: 'spectrum' },
  { field: 'freq', type: 'quantitative' as const, title: 'f (Hz)', format: '.4~s' },
  { field: 'modulus', type: 'quantitative' as const, title: '|Z| (Ω)', format: '.5~g' },
  { field: 'negPhase', type: 'quantitative' as const, title: '−φ (°)', format: '.4~f' },
];

/** |Z| must be > 0 for the log axis. */
function checkModulus(points: BodeRow[], lines: BodeRow[]): void {
  const bad = points.find((r) => !(r.modulus > 0)) ?? lines.find((r) => !(r.modulus > 0));
  if (bad) {
    throw new EisError('E_ARG_RANGE', `invalid argument. |Z| is 0 at ${bad.freq} Hz in ${JSON.stringify(bad.series)}${points.includes(bad) ? '' : ' (fitted curve)'}; a Bode plot has a log |Z| axis.`, { argument: 'spectra', value: bad.freq });
  }
}
