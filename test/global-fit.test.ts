/**
 * The global fit over many spectra (specs/global-fit.md, issue 13). Core: the Schur-complement
 * step against the dense QR step on the whole J, the dense fallback, the covariance blocks
 * against the SVD of the dense J, noise-free series → true parameters.
 */
import { describe, expect, it } from 'vitest';
import { parseCircuit } from '../src/circuit/circuit.ts';
import { buildProblem } from '../src/fit/problem.ts';
import { log } from '../src/math/index.ts';
import { simulate, logFrequencies } from '../src/simulate.ts';
import { globalLayout, globalProblem, ROLE } from '../src/reference/global-map.ts';
import { arrowheadModel, ArrowheadSystem, globalLevenbergMarquardt } from '../src/reference/global-lm.ts';
import { arrowheadCovariance } from '../src/reference/global-covariance.ts';
import { covarianceFromJacobian } from '../src/reference/covariance.ts';
import { EA1, EA2, K_B, RECIPE_CIRCUIT, RECIPE_T, recipeParams, recipeSeries } from './global-recipe.ts';

const LM = { ftol: 1e-10, xtol: 1e-10, gtol: 1e-10, maxEvaluations: 2000 };

/** The recipe as a core problem (R1, R2 'sigma'; CPE1, CPE2 shared; CPE3 local) and a start θ off the truth. */
function recipeCore(noise = 0, seed = 1) {
  const c = parseCircuit(RECIPE_CIRCUIT);
  const spectra = recipeSeries(noise, seed);
  const prs = spectra.map((s) => buildProblem(c, { freq: s.freq, re: s.re, im: s.im }, { initial: recipeParams(s.temperatureK) }));
  const roles = Int32Array.from([ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL]);
  const lay = globalLayout(roles, Float64Array.from(RECIPE_T));
  const problem = globalProblem(c.kernelProgram, prs, lay);
  const T1 = RECIPE_T[0]!;
  const lnR1 = log(1.34e5) + (EA1 / K_B) * (1 / lay.tRef - 1 / T1), lnR2 = log(2.03e6) + (EA2 / K_B) * (1 / lay.tRef - 1 / T1);
  const u0 = prs[0]!.u0;
  const truth = new Float64Array(lay.G + RECIPE_T.length * lay.L);
  truth.set([lnR1, EA1, u0[1]!, u0[2]!, lnR2, EA2, u0[4]!, u0[5]!]);
  prs.forEach((pr, s) => truth.set([pr.u0[6]!, pr.u0[7]!], lay.G + s * lay.L));
  const start = truth.slice();
  start.set([lnR1 + 0.3, 0.5, u0[1]! - 0.2, u0[2]! + 0.2, lnR2 - 0.2, 0.95, u0[4]! + 0.1, u0[5]!]);
  return { c, prs, lay, problem, truth, start };
}

const maxRelDiff = (a: Float64Array, b: Float64Array) => {
  let e = 0, n = 0;
  for (let k = 0; k < a.length; k++) {
    e = Math.max(e, Math.abs(a[k]! - b[k]!));
    n = Math.max(n, Math.abs(b[k]!));
  }
  return e / n;
};

