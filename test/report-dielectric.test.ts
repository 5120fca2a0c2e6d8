/**
 * The report's dielectric views (src/report/dielectric.ts, spectrumBlocks with a geometry): the
 * −Z″/M″ reading (one R‖C: peaks at one f → one homogeneous process, analytic; bulk + grain
 * boundary: M″ above −Z″; a maximum at a range end: no reading, its estimate a bound), the peak
 * table = modulusPeaks of the window, the Jonscher paragraph = jonscherFit's numbers (± only for a
 * good fit), σ_dc beside the fit's bulk σ = L/(A·R1) by a z-score on the standard errors (real
 * fits: consistent on one arc, significantly below on two arcs in series, not compared when the
 * Jonscher fit is not good), both plots; nothing without a geometry; a spectrum the views cannot
 * take is said, not thrown. dielectricView is what the report and the app both show. Node and
 * Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fit, jonscherFit, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { modulusPeaks } from '../src/plot/index.ts';
import { bulkComparison, dielectricBlocks, dielectricReading, dielectricView, reportHtml, spectrumBlocks, type Block } from '../src/report/index.ts';
import { jonscherText, peakTable } from '../src/report/dielectric.ts';
import type { ModulusPeakRow } from '../src/plot/index.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const G = { thicknessCm: 0.1, areaCm2: 0.5 };
const freq = logFrequencies(1e7, 0.01, 91);
const text = (blocks: Block[]) => reportHtml({ title: 't', blocks: blocks.map((b) => (b.kind === 'plots' ? { ...b, svgs: b.svgs.map(() => '<svg/>') } : b)) });
const svgCount = (blocks: Block[]) => blocks.filter((b) => b.kind === 'plots').reduce((n, b) => n + (b as { svgs: string[] }).svgs.length, 0);
/** One bulk arc (R‖CPE) and a blocking electrode. */
const pellet = parseCircuit('p(R1,CPE1)-CPE2');
const pelletTruth = { R1: 1e5, 'CPE1.Q': 1e-8, 'CPE1.alpha': 0.7, 'CPE2.Q': 1e-5, 'CPE2.alpha': 0.85 };
const one = simulate(pellet, freq, pelletTruth);
/** A seeded normal deviate (Box–Muller on a 32-bit LCG). */
function normals(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}
/** EIS noise proportional to |Z|: each of Z′, Z″ plus N(0, (r|Z|)²). */
function zNoise(z: { freq: ArrayLike<number>; re: ArrayLike<number>; im: ArrayLike<number> }, seed: number, r = 0.01) {
  const g = normals(seed);
  return { freq: Array.from(z.freq), re: Array.from(z.re, (v, i) => v + r * Math.hypot(v, z.im[i]!) * g()), im: Array.from(z.im, (v, i) => v + r * Math.hypot(z.re[i]!, v) * g()) };
}

describe('dielectricReading', () => {
  it('one parallel RC: both peaks at 1/(2πRC) → one homogeneous process', () => {
    const R = 2e5, C = 3e-11;
    const z = simulate(parseCircuit('p(R1,C1)'), freq, { R1: R, C1: C });
    const line = dielectricReading(modulusPeaks(z, G));
    expect(line).toMatch(/^The −Z″ and M″ peaks lie within a factor 2 in frequency/);
    expect(line).toContain('one homogeneous process');
    expect(line).toContain('R ≈ 2.00e+5 Ω, C ≈ 3.00e-11 F');
  });

  it('bulk + grain boundary (C 30 pF and 3 nF, R 50 kΩ and 500 kΩ): M″ well above −Z″ → separate processes', () => {
    const z = simulate(parseCircuit('p(R1,C1)-p(R2,C2)'), freq, { R1: 5e4, C1: 3e-11, R2: 5e5, C2: 3e-9 });
    const line = dielectricReading(modulusPeaks(z, G));
    expect(line).toMatch(/^The M″ peak lies [\d.]+× higher in frequency than the −Z″ peak/);
    expect(line).toContain('an indication');
    expect(line).toMatch(/grain boundaries/);
  });

  it('a maximum at an end of the range: no reading', () => {
    const z = simulate(parseCircuit('p(R1,C1)'), logFrequencies(1e2, 0.01, 21), { R1: 2e5, C1: 3e-11 });
    expect(dielectricReading(modulusPeaks(z, G))).toMatch(/^No reading: the .* maximum lies at an end of the measured range/);
  });
});

