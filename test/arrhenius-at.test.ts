/**
 * σ at a temperature on an Arrhenius line with its delta-method standard error
 * (src/analysis/arrhenius-at.ts): against numpy's least squares and the quadratic form
 * x0ᵀ·Cov·x0 (test/fixtures/gen_arrhenius_at.py: unweighted, weighted with Birge scaling, GLS
 * with a full covariance); a global fit's law against σ = L/(A·R(T)) and Var(ln σ) written in the
 * law's own parameters (R_ref, Ea); the extrapolation flag and its words; typed errors.
 */
import { describe, expect, it } from 'vitest';
import { arrhenius } from '../src/index.ts';
import { arrheniusLine, extrapolationText, globalArrheniusLine, sigmaAt } from '../src/analysis/arrhenius-at.ts';
import fixture from './fixtures/arrhenius-at.json';
import { expectError } from './helpers.ts';

const K_B = 8.617333262e-5; // eV/K (CODATA 2018), written here independently of the code
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('sigmaAt on an arrhenius() line = numpy', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const points = c.temperatures.map((t, i) => ({ temperatureK: t, sigma: c.sigma[i]!, ...(c.sigmaStderr ? { sigmaStderr: c.sigmaStderr[i]! } : {}) }));
    const r = arrhenius(points, { form: c.form as 'sigma' | 'sigmaT', ...(c.covariance ? { covariance: c.covariance, scale: c.scale as 'absolute' } : {}) });
    for (const at of c.at) {
      const s = sigmaAt(arrheniusLine(r), at.temperatureK, c.temperatures);
      expect(Math.abs(Math.log(s.sigma) - at.lnSigma)).toBeLessThan(1e-10);
      expect(rel(s.lnStderr, at.lnStderr)).toBeLessThan(1e-8);
      expect(rel(s.stderr, s.sigma * at.lnStderr)).toBeLessThan(1e-8);
      expect(s.extrapolated).toBe(at.temperatureK < Math.min(...c.temperatures) || at.temperatureK > Math.max(...c.temperatures));
    }
  });

  it('at the weighted mean of 1/T the error is smallest; outside the range it grows', () => {
    const c = fixture.cases[0]!;
    const r = arrhenius(c.temperatures.map((t, i) => ({ temperatureK: t, sigma: c.sigma[i]! })));
    const line = arrheniusLine(r);
    const tMid = 1 / (c.temperatures.reduce((s, t) => s + 1 / t, 0) / c.temperatures.length);
    const mid = sigmaAt(line, tMid, c.temperatures).lnStderr;
    for (const t of [298.15, 413.15, 473.15, 600]) expect(sigmaAt(line, t, c.temperatures).lnStderr).toBeGreaterThan(mid);
  });
});

describe('a global fit\'s law as a line', () => {
  const geometry = { thicknessCm: 0.1, areaCm2: 0.2 };
  // a fit result as globalFit gives it: R1.Rref (Ω), R1.Ea (eV) and their covariance among the global parameters
  const fit = (form: 'sigma' | 'sigmaT') => ({
    activationEnergies: { R1: { form, value: 0.42, stderr: 0.01, ci95: [0.4, 0.44] as [number, number], rRef: 3.2e4, rRefStderr: 400, tRef: 330, t0: Number.NaN, t0Stderr: Number.NaN, prefactor: null } },
    paramNames: ['CPE1.Q', 'R1.Rref', 'R1.Ea'],
    covariance: Float64Array.from([1e-24, 2e-12, 1e-15, 2e-12, 1.6e5, -1.5, 1e-15, -1.5, 1e-4]),
  });

  it.each(['sigma', 'sigmaT'] as const)('%s: σ = L/(A·R(T)) and Var(ln σ) = Var(R)/R² + d²·Var(Ea) + 2d·Cov(R, Ea)/R, d = (1/T − 1/T_ref)/k_B', (form) => {
    const f = fit(form), line = globalArrheniusLine(f, 'R1', geometry)!;
    const R = 3.2e4, Tr = 330, vR = 1.6e5, vE = 1e-4, cRE = -1.5;
    for (const T of [298.15, 330, 360, 420]) {
      const d = (1 / T - 1 / Tr) / K_B;
      const RT = R * Math.exp(0.42 * d) * (form === 'sigmaT' ? T / Tr : 1);
      const s = sigmaAt(line, T, [310, 350]);
      expect(rel(s.sigma, geometry.thicknessCm / (geometry.areaCm2 * RT))).toBeLessThan(1e-12);
      const v = vR / (R * R) + d * d * vE + (2 * d * cRE) / R;
      expect(rel(s.lnStderr, Math.sqrt(v))).toBeLessThan(1e-9);
    }
    // at T_ref only R_ref's error remains
    expect(rel(sigmaAt(line, Tr, [310, 350]).lnStderr, 400 / R)).toBeLessThan(1e-9);
  });

  it('a VTF law is not a line (null); an unknown name is a typed error', () => {
    const f = fit('sigma');
    expect(globalArrheniusLine({ ...f, activationEnergies: { R1: { ...f.activationEnergies.R1, form: 'vtf' as never } } }, 'R1', geometry)).toBeNull();
    expectError(() => globalArrheniusLine(f, 'R2', geometry), 'E_UNKNOWN_PARAM', /R2/);
  });
});

describe('extrapolation', () => {
  const line = { form: 'sigma' as const, intercept: -2, slope: -5000, covariance: { intercept: 0.01, slope: 100, interceptSlope: -0.9 } };
  it('flags a temperature outside the measured ones and says by how much', () => {
    const s = sigmaAt(line, 298.15, [413.15, 473.15, 433.15]);
    expect([s.extrapolated, s.measured]).toEqual([true, [413.15, 473.15]]);
    expect(extrapolationText(s)).toBe('extrapolated 115 K beyond the measured 413.15–473.15 K (140–200 °C)');
    const inside = sigmaAt(line, 298.15, [290, 310]);
    expect([inside.extrapolated, extrapolationText(inside)]).toEqual([false, '']);
    expect(extrapolationText(sigmaAt(line, 500, [290, 310]))).toBe('extrapolated 190 K beyond the measured 290–310 K (16.85–36.85 °C)');
  });
  it('typed errors for a bad temperature or no measured ones', () => {
    expectError(() => sigmaAt(line, 0, [300]), 'E_ARG_RANGE', /`temperatureK` must be/);
    expectError(() => sigmaAt(line, Number.NaN, [300]), 'E_ARG_RANGE', /`temperatureK` must be/);
    expectError(() => sigmaAt(line, 300, []), 'E_ARG_RANGE', /`temperatures` must be/);
  });
});
