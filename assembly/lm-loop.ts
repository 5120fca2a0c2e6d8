// The Levenberg–Marquardt loop, generic over the linear algebra of its problem, as lmLoop of
// src/reference/lm.ts (see there for the method and its sources): gain ratio, Nielsen damping,
// step extension, Moré scaling and the stop rules, once for the single-spectrum fit (QrModel in
// ./lm.ts: J = QR once per Jacobian, with phase B) and the global fit (ArrowheadModel in
// ./global-lm.ts: the Schur complement over an arrowhead J, phase A only). lmLoop is a generic
// function: AssemblyScript compiles one copy per model class with direct calls, so the single fit
// pays no dispatch.
import { ld, st } from './memory';
import {
  FIT_STATUS_MAX_EVALUATIONS, FIT_STATUS_GTOL, FIT_STATUS_FTOL, FIT_STATUS_XTOL, FIT_STATUS_FTOL_XTOL,
  FIT_STATUS_NO_FURTHER_REDUCTION, FIT_STATUS_NOISE_FLOOR, FIT_STATUS_NONFINITE, FIT_STATUS_SINGULAR,
  FIT_OUTCOME_STATUS, FIT_OUTCOME_CHI2, FIT_OUTCOME_ITERATIONS, FIT_OUTCOME_NFEV, FIT_OUTCOME_NJEV,
  ALGORITHM_LAMBDA_MAX, ALGORITHM_RHO_ACCEPT, ALGORITHM_EXTEND_MIN, ALGORITHM_EXTEND_MAX, ALGORITHM_LAMBDA_B,
} from './generated/abi';

/** Stop rules of the current fit (set by the caller before lmLoop). */
export let FTOL: f64 = 1e-10;
export let XTOL: f64 = 1e-10;
export let GTOL: f64 = 1e-10;

export function setTolerances(ftol: f64, xtol: f64, gtol: f64): void {
  FTOL = ftol;
  XTOL = xtol;
  GTOL = gtol;
}

/**
 * The linear algebra of one LM problem, as lmLoop asks for it (src/reference/lm.ts LmModel).
 * `m` unknowns; `loop` is the address of the loop's own 4m words (δ, u + δ, D, the extended u).
 * Unmanaged: a model is one object in static memory (memory.data), its fields set by the
 * subclass's bind(), so no module allocates (or links the managed runtime) for it.
 */
@unmanaged
export abstract class LmModel {
  m: i32 = 0;
  loop: usize = 0;
  /** Evaluates r, J at u and factorises; raises the scaling d (Moré); χ², or NaN if a value is not finite. */
  abstract factorise(u: usize, d: usize): f64;
  /** Whether J has a non-zero entry (after factorise). */
  abstract nonzero(): bool;
  /** Largest cosine between r and a column of J (the gradient test). */
  abstract gradientMax(chi2: f64): f64;
  /** The damped step δ of min ‖r + Jδ‖² + λ‖Dδ‖² into `delta`; returns the predicted reduction. */
  abstract step(lambda: f64, d: usize, delta: usize): f64;
  /**
   * The statistical stop's gain: the predicted reduction of the undamped (Gauss–Newton) step,
   * step(0, d, scratch) or what it equals exactly (src/reference/lm.ts LmModel.gaussNewtonGain).
   */
  abstract gaussNewtonGain(d: usize, scratch: usize): f64;
  /** 2rᵀJδ, the slope of χ² along δ. */
  abstract slope(delta: usize): f64;
  /** χ² at u, +Infinity when a value is not finite. */
  abstract trial(u: usize): f64;
  /** Whether unknown k is on a relative (log-type) scale: those share one damping scale (updateScaling). */
  abstract logScale(k: i32): bool;
  /** ‖J_k‖, the norm of column k of J (after the model's evaluation at u). */
  abstract columnNorm(k: i32): f64;
  /** Phase B: turns the eligible unknowns of u into natural units (src/reference/lm.ts); whether any. */
  abstract toNatural(u: usize): bool;
  /** Phase B: projects the point x onto the natural unknowns' bound (x_k ≥ 0); whether a component was cut. */
  abstract clamp(x: usize): bool;
  /**
   * Phase B, after the damped step δ crossed the bound (uNew = u + δ projected by clamp): the
   * bound step (src/reference/lm.ts LmModel.boundStep) into δ and uNew; its predicted reduction.
   */
  abstract boundStep(lambda: f64, d: usize, u: usize, delta: usize, uNew: usize): f64;
}

/**
 * Moré's scaling (updateScaling of src/reference/lm.ts): d_k = max(d_k, ‖J_k‖) for unknowns in
 * their own units, the largest ‖J_k‖ among them for those on a log-type scale (isotropic damping
 * there); a zero column (a parameter with no effect) is scaled by 1, as MINPACK does. Called by
 * each model's factorise once J is known.
 */
export function updateScaling<M extends LmModel>(model: M, d: usize): void {
  const m = model.m;
  let shared: f64 = 0;
  for (let k = 0; k < m; k++) {
    if (!model.logScale(k)) continue;
    shared = Math.max(shared, model.columnNorm(k));
  }
  for (let k = 0; k < m; k++) {
    const c = model.logScale(k) ? shared : model.columnNorm(k);
    const dk = ld(d, k);
    st(d, k, Math.max(dk, c > 0 ? c : dk > 0 ? dk : 1));
  }
}

