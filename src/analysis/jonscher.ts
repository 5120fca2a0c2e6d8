/**
 * Jonscher's universal dielectric response of the real conductivity,
 *   σ′(f) = σ_dc·[1 + (f/f_c)^n],
 * (A. K. Jonscher, Nature 267 (1977) 673; f_c read as the hopping rate of the mobile ions by
 * D. P. Almond & A. R. West, Solid State Ionics 9–10 (1983) 277), fitted to σ′ = Re σ* of a
 * spectrum (σ* = (L/A)·Y, specs/global-fit.md Part B) on the plateau and the dispersion.
 *
 * The fit is in ln σ′ (each point's relative error counts alike, as σ′ spans decades) by the
 * generic Levenberg–Marquardt of src/reference/lm.ts, unknowns u = (ln σ_dc, ln f_c, t) with
 * n = 2/(1 + e^(−t)) in (0, 2). The covariance is s²·(JᵀJ)⁻¹, s² = χ²/(N − 3) (scipy curve_fit's
 * default), with J taken in (ln σ_dc, ln f_c, n); stderr of σ_dc and f_c by the delta method
 * (σ·stderr(ln σ)).
 *
 * The default range excludes a blocking electrode's polarisation: on such a cell σ′ falls again
 * towards low f (below the plateau) with a log–log slope d ln σ′/d ln f of up to 2, while the
 * plateau's slope is near 0 and the dispersion's rises towards n. See {@link defaultRange}.
 */
import { EisError, show } from '../errors.ts';
import { hzText as hz } from '../crop.ts';
import { exp, log } from '../math/index.ts';
import { FIT_MESSAGES } from '../abi/descriptor.ts';
import { levenbergMarquardt, type LsqProblem } from '../reference/lm.ts';
import { covarianceFromJacobian } from '../reference/covariance.ts';
import { cellConstants, toConductivity, type CellGeometry } from '../representation/index.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { checkOptionKeys, checkOptions, toFloat64 } from '../validate.ts';
import { median } from '../stats/residuals.ts';

/** Options of {@link jonscherFit}. */
export interface JonscherOptions {
  /** Lowest frequency fitted (Hz, inclusive). Default: the plateau onset above an electrode drop ({@link defaultRange}). */
  fmin?: number;
  /** Highest frequency fitted (Hz, inclusive). Default: the highest measured. */
  fmax?: number;
}

/** The fitted Jonscher law σ′(f) = σ_dc·[1 + (f/f_c)^n]. */
export interface JonscherParams {
  /** σ_dc (S/cm), the plateau. */
  sigmaDc: number;
  /** f_c (Hz), where σ′ = 2σ_dc: the onset of the dispersion (the hopping rate, Almond & West). */
  fc: number;
  /** n, the exponent of the dispersion. */
  n: number;
}

export interface JonscherFit extends JonscherParams {
  /** Standard errors (s² = χ²/dof; σ_dc and f_c by the delta method from ln σ_dc, ln f_c). */
  stderr: JonscherParams;
  /** The frequency range fitted (Hz): the lowest and highest frequency used. */
  fmin: number;
  fmax: number;
  /** How the range was chosen: 'given' (fmin option), 'electrode drop' (the plateau onset above a low-f drop), 'lowest frequency' (no drop). */
  rangeRule: 'given' | 'electrode drop' | 'lowest frequency';
  /** The range rule in words: what it chose and why. */
  rangeReason: string;
  /** The log–log slope d ln σ′/d ln f of the data (least squares over ±0.25 decade) at the lowest frequency fitted: near 0 on a plateau. */
  plateauSlope: number;
  /** Points fitted (σ′ > 0 in the range). */
  points: number;
  /** Σ (ln σ′_model − ln σ′)², over the points fitted. */
  chi2: number;
  /** points − 3. */
  dof: number;
  /** √(χ²/points): the rms relative deviation of σ′ from the law. */
  rmsRelative: number;
  success: boolean;
  /** LM status (src/fit/status.ts) and its message. */
  status: number;
  message: string;
  iterations: number;
  /** good, suspect or bad, with what was measured and why. */
  quality: { verdict: 'good' | 'suspect' | 'bad'; reasons: string[] };
  warnings: string[];
  /** The frequencies (Hz, ascending) and σ′ (S/cm) fitted. */
  freq: Float64Array;
  sigma: Float64Array;
}

