// Levenberg–Marquardt over a circuit program, entirely inside WASM: the same steps, damping
// and status codes as the reference (src/reference/lm.ts, src/fit/status.ts), so see there
// for the method and its sources. Bounds by variable transformation (src/reference/transform.ts).
import { ld, st } from './memory';
import { householder, backSubstitute } from './linalg';
import { valuesPass, sensitivityPass } from './program';
import {
  FitTask, BOUND_NONE, BOUND_LOWER, BOUND_UPPER, BOUND_BOTH, WARM_START_LIMIT, WARM_START_WORSE,
  FIT_STATUS_MAX_EVALUATIONS, FIT_STATUS_GTOL, FIT_STATUS_FTOL, FIT_STATUS_XTOL, FIT_STATUS_FTOL_XTOL,
  FIT_STATUS_NO_FURTHER_REDUCTION, FIT_STATUS_NONFINITE, FIT_STATUS_SINGULAR,
  FIT_OUTCOME_STATUS, FIT_OUTCOME_CHI2, FIT_OUTCOME_ITERATIONS, FIT_OUTCOME_NFEV, FIT_OUTCOME_NJEV,
  ALGORITHM_LAMBDA0, ALGORITHM_LAMBDA_MAX, ALGORITHM_RHO_ACCEPT, ALGORITHM_EXTEND_MIN, ALGORITHM_EXTEND_MAX,
  FIT_REPRESENTATION_Y, FIT_REPRESENTATION_M,
} from './generated/abi';

// FitTask (everything one fit reads: addresses and counts, written by the TS side through the
// FIT_TASK layout), the status codes, bound kinds, warm-start limits and the damping and
// step-extension constants (ALGORITHM_*) come from the ABI
// descriptor (src/abi/descriptor.ts).
export { FitTask, FIT_TASK_WORDS } from './generated/abi';

/** Stop rules of the current fit (set by the caller before levenbergMarquardt). */
export let FTOL: f64 = 1e-10;
export let XTOL: f64 = 1e-10;
export let GTOL: f64 = 1e-10;

export function setTolerances(ftol: f64, xtol: f64, gtol: f64): void {
  FTOL = ftol;
  XTOL = xtol;
  GTOL = gtol;
}

/**
 * Warm start: u = the previous solution, except for parameters that ended at a bound there
 * (their transform is flat, so they could not move again): those keep their own start value.
 * Same rule as the JS backend (src/backend/warm-start.ts).
 */
export function warmStartValues(t: FitTask, prev: usize, u: usize): void {
  for (let k = 0; k < t.m; k++) {
    const kind = load<i32>(t.kinds + (<usize>k << 2));
    const up = ld(prev, k), u0 = ld(u, k);
    const atBound = (kind == BOUND_LOWER || kind == BOUND_UPPER) ? up < u0 - WARM_START_LIMIT : kind == BOUND_BOTH ? Math.abs(up) > WARM_START_LIMIT : false;
    if (!atBound) st(u, k, up);
  }
}

/** Whether a warm fit should be redone from the spectrum's own start values. */
export function warmFailed(status: f64, chi2: f64, prevChi2: f64): bool {
  return !(status > 0) || chi2 > WARM_START_WORSE * prevChi2;
}

/** Sets the full parameter vector from u. */
export function setParamsFrom(t: FitTask, u: usize): void {
  setParams(t, u);
}

/** Address of the Jacobian (after factorise: R in its upper triangle, n rows) in the LM scratch. */
export function lmJacobian(t: FitTask): usize {
  return t.lm + (<usize>(3 * 2 * t.n) << 3);
}

/** ∂p/∂u of free parameter k at the current parameter vector. */
export function paramDerivative(t: FitTask, k: i32): f64 {
  const idx = load<i32>(t.free + (<usize>k << 2));
  return dpdu(ld(t.params, idx), ld(t.lower, k), ld(t.upper, k), load<i32>(t.kinds + (<usize>k << 2)));
}

