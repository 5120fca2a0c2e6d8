/**
 * The DRT pipeline around the numerical core, shared by `drtReference` (this file: the TS core
 * called directly) and `drt`/`drtBatch` (src/drt/drt.ts: the core behind the chosen backend):
 * the option checks (`drtSettings`), crop and sort (§1.1) into a `DrtProblem` (`drtProblem`),
 * and the outputs of §4 from the coefficients (`assemble`: γ on a fine τ grid, R∞, L, R_pol over
 * the measured window, peaks, fitted spectrum and relative residuals). Never throws on numerical
 * trouble (NaN scores, a singular passive block, the iteration cap): it says so in `warnings`.
 * Bad input is an EisError from src/validate.
 */
import { EisError } from '../errors.ts';
import { CROP_OPTION_KEYS, cropIndices, cropWindow, windowText, type FrequencyWindow } from '../crop.ts';
import { exp, hypot, log } from '../math/index.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { checkDistinctFrequencies, checkNonzeroImpedance, toSpectrum } from '../validate/spectrum.ts';
import { booleanOption, checkOptionKeys, checkOptions, numberOption, oneOfOption } from '../validate/options.ts';
import { drtCore } from '../reference/drt/core.ts';
import type { DrtMode, DrtOutcome, DrtProblem, LambdaMethod, LambdaRule } from '../types/drt.ts';
import { findPeaks } from './peaks.ts';
import { detectTail } from './tail.ts';
import type { DrtOptions, DrtResult } from './types.ts';

/** Options of {@link drtReference}: those of `drt` without method, band and backend, plus the matrix build. */
export type DrtReferenceOptions = Omit<DrtOptions, 'method' | 'credible' | 'backend' | 'engine'> & {
  /** 'auto' (Toeplitz shortcut on uniform log spacing, §1.5) or 'full'. */
  build?: 'auto' | 'full';
};

/** What {@link drtReference} returns: the fields of `DrtResult` that the RBF pipeline fills. */
export type DrtReferenceResult = Omit<DrtResult, 'method' | 'backend' | 'lower' | 'upper' | 'credible' | 'fmin' | 'fmax'>;

/** The option names of the Tikhonov-RBF pipeline (every entry point accepts them). */
const RBF_OPTION_KEYS = ['lambda', 'lambdaMethod', 'lambdaRule', 'penalty', 'rbfShape', 'inductance', 'freeColumns', ...CROP_OPTION_KEYS, 'peakThreshold', 'mode'] as const;
/** The option names of `drtReference`, `drt` and `drtBatch`. */
export const DRT_REFERENCE_OPTION_KEYS: readonly string[] = [...RBF_OPTION_KEYS, 'build'];
export const DRT_OPTION_KEYS: readonly string[] = ['method', ...RBF_OPTION_KEYS, 'credible', 'backend', 'engine'];
export const DRT_BATCH_OPTION_KEYS: readonly string[] = [...DRT_OPTION_KEYS, 'onProgress', 'chunkSize', 'signal'];
/** The fewest frequencies a DRT takes. */
export const DRT_MIN_POINTS = 5;

/** The validated options shared by every spectrum of one call. */
export interface DrtSettings {
  /** null: scan the grid of §3. */
  lambda: number | null;
  lambdaMethod: LambdaMethod;
  lambdaRule: LambdaRule;
  penalty: 1 | 2;
  rbfShape: number;
  inductance: boolean;
  freeColumns: boolean;
  mode: DrtMode;
  build: 'auto' | 'full';
  window: FrequencyWindow;
  peakThreshold: number;
}

/**
 * The options record checked: an object whose keys are in `keys` (a misspelt one is refused,
 * naming the valid ones), every value in its documented range (EisError naming the option).
 */
export function drtSettings(options: unknown, keys: readonly string[]): DrtSettings {
  const o = checkOptions('options', options);
  checkOptionKeys(o, keys);
  const lambda = o.lambda === undefined || o.lambda === 'auto' ? null : numberOption(o, 'lambda', 1, (v) => v > 0, "'auto' or a number > 0");
  const lambdaMethod = oneOfOption<LambdaMethod>(o, 'lambdaMethod', ['mgcv', 'gcv', 'rgcv', 're-im', 'lcurve'], 'mgcv');
  const lambdaRule = oneOfOption<LambdaRule>(o, 'lambdaRule', ['plateau', 'argmin'], 'plateau');
  const penalty = numberOption(o, 'penalty', 1, (v) => v === 1 || v === 2, '1 or 2') as 1 | 2;
  const rbfShape = numberOption(o, 'rbfShape', 0.5, (v) => v > 0 && v <= 10, 'a number in (0, 10]');
  const inductance = booleanOption(o, 'inductance', true);
  const freeColumns = booleanOption(o, 'freeColumns', false);
  const window = cropWindow(o);
  const peakThreshold = numberOption(o, 'peakThreshold', 0.05, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
  const build = oneOfOption(o, 'build', ['auto', 'full'] as const, 'auto');
  const mode = oneOfOption(o, 'mode', ['complex', 'real', 'imag'] as const, 'complex');
  if (mode !== 'complex' && lambdaMethod === 're-im') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`lambdaMethod: 're-im'\` compares the Re and the Im fits, so it needs \`mode: 'complex'\`; got mode '${mode}'.`, { argument: 'lambdaMethod', value: 're-im' });
  }
  return { lambda, lambdaMethod, lambdaRule, penalty, rbfShape, inductance, freeColumns, mode, build, window, peakThreshold };
}

