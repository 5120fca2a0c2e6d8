/**
 * arrhenius(points, { covariance }): the generalised least-squares line of specs/global-fit.md §7
 * against numpy (test/fixtures/gen_gls.py → gls.json), against the weighted fit for a diagonal
 * covariance, against the closed form for equicorrelated errors, and by Monte Carlo: with errors
 * shared across temperatures its reported stderr matches the spread of Ea, the diagonal fit's does not.
 */
import { describe, expect, it } from 'vitest';
import fx from './fixtures/gls.json';
import { arrhenius, BOLTZMANN_EV, logCovariance, type ArrheniusPoint } from '../src/analysis/arrhenius.ts';
import { Random } from '../src/random.ts';
import { errorCodeAndArgument } from './helpers.ts';

const points = (T: number[], sigma: number[]): ArrheniusPoint[] => T.map((t, i) => ({ temperatureK: t, sigma: sigma[i]! }));
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('arrhenius with a covariance: GLS against numpy', () => {
  it.each(fx.gls.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const a = arrhenius(points(c.temperatureK, c.sigma), { form: c.form as 'sigma' | 'sigmaT', covariance: c.covariance });
    expect(a.generalized).toBe(true);
    expect(a.weighted).toBe(true);
    expect(rel(a.activationEnergyEv, c.ea)).toBeLessThan(1e-11);
    expect(rel(a.stderr, c.stderr)).toBeLessThan(1e-10);
    expect(rel(a.intercept, c.intercept)).toBeLessThan(1e-11);
    expect(rel(a.lnPrefactorStderr, c.lnPrefactorStderr)).toBeLessThan(1e-9);
    expect(rel(a.ci95[1] - a.activationEnergyEv, c.ci95halfwidth)).toBeLessThan(1e-10);
    for (let i = 0; i < c.residuals.length; i++) expect(Math.abs(a.residuals[i]! - c.residuals[i]!)).toBeLessThan(1e-11);
    const flat = arrhenius(points(c.temperatureK, c.sigma), { form: c.form as 'sigma' | 'sigmaT', covariance: Float64Array.from(c.covariance.flat()) });
    expect(flat.activationEnergyEv).toBe(a.activationEnergyEv); // n² values row-major: the same matrix
    expect(flat.stderr).toBe(a.stderr);
  });
  it.each(fx.gls.map((c) => [c.name, c] as const))("scale: 'absolute', Cov(β) = (XᵀC⁻¹X)⁻¹ unscaled: %s", (_, c) => {
    const a = arrhenius(points(c.temperatureK, c.sigma), { form: c.form as 'sigma' | 'sigmaT', covariance: c.covariance, scale: 'absolute' });
    const birge = Math.sqrt(Math.max(1, c.chi2 / (c.temperatureK.length - 2)));
    expect(rel(a.activationEnergyEv, c.ea)).toBeLessThan(1e-11);
    expect(rel(a.stderr, c.stderr / birge)).toBeLessThan(1e-10);
    expect(rel(a.lnPrefactorStderr, c.lnPrefactorStderr / birge)).toBeLessThan(1e-9);
  });
  it('the fixture exercises both sides of the Birge scaling (χ²/dof above and below 1)', () => {
    const ratios = fx.gls.map((c) => c.chi2 / (c.temperatureK.length - 2));
    expect(Math.min(...ratios)).toBeLessThan(1);
    expect(Math.max(...ratios)).toBeGreaterThan(1);
  });
});

