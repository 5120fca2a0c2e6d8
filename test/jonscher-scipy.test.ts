/**
 * jonscherFit's core against scipy: noisy σ′ (multiplicative, seeded; test/fixtures/gen_jonscher.py,
 * run offline → jonscher.json) fitted in ln σ′ by scipy.optimize.curve_fit (MINPACK lm, natural
 * parameters σ_dc, f_c, n, its own covariance s²(JᵀJ)⁻¹). eiskit (LM in ln σ_dc, ln f_c and a
 * bounded transform of n, stderr by the delta method) must reach the same minimum to 1e-6
 * relative and standard errors within 1 %. And weighted (test/fixtures/gen_jonscher_weighted.py →
 * jonscher-weighted.json): R‖CPE cells with |Z|-proportional noise, σ′ and σ″ given, each ln σ′
 * weighted by σ′/|σ*| — scipy with sigma = |σ*|/σ′ — the same minimum, χ² and stderr. Node and
 * Chromium.
 */
import { describe, expect, it } from 'vitest';
import { jonscherFitSigma } from '../src/analysis/jonscher.ts';
import fixture from './fixtures/jonscher.json';
import weighted from './fixtures/jonscher-weighted.json';

interface Case {
  name: string;
  freq: number[];
  sigma: number[];
  scipy: { sigmaDc: number; fc: number; n: number; chi2: number; stderr: { sigmaDc: number; fc: number; n: number } };
}
const cases = (fixture as unknown as { cases: Case[] }).cases;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('Jonscher fit against scipy curve_fit', () => {
  it('the fixture holds the expected cases', () => {
    expect(cases.map((c) => c.name)).toEqual(['wide', 'superlinear', 'short']);
  });
  for (const c of cases) {
    it(`${c.name}: same minimum to 1e-6, stderr within 1 %`, () => {
      // the whole range (scipy fitted every point)
      const fit = jonscherFitSigma(c.freq, c.sigma, { range: [Math.min(...c.freq), null] });
      expect(fit.success).toBe(true);
      expect(fit.points).toBe(c.freq.length);
      expect(rel(fit.sigmaDc, c.scipy.sigmaDc)).toBeLessThan(1e-6);
      expect(rel(fit.fc, c.scipy.fc)).toBeLessThan(1e-6);
      expect(rel(fit.n, c.scipy.n)).toBeLessThan(1e-6);
      expect(fit.chi2).toBeLessThanOrEqual(c.scipy.chi2 * (1 + 1e-10));
      expect(rel(fit.chi2, c.scipy.chi2)).toBeLessThan(1e-9);
      expect(rel(fit.stderr.sigmaDc, c.scipy.stderr.sigmaDc)).toBeLessThan(0.01);
      expect(rel(fit.stderr.fc, c.scipy.stderr.fc)).toBeLessThan(0.01);
      expect(rel(fit.stderr.n, c.scipy.stderr.n)).toBeLessThan(0.01);
    });
  }
});

interface WeightedCase {
  name: string;
  freq: number[];
  sigmaRe: number[];
  sigmaIm: number[];
  scipy: Case['scipy'];
}
describe('weighted Jonscher fit (σ″ given) against scipy curve_fit with sigma = |σ*|/σ′', () => {
  const wcases = (weighted as unknown as { cases: WeightedCase[] }).cases;
  it('the fixture holds the expected cases', () => {
    expect(wcases.map((c) => c.name)).toEqual(['rcpe-0.8', 'rcpe-0.65']);
  });
  for (const c of wcases) {
    it(`${c.name}: same minimum to 1e-6, χ² to 1e-9, stderr within 1 %`, () => {
      const fit = jonscherFitSigma(c.freq, c.sigmaRe, { range: [Math.min(...c.freq), null] }, c.sigmaIm);
      expect(fit.success).toBe(true);
      expect(fit.points).toBe(c.freq.length);
      expect(rel(fit.sigmaDc, c.scipy.sigmaDc)).toBeLessThan(1e-6);
      expect(rel(fit.fc, c.scipy.fc)).toBeLessThan(1e-6);
      expect(rel(fit.n, c.scipy.n)).toBeLessThan(1e-6);
      expect(rel(fit.chi2, c.scipy.chi2)).toBeLessThan(1e-9);
      expect(rel(fit.stderr.sigmaDc, c.scipy.stderr.sigmaDc)).toBeLessThan(0.01);
      expect(rel(fit.stderr.fc, c.scipy.stderr.fc)).toBeLessThan(0.01);
      expect(rel(fit.stderr.n, c.scipy.stderr.n)).toBeLessThan(0.01);
      // unweighted (σ′ alone) is a different minimum
      expect(rel(jonscherFitSigma(c.freq, c.sigmaRe, { range: [Math.min(...c.freq), null] }).n, fit.n)).toBeGreaterThan(1e-6);
    });
  }
});