/** n is outside this range rarely (Jonscher 1977: 0.6–1 for ionic conductors; Funke's NCL: n → 1). */
export const JONSCHER_N_TYPICAL: readonly [number, number] = [0.3, 1.2];
/** Half-width (decades) of the log–log slope's least-squares window. */
const SLOPE_HALF_WIDTH = 0.25;
/** A low-f drop is said when the slope at the lowest point exceeds the plateau's by more than this. */
const DROP_SLOPE = 0.1;
/**
 * A range starting where the log–log slope is above this has no flat plateau: the electrode drop
 * and the dispersion overlap and σ_dc comes out low. Measured (R‖CPE, n = 0.6–0.9, with a series
 * electrode CPE, noise-free, test/jonscher.test.ts): slope ≤ 0.013 → σ_dc low by 0.2–0.5 %,
 * 0.03–0.05 → 0.8–3.7 %, 0.05–0.09 → 1.8–11 %, 0.13–0.17 → 8–27 %.
 */
export const PLATEAU_SLOPE_LIMIT = 0.05;
/** …and σ′ at the lowest point lies this far (in ln σ′, ≈ 10 %) below σ′ at the flattest point: noise alone does neither. */
const DROP_DEPTH = 0.1;
/** The rms relative deviation above which the law is said not to describe σ′. */
const RMS_LIMIT = 0.05;

/** σ′(f) of the law. */
export function jonscherSigma(f: number, p: JonscherParams): number {
  return p.sigmaDc * (1 + exp(p.n * log(f / p.fc)));
}

/**
 * Jonscher fit of σ′ = Re σ*(f) of an impedance spectrum, σ* = (L/A)·Y.
 * @throws EisError E_ARG_TYPE naming `geometry` when it is missing; the spectrum's checks;
 * E_ARG_RANGE for a bad fmin/fmax; E_TOO_FEW_POINTS when fewer than 4 points with σ′ > 0 lie in
 * the range.
 * @example jonscherFit(spectrum, { thicknessCm: 0.1, areaCm2: 0.785 }) // { sigmaDc, fc, n, stderr, quality, … }
 */
export function jonscherFit(spectrum: SpectrumInput, geometry: CellGeometry, options: JonscherOptions = {}): JonscherFit {
  cellConstants(geometry, 'geometry', 'jonscherFit (σ* = (L/A)·Y)');
  const o = checkOptions('options', options);
  checkOptionKeys(o, ['fmin', 'fmax']);
  const s = toConductivity(spectrum, geometry);
  return jonscherFitSigma(s.freq, s.re, o);
}

/**
 * The core: the Jonscher fit of σ′ (S/cm) given at frequencies `freq` (Hz, any order).
 * Points with σ′ ≤ 0 are left out (ln σ′), with a warning.
 */
