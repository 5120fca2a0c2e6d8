/**
 * Levenberg–Marquardt for nonlinear least squares min ‖r(u)‖², the reference of
 * assembly/lm.ts (same steps, same status codes: src/fit/status.ts).
 *
 * After each Jacobian J (n × m) R and (Qᵀr)₁ of J = QR are taken once. A step for damping λ
 * then solves only the small problem
 *   min ‖R δ + (Qᵀr)₁‖² + λ‖D δ‖²,  i.e. [R; √λ D] δ = [−(Qᵀr)₁; 0],
 * so rejected steps cost O(m³) — MINPACK's arrangement (Moré 1978, "The Levenberg–Marquardt
 * algorithm: implementation and theory", LNM 630) — by Householder QR of [R; √λ D], or, when R
 * came from the Cholesky factor below, by its normal equations (RᵀR + λD²) δ = −Rᵀ(Qᵀr)₁ with
 * G = RᵀR and Rᵀ(Qᵀr)₁ formed once per Jacobian (0.42 → 0.16–0.19 µs per 6-unknown step; λD²
 * only improves G's condition; a step whose Cholesky pivot is not positive takes the QR way, with
 * the rest of that Jacobian's steps). The predicted reduction is ‖(Qᵀr)₁‖² − ‖R δ + (Qᵀr)₁‖²
 * either way.
 * R and (Qᵀr)₁ come from the Cholesky factor of JᵀJ = LLᵀ: R = Lᵀ, (Qᵀr)₁ = L⁻¹Jᵀr (equal to
 * Householder's up to the signs of R's rows, which no step, gain or gradient sees), at about half
 * the cost of Householder QR of the tall J (issue 14: 1.25 → 0.78 µs for 122 × 6). Its error grows
 * with the squared condition number of the column-scaled J, so when a pivot L_kk² is at or below
 * ALGORITHM.GRAM_PIVOT (1e-10) times G_kk — column k nearly in the span of the ones before it — J
 * is factorised by Householder QR as before (./linalg.ts gramCholesky). Measured: never on the
 * noisy and noise-free pellet batches and exampleData (column-scaled κ(J) ≤ 4.7e3 there), on ~12 %
 * of the Jacobians of a collapsed or duplicated arc. What the guard bounds: each column's angle to
 * the span of the columns before it (sin² of it is L_kk²/G_kk; scale invariant, in column order,
 * without pivoting), not κ(J): κ of the column-scaled J reaches 4.6e6 on two CPE arcs with
 * τ₂/τ₁ = 1.05 at a smallest ratio of 2e-10, and more on Kahan-type matrices; near the threshold
 * the computed pivot itself is good to ~1e-4 only (its absolute error is ~n·u·G_kk). The loop
 * does not see this: a step direction off by up to ~u·κ² relative still descends and meets the
 * gain-ratio test, the gradient Jᵀr = Rᵀ(Qᵀr)₁ has the absolute accuracy of the dot products
 * JᵀJ, Jᵀr as before, so the fixed point does not move, and the statistical stop's gain
 * ‖L⁻¹Jᵀr‖² is off by ~(u·√n·κ)²·χ², far below its threshold. The covariance is where the accuracy
 * shows: the WASM reuses this R there only while κ² stays below 1e9 (assembly/index.ts finishFit;
 * the TS reference takes the SVD of a fresh J).
 *
 * Scaling D: MINPACK uses the largest column norms of J seen so far. Here that holds for
 * parameters fitted in their own units (`logScale[k]` false); parameters fitted through a
 * log-type bound transform are already on a relative scale, and for them D is the largest
 * column norm among them — isotropic damping in log-parameter space. Measured on 150 noise-
 * free pellet spectra from one shared start: 150/150 within 1 % of the truth in 23 iterations
 * on average, against 114/150 in 30 with per-column scaling (a poorly determined series
 * resistance otherwise takes huge undamped steps). The damping follows Nielsen (1999,
 * IMM-REP-1999-05): a step with gain ratio ρ > 1e-4 is accepted and
 * λ ← λ·max(1/3, 1 − (2ρ − 1)³), ν ← 2; otherwise λ ← λ·ν, ν ← 2ν. An accepted step may be
 * lengthened along its direction (EXTEND_MIN below) when χ² shows the model overestimated the
 * curvature.
 *
 * Initial damping λ0 (issue 14): ALGORITHM.LAMBDA0 = 1e-3 for start values the user gave,
 * LAMBDA0_AUTO = 1e-6 for automatic (initialGuess) and warm starts, which are close enough that a
 * nearly Gauss–Newton first step pays (LmOptions.lambda0; the caller knows where the start came
 * from). Statistical stop (LmOptions.noiseFloor = ε/ν): after each new Jacobian the loop takes the
 * undamped (Gauss–Newton) step of the small problem and stops with FIT_STATUS.NOISE_FLOOR when its
 * predicted reduction ‖(Qᵀr)₁‖² − ‖R δ_GN + (Qᵀr)₁‖² is below ε·χ²/ν (with R from the Cholesky
 * factor, nonsingular, and nothing held, that is ‖(Qᵀr)₁‖² itself, taken without solving:
 * LmModel.gaussNewtonGain): what any further iteration
 * could still gain near a minimum is then below ε of one residual's noise variance χ²/ν, so the
 * fit's χ² is within about ε·s² of the converged one (s² = χ²/ν). A singular R gives a
 * non-finite gain, which never stops. ftol, xtol and gtol stay as the other stops; fit() turns the
 * statistical stop off when the user gives any of them (FitProblem.noiseStop, src/fit/problem.ts):
 * tight tolerances ask for a converged fit, not one within the noise.
 * Phase B, bound-aware (issue 14; LmOptions.phaseB = SWITCH/ν, LsqProblem.toNatural): in log
 * variables a weakly determined small resistance creeps along a curved valley towards R = 0 (the
 * noisy pellet batch: a quarter of the fits, half of all Jacobians). After an accepted step that
 * lowered χ² by less than SWITCH·χ²/ν (ALGORITHM.SWITCH = 10, i.e. ten residuals' noise
 * variances) the problem's eligible unknowns continue in natural units (FitProblem.eligible:
 * the series resistances with bounds [0, ∞); src/fit/problem.ts says why not the others): u_k ← R_k before the next Jacobian (no extra evaluation), their transform the identity
 * (BOUND.NATURAL), their Moré scale their own column norm; D restarts from that Jacobian and
 * λ ← LAMBDA_B. A natural unknown at R = 0 whose gradient (Jᵀr)_k > 0 points outward is held
 * (active set, fixed per Jacobian): its column is removed from the small problem, which is solved
 * in the remaining ones, and gtol and the statistical stop's Gauss–Newton step leave it out too.
 * A damped step that would take natural unknowns below 0 is replaced by the bound step: those
 * go exactly to the bound (δ_k = −u_k) and the others are solved again with them there — the
 * small problem over the remaining columns with right-hand side −(Qᵀr)₁ − R_:B δ_B, one more
 * small solve like the held step — and unknowns that this step takes below 0 in turn join them
 * (at most m passes; the last point projected onto R ≥ 0). The gain ratio takes the bound
 * step's predicted reduction. With one crossing unknown that is ≥ λ‖Dδ‖² > 0 (the constrained
 * minimum lies between 0 and the damped optimum along a convex line); with several crossing at
 * once it can be ≤ 0, and the step is then rejected and λ grows until fewer cross (review of
 * issue 14 session 6: 16 of 14 797 bound steps on random 8 × 3 linear problems with two natural
 * unknowns). Cutting the damped step at its first breakpoint instead gained on all 16 there, but
 * no EIS fit measured reaches the case (0 of 276 bound steps on the noisy pellet batch, 0 of 216
 * on R0-R1-p(R2,CPE1) and R0-p(R1,CPE1)-R2-p(R3,CPE2) with the series resistances at or near 0,
 * 600 fits; counts identical with and without it), so the rule is left out: it would be code in
 * both backends that no fit tests. Projecting the damped step instead of the bound step keeps
 * the other unknowns' compensation for R < 0, so the projected step fails, λ grows and R creeps to 0 (measured on
 * the noisy pellet batch of bench/README.md: the 216 fits that end at R0 = 0 took 28 iterations
 * each, 9.6 of them rejected and 10.2 cut at the bound; with the bound step 11.9, the batch's
 * mean iterations 11.0 → 7.5, Jacobians 7.9 → 6.3, evaluations 11.2 → 6.7, every χ² within
 * ±1e-4·s²). The extended point is projected too (kept after a bound step: leaving out the
 * extension there saved 0.04 evaluations per fit, not worth a rule). A step that met the bound
 * skips the ftol/xtol test (its small gain says nothing about convergence: measured, such fits
 * otherwise stopped on ftol up to 7.5e-4·s² above the minimum). The prototype (bench/README.md,
 * issue 14 directions) measured phase B as scipy's bounded trf behaves: no creeping, R = 0
 * exactly when the data ask for it. Phase B keeps phase A's small-problem solve (normal equations or
 * QR, over the columns not held) and its extension.
 * The global fit (./global-lm.ts, assembly/global-index.ts) runs this loop with the defaults,
 * λ0 = LAMBDA0 and no statistical stop: its step through the Schur complement counts a dense
 * fallback for every step it cannot take, so an extra undamped step per Jacobian would change its
 * fallback counts and cost a solve of the whole arrowhead system; neither rule was measured there.
 * It has no phase B either (its models have no natural unknowns).
 */
