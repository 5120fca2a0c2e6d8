/**
 * Lin-KK (src/kk/linkk.ts): impedance.py compatibility, the verdict on passive, drifting and
 * non-causal spectra, the options, WASM == reference, batches and errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EisError, linKK, linKKBatch, logFrequencies, parseCircuit, simulate, type LinKKOptions } from '../src/index.ts';
import fx from './fixtures/linkk.json';
import { circuitArb, paramsArb } from './arbitraries.ts';
import { BACKENDS, ensureInit } from './helpers.ts';

beforeAll(ensureInit);

interface FixtureCase {
  options: { fitType: 'real' | 'imag' | 'complex'; addCapacitance: boolean; c: number; maxM: number };
  result: { M: number; mu: number; R0: number; Rk: number[]; L: number; invC: number; tau: number[]; pseudoChi2: number; noisePercent: number; muCurve: number[]; residuals: { re: number[]; im: number[] }; fitted: { re: number[]; im: number[] } };
}
const F = fx as unknown as { freq: number[]; re: number[]; im: number[]; cases: FixtureCase[] };
const exampleData = { freq: F.freq, re: F.re, im: F.im };

describe('impedance.py compatibility (exampleData.csv, all 66 points; test/fixtures/gen_linkk.py)', () => {
  for (const backend of BACKENDS) {
    it(`chooses impedance.py's M = 22, μ = 0.8306 with its settings (${backend})`, () => {
      expect(F.freq.length).toBe(66);
      const r = linKK(exampleData, { fitType: 'real', addCapacitance: false, c: 0.85, maxM: 50, method: 'mu', backend });
      expect(r.M).toBe(22);
      expect(r.mu).toBeCloseTo(0.8306, 4);
      expect(r.muCurve.M.length).toBe(22); // the 'mu' rule stops at the first M with μ < c
      expect(r.muCurve.mu[21]).toBe(r.mu);
      expect(r.muCurve.mu.slice(0, 21).every((m) => !(m < 0.85))).toBe(true);
    });

    it(`matches the generator on every fit type, with and without the series C (${backend})`, () => {
      for (const { options, result } of F.cases) {
        const r = linKK(exampleData, { ...options, method: 'mu', backend }); // impedance.py's rule, by name
        const label = JSON.stringify(options);
        expect(r.M, label).toBe(result.M);
        expect(r.mu, label).toBeCloseTo(result.mu, 9);
        expect(Math.abs(r.chi2ps - result.pseudoChi2) / result.pseudoChi2, label).toBeLessThan(1e-8);
        expect(r.noiseEstimate, label).toBeCloseTo(result.noisePercent, 8);
        for (let i = 0; i < 66; i++) {
          expect(Math.abs(r.residuals.re[i]! - result.residuals.re[i]!), `${label} re[${i}]`).toBeLessThan(1e-9);
          expect(Math.abs(r.residuals.im[i]! - result.residuals.im[i]!), `${label} im[${i}]`).toBeLessThan(1e-9);
        }
        r.tau.forEach((t, k) => expect(t / result.tau[k]! - 1).toBeLessThan(1e-13));
        expect(Array.from(r.muCurve.mu)).toHaveLength(result.muCurve.length);
        r.muCurve.mu.forEach((m, k) => expect(m, `${label} μ(${k + 1})`).toBeCloseTo(result.muCurve[k]!, 8));
        expect(r.elements.resistance).toBeCloseTo(result.R0, 9);
        expect(r.elements.inductance!).toBeCloseTo(result.L, 12);
        if (options.addCapacitance) expect(1 / r.elements.capacitance! / result.invC - 1).toBeLessThan(1e-8);
        else expect(r.elements.capacitance).toBeNull();
      }
    });
  }
});

// circuits without inductors: a series-Voigt circuit cannot follow an inductive loop inside a
// parallel network (μ never settles), a known limit of Lin-KK with RC elements
const passiveArb = circuitArb.filter((c) => !/L/.test(c.source));
const f71 = logFrequencies(1e6, 1e-2, 71);

describe('verdict', () => {
  it('spectra of random passive circuits with 0.1 % noise pass, with residuals at the noise level (score method, F_ext searched)', () => {
    fc.assert(fc.property(passiveArb.chain((c) => fc.record({ c: fc.constant(c), p: paramsArb(c), seed: fc.integer({ min: 1, max: 1e6 }) })), ({ c, p, seed }) => {
      const d = simulate(parseCircuit(c.source), f71, p, { noise: 0.001, seed });
      fc.pre([...d.re, ...d.im].every(Number.isFinite));
      const r = linKK(d, { method: 'score', extension: 'auto', extensionSteps: 11 });
      expect(r.pass, `${c.source}: max |Δ| ${r.maxResidual}`).toBe(true);
      expect(r.maxResidual).toBeLessThan(0.006); // ≈ 5σ of 142 residuals
      // SD estimate ≈ the noise (0.1 %), a little lower: the fitted coefficients absorb some
      expect(r.noiseEstimate).toBeGreaterThan(0.05);
      expect(r.noiseEstimate).toBeLessThan(0.12);
    }), { seed: 9, numRuns: 30 });
  });

  const pellet = parseCircuit('R0-p(R1,CPE1)-CPE2');
  const f61 = logFrequencies(1e6, 1, 61);
  const truth = [20, 1e4, 3e-10, 0.9, 1e-6, 0.8];
  /** The pellet spectrum with R1 drifting linearly by `drift` during the sweep (1 MHz → 1 Hz), 0.1 % noise. */
  const drifting = (drift: number) => {
    const noise = simulate(pellet, f61, truth, { noise: 0.001, seed: 3 });
    const exact = simulate(pellet, f61, truth);
    const re = new Float64Array(61), im = new Float64Array(61);
    for (let i = 0; i < 61; i++) {
      const p = truth.slice();
      p[1] = truth[1]! * (1 + (drift * i) / 60);
      const z = simulate(pellet, [f61[i]!], p);
      re[i] = z.re[0]! + noise.re[i]! - exact.re[i]!;
      im[i] = z.im[0]! + noise.im[i]! - exact.im[i]!;
    }
    return { freq: f61, re, im };
  };

  for (const backend of BACKENDS) {
    it(`a resistance drifting by 20 % during the sweep fails; the noise estimate grows with the drift (${backend})`, () => {
      const opts: LinKKOptions = { method: 'score', extension: 'auto', extensionSteps: 5, backend };
      const steady = linKK(drifting(0), opts);
      expect(steady.pass).toBe(true);
      const drifted = linKK(drifting(0.2), opts);
      expect(drifted.pass).toBe(false);
      expect(drifted.maxResidual).toBeGreaterThan(0.01);
      const sd = [0, 0.05, 0.1, 0.2].map((d) => linKK(drifting(d), opts).noiseEstimate);
      for (let k = 1; k < sd.length; k++) expect(sd[k]).toBeGreaterThan(sd[k - 1]!);
    });

    it(`a non-causal artefact (a 3 % bump in Re Z alone around 1 kHz) fails, and the worst residual is at the bump (${backend})`, () => {
      const clean = simulate(pellet, f61, truth, { noise: 0.001, seed: 3 });
      const re = Float64Array.from(clean.re, (v, i) => v + 0.03 * Math.hypot(v, clean.im[i]!) * Math.exp(-((Math.log10(f61[i]!) - 3) ** 2) / 0.05));
      const r = linKK({ freq: f61, re, im: clean.im }, { method: 'score', extension: 'auto', extensionSteps: 5, backend });
      expect(r.pass).toBe(false);
      expect(Math.abs(Math.log10(f61[r.maxResidualIndex]!) - 3)).toBeLessThanOrEqual(0.2);
      expect(linKK(clean, { method: 'score', extension: 'auto', extensionSteps: 5, backend }).pass).toBe(true);
    });
  }
});

