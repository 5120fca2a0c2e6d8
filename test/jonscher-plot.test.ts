/**
 * conductivityPlot's Jonscher overlay (src/plot/modulus.ts): the law over the fitted range at
 * σ_dc[1 + (f/f_c)^n] computed here from the fit's parameters, the σ_dc level across the data, the
 * label with σ_dc, f_c, n and their stderr; renders to SVG; bad overlays are typed errors. Node
 * and Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { jonscherFit, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { conductivityPlot, renderSvg } from '../src/plot/index.ts';
import { ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);

/* eslint-disable @typescript-eslint/no-explicit-any */
const layer = (spec: any, name: string): any => spec.layer.find((l: any) => l.name === name);
const G = { thicknessCm: 0.1, areaCm2: 0.5 };
const freq = logFrequencies(1e6, 0.01, 81);
const z = simulate(parseCircuit('p(R1,CPE1)-CPE2'), freq, { R1: 1e5, 'CPE1.Q': 1e-8, 'CPE1.alpha': 0.7, 'CPE2.Q': 1e-5, 'CPE2.alpha': 0.85 });

describe('conductivityPlot with a Jonscher fit', () => {
  it('the law over the fitted range, the σ_dc level across the data, labelled', () => {
    const fit = jonscherFit(z, G);
    const spec = conductivityPlot(z, G, { jonscher: fit }) as any;
    const line = layer(spec, 'jonscher_line').data.values;
    expect(line[0].freq).toBe(fit.fmin);
    expect(line[line.length - 1].freq).toBe(fit.fmax);
    for (const r of line) {
      const want = fit.sigmaDc * (1 + (r.freq / fit.fc) ** fit.n);
      expect(Math.abs(r.sigma / want - 1)).toBeLessThan(1e-12);
    }
    const level = layer(spec, 'jonscher_level').data.values;
    expect(level.map((r: any) => r.sigma)).toEqual([fit.sigmaDc, fit.sigmaDc]);
    expect(level.map((r: any) => r.freq)).toEqual([0.01, Math.max(...freq)]);
    expect(layer(spec, 'jonscher_level').mark.strokeDash).toBeDefined();
    const label = layer(spec, 'jonscher_label').data.values[0].label as string;
    expect(label).toContain(`σ_dc = ${fit.sigmaDc.toExponential(3)} ± ${fit.stderr.sigmaDc.toPrecision(2)} S/cm`);
    expect(label).toContain(`n = ${fit.n.toFixed(3)} ± ${fit.stderr.n.toPrecision(2)}`);
    expect(label).toMatch(/f_c = [\d.]+ kHz ± [\d.]+ %/);
  });

  it('plain parameters (no stderr) work; without the option there is no overlay', () => {
    const spec = conductivityPlot(z, G, { jonscher: { sigmaDc: 2e-6, fc: 9000, n: 0.7, fmin: 10, fmax: 1e6 } }) as any;
    expect(layer(spec, 'jonscher_label').data.values[0].label).toBe('Jonscher: σ_dc = 2.000e-6 S/cm, f_c = 9 kHz, n = 0.700');
    expect(layer(conductivityPlot(z, G) as any, 'jonscher_line')).toBeUndefined();
  });

  it('renders to SVG with the label', async () => {
    const svg = await renderSvg(conductivityPlot(z, G, { jonscher: jonscherFit(z, G), title: 'σ′' }));
    expect(svg).toContain('Jonscher: σ_dc =');
  });

  it('a bad overlay is a typed error naming the field', () => {
    expect(expectError(() => conductivityPlot(z, G, { jonscher: { sigmaDc: 2e-6, fc: -1, n: 0.7, fmin: 10, fmax: 1e6 } }), 'E_ARG_RANGE').details.argument).toBe('jonscher.fc');
    expect(expectError(() => conductivityPlot(z, G, { jonscher: { sigmaDc: 2e-6, fc: 1e4, n: 0.7, fmin: 1e6, fmax: 10 } }), 'E_ARG_RANGE').details.argument).toBe('jonscher.fmin');
    expectError(() => conductivityPlot(z, G, { jonscher: 'yes' as never }), 'E_ARG_TYPE', 'jonscher');
  });
});