export function jonscherFitSigma(freqIn: ArrayLike<number>, sigmaIn: ArrayLike<number>, options: JonscherOptions = {}): JonscherFit {
  const o = checkOptions('options', options);
  checkOptionKeys(o, ['fmin', 'fmax']);
  const f0 = toFloat64('freq', freqIn, { positive: true }), s0 = toFloat64('sigma', sigmaIn);
  if (s0.length !== f0.length) throw new EisError('E_ARG_LENGTH', `invalid argument. \`sigma\` has ${s0.length} values, \`freq\` ${f0.length}.`, { argument: 'sigma' });
  const limit = (key: 'fmin' | 'fmax'): number | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new EisError('E_ARG_RANGE', `invalid option. \`${key}\` must be a finite frequency > 0 Hz; got ${show(v)}.`, { argument: key, value: v });
    return v;
  };
  const fminOpt = limit('fmin'), fmaxOpt = limit('fmax');
  if (fminOpt !== null && fmaxOpt !== null && fminOpt > fmaxOpt) throw new EisError('E_ARG_RANGE', `invalid options. \`fmin\` = ${fminOpt} Hz is above \`fmax\` = ${fmaxOpt} Hz.`, { argument: 'fmin', fmin: fminOpt, fmax: fmaxOpt });
  const warnings: string[] = [];
  // ascending frequency, σ′ > 0 only (a log law)
  const order = Array.from(f0.keys()).sort((a, b) => f0[a]! - f0[b]!);
  const positive = order.filter((i) => s0[i]! > 0);
  if (positive.length < order.length) warnings.push(`${order.length - positive.length} point${order.length - positive.length === 1 ? '' : 's'} with σ′ ≤ 0 left out (the fit is in ln σ′).`);
  const inMax = positive.filter((i) => fmaxOpt === null || f0[i]! <= fmaxOpt);
  const lf = Float64Array.from(inMax, (i) => log(f0[i]!)), ls = Float64Array.from(inMax, (i) => log(s0[i]!));
  let start: number, rangeRule: JonscherFit['rangeRule'], rangeReason: string;
  if (fminOpt !== null) {
    start = lf.findIndex((_, k) => f0[inMax[k]!]! >= fminOpt);
    if (start < 0) start = lf.length;
    rangeRule = 'given';
    rangeReason = `f ≥ ${fminOpt} Hz (given)`;
  } else ({ start, rule: rangeRule, reason: rangeReason } = defaultRange(lf, ls, Float64Array.from(inMax, (i) => f0[i]!)));
  const n = lf.length - start;
  if (n < 4) {
    throw new EisError('E_TOO_FEW_POINTS', `invalid argument. The Jonscher fit needs at least 4 points with σ′ > 0 in its range (${rangeReason}${fmaxOpt !== null ? `, f ≤ ${fmaxOpt} Hz` : ''}); ${n} remain of ${f0.length}.`, { argument: 'spectrum', points: n, needed: 4 });
  }
  const x = lf.subarray(start), y = ls.subarray(start);
  const plateauSlope = localSlopes(lf, ls)[start]!;
  const freq = Float64Array.from(inMax.slice(start), (i) => f0[i]!), sigma = Float64Array.from(inMax.slice(start), (i) => s0[i]!);
  const u = startValues(x, y);
  const problem = jonscherProblem(x, y);
  const lm = levenbergMarquardt(problem, u, { ftol: 1e-15, xtol: 1e-15, gtol: 1e-15, maxEvaluations: 2000 });
  const p: JonscherParams = { sigmaDc: exp(u[0]!), fc: exp(u[1]!), n: nOf(u[2]!) };
  // covariance in (ln σ_dc, ln f_c, n)
  const r = new Float64Array(n), j = new Float64Array(n * 3);
  naturalJacobian(x, y, u[0]!, u[1]!, p.n, r, j);
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += r[i]! * r[i]!;
  const dof = n - 3;
  const cov = covarianceFromJacobian(j, n, 3, dof > 0 ? chi2 / dof : Number.NaN);
  const se = (k: number) => (cov.determined ? Math.sqrt(cov.cov[k * 3 + k]!) : Number.POSITIVE_INFINITY);
  const stderr: JonscherParams = { sigmaDc: p.sigmaDc * se(0), fc: p.fc * se(1), n: se(2) };
  if (dof === 1) warnings.push('4 points for 3 parameters: one degree of freedom, the standard errors rest on one residual.');
  if (!cov.determined) warnings.push('The covariance could not be determined (singular Jacobian): f_c and n are not separable in this range.');
  const success = lm.status > 0;
  const fit: JonscherFit = {
    ...p, stderr, fmin: freq[0]!, fmax: freq[n - 1]!, rangeRule, rangeReason, plateauSlope, points: n, chi2, dof, rmsRelative: Math.sqrt(chi2 / n),
    success, status: lm.status, message: FIT_MESSAGES[lm.status] ?? `status ${lm.status}`, iterations: lm.iterations,
    quality: { verdict: 'good', reasons: [] }, warnings, freq, sigma,
  };
  fit.quality = jonscherQuality(fit, se(0), se(1));
  return fit;
}

