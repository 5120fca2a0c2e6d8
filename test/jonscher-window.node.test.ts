/**
 * Item 1 of the review of issue 13: a frequency window must not turn off the electrode-drop
 * detection. On examples/data/mof-licl_eis_45C.csv (1 Hz – 10 MHz, a blocking electrode's tail)
 * a window at 1 Hz (the file's lowest f: it crops nothing) or 10 Hz gave σ_dc = 1.3e-19 S/cm,
 * f_c = 2.4e-93 Hz, BAD when the window was the Jonscher range; now the window bounds the data and
 * the range rule runs inside it — through jonscherFit and through the report's dielectric views
 * (spectrumBlocks with the fit's window). Node only (reads the file).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fit, jonscherFit, parseCircuit } from '../src/index.ts';
import { readSpectra } from '../src/io/index.ts';
import { reportHtml, spectrumBlocks } from '../src/report/index.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

describe('the window is not the Jonscher range', () => {
  it('examples/data/mof-licl_eis_45C.csv (1 Hz – 10 MHz, electrode tail): a window at 1 or 10 Hz keeps the electrode detection and σ_dc', () => {
    const z = readSpectra(readFileSync('examples/data/mof-licl_eis_45C.csv'), { fileName: 'mof-licl_eis_45C.csv' })[0]!;
    const g = { thicknessCm: 0.1, areaCm2: 0.196 };
    const all = jonscherFit(z, g);
    expect(all.rangeRule).toBe('electrode drop');
    expect(all.quality.verdict).toBe('good');
    expect(all.sigmaDc).toBeGreaterThan(5.4e-5);
    expect(all.sigmaDc).toBeLessThan(5.6e-5);
    for (const fmin of [1, 10]) {
      const w = jonscherFit(z, g, { fmin });
      expect(w.rangeRule).toBe('electrode drop');
      expect(w.rangeReason).toContain(`inside the window f ≥ ${fmin} Hz`);
      expect(w.sigmaDc).toBe(all.sigmaDc);
      expect(w.fc).toBe(all.fc);
      expect(w.quality.verdict).toBe('good');
    }
  });

  it('the report with the fit\'s window fmin 1 and 10 Hz: the Jonscher paragraph finds the drop and σ_dc', async () => {
    const z = readSpectra(readFileSync('examples/data/mof-licl_eis_45C.csv'), { fileName: 'mof-licl_eis_45C.csv' })[0]!;
    const g = { thicknessCm: 0.1, areaCm2: 0.196 };
    const sigma = jonscherFit(z, g).sigmaDc;
    for (const fmin of [1, 10]) {
      const f = fit(parseCircuit('R0-p(R1,CPE1)-CPE2'), z, { starts: 1, fmin });
      const blocks = await spectrumBlocks('mof', z, f, null, { zhit: false, drt: false, geometry: g });
      const html = reportHtml({ title: 't', blocks: blocks.map((b) => (b.kind === 'plots' ? { ...b, svgs: [] } : b)) });
      expect(html).toContain(`above its low-frequency drop (electrode polarisation`);
      expect(html).toContain(`inside the window f ≥ ${fmin} Hz`);
      expect(html).toContain(`σ_dc = ${sigma.toExponential(3)}`);
      expect(html).toContain('Quality: good');
    }
  });
});
