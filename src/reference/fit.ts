/**
 * One fit in the TS reference: the Levenberg–Marquardt loop of src/reference/lm.ts over the
 * reference evaluator, with bounds by variable transformation (./transform.ts), then the
 * unscaled covariance from the Jacobian at the solution (src/reference/covariance.ts). The JS
 * backend's counterpart of one fit of eis_fit_batch (assembly/index.ts).
 */
import { evaluateReference, makeGrid } from './evaluate.ts';
import { levenbergMarquardt, type LsqProblem } from './lm.ts';
import { ALGORITHM, BOUND } from '../abi/descriptor.ts';
import { derivative, toExternal } from './transform.ts';
import { covarianceFromJacobian } from './covariance.ts';
import { log } from '../math/index.ts';
import { newResultBlock, type BackendFit, type FitProblem, type KernelProgram } from '../types/problems.ts';
import { chainRule, representPoint } from './representation.ts';

function fullParams(pr: FitProblem, u: Float64Array, out: Float64Array, kinds: Int32Array = pr.kinds): Float64Array {
  out.set(pr.params);
  for (let k = 0; k < pr.free.length; k++) out[pr.free[k]!] = toExternal(u[k]!, pr.lower[k]!, pr.upper[k]!, kinds[k]!);
  return out;
}

/**
 * The residuals r = (X_exp − X(p))/σ of one spectrum and their Jacobian (2N × m over the free
 * parameters): per free parameter ∂r/∂p (`natural`) or ∂r/∂u through the bound transform.
 * fitReference and the global fit (./global-map.ts) share it.
 */
export function spectrumResiduals(program: KernelProgram, pr: FitProblem, kinds: Int32Array = pr.kinds) {
  const { n, free } = pr;
  const P = program.paramCount, m = free.length;
  const grid = makeGrid(pr.freq);
  const p = new Float64Array(P);
  // the representation (specs/global-fit.md Part B): pr.xre/xim hold X_exp; X(p) and
  // F = ∂X/∂Z per point from Z(p) (./representation.ts, as modelPoint in assembly/lm.ts)
  const kind = pr.representation;
  const pts = kind === 0 ? [] : Array.from({ length: n }, () => ({ xr: 0, xi: 0, fr: 0, fi: 0 }));
  const dx = { re: 0, im: 0 };
  const fillResiduals = (z: { re: Float64Array; im: Float64Array }, r: Float64Array) => {
    if (kind === 0) {
      for (let i = 0; i < n; i++) {
        r[i] = (pr.zre[i]! - z.re[i]!) / pr.sre[i]!;
        r[n + i] = (pr.zim[i]! - z.im[i]!) / pr.sim[i]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const x = representPoint(kind, z.re[i]!, z.im[i]!, grid.w[i]!, pr.c0, pts[i]!);
        r[i] = (pr.xre[i]! - x.xr) / pr.sre[i]!;
        r[n + i] = (pr.xim[i]! - x.xi) / pr.sim[i]!;
      }
    }
    return r.every(Number.isFinite);
  };
  /** J (2N × m) of r w.r.t. u (scaled by dp/du) or, with `natural`, w.r.t. p; after fillResiduals at the same p. */
  const fillJacobian = (jre: Float64Array, jim: Float64Array, j: Float64Array, natural: boolean) => {
    for (let k = 0; k < m; k++) {
      const idx = free[k]!;
      const dp = natural ? 1 : derivative(p[idx]!, pr.lower[k]!, pr.upper[k]!, kinds[k]!);
      for (let i = 0; i < n; i++) {
        let a = jre[i * P + idx]!, b = jim[i * P + idx]!;
        if (kind !== 0) {
          chainRule(kind, pts[i]!, a, b, dx);
          a = dx.re;
          b = dx.im;
        }
        j[i * m + k] = (-a * dp) / pr.sre[i]!;
        j[(n + i) * m + k] = (-b * dp) / pr.sim[i]!;
      }
    }
    return j.every(Number.isFinite);
  };
  return { grid, p, fillResiduals, fillJacobian };
}

/** The initial damping of a fit (src/reference/lm.ts): LAMBDA0_AUTO for automatic and warm starts, LAMBDA0 for the user's. */
export function initialDamping(pr: FitProblem, warm: boolean): number {
  return warm || pr.automaticStart === true ? ALGORITHM.LAMBDA0_AUTO : ALGORITHM.LAMBDA0;
}

/** ε/ν of the statistical stop of a fit of `pr` (ν = 2N − m residuals less unknowns); 0 (off) without pr.noiseStop. */
export function noiseFloor(pr: FitProblem): number {
  return pr.noiseStop === true ? ALGORITHM.NOISE_FLOOR / (2 * pr.n - pr.free.length) : 0;
}

