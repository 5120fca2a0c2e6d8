/**
 * Frequency cropping (fmin/fmax, Hz, inclusive) on fit, fitBatch (one thread and workers),
 * linKK, linKKBatch and temperatureSeries: the same result as the analysis of the spectrum
 * cropped beforehand (by a plain filter here, not by eiskit), inclusive limits, the range in
 * the results, and EisErrors for bad limits or too few points left.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cropSpectrum, fit, fitBatch, linKK, linKKBatch, logFrequencies, parseCircuit, simulate, temperatureSeries } from '../src/index.ts';
import { BACKENDS, ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);

const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const truth = { R0: 15, R1: 2.6e3, 'CPE1.Q': 2e-9, 'CPE1.alpha': 0.85, 'CPE2.Q': 3e-6, 'CPE2.alpha': 0.8 };
const freq = logFrequencies(1e6, 0.1, 71);
const data = simulate(c, freq, truth, { noise: 0.005, seed: 7 });

/** The points with fmin ≤ f ≤ fmax, by a plain filter (independent of src/crop.ts). */
function filtered(s: { freq: ArrayLike<number>; re: ArrayLike<number>; im: ArrayLike<number> }, fmin = 0, fmax = Infinity) {
  const idx = Array.from(s.freq, (_, i) => i).filter((i) => s.freq[i]! >= fmin && s.freq[i]! <= fmax);
  return { freq: idx.map((i) => s.freq[i]!), re: idx.map((i) => s.re[i]!), im: idx.map((i) => s.im[i]!) };
}

