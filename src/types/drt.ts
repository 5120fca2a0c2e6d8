/**
 * The DRT problem a backend solves and what it hands back (specs/drt.md §1–§3), shared by the
 * WASM backend (assembly/drt*.ts via src/backend/wasm.ts), the JS backend (src/reference/drt/)
 * and the facade (src/drt/). The facade crops, sorts and validates; a backend builds the
 * matrices, scans λ (or takes it), solves the scaled NNLS and returns the coefficients; the facade
 * turns them into γ, peaks and bands (§4, §5). Types only.
 */

/** The λ selection methods (§3). */
export type LambdaMethod = 'mgcv' | 'gcv' | 'rgcv' | 're-im' | 'lcurve';
/** The selection rules (§3): 'plateau' (default) or 'argmin' (for parity checks). */
export type LambdaRule = 'plateau' | 'argmin';
/** Which rows are fitted (§1.7). */
export type DrtMode = 'complex' | 'real' | 'imag';

/** What a λ curve holds and how λ was read off it: a λ method of tr-rbf (§3), or 'norm-corner':
 * TR-NNLS's ‖g‖ against λ, λ at the intersection of two line fits (§6.5). */
export type LambdaCurveMethod = LambdaMethod | 'norm-corner';
/** The rule that picked λ on the curve: a {@link LambdaRule} for tr-rbf, or 'intersection' (the
 * two line fits of 'norm-corner'; λ lies between grid points). */
export type LambdaCurveRule = LambdaRule | 'intersection';

/** The score curve, as the result exposes it. */
export interface LambdaCurve {
  lambda: Float64Array;
  /** The score per λ (NaN where the ridge system was singular). For 'lcurve' the curvature
   * (NaN at the two ends), and `index` is its maximum whatever the rule. For 'norm-corner' ‖g‖,
   * and `index` the grid point nearest the chosen λ in log λ. */
  score: Float64Array;
  method: LambdaCurveMethod;
  rule: LambdaCurveRule;
  /** The plateau δ (§3); NaN for 'norm-corner', which has none. */
  delta: number;
  /** Index of the chosen λ in `lambda`. */
  index: number;
}

/** One validated DRT problem: frequencies cropped and sorted by descending f (N ≥ 5, distinct). */
export interface DrtProblem {
  readonly freq: Float64Array;
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** FWHM coefficient c of the Gaussian RBF (§1.3). */
  readonly rbfShape: number;
  readonly penalty: 1 | 2;
  /** Add the L column (§1.6). */
  readonly inductance: boolean;
  /** R∞ and L may be negative (§2.6). */
  readonly freeColumns: boolean;
  readonly mode: DrtMode;
  /** 'auto': Toeplitz shortcut on uniform log spacing (§1.5); 'full': never. */
  readonly build: 'auto' | 'full';
  /** A fixed λ > 0, or null to scan the grid of §3. */
  readonly lambda: number | null;
  readonly lambdaMethod: LambdaMethod;
  readonly lambdaRule: LambdaRule;
}

/** The column layout of one spectrum's system (§1): N RBF columns, then R∞ and L when present. */
export interface DrtLayout {
  /** Number of RBF columns N (= frequencies) and columns p = N + the R∞ and L columns present. */
  n: number;
  p: number;
  /** Index of the R∞ column, -1 without it ('imag'); of the L column, -1 without it. */
  rInfColumn: number;
  lColumn: number;
  /** The RBF shape ε and the collocation points y_m = ln(1/f_m). */
  epsilon: number;
  y: Float64Array;
  /** Whether the Toeplitz shortcut filled the RBF block (§1.5). */
  toeplitz: boolean;
}

/** What a backend returns per problem. */
export interface DrtOutcome extends DrtLayout {
  /** The p coefficients: N RBF weights, then R∞ (absent in mode 'imag'), then L (when present). */
  x: Float64Array;
  /** The λ used. */
  lambda: number;
  /** The score curve when λ was scanned. */
  lambdaCurve?: LambdaCurve;
  /** A·x on the Re and Im rows (all N of each, whatever the mode). */
  fittedRe: Float64Array;
  fittedIm: Float64Array;
  /** Outer NNLS iterations of the final solve, and whether it converged. */
  iterations: number;
  converged: boolean;
  /** Numerical trouble, said in words (never thrown): singular scores, the iteration cap, λ at a grid end. */
  warnings: string[];
}
