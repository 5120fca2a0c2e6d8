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
import { checkDistinctFrequencies, toSpectrum } from '../validate/spectrum.ts';
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
 * sorted by descending f (§1.1): the problem a backend solves. Fewer than 5 frequencies, or
 * fewer than 5 distinct ones, is an EisError naming `name`.
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
  return {
    freq, re, im, rbfShape: s.rbfShape, penalty: s.penalty, inductance: s.inductance, freeColumns: s.freeColumns,
    mode: s.mode, build: s.build, lambda: s.lambda, lambdaMethod: s.lambdaMethod, lambdaRule: s.lambdaRule,
  };
}

/** The DRT of one spectrum by the TS reference core, called directly (no backend). */
export function drtReference(spectrum: SpectrumInput, options?: DrtReferenceOptions): DrtReferenceResult {
  const s = drtSettings(options, DRT_REFERENCE_OPTION_KEYS);
  const p = drtProblem(spectrum, s);
  return assemble(drtCore(p), p.mode, p.freq, p.re, p.im, s.peakThreshold);
}

/** The warning of a detected blocking-electrode tail, with the fmin to crop at. */
export function tailWarning(t: { fmin: number; slope: number }): string {
  return `The spectrum ends in a low-frequency capacitive tail (a blocking electrode: −Z″ rises toward low f with log slope ${t.slope.toFixed(2)} beyond the last arc); γ is swamped by it at τ = 1/f_min. Crop it with fmin = ${Number(t.fmin.toPrecision(3))} Hz (the −Z″ valley before the tail) to see the arcs.`;
}

/** The outputs of §4 from the coefficients. */
export function assemble(out: DrtOutcome, mode: DrtMode, freq: Float64Array, re: Float64Array, im: Float64Array, peakThreshold: number): DrtReferenceResult {
  const { n, epsilon, y, x, lambda, lambdaCurve, warnings } = out;
  const e2 = epsilon * epsilon;
  // RBFs farther than 8.6/ε contribute < e^{−74} ≈ 1e-32 of their coefficient: skipped (5× fewer exp)
  const cut = (8.6 * 8.6) / e2;
  const rbf = (u: number): number => {
    let v = 0;
    for (let m = 0; m < n; m++) {
      const dy = u - y[m]!;
      if (dy * dy < cut && x[m]! !== 0) v += x[m]! * exp(-e2 * dy * dy);
    }
    return v;
  };
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
    gamma[i] = rbf(u);
  }
  // R_pol over [1/f_max, 1/f_min] by Simpson's rule with h ≤ 0.1/ε
  const span = y[n - 1]! - y[0]!;
  let steps = Math.ceil((span * epsilon) / 0.1);
  if (steps % 2 === 1) steps++;
  const hs = span / steps;
  let acc = rbf(y[0]!) + rbf(y[n - 1]!);
  for (let i = 1; i < steps; i++) acc += (i % 2 === 1 ? 4 : 2) * rbf(y[0]! + i * hs);
  const polarizationResistance = (acc * hs) / 3;
  const fre = out.fittedRe, fim = out.fittedIm, rre = new Float64Array(n), rim = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const mag = hypot(re[r]!, im[r]!);
    rre[r] = (re[r]! - fre[r]!) / mag;
    rim[r] = (im[r]! - fim[r]!) / mag;
  }
  // peak areas over the same window as R_pol; a peak within 0.1 decade of its ends is marked `edge`
  const peaks = findPeaks(lnTau, gamma, peakThreshold, polarizationResistance, [y[0]!, y[n - 1]!]);
  const tail = detectTail(freq, im);
  return {
    tau, frequency, gamma,
    rInf: out.rInfColumn >= 0 ? x[out.rInfColumn]! : Number.NaN,
    inductance: out.lColumn >= 0 ? x[out.lColumn]! : mode === 'real' ? Number.NaN : 0,
    polarizationResistance, peaks, lambda,
    ...(lambdaCurve ? { lambdaCurve } : {}),
    freq, fitted: { re: fre, im: fim }, residuals: { re: rre, im: rim },
    coefficients: x.slice(0, n), epsilon, collocation: '1/f',
    ...(tail ? { tail } : {}),
    warnings: tail ? [...warnings, tailWarning(tail)] : warnings,
  };
}