describe('global LM core (TS reference)', () => {
  it('the Schur-complement step equals the dense QR step on the whole J to 1e-10 (7 spectra × 40 f, 8 globals + 2 locals each)', () => {
    const { problem, start } = recipeCore(0.01, 3);
    const schur = arrowheadModel(problem, 'schur'), dense = arrowheadModel(problem, 'dense');
    const d1 = new Float64Array(schur.m), d2 = new Float64Array(schur.m);
    expect(schur.m).toBe(8 + 7 * 2);
    expect(schur.factorise(start, d1)).toBe(dense.factorise(start, d2));
    for (const lambda of [1e-8, 1e-3, 1, 1e3]) {
      const x1 = new Float64Array(schur.m), x2 = new Float64Array(schur.m);
      const p1 = schur.step(lambda, d1, x1), p2 = dense.step(lambda, d2, x2);
      expect(maxRelDiff(x1, x2)).toBeLessThan(1e-10);
      expect(Math.abs(p1 - p2) / Math.abs(p2)).toBeLessThan(1e-10);
    }
    expect(schur.fallbacks()).toBe(0);
  });

  it('a singular reduced system (two shared resistances in series, indistinguishable) falls back to the dense step', () => {
    const c = parseCircuit('R1-R2-p(R3,C1)');
    const f = logFrequencies(1e5, 1, 20);
    const T = [300, 320, 340];
    const prs = T.map((_t, s) => buildProblem(c, simulate(c, f, [10, 20, 100 * (s + 1), 1e-6]), { initial: [12, 15, 90, 1.1e-6] }));
    const lay = globalLayout(Int32Array.from([ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL]), Float64Array.from(T));
    const problem = globalProblem(c.kernelProgram, prs, lay);
    const theta = new Float64Array(lay.G + 3 * lay.L);
    theta.set([log(12), log(15)]);
    prs.forEach((pr, s) => theta.set([pr.u0[2]!, pr.u0[3]!], 2 + 2 * s));
    const schur = arrowheadModel(problem, 'schur'), dense = arrowheadModel(problem, 'dense');
    const d1 = new Float64Array(schur.m), d2 = new Float64Array(schur.m);
    schur.factorise(theta, d1);
    dense.factorise(theta, d2);
    const x1 = new Float64Array(schur.m), x2 = new Float64Array(schur.m);
    expect(schur.system.schurStep(1e-14, d1, x1)).toBe(false); // cond(S) ≈ 1e14·… > 1e12
    schur.step(1e-14, d1, x1);
    dense.step(1e-14, d2, x2);
    expect(schur.fallbacks()).toBe(1);
    expect(Array.from(x1)).toEqual(Array.from(x2));
  });

  it('a noise-free series returns the true parameters (ln R_ref, Ea, shared and local values to 1e-8)', () => {
    const { problem, start, truth } = recipeCore(0);
    const res = globalLevenbergMarquardt(problem, start, LM);
    expect(res.status).toBeGreaterThan(0);
    expect(res.chi2).toBeLessThan(1e-18);
    expect(maxRelDiff(start, truth)).toBeLessThan(1e-8);
    expect(Math.abs(start[1]! - EA1)).toBeLessThan(1e-9);
    expect(Math.abs(start[5]! - EA2)).toBeLessThan(1e-9);
    expect(res.denseFallbacks).toBe(0);
  });

  it('the Schur LM and the dense LM take the same path (same iterations and solution)', () => {
    const { problem, start } = recipeCore(0.01, 5);
    const a = start.slice(), b = start.slice();
    const ra = globalLevenbergMarquardt(problem, a, LM, 'schur'), rb = globalLevenbergMarquardt(problem, b, LM, 'dense');
    expect(ra.status).toBeGreaterThan(0);
    expect(ra.iterations).toBe(rb.iterations);
    expect(Math.abs(ra.chi2 - rb.chi2) / rb.chi2).toBeLessThan(1e-10);
    expect(maxRelDiff(a, b)).toBeLessThan(1e-7);
  });

  it('the covariance blocks (S₀⁻¹, −S₀⁻¹W_sV_s⁻¹, V_s⁻¹ + …) equal (JᵀJ)⁻¹ from the SVD of the dense J', () => {
    const { problem, start } = recipeCore(0.01, 7);
    globalLevenbergMarquardt(problem, start, LM);
    const sys = new ArrowheadSystem(problem);
    sys.evaluate(start);
    const { cov, determined } = arrowheadCovariance(sys);
    expect(determined).toBe(true);
    const { j } = sys.dense();
    const ref = covarianceFromJacobian(j, sys.n, sys.m, 1);
    expect(ref.determined).toBe(true);
    for (let a = 0; a < sys.m; a++) {
      for (let b = 0; b < sys.m; b++) {
        const scale = Math.sqrt(ref.cov[a * sys.m + a]! * ref.cov[b * sys.m + b]!);
        expect(Math.abs(cov[a * sys.m + b]! - ref.cov[a * sys.m + b]!) / scale).toBeLessThan(1e-8);
      }
    }
  });
});