/** f64 words of LM scratch for n residuals and m unknowns (layout in levenbergMarquardt). */
export function lmScratchWords(n: i32, m: i32): i32 {
  return 3 * n + n * m + 2 * m * m + 2 * m + 5 * m;
}

// @ts-ignore: decorator
@inline function toExternal(u: f64, lo: f64, hi: f64, kind: i32): f64 {
  if (kind == BOUND_LOWER) return lo + Math.exp(u);
  if (kind == BOUND_UPPER) return hi - Math.exp(u);
  if (kind == BOUND_BOTH) return lo + (hi - lo) / (1 + Math.exp(-u));
  return u;
}

// @ts-ignore: decorator
@inline function dpdu(p: f64, lo: f64, hi: f64, kind: i32): f64 {
  if (kind == BOUND_LOWER) return p - lo;
  if (kind == BOUND_UPPER) return -(hi - p);
  if (kind == BOUND_BOTH) return ((p - lo) * (hi - p)) / (hi - lo);
  return 1;
}

function setParams(t: FitTask, u: usize): void {
  for (let k = 0; k < t.m; k++) {
    const idx = load<i32>(t.free + (<usize>k << 2));
    st(t.params, idx, toExternal(ld(u, k), ld(t.lower, k), ld(t.upper, k), load<i32>(t.kinds + (<usize>k << 2))));
  }
}

/** C0 of the M representation (M = jωC0·Z; 1 when no geometry was given), set per call. */
let C0: f64 = 1;

export function setRepresentationScale(c0: f64): void {
  C0 = c0;
}

// The representation transform of the kernel, its one place (specs/global-fit.md Part B,
// "Fitting in Y or M"): the data zre/zim already hold X_exp (src/fit/problem.ts converts them
// once), the model X(p) comes from Z(p) at the root node, and ∂X/∂p = F·∂Z/∂p by the chain rule
// with F = −Y² (Y = 1/Z) or F = jωC0 (M = jωC0·Z). The TS reference does the same operations in
// the same order (src/reference/representation.ts).
let XR: f64 = 0;
let XI: f64 = 0;
let FR: f64 = 0;
let FI: f64 = 0;

/** X(p) of Z = zr + j·zi at ω into XR/XI and F = ∂X/∂Z into FR/FI (Y and M; Z needs neither). */
// @ts-ignore: decorator
@inline function modelPoint(kind: i32, zr: f64, zi: f64, w: f64): void {
  if (kind == FIT_REPRESENTATION_Y) {
    const d = zr * zr + zi * zi;
    const yr = zr / d, yi = -zi / d;
    XR = yr;
    XI = yi;
    FR = yi * yi - yr * yr;
    FI = -2 * yr * yi;
  } else if (kind == FIT_REPRESENTATION_M) {
    const wc = w * C0;
    XR = -wc * zi;
    XI = wc * zr;
    FR = 0;
    FI = wc;
  }
}

/** r = (X_exp − X(p))/σ from the root node of the last values pass; false if not finite. */
function residualsFromRoot(t: FitTask, root: i32, r: usize): bool {
  const n = t.n, kind = t.representation;
  const zr = t.work + ((<usize>(2 * root) * <usize>n) << 3), zi = t.work + ((<usize>(2 * root + 1) * <usize>n) << 3);
  let ok = true;
  if (kind == 0) {
    for (let i = 0; i < n; i++) {
      const a = (ld(t.zre, i) - ld(zr, i)) * ld(t.sre, i);
      const b = (ld(t.zim, i) - ld(zi, i)) * ld(t.sim, i);
      st(r, i, a);
      st(r, n + i, b);
      if (!isFinite(a) || !isFinite(b)) ok = false;
    }
    return ok;
  }
  for (let i = 0; i < n; i++) {
    modelPoint(kind, ld(zr, i), ld(zi, i), ld(t.w, i));
    const a = (ld(t.zre, i) - XR) * ld(t.sre, i);
    const b = (ld(t.zim, i) - XI) * ld(t.sim, i);
    st(r, i, a);
    st(r, n + i, b);
    if (!isFinite(a) || !isFinite(b)) ok = false;
  }
  return ok;
}

