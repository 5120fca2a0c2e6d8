/**
 * Levenberg–Marquardt for nonlinear least squares min ‖r(u)‖², the reference of
 * assembly/lm.ts (same steps, same status codes: src/fit/status.ts).
 *
 * Each step solves the damped problem min ‖J δ + r‖² + λ‖D δ‖² as the augmented linear
 * least-squares problem [J; √λ D] δ = [−r; 0] by Householder QR (no normal equations).
 * D holds the largest column norms of J seen so far (MINPACK's scaling, Moré 1978, "The
 * Levenberg–Marquardt algorithm: implementation and theory", LNM 630). The damping follows
 * Nielsen (1999, IMM-REP-1999-05): on a step with gain ratio ρ > 1e-4 it is accepted and
 * λ ← λ·max(1/3, 1 − (2ρ − 1)³), ν ← 2; otherwise λ ← λ·ν, ν ← 2ν.
 */
import { qrSolve } from './linalg.ts';
import { FIT_STATUS } from '../fit/status.ts';

/** The problem: m unknowns, n residuals. */
export interface LsqProblem {
  readonly m: number;
  readonly n: number;
  /** r(u) into `r`; false when a value is not finite. */
  residuals(u: Float64Array, r: Float64Array): boolean;
  /** r(u) and J = ∂r/∂u (n × m row-major); false when a value is not finite. */
  jacobian(u: Float64Array, r: Float64Array, j: Float64Array): boolean;
}

export interface LmOptions {
  ftol: number;
  xtol: number;
  gtol: number;
  /** Limit on residual + Jacobian evaluations. */
  maxEvaluations: number;
}

export interface LmResult {
  status: number;
  chi2: number;
  iterations: number;
  nfev: number;
  njev: number;
}

/** Initial damping, relative to the scaled problem (D = column norms). */
export const LAMBDA0 = 1e-3;
/** Damping beyond which no step can reduce χ² any more. */
export const LAMBDA_MAX = 1e32;
/** Smallest gain ratio that accepts a step. */
export const RHO_ACCEPT = 1e-4;

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Minimises ‖r(u)‖² from `u` (updated in place). */
export function levenbergMarquardt(problem: LsqProblem, u: Float64Array, opts: LmOptions): LmResult {
  const { m, n } = problem;
  const r = new Float64Array(n), rNew = new Float64Array(n), j = new Float64Array(n * m);
  const a = new Float64Array((n + m) * m), b = new Float64Array(n + m);
  const delta = new Float64Array(m), uNew = new Float64Array(m), d = new Float64Array(m), jd = new Float64Array(n);
  let nfev = 0, njev = 1, iterations = 0;
  if (!problem.jacobian(u, r, j)) return { status: FIT_STATUS.NONFINITE, chi2: Number.NaN, iterations, nfev, njev };
  let chi2 = dot(r, r);
  const colNorms = () => {
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += j[i * m + k]! * j[i * m + k]!;
      d[k] = Math.max(d[k]!, Math.sqrt(s));
    }
  };
  colNorms();
  if (d.some((x) => x === 0)) return { status: FIT_STATUS.SINGULAR, chi2, iterations, nfev, njev };
  let lambda = LAMBDA0, nu = 2;
  let status: number = FIT_STATUS.MAX_EVALUATIONS;
  while (nfev + njev < opts.maxEvaluations) {
    iterations++;
    // gradient test: largest cosine between r and a column of J
    const rnorm = Math.sqrt(chi2);
    let gmax = 0;
    for (let k = 0; k < m; k++) {
      let g = 0, cn = 0;
      for (let i = 0; i < n; i++) {
        g += j[i * m + k]! * r[i]!;
        cn += j[i * m + k]! * j[i * m + k]!;
      }
      if (cn > 0 && rnorm > 0) gmax = Math.max(gmax, Math.abs(g) / (Math.sqrt(cn) * rnorm));
    }
    if (chi2 === 0 || gmax <= opts.gtol) {
      status = FIT_STATUS.GTOL;
      break;
    }
    // damped step: [J; √λ D] δ = [−r; 0]
    a.set(j);
    a.fill(0, n * m);
    const sl = Math.sqrt(lambda);
    for (let k = 0; k < m; k++) a[(n + k) * m + k] = sl * d[k]!;
    for (let i = 0; i < n; i++) b[i] = -r[i]!;
    b.fill(0, n);
    qrSolve(a, b, n + m, m, delta);
    for (let k = 0; k < m; k++) uNew[k] = u[k]! + delta[k]!;
    // predicted reduction from the linear model: χ² − ‖r + J δ‖²
    for (let i = 0; i < n; i++) {
      let s = r[i]!;
      for (let k = 0; k < m; k++) s += j[i * m + k]! * delta[k]!;
      jd[i] = s;
    }
    const predicted = chi2 - dot(jd, jd);
    let rho = -1, chi2New = Number.POSITIVE_INFINITY;
    nfev++;
    if (delta.every(Number.isFinite) && problem.residuals(uNew, rNew)) {
      chi2New = dot(rNew, rNew);
      if (predicted > 0) rho = (chi2 - chi2New) / predicted;
    }
    if (rho > RHO_ACCEPT) {
      const reduction = chi2 - chi2New;
      let dStep = 0, dU = 0;
      for (let k = 0; k < m; k++) {
        dStep += (d[k]! * delta[k]!) ** 2;
        dU += (d[k]! * u[k]!) ** 2;
      }
      dStep = Math.sqrt(dStep);
      dU = Math.sqrt(dU);
      u.set(uNew);
      chi2 = chi2New;
      njev++;
      if (!problem.jacobian(u, r, j)) {
        status = FIT_STATUS.NONFINITE;
        break;
      }
      chi2 = dot(r, r);
      colNorms();
      const g = 2 * rho - 1;
      lambda *= Math.max(1 / 3, 1 - g * g * g);
      nu = 2;
      const fOk = reduction <= opts.ftol * (chi2 + reduction);
      const xOk = dStep <= opts.xtol * (dU + opts.xtol);
      if (fOk || xOk) {
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
  return { status, chi2, iterations, nfev, njev };
}
