/**
 * Fits against scipy: the same data fitted by scipy.optimize.least_squares (MINPACK 'lm',
 * analytic Jacobian, tolerances 1e-15) with its covariance (test/fixtures/gen_fits.py, run
 * offline; conventions in fits.json). eiskit must reach χ² no worse than scipy, the same
 * parameters, and the same covariance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fit, parseCircuit, type FitOptions } from '../src/index.ts';
import fixtures from './fixtures/fits.json';
import { BACKENDS, ensureInit } from './helpers.ts';

beforeAll(ensureInit);

interface Problem {
  name: string; circuit: string; weighting: 'modulus' | 'unit' | 'proportional'; initial: number[];
  freq: number[]; re: number[]; im: number[];
  scipy: { params: number[]; chi2: number; covariance: number[][]; stderr: number[] };
}
const problems = (fixtures as unknown as { problems: Problem[] }).problems;

describe('fits agree with scipy least_squares', () => {
  it('the fixture holds the expected problems', () => {
    expect(problems.map((p) => p.name)).toEqual(['pellet', 'randles', 'two-arc', 'pellet-noisefree', 'impedancepy-exampleData', 'two-arc-componentnoise']);
  });

  for (const p of problems) {
    for (const backend of BACKENDS) {
      it(`${p.name} (${backend})`, () => {
        const c = parseCircuit(p.circuit);
        // scipy ran unbounded; 'two-arc' has its optimum at a negative R0, so it runs unbounded here too
        const bounds: FitOptions['bounds'] = p.scipy.params.some((v) => v < 0)
          ? Object.fromEntries(c.paramNames.map((n) => [n, [-Infinity, Infinity] as const]))
          : undefined;
        const r = fit(c, p, { initial: p.initial, weighting: p.weighting, bounds, ftol: 1e-14, xtol: 1e-14, gtol: 1e-14, maxEvaluations: 5000, backend });
        expect(r.success, r.message).toBe(true);
        expect(r.chi2).toBeLessThanOrEqual(p.scipy.chi2 * (1 + 1e-9) + 1e-28);
        const P = c.paramNames.length;
        p.scipy.params.forEach((v, k) => {
          // same minimum: within 1e-6 relative or 1e-4 of a standard error (flat directions)
          expect(Math.abs(r.params[k]! - v), c.paramNames[k]).toBeLessThanOrEqual(1e-6 * Math.abs(v) + 1e-4 * p.scipy.stderr[k]!);
        });
        if (p.name === 'pellet-noisefree') return; // χ² ≈ 1e-30: the covariance is rounding noise
        for (let a = 0; a < P; a++) {
          for (let b = 0; b < P; b++) {
            const ref = p.scipy.covariance[a]![b]!;
            const scale = Math.sqrt(p.scipy.covariance[a]![a]! * p.scipy.covariance[b]![b]!);
            expect(Math.abs(r.covariance[a * P + b]! - ref) / scale, `cov[${c.paramNames[a]}, ${c.paramNames[b]}]`).toBeLessThan(1e-5);
          }
        }
      });
    }
  }
});