import { cholesky, cholSolve } from './dense-cholesky.ts';
import { backSubstitute, gramCholesky, householder } from './linalg.ts';
import { ALGORITHM, FIT_STATUS } from '../abi/descriptor.ts';

/** The problem: m unknowns, n residuals. */
export interface LsqProblem {
  readonly m: number;
  readonly n: number;
  /** Unknowns on a relative (log-type) scale, which share one damping scale. */
  readonly logScale?: Uint8Array;
  /** r(u) into `r`; false when a value is not finite. */
  residuals(u: Float64Array, r: Float64Array): boolean;
  /** r(u) and J = ∂r/∂u (n × m row-major); false when a value is not finite. */
  jacobian(u: Float64Array, r: Float64Array, j: Float64Array): boolean;
  /**
   * Phase B (see the head of this file): turns the eligible unknowns of u into natural units
   * (u_k ← p_k, transform the identity from now on, bound p_k ≥ 0); returns 1 per unknown so
   * turned, or null (and changes nothing) when none is eligible.
   */
  toNatural?(u: Float64Array): Uint8Array | null;
}

export interface LmOptions {
  ftol: number;
  xtol: number;
  gtol: number;
  /** Limit on residual + Jacobian evaluations. */
  maxEvaluations: number;
  /** Initial damping; default ALGORITHM.LAMBDA0 (see the head of this file). */
  lambda0?: number;
  /** ε/ν of the statistical stop (see the head of this file); default 0: off. */
  noiseFloor?: number;
  /** SWITCH/ν of phase B (see the head of this file); default 0: no phase B. */
  phaseB?: number;
}

