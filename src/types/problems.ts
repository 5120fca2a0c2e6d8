/**
 * What the facade hands a backend and what a backend hands back: the shared problem and
 * outcome types, below both backends (src/backend/wasm.ts, src/backend/js.ts), the reference
 * code the JS backend runs (src/reference/) and the facade (src/fit, src/kk). Types only, apart from the result block allocator.
 */
import type { FrequencyRange } from './frequency-range.ts';
import type { KernelProgram } from '../abi/descriptor.ts';

export type { KernelProgram };

/** Complex values in planar form. */
export interface Planes {
  re: Float64Array;
  im: Float64Array;
}

/** Z and ∂Z/∂p (N×P row-major planes) at one parameter vector. */
export interface PlanesWithJacobian extends Planes {
  jre: Float64Array;
  jim: Float64Array;
}

/** A validated fit problem (src/fit/problem.ts builds it). */
export interface FitProblem {
  readonly n: number;
  readonly freq: Float64Array;
  readonly zre: Float64Array;
  readonly zim: Float64Array;
  /**
   * σ of each residual's real and imaginary part, in the representation (σ of X: the residuals
   * are (X_exp − X_model)/σ).
   */
  readonly sre: Float64Array;
  readonly sim: Float64Array;
  /**
   * The representation of the residuals (specs/global-fit.md Part B): FIT_REPRESENTATION in
   * src/abi/descriptor.ts (0 Z, 1 Y = 1/Z, 2 M = jωC0·Z). One value for all problems of a batch.
   */
  readonly representation: number;
  /** C0 of M = jωC0·Z (F; 1 when no geometry was given, and for Z and Y). */
  readonly c0: number;
  /** The data in the representation, X_exp (for Z the arrays zre and zim themselves). */
  readonly xre: Float64Array;
  readonly xim: Float64Array;
  /** Full parameter vector with the start values (fixed ones at their fixed value). */
  readonly params: Float64Array;
  /** Indices of the free parameters. */
  readonly free: Int32Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Bound kind per free parameter (BOUND in src/abi/descriptor.ts). */
  readonly kinds: Int32Array;
  /** Start values of the free parameters in the internal (unbounded) variables. */
  readonly u0: Float64Array;
  /**
   * Whether no free parameter's start value came from the user (all from initialGuess): the fit
   * then starts with the smaller damping ALGORITHM.LAMBDA0_AUTO (src/reference/lm.ts). Absent:
   * false (user start values, LAMBDA0).
   */
  readonly automaticStart?: boolean;
  /** Whether the fit stops at the noise floor (ALGORITHM.NOISE_FLOOR; off when the user gave ftol, xtol or gtol). Absent: false. */
  readonly noiseStop?: boolean;
  /**
   * Per free parameter, 1 where phase B of the fit (src/reference/lm.ts) may continue it in
   * natural units with the bound kept by projection: resistances (unit Ohm) with bounds [0, ∞).
   * Absent: none (the fit stays in phase A).
   */
  readonly eligible?: Uint8Array;
  readonly ftol: number;
  readonly xtol: number;
  readonly gtol: number;
  readonly maxEvaluations: number;
  readonly absoluteSigma: boolean;
  readonly weighting: string;
  readonly starts: number;
  readonly seed: number;
  /** The frequency window asked for and the points kept (all when not cropped). */
  readonly range: FrequencyRange;
}

/**
 * The typed arrays of one fit result, as views of one Float64Array.
 *
 * Why: in V8 a typed array longer than 64 bytes gets its own off-heap backing store, and
 * allocating ~12 of them per fit (spectrum copies, weights, fitted, residuals, covariance…)
 * cost more than the WASM fit of a noise-free pellet spectrum (profile of fitBatch: allocation
 * plus the garbage collector ≈ 30 % of the time). One block per result is one allocation.
 * `structuredClone` keeps views of one buffer together, so a cloned result stays compact.
 */
export interface ResultBlock {
  params: Float64Array;
  stderr: Float64Array;
  /** P × P, natural units. */
  covariance: Float64Array;
  correlation: Float64Array;
  fittedRe: Float64Array;
  fittedIm: Float64Array;
  residualsRe: Float64Array;
  residualsIm: Float64Array;
  /** The solution in the internal (unbounded) variables (m). */
  u: Float64Array;
  /** (AᵀA)⁻¹ over the free parameters (m × m), before scaling by χ²/dof. */
  unscaled: Float64Array;
}

/**
 * A result block for P parameters (m free) and n frequencies. The views are made by the
 * Float64Array constructor on one ArrayBuffer, without a closure: ~0.3 µs less per result than
 * `subarray` through a `take` closure (its species lookup; microbenchmark, issue 14 session 7).
 */
