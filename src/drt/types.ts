/**
 * The public options and result of `drt()` / `drtBatch()` (issue 12, specs/drt.md §4–§6).
 * Types only: the facade (src/drt/drt.ts) fills them; the CLI, plots, report, series and app read
 * them.
 */
import type { ComputeOptions } from '../backend/select.ts';
import type { DrtMode, LambdaCurve, LambdaMethod, LambdaRule } from '../types/drt.ts';
import type { DrtPeak } from './peaks.ts';

export type { DrtMode, LambdaCurve, LambdaMethod, LambdaRule, DrtPeak };

/** Options of {@link drt}. */
export interface DrtOptions extends ComputeOptions {
  /** 'tr-rbf' (default: Tikhonov-regularised Gaussian RBFs, §1–§3) or 'tr-nnls' (Kulikovsky 2021, §6, for parity). */
  method?: 'tr-rbf' | 'tr-nnls';
  /** A fixed λ > 0, or 'auto' (default: the 71-point grid 1e-7…1 with `lambdaMethod` and `lambdaRule`). */
  lambda?: number | 'auto';
  /** Score of the λ scan (default 'mgcv'). Refused with 'tr-nnls' (its own corner rule, §6.5), as are lambdaRule, penalty, rbfShape, inductance and freeColumns. */
  lambdaMethod?: LambdaMethod;
  /** 'plateau' (default: the largest λ whose score is within δ of the minimum) or 'argmin'. */
  lambdaRule?: LambdaRule;
  /** Penalty order: 1 (default, ∫γ′²) or 2 (∫γ″²). */
  penalty?: 1 | 2;
  /** FWHM coefficient c of the Gaussian RBF (default 0.5). */
  rbfShape?: number;
  /** Fit a series inductance column (default true). */
  inductance?: boolean;
  /** R∞ and L may be negative (default false: ≥ 0, as in pyDRTtools). */
  freeColumns?: boolean;
  /** 'complex' (default) fits Z′ and Z″; 'real' the Re rows only; 'imag' the Im rows only. For 'tr-nnls': 'real' (default) or 'imag'. */
  mode?: DrtMode;
  /** Frequency window in Hz (inclusive; default all points). */
  fmin?: number;
  fmax?: number;
  /** Peaks need a prominence ≥ peakThreshold × max γ (default 0.05). */
  peakThreshold?: number;
  /** A credible band for γ: true = 'gaussian' (approximate, cheap); or { method: 'hmc', samples?, burnIn?, seed? } (§5) — samples, burnIn or seed without `method` mean 'hmc'; 'hmc' takes ≤ 400 frequencies and ends early (with a warning) at its work budget. */
  credible?: boolean | { method?: 'gaussian' | 'hmc'; samples?: number; burnIn?: number; seed?: number };
}

/** Options of {@link drtBatch}. */
export interface DrtBatchOptions extends DrtOptions {
  /** Called after every chunk with (spectra done, total). If it throws, the batch rejects with EisError E_CALLBACK. */
  onProgress?: (done: number, total: number) => void;
  /** Spectra per backend call (between progress reports), 1…10⁶ (default 64). */
  chunkSize?: number;
  /** Aborts between chunks: the promise rejects with EisError E_ABORTED. */
  signal?: AbortSignal;
}

/** What {@link drt} returns. */
export interface DrtResult {
  /** The method used. */
  method: 'tr-rbf' | 'tr-nnls';
  /** The fine τ grid (s): 10N log-spaced points from half a decade below 1/f_max to half a decade above 1/f_min. For 'tr-nnls' its own grid: the N collocation points τ_i = 1/ω_i, ascending. */
  tau: Float64Array;
  /** 1/(2πτ) (Hz), for γ-against-f plots. */
  frequency: Float64Array;
  /** γ in Ω per unit ln τ on `tau`: ∫γ d ln τ = R_pol. */
  gamma: Float64Array;
  /** The credible band on `tau` (when `credible` was asked), clipped at 0. */
  lower?: Float64Array;
  upper?: Float64Array;
  /** 'gaussian' (approximate: ignores γ ≥ 0 and the uncertainty of λ) or 'hmc' (0.5 %/99.5 % quantiles of γ). */
  credible?: 'gaussian' | 'hmc';
  /** R∞ (Ω); NaN in mode 'imag'. */
  rInf: number;
  /** Series inductance (H); 0 without the L column, NaN in mode 'real'. */
  inductance: number;
  /** ∫γ d ln τ over the measured window [1/f_max, 1/f_min] only (Ω). */
  polarizationResistance: number;
  /** Peaks by prominence: τ, f, height, resistance (area between the bounding minima, over the measured window), capacitance τ/R, share of R_pol (≤ 1), and `edge` (τ within 0.1 decade of a window end, or beyond: not determined by the data). */
  peaks: DrtPeak[];
  /** The λ used, and the score curve when λ was chosen automatically. */
  lambda: number;
  lambdaCurve?: LambdaCurve;
  /** The frequencies fitted (cropped, descending) and the fitted spectrum and (Z − Z_fit)/|Z| on them. */
  freq: Float64Array;
  fitted: { re: Float64Array; im: Float64Array };
  residuals: { re: Float64Array; im: Float64Array };
  /** The RBF coefficients x (area of one RBF: x·√π/ε) and the shape ε; empty and NaN for 'tr-nnls'. */
  coefficients: Float64Array;
  epsilon: number;
  /** τ_m = 1/f_m: the collocation rule of 'tr-rbf' (not 1/ω); '1/ω' for 'tr-nnls' (§6: τ_i = 1/ω_i). */
  collocation: '1/f' | '1/ω';
  /**
   * A low-frequency capacitive tail (a blocking electrode) found in the fitted data (src/drt/tail.ts):
   * `fmin` the frequency (Hz) of the −Z″ valley before it — the crop that shows the arcs — and
   * `slope` d ln(−Z″)/d ln ω at the lowest frequencies. drt() does not crop by itself; a warning says it.
   */
  tail?: { fmin: number; slope: number };
  /** The frequency window asked for (when cropped). */
  fmin?: number;
  fmax?: number;
  /** Which backend computed it ('js' always for 'tr-nnls', which runs in TS whatever `backend` asks). */
  backend: 'wasm' | 'js';
  /** Numerical trouble and caveats, in words (a λ at a grid end, the NNLS iteration cap…). */
  warnings: string[];
}
