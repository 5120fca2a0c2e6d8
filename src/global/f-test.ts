/**
 * The F tests of specs/global-fit.md §5: refit with some parameters local (a law's R, or the
 * shared values), other roles kept, from the constrained solution; F = [(χ²_c − χ²_u)/df1]/(χ²_u/df2)
 * with df1 = S − (globals of the role) per relaxed parameter, p from the F distribution.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { FIT_MESSAGES } from '../abi/descriptor.ts';
import type { FitProblem } from '../types/problems.ts';
import type { LmOptions } from '../reference/lm.ts';
import { globalLayout, globalProblem, ROLE, ROLE_GLOBALS, spectrumParams, type GlobalLayout } from '../reference/global-map.ts';
import { residualsAt, sumOfSquares } from '../reference/global-lm.ts';
import type { GlobalKernels } from '../backend/global-kernels.ts';
import { fDistributionSf } from '../stats/distributions.ts';
import type { LackOfFit } from './types.ts';
import { thetaFromParams } from './start.ts';

export interface RelaxedContext {
  circuit: Circuit;
  problems: readonly FitProblem[];
  lay: GlobalLayout;
  roles: Int32Array;
  /** The constrained solution. */
  theta: Float64Array;
  chi2: number;
  /** Residuals in all (Σ 2N_s). */
  N: number;
  lmOpts: LmOptions;
  warnings: string[];
  /** The backend's global LM (the refit runs where the constrained fit ran). */
  kernels: GlobalKernels;
}

/** The test of relaxing every parameter whose role passes `relax`; null when none does, or (with a warning) when a df is 0. */
export function relaxedTestOf(ctx: RelaxedContext, relax: (role: number) => boolean, what: string): Omit<LackOfFit, 'roundoff'> | null {
  const { circuit, problems, lay, roles, theta, chi2, N, lmOpts, warnings, kernels } = ctx;
  const S = problems.length, P = circuit.paramNames.length, pr0 = problems[0]!;
  const slots = Array.from(roles).map((r, k) => (relax(r) ? k : -1)).filter((k) => k >= 0);
  if (slots.length === 0) return null;
  const relaxedRoles = roles.map((r) => (relax(r) ? ROLE.LOCAL : r));
  const rl = globalLayout(relaxedRoles, lay.temperatures);
  // from the constrained solution: each spectrum's values, the laws that stay constrained their own globals
  const params = problems.map((pr, s) => {
    const p = new Float64Array(P);
    spectrumParams(lay, pr, s, theta, lay.G + s * lay.L, p);
    return p;
  });
  const th = thetaFromParams(rl, pr0, relaxedRoles, params, (k) => theta.subarray(lay.globalAt[k]!, lay.globalAt[k]! + ROLE_GLOBALS[relaxedRoles[k]!]!));
  // a shared value becomes S locals (S − 1 more unknowns), a law of q globals S locals
  const df1 = slots.reduce((a, k) => a + S - ROLE_GLOBALS[roles[k]!]!, 0);
  const df2 = N - (rl.G + S * rl.L);
  if (!(df1 > 0 && df2 > 0)) {
    const law = what === 'lack-of-fit' ? 'the temperature laws are not tested' : 'the shared values are not tested';
    warnings.push(`The ${what} F test cannot be made: ${df1 > 0 ? `the relaxed fit has no residual degrees of freedom (df2 = ${df2})` : `with ${S} spectra the relaxed parameters have no more unknowns than the constrained ones (df1 = ${df1}; a VTF law has 3 globals)`}, so ${law}; measure more temperatures.`);
    return null;
  }
  const lr = kernels.globalLm(circuit.kernelProgram, problems, rl, th, { ...lmOpts, maxEvaluations: 200 * (th.length + 1) });
  if (!(lr.status > 0)) warnings.push(`The relaxed refit of the ${what} test did not converge (${FIT_MESSAGES[lr.status] ?? lr.status}); its χ² is an upper bound, F a lower bound.`);
  // χ² at the refit's θ from its residuals (finite there: the loop accepted it), not the loop's
  // own, which after a non-finite Jacobian differs by backend (see globalFit)
  const chi2r = sumOfSquares(residualsAt(globalProblem(circuit.kernelProgram, problems, rl), th));
  const chi2u = chi2r < chi2 ? chi2r : chi2;
  const F = chi2u > 0 ? (chi2 - chi2u) / df1 / (chi2u / df2) : Number.POSITIVE_INFINITY;
  return { F, df1, df2, p: fDistributionSf(F, df1, df2), chi2Constrained: chi2, chi2Relaxed: chi2u };
}