describe('fmin/fmax', () => {
  for (const backend of BACKENDS) {
    it(`fit with fmin/fmax is the fit of the spectrum cropped beforehand (${backend})`, () => {
      const fmin = 3, fmax = 2e5;
      const pre = filtered(data, fmin, fmax);
      expect(pre.freq.length).toBeGreaterThan(20);
      expect(pre.freq.length).toBeLessThan(freq.length - 10);
      const a = fit(c, data, { fmin, fmax, backend });
      const b = fit(c, pre, { backend });
      expect(a.success).toBe(true);
      expect(Array.from(a.params)).toEqual(Array.from(b.params));
      expect(a.chi2).toBe(b.chi2);
      expect(a.dof).toBe(2 * pre.freq.length - 6);
      expect(Array.from(a.fitted.re)).toEqual(Array.from(b.fitted.re));
      expect(a.residuals.im.length).toBe(pre.freq.length);
      expect(a.freqRange).toEqual({ fmin, fmax, points: pre.freq.length, total: freq.length });
      expect(b.freqRange).toEqual({ fmin: null, fmax: null, points: pre.freq.length, total: pre.freq.length });
      // without the window the fit sees more points: another χ²
      expect(fit(c, data, { backend }).chi2).not.toBe(a.chi2);
    });

    it(`linKK with fmin/fmax is the test of the spectrum cropped beforehand (${backend})`, () => {
      const pre = filtered(data, 1, 1e5);
      const a = linKK(data, { fmin: 1, fmax: 1e5, backend });
      const b = linKK(pre, { backend });
      expect(a.M).toBe(b.M);
      expect(Array.from(a.residuals.re)).toEqual(Array.from(b.residuals.re));
      expect(a.maxResidualIndex).toBe(b.maxResidualIndex);
      expect(a.pass).toBe(b.pass);
      expect(a.freqRange).toEqual({ fmin: 1, fmax: 1e5, points: pre.freq.length, total: freq.length });
    });
  }

  it('a corrupted end outside the window does not bias the fit (truth recovered within 3 stderr)', () => {
    // the top decade picks up a 30 % cable artefact; cropping it away must give back the truth
    const bad = { freq: data.freq, re: Float64Array.from(data.re), im: Float64Array.from(data.im) };
    freq.forEach((f, i) => {
      if (f > 1e5) {
        bad.re[i]! *= 1.3;
        bad.im[i]! += 0.3 * bad.re[i]!;
      }
    });
    const cropped = fit(c, bad, { fmax: 1e5 });
    for (const [name, v] of Object.entries(truth)) {
      const p = cropped.byName[name]!;
      expect(Math.abs(p.value - v), `${name} = ${p.value} ± ${p.stderr}`).toBeLessThan(3 * p.stderr);
    }
    const whole = fit(c, bad);
    expect(Math.abs(whole.byName.R0!.value - truth.R0)).toBeGreaterThan(3 * whole.byName.R0!.stderr);
  });

  it('limits are inclusive: a frequency equal to fmin or fmax is kept', () => {
    const grid = [1e5, 1e4, 1e3, 100, 10, 1];
    const s = simulate(c, grid, truth);
    expect(Array.from(cropSpectrum(s, { fmin: 10, fmax: 1e4 }).freq)).toEqual([1e4, 1e3, 100, 10]);
    expect(Array.from(cropSpectrum(s, { fmin: 100 }).freq)).toEqual([1e5, 1e4, 1e3, 100]);
    expect(Array.from(cropSpectrum(s, { fmax: 100 }).freq)).toEqual([100, 10, 1]);
    expect(Array.from(cropSpectrum(s, { fmin: 100, fmax: 100 }).freq)).toEqual([100]);
    // and in an analysis (freq runs high to low): 11 and 21 points with both ends on grid points
    const f = fit(parseCircuit('R0-p(R1,C1)'), data, { fmin: freq[20]!, fmax: freq[10]!, initial: [15, 2600, 2e-9] });
    expect(f.freqRange.points).toBe(11);
    expect(linKK(data, { fmin: freq[30]!, fmax: freq[10]! }).freqRange.points).toBe(21);
  });

  it('an explicit sigma is given for the whole spectrum and cropped with it', () => {
    const sigma = Array.from(data.re, (r, i) => 0.01 * Math.hypot(r, data.im[i]!) * (1 + (i % 3)));
    const pre = filtered(data, 10, 1e4);
    const preSigma = Array.from(data.freq, (_, i) => i).filter((i) => freq[i]! >= 10 && freq[i]! <= 1e4).map((i) => sigma[i]!);
    const a = fit(c, data, { fmin: 10, fmax: 1e4, weighting: { sigma }, initial: truth });
    const b = fit(c, pre, { weighting: { sigma: preSigma }, initial: truth });
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expectError(() => fit(c, data, { fmin: 10, fmax: 1e4, weighting: { sigma: preSigma } }), 'E_ARG_LENGTH', /71 values/);
  });

  it('bad limits and windows with too few points are EisErrors naming the values', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '10' as unknown as number]) {
      expectError(() => fit(c, data, { fmin: bad }), 'E_ARG_RANGE', /`fmin` must be a finite frequency > 0 Hz/);
      expectError(() => linKK(data, { fmax: bad }), 'E_ARG_RANGE', /`fmax` must be a finite frequency > 0 Hz/);
      expectError(() => cropSpectrum(data, { fmax: bad }), 'E_ARG_RANGE', /fmax/);
    }
    expectError(() => fit(c, data, { fmin: 1e4, fmax: 10 }), 'E_ARG_RANGE', /`fmin` = 10000 Hz is above `fmax` = 10 Hz/);
    expectError(() => linKK(data, { fmin: 1e4, fmax: 10 }), 'E_ARG_RANGE', /above/);
    expectError(() => fit(c, data, { fmin: 2e6 }), 'E_ARG_LENGTH', /No frequency of `spectrum` lies in f ≥ 2000000 Hz \(its 71 frequencies span 0\.1 – 1000000 Hz\): 0 points remain/);
    // two points: 4 residuals for 6 free parameters
    const two = freq.filter((f) => f >= 1e3 && f <= 1.5e3).length;
    expect(two).toBe(2);
    expectError(() => fit(c, data, { fmin: 1e3, fmax: 1.5e3 }), 'E_ARG_LENGTH', /6 free parameters need more than 6 residuals; the spectrum has 2 frequencies \(4 residuals\) after cropping to \[1000, 1500\] Hz \(2 of 71 frequencies remain\)/);
    expectError(() => linKK(data, { fmin: 1e3, fmax: 1.1e3 }), 'E_ARG_LENGTH', /has 1 frequencies after cropping to \[1000, 1100\] Hz \(1 of 71 frequencies remain\)/);
    expectError(() => linKK(data, { fmin: 1e3, fmax: 1e4, M: 20 }), 'E_ARG_RANGE', /after cropping to \[1000, 10000\] Hz \(11 of 71/);
  });

  it('fitBatch crops every spectrum, in one thread and in workers; linKKBatch too', async () => {
    const spectra = [0, 1, 2, 3].map((k) => simulate(c, freq, { ...truth, R1: truth.R1 * (1 + 0.3 * k) }, { noise: 0.005, seed: 20 + k }));
    const opts = { fmin: 2, fmax: 3e5, initial: truth };
    const one = await fitBatch(c, spectra, opts);
    const workers = await fitBatch(c, spectra, { ...opts, workers: 2 });
    const kks = await linKKBatch(spectra, { fmin: 2, fmax: 3e5 });
    spectra.forEach((s, k) => {
      const pre = filtered(s, 2, 3e5);
      const ref = fit(c, pre, { initial: truth });
      expect(Array.from(one[k]!.params)).toEqual(Array.from(ref.params));
      expect(workers[k]!.params[1]).toBeCloseTo(ref.params[1]!, 6);
      expect(workers[k]!.freqRange).toEqual({ fmin: 2, fmax: 3e5, points: pre.freq.length, total: freq.length });
      expect(workers[k]!.fitted.re.length).toBe(pre.freq.length);
      expect(Array.from(kks[k]!.residuals.im)).toEqual(Array.from(linKK(pre).residuals.im));
    });
    const err = await fitBatch(c, spectra, { fmin: 1e9 }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/^spectra\[0\]: .*0 points remain/);
  });

  it('temperatureSeries crops the KK checks, the fits and the refits alike', async () => {
    const temps = [300, 320, 340];
    const spectra = temps.map((t, k) => ({ ...simulate(c, freq, { ...truth, R1: truth.R1 * Math.exp(4000 * (1 / t - 1 / 300)) }, { noise: 0.005, seed: 40 + k }), temperatureK: t }));
    const geometry = { thicknessCm: 0.1, areaCm2: 0.2 };
    const a = await temperatureSeries(spectra, { circuit: c, bulk: 'R1', geometry, fmin: 1, fmax: 1e5 });
    const b = await temperatureSeries(spectra.map((s) => ({ ...filtered(s, 1, 1e5), temperatureK: s.temperatureK })), { circuit: c, bulk: 'R1', geometry });
    a.points.forEach((p, k) => {
      expect(p.sigma).toBe(b.points[k]!.sigma);
      expect(p.fit.freqRange.points).toBe(filtered(data, 1, 1e5).freq.length);
      expect(p.kk!.freqRange.points).toBe(p.fit.freqRange.points);
    });
    expect(a.arrhenius.activationEnergyEv).toBe(b.arrhenius.activationEnergyEv);
    await expect(temperatureSeries(spectra, { circuit: c, bulk: 'R1', geometry, fmin: -5 })).rejects.toThrowError(/fmin/);
  });
});