describe('options', () => {
  const d = simulate(parseCircuit('R0-p(R1,C1)-p(R2,CPE1)-W1'), f71, [10, 100, 1e-7, 300, 1e-4, 0.8, 30], { noise: 0.002, seed: 5 });

  it("'score' takes the largest S = −log₁₀χ²/(c − μ)^β over the top run of M with μ < c", () => {
    // exampleData in the admittance representation: μ first falls below c at M = 36, but the
    // score prefers a larger M of the final run
    const r = linKK(exampleData, { method: 'score', representation: 'Y' });
    expect(r.method).toBe('score');
    expect(r.muCurve.M.length).toBe(50); // it scans every M
    expect(r.M).not.toBe(linKK(exampleData, { representation: 'Y', method: 'mu' }).M);
    const { mu, chi2ps } = r.muCurve;
    let k = 49;
    const run: number[] = [];
    while (k >= 0 && mu[k]! < 0.85) run.push(k--);
    expect(run.length).toBeGreaterThan(0);
    const s = (i: number) => -Math.log10(chi2ps[i]!) / (0.85 - mu[i]!) ** 0.75;
    const best = run.reduce((a, b) => (s(b) > s(a) ? b : a));
    expect(r.M).toBe(best + 1);
    expect(r.mu).toBe(mu[best]);
  });

  it('a fixed M is used as given; extension: "auto" never ends worse than F_ext = 1', () => {
    const r = linKK(d, { M: 7 });
    expect(r.M).toBe(7);
    expect(r.method).toBe('fixed');
    expect(Array.from(r.muCurve.M)).toEqual([7]);
    expect(r.tau.length).toBe(7);
    const auto = linKK(d, { extension: 'auto', extensionSteps: 5 }); // log F_ext ∈ {−1, −0.5, 0, 0.5, 1}
    expect([0.1, 10 ** -0.5, 1, 10 ** 0.5, 10].some((e) => Math.abs(auto.extension / e - 1) < 1e-12)).toBe(true);
    expect(auto.chi2ps).toBeLessThanOrEqual(linKK(d).chi2ps * (1 + 1e-12));
    // the time constants span [1/(F·ω_max), F/ω_min]
    const wMax = 2 * Math.PI * 1e6, wMin = 2 * Math.PI * 1e-2;
    expect(auto.tau[0]! * auto.extension * wMax).toBeCloseTo(1, 10);
    expect(auto.tau[auto.M - 1]! * wMin / auto.extension).toBeCloseTo(1, 10);
  });

  it('admittance representation: a parallel R‖C is its own model (R_p, C_p exact, branches ~0)', () => {
    const rc = simulate(parseCircuit('p(R1,C1)'), f71, [1e5, 2e-9]);
    for (const backend of BACKENDS) {
      const y = linKK(rc, { representation: 'Y', M: 3, backend });
      expect(y.elements.resistance / 1e5 - 1).toBeLessThan(1e-9);
      expect(Math.abs(y.elements.capacitance! / 2e-9 - 1)).toBeLessThan(1e-9);
      y.capacitances.forEach((ck) => expect(Math.abs(ck)).toBeLessThan(1e-18));
      expect(y.maxResidual).toBeLessThan(1e-10);
      // the fitted impedance is the model's Z = 1/Y
      for (let i = 0; i < 71; i++) expect(Math.hypot(y.fitted.re[i]! - rc.re[i]!, y.fitted.im[i]! - rc.im[i]!) / Math.hypot(rc.re[i]!, rc.im[i]!)).toBeLessThan(1e-9);
    }
    // in the impedance representation the same spectrum needs the RC elements
    const z = linKK(rc, { M: 3 });
    expect(z.resistances.some((r) => Math.abs(r) > 1)).toBe(true);
  });

  it('resistances and capacitances of the RC elements satisfy τ_k = R_k·C_k in both representations', () => {
    for (const representation of ['Z', 'Y'] as const) {
      const r = linKK(d, { representation, M: 9 });
      for (let k = 0; k < 9; k++) expect(r.resistances[k]! * r.capacitances[k]! / r.tau[k]! - 1).toBeLessThan(1e-12);
    }
  });
});

