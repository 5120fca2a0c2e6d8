/**
 * fit(…, { representation: 'Z' | 'Y' | 'M' }) (issue 13, specs/global-fit.md Part B, "Fitting
 * in Y or M"): the facts of the spec on synthetic spectra whose truth is known, on both backends
 * (this file runs in Node and in Chromium). The independent references are the true parameters
 * of noise-free spectra, the algebra of the representations (M = jωC0·Z: the modulus-weighted
 * residual is the impedance one times j; σ_M = ωC0·σ_Z and σ_Y = |Y|²σ_Z make explicit σ of
 * 1 % |Z| the same fit as modulus weighting scaled by 1e4; C0 scales unit-weighted χ² by C0²) and
 * the scatter of the estimates over seeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fit, fitBatch, logFrequencies, parseCircuit, simulate, type FitResult } from '../src/index.ts';
import { BACKENDS, ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);

const pellet = parseCircuit('R0-p(R1,CPE1)-CPE2');
const pelletTruth = [15, 2654, 2e-9, 0.85, 3e-6, 0.8];
const pelletStart = pelletTruth.map((x, i) => x * [1.3, 0.7, 2.0, 0.95, 0.5, 1.05][i]!);
const f61 = logFrequencies(1e6, 1, 61);
/** A pellet 1 mm thick, 1 cm²: C0 = ε0·A/L = 8.8541878128e-13 F (ε0 = 8.8541878128e-14 F/cm, CODATA 2018). */
const geometry = { thicknessCm: 0.1, areaCm2: 1 };
const C0 = (8.8541878128e-14 * 1) / 0.1;

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('noise-free spectra fitted in Y or M return their true parameters', () => {
  const cases = [
    { name: 'pellet', c: pellet, truth: pelletTruth, start: pelletStart, f: f61 },
    { name: 'Randles with Warburg', c: parseCircuit('R0-p(R1-W1,C1)'), truth: [20, 100, 50, 1e-5], start: [16, 150, 30, 2e-5], f: logFrequencies(1e5, 1e-2, 50) },
    { name: 'two arcs', c: parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)'), truth: [10, 1000, 1e-9, 0.9, 5000, 1e-7, 0.8], start: [15, 700, 3e-9, 0.87, 7000, 4e-8, 0.88], f: logFrequencies(1e6, 0.1, 71) },
  ];
  const variants = [
    { representation: 'Y' as const },
    { representation: 'M' as const },
    { representation: 'M' as const, geometry },
    { representation: 'Y' as const, weighting: 'unit' as const },
    { representation: 'M' as const, weighting: 'proportional' as const },
  ];
  for (const { name, c, truth, start, f } of cases) {
    for (const backend of BACKENDS) {
      it(`${name} (${backend})`, () => {
        const data = simulate(c, f, truth);
        for (const v of variants) {
          const r = fit(c, data, { initial: start, backend, ...v });
          const label = JSON.stringify(v);
          expect(r.success, `${label}: ${r.message}`).toBe(true);
          expect(r.representation, label).toBe(v.representation);
          r.params.forEach((p, k) => expect(rel(p, truth[k]!), `${label} ${c.paramNames[k]}`).toBeLessThan(1e-6));
          // fitted and residuals stay Z (Ohm) in every representation
          const z = c.impedance(f, truth, { backend: 'js' });
          r.fitted.re.forEach((x, i) => expect(Math.abs(x - z.re[i]!)).toBeLessThan(1e-6 * Math.hypot(z.re[i]!, z.im[i]!)));
        }
      });
    }
  }
});

