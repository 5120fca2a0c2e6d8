/**
 * Jonscher's universal dielectric response of the real conductivity,
 *   σ′(f) = σ_dc·[1 + (f/f_c)^n],
 * (A. K. Jonscher, Nature 267 (1977) 673; D. P. Almond & A. R. West, Solid State Ionics 9–10
 * (1983) 277 read the crossover as the hopping rate ω_p = 2πf_c in rad/s — f_c itself is in Hz),
 * fitted to σ′ = Re σ* of a spectrum (σ* = (L/A)·Y, specs/global-fit.md Part B) on the plateau
 * and the dispersion.
 *
 * The fit is in ln σ′ by the generic Levenberg–Marquardt of src/reference/lm.ts, unknowns
 * u = (ln σ_dc, v, t) with ln f_c = lo + (hi − lo)/(1 + e^(−v)) bounded to the fitted range ±2
 * decades and n = 2/(1 + e^(−t)) in (0, 2).
 *
 * Weights (given σ″, as jonscherFit has it): EIS noise is proportional to |Z| — Z_meas = Z + δZ
 * with δZ′, δZ″ independent N(0, (r|Z|)²). To first order Y = 1/Z moves by δY = −Y²·δZ, and
 * multiplying by Y² (modulus |Y|², any phase) maps an isotropic complex deviate of s.d. r|Z| to an
 * isotropic one of s.d. r|Z|·|Y|² = r|Y|: δY′ ~ N(0, (r|Y|)²). So sd(ln σ′) = sd(Y′)/Y′ = r·|Y|/Y′
 * = r·|σ*|/σ′ — the ln σ′ noise grows as 1/cos φ where the phase leaves the plateau — and each
 * residual is weighted by w = σ′/|σ*| (then the weighted residuals all have s.d. r, whatever r).
 * Without σ″ (jonscherFitSigma on σ′ alone) the points count alike.
 *
 * The covariance is s²·(JᵀJ)⁻¹ of the weighted problem, s² = χ²/(N − 3) (scipy curve_fit's
 * default), J taken in (ln σ_dc, ln f_c, n); stderr of σ_dc and f_c by the delta method
 * (σ·stderr(ln σ)). These are statistical only: where the range starts biases σ_dc on a spectrum
 * with an electrode drop (its remnant) far beyond them on clean data, so the fit is refitted from
 * neighbouring starts and the spread reported as `systematic` (see {@link JonscherFit}).
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
  /** The data window's lower end (Hz, inclusive): nothing below is used; the range rule runs inside the window. */
  fmin?: number;
  /** The data window's upper end (Hz, inclusive). Default: the highest measured. */
  fmax?: number;
  /**
   * An explicit Jonscher range [lowest, highest] (Hz, inclusive; null: that end of the window):
   * replaces the automatic start ({@link defaultRange}); rangeRule 'given'.
   */
  range?: readonly [number | null, number | null];
}

/** The fitted Jonscher law σ′(f) = σ_dc·[1 + (f/f_c)^n]. */
export interface JonscherParams {
  /** σ_dc (S/cm), the plateau. */
  sigmaDc: number;
  /** f_c (Hz), where σ′ = 2σ_dc: the onset of the dispersion (Almond & West's hopping rate is ω_p = 2πf_c, rad/s). */
  fc: number;
  /** n, the exponent of the dispersion. */
  n: number;
}