/** n = 2/(1 + e^(−t)) ∈ (0, 2). */
const nOf = (t: number) => 2 / (1 + exp(-t));

/**
 * The default lower end of the range. The log–log slope d ln σ′/d ln f (least squares over
 * ±0.25 decade) is smallest on the plateau: below it a blocking electrode's polarisation makes
 * σ′ fall towards low f (slope up to 2 for a capacitor, α for a CPE), above it the dispersion
 * rises towards n. When the slope at the lowest point exceeds the smallest slope by more than 0.1
 * and σ′ there lies more than 10 % (0.1 in ln σ′) below σ′ at the flattest point, σ′ has such a
 * drop (the depth condition keeps noise from faking one: the slope alone did so in 1 of 20 seeds
 * at 1 % noise on a spectrum without electrode), and the range starts at the point of the smallest slope: the flattest point
 * is where the drop has died out as far as the data show, and every point below it is on the
 * drop. (Starting lower, where the slope is still within 0.01–0.05 of the smallest, was measured
 * on R‖CPE with a series electrode CPE, 10 points per decade: the σ_dc bias grew from 0.2–0.5 %
 * to 0.4–0.7 % (0.01) and 1.1–1.3 % (0.05) with a 3-decade plateau, from 0.8–3.7 % to 1.9–4.6 %
 * (0.05) with 2 decades — test/jonscher.test.ts.) Otherwise (no drop) the range starts at the
 * lowest frequency.
 */
export function defaultRange(lf: Float64Array, ls: Float64Array, freq: Float64Array): { start: number; rule: 'electrode drop' | 'lowest frequency'; reason: string } {
  const m = lf.length;
  if (m < 3) return { start: 0, rule: 'lowest frequency', reason: 'from the lowest frequency' };
  const slope = localSlopes(lf, ls);
  let kMin = 0;
  for (let k = 1; k < m; k++) if (slope[k]! < slope[kMin]!) kMin = k;
  if (!(slope[0]! > slope[kMin]! + DROP_SLOPE && ls[kMin]! - ls[0]! > DROP_DEPTH)) {
    return { start: 0, rule: 'lowest frequency', reason: `from the lowest frequency: σ′ shows no low-frequency drop (log–log slope ${slope[0]!.toFixed(2)} there, smallest ${slope[kMin]!.toFixed(2)})` };
  }
  return {
    start: kMin,
    rule: 'electrode drop',
    reason: `f ≥ ${hz(freq[kMin]!)} Hz, where σ′ is flattest (log–log slope ${slope[kMin]!.toFixed(2)}), above its low-frequency drop (electrode polarisation: slope ${slope[0]!.toFixed(2)} at ${hz(freq[0]!)} Hz)`,
  };
}


/** Least-squares slope of ls on lf over the points within ±SLOPE_HALF_WIDTH decade (at least the neighbours). */
function localSlopes(lf: Float64Array, ls: Float64Array): Float64Array {
  const m = lf.length, half = SLOPE_HALF_WIDTH * log(10);
  const out = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let a = k, b = k;
    while (a > 0 && lf[k]! - lf[a - 1]! <= half) a--;
    while (b < m - 1 && lf[b + 1]! - lf[k]! <= half) b++;
    if (a === k && k > 0) a--;
    if (b === k && k < m - 1) b++;
    let sx = 0, sy = 0;
    for (let i = a; i <= b; i++) {
      sx += lf[i]!;
      sy += ls[i]!;
    }
    const c = b - a + 1, mx = sx / c, my = sy / c;
    let sxx = 0, sxy = 0;
    for (let i = a; i <= b; i++) {
      sxx += (lf[i]! - mx) ** 2;
      sxy += (lf[i]! - mx) * (ls[i]! - my);
    }
    out[k] = sxx > 0 ? sxy / sxx : 0;
  }
  return out;
}