/**
 * Minimises χ²(u) from `u` (m words, updated in place). Results go to `out`: [status, chi2,
 * iterations, nfev, njev] (FIT_OUTCOME's first fields). On a non-finite Jacobian after an
 * accepted step χ² is NaN (src/reference/lm.ts keeps the last finite one; the status is the same).
 * `lambda0` is the initial damping, `floor` ε/ν of the statistical stop (0: off), `switchAt`
 * SWITCH/ν of phase B (0: none), all as LmOptions of src/reference/lm.ts.
 */
export function lmLoop<M extends LmModel>(model: M, u: usize, maxEvaluations: i32, out: usize, lambda0: f64, floor: f64, switchAt: f64): void {
  const m = model.m;
  const delta = model.loop;
  const uNew = delta + (<usize>m << 3);
  const d = uNew + (<usize>m << 3);
  const uExt = d + (<usize>m << 3);
  let nfev = 0, njev = 1, iterations = 0;
  let fresh = true, phaseB = false;
  let status = FIT_STATUS_MAX_EVALUATIONS;
  memory.fill(d, 0, <usize>m << 3);
  let chi2 = model.factorise(u, d);
  if (isNaN(chi2)) {
    status = FIT_STATUS_NONFINITE;
  } else if (!model.nonzero()) {
    status = FIT_STATUS_SINGULAR;
  } else {
    let lambda = lambda0, nu: f64 = 2;
    while (nfev + njev < maxEvaluations) {
      iterations++;
      // gradient test: largest cosine between r and a column of J
      const gmax = model.gradientMax(chi2);
      if (chi2 == 0 || gmax <= GTOL) {
        status = FIT_STATUS_GTOL;
        break;
      }
      if (fresh && floor > 0) {
        // statistical stop: the Gauss–Newton gain of this Jacobian (uExt is free here)
        fresh = false;
        // (in phase B over the unknowns not held: the step leaves out the held ones)
        if (model.gaussNewtonGain(d, uExt) < floor * chi2) {
          status = FIT_STATUS_NOISE_FLOOR;
          break;
        }
      }
      let predicted = model.step(lambda, d, delta);
      let finiteStep = true;
      for (let k = 0; k < m; k++) {
        st(uNew, k, ld(u, k) + ld(delta, k));
        if (!isFinite(ld(delta, k))) finiteStep = false;
      }
      const cutStep = phaseB && model.clamp(uNew);
      // the step crossed the bound: the bound step instead, its predicted reduction from the same model
      if (cutStep) predicted = model.boundStep(lambda, d, u, delta, uNew);
      let rho: f64 = -1, chi2New: f64 = Infinity;
      nfev++;
      if (finiteStep) {
        chi2New = model.trial(uNew);
        if (chi2New != Infinity && predicted > 0) rho = (chi2 - chi2New) / predicted;
      }
      if (rho > ALGORITHM_RHO_ACCEPT) {
        // a step cut by the bounds says nothing about convergence: no ftol/xtol test after it
        let bounded = cutStep;
        // step extension along δ (src/reference/lm.ts, EXTEND_MIN): parabola through χ²(0),
        // its slope 2rᵀJδ and χ²(δ)
        const slope = model.slope(delta);
        const curv = chi2New - chi2 - slope;
        const alpha = curv > 0 ? -slope / (2 * curv) : Infinity;
        if (alpha >= ALGORITHM_EXTEND_MIN && nfev + njev + 1 < maxEvaluations) {
          const ts = Math.min(alpha, ALGORITHM_EXTEND_MAX);
          for (let k = 0; k < m; k++) st(uExt, k, ld(u, k) + ts * ld(delta, k));
          const cut = phaseB && model.clamp(uExt);
          nfev++;
          const chi2Ext = model.trial(uExt);
          if (chi2Ext < chi2New) {
            chi2New = chi2Ext;
            for (let k = 0; k < m; k++) st(delta, k, cut ? ld(uExt, k) - ld(u, k) : ts * ld(delta, k));
            memory.copy(uNew, uExt, <usize>m << 3);
            bounded = cutStep || cut; // along a projected δ the bound still limited the step
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
        // phase B from here when the step gained less than SWITCH·χ²/ν: the switch needs no Jacobian
        const toB = switchAt > 0 && !phaseB && reduction < switchAt * chi2New && model.toNatural(u);
        if (toB) {
          phaseB = true;
          memory.fill(d, 0, <usize>m << 3);
        }
        njev++;
        chi2 = model.factorise(u, d);
        if (isNaN(chi2)) {
          status = FIT_STATUS_NONFINITE;
          break;
        }
        fresh = true;
        const g = 2 * rho - 1;
        lambda = toB ? ALGORITHM_LAMBDA_B : lambda * Math.max(1.0 / 3.0, 1 - g * g * g);
        nu = 2;
        const fOk = reduction <= FTOL * (chi2 + reduction);
        const xOk = dStep <= XTOL * (dU + XTOL);
        if ((fOk || xOk) && !bounded) {
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
  st(out, FIT_OUTCOME_STATUS, <f64>status);
  st(out, FIT_OUTCOME_CHI2, chi2);
  st(out, FIT_OUTCOME_ITERATIONS, <f64>iterations);
  st(out, FIT_OUTCOME_NFEV, <f64>nfev);
  st(out, FIT_OUTCOME_NJEV, <f64>njev);
}