describe('arrhenius with a covariance: against the weighted fit and closed forms', () => {
  it('a diagonal covariance gives the weighted fit (sigmaStderr = σ·√C_ss) to rounding', () => {
    for (const c of fx.gls.filter((g) => g.name.startsWith('diagonal'))) {
      const T = c.temperatureK, s = c.sigma;
      const gls = arrhenius(points(T, s), { covariance: c.covariance });
      const wls = arrhenius(T.map((t, i) => ({ temperatureK: t, sigma: s[i]!, sigmaStderr: s[i]! * Math.sqrt(c.covariance[i]![i]!) })));
      expect(wls.generalized).toBe(false);
      for (const k of ['activationEnergyEv', 'stderr', 'intercept', 'slope', 'lnPrefactorStderr', 'r2', 'prefactor'] as const) {
        expect(rel(gls[k], wls[k]), k).toBeLessThan(1e-13);
      }
      expect(gls.ci95[0]).toBeCloseTo(wls.ci95[0], 14);
      expect(gls.dof).toBe(wls.dof);
    }
  });
  it("scale: 'absolute' with two points: Var(slope) = (v₁ + v₂)/(1/T₁ − 1/T₂)², diagonal or not (ρ drops out as v₁ + v₂ − 2c)", () => {
    const T = [300, 350], s = [1e-5, 1e-4], v = [4e-4, 9e-4];
    const a = arrhenius(points(T, s), { covariance: [[v[0]!, 0], [0, v[1]!]], scale: 'absolute' });
    const dx = 1 / T[0]! - 1 / T[1]!;
    expect(rel(a.stderr, (Math.sqrt(v[0]! + v[1]!) / Math.abs(dx)) * BOLTZMANN_EV)).toBeLessThan(1e-12);
    // the errors are taken as known: the normal quantile, not t with n − 2 = 0 (no interval before)
    expect(rel(a.ci95[1] - a.activationEnergyEv, fx.absoluteQuantiles.normal * a.stderr)).toBeLessThan(1e-14);
    expect(a.warnings.join(' ')).toMatch(/the standard error and interval are those of the supplied errors/);
    expect(arrhenius(points(T, s), { covariance: [[v[0]!, 0], [0, v[1]!]] }).ci95[0]).toBeNaN(); // Birge: no interval
    const c = 3e-4;
    const b = arrhenius(points(T, s), { covariance: [[v[0]!, c], [c, v[1]!]], scale: 'absolute' });
    expect(rel(b.stderr, (Math.sqrt(v[0]! + v[1]! - 2 * c) / Math.abs(dx)) * BOLTZMANN_EV)).toBeLessThan(1e-12);
    const wls = arrhenius(T.map((t, i) => ({ temperatureK: t, sigma: s[i]!, sigmaStderr: s[i]! * Math.sqrt(v[i]!) })), { scale: 'absolute' });
    expect(rel(wls.stderr, a.stderr)).toBeLessThan(1e-13);
    expect(arrhenius(points(T, s), { scale: 'absolute' }).warnings.join(' ')).toMatch(/applies to weighted fits only/);
    expect(errorCodeAndArgument(() => arrhenius(points(T, s), { scale: 'scatter' as 'birge' }))).toEqual(['E_ARG_RANGE', 'scale']);
  });
  it("scale: 'absolute': ci95 = Ea ± t_{0.975,dof}·stderr with the errors' dof, else ± z_{0.975}·stderr (scipy); birge keeps t_{n−2}", () => {
    const T = [373.15, 423.15, 473.15], s = [2e-6, 3e-5, 2.5e-4], C = [[4e-4, 1e-4, 0], [1e-4, 9e-4, 2e-4], [0, 2e-4, 1.6e-3]];
    const half = (a: { ci95: [number, number]; activationEnergyEv: number; stderr: number }) => (a.ci95[1] - a.activationEnergyEv) / a.stderr;
    const known = arrhenius(points(T, s), { covariance: C, scale: 'absolute' });
    expect(rel(half(known), fx.absoluteQuantiles.normal)).toBeLessThan(1e-14);
    expect(rel(known.activationEnergyEv - known.ci95[0], known.ci95[1] - known.activationEnergyEv)).toBeLessThan(1e-9);
    for (const [nu, t] of fx.absoluteQuantiles.t as [number, number][]) {
      const a = arrhenius(points(T, s), { covariance: C, scale: 'absolute', dof: nu });
      expect(a.stderr).toBe(known.stderr);
      expect(rel(half(a), t), `dof ${nu}`).toBeLessThan(1e-10);
    }
    // WLS (sigmaStderr) under 'absolute' takes dof as well
    const wls = arrhenius(T.map((t, i) => ({ temperatureK: t, sigma: s[i]!, sigmaStderr: s[i]! * 0.02 })), { scale: 'absolute', dof: 3 });
    expect(rel(half(wls), (fx.absoluteQuantiles.t as [number, number][]).find(([nu]) => nu === 3)![1])).toBeLessThan(1e-10);
    // birge: the variance comes from the n − 2 = 1 residuals: t_{0.975,1}
    const birge = arrhenius(points(T, s), { covariance: C });
    expect(rel(half(birge), (fx.absoluteQuantiles.t as [number, number][]).find(([nu]) => nu === 1)![1])).toBeLessThan(1e-10);
    expect(errorCodeAndArgument(() => arrhenius(points(T, s), { covariance: C, dof: 5 }))).toEqual(['E_ARG_RANGE', 'dof']);
    expect(errorCodeAndArgument(() => arrhenius(points(T, s), { covariance: C, scale: 'absolute', dof: 0 }))).toEqual(['E_ARG_RANGE', 'dof']);
    expect(errorCodeAndArgument(() => arrhenius(points(T, s), { covariance: C, scale: 'absolute', dof: 2.5 }))).toEqual(['E_ARG_RANGE', 'dof']);
    expect(errorCodeAndArgument(() => arrhenius(points(T, s), { covariance: C, scale: 'absolute', dof: '5' as unknown as number }))[1]).toBe('dof');
  });
  it('equicorrelated errors, C = v[(1 − ρ)I + ρ11ᵀ]: the OLS slope, Var(slope) = v(1 − ρ)/Sxx (times the Birge ratio)', () => {
    const T = [280, 300, 330, 360, 410], v = 4e-4, rho = 0.9;
    const rng = new Random(7);
    const sigma = T.map((t) => 10 * Math.exp(-0.4 / (BOLTZMANN_EV * t) + 0.02 * rng.normal()));
    const C = T.map((_, i) => T.map((__, j) => v * (i === j ? 1 : rho)));
    const gls = arrhenius(points(T, sigma), { covariance: C });
    const ols = arrhenius(points(T, sigma), { weighting: 'none' });
    expect(rel(gls.slope, ols.slope)).toBeLessThan(1e-11);
    const x = T.map((t) => 1 / t), mx = x.reduce((a, b) => a + b) / x.length;
    const sxx = x.reduce((a, b) => a + (b - mx) ** 2, 0);
    const rss = ols.residuals.reduce((a, r) => a + r * r, 0);
    const chi2 = rss / (v * (1 - rho)); // residuals sum to 0: rᵀC⁻¹r = |r|²/(v(1 − ρ))
    const expected = Math.sqrt((Math.max(1, chi2 / 3) * v * (1 - rho)) / sxx) * BOLTZMANN_EV;
    expect(rel(gls.stderr, expected)).toBeLessThan(1e-9);
  });
  it('logCovariance: diag(1/R)·Cov(R)·diag(1/R) (numpy), rows or a row-major Float64Array', () => {
    const { values, covariance, log } = fx.logCovariance;
    const a = logCovariance(values, covariance);
    const b = logCovariance(values, Float64Array.from(covariance.flat()));
    for (let i = 0; i < values.length; i++) for (let j = 0; j < values.length; j++) {
      expect(rel(a[i]![j]!, log[i]![j]!)).toBeLessThan(1e-14);
      expect(b[i]![j]).toBe(a[i]![j]);
    }
  });
});

