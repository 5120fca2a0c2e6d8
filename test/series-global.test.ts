/**
 * temperatureSeries({ global }) (issue 13): the §6 recipe (seven temperatures, test/global-recipe.ts)
 * through the series — the constrained Ea within 3 stderr of the truth, both routes in the result,
 * the documented defaults (the bulk R on the series' law, every arc's CPE shared) equal to a
 * direct globalFit call, the two-step GLS against a GLS written out here, the residuals against
 * a simulation at the fitted parameters; the report's both Ea with stderr and lack-of-fit verdict;
 * an Arrhenius-violating (VTF) series' reason in the report; bad option values typed; the
 * Arrhenius plot's further lines and the residuals plot.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pText } from '../src/analysis/series-global.ts';
import { tQuantile } from '../src/stats/distributions.ts';
import { temperatureSeries, type TemperatureSeriesResult } from '../src/analysis/series.ts';
import { globalFit } from '../src/global/index.ts';
import { parseCircuit } from '../src/circuit/circuit.ts';
import { simulate } from '../src/simulate.ts';
import { seriesBlocks } from '../src/report/sections.ts';
import { reportHtml } from '../src/report/html.ts';
import { arrheniusSpec, eaText, residualsPlot } from '../src/plot/index.ts';
import { EisError } from '../src/errors.ts';
import { EA1, RECIPE_CIRCUIT, RECIPE_T, recipeSeries } from './global-recipe.ts';
import { ensureInit } from './helpers.ts';

const GEOMETRY = { thicknessCm: 0.1, areaCm2: 0.5 };
const OPTIONS = { circuit: RECIPE_CIRCUIT, bulk: 'R1', geometry: GEOMETRY, backend: 'js' as const };
const K_B = 8.617333262e-5;

const failure = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(EisError);
  return e as EisError;
};

describe('temperatureSeries({ global: true }) on the seven-temperature recipe', () => {
  let s: TemperatureSeriesResult;
  const progress: [number, number][] = [];
  beforeAll(async () => {
    await ensureInit();
    s = await temperatureSeries(recipeSeries(0.01, 1), { ...OPTIONS, global: true, onProgress: (d, t) => progress.push([d, t]) });
  }, 60_000);

  it('recovers Ea within 3 stderr of the truth by both routes, each with a 95 % interval around it', () => {
    const g = s.global!;
    expect(g.bulk).toBe('R1');
    for (const r of [g.constrained, g.twoStep!]) {
      expect(Math.abs(r.activationEnergyEv - EA1)).toBeLessThan(3 * r.stderr);
      expect(r.stderr).toBeGreaterThan(0);
      expect(r.ci95[0]).toBeLessThan(r.activationEnergyEv);
      expect(r.ci95[1]).toBeGreaterThan(r.activationEnergyEv);
    }
    expect(g.twoStep!.arrhenius.generalized).toBe(true);
    // the independent fits' line stays in the result, with its much larger stderr (issue 13)
    expect(s.arrhenius.stderr).toBeGreaterThan(5 * g.constrained.stderr);
    expect(g.lackOfFit!.verdict).toBe('consistent');
    expect(g.lackOfFit!.reason).toContain(`p = ${pText(g.lackOfFit!.p)}`);
  });

  it('the defaults are the bulk R on the σ law and every arc CPE shared: the same numbers as globalFit called with them', async () => {
    const g = s.global!;
    expect(g.shared).toEqual(['CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha']);
    expect(g.arrhenius).toEqual({ R1: 'sigma' });
    const direct = await globalFit(parseCircuit(RECIPE_CIRCUIT), recipeSeries(0.01, 1), { backend: 'js', shared: g.shared, arrhenius: { R1: 'sigma' }, geometry: GEOMETRY });
    expect(g.constrained.activationEnergyEv).toBe(direct.activationEnergies.R1!.value);
    expect(g.constrained.stderr).toBe(direct.activationEnergies.R1!.stderr);
    expect(g.lackOfFit!.p).toBe(direct.lackOfFit!.p);
  }, 30_000);

  it('the two-step Ea is the GLS line through ln σ_s with the covariance of ln R_s, written out here (unscaled)', () => {
    const t = s.global!.twoStep!;
    const R = t.fit.spectra.map((r) => r.byName.R1!.value);
    const n = R.length, C = t.fit.localCovariance.R1!;
    // Cov(ln R) = Cov(R)/(R_i R_j); β = (XᵀC⁻¹X)⁻¹XᵀC⁻¹y by Gauss–Jordan inversion of C
    const A = Array.from({ length: n }, (_, i) => [...Array.from({ length: n }, (_, j) => C[i * n + j]! / R[i]! / R[j]!), ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
    for (let c = 0; c < n; c++) {
      const p = A[c]![c]!;
      for (let j = 0; j < 2 * n; j++) A[c]![j]! /= p;
      for (let r = 0; r < n; r++) if (r !== c) { const m = A[r]![c]!; for (let j = 0; j < 2 * n; j++) A[r]![j]! -= m * A[c]![j]!; }
    }
    const W = A.map((row) => row.slice(n));
    const x = RECIPE_T.map((T) => 1 / T), y = R.map((r) => Math.log(GEOMETRY.thicknessCm / (r * GEOMETRY.areaCm2)));
    let s00 = 0, s01 = 0, s11 = 0, b0 = 0, b1 = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const w = W[i]![j]!;
      s00 += w; s01 += w * x[j]!; s11 += x[i]! * w * x[j]!; b0 += w * y[j]!; b1 += x[i]! * w * y[j]!;
    }
    const det = s00 * s11 - s01 * s01;
    const slope = (s00 * b1 - s01 * b0) / det;
    expect(t.activationEnergyEv).toBeCloseTo(-slope * K_B, 9);
    expect(t.stderr).toBeCloseTo(Math.sqrt(s00 / det) * K_B, 9);
  });

  it("the two-step interval is ± t_{0.975,ν}·stderr with the global fit's ν (scale: 'absolute' estimates no variance from the n − 2 points)", () => {
    const t = s.global!.twoStep!;
    expect(t.arrhenius.dof).toBe(5);
    expect(t.fit.dof).toBeGreaterThan(300);
    // t_{0.975,ν} lies between z = 1.95996 and t_{0.975,300} = 1.96793 (scipy); t_{0.975,5} = 2.5706
    const half = (t.ci95[1] - t.activationEnergyEv) / t.stderr;
    expect(half).toBeGreaterThan(1.959963984540054);
    expect(half).toBeLessThan(1.9679030112610865);
    expect(half).toBeCloseTo(tQuantile(0.975, t.fit.dof), 12); // tQuantile: against mpmath/scipy in arrhenius-gls/stats tests
  });

  it('carries the residuals of every spectrum: (Z − Z_model)/|Z| with Z_model simulated at the fitted parameters', () => {
    const g = s.global!;
    const data = recipeSeries(0.01, 1), c = parseCircuit(RECIPE_CIRCUIT);
    expect(g.residuals.map((r) => r.temperatureK)).toEqual(RECIPE_T);
    g.residuals.forEach((r, k) => {
      const model = simulate(c, data[k]!.freq, g.constrained.fit.spectra[k]!.params);
      expect(r.freq.length).toBe(40);
      for (const i of [0, 17, 39]) {
        const z = Math.hypot(data[k]!.re[i]!, data[k]!.im[i]!);
        expect(r.re[i]).toBeCloseTo((data[k]!.re[i]! - model.re[i]!) / z, 9);
        expect(r.im[i]).toBeCloseTo((data[k]!.im[i]! - model.im[i]!) / z, 9);
      }
    });
  });

  it('counts the two global fits as two progress steps after the fits', () => {
    const total = 7 * 2 + 2;
    expect(progress.every(([, t]) => t === total)).toBe(true);
    expect(progress.slice(-2)).toEqual([[15, total], [16, total]]);
  });

  it('the report shows both Ea with their stderr, the verdict, the two lines and the residuals of every spectrum', async () => {
    const g = s.global!;
    const html = await reportHtml({ title: 't', blocks: await seriesBlocks(s) });
    expect(html).toContain(eaText(g.constrained.activationEnergyEv, g.constrained.stderr));
    expect(html).toContain(eaText(g.twoStep!.activationEnergyEv, g.twoStep!.stderr));
    expect(html).toContain('Lack of fit of the temperature law: consistent');
    expect(html).not.toContain('Neither Ea then describes the data');
    expect(html).toContain('constrained: Ea =');
    expect(html).toContain('two-step GLS: Ea =');
    expect(html).toContain('Residuals of every spectrum');
    for (const T of RECIPE_T) expect(html).toContain(`${(T - 273.15).toFixed(1)} °C`);
  }, 30_000);
});

describe('an Arrhenius-violating series', () => {
  it('gets the lack-of-fit verdict and its reason in the result, the warnings and the report', async () => {
    await ensureInit();
    const s = await temperatureSeries(recipeSeries(0.01, 1, { vtf: true }), { ...OPTIONS, global: true });
    const l = s.global!.lackOfFit!;
    expect(l.p).toBeLessThan(0.01);
    expect(['suspect', 'violated']).toContain(l.verdict);
    expect(l.reason).toContain('R1');
    expect(s.warnings.some((w) => w.startsWith('Global fit: The constrained global fit is') && w.includes('does not hold within the noise'))).toBe(true);
    const html = await reportHtml({ title: 't', blocks: await seriesBlocks(s) });
    expect(html).toContain(`Lack of fit of the temperature law: ${l.verdict}`);
    expect(html).toContain(l.reason.slice(0, 60));
    expect(html).toContain('Neither Ea then describes the data');
  }, 60_000);
});

describe('the two-step fit starts from the constrained solution (VTF recipe, seed 3)', () => {
  it('ends no worse than the constrained fit, whose model it contains, with the arcs in place and no warning', async () => {
    await ensureInit();
    const s = await temperatureSeries(recipeSeries(0.01, 3, { vtf: true }), { ...OPTIONS, global: true });
    const g = s.global!;
    const cf = g.constrained.fit, lf = g.twoStep!.fit;
    // from independent fits it ended at χ² 0.066089 > 0.063193 with the arcs swapped at 200 °C
    expect(lf.chi2).toBeLessThanOrEqual(cf.chi2 * (1 + 1e-9));
    // the lack-of-fit refit has the same model and the same start: the same minimum
    expect(lf.chi2).toBeCloseTo(cf.lackOfFit!.chi2Relaxed, 6);
    for (const f of [lf, cf]) expect(f.spectra[6]!.byName.R1!.value).toBeLessThan(f.spectra[6]!.byName.R2!.value);
    expect(s.warnings.some((x) => x.includes('ended above the constrained fit'))).toBe(false);
    // the report caveat's numbers: ln R errors 0.86–0.92 correlated, every point on one side of the GLS line
    const cov = lf.localCovariance.R1!, sd = (i: number) => Math.sqrt(cov[i * 8]!);
    const rho = Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => cov[i * 7 + j]! / Math.sqrt(cov[i * 8]! * cov[j * 8]!))).flatMap((row, i) => row.filter((_, j) => j !== i));
    expect(Math.min(...rho)).toBeGreaterThan(0.85);
    expect(Math.max(...rho)).toBeLessThan(0.93);
    const a = g.twoStep!.arrhenius, R = lf.spectra.map((r) => r.byName.R1!.value);
    const z = Array.from(a.residuals, (e, i) => e / (sd(i) / R[i]!));
    expect(z.every((v) => v > 0) || z.every((v) => v < 0)).toBe(true);
    expect(Math.max(...z.map(Math.abs))).toBeGreaterThan(1.5);
    expect(Math.max(...z.map(Math.abs))).toBeLessThan(2);
  }, 60_000);
  it('is not warned about when the two-step fit is no worse (seed 1)', async () => {
    const s = await temperatureSeries(recipeSeries(0.01, 1, { vtf: true }), { ...OPTIONS, global: true });
    expect(s.global!.twoStep!.fit.chi2).toBeLessThanOrEqual(s.global!.constrained.fit.chi2);
    expect(s.warnings.some((x) => x.includes('ended above the constrained fit'))).toBe(false);
  }, 60_000);
});

describe('temperatureSeries({ global }) option checks (before any fit)', () => {
  const data = recipeSeries(0.01, 2);
  const cases: [string, unknown, string, string][] = [
    ['a string', 'yes', 'E_ARG_TYPE', 'global'],
    ['an unknown key', { share: [] }, 'E_ARG_TYPE', 'global.share'],
    ['shared not an array', { shared: 'CPE1.Q' }, 'E_ARG_TYPE', 'global.shared'],
    ['an unknown shared name', { shared: ['CPE9.Q'] }, 'E_UNKNOWN_PARAM', 'global.shared'],
    ['the bulk shared', { shared: ['R1'] }, 'E_ARG_RANGE', 'global.shared'],
    ['arrhenius without the bulk', { arrhenius: { R2: 'sigma' } }, 'E_ARG_RANGE', 'global.arrhenius'],
    ['arrhenius an array', { arrhenius: ['R1'] }, 'E_ARG_TYPE', 'global.arrhenius'],
  ];
  for (const [what, global, code, argument] of cases) {
    it(`refuses ${what} (${code}, ${argument})`, async () => {
      let fits = 0;
      const e = await failure(temperatureSeries(data, { ...OPTIONS, global: global as never, onProgress: () => fits++ }));
      expect([e.code, e.details.argument]).toEqual([code, argument]);
      expect(fits).toBe(0);
    });
  }
  it('refuses a fixed parameter shared or on a law (E_ARG_RANGE); a fixed arc CPE is left out of the default shared set', async () => {
    const fixedShared = await failure(temperatureSeries(data, { ...OPTIONS, fitOptions: { fixed: { 'CPE1.alpha': 0.837 } }, global: { shared: ['CPE1.alpha'] } }));
    expect([fixedShared.code, fixedShared.details.argument]).toEqual(['E_ARG_RANGE', 'global.shared']);
    const fixedBulk = await failure(temperatureSeries(data, { ...OPTIONS, fitOptions: { fixed: { R1: 1e5 } }, global: true }));
    expect([fixedBulk.code, fixedBulk.details.argument]).toEqual(['E_ARG_RANGE', 'global.arrhenius']);
    const s = await temperatureSeries(data, { ...OPTIONS, fitOptions: { fixed: { 'CPE1.alpha': 0.837 } }, global: true });
    expect(s.global!.shared).toEqual(['CPE1.Q', 'CPE2.Q', 'CPE2.alpha']);
  }, 30_000);
  it('refuses a global fit of two temperatures (E_TOO_FEW_POINTS) and a bad arrheniusForm (E_ARG_RANGE)', async () => {
    const e = await failure(temperatureSeries(data.slice(0, 2), { ...OPTIONS, global: true }));
    expect([e.code, e.details.argument]).toEqual(['E_TOO_FEW_POINTS', 'global']);
    const f = await failure(temperatureSeries(data, { ...OPTIONS, global: true, arrheniusForm: 'vtf' as never }));
    expect([f.code, f.details.argument]).toEqual(['E_ARG_RANGE', 'arrheniusForm']);
  });
});

describe('pText', () => {
  it('writes p to 3 significant digits, in exponent form below 0.001', () => {
    expect([pText(0.147), pText(0.001), pText(8e-6), pText(1.234e-300)]).toEqual(['0.147', '0.00100', '8.00e-6', '1.23e-300']);
  });
});

describe('the plots of the global fit', () => {
  it("arrheniusSpec's lines: the dashed lines at their slope and intercept, in the legend; bad values typed", () => {
    const pts = [300, 350, 400].map((T) => ({ temperatureK: T, sigma: Math.exp(2 - 4000 / T) }));
    const spec = arrheniusSpec(pts, null, { lines: [{ label: 'constrained', slope: -4000, intercept: 2 }] }) as unknown as { layer: { name?: string; data?: { values: { kind: string; invT: number; y: number }[] } }[] };
    const layer = spec.layer.find((l) => l.name === 'lines')!;
    for (const r of layer.data!.values) expect(r.y).toBeCloseTo(2 - 4000 * r.invT, 12);
    expect(layer.data!.values.map((r) => r.kind)).toEqual(['constrained', 'constrained']);
    // long "constrained: Ea = … ± … eV" labels are not cut at the theme's 320 px (vega estimates text width without fonts)
    expect(JSON.stringify(spec)).toContain('"labelLimit":420');
    const code = (o: unknown) => { try { arrheniusSpec(pts, null, o as never); return null; } catch (e) { return [(e as EisError).code, (e as EisError).details.argument]; } };
    expect(code({ lines: 'x' })).toEqual(['E_ARG_TYPE', 'lines']);
    expect(code({ lines: [{ label: 'measured', slope: 1, intercept: 0 }] })).toEqual(['E_ARG_RANGE', 'lines[0].label']);
    expect(code({ lines: [{ label: 'a', slope: Number.NaN, intercept: 0 }] })?.[0]).toBe('E_NONFINITE');
  });

  it('residualsPlot: one row per point and part in %, labels distinct; bad input typed', () => {
    const spec = residualsPlot([{ label: 'a', freq: [1, 10], residuals: { re: [0.01, -0.02], im: [0, 0.005] } }]) as unknown as { layer: { name?: string; data?: { values: { percent: number; part: string }[] } }[] };
    const rows = spec.layer.find((l) => l.name === 'residuals')!.data!.values;
    expect(rows.map((r) => r.percent)).toEqual([1, 0, -2, 0.5]);
    const code = (v: unknown) => { try { residualsPlot(v as never); return null; } catch (e) { return [(e as EisError).code, (e as EisError).details.argument]; } };
    expect(code([])).toEqual(['E_ARG_TYPE', 'spectra']);
    expect(code([{ label: 'a', freq: [1], residuals: { re: [0], im: [0] } }, { label: 'a', freq: [1], residuals: { re: [0], im: [0] } }])).toEqual(['E_ARG_RANGE', 'spectra[1].label']);
    expect(code([{ label: 'a', freq: [1, 2], residuals: { re: [0], im: [0] } }])?.[0]).toBe('E_ARG_LENGTH');
  });
});