describe('modulus weighting: M is the same fit as Z (the residual times j)', () => {
  for (const backend of BACKENDS) {
    it(`identical iterates, χ² and parameters on noisy spectra, with and without geometry (${backend})`, () => {
      for (const seed of [1, 2, 3]) {
        const data = simulate(pellet, f61, pelletTruth, { noise: 0.01, seed });
        const z = fit(pellet, data, { initial: pelletStart, backend });
        for (const extra of [{}, { geometry }]) {
          const m = fit(pellet, data, { initial: pelletStart, backend, representation: 'M', ...extra });
          expect([m.status, m.iterations, m.nfev, m.njev]).toEqual([z.status, z.iterations, z.nfev, z.njev]);
          expect(rel(m.chi2, z.chi2)).toBeLessThan(1e-12);
          m.params.forEach((p, k) => expect(rel(p, z.params[k]!)).toBeLessThan(1e-10));
          m.stderr.forEach((s, k) => expect(rel(s, z.stderr[k]!)).toBeLessThan(1e-8));
        }
      }
    });
  }

  it("so is 'proportional' weighting (|Re M| = ωC0|Im Z| weighs the residual that was Im Z's)", () => {
    const data = simulate(pellet, f61, pelletTruth, { noise: 0.01, seed: 7 });
    for (const backend of BACKENDS) {
      const z = fit(pellet, data, { initial: pelletStart, backend, weighting: 'proportional' });
      const m = fit(pellet, data, { initial: pelletStart, backend, weighting: 'proportional', representation: 'M', geometry });
      expect([m.status, m.iterations, m.nfev]).toEqual([z.status, z.iterations, z.nfev]);
      expect(rel(m.chi2, z.chi2)).toBeLessThan(1e-12);
      m.params.forEach((p, k) => expect(rel(p, z.params[k]!)).toBeLessThan(1e-10));
      // while Y is a different fit: its weights are |Re Y| and |Im Y|
      const y = fit(pellet, data, { initial: pelletStart, backend, weighting: 'proportional', representation: 'Y' });
      expect(rel(y.params[1]!, z.params[1]!)).toBeGreaterThan(1e-6);
    }
  });

  it('per-part σ carry over with the parts swapped: M with σ {re, im} is the Z fit with the same σ', () => {
    const data = simulate(pellet, f61, pelletTruth, { noise: 0.01, seed: 4 });
    const z = pellet.impedance(f61, pelletTruth, { backend: 'js' });
    const sigma = { re: z.re.map((x, i) => 0.01 * Math.abs(x) + 0.002 * Math.abs(z.im[i]!)), im: z.im.map((x, i) => 0.01 * Math.abs(x) + 0.003 * Math.abs(z.re[i]!)) };
    for (const backend of BACKENDS) {
      const rz = fit(pellet, data, { initial: pelletStart, backend, weighting: { sigma } });
      const rm = fit(pellet, data, { initial: pelletStart, backend, weighting: { sigma }, representation: 'M', geometry });
      expect([rm.iterations, rm.nfev]).toEqual([rz.iterations, rz.nfev]);
      expect(rel(rm.chi2, rz.chi2)).toBeLessThan(1e-12);
      rm.params.forEach((p, k) => expect(rel(p, rz.params[k]!)).toBeLessThan(1e-10));
    }
  });
});

describe('explicit σ of Z transform to X: σ = 1 % |Z| is modulus weighting with χ² × 1e4', () => {
  for (const backend of BACKENDS) {
    it(`Y (σ_Y = |Y|²σ_Z) and M (σ_M = ωC0·σ_Z) (${backend})`, () => {
      const data = simulate(pellet, f61, pelletTruth, { noise: 0.01, seed: 6 });
      const one = data.re.map((x, i) => 0.01 * Math.hypot(x, data.im[i]!));
      for (const extra of [{ representation: 'Y' as const }, { representation: 'M' as const, geometry }]) {
        const mod = fit(pellet, data, { initial: pelletStart, backend, ...extra });
        for (const sigma of [one, { re: one, im: one }]) {
          const sg = fit(pellet, data, { initial: pelletStart, backend, ...extra, weighting: { sigma } });
          expect(sg.iterations).toBe(mod.iterations);
          expect(rel(sg.chi2, mod.chi2 * 1e4)).toBeLessThan(1e-9);
          sg.params.forEach((p, k) => expect(rel(p, mod.params[k]!)).toBeLessThan(1e-8));
          sg.stderr.forEach((s, k) => expect(rel(s, mod.stderr[k]!)).toBeLessThan(1e-6));
          // absolute σ: the covariance is not rescaled by χ²/dof
          const abs = fit(pellet, data, { initial: pelletStart, backend, ...extra, weighting: { sigma }, absoluteSigma: true });
          abs.stderr.forEach((s, k) => expect(rel(s, sg.stderr[k]! / Math.sqrt(sg.reducedChi2))).toBeLessThan(1e-6));
        }
      }
    });
  }
});