export interface JonscherFit extends JonscherParams {
  /** Statistical standard errors (s² = χ²/dof; σ_dc and f_c by the delta method from ln σ_dc, ln f_c). */
  stderr: JonscherParams;
  /**
   * The range-start sensitivity: the largest change of each parameter when the fit starts at the
   * points nearest 0.1 and 0.2 decade below and above its lowest frequency (those that exist in
   * the window). A systematic uncertainty, reported beside the statistical stderr; the total is
   * √(stderr² + systematic²).
   */
  systematic: JonscherParams;
  /** The frequency range fitted (Hz): the lowest and highest frequency used. */
  fmin: number;
  fmax: number;
  /** How the lower end was chosen: 'given' (the range option), 'electrode drop' (the plateau onset above a low-f drop), 'lowest frequency' (no drop). */
  rangeRule: 'given' | 'electrode drop' | 'lowest frequency';
  /** The range rule in words: what it chose and why. */
  rangeReason: string;
  /** The log–log slope d ln σ′/d ln f of the data (least squares over ±0.25 decade) at the lowest frequency fitted: near 0 on a plateau. */
  plateauSlope: number;
  /** Its standard error, from the data's noise (second differences of ln σ′, weighted as the fit). */
  plateauSlopeStderr: number;
  /** Points fitted (σ′ > 0 in the range). */
  points: number;
  /** Σ w²(ln σ′_model − ln σ′)² over the points fitted, w = σ′/|σ*| (1 without σ″). */
  chi2: number;
  /** points − 3. */
  dof: number;
  /** √(χ²/points): the rms deviation from the law, relative, in the units of the |Z|-proportional noise (of σ′ itself without σ″). */
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
 * 0.03–0.05 → 0.8–3.7 %, 0.05–0.09 → 1.8–11 %, 0.13–0.17 → 8–27 %. The slope is tested against
 * its own standard error: said only when it exceeds this by more than 2 SE.
 */
export const PLATEAU_SLOPE_LIMIT = 0.05;
/** …and σ′ at the lowest point lies this far (in ln σ′, ≈ 10 %) below σ′ at the flattest point: noise alone does neither. */
const DROP_DEPTH = 0.1;
/** The rms relative deviation above which the law is said not to describe σ′. */
const RMS_LIMIT = 0.05;
/** ln f_c is bounded to the fitted range widened by this many decades each side. */
const FC_BOUND_DECADES = 2;
/** The neighbouring starts of the systematic term (decades from the range's lowest frequency). */
const NEIGHBOUR_DECADES = [-0.2, -0.1, 0.1, 0.2];

/** σ′(f) of the law. */
export function jonscherSigma(f: number, p: JonscherParams): number {
  return p.sigmaDc * (1 + exp(p.n * log(f / p.fc)));
}

/**
 * Jonscher fit of σ′ = Re σ*(f) of an impedance spectrum, σ* = (L/A)·Y, each point weighted by
 * σ′/|σ*| (|Z|-proportional noise, see the module's notes).
 * @throws EisError E_ARG_TYPE naming `geometry` when it is missing; the spectrum's checks;
 * E_ARG_RANGE for a bad fmin/fmax/range; E_TOO_FEW_POINTS when fewer than 4 points with σ′ > 0
 * lie in the range.
 * @example jonscherFit(spectrum, { thicknessCm: 0.1, areaCm2: 0.785 }) // { sigmaDc, fc, n, stderr, systematic, quality, … }
 */
export function jonscherFit(spectrum: SpectrumInput, geometry: CellGeometry, options: JonscherOptions = {}): JonscherFit {
  cellConstants(geometry, 'geometry', 'jonscherFit (σ* = (L/A)·Y)');
  const o = checkOptions('options', options);
  checkOptionKeys(o, ['fmin', 'fmax', 'range']);
  const s = toConductivity(spectrum, geometry);
  return jonscherFitSigma(s.freq, s.re, o, s.im);
}

/**
 * The core: the Jonscher fit of σ′ (S/cm) given at frequencies `freq` (Hz, any order); with
 * `sigmaIm` (σ″ at the same frequencies) each point is weighted by σ′/|σ*|, without it alike.
 * Points with σ′ ≤ 0 are left out (ln σ′), with a warning.
 */
export function jonscherFitSigma(freqIn: ArrayLike<number>, sigmaIn: ArrayLike<number>, options: JonscherOptions = {}, sigmaIm?: ArrayLike<number>): JonscherFit {
  const o = checkOptions('options', options);
  checkOptionKeys(o, ['fmin', 'fmax', 'range']);
  const f0 = toFloat64('freq', freqIn, { positive: true }), s0 = toFloat64('sigma', sigmaIn);
  if (s0.length !== f0.length) throw new EisError('E_ARG_LENGTH', `invalid argument. \`sigma\` has ${s0.length} values, \`freq\` ${f0.length}.`, { argument: 'sigma' });
  const im = sigmaIm === undefined ? null : toFloat64('sigmaIm', sigmaIm);
  if (im && im.length !== f0.length) throw new EisError('E_ARG_LENGTH', `invalid argument. \`sigmaIm\` has ${im.length} values, \`freq\` ${f0.length}.`, { argument: 'sigmaIm' });
  const frequency = (key: string, v: unknown): number | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new EisError('E_ARG_RANGE', `invalid option. \`${key}\` must be a finite frequency > 0 Hz; got ${show(v)}.`, { argument: key, value: v });
    return v;
  };
  const ordered = (lo: number | null, hi: number | null, a: string, b: string) => {
    if (lo !== null && hi !== null && lo > hi) throw new EisError('E_ARG_RANGE', `invalid options. \`${a}\` = ${lo} Hz is above \`${b}\` = ${hi} Hz.`, { argument: a, [a]: lo, [b]: hi });
  };
  const wMin = frequency('fmin', o.fmin), wMax = frequency('fmax', o.fmax);
  ordered(wMin, wMax, 'fmin', 'fmax');
  let rMin: number | null = null, rMax: number | null = null;
  const given = o.range !== undefined && o.range !== null;
  if (given) {
    if (!Array.isArray(o.range) || o.range.length !== 2) throw new EisError('E_ARG_TYPE', `invalid option. \`range\` must be [fmin, fmax] (Hz; null for an end of the window); got ${show(o.range)}.`, { argument: 'range' });
    rMin = frequency('range[0]', o.range[0]);
    rMax = frequency('range[1]', o.range[1]);
    ordered(rMin, rMax, 'range[0]', 'range[1]');
  }
  const warnings: string[] = [];
  // ascending frequency, σ′ > 0 only (a log law), inside the window (and below the given range's top)
  const order = Array.from(f0.keys()).sort((a, b) => f0[a]! - f0[b]!);
  const positive = order.filter((i) => s0[i]! > 0);
  if (positive.length < order.length) warnings.push(`${order.length - positive.length} point${order.length - positive.length === 1 ? '' : 's'} with σ′ ≤ 0 left out (the fit is in ln σ′).`);
  const top = Math.min(wMax ?? Number.POSITIVE_INFINITY, rMax ?? Number.POSITIVE_INFINITY);
  const kept = positive.filter((i) => f0[i]! <= top && (wMin === null || f0[i]! >= wMin));
  const lf = Float64Array.from(kept, (i) => log(f0[i]!)), ls = Float64Array.from(kept, (i) => log(s0[i]!));
  const w = Float64Array.from(kept, (i) => (im ? s0[i]! / Math.sqrt(s0[i]! * s0[i]! + im[i]! * im[i]!) : 1));
  const windowText = `${wMin !== null ? `f ≥ ${wMin} Hz` : ''}${wMin !== null && wMax !== null ? ', ' : ''}${wMax !== null ? `f ≤ ${wMax} Hz` : ''}`;
  let start: number, rangeRule: JonscherFit['rangeRule'], rangeReason: string;
  if (given) {
    start = rMin === null ? 0 : lf.findIndex((_, k) => f0[kept[k]!]! >= rMin!);
    if (start < 0) start = lf.length;
    rangeRule = 'given';
    rangeReason = `${rMin !== null ? `f ≥ ${rMin} Hz` : 'from the lowest frequency'}${rMax !== null ? `, f ≤ ${rMax} Hz` : ''} (given)`;
  } else ({ start, rule: rangeRule, reason: rangeReason } = defaultRange(lf, ls, Float64Array.from(kept, (i) => f0[i]!)));
  if (windowText) rangeReason += ` inside the window ${windowText}`;
  const n = lf.length - start;
  if (n < 4) {
    throw new EisError('E_TOO_FEW_POINTS', `invalid argument. The Jonscher fit needs at least 4 points with σ′ > 0 in its range (${rangeReason}); ${n} remain of ${f0.length}.`, { argument: 'spectrum', points: n, needed: 4 });
  }
  const main = fitFrom(lf, ls, w, start);
  const { p, lm, chi2 } = main;
  const freq = Float64Array.from(kept.slice(start), (i) => f0[i]!), sigma = Float64Array.from(kept.slice(start), (i) => s0[i]!);
  const dof = n - 3;
  const cov = covarianceFromJacobian(main.j, n, 3, dof > 0 ? chi2 / dof : Number.NaN);
  const se = (k: number) => (cov.determined ? Math.sqrt(cov.cov[k * 3 + k]!) : Number.POSITIVE_INFINITY);
  const stderr: JonscherParams = { sigmaDc: p.sigmaDc * se(0), fc: p.fc * se(1), n: se(2) };
  if (dof === 1) warnings.push('4 points for 3 parameters: one degree of freedom, the standard errors rest on one residual.');
  if (!cov.determined) warnings.push('The covariance could not be determined (singular Jacobian): f_c and n are not separable in this range.');
  // the systematic term: the same fit from the neighbouring starts
  let dSigma = 0, dFc = 0, dN = 0;
  for (const s of neighbourStarts(lf, start)) {
    const q = fitFrom(lf, ls, w, s, p);
    if (!(q.lm.status > 0)) continue;
    dSigma = Math.max(dSigma, Math.abs(log(q.p.sigmaDc / p.sigmaDc)));
    dFc = Math.max(dFc, Math.abs(log(q.p.fc / p.fc)));
    dN = Math.max(dN, Math.abs(q.p.n - p.n));
  }
  const systematic: JonscherParams = { sigmaDc: p.sigmaDc * dSigma, fc: p.fc * dFc, n: dN };
  const slope = localSlopes(lf, ls)[start]!;
  const slopeSe = slopeStderr(lf, w, start, noiseScale(ls, w));
  const success = lm.status > 0;
  const fit: JonscherFit = {
    ...p, stderr, systematic, fmin: freq[0]!, fmax: freq[n - 1]!, rangeRule, rangeReason, plateauSlope: slope, plateauSlopeStderr: slopeSe, points: n, chi2, dof, rmsRelative: Math.sqrt(chi2 / n),
    success, status: lm.status, message: FIT_MESSAGES[lm.status] ?? `status ${lm.status}`, iterations: lm.iterations,
    quality: { verdict: 'good', reasons: [] }, warnings, freq, sigma,
  };
  fit.quality = jonscherQuality(fit, se(0), se(1), main.atBound);
  return fit;
}

