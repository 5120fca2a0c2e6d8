/**
 * The app's "Dielectric views" section as DOM (app/dielectric-view.ts), in Chromium: closed and
 * not computed until opened; without a geometry it names what is missing and still downloads Y;
 * with one it shows the reading, σ_dc (jonscherFit's), both plots; a spectrum over the app's point
 * limit is refused as the fit is; a geometry change redraws an open section. Browser only (DOM).
 */
import { describe, expect, it } from 'vitest';
import { jonscherFit, logFrequencies, parseCircuit } from '../src/index.ts';
import { dielectricPanel } from '../app/dielectric-view.ts';
import { MAX_POINTS, type SpectrumResult } from '../app/protocol.ts';
import type { PelletText } from '../app/dielectric.ts';

const freq = Array.from(logFrequencies(1e7, 1e-2, 91));
const z = parseCircuit('p(R1,CPE1)-CPE2').impedance(freq, { R1: 2e4, 'CPE1.Q': 2e-10, 'CPE1.alpha': 0.8, 'CPE2.Q': 1e-6, 'CPE2.alpha': 0.9 });
const spectrum = (over: Partial<SpectrumResult> = {}): SpectrumResult => ({
  label: 'cell.csv', file: 'cell.csv', freq, re: Array.from(z.re), im: Array.from(z.im), used: freq.length, fit: { error: 'not fitted' }, kk: { error: 'not tested' }, ...over,
});

/** Waits until the section's data-state is one of `states`. */
async function settled(e: HTMLElement, ...states: string[]): Promise<void> {
  for (let i = 0; i < 200 && !states.includes(e.dataset.state ?? ''); i++) await new Promise((r) => setTimeout(r, 25));
  expect(states).toContain(e.dataset.state);
}

describe('app dielectric section (DOM, Chromium)', () => {
  it('closed until opened; no geometry: what is needed, Y still downloads; a geometry: reading, σ_dc, two plots; a new one redraws', async () => {
    let pellet: PelletText = { thickness: '', area: '', areaKind: 'area' };
    const downloads: { name: string; text: string }[] = [];
    const panel = dielectricPanel(spectrum(), {}, { pellet: () => pellet, download: (name, text) => downloads.push({ name, text }) });
    document.body.append(panel.element);
    const q = <T extends Element>(sel: string) => panel.element.querySelector<T & HTMLElement>(sel)!;
    expect(panel.element.dataset.state).toBe('closed');
    expect(panel.isOpen()).toBe(false);
    (panel.element as HTMLDetailsElement).open = true;
    await settled(panel.element, 'no-geometry');
    expect(q('p.dielectric-geometry').textContent).toContain('Thickness: missing (cm). Electrode area: missing (cm²).');
    q<HTMLSelectElement>('select.dielectric-quantity').value = 'Y';
    q<HTMLButtonElement>('button.dielectric-csv').click();
    expect(downloads.map((d) => d.name)).toEqual(['cell-Y.csv']);
    expect(downloads[0]!.text.split('\r\n')[0]).toBe('spectrum,freq_Hz,Yre_S,Yim_S');
    q<HTMLSelectElement>('select.dielectric-quantity').value = 'M';
    q<HTMLButtonElement>('button.dielectric-csv').click();
    expect(downloads.length).toBe(1);
    expect(q('.dielectric-csv-message').textContent).toMatch(/\[E_ARG_TYPE\] Type the pellet geometry in the Pellet box above\.$/);

    pellet = { thickness: '0.1', area: '0.5', areaKind: 'area' };
    panel.refresh();
    await settled(panel.element, 'done');
    expect(Number(q('p.dielectric-sigma-dc').dataset.value)).toBe(jonscherFit({ freq, re: z.re, im: z.im }, { thicknessCm: 0.1, areaCm2: 0.5 }).sigmaDc);
    expect(q('p.dielectric-reading').textContent).not.toBe('');
    expect(panel.element.querySelectorAll('.dielectric-plots svg').length).toBe(2);
    // a diameter: redrawn with A = π/4
    pellet = { thickness: '0.1', area: '1', areaKind: 'diameter' };
    panel.refresh();
    await new Promise((r) => setTimeout(r, 0));
    await settled(panel.element, 'done');
    expect(q('p.dielectric-geometry').textContent).toContain('A = 0.785398 cm² (the Pellet box)');
    expect(Number(q('p.dielectric-sigma-dc').dataset.value)).toBe(jonscherFit({ freq, re: z.re, im: z.im }, { thicknessCm: 0.1, diameterCm: 1 }).sigmaDc);
    panel.dispose();
    panel.element.remove();
  });

  it('a spectrum over the app\'s point limit: not computed, as the fit is not', async () => {
    const panel = dielectricPanel(spectrum({ used: MAX_POINTS + 1 }), {}, { pellet: () => ({ thickness: '0.1', area: '0.5', areaKind: 'area' }), download: () => {} }, true);
    document.body.append(panel.element);
    await settled(panel.element, 'done');
    expect(panel.element.querySelector('.dielectric-body p.error')?.textContent).toBe('Dielectric views: not computed — 20 001 points; the app analyses at most 20 000: crop with fmin/fmax or decimate.');
    expect(panel.element.querySelectorAll('svg').length).toBe(0);
    panel.dispose();
    panel.element.remove();
  });
});
