/**
 * The solid-electrolyte analysis layer (src/analysis): exact formulas, truths recovered from the
 * example data generator, properties over random Ea, σ₂₅, geometry and noise, and bad input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  arrhenius, BOLTZMANN_EV, celsiusToKelvin, chronoamperometry, effectiveCapacitance, EisError, electronicConductivity,
  ionicConductivity, kelvinToCelsius, logFrequencies, parseCircuit, simulate, stabilityWindow, studentTQuantile,
  temperatureSeries, transferenceNumber,
} from '../src/index.ts';
import { Random } from '../src/random.ts';
import { makeSeedData, SEED_TRUTH, trueSigma } from '../examples/seed-data.ts';
import { seedFiles } from '../examples/seed-files.ts';
import { runSeedWorkflow } from '../examples/seed-workflow-core.ts';
import { ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);


describe('ionicConductivity', () => {
  it('σ = L/(R·A) with first-order error propagation', () => {
    const r = ionicConductivity({ resistance: 2000, resistanceStderr: 20, thicknessCm: 0.1, areaCm2: 0.2, thicknessStderrCm: 0.002, areaStderrCm2: 0.002 });
    expect(r.sigma).toBeCloseTo(0.1 / (2000 * 0.2), 18);
    expect(r.relativeStderr).toBeCloseTo(Math.sqrt(0.01 ** 2 + 0.02 ** 2 + 0.01 ** 2), 15);
    expect(r.stderr).toBeCloseTo(r.sigma * r.relativeStderr, 18);
    expect(r.cellConstant).toBeCloseTo(0.5, 15);
    expect(ionicConductivity({ resistance: 2000, thicknessCm: 0.1, areaCm2: 0.2 }).stderr).toBe(0);
  });
  it('rejects zero geometry, non-positive resistance and negative errors', () => {
    expectError(() => ionicConductivity({ resistance: 10, thicknessCm: 0, areaCm2: 1 }), 'E_ARG_RANGE', /thicknessCm/);
    expectError(() => ionicConductivity({ resistance: 10, thicknessCm: 1, areaCm2: 0 }), 'E_ARG_RANGE', /areaCm2/);
    expectError(() => ionicConductivity({ resistance: -1, thicknessCm: 1, areaCm2: 1 }), 'E_ARG_RANGE', /resistance/);
    expectError(() => ionicConductivity({ resistance: 1, resistanceStderr: -1, thicknessCm: 1, areaCm2: 1 }), 'E_ARG_RANGE', /resistanceStderr/);
    expectError(() => ionicConductivity({ resistance: Number.NaN, thicknessCm: 1, areaCm2: 1 }), 'E_NONFINITE');
  });
});

describe('effectiveCapacitance', () => {
  it("Brug's C = (R^(1−α)Q)^(1/α); α = 1 gives Q; the apex of the arc is at 1/(2π(RQ)^(1/α))", () => {
    const c = effectiveCapacitance({ resistance: 1e4, q: 1e-9, alpha: 0.8 });
    expect(c.capacitance).toBeCloseTo((1e4 ** 0.2 * 1e-9) ** 1.25, 20);
    expect(effectiveCapacitance({ resistance: 123, q: 4.5e-9, alpha: 1 }).capacitance).toBeCloseTo(4.5e-9, 22);
    // Z of R‖CPE at the apex frequency has its largest −Im part
    const arc = parseCircuit('p(R1,CPE1)');
    const f = logFrequencies(1e7, 1e-1, 801);
    const z = arc.impedance(f, [1e4, 1e-9, 0.8]);
    let best = 0;
    for (let i = 1; i < f.length; i++) if (-z.im[i]! > -z.im[best]!) best = i;
    expect(Math.abs(Math.log10(f[best]! / c.apexFrequency))).toBeLessThan(0.01);
  });
  it('says what an arc of that capacitance usually is (Irvine et al. 1990), per cell constant 1 cm⁻¹', () => {
    const kind = (C: number, L?: number, A?: number) => effectiveCapacitance({ resistance: 1, q: C, alpha: 1, ...(L ? { thicknessCm: L, areaCm2: A } : {}) }).kind;
    expect(kind(2e-12)).toBe('bulk');
    expect(kind(1e-9)).toBe('grain boundary');
    expect(kind(5e-8)).toBe('surface layer');
    expect(kind(2e-6)).toBe('electrode interface');
    expect(kind(1e-4)).toBe('electrochemical reaction');
    // 20 pF in a cell of constant 0.1/0.2 = 0.5 cm⁻¹ is 10 pF per unit cell constant: bulk
    expect(kind(1.6e-11, 0.1, 0.2)).toBe('bulk');
    expect(kind(2e-11, 0.1, 0.2)).toBe('grain boundary'); // 1e-11 F/cm: the boundary
    expect(effectiveCapacitance({ resistance: 1, q: 2e-11, alpha: 1, thicknessCm: 0.1, areaCm2: 0.2 }).capacitancePerCellConstant).toBeCloseTo(1e-11, 24);
    expectError(() => effectiveCapacitance({ resistance: 1, q: 1e-9, alpha: 1.2 }), 'E_ARG_RANGE', /alpha/);
  });
});

describe('arrhenius', () => {
  const T = [25, 35, 45, 55, 65, 75].map(celsiusToKelvin);
  it('recovers Ea and σ₀ exactly from exact points, in both forms', () => {
    const ea = 0.34, s0 = 1e3;
    const a = arrhenius(T.map((t) => ({ temperatureK: t, sigma: s0 * Math.exp(-ea / (BOLTZMANN_EV * t)) })));
    expect(a.activationEnergyEv).toBeCloseTo(ea, 12);
    expect(a.prefactor / s0).toBeCloseTo(1, 10);
    expect(a.r2).toBeCloseTo(1, 12);
    expect(a.stderr).toBeLessThan(1e-12);
    const b = arrhenius(T.map((t) => ({ temperatureK: t, sigma: (s0 / t) * Math.exp(-ea / (BOLTZMANN_EV * t)) })), { form: 'sigmaT' });
    expect(b.activationEnergyEv).toBeCloseTo(ea, 12);
    expect(b.prefactor / s0).toBeCloseTo(1, 10);
    // the σ form on σT data is biased by the 1/T factor (≈ k_B·T̄ = 0.028 eV): the forms differ
    expect(arrhenius(T.map((t) => ({ temperatureK: t, sigma: (s0 / t) * Math.exp(-ea / (BOLTZMANN_EV * t)) }))).activationEnergyEv - ea).toBeLessThan(-0.02);
  });

  it('errors shrink as the noise shrinks, and the 95 % interval holds the truth about 95 % of the time', () => {
    const rng = new Random(5);
    const trial = (noise: number) => {
      const pts = T.map((t) => ({ temperatureK: t, sigma: 2.4e-5 * Math.exp((-0.34 / BOLTZMANN_EV) * (1 / t - 1 / 298.15)) * Math.exp(noise * rng.normal()) }));
      return arrhenius(pts);
    };
    let covered = 0;
    const runs = 400;
    for (let k = 0; k < runs; k++) {
      const a = trial(0.02);
      if (a.ci95[0] <= 0.34 && 0.34 <= a.ci95[1]) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.92);
    expect(covered / runs).toBeLessThan(0.98);
    const mean = (noise: number) => Array.from({ length: 50 }, () => trial(noise).stderr).reduce((a, b) => a + b) / 50;
    const [s1, s2, s3] = [0.05, 0.005, 0.0005].map(mean);
    expect(s2! / s1!).toBeCloseTo(0.1, 1);
    expect(s3! / s2!).toBeCloseTo(0.1, 1);
  });

  it('property: random Ea, σ₂₅ and noise — Ea within 5 standard errors; weighting by σ errors', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 1.2, noNaN: true }), fc.double({ min: -8, max: -1, noNaN: true }), fc.double({ min: 1e-4, max: 0.05, noNaN: true }), fc.integer({ min: 1, max: 1e6 }),
      (ea, lg, noise, seed) => {
        const rng = new Random(seed);
        const pts = T.map((t) => {
          const s = 10 ** lg * Math.exp((-ea / BOLTZMANN_EV) * (1 / t - 1 / 298.15));
          return { temperatureK: t, sigma: s * Math.exp(noise * rng.normal()), sigmaStderr: s * noise };
        });
        const a = arrhenius(pts);
        expect(a.weighted).toBe(true);
        // the exact standard error of a weighted slope with known σ: k_B/√(Σw(x − x̄)²)
        const w = pts.map((p) => (p.sigma / p.sigmaStderr) ** 2), x = pts.map((p) => 1 / p.temperatureK);
        const sw = w.reduce((s, v) => s + v), mx = x.reduce((s, v, i) => s + w[i]! * v, 0) / sw;
        const exact = BOLTZMANN_EV / Math.sqrt(x.reduce((s, v, i) => s + w[i]! * (v - mx) ** 2, 0));
        expect(Math.abs(a.activationEnergyEv - ea)).toBeLessThan(5 * exact);
        expect(a.residuals.length).toBe(6);
      }), { seed: 3, numRuns: 200 });
  });

  it('weighted: the stderr is never below what the supplied errors imply (Birge ratio max(1, χ²_red)), and grows with excess scatter', () => {
    // 4 points exactly on a 0.4 eV line, each with a 10 % error: χ² = 0, the errors alone set the stderr
    const temps = [300, 320, 340, 360];
    const exactPts = temps.map((t) => ({ temperatureK: t, sigma: 1e3 * Math.exp(-0.4 / (BOLTZMANN_EV * t)), sigmaStderr: 0 }));
    exactPts.forEach((p) => (p.sigmaStderr = 0.1 * p.sigma));
    // Var(slope) = 1/Σw(x − x̄_w)², w = 1/σ_lnσ² = 1/0.1² (all equal: x̄_w is the plain mean)
    const x = temps.map((t) => 1 / t), mx = x.reduce((a, b) => a + b) / 4;
    const expected = BOLTZMANN_EV / Math.sqrt(x.reduce((a, v) => a + 100 * (v - mx) ** 2, 0));
    expect(expected).toBeCloseTo(0.0208, 4);
    const a = arrhenius(exactPts);
    expect(a.weighted).toBe(true);
    expect(a.activationEnergyEv).toBeCloseTo(0.4, 10);
    expect(a.stderr / expected).toBeCloseTo(1, 10);
    // scatter of ±30 % about the line with the same 10 % errors: χ²_red > 1 scales the stderr up by √χ²_red
    const wobble = [1.3, 0.75, 1.3, 0.75];
    const scattered = exactPts.map((p, i) => ({ ...p, sigma: p.sigma * wobble[i]!, sigmaStderr: 0.1 * p.sigma * wobble[i]! }));
    const b = arrhenius(scattered);
    const y = scattered.map((p) => Math.log(p.sigma));
    const my = y.reduce((q, v) => q + v) / 4;
    const slope = x.reduce((q, v, i) => q + (v - mx) * (y[i]! - my), 0) / x.reduce((q, v) => q + (v - mx) ** 2, 0);
    const chi2 = y.reduce((q, v, i) => q + 100 * (v - (my + slope * (x[i]! - mx))) ** 2, 0);
    expect(chi2 / 2).toBeGreaterThan(1);
    expect(b.stderr / (expected * Math.sqrt(chi2 / 2))).toBeCloseTo(1, 10);
  });

  it("weighting 'stderr' without any error falls back to unweighted, with a warning", () => {
    const pts = [300, 320, 340].map((t) => ({ temperatureK: t, sigma: Math.exp(-0.3 / (BOLTZMANN_EV * t)) * (t === 320 ? 1.01 : 1) }));
    const a = arrhenius(pts);
    expect(a.weighted).toBe(false);
    expect(a.warnings.join(' ')).toMatch(/No point has a sigmaStderr: the fit is unweighted/);
    expect(arrhenius(pts, { weighting: 'none' }).warnings).toEqual([]);
  });

  it('t quantiles: 12.706 (ν = 1), 2.776 (4), 2.228 (10), → 1.960', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764, 4);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 4);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764, 4);
  });

  it('rejects T ≤ 0 (naming kelvin), fewer than two temperatures, σ ≤ 0; two points give no error bar', () => {
    expectError(() => arrhenius([{ temperatureK: 25, sigma: 1e-5 }, { temperatureK: -10, sigma: 1e-5 }]), 'E_ARG_RANGE', /kelvin/);
    expectError(() => arrhenius([{ temperatureK: 300, sigma: 1e-5 }]), 'E_ARG_LENGTH', /at least two/);
    expectError(() => arrhenius([{ temperatureK: 300, sigma: 1e-5 }, { temperatureK: 300, sigma: 2e-5 }]), 'E_ARG_RANGE', /two different/);
    expectError(() => arrhenius([{ temperatureK: 300, sigma: 0 }, { temperatureK: 310, sigma: 1e-5 }]), 'E_ARG_RANGE', /sigma/);
    const two = arrhenius([{ temperatureK: 300, sigma: 1e-5 }, { temperatureK: 350, sigma: 1e-4 }]);
    expect(Number.isNaN(two.stderr)).toBe(true);
    expect(two.warnings.join(' ')).toMatch(/Two temperatures/);
    expect(kelvinToCelsius(celsiusToKelvin(25))).toBeCloseTo(25, 12);
  });
});

describe('transferenceNumber and chronoamperometry', () => {
  it('Bruce–Vincent is exact on exact inputs (the generator: 0.69), Evans without resistances', () => {
    const d = makeSeedData().transference, b = SEED_TRUTH.transference;
    const r = transferenceNumber({ deltaV: b.deltaV, i0: d.i0, iss: d.iss, r0: b.r0Ohm, rss: b.rssOhm });
    expect(Math.abs(r.tPlus - 0.69)).toBeLessThan(1e-9);
    expect(r.method).toBe('bruce-vincent');
    expect(r.formula).toMatch(/ΔV − I₀R₀/);
    const e = transferenceNumber({ deltaV: 0.01, i0: 2e-5, iss: 1.2e-5 });
    expect(e.tPlus).toBeCloseTo(0.6, 15);
    expect(e.method).toBe('evans');
    // propagated error: numerical derivatives agree with the first-order formula, every input
    const base = { deltaV: 0.01, i0: 1.6e-5, iss: 1e-5, r0: 200, rss: 250 };
    const deriv = (k: keyof typeof base, h: number) => (transferenceNumber({ ...base, [k]: base[k] + h }).tPlus - transferenceNumber({ ...base, [k]: base[k] - h }).tPlus) / (2 * h);
    const withErr = transferenceNumber({ ...base, issStderr: 1e-7, i0Stderr: 2e-7, r0Stderr: 3, rssStderr: 4 });
    expect(withErr.stderr / Math.hypot(deriv('iss', 1e-10) * 1e-7, deriv('i0', 1e-10) * 2e-7, deriv('r0', 1e-3) * 3, deriv('rss', 1e-3) * 4) - 1).toBeLessThan(1e-6);
    // Evans: absolute propagation stays finite when I_ss = 0
    expect(transferenceNumber({ deltaV: 0.01, i0: 2e-5, iss: 0, issStderr: 1e-7 }).stderr).toBeCloseTo(1e-7 / 2e-5, 15);
    // out of [0, 1]: a warning
    expect(transferenceNumber({ deltaV: 0.01, i0: 1e-5, iss: 1.5e-5 }).warnings.join(' ')).toMatch(/outside \[0, 1\]/);
  });

  it('rejects I₀ = 0, ΔV = 0, only one of r0/rss, and a drop that uses up ΔV', () => {
    expectError(() => transferenceNumber({ deltaV: 0.01, i0: 0, iss: 1e-5 }), 'E_ARG_RANGE', /i0/);
    expectError(() => transferenceNumber({ deltaV: 0, i0: 1e-5, iss: 1e-5 }), 'E_ARG_RANGE', /deltaV/);
    expectError(() => transferenceNumber({ deltaV: 0.01, i0: 1e-5, iss: 1e-5, r0: 100 }), 'E_MISSING_PARAM', /rss/);
    expectError(() => transferenceNumber({ deltaV: 0.01, i0: 1e-5, iss: 1e-5, r0: 100, rss: 1000 }), 'E_ARG_RANGE', /I_ss·R_ss = 0\.01 V is not smaller than ΔV/);
    // currents in mA read as A: both drops exceed ΔV, which would give a plausible-looking t⁺
    expectError(() => transferenceNumber({ deltaV: 0.01, i0: 0.025, iss: 0.01, r0: 200, rss: 250 }), 'E_ARG_RANGE', /Are the currents in A/);
  });

  it('I₀ from the first point or by extrapolation in √t; I_ss as the plateau mean, with the plateau stated', () => {
    const d = makeSeedData().transference;
    const first = chronoamperometry({ time: d.time, current: d.current }, { i0Method: 'first' });
    expect(first.i0).toBe(d.i0);
    expect(Math.abs(first.iss / d.iss - 1)).toBeLessThan(1e-7);
    expect(first.plateau.method).toMatch(/last 10 %/);
    expect(first.plateau.relativeChange).toBeLessThan(1e-6);
    expect(first.warnings).toEqual([]);
    // without the t = 0 point: extrapolation of a pure √t decay recovers I₀
    const t = Float64Array.from({ length: 2000 }, (_, i) => 1 + i);
    const I = Float64Array.from(t, (s) => 1e-5 - 2e-7 * Math.sqrt(s - 1));
    const ex = chronoamperometry({ time: t, current: I });
    expect(ex.i0Method).toBe('extrapolate');
    expect(ex.i0).toBeCloseTo(1e-5, 15);
    expect(ex.i0Detail).toMatch(/√/);
    // a record that has not settled is flagged
    expect(ex.warnings.join(' ')).toMatch(/steady state/);
    expectError(() => chronoamperometry({ time: [0, 2, 1], current: [1, 1, 1] }), 'E_ARG_RANGE', /increase/);
    expectError(() => chronoamperometry({ time: [0, 1, 2], current: [0, 1, 1] }, { i0Method: 'first' }), 'E_ARG_RANGE', /I₀/);
  });
});

describe('electronicConductivity and stabilityWindow', () => {
  it('σ_e from the I–V slope within 1 % of the generator (5.08e-12 S/cm); exact on exact data', () => {
    const d = makeSeedData().iv, g = SEED_TRUTH.geometry;
    const r = electronicConductivity({ voltage: d.voltage, current: d.current, ...g });
    expect(Math.abs(r.sigma / 5.08e-12 - 1)).toBeLessThan(0.01);
    expect(r.r2).toBeGreaterThan(0.999);
    const exact = electronicConductivity({ voltage: [-1, 0, 1, 2], current: [-2e-9 + 1e-12, 1e-12, 2e-9 + 1e-12, 4e-9 + 1e-12], thicknessCm: 0.1, areaCm2: 0.5 });
    expect(exact.resistance).toBeCloseTo(5e8, 0);
    expect(exact.intercept).toBeCloseTo(1e-12, 20);
    expect(exact.sigma).toBeCloseTo((2e-9 * 0.1) / 0.5, 22);
    expectError(() => electronicConductivity({ voltage: [1, 1, 1], current: [1, 2, 3], thicknessCm: 1, areaCm2: 1 }), 'E_ARG_RANGE', /span/);
    expectError(() => electronicConductivity({ voltage: [1, 2, 3], current: [1, 2], thicknessCm: 1, areaCm2: 1 }), 'E_ARG_LENGTH');
  });

  it('the anodic onset of the generated sweep is 4.5 V, cathodic not reached: a 4.5 V window from 0 V', () => {
    const d = makeSeedData().lsv;
    const r = stabilityWindow({ potential: d.potential, current: d.current, areaCm2: SEED_TRUTH.geometry.areaCm2, thresholdCurrentDensity: 1e-5 });
    expect(Math.abs(r.anodicOnset! - 4.5)).toBeLessThan(0.005);
    expect(r.cathodicOnset).toBeNull();
    expect(r.window).toBeCloseTo(r.anodicOnset! - 0, 12);
    expect(r.lowerLimit).toBe(0);
  });

  it('both onsets on a sweep through reduction and oxidation; a single spike is not an onset', () => {
    const E = Float64Array.from({ length: 701 }, (_, i) => -0.5 + i * 0.01); // −0.5 … 6.5 V
    const j = Float64Array.from(E, (e) => 1e-5 * (Math.exp((e - 4.2) / 0.05) - Math.exp((0.3 - e) / 0.05)));
    j[200] = 1e-3; // one noise spike at 1.5 V
    const r = stabilityWindow({ potential: E, current: j, areaCm2: 1, thresholdCurrentDensity: 1e-5 });
    expect(r.anodicOnset).toBeCloseTo(4.2, 2);
    expect(r.cathodicOnset).toBeCloseTo(0.3, 2);
    expect(r.window).toBeCloseTo(3.9, 2);
    expectError(() => stabilityWindow({ potential: E, current: j, areaCm2: 1, thresholdCurrentDensity: 0 }), 'E_ARG_RANGE', /threshold/);
  });
});

describe('temperatureSeries and the seed workflow', () => {
  it('recovers σ(T) within 2 % and Ea within 0.005 eV from the example data, with KK checks and a parameter table', async () => {
    const d = makeSeedData();
    const s = await temperatureSeries(d.series.map(({ freq, re, im, temperatureK }) => ({ freq, re, im, temperatureK })).reverse(),
      { circuit: SEED_TRUTH.circuit, bulk: 'R1', geometry: SEED_TRUTH.geometry });
    expect(s.points.map((p) => p.temperatureK)).toEqual(d.series.map((x) => x.temperatureK)); // sorted by temperature
    expect(s.points[0]!.index).toBe(5); // the input was reversed
    s.points.forEach((p) => {
      expect(Math.abs(p.sigma / trueSigma(p.temperatureK) - 1)).toBeLessThan(0.02);
      expect(p.kk!.pass, p.kk!.reasons.join(' | ')).toBe(true);
      expect(p.fit.quality.verdict, p.fit.quality.reasons.join(' | ')).toBe('good');
      // the generator's bulk arc: Brug's C = (R^(1−α)·Q)^(1/α) from its true R1, Q, α, 6–8e-12 F
      // per unit cell constant (Irvine et al.'s bulk range, below 1e-11)
      const { 'CPE1.Q': q, 'CPE1.alpha': alpha } = SEED_TRUTH.fixedParams;
      const r1 = SEED_TRUTH.geometry.thicknessCm / (trueSigma(p.temperatureK) * SEED_TRUTH.geometry.areaCm2);
      const cTrue = (r1 ** (1 - alpha) * q) ** (1 / alpha);
      expect(Math.abs(p.bulkCapacitance! / cTrue - 1)).toBeLessThan(0.05);
      expect((cTrue * SEED_TRUTH.geometry.thicknessCm) / SEED_TRUTH.geometry.areaCm2).toBeLessThan(1e-11);
      expect(p.bulkKind).toBe('bulk');
      expect(p.unresolvedArc).toBe(false);
    });
    expect(s.summary).toEqual({ quality: { good: 6, suspect: 0, bad: 0 }, kk: { pass: 6, fail: 0, skipped: 0 } });
    expect(s.warnings).toEqual([]);
    expect(Math.abs(s.arrhenius.activationEnergyEv - 0.34)).toBeLessThan(0.005);
    expect(s.arrhenius.weighted).toBe(true);
    expect(s.table.columns.slice(0, 4)).toEqual(['temperatureK', 'temperatureC', 'R0', 'R0 stderr']);
    expect(s.table.rows.length).toBe(6);
  });

  it('keeps the arcs apart: a two-arc sample whose fits come out with swapped labels is relabelled by capacitance', async () => {
    const c = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
    const f = logFrequencies(1e6, 0.1, 71);
    const temps = [300, 320, 340, 360];
    const spectra = temps.map((T, k) => ({
      // bulk (R1, ~pF) and grain boundary (R2, ~nF), both thermally activated
      ...simulate(c, f, [10, 1e4 * Math.exp(3000 * (1 / T - 1 / 300)), 1e-10, 0.9, 3e4 * Math.exp(4000 * (1 / T - 1 / 300)), 3e-8, 0.85], { noise: 0.002, seed: k }),
      temperatureK: T,
    }));
    // start values with the arcs exchanged, and no warm start: every fit ends with swapped labels
    const swapped = [10, 3e4, 3e-8, 0.85, 1e4, 1e-10, 0.9];
    const s = await temperatureSeries(spectra, { circuit: c, bulk: 'R1', geometry: { thicknessCm: 0.1, areaCm2: 0.2 }, initial: swapped, warmStart: false, kk: false, fitOptions: {} });
    // the first temperature defines the labels (here: R1 is the larger-capacitance arc, as fitted);
    // later temperatures must keep that assignment whatever their own fit did
    const c1 = s.points.map((p) => effectiveCapacitance({ resistance: p.fit.byName.R1!.value, q: p.fit.byName['CPE1.Q']!.value, alpha: p.fit.byName['CPE1.alpha']!.value }).capacitance);
    const c2 = s.points.map((p) => effectiveCapacitance({ resistance: p.fit.byName.R2!.value, q: p.fit.byName['CPE2.Q']!.value, alpha: p.fit.byName['CPE2.alpha']!.value }).capacitance);
    const first = Math.sign(c1[0]! - c2[0]!);
    c1.forEach((x, k) => expect(Math.sign(x - c2[k]!)).toBe(first));
    expect(s.points.every((p) => p.fit.success)).toBe(true);
  });

  it('property: random σ₂₅, Ea, pellet geometry and noise — σ(T) and Ea recovered through fits', async () => {
    const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
    const f = logFrequencies(1e6, 1, 51);
    const eps = 8.854e-14 * 300; // F/cm: the permittivity of the example data's bulk
    await fc.assert(fc.asyncProperty(
      fc.double({ min: -6, max: -5, noNaN: true }), fc.double({ min: 0.2, max: 0.5, noNaN: true }),
      fc.double({ min: 0.05, max: 0.2, noNaN: true }), fc.double({ min: 0.1, max: 0.8, noNaN: true }),
      fc.double({ min: 0.001, max: 0.004, noNaN: true }), fc.integer({ min: 1, max: 1e6 }),
      async (lg, ea, L, A, noise, seed) => {
        const sig = (T: number) => 10 ** lg * Math.exp((-ea / BOLTZMANN_EV) * (1 / T - 1 / 298.15));
        const spectra = [25, 45, 65].map((tc, k) => {
          const T = celsiusToKelvin(tc);
          const R = L / (sig(T) * A), C = (eps * A) / L; // bulk R and C of this geometry
          const q1 = C ** 0.9 / R ** 0.1; // Brug inverted for α = 0.9
          return { ...simulate(c, f, [5, R, q1, 0.9, 2e-6 * A / 0.2, 0.85], { noise, seed: seed + k }), temperatureK: T };
        });
        const s = await temperatureSeries(spectra, { circuit: c, bulk: 'R1', geometry: { thicknessCm: L, areaCm2: A }, kk: false });
        s.points.forEach((p) => expect(Math.abs(p.sigma / sig(p.temperatureK) - 1)).toBeLessThan(0.03));
        expect(Math.abs(s.arrhenius.activationEnergyEv - ea)).toBeLessThan(0.01);
      }), { seed: 8, numRuns: 25 });
  });

  it('the whole seed workflow from the example files gives the paper-style table', async () => {
    const r = await runSeedWorkflow(seedFiles(makeSeedData()));
    expect(Math.abs(r.sigma25.value / 2.4e-5 - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.series.arrhenius.activationEnergyEv - 0.34)).toBeLessThan(0.005);
    expect(Math.abs(r.transference.tPlus - 0.69)).toBeLessThan(0.005);
    // the Bruce–Vincent cell's arcs lie inside the sweep: both EIS fits are usable as they stand
    expect(r.transference.fits.before.quality.verdict, r.transference.fits.before.quality.reasons.join(' | ')).toBe('good');
    expect(r.transference.fits.after.quality.verdict, r.transference.fits.after.quality.reasons.join(' | ')).toBe('good');
    expect(r.series.summary).toEqual({ quality: { good: 6, suspect: 0, bad: 0 }, kk: { pass: 6, fail: 0, skipped: 0 } });
    expect(Math.abs(r.electronic.sigma / 5.08e-12 - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.stability.window! - 4.5)).toBeLessThan(0.01);
    // issue 13: Ea by the constrained global fit and the two-step GLS (truth 0.34 eV)
    expect(Math.abs(r.series.global!.constrained.activationEnergyEv - 0.34)).toBeLessThan(3 * r.series.global!.constrained.stderr);
    expect(Math.abs(r.series.global!.twoStep!.activationEnergyEv - 0.34)).toBeLessThan(3 * r.series.global!.twoStep!.stderr);
    expect(r.table.map((row) => row[0])).toEqual(['σ at 25 °C', 'Ea (global fit, Arrhenius-constrained)', 'Ea (two-step: GLS of ln σ vs 1/T)', 't⁺ (Bruce–Vincent)', 'σ_e (DC I–V)', 'stability window (10 µA/cm²)']);
  });

  it('rejects fewer than two temperatures, T ≤ 0, zero geometry and an unknown bulk parameter', async () => {
    const d = makeSeedData().series.map(({ freq, re, im, temperatureK }) => ({ freq, re, im, temperatureK }));
    const opts = { circuit: SEED_TRUTH.circuit, bulk: 'R1', geometry: SEED_TRUTH.geometry };
    const code = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as EisError).code;
    expect(await code(temperatureSeries(d.slice(0, 1), opts))).toBe('E_ARG_LENGTH');
    expect(await code(temperatureSeries([{ ...d[0]!, temperatureK: 0 }, d[1]!], opts))).toBe('E_ARG_RANGE');
    expect(await code(temperatureSeries(d, { ...opts, geometry: { thicknessCm: 0, areaCm2: 1 } }))).toBe('E_ARG_RANGE');
    expect(await code(temperatureSeries(d, { ...opts, bulk: 'R9' }))).toBe('E_UNKNOWN_PARAM');
  });
});