/**
 * The weighted fit of the points from `start` on: parameters, LM result, χ², residuals and
 * Jacobian in (ln σ_dc, ln f_c, n). `from`: start there (a refit from the main fit's values)
 * instead of the data's start values.
 */
function fitFrom(lf: Float64Array, ls: Float64Array, w: Float64Array, start: number, from?: JonscherParams) {
  const x = lf.subarray(start), y = ls.subarray(start), wt = w.subarray(start);
  const m = x.length;
  const lo = x[0]! - FC_BOUND_DECADES * log(10), hi = x[m - 1]! + FC_BOUND_DECADES * log(10);
  const u = from ? toUnknowns(from, lo, hi) : startValues(x, y, lo, hi);
  // a refit needs its σ_dc to ~1e-8, not to the last bit: looser tolerances, fewer evaluations
  const tol = from ? 1e-10 : 1e-15;
  const lm = levenbergMarquardt(jonscherProblem(x, y, wt, lo, hi), u, { ftol: tol, xtol: tol, gtol: tol, maxEvaluations: 2000 });
  const lfc = lfcOf(u[1]!, lo, hi);
  const p: JonscherParams = { sigmaDc: exp(u[0]!), fc: exp(lfc), n: nOf(u[2]!) };
  const r = new Float64Array(m), j = new Float64Array(m * 3);
  naturalJacobian(x, y, wt, u[0]!, lfc, p.n, r, j);
  let chi2 = 0;
  for (let i = 0; i < m; i++) chi2 += r[i]! * r[i]!;
  // at a bound: within 1e-6 of the bounded span (the sigmoid saturated)
  const atBound = Math.abs(lfc - lo) < 1e-6 * (hi - lo) ? ('low' as const) : Math.abs(hi - lfc) < 1e-6 * (hi - lo) ? ('high' as const) : null;
  return { p, lm, chi2, r, j, atBound, lo, hi };
}