describe('C0 of the geometry scales M but not the solution', () => {
  it('unit weighting: the same parameters, χ² × C0²', () => {
    const data = simulate(pellet, f61, pelletTruth, { noise: 0.01, seed: 8 });
    for (const backend of BACKENDS) {
      const plain = fit(pellet, data, { initial: pelletStart, backend, representation: 'M', weighting: 'unit' });
      const geo = fit(pellet, data, { initial: pelletStart, backend, representation: 'M', weighting: 'unit', geometry });
      const dia = fit(pellet, data, { initial: pelletStart, backend, representation: 'M', weighting: 'unit', geometry: { thicknessCm: 0.1, diameterCm: Math.sqrt(4 / Math.PI) } });
      expect(plain.success && geo.success).toBe(true);
      // (R0 runs to its bound 0 here, undetermined in unit-weighted M: stderr 1.8e7 × its value)
      geo.params.forEach((p, k) => expect(Math.abs(p - plain.params[k]!)).toBeLessThan(1e-7 * plain.params[k]! + 1e-6 * plain.stderr[k]!));
      geo.stderr.forEach((s, k) => expect(rel(s, plain.stderr[k]!)).toBeLessThan(1e-4));
      expect(rel(geo.chi2, plain.chi2 * C0 * C0)).toBeLessThan(1e-9);
      expect(rel(dia.chi2, geo.chi2)).toBeLessThan(1e-9);
    }
  });
});

describe('Y with modulus weighting differs from Z only at second order in the relative residual', () => {
  it('1 % noise: within 0.1 stderr; ten times less noise: a hundred times closer', () => {
    const diffs = [0.01, 0.001].map((noise) => {
      const data = simulate(pellet, f61, pelletTruth, { noise, seed: 5 });
      // converged minima (ftol given: no statistical stop, whose ε·s² band is as wide as the second-order difference at 0.1 % noise)
      const z = fit(pellet, data, { initial: pelletStart, ftol: 1e-10 });
      const y = fit(pellet, data, { initial: pelletStart, representation: 'Y', ftol: 1e-10 });
      expect(z.success && y.success).toBe(true);
      if (noise === 0.01) y.params.forEach((p, k) => expect(Math.abs(p - z.params[k]!), pellet.paramNames[k]).toBeLessThan(0.1 * z.stderr[k]!));
      return Array.from(y.params, (p, k) => rel(p, z.params[k]!));
    });
    // first order would shrink the difference ten times; second order shrinks it a hundred times
    diffs[1]!.forEach((d, k) => expect(d, pellet.paramNames[k]).toBeLessThan(diffs[0]![k]! / 50));
  });
});

