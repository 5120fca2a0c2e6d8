/**
 * The series verdicts (src/analysis/series.ts, arrhenius.ts), in Node and Chromium: a one-arc
 * circuit on a bulk + grain-boundary sample is flagged (residual structure) instead of giving
 * the total as "bulk σ" silently; a one-arc sample whose capacitance per cell constant is a
 * grain boundary's is flagged too; quality and KK counts; Arrhenius weighting 'stderr' | 'none'
 * (the unweighted slope checked against the closed-form least-squares line).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arrhenius, BOLTZMANN_EV, logFrequencies, parseCircuit, simulate, temperatureSeries } from '../src/index.ts';
import { ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);

const geometry = { thicknessCm: 0.1, areaCm2: 0.2 }; // cell constant L/A = 0.5 cm⁻¹
const temps = [300, 320, 340, 360];
const f = logFrequencies(1e7, 0.1, 81);

describe('one arc in the circuit, two in the data', () => {
  it('bulk + grain boundary fitted with one arc: every point flagged, with the reason', async () => {
    const two = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)-CPE3');
    const spectra = temps.map((T, k) => ({
      // bulk ~3e-12 F/cm and grain boundary ~2e-9 F/cm (per cell constant), both activated
      ...simulate(two, f, [20, 2e4 * Math.exp(3000 * (1 / T - 1 / 300)), 2e-11, 0.95, 4e4 * Math.exp(4000 * (1 / T - 1 / 300)), 1e-8, 0.9, 2e-6, 0.85], { noise: 0.005, seed: 30 + k }),
      temperatureK: T,
    }));
    const s = await temperatureSeries(spectra, { circuit: 'R0-p(R1,CPE1)-CPE2', bulk: 'R1', geometry });
    expect(s.points.every((p) => p.unresolvedArc)).toBe(true);
    for (const p of s.points) expect(p.warnings.join(' ')).toMatch(/The circuit has one arc, and (the fit's residuals show structure|its effective capacitance .* grain boundary)/);
    expect(s.summary.quality.good).toBe(0);
    expect(s.warnings[0]).toMatch(/^Fit quality: 0 good, \d suspect, \d bad of 4\./);
    // the two-arc circuit on the same data: nothing to flag
    const ok = await temperatureSeries(spectra, { circuit: 'R0-p(R1,CPE1)-p(R2,CPE2)-CPE3', bulk: 'R1', geometry, initial: [20, 2e4, 2e-11, 0.95, 4e4, 1e-8, 0.9, 2e-6, 0.85] });
    expect(ok.points.map((p) => p.unresolvedArc)).toEqual([false, false, false, false]);
    expect(ok.summary.quality.good).toBe(4);
  });

  it('two arcs in the circuit, bulk naming the grain-boundary arc: warned, naming both arcs and their C_eff per cell constant', async () => {
    const two = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)-CPE3');
    const truth = (T: number) => [20, 2e4 * Math.exp(3000 * (1 / T - 1 / 300)), 2e-11, 0.95, 4e4 * Math.exp(4000 * (1 / T - 1 / 300)), 1e-8, 0.9, 2e-6, 0.85];
    const spectra = temps.map((T, k) => ({ ...simulate(two, f, truth(T), { noise: 0.005, seed: 30 + k }), temperatureK: T }));
    const options = { circuit: two, geometry, initial: truth(300), kk: false as const };
    const wrong = await temperatureSeries(spectra, { ...options, bulk: 'R2' });
    for (const p of wrong.points) {
      expect(p.bulkKind).toBe('grain boundary');
      expect(p.fit.quality.verdict).toBe('good');
      const w = p.warnings.join(' ');
      expect(w).toMatch(/`bulk` names R2, whose arc R2‖CPE2 has an effective capacitance of \d\.\d+e-9 F\/cm \(grain boundary\), but the arc R1‖CPE1 has the smaller \d\.\d+e-12 F\/cm \(bulk\)/);
    }
    // the right arc: no such warning
    const right = await temperatureSeries(spectra, { ...options, bulk: 'R1' });
    for (const p of right.points) expect(p.warnings.join(' ')).not.toMatch(/`bulk` names/);
    // the smallest-capacitance arc, but of grain-boundary size (2e-10 F/cm): warned too
    const rc = parseCircuit('R0-p(R1,C1)-p(R2,C2)');
    const gb = temps.map((T, k) => ({ ...simulate(rc, f, [20, 1e4 * Math.exp(3000 * (1 / T - 1 / 300)), 4e-10, 5e4, 1e-6], { noise: 0.003, seed: 60 + k }), temperatureK: T }));
    const s = await temperatureSeries(gb, { circuit: rc, bulk: 'R1', geometry, initial: [20, 1e4, 4e-10, 5e4, 1e-6], kk: false });
    for (const p of s.points) {
      expect(p.bulkCapacitancePerCellConstant! / 2e-10).toBeCloseTo(1, 2);
      expect(p.warnings.join(' ')).toMatch(/`bulk` names R1, the arc with the smallest effective capacitance, but 2\.00e-10 F\/cm .* is typical of a grain boundary, not of a bulk/);
    }
  });

  it("a single arc whose capacitance per cell constant is a grain boundary's (1e-11–1e-8 F) is flagged", async () => {
    const one = parseCircuit('R0-p(R1,CPE1)-CPE2');
    // C_eff ≈ 4e-10 F → 2e-10 F/cm at L/A = 0.5 cm⁻¹
    const spectra = temps.map((T, k) => ({ ...simulate(one, f, [20, 1e4 * Math.exp(3000 * (1 / T - 1 / 300)), 4e-10, 1, 2e-6, 0.85], { noise: 0.003, seed: 50 + k }), temperatureK: T }));
    const s = await temperatureSeries(spectra, { circuit: one, bulk: 'R1', geometry });
    for (const p of s.points) {
      expect(p.bulkKind).toBe('grain boundary');
      expect(p.unresolvedArc).toBe(true);
      expect(p.warnings.join(' ')).toMatch(/effective capacitance \(2\.\d+e-10 F\/cm at cell constant 1 cm⁻¹\) is typical of a grain boundary/);
    }
    expect(s.summary.kk.pass + s.summary.kk.fail).toBe(4);
    const noKk = await temperatureSeries(spectra, { circuit: one, bulk: 'R1', geometry, kk: false });
    expect(noKk.summary.kk).toEqual({ pass: 0, fail: 0, skipped: 4 });
  });
});

describe('Arrhenius weighting', () => {
  const points = [
    { temperatureK: 300, sigma: 1.0e-5, sigmaStderr: 1e-7 },
    { temperatureK: 320, sigma: 2.9e-5, sigmaStderr: 3e-6 },
    { temperatureK: 340, sigma: 6.4e-5, sigmaStderr: 2e-7 },
    { temperatureK: 360, sigma: 1.5e-4, sigmaStderr: 2e-5 },
  ];
  it("'none' is the ordinary least-squares line of ln σ on 1/T; 'stderr' (default) weights by (σ/δσ)²", () => {
    const x = points.map((p) => 1 / p.temperatureK), y = points.map((p) => Math.log(p.sigma));
    const mx = x.reduce((a, b) => a + b) / 4, my = y.reduce((a, b) => a + b) / 4;
    const slope = x.reduce((a, xi, i) => a + (xi - mx) * (y[i]! - my), 0) / x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
    const none = arrhenius(points, { weighting: 'none' });
    expect(none.weighted).toBe(false);
    expect(none.activationEnergyEv).toBeCloseTo(-slope * BOLTZMANN_EV, 12);
    const w = arrhenius(points);
    expect(w.weighted).toBe(true);
    expect(Math.abs(w.activationEnergyEv - none.activationEnergyEv)).toBeGreaterThan(1e-3);
    expectError(() => arrhenius(points, { weighting: 'sigma' as never }), 'E_ARG_RANGE', /`weighting` must be 'stderr' or 'none'; got "sigma"/);
  });

  it('temperatureSeries passes weighting through', async () => {
    const one = parseCircuit('R0-p(R1,CPE1)-CPE2');
    const spectra = temps.map((T, k) => ({ ...simulate(one, f, [20, 1e4 * Math.exp(3000 * (1 / T - 1 / 300)), 5e-12, 0.95, 2e-6, 0.85], { noise: 0.003, seed: 70 + k }), temperatureK: T }));
    const a = await temperatureSeries(spectra, { circuit: one, bulk: 'R1', geometry, kk: false, weighting: 'none' });
    const b = await temperatureSeries(spectra, { circuit: one, bulk: 'R1', geometry, kk: false });
    expect(a.arrhenius.weighted).toBe(false);
    expect(b.arrhenius.weighted).toBe(true);
    expect(a.arrhenius.activationEnergyEv).toBeCloseTo(arrhenius(a.points.map((p) => ({ temperatureK: p.temperatureK, sigma: p.sigma })), {}).activationEnergyEv, 12);
    await expect(temperatureSeries(spectra, { circuit: one, bulk: 'R1', geometry, weighting: 'x' as never })).rejects.toThrow(/`weighting` must be 'stderr' or 'none'/);
  });
});