/** The starts nearest 0.1 and 0.2 decade below and above `start` (distinct, leaving at least 4 points). */
function neighbourStarts(lf: Float64Array, start: number): number[] {
  const out = new Set<number>();
  const last = lf.length - 4;
  for (const d of NEIGHBOUR_DECADES) {
    const target = lf[start]! + d * log(10);
    let k = start;
    if (d < 0) while (k > 0 && lf[k - 1]! >= target - 1e-12) k--;
    else while (k < last && lf[k + 1]! <= target + 1e-12) k++;
    // at least one point away when the grid is coarser than the step
    if (k === start) k = d < 0 ? start - 1 : start + 1;
    if (k >= 0 && k <= last && k !== start) out.add(k);
  }
  return [...out];
}

/**
 * The relative noise r of the |Z|-proportional model (sd(ln σ′_i) = r/w_i), robustly from the
 * second differences e_i = ln σ′_(i−1) − 2 ln σ′_i + ln σ′_(i+1): var e_i = r²(1/w²_(i−1) + 4/w²_i +
 * 1/w²_(i+1)) for white noise, so r² = median(e_i²/that)/0.4549 (the median of χ²₁). A smooth law
 * adds its curvature, small beside noise on a grid of ≥ 5 points per decade.
 */
function noiseScale(ls: Float64Array, w: Float64Array): number {
  const m = ls.length;
  if (m < 3) return 0;
  const q = new Float64Array(m - 2);
  for (let i = 1; i < m - 1; i++) {
    const e = ls[i - 1]! - 2 * ls[i]! + ls[i + 1]!;
    q[i - 1] = (e * e) / (1 / (w[i - 1]! * w[i - 1]!) + 4 / (w[i]! * w[i]!) + 1 / (w[i + 1]! * w[i + 1]!));
  }
  return Math.sqrt(median(q) / 0.4549);
}

