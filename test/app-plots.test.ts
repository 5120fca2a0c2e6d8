/**
 * The app's cropped plots (app/plots.ts, app/crop-spec.ts): rendered with vega, the points
 * outside the range are grey and the others not, the excluded bands are shaded on the Bode plot,
 * the Nyquist plot's axes fit the points in range, and both plots carry the brush the app reads.
 * Runs in Node and in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { logFrequencies, parseCircuit } from '../src/index.ts';
import { renderSvg } from '../src/plot/index.ts';
import { BRUSH, EXCLUDED_COLOUR, rangeExpression } from '../app/crop-spec.ts';
import { spectrumSpecs } from '../app/plots.ts';
import type { SpectrumResult } from '../app/protocol.ts';
import { rangeIndices } from '../app/range.ts';

const freq = Array.from(logFrequencies(1e6, 0.1, 71)); // 10 points per decade
const z = parseCircuit('R0-p(R1,C1)').impedance(freq, { R0: 10, R1: 1000, C1: 1e-7 });

function result(range: { fmin?: number; fmax?: number }, kkError = false): SpectrumResult {
  const idx = rangeIndices(freq, range);
  return {
    label: 'cell.csv', file: 'cell.csv', freq, re: Array.from(z.re), im: Array.from(z.im), used: idx.length,
    fit: { paramNames: [], units: [], params: [], stderr: [], chi2: 0, success: true, message: '', warnings: [], quality: { verdict: 'good', reasons: [] }, freq: idx.map((i) => freq[i]!), fitted: { re: idx.map((i) => z.re[i]!), im: idx.map((i) => z.im[i]!) } },
    kk: kkError ? { error: 'too few points' } : { M: 3, mu: 0.5, pass: true, maxResidual: 0, threshold: 0.01, noiseEstimate: 0, verdict: 'threshold', noiseSigma: 0, reasons: [], freq: idx.map((i) => freq[i]!), residuals: { re: idx.map(() => 0), im: idx.map(() => 0) } },
  };
}

const count = (svg: string, s: string) => svg.split(s).length - 1;
/** Symbol paths of a named mark group (vega writes one <g class="… NAME_marks"> per mark). */
function symbols(svg: string, mark: string): string[] {
  const start = svg.indexOf(`${mark}_marks"`);
  if (start < 0) return [];
  const end = svg.indexOf('</g>', start);
  return svg.slice(start, end).match(/<path [^>]*>/g) ?? [];
}
/** Names of the brush's projected fields in a compiled spec. */
function brushFields(spec: object): string[] {
  const vg = compile(spec as never).spec as { signals?: { name: string }[]; data?: { name: string }[]; marks?: unknown[] };
  expect(vg.signals?.map((s) => s.name)).toContain(BRUSH);
  const text = JSON.stringify(vg);
  return ['freq', 're', 'negIm'].filter((f) => text.includes(`"field":"${f}","channel"`));
}

describe('app cropped plots', () => {
  it('Bode: points outside [10 Hz, 100 kHz] grey in both panels, the two bands shaded, a frequency brush', async () => {
    const s = result({ fmin: 10, fmax: 1e5 });
    expect(s.used).toBe(41);
    const { bode } = spectrumSpecs(s, { fmin: 10, fmax: 1e5 });
    const svg = await renderSvg(bode);
    for (const panel of ['modulus', 'negPhase']) {
      const grey = symbols(svg, `${panel}_points_excluded`), kept = symbols(svg, `${panel}_points`);
      expect(grey.length, panel).toBe(30);
      expect(grey.every((p) => p.includes(`fill="${EXCLUDED_COLOUR}"`))).toBe(true);
      expect(kept.length, panel).toBe(41);
      expect(kept.some((p) => p.includes(EXCLUDED_COLOUR))).toBe(false);
    }
    expect(count(svg, 'excluded_band_marks')).toBe(2); // one band group per panel
    expect(brushFields(bode)).toEqual(['freq']);
  });

  it('Bode over the whole range: nothing grey, no band', async () => {
    const svg = await renderSvg(spectrumSpecs(result({}), {}).bode);
    expect(count(svg, EXCLUDED_COLOUR)).toBe(0);
    expect(count(svg, 'excluded_band')).toBe(0);
    expect(symbols(svg, 'modulus_points').length).toBe(71);
  });

  it('Nyquist: axes fit the points in range; excluded points grey and clipped; a two-dimensional brush', async () => {
    const range = { fmin: 1e3, fmax: 1e5 }; // the high-frequency half of the arc: Z′ from ~10 to ~500 Ω
    const s = result(range);
    const { nyquist } = spectrumSpecs(s, range);
    const x = (nyquist as { layer: { name: string; encoding: { x: { scale: { domain: number[] } } } }[] }).layer.find((l) => l.name === 'points')!.encoding.x.scale.domain;
    const inside = rangeIndices(freq, range).map((i) => z.re[i]!);
    expect(x[1]!).toBeLessThan(1.2 * Math.max(...inside) + 50); // not stretched to the full 1010 Ω
    expect(x[1]!).toBeGreaterThan(Math.max(...inside));
    const svg = await renderSvg(nyquist);
    expect(symbols(svg, 'points').length).toBe(s.used);
    expect(symbols(svg, 'points_excluded').length).toBe(71 - s.used);
    expect(brushFields(nyquist).sort()).toEqual(['negIm', 're']);
  });

  it('no Lin-KK plot when Lin-KK failed; the range expression is what the filter uses', () => {
    expect(spectrumSpecs(result({}, true), {}).kk).toBeUndefined();
    expect(rangeExpression({})).toBe('true');
    expect(rangeExpression({ fmin: 1e-3, fmax: 5 })).toBe('datum.freq >= 0.001 && datum.freq <= 5');
  });
});