describe('ill-posed problems', () => {
  it('M is limited to the number of frequencies; a rank-deficient design gives no verdict, with a warning', () => {
    const d = simulate(parseCircuit('R0-p(R1,C1)'), logFrequencies(1e5, 1, 12), [10, 100, 1e-6], { noise: 0.005, seed: 3 });
    expect(() => linKK(d, { M: 13 })).toThrowError(/at most 12 RC elements/);
    // the same frequency measured five times: the RC columns cannot be told apart
    const same = { freq: [1000, 1000, 1000, 1000, 1000, 10, 100], re: [50, 50, 50, 50, 50, 100, 90], im: [-10, -10, -10, -10, -10, -5, -20] };
    for (const backend of BACKENDS) {
      const r = linKK(same, { M: 4, backend });
      expect(r.pass).toBe(false);
      expect(r.warnings.join(' ')).toMatch(/rank deficient/);
    }
  });
});

describe('WASM == reference', () => {
  it('the same M, μ, χ² and residuals on random circuits and options', () => {
    const optsArb = fc.record({
      fitType: fc.constantFrom('complex' as const, 'real' as const, 'imag' as const),
      representation: fc.constantFrom('Z' as const, 'Y' as const),
      addCapacitance: fc.boolean(), addInductance: fc.boolean(),
      method: fc.constantFrom('mu' as const, 'score' as const),
      maxM: fc.integer({ min: 3, max: 30 }),
    });
    fc.assert(fc.property(passiveArb.chain((c) => fc.record({ c: fc.constant(c), p: paramsArb(c) })), optsArb, ({ c, p }, o) => {
      const d = simulate(parseCircuit(c.source), logFrequencies(1e5, 0.1, 31), p, { noise: 0.003, seed: 1 });
      fc.pre([...d.re, ...d.im].every(Number.isFinite));
      const w = linKK(d, { ...o, backend: 'wasm' });
      const j = linKK(d, { ...o, backend: 'js' });
      expect(w.M).toBe(j.M);
      expect(w.muCurve.M.length).toBe(j.muCurve.M.length);
      if (Number.isFinite(j.chi2ps) && j.chi2ps > 1e-20) {
        // the design matrices are the same up to rounding; ill-conditioned fits amplify it
        expect(Math.abs(w.chi2ps - j.chi2ps)).toBeLessThanOrEqual(1e-6 * j.chi2ps);
        for (let i = 0; i < 31; i++) expect(Math.abs(w.residuals.re[i]! - j.residuals.re[i]!)).toBeLessThan(1e-6);
      }
    }), { seed: 4, numRuns: 60 });
  });
});

