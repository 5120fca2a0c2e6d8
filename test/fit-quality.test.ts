/**
 * FitResult.quality (src/fit/quality.ts), in Node and Chromium: correct circuits on spectra
 * with 0.5 % noise come out 'good' (4 circuits × 2 grids × 20 + 10 seeds); a one-arc circuit on
 * two-arc data is 'suspect' (a systematic misfit); an extra arc that is not in the data, a
 * parameter at a bound, a fit that did not converge and an undetermined parameter are 'bad';
 * every path (fit, fitBatch in one thread and in workers, both backends) carries the verdict.
 * The residual reasons of a verdict are judgementReasons' on the result's residuals: all three for a
 * good fit, only the failing tests' otherwise (spikes, bumps, drift: every failing test occurs).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fit, fitBatch, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { relativeResidualJudgement } from '../src/fit/quality.ts';
import { judgementReasons } from '../src/stats/judge.ts';
import { VALID_CIRCUITS, validSpectrum } from './kk-cases.ts';
import { BACKENDS, ensureInit } from './helpers.ts';

beforeAll(ensureInit);

describe('correct circuits are good', () => {
  for (const c of VALID_CIRCUITS) {
    for (const n of [71, 81] as const) {
      it(`${c.name}, ${n} points: 20 seeds of 0.5 % |Z| noise and 10 of per-part noise, and noise-free`, () => {
        const circuit = parseCircuit(c.circuit);
        const runs = [
          ...Array.from({ length: 20 }, (_, k) => validSpectrum(c, n, 0.005, k + 1)),
          ...Array.from({ length: 10 }, (_, k) => validSpectrum(c, n, 0.005, k + 1, 'parts')),
          validSpectrum(c, n, 0, 1),
        ];
        runs.forEach((s, k) => {
          const r = fit(circuit, s, { initial: c.params });
          expect(r.success).toBe(true);
          expect(r.quality.verdict, `run ${k}: ${r.quality.reasons.join(' | ')}`).toBe('good');
          expect(r.quality.reasons[0]).toMatch(new RegExp(`^all ${r.free.filter(Boolean).length} free parameters are determined`));
        });
      });
    }
  }
});

describe('wrong circuits and unusable fits', () => {
  const twoRc = VALID_CIRCUITS[0]!;
  const data = validSpectrum(twoRc, 81, 0.005, 1);

  it('a one-arc circuit on a two-arc spectrum is suspect: residuals far above the noise and not white', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = fit(parseCircuit('R0-p(R1,C1)'), validSpectrum(twoRc, 81, 0.005, seed));
      expect(r.success).toBe(true);
      expect(r.quality.verdict).toBe('suspect');
      expect(r.quality.reasons.join(' ')).toMatch(/systematic misfit/);
      expect(r.quality.reasons.join(' ')).toMatch(/not white along frequency/);
    }
  });

  it('an extra RC whose arc is not in the data is bad (collapsed or undetermined), naming the parameter', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = fit(parseCircuit('R0-p(R1,C1)-p(R2,C2)-p(R3,C3)'), validSpectrum(twoRc, 81, 0.005, seed));
      expect(r.quality.verdict).toBe('bad');
      expect(r.quality.reasons[0]).toMatch(/^(R|C)\d = \S+ is undetermined|^the arc R\d‖C\d (collapsed|lies outside)/);
    }
    // one arc in the data, two in the circuit
    const one = simulate(parseCircuit('R0-p(R1,C1)'), logFrequencies(1e6, 1e-2, 81), [50, 1000, 1e-7], { noise: 0.005, seed: 3 });
    const r = fit(parseCircuit('R0-p(R1,C1)-p(R2,C2)'), one);
    expect(r.quality.verdict, r.quality.reasons.join(' | ')).toBe('bad');
  });

  it('a parameter pushed against a bound is bad, and says which', () => {
    const r = fit(parseCircuit(twoRc.circuit), data, { initial: [80, ...twoRc.params.slice(1)], bounds: { R0: [60, 100] } });
    expect(r.byName.R0!.atBound).toBe(true);
    expect(r.quality.verdict).toBe('bad');
    expect(r.quality.reasons[0]).toMatch(/^R0 = 60\.0 sits at a bound/);
  });

  it('a fit that did not converge is bad; success keeps meaning "converged"', () => {
    const r = fit(parseCircuit(twoRc.circuit), data, { initial: [10, 300, 1e-7, 900, 1e-5], maxEvaluations: 3 });
    expect(r.success).toBe(false);
    expect(r.quality.verdict).toBe('bad');
    expect(r.quality.reasons[0]).toMatch(/^the optimiser did not converge/);
  });

  it('a data point with Z = 0 (unit weighting) gives finite statistics, never NaN in the reasons', () => {
    const s = simulate(parseCircuit('R0-p(R1,C1)'), logFrequencies(1e5, 1, 30), [10, 100, 1e-6], { noise: 0.005, seed: 2 });
    s.re[3] = 0;
    s.im[3] = 0;
    const r = fit(parseCircuit('R0-p(R1,C1)'), s, { initial: [10, 100, 1e-6], weighting: 'unit' });
    expect(r.quality.reasons.join(' ')).not.toMatch(/NaN|Infinity/);
    expect(r.quality.verdict).toBe('suspect'); // the zero is far off the fitted arc
  });

  it('series resistances the data cannot tell apart are bad (undetermined)', () => {
    const r = fit(parseCircuit('R0-R1-p(R2,C2)'), simulate(parseCircuit('R0-p(R2,C2)'), logFrequencies(1e6, 1, 61), [50, 1000, 1e-7], { noise: 0.005, seed: 2 }), { initial: [20, 30, 1000, 1e-7] });
    expect(r.quality.verdict).toBe('bad');
    expect(r.quality.reasons.join(' ')).toMatch(/R0 = \S+ is undetermined|R1 = \S+ is undetermined/);
  });
});

describe('every path carries the verdict', () => {
  const c = VALID_CIRCUITS[3]!;
  const circuit = parseCircuit(c.circuit);
  const spectra = [1, 2, 3, 4].map((seed) => validSpectrum(c, 81, 0.005, seed));
  spectra.push(validSpectrum(VALID_CIRCUITS[0]!, 81, 0.005, 1)); // a two-RC spectrum: the pellet circuit misfits it

  for (const backend of BACKENDS) {
    it(`fit and fitBatch (${backend}) give the same verdicts`, async () => {
      const batch = await fitBatch(circuit, spectra, { initial: c.params, backend });
      const single = spectra.map((s) => fit(circuit, s, { initial: c.params, backend }));
      expect(batch.map((r) => r.quality.verdict)).toEqual(single.map((r) => r.quality.verdict));
      expect(batch.slice(0, 4).every((r) => r.quality.verdict === 'good')).toBe(true);
      expect(batch[4]!.quality.verdict).not.toBe('good');
    });
  }

  it('fitBatch in workers attaches quality too', async () => {
    const batch = await fitBatch(circuit, spectra, { initial: c.params, workers: 2 });
    expect(batch.map((r) => r.quality.verdict).slice(0, 4)).toEqual(['good', 'good', 'good', 'good']);
    expect(batch[4]!.quality.reasons.length).toBeGreaterThan(0);
    // plain data: survives structuredClone
    expect(structuredClone(batch[0]!.quality)).toEqual(batch[0]!.quality);
  });
});

describe('review findings (issue 10 §2)', () => {
  it('an arc far smaller than a blocking-electrode tail is not "collapsed" when it is determined', () => {
    // R1 = 2000 Ω against Re Z spanning ~3 MΩ (the CPE2 tail down to 10 mHz)
    const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
    const truth = [20, 2000, 1e-8, 0.9, 1e-6, 0.8];
    for (let seed = 1; seed <= 5; seed++) {
      const s = simulate(circuit, logFrequencies(1e6, 1e-2, 81), truth, { noise: 0.005, seed });
      const r = fit(circuit, s, { initial: truth });
      expect(r.byName.R1!.stderr).toBeLessThan(0.01 * r.byName.R1!.value);
      expect(r.quality.verdict, `seed ${seed}: ${r.quality.reasons.join(' | ')}`).toBe('good');
    }
  });

  it('the seed pellet swept 10 MHz–1 mHz: every temperature good', async () => {
    const { SEED_TRUTH, trueSigma } = await import('../examples/seed-data.ts');
    const { celsiusToKelvin, temperatureSeries } = await import('../src/index.ts');
    const t = SEED_TRUTH, pellet = parseCircuit(t.circuit);
    const f = logFrequencies(1e7, 1e-3, 101);
    const spectra = t.temperaturesC.map((c, k) => {
      const T = celsiusToKelvin(c);
      const p = { ...t.fixedParams, R1: t.geometry.thicknessCm / (trueSigma(T) * t.geometry.areaCm2) };
      return { ...simulate(pellet, f, p, { noise: t.eisNoise, seed: 100 + k }), temperatureK: T };
    });
    const s = await temperatureSeries(spectra, { circuit: t.circuit, bulk: 'R1', geometry: t.geometry, kk: false });
    expect(s.summary.quality, s.points.map((p) => p.fit.quality.reasons.join(' | ')).join('\n')).toEqual({ good: 6, suspect: 0, bad: 0 });
  });

  it('a truly collapsed arc (an RC fitted to data without it) is still bad, as collapsed or undetermined', () => {
    const one = parseCircuit('R0-p(R1,C1)');
    for (let seed = 1; seed <= 5; seed++) {
      const data = simulate(one, logFrequencies(1e6, 1e-2, 81), [50, 1000, 1e-7], { noise: 0.005, seed });
      // the extra arc starts inside the measured range, its R small
      const r = fit(parseCircuit('R0-p(R1,C1)-p(R2,C2)'), data, { initial: [50, 1000, 1e-7, 1, 1e-9] });
      expect(r.quality.verdict, r.quality.reasons.join(' | ')).toBe('bad');
      expect(r.quality.reasons.join(' ')).toMatch(/R2 = \S+ is undetermined|C2 = \S+ is undetermined|the arc R2‖C2 (collapsed|lies outside)|R2 = \S+ sits at a bound/);
    }
  });

  it('residuals are judged in frequency order: shuffled or reversed input gives the verdict of sorted input', () => {
    const twoRc = VALID_CIRCUITS[0]!;
    const s = validSpectrum(twoRc, 81, 0.005, 1);
    const one = parseCircuit('R0-p(R1,C1)');
    const sorted = fit(one, s);
    expect(sorted.quality.verdict).toBe('suspect');
    const n = s.freq.length;
    // a fixed shuffle (Fisher–Yates with an LCG) and the reversal
    const perm = Array.from({ length: n }, (_, i) => i);
    let state = 12345;
    for (let i = n - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const j = state % (i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    for (const order of [perm, perm.map((_, i) => n - 1 - i)]) {
      const t = { freq: order.map((i) => s.freq[i]!), re: order.map((i) => s.re[i]!), im: order.map((i) => s.im[i]!) };
      const r = fit(one, t);
      expect(r.quality.verdict, r.quality.reasons.join(' | ')).toBe('suspect');
      expect(r.quality.reasons.join(' ')).toMatch(/systematic misfit/);
      expect(r.quality.reasons.join(' ')).toMatch(/not white along frequency/);
    }
  });
});

describe('the residual reasons of a verdict', () => {
  // pellet spectra with a spike, a bump, a drift or nothing added, fitted on both backends: every
  // failing residual test (size, whiteness, outlier, excursion) occurs among them
  const pellet = parseCircuit('R0-p(R1,CPE1)-CPE2');
  const f = logFrequencies(1e6, 1, 61);
  const spectra = Array.from({ length: 48 }, (_, k) => {
    const s = simulate(pellet, f, [20, 1e4 * (1 + k / 10), 5e-10, 0.9, 1e-6, 0.8], { noise: 0.005, seed: 200 + k });
    const re = Float64Array.from(s.re), im = Float64Array.from(s.im), i = 8 + ((k * 7) % 45);
    if (k % 4 === 0) { re[i]! *= 1.08; im[i]! *= 1.08; }
    else if (k % 4 === 1) for (let d = -3; d <= 3; d++) re[i + d]! *= 1 + 0.03 * Math.exp(-(d * d) / 4);
    else if (k % 4 === 2) for (let j = 0; j < re.length; j++) re[j]! *= 1 + (0.02 * j) / re.length;
    return { freq: s.freq, re, im };
  });
  for (const backend of BACKENDS) {
    it(`${backend}: are judgementReasons' on the result's residuals — all three for a good fit, only the failing tests' (size, whiteness, scan order) otherwise`, async () => {
      const seen = new Set<string>();
      const results = await fitBatch(pellet, spectra, { backend });
      for (const [k, r] of results.entries()) {
        const s = spectra[k]!;
        const { judgement: j, freqAt } = relativeResidualJudgement(s.freq, s.re, s.im, r.residuals.re, r.residuals.im, r.free.filter(Boolean).length);
        const all = judgementReasons(j, freqAt, 'fit residuals');
        const failing = all.filter((_, k) => [!j.sizeOk, !j.whiteOk, !j.scanOk][k]);
        const joined = r.quality.reasons.join('\n');
        if (r.quality.verdict === 'good') expect(r.quality.reasons.slice(1)).toEqual(all);
        else if (j.consistent) for (const x of all) expect(joined).not.toContain(x);
        else {
          const at = r.quality.reasons.indexOf(failing[0]!);
          expect(at, joined).toBeGreaterThanOrEqual(0);
          expect(r.quality.reasons.slice(at, at + failing.length)).toEqual(failing);
          for (const x of all) if (!failing.includes(x)) expect(joined).not.toContain(x);
        }
        for (const x of failing) seen.add(x.match(/^(the RMS|the fit residuals are not white|an outlier|a local excursion)/)![1]!);
      }
      expect([...seen].sort()).toEqual(['a local excursion', 'an outlier', 'the RMS', 'the fit residuals are not white']);
    });
  }
});
