/**
 * The dielectric views of a spectrum (specs/global-fit.md Part B): the combined −Z″ and M″
 * spectroscopic plot of Sinclair & West (J. Appl. Phys. 66 (1989) 3850) and σ′ against f. For one
 * parallel RC both −Z″ and M″ peak at ω = 1/RC, −Z″ at R/2 and M″ at C0/(2C): M″ picks out the
 * smallest capacitance (the bulk), −Z″ the largest resistance (often the grain boundary), and
 * peaks at one frequency mean one homogeneous process. σ′ = Re σ* levels off at σ_dc at low f.
 */
import type { TopLevelSpec } from 'vega-lite';
import { exp10, log10 } from '../math/index.ts';
import { cellConstants, toConductivity, toModulus, type CellGeometry } from '../representation/index.ts';
import { jonscherSigma, type JonscherParams } from '../analysis/jonscher.ts';
import { EisError } from '../errors.ts';
import { options as checkOpts, object, pixels, spectrum as checkSpectrum, text, type SpectrumLike } from './input.ts';
import { extent, frequencyX, logTicks } from './scale.ts';
import { PALETTE, SIZE, frame } from './theme.ts';

export interface ModulusPlotOptions {
  /** Data rectangle (px). @default 420 × 260 */
  width?: number;
  height?: number;
  title?: string;
}

/** A row of the −Z″/M″ plot: f (Hz), −Z″ (Ω) and M″ (1) at that frequency. */
export interface ModulusRow {
  freq: number;
  negZim: number;
  mIm: number;
}

/**
 * A curve's peak: the largest interior local maximum (the largest point when it is interior;
 * when the largest is an end point, the largest interior maximum that stands out by 5 % of its
 * height on both sides), refined by the parabola through it and its two neighbours in log f.
 * `estimate` is R ≈ −2Z″_max (Ω) for −Z″ and C ≈ C0/(2M″_max) (F) for M″. `edge`: no interior
 * peak, the largest point is the first or last one — the peak lies outside the measured range and
 * the estimate is a bound (R ≥ −2Z″ there, C ≤ C0/(2M″) there). `rises`: the curve is higher at
 * that end of the range than at its interior peak (−Z″ towards low f: a blocking electrode's
 * tail; M″ towards high f: M″ of a CPE bulk rises as ω^(1−α)).
 */
export interface ModulusPeakRow {
  curve: '−Z″' | 'M″';
  freq: number;
  height: number;
  estimate: number;
  edge: boolean;
  rises: 'low f' | 'high f' | null;
  label: string;
}

/** A row of the σ′ plot: f (Hz) and σ′ (S/cm). */
export interface ConductivityRow {
  freq: number;
  sigma: number;
}

const Z_COLOUR = PALETTE[0]!;
const M_COLOUR = PALETTE[1]!;
const HEIGHT = 260;

/**
 * −Z″ (left axis, Ω) and M″ (right axis) against log f on twin axes, each curve's peak marked and
 * annotated (in the top corner on its axis' side, in its colour) with its frequency and
 * R ≈ −2Z″_max or C ≈ C0/(2M″_max), C0 = ε0·A/L from `geometry`.
 * No −Z″ peak is drawn when −Z″ ≤ 0 at every point (a purely inductive spectrum).
 * @throws EisError the spectrum's checks; E_ARG_TYPE naming `geometry` when it is missing.
 * @example renderSvg(modulusPlot(spectrum, { thicknessCm: 0.1, diameterCm: 1 }))
 */