/**
 * Whether the last model evaluation of levenbergMarquardt was its Jacobian at the final u: then
 * R of J = QR (upper triangle of the Jacobian scratch) and Z at the root node are the
 * solution's, and finishFit reuses them instead of evaluating again.
 */
export let LAST_EVAL_AT_SOLUTION: bool = false;

/** Marks the LM scratch as not the solution's (u was replaced after the fit). */
export function forgetLastEval(): void {
  LAST_EVAL_AT_SOLUTION = false;
}

function evalResiduals(t: FitTask, u: usize, r: usize): bool {
  LAST_EVAL_AT_SOLUTION = false;
  setParams(t, u);
  const root = valuesPass(t.code, t.codeLen, t.nodes, t.params, t.n, t.w, t.lnw, t.work, 0, 0, 0);
  return residualsFromRoot(t, root, r);
}

/** r and J = ∂r/∂u (2N × m, column-major), or with `natural` ∂r/∂p; false if not finite. */
export function evalJacobian(t: FitTask, u: usize, r: usize, j: usize, natural: bool): bool {
  setParams(t, u);
  const stride = <usize>t.P << 3;
  const root = valuesPass(t.code, t.codeLen, t.nodes, t.params, t.n, t.w, t.lnw, t.work, t.jzr, t.jzi, stride);
  sensitivityPass(t.code, t.nodes, t.n, t.work, t.jzr, t.jzi, stride);
  let ok = residualsFromRoot(t, root, r);
  const n = t.n, m = t.m, P = t.P, kind = t.representation;
  const zr = t.work + ((<usize>(2 * root) * <usize>n) << 3), zi = t.work + ((<usize>(2 * root + 1) * <usize>n) << 3);
  for (let k = 0; k < m; k++) {
    const idx = load<i32>(t.free + (<usize>k << 2));
    const dp = natural ? 1.0 : dpdu(ld(t.params, idx), ld(t.lower, k), ld(t.upper, k), load<i32>(t.kinds + (<usize>k << 2)));
    for (let i = 0; i < n; i++) {
      let jr = ld(t.jzr, i * P + idx), ji = ld(t.jzi, i * P + idx);
      if (kind != 0) {
        // ∂X = F·∂Z (F from the root's Z at this point: see modelPoint)
        modelPoint(kind, ld(zr, i), ld(zi, i), ld(t.w, i));
        const xr = kind == FIT_REPRESENTATION_M ? -FI * ji : FR * jr - FI * ji;
        const xi = kind == FIT_REPRESENTATION_M ? FI * jr : FR * ji + FI * jr;
        jr = xr;
        ji = xi;
      }
      const a = -jr * dp * ld(t.sre, i);
      const b = -ji * dp * ld(t.sim, i);
      st(j, k * 2 * n + i, a);
      st(j, k * 2 * n + n + i, b);
      if (!isFinite(a) || !isFinite(b)) ok = false;
    }
  }
  return ok;
}

function dot(a: usize, b: usize, len: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < len; i++) s += ld(a, i) * ld(b, i);
  return s;
}

/**
 * Minimises χ²(u) from `u` (m words, updated in place); see src/reference/lm.ts for the
 * method (QR of J once per Jacobian, small damped solves, Nielsen damping). Results go to
 * `out`: [status, chi2, iterations, nfev, njev].
 */