describe('dielectricBlocks', () => {
  it('heading, reading, the peak table of modulusPeaks, the Jonscher fit with its range, σ_dc beside the fit\'s bulk σ, two plots', async () => {
    const f = fit(pellet, one, { initial: pelletTruth });
    const blocks = await dielectricBlocks('pellet', one, G, { fit: f });
    expect(blocks[0]).toEqual({ kind: 'heading', text: 'pellet: dielectric views', level: 3 });
    const table = blocks.find((b) => b.kind === 'table') as Extract<Block, { kind: 'table' }>;
    const peaks = modulusPeaks(one, G);
    expect(table.rows.map((r) => [r[0], r[1], r[2]])).toEqual(peaks.map((p) => [p.curve, p.freq, p.height]));
    const j = jonscherFit(one, G);
    const html = text(blocks);
    expect(html).toContain(jonscherText(j).replaceAll('<', '&lt;'));
    expect(html).toContain('where σ′ is flattest');
    // noise-free: the range bias (the electrode's remnant, 0.2–0.5 %) exceeds the statistical stderr
    expect(j.quality.verdict).toBe('suspect');
    expect(html).toContain('Quality: suspect');
    expect(jonscherText(j)).not.toMatch(/\d ± \d/);
    const sigmaBulk = G.thicknessCm / (G.areaCm2 * f.params[f.paramNames.indexOf('R1')]!);
    expect(Math.abs(sigmaBulk / (G.thicknessCm / (G.areaCm2 * 1e5)) - 1)).toBeLessThan(1e-8);
    expect(html).toContain(`bulk σ = L/(A·R1) = ${sigmaBulk.toExponential(3)}`);
    expect(html).toContain('not compared with the Jonscher σ_dc, whose fit is suspect (see its reasons)');
    expect(svgCount(blocks)).toBe(2);
  });

  it('one arc at 1 % |Z| noise (real fits): a good Jonscher fit with ± (statistical and range start), compared by z = ln(σ_dc/σ_bulk)/√(u_J² + u_sys² + u_bulk²): consistent', () => {
    for (const seed of [2, 3]) {
      const z = zNoise(one, seed);
      const f = fit(pellet, z, { initial: pelletTruth });
      const v = dielectricView(z, G, {}, { fit: f });
      if ('error' in v.jonscher) throw v.jonscher.error;
      const j = v.jonscher;
      expect(j.quality.verdict).toBe('good');
      expect(jonscherText(j)).toMatch(/^σ_dc = [\d.e+-]+ ± [\d.e+-]+ \(statistical\) ± [\d.e+-]+ \(range start\) S\/cm/);
      const k = f.paramNames.indexOf('R1');
      const sb = G.thicknessCm / (G.areaCm2 * f.params[k]!);
      const zScore = Math.log(j.sigmaDc / sb) / Math.hypot(j.stderr.sigmaDc / j.sigmaDc, j.systematic.sigmaDc / j.sigmaDc, f.stderr[k]! / f.params[k]!);
      expect(Math.abs(zScore)).toBeLessThanOrEqual(2);
      expect(v.comparison).toContain(`z = ${zScore.toFixed(1)} combined standard errors`);
      expect(v.comparison).toContain('consistent within 2: the plateau fitted is the bulk\'s');
      expect(v.overlay?.stderr).toEqual(j.stderr);
    }
  });

  it('two processes in series (R1 1e5, R2 3e5; real fits, 1 % noise): over the whole range the Jonscher fit is not good and not compared; with the range up to 1 kHz σ_dc is the total L/(A(R1+R2)), significantly below the bulk σ, and the text says why', () => {
    const c = parseCircuit('p(R1,CPE1)-p(R2,CPE2)');
    const truth = { R1: 1e5, 'CPE1.Q': 1e-10, 'CPE1.alpha': 0.8, R2: 3e5, 'CPE2.Q': 1e-8, 'CPE2.alpha': 0.8 };
    const z = zNoise(simulate(c, freq, truth), 1);
    const f = fit(c, z, { initial: truth });
    const whole = dielectricView(z, G, {}, { fit: f });
    if ('error' in whole.jonscher) throw whole.jonscher.error;
    expect(whole.jonscher.quality.verdict).not.toBe('good');
    expect(whole.jonscher.quality.reasons.join(' ')).toMatch(/departs from the law/);
    expect(whole.comparison).toMatch(/not compared with the Jonscher σ_dc, whose fit is (suspect|BAD)/);
    expect(whole.comparison).not.toContain('everything in series');
    expect(whole.overlay?.stderr).toBeUndefined();
    const low = dielectricView(z, G, {}, { fit: f, range: [null, 1e3] });
    if ('error' in low.jonscher) throw low.jonscher.error;
    expect(low.jonscher.quality.verdict).toBe('good');
    expect(low.jonscher.rangeRule).toBe('given');
    expect(Math.abs(low.jonscher.sigmaDc / (G.thicknessCm / (G.areaCm2 * 4e5)) - 1)).toBeLessThan(0.01);
    expect(low.comparison).toMatch(/the Jonscher σ_dc is 7[0-9]\.[0-9] % below it, z = -\d+\.\d combined standard errors .*: significantly below\. σ_dc of the plateau is the conductivity of everything in series/);
    expect(bulkComparison(low.jonscher, f, 'R9', G)).toBe('');
    expect(bulkComparison(low.jonscher, null, 'R1', G)).toBe('');
  });

  it('a nonsense fit is not quoted with ± and its percentages are capped', () => {
    // σ′ flat then falling: no dispersion the law can take; f_c runs to its bound
    const f = logFrequencies(1e5, 1, 26);
    const z = { freq: Array.from(f), re: Array.from(f, (x) => 1e5 * (1 + (x / 1e4) ** 2)), im: Array.from(f, () => -1) };
    const v = dielectricView(z, G);
    if ('error' in v.jonscher) throw v.jonscher.error;
    expect(v.jonscher.quality.verdict).toBe('bad');
    expect(v.jonscherText.map((b) => (b.kind === 'paragraph' ? b.text : '')).join(' ')).toContain('(no ± given: the fit is BAD');
    expect(JSON.stringify(v.jonscherText)).not.toMatch(/\d{5,} %/);
    expect(Math.log10(v.jonscher.fc)).toBeGreaterThanOrEqual(Math.log10(v.jonscher.fmin) - 2 - 1e-9);
    expect(Math.log10(v.jonscher.fc)).toBeLessThanOrEqual(Math.log10(v.jonscher.fmax) + 2 + 1e-9);
  });

  it('dielectricView: the peaks, the reading (the window\'s lowest f as fmin) and the Jonscher fit of the points in the window', () => {
    for (const window of [{}, { fmin: 1, fmax: 1e6 }] as { fmin?: number; fmax?: number }[]) {
      const v = dielectricView(one, G, window);
      const inside = Array.from(one.freq).filter((x) => x >= (window.fmin ?? 0) && x <= (window.fmax ?? Infinity));
      expect(Array.from(v.spectrum.freq)).toEqual(inside);
      const peaks = modulusPeaks(v.spectrum, G);
      expect(v.peaks).toEqual({ peaks, reading: dielectricReading(peaks, Math.min(...inside)), table: peakTable(peaks, G) });
      expect(v.jonscher).toEqual(jonscherFit(one, G, window));
    }
  });

  it('a spectrum too short for the Jonscher fit: said in a paragraph, the −Z″/M″ view still shown', async () => {
    const short = simulate(pellet, logFrequencies(1e4, 1e3, 3), pelletTruth);
    const blocks = await dielectricBlocks('short', short, G);
    expect(text(blocks)).toMatch(/Jonscher fit: not computed — invalid argument\. The Jonscher fit needs at least 4 points/);
    expect(svgCount(blocks)).toBe(2);
  });
});