/** The standard error of the local slope at k (the window of localSlopes), sd(ln σ′_i) = r/w_i. */
function slopeStderr(lf: Float64Array, w: Float64Array, k: number, r: number): number {
  const [a, b] = slopeWindow(lf, k);
  let sx = 0;
  for (let i = a; i <= b; i++) sx += lf[i]!;
  const mx = sx / (b - a + 1);
  let sxx = 0, v = 0;
  for (let i = a; i <= b; i++) {
    const d = lf[i]! - mx;
    sxx += d * d;
    v += (d * d * r * r) / (w[i]! * w[i]!);
  }
  return sxx > 0 ? Math.sqrt(v) / sxx : Number.POSITIVE_INFINITY;
}

/** n = 2/(1 + e^(−t)) ∈ (0, 2). */
const nOf = (t: number) => 2 / (1 + exp(-t));
/** ln f_c = lo + (hi − lo)/(1 + e^(−v)) ∈ (lo, hi). */
const lfcOf = (v: number, lo: number, hi: number) => lo + (hi - lo) / (1 + exp(-v));

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

/** The window [a, b] of the local slope at k: the points within ±SLOPE_HALF_WIDTH decade (lf ascending), at least the neighbours. */
function slopeWindow(lf: Float64Array, k: number): [number, number] {
  const m = lf.length, half = SLOPE_HALF_WIDTH * log(10);
  let a = k, b = k;
  while (a > 0 && lf[k]! - lf[a - 1]! <= half) a--;
  while (b < m - 1 && lf[b + 1]! - lf[k]! <= half) b++;
  if (a === k && k > 0) a--;
  if (b === k && k < m - 1) b++;
  return [a, b];
}

/**
 * Least-squares slope of ls on lf (ascending) over the points within ±SLOPE_HALF_WIDTH decade (at
 * least the neighbours), for every point in O(m): the window's ends advance monotonically (two
 * pointers) and its sums come from prefix sums of x, y, x², xy (x, y taken from the first point,
 * so the sums stay of the window's size and the differences lose few digits).
 */
export function localSlopes(lf: Float64Array, ls: Float64Array): Float64Array {
  const m = lf.length, half = SLOPE_HALF_WIDTH * log(10);
  const out = new Float64Array(m);
  if (m === 0) return out;
  const px = new Float64Array(m + 1), py = new Float64Array(m + 1), pxx = new Float64Array(m + 1), pxy = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    const x = lf[i]! - lf[0]!, y = ls[i]! - ls[0]!;
    px[i + 1] = px[i]! + x;
    py[i + 1] = py[i]! + y;
    pxx[i + 1] = pxx[i]! + x * x;
    pxy[i + 1] = pxy[i]! + x * y;
  }
  let lo = 0, hi = 0;
  for (let k = 0; k < m; k++) {
    while (lf[k]! - lf[lo]! > half) lo++;
    if (hi < k) hi = k;
    while (hi < m - 1 && lf[hi + 1]! - lf[k]! <= half) hi++;
    let a = lo, b = hi;
    if (a === k && k > 0) a--;
    if (b === k && k < m - 1) b++;
    const c = b - a + 1;
    const sx = px[b + 1]! - px[a]!, sy = py[b + 1]! - py[a]!;
    const sxx = pxx[b + 1]! - pxx[a]! - (sx * sx) / c, sxy = pxy[b + 1]! - pxy[a]! - (sx * sy) / c;
    out[k] = sxx > 1e-12 * c ? sxy / sxx : 0;
  }
  return out;
}