describe('linKKBatch', () => {
  const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
  const spectra = [1e3, 1e4, 1e5].map((r1, k) => simulate(c, logFrequencies(1e6, 1, 41 + 10 * k), [20, r1, 3e-10, 0.9, 1e-6, 0.8], { noise: 0.002, seed: k }));
  for (const backend of BACKENDS) {
    it(`gives linKK's result for every spectrum (different lengths), in order, with progress (${backend})`, async () => {
      const seen: number[] = [];
      const res = await linKKBatch(spectra, { method: 'score', backend, chunkSize: 2, onProgress: (done, total) => seen.push(done * 10 + total) });
      expect(seen).toEqual([23, 33]);
      res.forEach((r, k) => {
        const one = linKK(spectra[k]!, { method: 'score', backend });
        expect(r.M).toBe(one.M);
        expect(r.chi2ps).toBe(one.chi2ps);
        expect(r.residuals.re.length).toBe(spectra[k]!.freq.length);
        expect(Array.from(r.residuals.im)).toEqual(Array.from(one.residuals.im));
      });
    });
  }

  for (const backend of BACKENDS) {
    it(`a throwing onProgress rejects with E_CALLBACK (its error as cause) and runs no further chunk (${backend})`, async () => {
      const mine = new Error('stop here');
      let calls = 0;
      const e = await linKKBatch(spectra, { backend, chunkSize: 1, onProgress: () => { calls++; throw mine; } }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EisError);
      expect((e as EisError).code).toBe('E_CALLBACK');
      expect((e as EisError).message).toContain('stop here');
      expect((e as EisError).details).toEqual({ argument: 'onProgress', cause: mine });
      expect(calls).toBe(1);
    });
  }
  it('names an invalid spectrum', async () => {
    const bad = [...spectra, { freq: [1, 2, 3], re: [1, 2], im: [1, 2, 3] }];
    const e = await linKKBatch(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EisError);
    expect((e as EisError).code).toBe('E_ARG_LENGTH');
    expect((e as EisError).message).toMatch(/spectra\[3\]/);
  });
});

