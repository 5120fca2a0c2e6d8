/**
 * `drtReference(spectrum, options)`: the whole DRT of specs/drt.md in readable TS — crop and
 * sort (§1.1), the matrices (§1), λ by the grid scan (§3) or as given, the scaled NNLS (§2) at
 * that λ, and the outputs of §4 (γ on a fine τ grid, R∞, L, R_pol over the measured window,
 * peaks, fitted spectrum and relative residuals). Never throws on numerical trouble (NaN scores,
 * a singular passive block, the iteration cap): it says so in `warnings`. Bad input is an
 * EisError from src/validate.
 */
import { EisError } from '../errors.ts';
import { CROP_OPTION_KEYS, cropIndices, cropWindow, windowText } from '../crop.ts';
import { exp, hypot, log } from '../math/index.ts';
import type { Spectrum } from '../types/spectrum.ts';
import { checkDistinctFrequencies, toSpectrum } from '../validate/spectrum.ts';
import { booleanOption, checkOptionKeys, checkOptions, numberOption, oneOfOption } from '../validate/options.ts';
import { drtCore } from '../reference/drt/core.ts';
import type { DrtMode, DrtOutcome, LambdaCurve, LambdaMethod, LambdaRule } from '../types/drt.ts';
import { findPeaks, type DrtPeak } from './peaks.ts';

/** Options of {@link drtReference}. */
export interface DrtReferenceOptions {
  /** A fixed λ > 0, or 'auto' (default: the grid scan of §3). */
  lambda?: number | 'auto';
  /** Score of the scan (default 'mgcv'). */
  lambdaMethod?: LambdaMethod;
  /** Selection rule (default 'plateau', δ = 1e-3; 1e-2 for 're-im'). */
  lambdaRule?: LambdaRule;
  /** Penalty order (default 1). */
  penalty?: 1 | 2;
  /** FWHM coefficient c of the Gaussian RBF (default 0.5). */
  rbfShape?: number;
  /** Fit a series inductance column (default true). */
  inductance?: boolean;
  /** R∞ and L may be negative (default false: ≥ 0, as in pyDRTtools). */
  freeColumns?: boolean;
  /** Frequency window in Hz (default: all points). */
  fmin?: number;
  fmax?: number;
  /** Peaks need a prominence ≥ peakThreshold × max γ (default 0.05). */
  peakThreshold?: number;
  /** 'complex' (default) fits Z′ and Z″; 'real' the Re rows only (`inductance` NaN); 'imag' the Im rows only (`rInf` NaN). */
  mode?: 'complex' | 'real' | 'imag';
  /** 'auto' (Toeplitz shortcut on uniform log spacing) or 'full'. */
  build?: 'auto' | 'full';
}

/** What {@link drtReference} returns. */
export interface DrtReferenceResult {
  /** The fine τ grid (10N points, half a decade beyond the measured window on each side), s. */
  tau: Float64Array;
  /** 1/(2πτ), for plots against f. */
  frequency: Float64Array;
  /** γ in Ω per unit ln τ on `tau`. */
  gamma: Float64Array;
  /** NaN in mode 'imag'. */
  rInf: number;
  /** Series inductance (H); 0 without the L column, NaN in mode 'real'. */
  inductance: number;
  /** ∫γ d ln τ over the measured window [1/f_max, 1/f_min] only. */
  polarizationResistance: number;
  peaks: DrtPeak[];
  lambda: number;
  /** The score curve; absent when λ was given. */
  lambdaCurve?: LambdaCurve;
  /** The cropped frequencies, descending; `fitted` and `residuals` are aligned with them. */
  freq: Float64Array;
  fitted: { re: Float64Array; im: Float64Array };
  /** (Z − Z_fit)/|Z|, as in Lin-KK. */
  residuals: { re: Float64Array; im: Float64Array };
  /** The RBF coefficients x (area of one RBF: x·√π/ε), the shape ε, the collocation rule. */
  coefficients: Float64Array;
  epsilon: number;
  collocation: '1/f';
  warnings: string[];
}

const OPTION_KEYS = ['lambda', 'lambdaMethod', 'lambdaRule', 'penalty', 'rbfShape', 'inductance', 'freeColumns', ...CROP_OPTION_KEYS, 'peakThreshold', 'mode', 'build'] as const;
const MIN_POINTS = 5;

/** The DRT of one spectrum by the TS reference (see the module comment). */
export function drtReference(spectrum: Spectrum | { freq: ArrayLike<number>; re: ArrayLike<number>; im: ArrayLike<number> }, options?: DrtReferenceOptions): DrtReferenceResult {
  const s = toSpectrum(spectrum);
  const o = checkOptions('options', options);
  checkOptionKeys(o, OPTION_KEYS);
  const lambdaOpt = o.lambda === undefined || o.lambda === 'auto' ? 'auto' : numberOption(o, 'lambda', 1, (v) => v > 0, "'auto' or a number > 0");
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

  // §1.1: crop and sort by descending f
  const kept = cropIndices(s.freq, window);
  const keep = kept === null ? Array.from(s.freq, (_, i) => i) : Array.from(kept);
  keep.sort((i, j) => s.freq[j]! - s.freq[i]!);
  const n = keep.length;
  const freq = new Float64Array(n), re = new Float64Array(n), im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    freq[k] = s.freq[keep[k]!]!;
    re[k] = s.re[keep[k]!]!;
    im[k] = s.im[keep[k]!]!;
  }
  if (n < MIN_POINTS) {
    throw new EisError('E_ARG_RANGE', `invalid argument. The DRT needs at least ${MIN_POINTS} frequencies; ${kept === null ? `the spectrum has ${n}` : `${n} of the spectrum's ${s.freq.length} lie in ${windowText(window)}`}.`, { argument: 'spectrum', points: n, needed: MIN_POINTS });
  }
  checkDistinctFrequencies('spectrum.freq', freq, MIN_POINTS, 'the DRT');

  const out = drtCore({ freq, re, im, rbfShape, penalty, inductance, freeColumns, mode, build, lambda: lambdaOpt === 'auto' ? null : lambdaOpt, lambdaMethod, lambdaRule });
  return assemble(out, mode, freq, re, im, peakThreshold);
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
  const peaks = findPeaks(lnTau, gamma, peakThreshold, polarizationResistance);
  return {
    tau, frequency, gamma,
    rInf: out.rInfColumn >= 0 ? x[out.rInfColumn]! : Number.NaN,
    inductance: out.lColumn >= 0 ? x[out.lColumn]! : mode === 'real' ? Number.NaN : 0,
    polarizationResistance, peaks, lambda,
    ...(lambdaCurve ? { lambdaCurve } : {}),
    freq, fitted: { re: fre, im: fim }, residuals: { re: rre, im: rim },
    coefficients: x.slice(0, n), epsilon, collocation: '1/f', warnings,
  };
}