/**
 * Start values from the data: σ_dc the median σ′ of the lowest half decade of the range (at
 * least 3 points); f_c where σ′ first reaches 2σ_dc (log-interpolated; beyond the range: the
 * highest f), kept inside the bounds; n the log–log slope of σ′/σ_dc − 1 over the points with
 * σ′ > 1.5σ_dc (0.7 when fewer than 2), kept in [0.2, 1.5]. Returned as u = (ln σ_dc, v, t).
 */
function startValues(x: Float64Array, y: Float64Array, lo: number, hi: number): Float64Array {
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
  // v of ln f_c, the fraction kept in [0.001, 0.999] of the bounded span
  const frac = Math.min(0.999, Math.max(0.001, (lfc - lo) / (hi - lo)));
  return Float64Array.of(lsdc, log(frac / (1 - frac)), log(n0 / (2 - n0)));
}

/** u = (ln σ_dc, v, t) of natural parameters, ln f_c's fraction of the bounded span kept in [0.001, 0.999], n in [0.02, 1.98]. */
function toUnknowns(p: JonscherParams, lo: number, hi: number): Float64Array {
  const frac = Math.min(0.999, Math.max(0.001, (log(p.fc) - lo) / (hi - lo)));
  const n = Math.min(1.98, Math.max(0.02, p.n));
  return Float64Array.of(log(p.sigmaDc), log(frac / (1 - frac)), log(n / (2 - n)));
}

/** r_i = w_i·(ln σ_dc + ln(1 + (f_i/f_c)^n) − ln σ′_i) and its Jacobian in (ln σ_dc, ln f_c, n). */
function naturalJacobian(x: Float64Array, y: Float64Array, w: Float64Array, a: number, b: number, n: number, r: Float64Array, j: Float64Array | null): boolean {
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - b, wi = w[i]!;
    const p = exp(n * d); // (f/f_c)^n
    const g = 1 / (1 + 1 / p); // p/(1 + p), also for p = 0 and p = ∞
    // ln(1 + p) without overflow for large p
    const l1p = p > 1e15 ? n * d + log(1 + 1 / p) : log(1 + p);
    r[i] = wi * (a + l1p - y[i]!);
    if (!Number.isFinite(r[i]!)) return false;
    if (j) {
      j[i * 3] = wi;
      j[i * 3 + 1] = -wi * n * g;
      j[i * 3 + 2] = wi * d * g;
    }
  }
  return true;
}

/** The LM problem in u = (ln σ_dc, v, t): ln f_c = lfcOf(v), ∂/∂v = (ln f_c − lo)(hi − ln f_c)/(hi − lo); n = nOf(t), ∂n/∂t = n(1 − n/2). */
function jonscherProblem(x: Float64Array, y: Float64Array, w: Float64Array, lo: number, hi: number): LsqProblem {
  const m = x.length;
  return {
    m: 3, n: m,
    residuals: (u, r) => naturalJacobian(x, y, w, u[0]!, lfcOf(u[1]!, lo, hi), nOf(u[2]!), r, null),
    jacobian(u, r, j) {
      const n = nOf(u[2]!), b = lfcOf(u[1]!, lo, hi);
      if (!naturalJacobian(x, y, w, u[0]!, b, n, r, j)) return false;
      const dn = n * (1 - n / 2), db = ((b - lo) * (hi - b)) / (hi - lo);
      for (let i = 0; i < m; i++) {
        j[i * 3 + 1] = j[i * 3 + 1]! * db;
        j[i * 3 + 2] = j[i * 3 + 2]! * dn;
      }
      return true;
    },
  };
}

/** A percentage for the text, capped: "12 %", "> 1000 %". */
export function percentText(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return 'infinite';
  return Math.abs(x) > 10 ? `${x < 0 ? '< −' : '> '}1000 %` : `${(100 * x).toFixed(digits)} %`;
}

/**
 * The verdict: bad when the fit did not converge, f_c ran to its bound (the fitted range ±2
 * decades) or σ_dc, f_c or n is undetermined (stderr of ln σ_dc or ln f_c above 1, of n above n);
 * suspect when σ′ at the lowest point fitted is already 30 % above σ_dc (no plateau in the range:
 * σ_dc is an extrapolation), the data's log–log slope at the lowest point fitted exceeds
 * PLATEAU_SLOPE_LIMIT by more than 2 of its standard errors (no flat plateau), σ_dc moves by more
 * than its statistical standard error (and 0.01 %) when the range starts at a neighbouring point
 * (a range bias beyond the noise), f_c lies above the range (only the onset of the dispersion is
 * measured), n lies outside 0.3–1.2, or σ′ departs from the law by more than 5 % rms (an
 * electrode drop left in the range, or a second dispersion).
 */