describe('Monte Carlo: errors shared across temperatures (a common offset, as shared CPEs give)', () => {
  it('the GLS stderr matches the spread of Ea; the diagonal fit overstates it', () => {
    // ln σ_s = truth + c·g + δ·e_s, g and e_s standard normal: C = c²11ᵀ + δ²I (equicorrelated);
    // the common part moves the intercept, never the slope. Measured (2000 replicates): SD(Ea)
    // 1.30e-3 eV, exact 1.27e-3, mean GLS stderr 1.40e-3 (Birge), mean diagonal stderr 9.6e-3 (7.4×)
    const T = [413.15, 423.15, 433.15, 443.15, 453.15, 463.15, 473.15];
    const c = 0.03, d = 0.004, ea = 0.57;
    const C = T.map((_, i) => T.map((__, j) => c * c + (i === j ? d * d : 0)));
    const rng = new Random(2026);
    const eaGls: number[] = [], seGls: number[] = [], seDiag: number[] = [];
    for (let r = 0; r < 2000; r++) {
      const g = rng.normal();
      const sigma = T.map((t) => 1e3 * Math.exp(-ea / (BOLTZMANN_EV * t) + c * g + d * rng.normal()));
      const a = arrhenius(points(T, sigma), { covariance: C });
      const w = arrhenius(T.map((t, i) => ({ temperatureK: t, sigma: sigma[i]!, sigmaStderr: sigma[i]! * Math.sqrt(C[i]![i]!) })));
      eaGls.push(a.activationEnergyEv);
      seGls.push(a.stderr);
      seDiag.push(w.stderr);
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b) / v.length;
    const m = mean(eaGls), sd = Math.sqrt(eaGls.reduce((a, b) => a + (b - m) ** 2, 0) / (eaGls.length - 1));
    // the exact SE (without the Birge factor): δ·k_B/√Sxx, the common part drops out of the slope
    const x = T.map((t) => 1 / t), mx = mean(x), sxx = x.reduce((a, b) => a + (b - mx) ** 2, 0);
    const exact = (d * BOLTZMANN_EV) / Math.sqrt(sxx);
    expect(Math.abs(m - ea)).toBeLessThan(3 * exact / Math.sqrt(2000) + 1e-12);
    expect(rel(sd, exact)).toBeLessThan(0.05); // 2000 replicates: SD of an SD estimate ≈ 1.6 %
    // Birge: the reported SE is ≥ the exact one and, on average, within 15 % of it
    expect(Math.min(...seGls)).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
    expect(mean(seGls) / exact).toBeLessThan(1.15);
    // the diagonal fit sees var c² + δ² per point and no correlation: SE ≈ √(c² + δ²)/δ ≈ 7.6× too large
    expect(mean(seDiag) / sd).toBeGreaterThan(5);
  });
});

