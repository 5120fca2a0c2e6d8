/**
 * Issue 14's Levenberg–Marquardt rules (src/reference/lm.ts): the initial damping by where the
 * start came from, and the statistical stop at the noise floor — in the TS reference and the
 * WASM loop alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALGORITHM, FIT_MESSAGES, FIT_STATUS } from '../src/abi/descriptor.ts';
import { fit, fitBatch, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { buildProblem } from '../src/fit/problem.ts';
import { fitReference, initialDamping, noiseFloor } from '../src/reference/fit.ts';
import { levenbergMarquardt, lmLoop, qrModel, type LsqProblem, type LmModel } from '../src/reference/lm.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const freq = logFrequencies(1e6, 1, 61);
const truth = [20, 1e4, 5e-10, 0.9, 1e-6, 0.8];
const spectrum = (seed: number, t = truth) => simulate(c, freq, t, { noise: 0.005, seed });

/** A linear least-squares problem r(u) = A u − b (the loop's first damped λ is what it reads). */
function linear(): LsqProblem {
  const A = [[1, 2], [3, 1], [0, 1], [1, -1]], b = [1, 2, 3, 4];
  const fill = (u: Float64Array, r: Float64Array) => {
    for (let i = 0; i < 4; i++) r[i] = A[i]![0]! * u[0]! + A[i]![1]! * u[1]! - b[i]!;
    return true;
  };
  return { m: 2, n: 4, residuals: fill, jacobian: (u, r, j) => fill(u, r) && (j.set(A.flat()), true) };
}

/** The damping of every step the loop asks a model for (λ = 0: the statistical stop's Gauss–Newton step). */
function recording(model: LmModel, lambdas: number[]): LmModel {
  return { ...model, step: (lambda, d, delta) => (lambdas.push(lambda), model.step(lambda, d, delta)) };
}

describe('initial damping by start kind', () => {
  it('buildProblem marks a start automatic only when no free start value came from the user', () => {
    const s = spectrum(1);
    expect(buildProblem(c, s, {}).automaticStart).toBe(true);
    expect(buildProblem(c, s, { initial: truth }).automaticStart).toBe(false);
    expect(buildProblem(c, s, { initial: { R1: 1e4 } }).automaticStart).toBe(false);
    // a start value of a fixed parameter is no start of the fit
    expect(buildProblem(c, s, { initial: { R0: 20 }, fixed: { R0: 20 } }).automaticStart).toBe(true);
  });

  it('λ0 is LAMBDA0_AUTO for automatic and warm starts, LAMBDA0 for user starts', () => {
    const s = spectrum(2);
    const auto = buildProblem(c, s, {}), user = buildProblem(c, s, { initial: truth });
    expect(ALGORITHM.LAMBDA0_AUTO).toBeLessThan(ALGORITHM.LAMBDA0);
    expect(initialDamping(auto, false)).toBe(ALGORITHM.LAMBDA0_AUTO);
    expect(initialDamping(auto, true)).toBe(ALGORITHM.LAMBDA0_AUTO);
    expect(initialDamping(user, false)).toBe(ALGORITHM.LAMBDA0);
    expect(initialDamping(user, true)).toBe(ALGORITHM.LAMBDA0_AUTO);
  });

  it('the loop takes its first damped step with opts.lambda0 (default LAMBDA0)', () => {
    for (const lambda0 of [undefined, 1e-6, 0.5]) {
      const lambdas: number[] = [];
      lmLoop(recording(qrModel(linear()), lambdas), new Float64Array(2), { ftol: 1e-12, xtol: 1e-12, gtol: 1e-12, maxEvaluations: 50, lambda0 });
      expect(lambdas[0]).toBe(lambda0 ?? ALGORITHM.LAMBDA0);
    }
  });

  it('the WASM fits choose λ0 as the TS reference does: same counts and χ² for automatic, user and warm starts', async () => {
    const spectra = [3, 4, 5, 6].map((k) => spectrum(k, truth.map((v, i) => v * (1 + 0.1 * ((k + i) % 3)))));
    for (const opts of [{}, { initial: truth }, { initial: truth, warmStart: true }, { warmStart: true }]) {
      const [w, j] = [await fitBatch(c, spectra, opts), await fitBatch(c, spectra, { ...opts, backend: 'js' })];
      for (let k = 0; k < spectra.length; k++) {
        // (the backends agree to the last bits, not in them: test/fit.test.ts)
        expect([w[k]!.njev, w[k]!.nfev, w[k]!.iterations, w[k]!.status]).toEqual([j[k]!.njev, j[k]!.nfev, j[k]!.iterations, j[k]!.status]);
        expect(Math.abs(w[k]!.chi2 - j[k]!.chi2)).toBeLessThanOrEqual(1e-12 * j[k]!.chi2);
      }
    }
    // and the start kind matters: the same start values as a user start take another path
    const auto = buildProblem(c, spectra[0]!, {});
    const a = fitReference(c.kernelProgram, auto), u = fitReference(c.kernelProgram, { ...auto, automaticStart: false });
    expect([a.njev, a.nfev]).not.toEqual([u.njev, u.nfev]);
  });
});

