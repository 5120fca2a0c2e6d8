/**
 * The report's dielectric views (src/report/dielectric.ts, spectrumBlocks with a geometry): the
 * −Z″/M″ reading (one R‖C: peaks at one f → one homogeneous process, analytic; bulk + grain
 * boundary: M″ above −Z″; a maximum at a range end: no reading), the peak table = modulusPeaks,
 * the Jonscher paragraph = jonscherFit's numbers, σ_dc beside the fit's bulk σ = L/(A·R1), both
 * plots; nothing without a geometry; a spectrum the views cannot take is said, not thrown.
 * Node and Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fit, jonscherFit, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { modulusPeaks } from '../src/plot/index.ts';
import { bulkComparison, dielectricBlocks, dielectricReading, reportHtml, spectrumBlocks, type Block } from '../src/report/index.ts';
import { jonscherText } from '../src/report/dielectric.ts';
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
    expect(html).toContain('Quality: suspect'); // noise-free: the range bias (0.2–0.5 %) exceeds the statistical stderr
    // the fit's bulk σ is exact on noise-free data; the Jonscher σ_dc 0.2–0.5 % below it (the electrode's remnant)
    const sigmaBulk = G.thicknessCm / (G.areaCm2 * f.params[f.paramNames.indexOf('R1')]!);
    expect(Math.abs(sigmaBulk / (G.thicknessCm / (G.areaCm2 * 1e5)) - 1)).toBeLessThan(1e-8);
    expect(html).toContain(`bulk σ = L/(A·R1) = ${sigmaBulk.toExponential(3)}`);
    expect(html).toMatch(/the Jonscher σ_dc is 0\.[0-9] % below it\. They agree within 5 %/);
    expect(svgCount(blocks)).toBe(2);
  });

  it('two processes in series: σ_dc of the plateau is the total, below the bulk σ, and the text says why', () => {
    const j = jonscherFit(simulate(parseCircuit('p(R1,CPE1)-p(R2,CPE2)'), freq, { R1: 1e5, 'CPE1.Q': 1e-10, 'CPE1.alpha': 0.8, R2: 3e5, 'CPE2.Q': 1e-8, 'CPE2.alpha': 0.8 }), G);
    const fakeFit = { success: true, paramNames: ['R1'], params: Float64Array.of(1e5), stderr: Float64Array.of(100) } as never;
    const line = bulkComparison(j, fakeFit, 'R1', G);
    expect(line).toMatch(/% below it\. σ_dc of the plateau is the conductivity of everything in series/);
    expect(bulkComparison(j, fakeFit, 'R9', G)).toBe('');
    expect(bulkComparison(j, null, 'R1', G)).toBe('');
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

  it('the Jonscher fit takes the fit\'s frequency window', async () => {
    const f = fit(pellet, one, { initial: pelletTruth, fmin: 100 });
    const html = text(await spectrumBlocks('pellet', one, f, null, { zhit: false, drt: false, geometry: G }));
    expect(html).toContain('inside the window f ≥ 100 Hz');
  });
});

describe('dielectricReading with a blocking electrode', () => {
  it('−Z″ largest at the lowest frequency: said as the electrode tail, M″ read as the bulk', () => {
    const z = simulate(parseCircuit('p(R1,C1)-CPE2'), freq, { R1: 1e5, C1: 3e-11, 'CPE2.Q': 1e-5, 'CPE2.alpha': 0.85 });
    const peaks = modulusPeaks(z, G);
    expect(peaks.find((p) => p.curve === 'M″')!.edge).toBe(false);
    expect(peaks.find((p) => p.curve === '−Z″')!.freq).toBe(0.01);
    const line = dielectricReading(peaks, 0.01);
    expect(line).toMatch(/^No comparison of the peaks: −Z″ is largest at the lowest frequency measured \(0\.01 Hz\) — typically the rising tail of a blocking electrode/);
    expect(line).toMatch(/the M″ peak at [\d.]+ Hz \(C ≈ [\d.e+-]+ F\) picks out the smallest capacitance/);
    // without the range the maximum is only said to be at an end
    expect(dielectricReading(peaks)).toMatch(/^No reading: the −Z″ maximum lies at an end/);
  });
});