/**
 * One spectrum validated (as `name`: 'spectrum' or 'spectra[k]'), cropped to the window and
 * sorted by descending f (§1.1): the problem a backend solves (after {@link scaledProblem}). Fewer
 * than 5 frequencies, fewer than 5 distinct ones, or |Z| < 1e-50 Ω (Z = 0) at a point in the
 * window (the residuals are relative to |Z|; `details.index` into the caller's array) is an
 * EisError naming `name`.
 */
export function drtProblem(spectrum: unknown, s: DrtSettings, name = 'spectrum'): DrtProblem {
  const full = toSpectrum(spectrum, name);
  const kept = cropIndices(full.freq, s.window, name);
  const keep = kept === null ? Array.from(full.freq, (_, i) => i) : Array.from(kept);
  keep.sort((i, j) => full.freq[j]! - full.freq[i]!);
  const n = keep.length;
  const freq = new Float64Array(n), re = new Float64Array(n), im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    freq[k] = full.freq[keep[k]!]!;
    re[k] = full.re[keep[k]!]!;
    im[k] = full.im[keep[k]!]!;
  }
  if (n < DRT_MIN_POINTS) {
    throw new EisError('E_ARG_RANGE', `invalid argument. The DRT needs at least ${DRT_MIN_POINTS} frequencies; ${kept === null ? `\`${name}\` has ${n}` : `${n} of the ${full.freq.length} of \`${name}\` lie in ${windowText(s.window)}`}.`, { argument: name, points: n, needed: DRT_MIN_POINTS });
  }
  checkDistinctFrequencies(`${name}.freq`, freq, DRT_MIN_POINTS, 'the DRT');
  checkNonzeroImpedance(name, full.freq, full.re, full.im, 'the DRT divides its residuals by |Z|', keep);
  return {
    freq, re, im, rbfShape: s.rbfShape, penalty: s.penalty, inductance: s.inductance, freeColumns: s.freeColumns,
    mode: s.mode, build: s.build, lambda: s.lambda, lambdaMethod: s.lambdaMethod, lambdaRule: s.lambdaRule,
  };
}

/**
 * The problem a backend solves: Z divided by its scale, the largest |Re Z| or |Im Z| (≥ 1e-50 Ω:
 * drtProblem refuses smaller |Z|). The NNLS's KKT tolerance 10·eps·‖H̃‖₁·p is absolute while
 * Aᵀb shrinks with |Z|: unscaled, a spectrum of 1e-10 Ω gave a different γ than the same
 * spectrum in Ω, and one of 1e-13 Ω no fit at all. Scaled, Z·k and Z give the same problem to
 * within the rounding of Z·k (exactly the same when k is a power of two). A fixed λ means the
 * same on the scaled problem (‖Ax − b‖² and λxᵀMx both scale with the square); `assemble` scales back.
 */
export function scaledProblem(p: DrtProblem): { problem: DrtProblem; scale: number } {
  let scale = 0;
  for (let i = 0; i < p.re.length; i++) scale = Math.max(scale, Math.abs(p.re[i]!), Math.abs(p.im[i]!));
  if (scale === 1) return { problem: p, scale };
  const n = p.freq.length, re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = p.re[i]! / scale;
    im[i] = p.im[i]! / scale;
  }
  return { problem: { ...p, re, im }, scale };
}

/** The DRT of one spectrum by the TS reference core, called directly (no backend). */
export function drtReference(spectrum: SpectrumInput, options?: DrtReferenceOptions): DrtReferenceResult {
  const s = drtSettings(options, DRT_REFERENCE_OPTION_KEYS);
  const p = drtProblem(spectrum, s);
  const { problem, scale } = scaledProblem(p);
  return assemble(drtCore(problem), p.mode, p.freq, p.re, p.im, s.peakThreshold, scale, s.freeColumns);
}

/** The warning of a detected blocking-electrode tail, with the fmin to crop at. */
export function tailWarning(t: { fmin: number; slope: number }): string {
  return `The spectrum ends in a low-frequency capacitive tail (a blocking electrode: −Z″ rises toward low f with log slope ${t.slope.toFixed(2)} beyond the last arc); γ is swamped by it at τ = 1/f_min. Crop it with fmin = ${Number(t.fmin.toPrecision(3))} Hz (the −Z″ valley before the tail) to see the arcs.`;
}

/**
 * Σ_m x_m·exp(−e2·(t_i − y_m)²) added into out[i] at the uniform points t_i = start + i·step
 * (i < count), each RBF only where (t_i − y_m)² < cut. Exact recurrence instead of one exp per
 * point: with d = t_i − y_m, g_{i+1} = g_i·r_i and r_{i+1} = r_i·q, r_i = exp(−e2(2d·step + step²)),
 * q = exp(−2·e2·step²) (and the mirror image downwards), started by exp at the point nearest y_m:
 * three exps per RBF, two multiplications per point. Against one exp per point the sum differs
 * by ≤ 4e-14 of max γ (measured on 7 spectra, shapes 0.1–3, λ down to 1e-7: test/drt-numerics.test.ts
 * asserts 1e-13; within one RBF the error grows as K²·eps over K steps, but g falls as e^{−e2·K²h²});
 * every point still adds its RBFs in the order m = 0, 1, … (multiplications only: deterministic).
 */
function gaussianSum(x: Float64Array, y: Float64Array, n: number, e2: number, cut: number, start: number, step: number, count: number, out: Float64Array): void {
  const q = exp(-2 * e2 * step * step);
  for (let m = 0; m < n; m++) {
    const w = x[m]!;
    if (w === 0) continue;
    const ym = y[m]!;
    const i0 = Math.min(count - 1, Math.max(0, Math.round((ym - start) / step)));
    const d0 = start + i0 * step - ym;
    if (d0 * d0 >= cut) continue;
    const g0 = exp(-e2 * d0 * d0);
    // upwards from i0
    let g = g0, r = exp(-e2 * (2 * d0 * step + step * step));
    for (let i = i0; i < count; i++) {
      const d = start + i * step - ym;
      if (d * d >= cut) break;
      out[i]! += w * g;
      g *= r;
      r *= q;
    }
    // downwards from i0 − 1
    r = exp(-e2 * (step * step - 2 * d0 * step));
    g = g0 * r;
    r *= q;
    for (let i = i0 - 1; i >= 0; i--) {
      const d = start + i * step - ym;
      if (d * d >= cut) break;
      out[i]! += w * g;
      g *= r;
      r *= q;
    }
  }
}

/**
 * The relative residuals above which a fit is said to have failed: RMS over the fitted rows above
 * 5 % of |Z|, or any point beyond 25 %. The RMS of a good fit is the noise (measured: 0.5, 1 and
 * 2 % Gaussian noise on a ZARC give RMS 0.46–0.53, 0.91–1.07 and 1.8–2.2 %, max ≤ 7 %; an exact
 * spectrum < 0.01 %), and Lin-KK-valid measurements sit well below 5 %; the failures this is
 * for leave tens of percent (R∞ = −100 Ω held at 0: RMS 71 %, max 100 %; an inductive top
 * without the L column: RMS 19 %, max 95 %).
 */
export const FAILED_FIT_RMS = 0.05;
export const FAILED_FIT_MAX = 0.25;

/** The warning of a fit whose residuals are large (null when they are not), naming the likely causes. */
export function failedFitWarning(out: DrtOutcome, mode: DrtMode, rre: Float64Array, rim: Float64Array, rInf: number, inductance: number, freeColumns: boolean): string | null {
  let ss = 0, rows = 0, worst = 0;
  const add = (v: Float64Array) => {
    for (let i = 0; i < v.length; i++) {
      ss += v[i]! * v[i]!;
      worst = Math.max(worst, Math.abs(v[i]!));
    }
    rows += v.length;
  };
  if (mode !== 'imag') add(rre);
  if (mode !== 'real') add(rim);
  const rms = Math.sqrt(ss / rows);
  if (!(rms > FAILED_FIT_RMS || worst > FAILED_FIT_MAX)) return null;
  const causes: string[] = [];
  const held = [...(out.rInfColumn >= 0 && rInf === 0 ? ['R∞'] : []), ...(out.lColumn >= 0 && inductance === 0 ? ['L'] : [])];
  if (!freeColumns && held.length > 0) causes.push(`${held.join(' and ')} held at 0 by the non-negativity where the spectrum needs a negative value (an offset; a lead inductance): \`freeColumns: true\` lets R∞ and L go negative`);
  if (out.lColumn < 0 && mode !== 'real') causes.push('an inductive high-frequency end without the L column: `inductance: true`');
  causes.push('an inductive or blocking-electrode tail, or drift, that R∞ + L + Σ RC cannot fit: crop it with `fmin`/`fmax`');
  return `The DRT does not fit the spectrum: residuals RMS ${(100 * rms).toPrecision(2)} % and up to ${(100 * worst).toPrecision(2)} % of |Z| (a fit within the noise stays well below ${100 * FAILED_FIT_RMS} %), so γ, R_pol and the peaks describe a model that does not match the data. Likely causes: ${causes.join('; or ')}.`;
}

