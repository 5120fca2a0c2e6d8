/**
 * One fit in the TS reference: the Levenberg–Marquardt loop of src/reference/lm.ts over the
 * reference evaluator, with bounds by variable transformation (./transform.ts), then the
 * unscaled covariance from the Jacobian at the solution (src/reference/covariance.ts). The JS
 * backend's counterpart of one fit of eis_fit_batch (assembly/index.ts).
 */
import { evaluateReference, makeGrid } from './evaluate.ts';
import { levenbergMarquardt, type LsqProblem } from './lm.ts';
import { BOUND } from '../abi/descriptor.ts';
import { derivative, toExternal } from './transform.ts';
import { covarianceFromJacobian } from './covariance.ts';
import { newResultBlock, type BackendFit, type FitProblem, type KernelProgram } from '../types/problems.ts';

function fullParams(pr: FitProblem, u: Float64Array, out: Float64Array): Float64Array {
  out.set(pr.params);
  for (let k = 0; k < pr.free.length; k++) out[pr.free[k]!] = toExternal(u[k]!, pr.lower[k]!, pr.upper[k]!, pr.kinds[k]!);
  return out;
}

/** Fits `pr` from its own start values, or from `u0` (internal variables) when given. */
export function fitReference(program: KernelProgram, pr: FitProblem, u0?: Float64Array): BackendFit {
  const { n, free } = pr;
  const P = program.paramCount, m = free.length;
  const grid = makeGrid(pr.freq);
  const p = new Float64Array(P);
  const fillResiduals = (z: { re: Float64Array; im: Float64Array }, r: Float64Array) => {
    for (let i = 0; i < n; i++) {
      r[i] = (pr.zre[i]! - z.re[i]!) / pr.sre[i]!;
      r[n + i] = (pr.zim[i]! - z.im[i]!) / pr.sim[i]!;
    }
    return r.every(Number.isFinite);
  };
  /** J (2N × m) of r w.r.t. u (scaled by dp/du) or, with `natural`, w.r.t. p. */
  const fillJacobian = (jre: Float64Array, jim: Float64Array, j: Float64Array, natural: boolean) => {
    for (let k = 0; k < m; k++) {
      const idx = free[k]!;
      const dp = natural ? 1 : derivative(p[idx]!, pr.lower[k]!, pr.upper[k]!, pr.kinds[k]!);
      for (let i = 0; i < n; i++) {
        j[i * m + k] = (-jre[i * P + idx]! * dp) / pr.sre[i]!;
        j[(n + i) * m + k] = (-jim[i * P + idx]! * dp) / pr.sim[i]!;
      }
    }
    return j.every(Number.isFinite);
  };
  const problem: LsqProblem = {
    m,
    n: 2 * n,
    logScale: Uint8Array.from(pr.kinds, (kind) => (kind === BOUND.NONE ? 0 : 1)),
    residuals(u, r) {
      fullParams(pr, u, p);
      return fillResiduals(evaluateReference(program, p, grid), r);
    },
    jacobian(u, r, j) {
      fullParams(pr, u, p);
      const z = evaluateReference(program, p, grid, { jacobian: true });
      return fillResiduals(z, r) && fillJacobian(z.jre!, z.jim!, j, false);
    },
  };
  const block = newResultBlock(P, m, n);
  const u = block.u;
  u.set(u0 ?? pr.u0);
  const lm = levenbergMarquardt(problem, u, pr);
  fullParams(pr, u, p);
  const jac = new Float64Array(2 * n * m);
  const z = evaluateReference(program, p, grid, { jacobian: true });
  const finite = fillJacobian(z.jre!, z.jim!, jac, true);
  const { cov, determined } = finite ? covarianceFromJacobian(jac, 2 * n, m, 1) : { cov: new Float64Array(m * m).fill(Number.POSITIVE_INFINITY), determined: false };
  block.params.set(p);
  block.fittedRe.set(z.re);
  block.fittedIm.set(z.im);
  block.unscaled.set(cov);
  return { status: lm.status, chi2: lm.chi2, iterations: lm.iterations, nfev: lm.nfev, njev: lm.njev, covarianceDetermined: determined, block };
}