export interface LmResult {
  /** Whether the loop switched to phase B. */
  phaseB?: boolean;
  status: number;
  chi2: number;
  iterations: number;
  nfev: number;
  njev: number;
}

/**
 * Moré's column scaling, updated from the column norms `cn` of J: d_k = max(d_k, ‖J_k‖), with the
 * log-scaled columns (`logScale`) sharing their largest norm. A column that is zero (a parameter
 * with no effect, e.g. pinned at a bound) is scaled by 1, as MINPACK does; the damping keeps the
 * step defined. Shared by the single-spectrum and the global LM.
 */
export function updateScaling(d: Float64Array, cn: Float64Array, logScale: Uint8Array | undefined): void {
  const m = cn.length;
  let shared = 0;
  for (let k = 0; k < m; k++) if (logScale?.[k]) shared = Math.max(shared, cn[k]!);
  for (let k = 0; k < m; k++) {
    const c = logScale?.[k] ? shared : cn[k]!;
    d[k] = Math.max(d[k]!, c || (d[k]! > 0 ? d[k]! : 1));
  }
}

/** Initial damping, relative to the scaled problem (D = column norms): user starts, automatic and warm starts. */
export const LAMBDA0 = ALGORITHM.LAMBDA0;
export const LAMBDA0_AUTO = ALGORITHM.LAMBDA0_AUTO;
/** ε of the statistical stop. */
export const NOISE_FLOOR = ALGORITHM.NOISE_FLOOR;
/** Phase B: switch threshold (× χ²/ν) and its initial damping. */
export const SWITCH = ALGORITHM.SWITCH;
export const LAMBDA_B = ALGORITHM.LAMBDA_B;
/** Damping beyond which no step can reduce χ² any more. */
export const LAMBDA_MAX = ALGORITHM.LAMBDA_MAX;
/**
 * Step extension. In a large-residual valley the Gauss–Newton model overestimates the
 * curvature along the step (gain ratio ρ → 2 − h_true/h_GN, near 1.9 on impedance.py's
 * exampleData fit, where plain LM then creeps: 60 accepted steps, each 13 % of the way). After
 * an accepted step the parabola through χ²(0), its slope 2rᵀJδ and χ²(δ) gives the minimiser
 * α* along δ (quadratic interpolation, Nocedal & Wright, Numerical Optimization, 2nd ed.,
 * §3.5, eq. 3.57); when α* ≥ EXTEND_MIN, χ² at min(α*, EXTEND_MAX)·δ is tried (one more
 * residual evaluation) and kept if lower. Small-residual problems have ρ ≈ 1, α* ≈ 1: no cost.
 */