/**
 * Start values from the data: σ_dc the median σ′ of the lowest half decade of the range (at
 * least 3 points); f_c where σ′ first reaches 2σ_dc (log-interpolated; beyond the range: the
 * highest f); n the log–log slope of σ′/σ_dc − 1 over the points with σ′ > 1.5σ_dc (0.7 when
 * fewer than 2), kept in [0.2, 1.5].
 */
function startValues(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length, ln10 = log(10);
  let k = 0;
  while (k < n && (x[k]! - x[0]! <= 0.5 * ln10 || k < 3)) k++;
  const lsdc = log(median(Float64Array.from(y.subarray(0, k), (v) => exp(v))));
  const ln2 = log(2);
  let lfc = x[n - 1]!;
  for (let i = 1; i < n; i++) {
    if (y[i]! - lsdc >= ln2) {
      const a = y[i - 1]! - lsdc, b = y[i]! - lsdc;
      lfc = b > a ? x[i - 1]! + ((ln2 - a) / (b - a)) * (x[i]! - x[i - 1]!) : x[i]!;
      break;
    }
  }
  let sx = 0, sy = 0, c = 0;
  const px: number[] = [], py: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = exp(y[i]! - lsdc) - 1;
    if (e > 0.5) {
      px.push(x[i]!);
      py.push(log(e));
      sx += x[i]!;
      sy += log(e);
      c++;
    }
  }
  let n0 = 0.7;
  if (c >= 2) {
    const mx = sx / c, my = sy / c;
    let sxx = 0, sxy = 0;
    for (let i = 0; i < c; i++) {
      sxx += (px[i]! - mx) ** 2;
      sxy += (px[i]! - mx) * (py[i]! - my);
    }
    if (sxx > 0) n0 = sxy / sxx;
  }
  n0 = Math.min(1.5, Math.max(0.2, n0));
  return Float64Array.of(lsdc, lfc, log(n0 / (2 - n0)));
}

/** r_i = ln σ_dc + ln(1 + (f_i/f_c)^n) − ln σ′_i and its Jacobian in (ln σ_dc, ln f_c, n). */
function naturalJacobian(x: Float64Array, y: Float64Array, a: number, b: number, n: number, r: Float64Array, j: Float64Array | null): boolean {
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - b;
    const p = exp(n * d); // (f/f_c)^n
    const g = 1 / (1 + 1 / p); // p/(1 + p), also for p = 0 and p = ∞
    // ln(1 + p) without overflow for large p
    const l1p = p > 1e15 ? n * d + log(1 + 1 / p) : log(1 + p);
    r[i] = a + l1p - y[i]!;
    if (!Number.isFinite(r[i]!)) return false;
    if (j) {
      j[i * 3] = 1;
      j[i * 3 + 1] = -n * g;
      j[i * 3 + 2] = d * g;
    }
  }
  return true;
}

/** The LM problem in u = (ln σ_dc, ln f_c, t), n = nOf(t): ∂n/∂t = n(1 − n/2). */
function jonscherProblem(x: Float64Array, y: Float64Array): LsqProblem {
  const m = x.length;
  return {
    m: 3, n: m,
    residuals: (u, r) => naturalJacobian(x, y, u[0]!, u[1]!, nOf(u[2]!), r, null),
    jacobian(u, r, j) {
      const n = nOf(u[2]!);
      if (!naturalJacobian(x, y, u[0]!, u[1]!, n, r, j)) return false;
      const dn = n * (1 - n / 2);
      for (let i = 0; i < m; i++) j[i * 3 + 2] = j[i * 3 + 2]! * dn;
      return true;
    },
  };
}