describe('errors', () => {
  const d = simulate(parseCircuit('R0-p(R1,C1)'), logFrequencies(1e5, 1, 20), [10, 100, 1e-6]);
  const cases: [LinKKOptions | Record<string, unknown>, string, RegExp][] = [
    [{ fitType: 'both' }, 'E_ARG_RANGE', /fitType/],
    [{ representation: 'y' }, 'E_ARG_RANGE', /representation/],
    [{ c: 1 }, 'E_ARG_RANGE', /`c` must be a number in \(0, 1\)/],
    [{ maxM: 0 }, 'E_ARG_RANGE', /maxM/],
    [{ M: 2.5 }, 'E_ARG_RANGE', /`M` must be an integer/],
    [{ M: 3, method: 'score' }, 'E_ARG_RANGE', /Give one of them/],
    [{ M: 100 }, 'E_ARG_RANGE', /at most \d+ RC elements/],
    [{ extension: 0 }, 'E_ARG_RANGE', /extension/],
    [{ method: 'mu', extensionSteps: 5 }, 'E_ARG_RANGE', /only applies with extension: 'auto'/],
    [{ extension: 1, extensionSteps: 5 }, 'E_ARG_RANGE', /only applies with extension: 'auto'/],
    [{ verdict: 'strict' }, 'E_ARG_RANGE', /`verdict` must be 'statistics', 'threshold'; got "strict"/],
    [{ method: 'best' }, 'E_ARG_RANGE', /`method` must be 'mu', 'score', 'noise'/],
    [{ addCapacitance: 'yes' }, 'E_ARG_TYPE', /addCapacitance/],
    [{ threshold: -1 }, 'E_ARG_RANGE', /threshold/],
    [{ cutoff: 0.8 }, 'E_ARG_RANGE', /Unknown option `cutoff`/],
  ];
  for (const [opts, code, msg] of cases) {
    it(`${JSON.stringify(opts)} → ${code}`, () => {
      const e = (() => {
        try {
          linKK(d, opts as LinKKOptions);
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(EisError);
      expect((e as EisError).code).toBe(code);
      expect((e as EisError).message).toMatch(msg);
    });
  }
  it('a point with Z = 0, too few points, non-finite data', () => {
    const zero = { freq: [1, 2, 3, 4], re: [1, 0, 1, 1], im: [0, 0, -1, -1] };
    expect(() => linKK(zero)).toThrowError(/Z = 0 at index 1/);
    expect(() => linKK({ freq: [1], re: [1], im: [-1] }, { fitType: 'real' })).toThrowError(EisError);
    expect(() => linKK({ freq: [1, 2, 3], re: [1, NaN, 1], im: [1, 1, 1] })).toThrowError(/finite/);
  });
});