export const EXTEND_MIN = ALGORITHM.EXTEND_MIN;
export const EXTEND_MAX = ALGORITHM.EXTEND_MAX;
/** Smallest gain ratio that accepts a step. */
export const RHO_ACCEPT = ALGORITHM.RHO_ACCEPT;

export const sumsq = (a: Float64Array, len = a.length) => {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[i]! * a[i]!;
  return s;
};

/**
 * Σ a_i² of the single-spectrum model (χ², trial χ², the Gauss–Newton gain) in the order of the
 * WASM kernel's two f64x2 accumulators (assembly/lm.ts dot): four partial sums, s_j over the
 * i ≡ j mod 4 of the first 4⌊len/4⌋ terms, combined as (s₀ + s₂) + (s₁ + s₃), then the
 * remaining terms in order. The global model keeps sumsq (assembly/global-lm.ts sums in order).
 */
export const chi2Sum = (a: Float64Array, len = a.length) => {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += a[i]! * a[i]!;
    s1 += a[i + 1]! * a[i + 1]!;
    s2 += a[i + 2]! * a[i + 2]!;
    s3 += a[i + 3]! * a[i + 3]!;
  }
  let s = (s0 + s2) + (s1 + s3);
  for (; i < len; i++) s += a[i]! * a[i]!;
  return s;
};

/**
 * The linear algebra of one LM problem, as the loop (lmLoop) asks for it: the dense QR of J
 * here, the Schur complement over an arrowhead J in ./global-lm.ts. The loop itself — gain
 * ratio, damping update, step extension, stopping — is the same for both.
 */
export interface LmModel {
  /** Unknowns. */
  readonly m: number;
  /** Evaluates r, J at u and factorises; raises the scaling d (Moré); χ², or NaN if a value is not finite. */
  factorise(u: Float64Array, d: Float64Array): number;
  /** Whether J has a non-zero entry (after factorise). */
  nonzero(): boolean;
  /** Largest cosine between r and a column of J (the gradient test). */
  gradientMax(chi2: number): number;
  /** The damped step: δ solves min ‖r + Jδ‖² + λ‖Dδ‖²; returns the predicted reduction ‖r‖² − ‖r + Jδ‖². */
  step(lambda: number, d: Float64Array, delta: Float64Array): number;
  /**
   * The statistical stop's gain: the predicted reduction of the undamped (Gauss–Newton) step;
   * step(0, d, scratch) when absent. The QR model gives ‖(Qᵀr)₁‖² = ‖L⁻¹Jᵀr‖², which that step's
   * gain equals exactly, when R came from the Cholesky factor (nonsingular by its guard) and
   * nothing is held.
   */
  gaussNewtonGain?(d: Float64Array, scratch: Float64Array): number;
  /** 2rᵀJδ, the slope of χ² along δ. */
  slope(delta: Float64Array): number;
  /** χ² at u, +Infinity when a value is not finite. */
  trial(u: Float64Array): number;
  /** Phase B: turns the eligible unknowns of u into natural units (LsqProblem.toNatural); whether any. */
  toNatural?(u: Float64Array): boolean;
  /** Phase B: projects a point x onto the natural unknowns' bound (x_k ≥ 0); whether a component was cut. */
  clamp?(x: Float64Array): boolean;
  /**
   * Phase B, after the damped step δ crossed the bound (uNew = u + δ projected by clamp): the
   * bound step. The unknowns that crossed go exactly to the bound (δ_k = −u_k) and the others are
   * solved again with those δ_k fixed; repeated while that step crosses for further unknowns.
   * Leaves the step in δ and its (projected) point in uNew; returns its predicted reduction
   * ‖(Qᵀr)₁‖² − ‖R δ + (Qᵀr)₁‖².
   */
  boundStep?(lambda: number, d: Float64Array, u: Float64Array, delta: Float64Array, uNew: Float64Array): number;
}