/**
 * The verdict: bad when the fit did not converge or σ_dc, f_c or n is undetermined (stderr of
 * ln σ_dc or ln f_c above 1, of n above n); suspect when σ′ at the lowest point fitted is already
 * 30 % above σ_dc (no plateau in the range: σ_dc is an extrapolation), the data's log–log slope
 * at the lowest point fitted exceeds PLATEAU_SLOPE_LIMIT (no flat plateau), f_c lies above the range
 * (only the onset of the dispersion is measured), n lies outside 0.3–1.2, or σ′ departs from the
 * law by more than 5 % rms (an electrode drop left in the range, or a second dispersion).
 */
function jonscherQuality(fit: JonscherFit, seLnSigma: number, seLnFc: number): JonscherFit['quality'] {
  const bad: string[] = [], suspect: string[] = [];
  if (!fit.success) bad.push(`the fit did not converge: ${fit.message}`);
  if (!(seLnSigma <= 1)) bad.push(`σ_dc is undetermined (its relative standard error is ${fmtRel(seLnSigma)})`);
  if (!(seLnFc <= 1)) bad.push(`f_c is undetermined (its relative standard error is ${fmtRel(seLnFc)})`);
  if (!(fit.stderr.n <= fit.n)) bad.push(`n is undetermined (n = ${fit.n.toFixed(3)} ± ${fit.stderr.n.toPrecision(2)})`);
  const lowRise = exp(fit.n * log(fit.fmin / fit.fc));
  if (lowRise > 0.3) suspect.push(`no plateau in the range: at its lowest frequency (${hz(fit.fmin)} Hz) the law is already ${(100 * lowRise).toFixed(0)} % above σ_dc (f_c = ${hz(fit.fc)} Hz), so σ_dc is extrapolated — include lower frequencies if the electrode allows`);
  if (fit.plateauSlope > PLATEAU_SLOPE_LIMIT) suspect.push(`σ′ has no flat plateau: its log–log slope is ${fit.plateauSlope.toFixed(3)} at the lowest frequency fitted (${hz(fit.fmin)} Hz; above ${PLATEAU_SLOPE_LIMIT}), so the electrode drop and the dispersion overlap and σ_dc is likely low (by several per cent)`);
  if (fit.fc > fit.fmax) suspect.push(`f_c = ${hz(fit.fc)} Hz lies above the range (highest ${hz(fit.fmax)} Hz): only the onset of the dispersion is measured, f_c and n are correlated`);
  const [lo, hi] = JONSCHER_N_TYPICAL;
  if (!(fit.n >= lo && fit.n <= hi)) suspect.push(`n = ${fit.n.toFixed(3)} is outside the typical ${lo}–${hi} of ionic conductors`);
  if (fit.rmsRelative > RMS_LIMIT) suspect.push(`σ′ departs from the law by ${(100 * fit.rmsRelative).toFixed(1)} % rms (above ${100 * RMS_LIMIT} %): an electrode drop left in the range, a second dispersion or a high-frequency artefact — set fmin/fmax`);
  if (bad.length) return { verdict: 'bad', reasons: [...bad, ...suspect] };
  if (suspect.length) return { verdict: 'suspect', reasons: suspect };
  return { verdict: 'good', reasons: [`σ′ follows the law within ${(100 * fit.rmsRelative).toFixed(2)} % rms over ${fit.points} points; the plateau and the dispersion (f_c = ${hz(fit.fc)} Hz inside ${hz(fit.fmin)} – ${hz(fit.fmax)} Hz) are both in the range; n = ${fit.n.toFixed(3)}`] };
}

const fmtRel = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)} %` : 'infinite');