function jonscherQuality(fit: JonscherFit, seLnSigma: number, seLnFc: number, atBound: 'low' | 'high' | null): JonscherFit['quality'] {
  const bad: string[] = [], suspect: string[] = [];
  if (!fit.success) bad.push(`the fit did not converge: ${fit.message}`);
  if (atBound) bad.push(`f_c ran to its bound (${FC_BOUND_DECADES} decades ${atBound === 'low' ? 'below' : 'above'} the range, ${hz(fit.fc)} Hz): it is not determined by the data`);
  if (!(seLnSigma <= 1)) bad.push(`σ_dc is undetermined (its relative standard error is ${percentText(seLnSigma)})`);
  if (!(seLnFc <= 1)) bad.push(`f_c is undetermined (its relative standard error is ${percentText(seLnFc)})`);
  if (!(fit.stderr.n <= fit.n)) bad.push(`n is undetermined (n = ${fit.n.toFixed(3)} ± ${fit.stderr.n.toPrecision(2)})`);
  const lowRise = exp(fit.n * log(fit.fmin / fit.fc));
  if (lowRise > 0.3) suspect.push(`no plateau in the range: at its lowest frequency (${hz(fit.fmin)} Hz) the law is already ${percentText(lowRise)} above σ_dc (f_c = ${hz(fit.fc)} Hz), so σ_dc is extrapolated — include lower frequencies if the electrode allows`);
  if (fit.plateauSlope > PLATEAU_SLOPE_LIMIT + 2 * fit.plateauSlopeStderr) suspect.push(`σ′ has no flat plateau: its log–log slope is ${fit.plateauSlope.toFixed(3)} ± ${fit.plateauSlopeStderr.toPrecision(2)} at the lowest frequency fitted (${hz(fit.fmin)} Hz; above ${PLATEAU_SLOPE_LIMIT} by more than 2 standard errors), so the electrode drop and the dispersion overlap and σ_dc is likely low (by several per cent)`);
  const relSys = fit.systematic.sigmaDc / fit.sigmaDc, relSe = fit.stderr.sigmaDc / fit.sigmaDc;
  if (relSys > relSe && relSys > 1e-4) suspect.push(`σ_dc depends on where the range starts: refits starting at the neighbouring points (0.1–0.2 decade lower or higher, where the data allow) move it by up to ${percentText(relSys, 2)}, more than its statistical standard error (${percentText(relSe, 2)}) — a range bias (an electrode drop's remnant or the dispersion's onset); its true value may lie beyond both`);
  if (fit.fc > fit.fmax) suspect.push(`f_c = ${hz(fit.fc)} Hz lies above the range (highest ${hz(fit.fmax)} Hz): only the onset of the dispersion is measured, f_c and n are correlated`);
  const [lo, hi] = JONSCHER_N_TYPICAL;
  if (!(fit.n >= lo && fit.n <= hi)) suspect.push(`n = ${fit.n.toFixed(3)} is outside the typical ${lo}–${hi} of ionic conductors`);
  if (fit.rmsRelative > RMS_LIMIT) suspect.push(`σ′ departs from the law by ${percentText(fit.rmsRelative, 1)} rms (above ${100 * RMS_LIMIT} %): an electrode drop left in the range, a second dispersion or a high-frequency artefact — set the Jonscher range`);
  if (bad.length) return { verdict: 'bad', reasons: [...bad, ...suspect] };
  if (suspect.length) return { verdict: 'suspect', reasons: suspect };
  return { verdict: 'good', reasons: [`σ′ follows the law within ${(100 * fit.rmsRelative).toFixed(2)} % rms over ${fit.points} points; the plateau and the dispersion (f_c = ${hz(fit.fc)} Hz inside ${hz(fit.fmin)} – ${hz(fit.fmax)} Hz) are both in the range; n = ${fit.n.toFixed(3)}; σ_dc moves by ${percentText(relSys, 2)} when the range starts at the neighbouring points (0.1–0.2 decade lower or higher, where the data allow), within its statistical standard error`] };
}