describe('arrhenius with a covariance: typed errors', () => {
  const T = [300, 320, 340], s = [1e-5, 3e-5, 8e-5];
  const P = points(T, s);
  it('not positive definite, not symmetric, wrong shape, non-finite, with weighting none', () => {
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: [[1, 2, 0], [2, 1, 0], [0, 0, 1]] }))).toEqual(['E_ARG_RANGE', 'covariance']);
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: [[1, 1, 0], [1, 1, 0], [0, 0, 1]] }))).toEqual(['E_ARG_RANGE', 'covariance']); // singular
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: [[1, 0.5, 0], [0, 1, 0], [0, 0, 1]] }))).toEqual(['E_ARG_RANGE', 'covariance']);
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: [[1, 0], [0, 1]] }))).toEqual(['E_ARG_LENGTH', 'covariance']);
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: [[1, 0, 0], [0, 1], [0, 0, 1]] }))).toEqual(['E_ARG_LENGTH', 'covariance']);
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: new Float64Array(8) }))).toEqual(['E_ARG_LENGTH', 'covariance']);
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: [[1, 0, 0], [0, Number.NaN, 0], [0, 0, 1]] }))[1]).toBe('covariance[1]');
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: 'diag' as unknown as number[][] }))).toEqual(['E_ARG_TYPE', 'covariance']);
    expect(errorCodeAndArgument(() => arrhenius(P, { covariance: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], weighting: 'none' }))).toEqual(['E_ARG_RANGE', 'covariance']);
    expect(errorCodeAndArgument(() => logCovariance([1, -2], [[1, 0], [0, 1]]))[1]).toBe('values');
  });
  it('identity covariance on points exactly on a line: Ea exact, stderr from the covariance (Birge floor 1)', () => {
    const ea = 0.3, x = T.map((t) => 1 / t), sig = T.map((t) => 5 * Math.exp(-ea / (BOLTZMANN_EV * t)));
    const I = T.map((_, i) => T.map((__, j) => (i === j ? 1e-4 : 0)));
    const a = arrhenius(points(T, sig), { covariance: I });
    expect(a.activationEnergyEv).toBeCloseTo(ea, 12);
    const mx = (x[0]! + x[1]! + x[2]!) / 3, sxx = x.reduce((q, v) => q + (v - mx) ** 2, 0);
    expect(rel(a.stderr, (0.01 * BOLTZMANN_EV) / Math.sqrt(sxx))).toBeLessThan(1e-9);
  });
});