describe('spectrumBlocks with a geometry', () => {
  it('adds the dielectric views after the DRT; without a geometry none', async () => {
    const f = fit(pellet, one, { initial: pelletTruth });
    const withG = await spectrumBlocks('pellet', one, f, null, { zhit: false, drt: false, geometry: G });
    expect(text(withG)).toContain('pellet: dielectric views');
    expect(text(withG)).toContain('Jonscher fit of σ′');
    const without = await spectrumBlocks('pellet', one, f, null, { zhit: false, drt: false });
    expect(text(without)).not.toContain('dielectric views');
  });

  it('the views take the fit\'s frequency window as their data window (the Jonscher range rule inside it, the peaks of its points)', async () => {
    const f = fit(pellet, one, { initial: pelletTruth, fmin: 100 });
    const html = text(await spectrumBlocks('pellet', one, f, null, { zhit: false, drt: false, geometry: G }));
    expect(html).toContain('inside the window f ≥ 100 Hz');
    const peaks = modulusPeaks(dielectricView(one, G, { fmin: 100 }).spectrum, G);
    expect(html).toContain(dielectricReading(peaks, 100).slice(0, 60));
  });
});

describe('dielectricReading with a blocking electrode', () => {
  it('−Z″ largest at the lowest frequency but with the bulk\'s interior peak: the peaks are compared (at 1/(2πRC)) and the tail is said', () => {
    const R = 1e5, C = 3e-11, f0 = 1 / (2 * Math.PI * R * C);
    const z = simulate(parseCircuit('p(R1,C1)-CPE2'), freq, { R1: R, C1: C, 'CPE2.Q': 1e-5, 'CPE2.alpha': 0.85 });
    const peaks = modulusPeaks(z, G);
    const zp = peaks.find((p) => p.curve === '−Z″')!;
    expect(zp.edge).toBe(false);
    expect(zp.rises).toBe('low f');
    expect(Math.abs(Math.log10(zp.freq / f0))).toBeLessThan(0.01);
    const line = dielectricReading(peaks, 0.01);
    expect(line).toMatch(/^The −Z″ and M″ peaks lie within a factor 2 in frequency/);
    expect(line).toContain('−Z″ rises again towards the lowest frequency (a blocking electrode\'s tail).');
  });

  it('no interior −Z″ peak, −Z″ largest at fmin beside an M″ peak: said as the electrode tail; other ends: no reading, the estimate a bound', () => {
    const row = (curve: ModulusPeakRow['curve'], f: number, edge: boolean): ModulusPeakRow => ({ curve, freq: f, height: 1, estimate: 2, edge, rises: null, label: '' });
    const line = dielectricReading([row('−Z″', 0.01, true), row('M″', 5e4, false)], 0.01);
    expect(line).toMatch(/^No comparison of the peaks: −Z″ is largest at the lowest frequency measured \(0\.01 Hz\) — typically the rising tail of a blocking electrode/);
    expect(line).toMatch(/the M″ peak at [\d.]+ Hz \(C ≈ 2 F\) picks out the smallest capacitance/);
    expect(dielectricReading([row('−Z″', 0.01, true), row('M″', 5e4, false)])).toBe('No reading: the −Z″ maximum lies at an end of the measured range, so its frequency is a bound, not a peak (R ≥ 2 Ω).');
    expect(dielectricReading([row('−Z″', 10, false), row('M″', 1e7, true)])).toContain('(C ≤ 2 F)');
  });
});