export function levenbergMarquardt(t: FitTask, u: usize, out: usize): void {
  const m = t.m, n = 2 * t.n;
  const r = t.lm;
  const rNew = r + (<usize>n << 3);
  const qtr = rNew + (<usize>n << 3);
  const j = qtr + (<usize>n << 3);
  const a = j + (<usize>(n * m) << 3);
  const b = a + (<usize>(2 * m * m) << 3);
  const delta = b + (<usize>(2 * m) << 3);
  const uNew = delta + (<usize>m << 3);
  const d = uNew + (<usize>m << 3);
  const uExt = d + (<usize>m << 3);
  let nfev = 0, njev = 1, iterations = 0;
  let status = FIT_STATUS_MAX_EVALUATIONS;
  memory.fill(d, 0, <usize>m << 3);
  let chi2 = factorise(t, u, r, qtr, j, d, n, m);
  if (isNaN(chi2)) {
    status = FIT_STATUS_NONFINITE;
  } else if (!anyNonzero(j, n, m)) {
    status = FIT_STATUS_SINGULAR;
  } else {
    let lambda = ALGORITHM_LAMBDA0, nu: f64 = 2;
    while (nfev + njev < t.maxEvaluations) {
      iterations++;
      // gradient test; Jᵀr = Rᵀ(Qᵀr)₁
      const rnorm = Math.sqrt(chi2);
      let gmax: f64 = 0;
      for (let k = 0; k < m; k++) {
        let g: f64 = 0, cn: f64 = 0;
        for (let i = 0; i <= k; i++) {
          const rik = ld(j, k * n + i);
          g += rik * ld(qtr, i);
          cn += rik * rik;
        }
        if (cn > 0 && rnorm > 0) gmax = Math.max(gmax, Math.abs(g) / (Math.sqrt(cn) * rnorm));
      }
      if (chi2 == 0 || gmax <= GTOL) {
        status = FIT_STATUS_GTOL;
        break;
      }
      // damped step on [R; √λ D] δ = [−(Qᵀr)₁; 0]
      // (column-major, 2m rows)
      memory.fill(a, 0, <usize>(2 * m * m) << 3);
      for (let k = 0; k < m; k++) for (let i = 0; i <= k; i++) st(a, k * 2 * m + i, ld(j, k * n + i));
      const sl = Math.sqrt(lambda);
      for (let k = 0; k < m; k++) st(a, k * 2 * m + m + k, sl * ld(d, k));
      for (let i = 0; i < m; i++) st(b, i, -ld(qtr, i));
      memory.fill(b + (<usize>m << 3), 0, <usize>m << 3);
      householder(a, b, 2 * m, m);
      backSubstitute(a, 2 * m, b, m, delta);
      let q1: f64 = 0, lin: f64 = 0;
      for (let i = 0; i < m; i++) {
        let s = ld(qtr, i);
        for (let k = i; k < m; k++) s += ld(j, k * n + i) * ld(delta, k);
        q1 += ld(qtr, i) * ld(qtr, i);
        lin += s * s;
      }
      const predicted = q1 - lin;
      let finiteStep = true;
      for (let k = 0; k < m; k++) {
        st(uNew, k, ld(u, k) + ld(delta, k));
        if (!isFinite(ld(delta, k))) finiteStep = false;
      }
      let rho: f64 = -1, chi2New: f64 = Infinity;
      nfev++;
      if (finiteStep && evalResiduals(t, uNew, rNew)) {
        chi2New = dot(rNew, rNew, n);
        if (predicted > 0) rho = (chi2 - chi2New) / predicted;
      }
      if (rho > ALGORITHM_RHO_ACCEPT) {
        // step extension along δ (src/reference/lm.ts, EXTEND_MIN): parabola through χ²(0),
        // its slope 2rᵀJδ = 2(Qᵀr)₁ᵀRδ and χ²(δ)
        let slope: f64 = 0;
        for (let i = 0; i < m; i++) {
          let s: f64 = 0;
          for (let k = i; k < m; k++) s += ld(j, k * n + i) * ld(delta, k);
          slope += 2 * ld(qtr, i) * s;
        }
        const curv = chi2New - chi2 - slope;
        const alpha = curv > 0 ? -slope / (2 * curv) : Infinity;
        if (alpha >= ALGORITHM_EXTEND_MIN && nfev + njev + 1 < t.maxEvaluations) {
          const ts = Math.min(alpha, ALGORITHM_EXTEND_MAX);
          for (let k = 0; k < m; k++) st(uExt, k, ld(u, k) + ts * ld(delta, k));
          nfev++;
          if (evalResiduals(t, uExt, r)) {
            // r is free here: it is overwritten by factorise below either way
            const chi2Ext = dot(r, r, n);
            if (chi2Ext < chi2New) {
              chi2New = chi2Ext;
              for (let k = 0; k < m; k++) st(delta, k, ts * ld(delta, k));
              memory.copy(uNew, uExt, <usize>m << 3);
            }
          }
        }
        const reduction = chi2 - chi2New;
        let dStep: f64 = 0, dU: f64 = 0;
        for (let k = 0; k < m; k++) {
          const dk = ld(d, k);
          dStep += (dk * ld(delta, k)) * (dk * ld(delta, k));
          dU += (dk * ld(u, k)) * (dk * ld(u, k));
        }
        dStep = Math.sqrt(dStep);
        dU = Math.sqrt(dU);
        memory.copy(u, uNew, <usize>m << 3);
        njev++;
        chi2 = factorise(t, u, r, qtr, j, d, n, m);
        if (isNaN(chi2)) {
          status = FIT_STATUS_NONFINITE;
          break;
        }
        const g = 2 * rho - 1;
        lambda *= Math.max(1.0 / 3.0, 1 - g * g * g);
        nu = 2;
        const fOk = reduction <= FTOL * (chi2 + reduction);
        const xOk = dStep <= XTOL * (dU + XTOL);
        if (fOk || xOk) {
          status = fOk && xOk ? FIT_STATUS_FTOL_XTOL : fOk ? FIT_STATUS_FTOL : FIT_STATUS_XTOL;
          break;
        }
      } else {
        lambda *= nu;
        nu *= 2;
        if (lambda > ALGORITHM_LAMBDA_MAX) {
          status = FIT_STATUS_NO_FURTHER_REDUCTION;
          break;
        }
      }
    }
  }
  setParams(t, u);
  st(out, FIT_OUTCOME_STATUS, <f64>status);
  st(out, FIT_OUTCOME_CHI2, chi2);
  st(out, FIT_OUTCOME_ITERATIONS, <f64>iterations);
  st(out, FIT_OUTCOME_NFEV, <f64>nfev);
  st(out, FIT_OUTCOME_NJEV, <f64>njev);
}