export function newResultBlock(P: number, m: number, n: number): ResultBlock {
  const PP = P * P, mm = m * m;
  const b = new ArrayBuffer(8 * (2 * P + 2 * PP + 4 * n + m + mm));
  let at = 0;
  const params = new Float64Array(b, at, P); at += 8 * P;
  const stderr = new Float64Array(b, at, P); at += 8 * P;
  const covariance = new Float64Array(b, at, PP); at += 8 * PP;
  const correlation = new Float64Array(b, at, PP); at += 8 * PP;
  const fittedRe = new Float64Array(b, at, n); at += 8 * n;
  const fittedIm = new Float64Array(b, at, n); at += 8 * n;
  const residualsRe = new Float64Array(b, at, n); at += 8 * n;
  const residualsIm = new Float64Array(b, at, n); at += 8 * n;
  const u = new Float64Array(b, at, m); at += 8 * m;
  const unscaled = new Float64Array(b, at, mm);
  return { params, stderr, covariance, correlation, fittedRe, fittedIm, residualsRe, residualsIm, u, unscaled };
}

/**
 * What a backend returns per fit: counters, and in `block` the final parameters, Z at the
 * solution, the solution u in the internal variables and (AᵀA)⁻¹ over the free parameters
 * (m × m, before scaling by χ²/dof) with A = ∂r/∂p at the solution; the facade
 * (assembleResult in src/fit/fit.ts) fills the rest of the block.
 */
export interface BackendFit {
  status: number;
  chi2: number;
  iterations: number;
  nfev: number;
  njev: number;
  /** Whether (AᵀA)⁻¹ could be computed. */
  covarianceDetermined: boolean;
  block: ResultBlock;
  /** fitBatch with warm start: the warm fit failed or was much worse, so it was redone from the own start values. */
  warmFallback?: boolean;
  /** Whether the fit ended in phase B (src/reference/lm.ts): its resistances were fitted in natural units at the end. */
  phaseB?: boolean;
  /** Multi-start: how many starts ran and converged, and which one (0 = the given start values) is this fit. */
  multiStart?: { starts: number; converged: number; best: number };
  /** The quality verdict's numbers when the backend computed them (WASM: judgeFits); else fitQuality computes them. */
  verdictNumbers?: VerdictNumbers;
}

/**
 * The numbers of a fit's quality verdict as a backend computed them: a JUDGEMENT record
 * (src/abi/descriptor.ts) at word `at` of `record` (shared by the fits of one call), taken over the
 * points in `order` (increasing frequency: src/stats/order.ts).
 */
export interface VerdictNumbers {
  readonly record: Float64Array;
  readonly at: number;
  readonly order: Readonly<Uint32Array>;
}

/**
 * The warm-start chain of a fitBatch, carried across backend calls (chunks): with `warmStart`,
 * each fit starts from the previous successful solution; `previous` is the last fit of the
 * previous call when it succeeded. fitBatch updates `previous`.
 */
export interface WarmChain {
  readonly warmStart: boolean;
  previous?: BackendFit;
}

/** A prepared Lin-KK problem (src/kk/linkk.ts validates and builds it). */
export interface KkProblem {
  readonly n: number;
  /** ω, rad/s */
  readonly w: Float64Array;
  /** The immittance in the chosen representation (Z, or Y = 1/Z). */
  readonly xre: Float64Array;
  readonly xim: Float64Array;
  /** 0 impedance, 1 admittance. */
  readonly admittance: boolean;
  /** KK_FIT in src/abi/descriptor.ts. */
  readonly fitType: number;
  readonly addC: boolean;
  readonly addL: boolean;
  /** KK_RULE in src/abi/descriptor.ts. */
  readonly rule: number;
  /** M for rule 'fixed'. */
  readonly fixedM: number;
  /** Largest M scanned (already limited by the number of equations). */
  readonly maxM: number;
  readonly c: number;
  readonly beta: number;
  /** F_ext candidates (one value unless the extension is searched). */
  readonly extensions: Float64Array;
}

/** What a backend returns for one spectrum. */
export interface KkOutcome {
  M: number;
  mu: number;
  chi2: number;
  /** Index into problem.extensions of the F_ext used. */
  extIndex: number;
  /** Whether the rule found μ < c (always true for 'fixed'). */
  found: boolean;
  /** The chosen fit's design matrix was numerically rank deficient (RANK_TOLERANCE). */
  rankDeficient: boolean;
  /** [x₀, x₁…x_M, x_C?, x_L?] */
  coef: Float64Array;
  tau: Float64Array;
  fittedRe: Float64Array;
  fittedIm: Float64Array;
  residualsRe: Float64Array;
  residualsIm: Float64Array;
  /** μ and pseudo-χ² for M = 1, 2, … as scanned at the chosen F_ext (rule 'fixed': M only). */
  curveM: Int32Array;
  curveMu: Float64Array;
  curveChi2: Float64Array;
}