describe('unit weighting: M stresses the high-frequency (bulk) arc, Z the low-frequency one', () => {
  // bulk arc R1‖C1 (τ = 0.4 µs) and grain boundary R2‖C2 (τ = 80 µs), noise 1 % of |Z|
  const c = parseCircuit('R0-p(R1,C1)-p(R2,C2)');
  const truth = [5, 2e4, 2e-11, 4e4, 2e-9];
  const f = logFrequencies(1e7, 1, 71);
  // The stderr each fit reports (from its weighted Jacobian: what its weighting stresses) flip
  // between the arcs; the scatter of the estimates over seeds agrees where the weighting is not
  // too far from the noise. (The noise is 1 % of |Z|, which neither unit weighting models: Z's
  // stderr overstate the bulk's error, whose points carry little absolute noise.)
  it('Z reports the grain boundary better resolved than the bulk, M the bulk better than the grain boundary (stderr and scatter over 12 seeds)', () => {
    const err = { Z: [] as number[][], M: [] as number[][] };
    const sd = { Z: [] as Float64Array[], M: [] as Float64Array[] };
    for (let seed = 1; seed <= 12; seed++) {
      const data = simulate(c, f, truth, { noise: 0.01, seed });
      for (const representation of ['Z', 'M'] as const) {
        const r: FitResult = fit(c, data, { initial: truth, representation, weighting: 'unit' });
        expect(r.success).toBe(true);
        err[representation].push(Array.from(r.params, (p, k) => (p - truth[k]!) / truth[k]!));
        sd[representation].push(r.stderr.map((s, k) => s / truth[k]!));
      }
    }
    const rms = (rows: number[][], k: number) => Math.sqrt(rows.reduce((s, r) => s + r[k]! ** 2, 0) / rows.length);
    const [R1, C1, R2, C2] = [1, 2, 3, 4];
    for (let s = 0; s < 12; s++) {
      // Z: the grain boundary (large |Z|, low f) better than the bulk; M the other way round
      expect(sd.Z[s]![R2]!).toBeLessThan(sd.Z[s]![R1]!);
      expect(sd.Z[s]![C2]!).toBeLessThan(sd.Z[s]![C1]!);
      expect(sd.M[s]![R1]!).toBeLessThan(sd.M[s]![R2]! / 10);
      expect(sd.M[s]![C1]!).toBeLessThan(sd.M[s]![C2]! / 10);
    }
    // the scatter: M resolves the bulk far better than the grain boundary
    expect(rms(err.M, C1)).toBeLessThan(rms(err.M, C2) / 5);
    expect(rms(err.M, R1)).toBeLessThan(rms(err.M, R2) / 3);
    // the grain boundary is resolved far better in Z, the bulk capacitance better in M
    expect(rms(err.Z, R2)).toBeLessThan(rms(err.M, R2) / 3);
    expect(rms(err.Z, C2)).toBeLessThan(rms(err.M, C2) / 3);
    expect(rms(err.M, C1)).toBeLessThan(rms(err.Z, C1) / 1.5);
  });
});

describe('WASM fit == TS reference fit in Y and M', () => {
  it('same outcome and parameters on random pellet problems', () => {
    fc.assert(fc.property(
      fc.record({
        r1: fc.double({ min: 3, max: 5, noNaN: true }), q1: fc.double({ min: -10, max: -9, noNaN: true }),
        a1: fc.double({ min: 0.8, max: 0.98, noNaN: true }), q2: fc.double({ min: -6.5, max: -5.5, noNaN: true }),
        a2: fc.double({ min: 0.7, max: 0.95, noNaN: true }), seed: fc.integer({ min: 1, max: 1e6 }),
        k: fc.array(fc.double({ min: 0.6, max: 1.6, noNaN: true }), { minLength: 6, maxLength: 6 }),
        representation: fc.constantFrom('Y' as const, 'M' as const),
        weighting: fc.constantFrom('modulus' as const, 'proportional' as const),
        withGeometry: fc.boolean(),
      }),
      ({ r1, q1, a1, q2, a2, seed, k, representation, weighting, withGeometry }) => {
        // identifiable problems only (the arc's apex ≤ 1 MHz): beyond it R0 and R1 trade along a
        // flat valley (test/fit.test.ts) where Y fits still take different paths in the two
        // backends from last-bit differences (R0 > 0, hundreds of iterations; measured over 1500
        // draws: 6 of the 391 beyond 1 MHz in Y, 0 in M; 13 and 4 before phase B's bound step)
        fc.pre(1 / (2 * Math.PI * (10 ** (r1 + q1)) ** (1 / a1)) <= 1e6);
        const truth = [20, 10 ** r1, 10 ** q1, a1, 10 ** q2, a2];
        const start = truth.map((x, i) => (i === 3 || i === 5 ? Math.min(0.99, x * (0.95 + 0.05 * k[i]!)) : x * k[i]!));
        const data = simulate(pellet, f61, truth, { noise: 0.005, seed });
        const o = { initial: start, representation, weighting, ...(withGeometry && representation === 'M' ? { geometry } : {}) };
        const w = fit(pellet, data, { ...o, backend: 'wasm' });
        const j = fit(pellet, data, { ...o, backend: 'js' });
        expect(w.success, w.message).toBe(true);
        expect(j.success, j.message).toBe(true);
        expect(Math.abs(w.chi2 - j.chi2)).toBeLessThanOrEqual(1e-9 * j.chi2);
        w.params.forEach((v, i) => expect(Math.abs(v - j.params[i]!)).toBeLessThanOrEqual(1e-6 * Math.abs(j.params[i]!) + 1e-3 * j.stderr[i]!));
        // at least as good as the truth, in the same representation
        const atTruth = fit(pellet, data, { ...o, initial: truth, backend: 'wasm', maxEvaluations: 2 });
        expect(w.chi2).toBeLessThanOrEqual(atTruth.chi2 * (1 + 1e-9));
      }), { seed: 42, numRuns: 30 });
  });
});