/** Minimises ‖r(u)‖² from `u` (updated in place). */
export function levenbergMarquardt(problem: LsqProblem, u: Float64Array, opts: LmOptions): LmResult {
  return lmLoop(qrModel(problem), u, opts);
}

/** The dense model: J = QR once per Jacobian, each damped step from [R; √λ D] (MINPACK). */
export function qrModel(problem: LsqProblem): LmModel {
  const { m, n } = problem;
  const r = new Float64Array(n), rNew = new Float64Array(n), j = new Float64Array(n * m), qtr = new Float64Array(n);
  const a = new Float64Array(2 * m * m), b = new Float64Array(2 * m), cn = new Float64Array(m);
  // phase B: the natural unknowns, the log-scaled ones among the rest, the held ones of this
  // Jacobian (1; 2: put on the bound by the current bound step, δ_k = −u_k)
  let natural: Uint8Array | null = null, logScale = problem.logScale, anyHeld = false;
  const held = new Uint8Array(m);
  // whether the last factorise took R from the Cholesky factor of JᵀJ (not Householder), and
  // whether the steps of this Jacobian solve the normal equations with G = RᵀR, g = Rᵀ(Qᵀr)₁
  let gram = false, normal = false;
  const gm = new Float64Array(m * m), gv = new Float64Array(m), sm = new Float64Array(m * m), sv = new Float64Array(m);
  /** ‖(Qᵀr)₁‖² − ‖R δ + (Qᵀr)₁‖² */
  const predicted = (delta: Float64Array) => {
    let q1 = 0, lin = 0;
    for (let i = 0; i < m; i++) {
      let s = qtr[i]!;
      for (let k = i; k < m; k++) s += j[i * m + k]! * delta[k]!;
      q1 += qtr[i]! * qtr[i]!;
      lin += s * s;
    }
    return q1 - lin;
  };
  return {
    m,
    factorise(u, d) {
      if (!problem.jacobian(u, r, j)) return Number.NaN;
      const chi2 = chi2Sum(r);
      qtr.set(r);
      // R and (Qᵀr)₁ from the Cholesky factor of JᵀJ, or Householder where its guard trips (see the head of this file)
      gram = gramCholesky(j, qtr, n, m, a, ALGORITHM.GRAM_PIVOT);
      if (!gram) householder(j, qtr, n, m);
      normal = gram;
      if (gram) {
        // G = RᵀR (= JᵀJ) and g = Rᵀ(Qᵀr)₁ (= Jᵀr) for the steps
        for (let k = 0; k < m; k++) {
          for (let k2 = 0; k2 <= k; k2++) {
            let x = 0;
            for (let i = 0; i <= k2; i++) x += j[i * m + k]! * j[i * m + k2]!;
            gm[k * m + k2] = x;
            gm[k2 * m + k] = x;
          }
          let x = 0;
          for (let i = 0; i <= k; i++) x += j[i * m + k]! * qtr[i]!;
          gv[k] = x;
        }
      }
      for (let k = 0; k < m; k++) {
        let s = 0;
        for (let i = 0; i <= k; i++) s += j[i * m + k]! * j[i * m + k]!; // ‖J_k‖ = ‖R_:k‖
        cn[k] = Math.sqrt(s);
      }
      updateScaling(d, cn, logScale);
      if (natural) {
        // the active set: a natural unknown at its bound whose gradient (Jᵀr)_k = (Rᵀ(Qᵀr)₁)_k > 0 points outward
        anyHeld = false;
        for (let k = 0; k < m; k++) {
          let g = 0;
          for (let i = 0; i <= k; i++) g += j[i * m + k]! * qtr[i]!;
          held[k] = natural[k] && u[k]! <= 0 && g > 0 ? 1 : 0;
          if (held[k]) anyHeld = true;
        }
      }
      return chi2;
    },
    nonzero: () => j.some((x) => x !== 0),
    gradientMax(chi2) {
      // Jᵀr = Rᵀ(Qᵀr)₁
      const rnorm = Math.sqrt(chi2);
      let gmax = 0;
      for (let k = 0; k < m; k++) {
        if (held[k]) continue; // at its bound: the gradient points out of the feasible set
        let g = 0, cn = 0;
        for (let i = 0; i <= k; i++) {
          g += j[i * m + k]! * qtr[i]!;
          cn += j[i * m + k]! * j[i * m + k]!;
        }
        if (cn > 0 && rnorm > 0) gmax = Math.max(gmax, Math.abs(g) / (Math.sqrt(cn) * rnorm));
      }
      return gmax;
    },
    step: (lambda, d, delta) => dampedStep(lambda, d, delta, null),
    gaussNewtonGain: (d, scratch) => (gram && !anyHeld ? chi2Sum(qtr, m) : dampedStep(0, d, scratch, null)),
    slope(delta) {
      let slope = 0;
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let k = i; k < m; k++) s += j[i * m + k]! * delta[k]!;
        slope += 2 * qtr[i]! * s;
      }
      return slope;
    },
    trial: (u) => (problem.residuals(u, rNew) ? chi2Sum(rNew) : Number.POSITIVE_INFINITY),
    toNatural(u) {
      natural = problem.toNatural?.(u) ?? null;
      if (!natural) return false;
      const ls = Uint8Array.from(logScale ?? new Uint8Array(m));
      for (let k = 0; k < m; k++) if (natural[k]) ls[k] = 0; // Moré scaling by the column's own norm
      logScale = ls;
      return true;
    },
    clamp(x) {
      let cut = false;
      for (let k = 0; k < m; k++) {
        if (!natural?.[k]) continue;
        if (x[k]! < 0) {
          x[k] = 0;
          cut = true;
        } else if (x[k] === 0) x[k] = 0; // −0 → +0
      }
      return cut;
    },
    boundStep(lambda, d, u, delta, uNew) {
      // the crossing unknowns of this pass (u_k + δ_k < 0: those clamp cut) join the ones on the bound
      for (let pass = 0; pass < m; pass++) {
        let more = false;
        for (let k = 0; k < m; k++) {
          if (natural![k] && !held[k] && u[k]! + delta[k]! < 0) {
            held[k] = 2;
            more = true;
          }
        }
        if (!more) break;
        dampedStep(lambda, d, delta, u);
        for (let k = 0; k < m; k++) uNew[k] = u[k]! + delta[k]!;
        this.clamp!(uNew);
      }
      for (let k = 0; k < m; k++) {
        if (held[k] === 2) held[k] = 0;
        delta[k] = uNew[k]! - u[k]!;
      }
      return predicted(delta);
    },
  };

  /**
   * The damped step (normalStep's normal equations first, where R came from the Cholesky
   * factor): the small problem [R_F; √λ D_F] δ_F = [−(Qᵀr)₁ − R_:B δ_B; 0] over the f
   * columns F that are not held (R_F is m × f, upper trapezoidal), δ = 0 for the held ones and
   * δ_k = −u_k for those the bound step put on the bound (B, held 2; only with `u`); without held
   * unknowns (phase A) F is every column and this is MINPACK's [R; √λ D] δ = [−(Qᵀr)₁; 0].
   */
  function dampedStep(lambda: number, d: Float64Array, delta: Float64Array, u: Float64Array | null): number {
    if (normal) {
      if (normalStep(lambda, d, delta, u)) return predicted(delta);
      normal = false; // not positive definite in rounding: this Jacobian's steps by QR
    }
    let f = 0;
    for (let k = 0; k < m; k++) if (!held[k]) f++;
    const rows = m + f;
    a.fill(0, 0, rows * f);
    const sl = Math.sqrt(lambda);
    for (let k = 0, c = 0; k < m; k++) {
      if (held[k]) continue;
      for (let i = 0; i <= k; i++) a[i * f + c] = j[i * m + k]!;
      a[(m + c) * f + c] = sl * d[k]!;
      c++;
    }
    for (let i = 0; i < m; i++) b[i] = -qtr[i]!;
    if (u) for (let k = 0; k < m; k++) if (held[k] === 2) for (let i = 0; i <= k; i++) b[i] -= j[i * m + k]! * -u[k]!;
    b.fill(0, m, rows);
    householder(a, b, rows, f);
    backSubstitute(a, b, f, delta);
    // scatter δ_F back (from the end: the compact index never exceeds the full one)
    for (let k = m - 1, c = f - 1; k >= 0; k--) delta[k] = held[k] === 2 ? -u![k]! : held[k] ? 0 : delta[c--]!;
    return predicted(delta);
  }

  /**
   * dampedStep by the normal equations of the same small problem, where R came from the Cholesky
   * factor: (G_FF + λD_F²) δ_F = −g_F − G_FB δ_B (G = RᵀR, g = Rᵀ(Qᵀr)₁), Cholesky of the f × f
   * matrix; false (δ untouched) when a pivot is not positive.
   */
  function normalStep(lambda: number, d: Float64Array, delta: Float64Array, u: Float64Array | null): boolean {
    let f = 0;
    for (let k = 0; k < m; k++) if (!held[k]) f++;
    // the lower triangle of S = G_FF + λD_F² (row-major f × f) and the right-hand side
    for (let k = 0, c = 0; k < m; k++) {
      if (held[k]) continue;
      for (let k2 = 0, c2 = 0; k2 < k; k2++) if (!held[k2]) sm[c * f + c2++] = gm[k * m + k2]!;
      sm[c * f + c] = gm[k * m + k]! + lambda * (d[k]! * d[k]!);
      let x = -gv[k]!;
      if (u) for (let k2 = 0; k2 < m; k2++) if (held[k2] === 2) x -= gm[k * m + k2]! * -u[k2]!;
      sv[c++] = x;
    }
    // in place: the lower triangle of sm becomes L (the operations of the WASM normalStep's drt-linalg cholesky/cholSolve)
    if (!cholesky(sm, f, null, f, sm, 0)) return false;
    cholSolve(sm, f, sv);
    for (let k = m - 1, c = f - 1; k >= 0; k--) delta[k] = held[k] === 2 ? -u![k]! : held[k] ? 0 : sv[c--]!;
    return true;
  }
}