/** SWITCH/ν of phase B for a fit of `pr` (ν as in noiseFloor); 0 (no phase B) when no unknown is eligible. */
export function phaseBSwitch(pr: FitProblem): number {
  return pr.eligible?.some((e) => e === 1) ? ALGORITHM.SWITCH / (2 * pr.n - pr.free.length) : 0;
}

/**
 * After a fit that ended in phase B: the natural unknowns of u (R ≥ 0) back in the problem's own
 * internal variables, u = ln(R − lower), which is what block.u holds for warm starts
 * (src/backend/warm-start.ts). R = 0 gives u = −∞, which warmStartValues takes for "at the bound"
 * (the next fit starts that parameter from its own start value); block.u is no result field.
 */
function naturalToInternal(pr: FitProblem, u: Float64Array, natural: Uint8Array): void {
  for (let k = 0; k < u.length; k++) if (natural[k]) u[k] = log(u[k]! - pr.lower[k]!);
}

/**
 * Fits `pr` from its own start values, or from `u0` (internal variables, a warm start) when
 * given, with λ0 from initialDamping, the statistical stop of noiseFloor and phase B from
 * phaseBSwitch (as eis_fit_batch's levenbergMarquardt in assembly/lm.ts). `control` overrides
 * any of them (tests: a fit without the statistical stop or without phase B).
 */
export function fitReference(program: KernelProgram, pr: FitProblem, u0?: Float64Array, control?: { lambda0?: number; noiseFloor?: number; phaseB?: number }): BackendFit {
  const { n, free } = pr;
  const P = program.paramCount, m = free.length;
  // the bound kinds of this fit: phase B turns the eligible ones into BOUND.NATURAL (src/reference/lm.ts)
  const kinds = Int32Array.from(pr.kinds);
  const { grid, p, fillResiduals, fillJacobian } = spectrumResiduals(program, pr, kinds);
  const kind = pr.representation;
  let natural: Uint8Array | null = null;
  const problem: LsqProblem = {
    m,
    n: 2 * n,
    logScale: Uint8Array.from(pr.kinds, (kind) => (kind === BOUND.NONE ? 0 : 1)),
    residuals(u, r) {
      fullParams(pr, u, p, kinds);
      // a trial point with a parameter that is not finite (e^u overflowed) is rejected, even where
      // Z stays finite (an infinite R in parallel): its Jacobian cannot be (assembly/lm.ts the same)
      for (let k = 0; k < m; k++) if (!Number.isFinite(p[free[k]!]!)) return false;
      return fillResiduals(evaluateReference(program, p, grid), r);
    },
    jacobian(u, r, j) {
      fullParams(pr, u, p, kinds);
      const z = evaluateReference(program, p, grid, { jacobian: true });
      return fillResiduals(z, r) && fillJacobian(z.jre!, z.jim!, j, false);
    },
    toNatural(u) {
      if (!pr.eligible?.some((e) => e === 1)) return null;
      natural = new Uint8Array(m);
      for (let k = 0; k < m; k++) {
        if (!pr.eligible[k]) continue;
        u[k] = toExternal(u[k]!, pr.lower[k]!, pr.upper[k]!, kinds[k]!); // R = 0 + e^u, the same bits as the model saw
        kinds[k] = BOUND.NATURAL;
        natural[k] = 1;
      }
      return natural;
    },
  };
  const block = newResultBlock(P, m, n);
  const u = block.u;
  u.set(u0 ?? pr.u0);
  const lm = levenbergMarquardt(problem, u, {
    ftol: pr.ftol, xtol: pr.xtol, gtol: pr.gtol, maxEvaluations: pr.maxEvaluations,
    lambda0: control?.lambda0 ?? initialDamping(pr, u0 !== undefined), noiseFloor: control?.noiseFloor ?? noiseFloor(pr),
    phaseB: control?.phaseB ?? phaseBSwitch(pr),
  });
  fullParams(pr, u, p, kinds);
  if (natural) naturalToInternal(pr, u, natural);
  const jac = new Float64Array(2 * n * m);
  const z = evaluateReference(program, p, grid, { jacobian: true });
  if (kind !== 0) fillResiduals(z, new Float64Array(2 * n)); // X and F at the solution, for the chain rule
  const finite = fillJacobian(z.jre!, z.jim!, jac, true);
  const { cov, determined } = finite ? covarianceFromJacobian(jac, 2 * n, m, 1) : { cov: new Float64Array(m * m).fill(Number.POSITIVE_INFINITY), determined: false };
  block.params.set(p);
  block.fittedRe.set(z.re);
  block.fittedIm.set(z.im);
  block.unscaled.set(cov);
  return { status: lm.status, chi2: lm.chi2, iterations: lm.iterations, nfev: lm.nfev, njev: lm.njev, covarianceDetermined: determined, phaseB: lm.phaseB === true, block };
}