describe('statistical stop at the noise floor', () => {
  it('has its own status with a message, counted as success', () => {
    expect(FIT_STATUS.NOISE_FLOOR).toBe(6);
    expect(FIT_MESSAGES[FIT_STATUS.NOISE_FLOOR]).toMatch(/noise/);
  });

  it('is on by default and off when the user gives ftol, xtol or gtol, in both backends', () => {
    const s = spectrum(8);
    expect(buildProblem(c, s, {}).noiseStop).toBe(true);
    for (const key of ['ftol', 'xtol', 'gtol']) expect(buildProblem(c, s, { [key]: 1e-10 }).noiseStop).toBe(false);
    for (const backend of ['wasm', 'js'] as const) {
      const auto = fit(c, s, { backend }), tol = fit(c, s, { backend, ftol: 1e-10 });
      expect(auto.status).toBe(FIT_STATUS.NOISE_FLOOR);
      expect(auto.success).toBe(true);
      expect(tol.status).not.toBe(FIT_STATUS.NOISE_FLOOR);
      expect(tol.njev).toBeGreaterThan(auto.njev);
    }
  });

  it('ends χ² within ε·s² (measured: 1.003e-4·s² at most over 300 pellet spectra; bound 2ε) of a tight-tolerance fit without it', () => {
    const dof = 2 * freq.length - truth.length;
    let stopped = 0, runs = 0;
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, x) => {
      const t = [5 * 10 ** x, 1e3 * 10 ** (2 * x), 1e-10 * 10 ** x, 0.8 + 0.18 * x, 3e-7 * 10 ** x, 0.95 - 0.25 * x];
      const pr = buildProblem(c, spectrum(seed, t), {});
      const stop = fitReference(c.kernelProgram, pr);
      const tight = fitReference(c.kernelProgram, { ...pr, ftol: 1e-15, xtol: 1e-15, gtol: 1e-15 }, undefined, { noiseFloor: 0 });
      const s2 = tight.chi2 / dof;
      expect(stop.status).toBeGreaterThan(0);
      runs++;
      expect(stop.njev).toBeLessThanOrEqual(tight.njev);
      // the promise is the statistical stop's; a fit that ended on ftol instead (e.g. x = 0: the
      // R1‖CPE1 arc at ~90 MHz, outside the data) is as close: measured at most 2.0e-8·s² over
      // these 25 (4.65e-4·s² before phase B's bound step, when R0 crept to 0 and stopped on ftol)
      if (stop.status !== FIT_STATUS.NOISE_FLOOR) {
        expect(stop.chi2 - tight.chi2).toBeLessThanOrEqual(2 * ALGORITHM.NOISE_FLOOR * s2);
        return;
      }
      stopped++;
      expect(stop.chi2 - tight.chi2).toBeLessThanOrEqual(2 * ALGORITHM.NOISE_FLOOR * s2);
    }), { seed: 14, numRuns: 25 });
    expect(stopped).toBeGreaterThanOrEqual(0.25 * runs); // measured: 15 of 25 (the others end on ftol)
  });

  it('stops when the Gauss–Newton gain falls below ε·χ²/ν, not before', () => {
    const pr = buildProblem(c, spectrum(7), {});
    const fit = fitReference(c.kernelProgram, pr);
    expect(fit.status).toBe(FIT_STATUS.NOISE_FLOOR);
    expect(noiseFloor(pr)).toBe(ALGORITHM.NOISE_FLOOR / (2 * freq.length - 6));
    // the same path without the stop, cut one Jacobian earlier, is not yet at the floor: its χ² is higher
    const earlier = fitReference(c.kernelProgram, { ...pr, maxEvaluations: fit.nfev + fit.njev - 2 }, undefined, { noiseFloor: noiseFloor(pr) });
    expect(earlier.status).toBe(FIT_STATUS.MAX_EVALUATIONS);
    expect(earlier.chi2).toBeGreaterThan(fit.chi2);
  });

  it('is off by default in levenbergMarquardt (Jonscher and other callers keep their stops)', () => {
    const lambdas: number[] = [];
    const u = new Float64Array(2);
    const res = lmLoop(recording(qrModel(linear()), lambdas), u, { ftol: 1e-12, xtol: 1e-12, gtol: 1e-12, maxEvaluations: 50 });
    expect(lambdas).not.toContain(0);
    expect(res.status).not.toBe(FIT_STATUS.NOISE_FLOOR);
    const withStop = levenbergMarquardt(linear(), new Float64Array(2), { ftol: 1e-12, xtol: 1e-12, gtol: 1e-12, maxEvaluations: 50, noiseFloor: 1e30 });
    expect(withStop.status).toBe(FIT_STATUS.NOISE_FLOOR);
  });
});