describe('fitBatch carries the option (one thread and workers)', () => {
  it('the fits of fit(), in order', async () => {
    const spectra = [1, 2, 3, 4].map((seed) => simulate(pellet, f61, pelletTruth, { noise: 0.01, seed }));
    const o = { initial: pelletStart, representation: 'Y' as const, weighting: 'unit' as const };
    const single = spectra.map((s) => fit(pellet, s, o));
    for (const extra of [{}, { workers: 2 }, { backend: 'js' as const }]) {
      const batch = await fitBatch(pellet, spectra, { ...o, ...extra });
      batch.forEach((r, k) => {
        expect(r.representation).toBe('Y');
        const ref = 'backend' in extra ? fit(pellet, spectra[k]!, { ...o, backend: 'js' }) : single[k]!;
        expect(r.chi2).toBe(ref.chi2);
        expect(Array.from(r.params)).toEqual(Array.from(ref.params));
      });
    }
    // and a batch in M with geometry in workers: χ² of the modulus (not of Z)
    const m = await fitBatch(pellet, spectra, { initial: pelletStart, representation: 'M', geometry, weighting: 'unit', workers: 2 });
    m.forEach((r, k) => expect(r.chi2).toBe(fit(pellet, spectra[k]!, { initial: pelletStart, representation: 'M', geometry, weighting: 'unit' }).chi2));
  });
});

describe('options', () => {
  const data = simulate(pellet, f61, pelletTruth);
  it("'Z' is the default and is echoed", () => {
    const a = fit(pellet, data, { initial: pelletStart }), b = fit(pellet, data, { initial: pelletStart, representation: 'Z' });
    expect(a.representation).toBe('Z');
    expect(b.chi2).toBe(a.chi2);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
  });
  it('bad values are typed errors naming the option', () => {
    const bad = (o: object, code: 'E_ARG_RANGE' | 'E_ARG_TYPE', arg: string, ...frag: (string | RegExp)[]) => {
      const e = expectError(() => fit(pellet, data, { initial: pelletStart, ...o } as never), code, ...frag);
      expect(e.details.argument).toBe(arg);
    };
    bad({ representation: 'X' }, 'E_ARG_RANGE', 'representation', /'Z', 'Y', 'M'/);
    bad({ representation: 'y' }, 'E_ARG_RANGE', 'representation');
    bad({ representation: 1 }, 'E_ARG_RANGE', 'representation');
    bad({ representation: 'Y', geometry }, 'E_ARG_RANGE', 'geometry', /only with representation 'M'/);
    bad({ geometry }, 'E_ARG_RANGE', 'geometry');
    bad({ representation: 'M', geometry: 1 }, 'E_ARG_TYPE', 'geometry');
    // the geometry checks of src/representation/geometry.ts (as toModulus)
    bad({ representation: 'M', geometry: { thicknessCm: 0.1 } }, 'E_ARG_TYPE', 'geometry.areaCm2', /electrode area/);
    bad({ representation: 'M', geometry: { thicknessCm: 0.1, areaCm2: 1, diameterCm: 1 } }, 'E_ARG_TYPE', 'geometry', /both areaCm2 and diameterCm/);
    bad({ representation: 'M', geometry: { thicknessCm: -1, areaCm2: 1 } }, 'E_ARG_RANGE', 'geometry.thicknessCm');
    bad({ representation: 'M', geometry: { thicknessCm: 0.1, areaCm2: '1' } }, 'E_ARG_TYPE', 'geometry.areaCm2');
  });
  it('proportional weighting names the representation when a part of X is zero', () => {
    // a pure resistance R0 at high frequency: Im Y = 0 exactly where Im Z = 0
    const z = { freq: [1e3, 1e2, 10], re: [5, 6, 7], im: [0, -1, -2] };
    expectError(() => fit(parseCircuit('R0-C1'), z, { representation: 'Y', weighting: 'proportional' }), 'E_ARG_RANGE', /\|Im Y\|/);
  });
});