/** r, J at u, then J = QR in place (R in J's upper triangle, Qᵀr in qtr), D updated. Returns χ², NaN if not finite. */
function factorise(t: FitTask, u: usize, r: usize, qtr: usize, j: usize, d: usize, n: i32, m: i32): f64 {
  LAST_EVAL_AT_SOLUTION = false;
  if (!evalJacobian(t, u, r, j, false)) return NaN;
  LAST_EVAL_AT_SOLUTION = true;
  const chi2 = dot(r, r, n);
  memory.copy(qtr, r, <usize>n << 3);
  householder(j, qtr, n, m);
  // D: column norms for parameters in their own units, the largest among them for those on a
  // log-type (relative) scale — isotropic damping there (see src/reference/lm.ts)
  let shared: f64 = 0;
  for (let k = 0; k < m; k++) {
    if (load<i32>(t.kinds + (<usize>k << 2)) == BOUND_NONE) continue;
    shared = Math.max(shared, columnNorm(j, n, k));
  }
  for (let k = 0; k < m; k++) {
    const c = load<i32>(t.kinds + (<usize>k << 2)) == BOUND_NONE ? columnNorm(j, n, k) : shared;
    // a zero column (a parameter with no effect) is scaled by 1, as MINPACK does
    const dk = ld(d, k);
    st(d, k, Math.max(dk, c > 0 ? c : dk > 0 ? dk : 1));
  }
  return chi2;
}

/** ‖J_k‖ = ‖R_:k‖ from the upper triangle of the column-major j (`rows` rows). */
function columnNorm(j: usize, rows: i32, k: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i <= k; i++) s += ld(j, k * rows + i) * ld(j, k * rows + i);
  return Math.sqrt(s);
}

/** Whether R (upper triangle of the column-major j) has any nonzero entry. */
function anyNonzero(j: usize, rows: i32, m: i32): bool {
  for (let k = 0; k < m; k++) for (let i = 0; i <= k; i++) if (ld(j, k * rows + i) != 0) return true;
  return false;
}