/**
 * The outputs of §4 from the coefficients of the problem scaled by `scale` ({@link scaledProblem};
 * 1 for an unscaled one): x, R∞, L, γ and the fitted spectrum are multiplied back, the scores of the GCV family by scale² (L-curve curvatures are
 * scale-free); `re`, `im` are the caller's (unscaled) values the residuals are relative to.
 */
export function assemble(out: DrtOutcome, mode: DrtMode, freq: Float64Array, re: Float64Array, im: Float64Array, peakThreshold: number, scale = 1, freeColumns = false): DrtReferenceResult {
  const { n, epsilon, y, lambda, warnings } = out;
  const x = scale === 1 ? out.x : out.x.map((v) => v * scale);
  const e2 = epsilon * epsilon;
  // RBFs farther than 8.6/ε contribute < e^{−74} ≈ 1e-32 of their coefficient: skipped
  const cut = (8.6 * 8.6) / e2;
  // fine τ grid: 10N points from half a decade below 1/f_max to half a decade above 1/f_min
  const lo = y[0]! - 0.5 * log(10), hi = y[n - 1]! + 0.5 * log(10);
  const k = 10 * n;
  const tau = new Float64Array(k), frequency = new Float64Array(k), gamma = new Float64Array(k);
  const lnTau = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const u = lo + ((hi - lo) * i) / (k - 1);
    lnTau[i] = u;
    tau[i] = exp(u);
    frequency[i] = 1 / (2 * Math.PI * tau[i]!);
  }
  gaussianSum(x, y, n, e2, cut, lo, (hi - lo) / (k - 1), k, gamma);
  // R_pol over [1/f_max, 1/f_min] by Simpson's rule with h ≤ 0.1/ε
  const span = y[n - 1]! - y[0]!;
  let steps = Math.ceil((span * epsilon) / 0.1);
  if (steps % 2 === 1) steps++;
  const hs = span / steps;
  const nodes = new Float64Array(steps + 1);
  gaussianSum(x, y, n, e2, cut, y[0]!, hs, steps + 1, nodes);
  let acc = nodes[0]! + nodes[steps]!;
  for (let i = 1; i < steps; i++) acc += (i % 2 === 1 ? 4 : 2) * nodes[i]!;
  const polarizationResistance = (acc * hs) / 3;
  const fre = scale === 1 ? out.fittedRe : out.fittedRe.map((v) => v * scale);
  const fim = scale === 1 ? out.fittedIm : out.fittedIm.map((v) => v * scale);
  const rre = new Float64Array(n), rim = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const mag = hypot(re[r]!, im[r]!);
    rre[r] = (re[r]! - fre[r]!) / mag;
    rim[r] = (im[r]! - fim[r]!) / mag;
  }
  // peak areas over the same window as R_pol; a peak within 0.1 decade of its ends is marked `edge`
  const peaks = findPeaks(lnTau, gamma, peakThreshold, polarizationResistance, [y[0]!, y[n - 1]!]);
  const tail = detectTail(freq, im);
  const rInf = out.rInfColumn >= 0 ? x[out.rInfColumn]! : Number.NaN;
  const inductance = out.lColumn >= 0 ? x[out.lColumn]! : mode === 'real' ? Number.NaN : 0;
  let lambdaCurve = out.lambdaCurve;
  if (lambdaCurve && scale !== 1 && lambdaCurve.method !== 'lcurve') {
    const s2 = scale * scale;
    lambdaCurve = { ...lambdaCurve, score: lambdaCurve.score.map((v) => v * s2) };
  }
  const failed = failedFitWarning(out, mode, rre, rim, rInf, inductance, freeColumns);
  return {
    tau, frequency, gamma, rInf, inductance,
    polarizationResistance, peaks, lambda,
    ...(lambdaCurve ? { lambdaCurve } : {}),
    freq, fitted: { re: fre, im: fim }, residuals: { re: rre, im: rim },
    coefficients: x.slice(0, n), epsilon, collocation: '1/f',
    ...(tail ? { tail } : {}),
    warnings: [...warnings, ...(failed ? [failed] : []), ...(tail ? [tailWarning(tail)] : [])],
  };
}