/** The Levenberg–Marquardt loop over a model's linear algebra (see the head of this file). */
export function lmLoop(model: LmModel, u: Float64Array, opts: LmOptions): LmResult {
  const m = model.m;
  const delta = new Float64Array(m), uNew = new Float64Array(m), uExt = new Float64Array(m), d = new Float64Array(m);
  const floor = opts.noiseFloor ?? 0, switchAt = opts.phaseB ?? 0;
  let nfev = 0, njev = 1, iterations = 0, fresh = true, phaseB = false;
  let chi2 = model.factorise(u, d);
  if (Number.isNaN(chi2)) return { status: FIT_STATUS.NONFINITE, chi2: Number.NaN, iterations, nfev, njev };
  if (!model.nonzero()) return { status: FIT_STATUS.SINGULAR, chi2, iterations, nfev, njev };
  let lambda = opts.lambda0 ?? LAMBDA0, nu = 2;
  let status: number = FIT_STATUS.MAX_EVALUATIONS;
  while (nfev + njev < opts.maxEvaluations) {
    iterations++;
    // gradient test: largest cosine between r and a column of J
    const gmax = model.gradientMax(chi2);
    if (chi2 === 0 || gmax <= opts.gtol) {
      status = FIT_STATUS.GTOL;
      break;
    }
    if (fresh && floor > 0) {
      // statistical stop: the Gauss–Newton gain of this Jacobian (uExt is free here)
      fresh = false;
      // (in phase B over the unknowns not held: the step leaves out the held ones)
      if ((model.gaussNewtonGain ? model.gaussNewtonGain(d, uExt) : model.step(0, d, uExt)) < floor * chi2) {
        status = FIT_STATUS.NOISE_FLOOR;
        break;
      }
    }
    let predicted = model.step(lambda, d, delta);
    for (let k = 0; k < m; k++) uNew[k] = u[k]! + delta[k]!;
    const finiteStep = delta.every(Number.isFinite); // of the step as solved, before any projection (as in WASM)
    const cutStep = phaseB && model.clamp!(uNew);
    // the step crossed the bound: the bound step instead, its predicted reduction from the same model
    if (cutStep) predicted = model.boundStep!(lambda, d, u, delta, uNew);
    let rho = -1, chi2New = Number.POSITIVE_INFINITY;
    nfev++;
    if (finiteStep) {
      chi2New = model.trial(uNew);
      if (chi2New !== Number.POSITIVE_INFINITY && predicted > 0) rho = (chi2 - chi2New) / predicted;
    }
    if (rho > RHO_ACCEPT) {
      // a step cut by the bounds says nothing about convergence: no ftol/xtol test after it
      let bounded = cutStep;
      // extension along δ (see EXTEND_MIN): parabola through χ²(0), its slope, χ²(1)
      const slope = model.slope(delta);
      const curv = chi2New - chi2 - slope;
      const alpha = curv > 0 ? -slope / (2 * curv) : Number.POSITIVE_INFINITY;
      if (alpha >= EXTEND_MIN && nfev + njev + 1 < opts.maxEvaluations) {
        // (the WASM side, assembly/lm.ts, does the same)
        const t = Math.min(alpha, EXTEND_MAX);
        for (let k = 0; k < m; k++) uExt[k] = u[k]! + t * delta[k]!;
        const cut = phaseB && model.clamp!(uExt);
        nfev++;
        const chi2Ext = model.trial(uExt);
        if (chi2Ext < chi2New) {
          chi2New = chi2Ext;
          for (let k = 0; k < m; k++) delta[k] = cut ? uExt[k]! - u[k]! : t * delta[k]!;
          uNew.set(uExt);
          bounded = cutStep || cut; // along a projected δ the bound still limited the step
        }
      }
      const reduction = chi2 - chi2New;
      let dStep = 0, dU = 0;
      for (let k = 0; k < m; k++) {
        dStep += (d[k]! * delta[k]!) ** 2;
        dU += (d[k]! * u[k]!) ** 2;
      }
      dStep = Math.sqrt(dStep);
      dU = Math.sqrt(dU);
      u.set(uNew);
      // phase B from here when the step gained less than SWITCH·χ²/ν: the switch needs no Jacobian
      const toB = switchAt > 0 && !phaseB && reduction < switchAt * chi2New && model.toNatural!(u);
      if (toB) {
        phaseB = true;
        d.fill(0);
      }
      njev++;
      const next = model.factorise(u, d);
      if (Number.isNaN(next)) {
        status = FIT_STATUS.NONFINITE;
        break;
      }
      chi2 = next;
      fresh = true;
      const g = 2 * rho - 1;
      lambda = toB ? LAMBDA_B : lambda * Math.max(1 / 3, 1 - g * g * g);
      nu = 2;
      const fOk = reduction <= opts.ftol * (chi2 + reduction);
      const xOk = dStep <= opts.xtol * (dU + opts.xtol);
      if ((fOk || xOk) && !bounded) {
        status = fOk && xOk ? FIT_STATUS.FTOL_XTOL : fOk ? FIT_STATUS.FTOL : FIT_STATUS.XTOL;
        break;
      }
    } else {
      lambda *= nu;
      nu *= 2;
      if (lambda > LAMBDA_MAX) {
        status = FIT_STATUS.NO_FURTHER_REDUCTION;
        break;
      }
    }
  }
  return { status, chi2, iterations, nfev, njev, phaseB };
}