export function modulusPlot(spectrum: SpectrumLike, geometry: CellGeometry, options: ModulusPlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const width = pixels('width', o.width, SIZE.width), height = pixels('height', o.height, HEIGHT);
  const title = text('title', o.title);
  const s = checkSpectrum('spectrum', spectrum);
  const { rows, peaks } = modulusData(s, geometry, 'modulusPlot (M* = jωC0·Z, C0 = ε0·A/L)');

  const x = frequencyX([s.freq]);
  const curve = (field: 'negZim' | 'mIm', colour: string, axisTitle: string, orient: 'left' | 'right', curveName: ModulusPeakRow['curve']) => {
    const [lo, hi] = extent([rows.map((r) => r[field])]);
    const top = hi > 0 ? hi * 1.15 : 1; // room for the annotation
    const y = { field, type: 'quantitative' as const, scale: { domain: [Math.min(0, lo), top], nice: false, zero: true }, axis: { title: axisTitle, orient, titleColor: colour, format: field === 'mIm' ? '.2~e' : '.3~s' } };
    const mine = peaks.filter((p) => p.curve === curveName).map((p) => ({ ...p, [field]: p.height }));
    // the annotation in the top corner on the curve's axis side (the two never collide, even when the peaks coincide)
    const corner = orient === 'left' ? { x: { value: 6 }, align: 'left' as const } : { x: { value: width - 6 }, align: 'right' as const };
    return {
      layer: [
        { name: `${field}_line`, data: { values: rows }, mark: { type: 'line' as const, strokeWidth: 1.4, color: colour }, encoding: { x, y, order: { field: 'freq', type: 'quantitative' as const } } },
        { name: `${field}_points`, data: { values: rows }, mark: { type: 'point' as const, filled: true, size: 20, color: colour }, encoding: { x, y, tooltip: TOOLTIP } },
        ...(mine.length
          ? [
              { name: `${field}_peak`, data: { values: mine }, mark: { type: 'point' as const, filled: true, size: 60, shape: 'triangle-down', color: colour }, encoding: { x, y, tooltip: PEAK_TOOLTIP } },
              { name: `${field}_peak_label`, data: { values: mine }, mark: { type: 'text' as const, fontSize: 10, color: colour, align: corner.align, baseline: 'top' as const }, encoding: { x: corner.x, y: { value: 5 }, text: { field: 'label', type: 'nominal' as const } } },
            ]
          : []),
      ],
    };
  };
  return {
    ...frame(title, width, height),
    layer: [curve('negZim', Z_COLOUR, '−Z″ (Ω)', 'left', '−Z″'), curve('mIm', M_COLOUR, 'M″', 'right', 'M″')],
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/**
 * The −Z″/M″ peaks of a spectrum, as modulusPlot marks them: −Z″'s (R ≈ −2Z″_max; none when
 * −Z″ ≤ 0 everywhere) and M″'s (C ≈ C0/(2M″_max)), each with its edge flag.
 * @throws EisError as modulusPlot.
 */
export function modulusPeaks(spectrum: SpectrumLike, geometry: CellGeometry): ModulusPeakRow[] {
  return modulusData(checkSpectrum('spectrum', spectrum), geometry, 'modulusPeaks (M* = jωC0·Z, C0 = ε0·A/L)').peaks;
}

function modulusData(s: ReturnType<typeof checkSpectrum>, geometry: CellGeometry, needed: string): { rows: ModulusRow[]; peaks: ModulusPeakRow[] } {
  const c0 = cellConstants(geometry, 'geometry', needed).c0;
  const m = toModulus(s, geometry);
  const rows: ModulusRow[] = Array.from(s.freq, (f, i) => ({ freq: f, negZim: -s.im[i]!, mIm: m.im[i]! }));
  const negZ = Float64Array.from(rows, (r) => r.negZim);
  const zPeak = peakOf(s.freq, negZ);
  const mPeak = peakOf(s.freq, m.im);
  const peaks: ModulusPeakRow[] = [];
  if (zPeak && zPeak.height > 0) {
    const r = si(2 * zPeak.height, 'Ω');
    peaks.push({ curve: '−Z″', ...zPeak, estimate: 2 * zPeak.height, label: zPeak.edge ? `−Z″ largest at the edge ${si(zPeak.freq, 'Hz')}: R ≥ ${r} (a bound)` : `−Z″ peak ${si(zPeak.freq, 'Hz')}: R ≈ ${r}` });
  }
  if (mPeak && mPeak.height > 0) {
    const c = si(c0 / (2 * mPeak.height), 'F');
    peaks.push({ curve: 'M″', ...mPeak, estimate: c0 / (2 * mPeak.height), label: mPeak.edge ? `M″ largest at the edge ${si(mPeak.freq, 'Hz')}: C ≤ ${c} (a bound)` : `M″ peak ${si(mPeak.freq, 'Hz')}: C ≈ ${c}` });
  }
  return { rows, peaks };
}

export interface ConductivityPlotOptions {
  /** Data rectangle (px). @default 420 × 260 */
  width?: number;
  height?: number;
  title?: string;
  /**
   * A Jonscher fit to overlay (a jonscherFit() result, or any { sigmaDc, fc, n, fmin, fmax }):
   * the law σ_dc[1 + (f/f_c)^n] over its fitted range, solid, and the σ_dc level across the plot,
   * dashed, labelled with σ_dc, f_c and n (± stderr when the result has them).
   */
  jonscher?: JonscherOverlay;
}

/** What the σ′ plot needs of a Jonscher fit (a jonscherFit() result has it all). */
export interface JonscherOverlay extends JonscherParams {
  /** The fitted range (Hz): the law is drawn over it. */
  fmin: number;
  fmax: number;
  stderr?: JonscherParams;
}

/** A row of the overlaid Jonscher law: f (Hz) and σ′ (S/cm). */
export interface JonscherRow {
  freq: number;
  sigma: number;
}

/**
 * σ′ = Re σ* (S/cm) against f, log–log, σ* = (L/A)·Y from `geometry`: the low-frequency plateau
 * is σ_dc (before electrode polarisation bends it down), the rise at high f the dispersion. Points
 * with σ′ ≤ 0 (not drawable on a log axis; an active or badly corrected spectrum) are left out and
 * counted in the subtitle.
 * @throws EisError the spectrum's checks; E_ARG_TYPE naming `geometry` when it is missing; Z = 0 at
 * a point: E_ARG_RANGE naming its index.
 * @example renderSvg(conductivityPlot(spectrum, { thicknessCm: 0.1, areaCm2: 0.785 }))
 */
export function conductivityPlot(spectrum: SpectrumLike, geometry: CellGeometry, options: ConductivityPlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  const width = pixels('width', o.width, SIZE.width), height = pixels('height', o.height, HEIGHT);
  const title = text('title', o.title);
  const s = checkSpectrum('spectrum', spectrum);
  const sigma = toConductivity(s, geometry);
  const rows: ConductivityRow[] = [];
  for (let i = 0; i < s.freq.length; i++) if (sigma.re[i]! > 0) rows.push({ freq: s.freq[i]!, sigma: sigma.re[i]! });
  const dropped = s.freq.length - rows.length;
  const overlay = o.jonscher === undefined ? undefined : checkOverlay(o.jonscher);
  const law: JonscherRow[] = [];
  let level: JonscherRow[] = [];
  if (overlay) {
    const lo = log10(overlay.fmin), hi = log10(overlay.fmax), k = 80;
    for (let i = 0; i <= k; i++) {
      const f = i === 0 ? overlay.fmin : i === k ? overlay.fmax : exp10(lo + ((hi - lo) * i) / k);
      law.push({ freq: f, sigma: jonscherSigma(f, overlay) });
    }
    let fLo = overlay.fmin, fHi = overlay.fmax;
    for (const f of s.freq) {
      fLo = Math.min(fLo, f);
      fHi = Math.max(fHi, f);
    }
    level = [{ freq: fLo, sigma: overlay.sigmaDc }, { freq: fHi, sigma: overlay.sigmaDc }];
  }
  const all = [...rows, ...law, ...level].map((r) => r.sigma);
  const sTicks = all.length ? logTicks(...extent([all])) : undefined;
  const x = frequencyX([s.freq, law.map((r) => r.freq)]);
  const y = { field: 'sigma', type: 'quantitative' as const, scale: { type: 'log' as const, nice: false, padding: 8 }, axis: { title: 'σ′ (S/cm)', format: '.1e', ...(sTicks ? { values: sTicks } : {}) } };
  const note = dropped > 0 ? `${dropped} point${dropped === 1 ? '' : 's'} with σ′ ≤ 0 left out (log axis)` : undefined;
  const heading = note === undefined ? title : { text: title ?? 'σ′', subtitle: note };
  const overlayLayers = overlay
    ? [
        { name: 'jonscher_level', data: { values: level }, mark: { type: 'line' as const, strokeWidth: 1, strokeDash: [4, 3], color: JONSCHER_COLOUR }, encoding: { x, y, order: { field: 'freq', type: 'quantitative' as const } } },
        { name: 'jonscher_line', data: { values: law }, mark: { type: 'line' as const, strokeWidth: 1.6, color: JONSCHER_COLOUR }, encoding: { x, y, order: { field: 'freq', type: 'quantitative' as const } } },
        { name: 'jonscher_label', data: { values: [{ label: jonscherLabel(overlay) }] }, mark: { type: 'text' as const, fontSize: 10, color: JONSCHER_COLOUR, align: 'left' as const, baseline: 'top' as const }, encoding: { x: { value: 6 }, y: { value: 5 }, text: { field: 'label', type: 'nominal' as const } } },
      ]
    : [];
  return {
    ...frame(undefined, width, height),
    ...(heading !== undefined ? { title: heading } : {}),
    layer: [
      { name: 'sigma_line', data: { values: rows }, mark: { type: 'line' as const, strokeWidth: 1.4, color: Z_COLOUR }, encoding: { x, y, order: { field: 'freq', type: 'quantitative' as const } } },
      { name: 'sigma_points', data: { values: rows }, mark: { type: 'point' as const, filled: true, size: 20, color: Z_COLOUR }, encoding: { x, y, tooltip: SIGMA_TOOLTIP } },
      ...overlayLayers,
    ],
  } as TopLevelSpec;
}

const JONSCHER_COLOUR = PALETTE[1]!;

/** The overlay option: finite σ_dc, f_c, fmin ≤ fmax > 0 and n > 0 (E_ARG_TYPE / E_ARG_RANGE naming `jonscher.<field>`). */
function checkOverlay(v: unknown): JonscherOverlay {
  const o = object('jonscher', v, 'a jonscherFit() result or { sigmaDc, fc, n, fmin, fmax }');
  const get = (k: 'sigmaDc' | 'fc' | 'n' | 'fmin' | 'fmax') => {
    const x = o[k];
    if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) throw new EisError('E_ARG_RANGE', `invalid option. \`jonscher.${k}\` must be a finite number > 0; got ${String(x)}.`, { argument: `jonscher.${k}` });
    return x;
  };
  const r: JonscherOverlay = { sigmaDc: get('sigmaDc'), fc: get('fc'), n: get('n'), fmin: get('fmin'), fmax: get('fmax') };
  if (r.fmin > r.fmax) throw new EisError('E_ARG_RANGE', `invalid option. \`jonscher.fmin\` = ${r.fmin} Hz is above \`jonscher.fmax\` = ${r.fmax} Hz.`, { argument: 'jonscher.fmin' });
  const se = o.stderr as Partial<JonscherParams> | undefined;
  if (se && typeof se === 'object') r.stderr = { sigmaDc: Number(se.sigmaDc), fc: Number(se.fc), n: Number(se.n) };
  return r;
}

/** "Jonscher: σ_dc = 2.00e-6 ± 1.2e-8 S/cm, f_c = 9.49 kHz ± 0.6 %, n = 0.700 ± 0.003". */
export function jonscherLabel(p: JonscherOverlay): string {
  const se = p.stderr;
  const pm = (v: number | undefined, digits: number) => (v !== undefined && Number.isFinite(v) ? ` ± ${v.toPrecision(digits)}` : '');
  return `Jonscher: σ_dc = ${p.sigmaDc.toExponential(3)}${pm(se?.sigmaDc, 2)} S/cm, f_c = ${si(p.fc, 'Hz')}${se && Number.isFinite(se.fc) ? ` ± ${(100 * se.fc / p.fc).toPrecision(2)} %` : ''}, n = ${p.n.toFixed(3)}${pm(se?.n, 2)}`;
}

/** A local maximum counts beside a larger end point when y falls by this share of its height on both sides (before rising above it or the range ending). */
const PROMINENCE = 0.05;

/**
 * The peak of y (freq ascending or not: the neighbours in the data's order): the largest point
 * (ties: the first) when it is interior; when it is an end point, the largest interior local
 * maximum standing out by PROMINENCE on both sides, with `rises` naming the higher end; else the
 * end point itself, `edge`. Refined by a parabola in log10 f through it and its neighbours.
 */
function peakOf(freq: Float64Array, y: ArrayLike<number>): { freq: number; height: number; edge: boolean; rises: 'low f' | 'high f' | null } | undefined {
  const n = y.length;
  if (n === 0) return undefined;
  let k = 0;
  for (let i = 1; i < n; i++) if (y[i]! > y[k]!) k = i;
  let rises: 'low f' | 'high f' | null = null;
  if (k === 0 || k === n - 1) {
    const end = k;
    const local = prominentMaximum(y);
    if (local < 0) return { freq: freq[k]!, height: y[k]!, edge: true, rises: null };
    k = local;
    rises = (freq[end]! < freq[k]!) ? 'low f' : 'high f';
  }
  const vertex = refine(freq, y, k);
  return { ...vertex, edge: false, rises };
}

/** The largest interior local maximum of y that falls by PROMINENCE·y on both sides before y exceeds it (or the data end); −1 when none. */
function prominentMaximum(y: ArrayLike<number>): number {
  const n = y.length;
  let best = -1;
  for (let i = 1; i < n - 1; i++) {
    const v = y[i]!;
    if (!(v > 0 && v > y[i - 1]! && v >= y[i + 1]!) || (best >= 0 && v <= y[best]!)) continue;
    const floor = v * (1 - PROMINENCE);
    const falls = (step: 1 | -1) => {
      for (let j = i + step; j >= 0 && j < n; j += step) {
        if (y[j]! > v) return false;
        if (y[j]! <= floor) return true;
      }
      return true; // the data end: what lies beyond is unknown, the other side decides
    };
    if (falls(-1) && falls(1)) best = i;
  }
  return best;
}

/** The vertex of the parabola in log10 f through y at k and its neighbours (kept between them). */
function refine(freq: Float64Array, y: ArrayLike<number>, k: number): { freq: number; height: number } {
  const x0 = log10(freq[k - 1]!), x1 = log10(freq[k]!), x2 = log10(freq[k + 1]!);
  const y0 = y[k - 1]!, y1 = y[k]!, y2 = y[k + 1]!;
  const d1 = x1 - x0, d2 = x2 - x1;
  const s1 = (y1 - y0) / d1, s2 = (y2 - y1) / d2;
  const b = (s1 * d2 + s2 * d1) / (d1 + d2), a = (s2 - s1) / (d1 + d2);
  if (!(a < 0) || !Number.isFinite(b / a)) return { freq: freq[k]!, height: y1 };
  // vertex of y1 + b·t + a·t², t = x − x1, kept between the neighbours
  const lo = Math.min(x0, x2) - x1, hi = Math.max(x0, x2) - x1;
  const t = Math.min(hi, Math.max(lo, -b / (2 * a)));
  return { freq: exp10(x1 + t), height: y1 + b * t + a * t * t };
}

/** A value with an SI prefix and three significant digits: 2.1e6, 'Ω' → '2.1 MΩ'. */
function si(v: number, unit: string): string {
  if (!(v > 0) || !Number.isFinite(v)) return `${v} ${unit}`;
  const prefixes: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p'], [1e-15, 'f']];
  const [factor, prefix] = prefixes.find(([f]) => v >= f * (1 - 5e-4)) ?? prefixes[prefixes.length - 1]!;
  return `${Number((v / factor).toPrecision(3))} ${prefix}${unit}`;
}

const TOOLTIP = [
  { field: 'freq', type: 'quantitative' as const, title: 'f (Hz)', format: '.4~s' },
  { field: 'negZim', type: 'quantitative' as const, title: '−Z″ (Ω)', format: '.4~s' },
  { field: 'mIm', type: 'quantitative' as const, title: 'M″', format: '.4~e' },
];
const PEAK_TOOLTIP = [
  { field: 'curve', type: 'nominal' as const, title: 'curve' },
  { field: 'freq', type: 'quantitative' as const, title: 'peak f (Hz)', format: '.4~s' },
  { field: 'height', type: 'quantitative' as const, title: 'height', format: '.4~e' },
  { field: 'label', type: 'nominal' as const, title: 'estimate' },
];
const SIGMA_TOOLTIP = [
  { field: 'freq', type: 'quantitative' as const, title: 'f (Hz)', format: '.4~s' },
  { field: 'sigma', type: 'quantitative' as const, title: 'σ′ (S/cm)', format: '.4~e' },
];
