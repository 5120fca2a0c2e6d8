/**
 * The order of the single-spectrum LM's sums of squares (χ², trial χ², Gauss–Newton gain):
 * assembly/lm.ts dot adds in two f64x2 accumulators, src/reference/lm.ts chi2Sum in the same
 * order (issue 14, lever 5). The fit's χ² is checked bit for bit against chi2Sum of the residuals
 * at the WASM solution, and the order is shown to matter (the in-order sum differs on some fits).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, logFrequencies, parseCircuit, simulate, type Engine } from '../src/index.ts';
import { buildProblem } from '../src/fit/problem.ts';
import { wasmBackend } from '../src/backend/wasm.ts';
import { chi2Sum, sumsq } from '../src/reference/lm.ts';
import { ensureInit } from './helpers.ts';

describe('χ² in the order of two f64x2 accumulators', () => {
  let engine: Engine;
  beforeAll(async () => {
    await ensureInit();
    engine = await createEngine();
  });

  it('chi2Sum: (s₀ + s₂) + (s₁ + s₃) of the lanes i mod 4, then the remaining terms in order', () => {
    // squares of 2⁻⁵⁴ vanish one by one against 1 (half an ulp: ties to even), three of them in
    // one lane first do not (0.75 ulp)
    const t = 2 ** -27;
    const lane2 = Float64Array.of(1, 0, t, 0, 0, 0, t, 0, 0, 0, t, 0);
    expect(chi2Sum(lane2)).toBe(1 + 2 ** -52);
    expect(sumsq(lane2)).toBe(1);
    // lanes 1 and 3 are added to each other before lane 0's 1
    const u = Math.sqrt(3 * 2 ** -55);
    expect(chi2Sum(Float64Array.of(1, u, 0, u))).toBe(1 + 2 ** -52);
    expect(sumsq(Float64Array.of(1, u, 0, u))).toBe(1);
    // the terms after the last group of four, in order onto the lanes' sum
    expect(chi2Sum(Float64Array.of(0, 0, 0, 0, 1, t, t, t))).toBe(1);
    expect(chi2Sum(Float64Array.of(3, 4, 5), 2)).toBe(25);
    expect(chi2Sum(new Float64Array(0))).toBe(0);
  });

  it('the WASM fit\'s χ² is chi2Sum of its residuals, bit for bit (pellet fits in Z, N = 61 and 40)', () => {
    const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
    let differs = 0, fits = 0;
    for (const points of [61, 40]) {
      const freq = logFrequencies(1e6, 1, points);
      for (let k = 0; k < 8; k++) {
        const truth = [10 + 5 * k, 1000 * (1 + k), 1e-9 * (1 + 0.3 * k), 0.9, 1e-6, 0.8];
        const data = simulate(c, freq, truth, { noise: 0.005, seed: 50 + k });
        const pr = buildProblem(c, data, { representation: 'Z' });
        const [w] = wasmBackend(engine).fitBatch(c.kernelProgram, [pr]);
        const n = pr.n, r = new Float64Array(2 * n);
        for (let i = 0; i < n; i++) {
          r[i] = (pr.zre[i]! - w!.block.fittedRe[i]!) * (1 / pr.sre[i]!);
          r[n + i] = (pr.zim[i]! - w!.block.fittedIm[i]!) * (1 / pr.sim[i]!);
        }
        expect(Object.is(w!.chi2, chi2Sum(r))).toBe(true);
        if (sumsq(r) !== w!.chi2) differs++;
        fits++;
      }
    }
    expect(fits).toBe(16);
    expect(differs).toBeGreaterThan(0);
  });
});
