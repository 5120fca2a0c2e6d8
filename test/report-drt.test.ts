/**
 * The report's Z-HIT and DRT blocks (src/report/drt.ts, spectrumBlocks, seriesBlocks), in Node and
 * Chromium: computed by default beside the fit and Lin-KK, with the verdict words, the largest
 * deviation and the reasons, λ and how it was chosen, R∞, R_pol and the peak τ values in the
 * HTML; a drifting spectrum's Z-HIT FAIL and where it fails; results passed in are shown as they
 * are; options turn them off; a spectrum a check cannot take is said, not thrown; option errors
 * typed; the series report stacks γ(τ) and lists the tracks with their activation energies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BOLTZMANN_EV, drt, fit, linKK, logFrequencies, parseCircuit, simulate, temperatureSeries, zhit } from '../src/index.ts';
import { cell, countsText, reportHtml, seriesBlocks, spectrumBlocks, summaryBlocks, summaryRows, trackBlocks, type Block } from '../src/report/index.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const c = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
const freq = logFrequencies(1e7, 1e-2, 91);
// two ZARCs R/(1 + (jωτ)^φ): τ = 1e-5 s and 1e-2 s (Q = τ^φ/R)
const ARCS = [{ r: 2e3, tau: 1e-5, phi: 0.85 }, { r: 5e3, tau: 1e-2, phi: 0.85 }];
const truth = [10, ...ARCS.flatMap((a) => [a.r, a.tau ** a.phi / a.r, a.phi])];
const good = simulate(c, freq, truth, { noise: 0.002, seed: 5 });
/** The same with |Z| drifting upwards at the low-frequency end (the sample changing during the slow sweep). */
const drifting = (() => {
  const s = simulate(c, freq, truth, { noise: 0.002, seed: 5 });
  freq.forEach((f, i) => {
    const k = 1 + 0.25 * Math.max(0, Math.log10(1 / f)) ** 2 / 4; // +25 % at 10 mHz, 0 above 1 Hz
    s.re[i]! *= k;
    s.im[i]! *= k;
  });
  return s;
})();
const text = (blocks: Block[]) => reportHtml({ title: 't', blocks: blocks.map((b) => (b.kind === 'plots' ? { ...b, svgs: b.svgs.map(() => '<svg/>') } : b)) });
const svgCount = (blocks: Block[]) => blocks.filter((b) => b.kind === 'plots').reduce((n, b) => n + (b as { svgs: string[] }).svgs.length, 0);

describe('spectrumBlocks: Z-HIT and DRT beside the fit and Lin-KK', () => {
  it('by default: the Z-HIT verdict and the DRT with λ, R∞, R_pol and the peaks (τ within 0.1 decade of the arcs)', async () => {
    const f = fit(c, good, { initial: truth });
    const k = linKK(good);
    const blocks = await spectrumBlocks('two arcs', good, f, k);
    const html = text(blocks);
    // Z-HIT: what zhit() says of the same spectrum, in words
    const z = zhit(good);
    expect(z.pass).toBe(true);
    expect(html).toContain(`Z-HIT: pass — largest |Z| deviation ${(100 * z.maxResidual).toFixed(2)} % (threshold 4.00 %)`);
    for (const r of z.reasons) expect(html).toContain(`Z-HIT pass: ${r.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`);
    // DRT: the result of drt() on the same spectrum, its numbers in the text and the table
    const d = drt(good);
    expect(html).toContain(`λ = ${d.lambda.toExponential(2)}, chosen by mGCV (modified generalised cross-validation) with the plateau rule`);
    expect(html).toContain(`grid point ${d.lambdaCurve!.index + 1} of 71`);
    expect(html).toContain(`R∞ = ${d.rInf.toPrecision(5)} Ω`);
    expect(html).toContain(`R_pol = ${d.polarizationResistance.toPrecision(5)} Ω`);
    expect(d.peaks.length).toBeGreaterThanOrEqual(2);
    for (const p of d.peaks) {
      expect(html).toContain(`<td>${cell(p.tau)}</td><td>${cell(p.frequency)}</td><td>${cell(p.resistance)}</td><td>${cell(p.capacitance)}</td>`);
    }
    // the two most prominent peaks are the arcs (an independent check of what the table shows)
    const top = d.peaks.slice(0, 2).map((p) => p.tau).sort((a, b) => a - b);
    top.forEach((t, i) => expect(Math.abs(Math.log10(t / ARCS[i]!.tau))).toBeLessThan(0.1));
    expect(html).toContain(`<td>${cell(top[0]!)}</td>`);
    // plots: Nyquist, Bode, Lin-KK; Z-HIT residuals; γ(τ) and the λ score curve
    expect(svgCount(blocks)).toBe(6);
    blocks.filter((b) => b.kind === 'plots').forEach((b) => (b as { svgs: string[] }).svgs.forEach((s) => expect(s).toMatch(/^<svg/)));
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text);
    expect(headings).toEqual(['two arcs', 'two arcs: Z-HIT', 'two arcs: DRT']);
  });

  it('a drifting spectrum: Z-HIT FAIL in the report, with where it fails', async () => {
    const z = zhit(drifting);
    expect(z.pass).toBe(false);
    const html = text(await spectrumBlocks('drifting', drifting, null, null, { drt: false }));
    expect(html).toContain(`Z-HIT: FAIL — largest |Z| deviation ${(100 * z.maxResidual).toFixed(2)} %`);
    expect(html).toContain('Z-HIT FAIL: The modulus rebuilt from the phase parts from |Z| by');
    expect(html).toContain('the lowest frequency beyond the threshold');
    expect(html).not.toContain(': DRT');
  });

  it('results passed in are shown as they are; false leaves a block out; the window of the fit applies', async () => {
    const d = drt(good, { lambda: 1e-3 });
    const z = zhit(good, { smoothing: 'none' });
    const html = text(await spectrumBlocks('given', good, null, null, { drt: d, zhit: z }));
    expect(html).toContain('λ = 1.00e-3, given');
    expect(html).toContain('no smoothing');
    const none = await spectrumBlocks('none', good, null, null, { drt: false, zhit: false });
    expect(none.map((b) => b.kind)).toEqual(['heading', 'plots']);
    // options: the DRT and Z-HIT on the fit's window unless they name one
    const f = fit(c, good, { initial: truth, fmin: 1 });
    const cropped = text(await spectrumBlocks('cropped', good, f, null, { drt: { lambda: 1e-3 } }));
    const n = Array.from(freq).filter((x) => x >= 1).length;
    expect(cropped).toContain(`DRT (Tikhonov-regularised Gaussian RBFs, ${n} points in f ≥ 1 Hz`);
    expect(cropped).toContain(`; ${n} of 91 points in f ≥ 1 Hz.`); // Z-HIT's range
    const own = text(await spectrumBlocks('own', good, f, null, { drt: { lambda: 1e-3, fmin: 100 }, zhit: false }));
    expect(own).toContain(`${Array.from(freq).filter((x) => x >= 100).length} points in f ≥ 100 Hz`);
  });

  it('a spectrum a check cannot take is said in the report; option errors are typed', async () => {
    // 4 points at or above 4.5 MHz: neither Z-HIT nor the DRT can run on them
    const html = text(await spectrumBlocks('short', good, null, null, { zhit: { fmin: 4.5e6 }, drt: { fmin: 4.5e6 } }));
    expect(html).toMatch(/Z-HIT: not computed — invalid argument\. `spectrum` has \d frequencies after cropping/);
    expect(html).toMatch(/DRT: not computed — invalid argument\. The DRT needs at least 5 frequencies/);
    await expect(spectrumBlocks('x', good, null, null, { drt: 5 as never })).rejects.toMatchObject({ code: 'E_ARG_TYPE', details: { argument: 'drt' } });
    await expect(spectrumBlocks('x', good, null, null, { zhit: 'yes' as never })).rejects.toMatchObject({ code: 'E_ARG_TYPE', details: { argument: 'zhit' } });
    await expect(spectrumBlocks('x', good, null, null, { dtr: true } as never)).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: 'dtr' } });
    await expect(spectrumBlocks('x', good, null, null, { drt: { lambda: -1 } })).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: 'lambda' } });
    await expect(spectrumBlocks('x', good, null, null, { zhit: { smoothing: 'x' } as never, drt: false })).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: 'smoothing' } });
  });
});

describe('the summary of many sweeps', () => {
  it('a Z-HIT column and count when Z-HIT results are given; none without', () => {
    const zs = [zhit(good), zhit(drifting)];
    expect(zs.map((z) => z.pass)).toEqual([true, false]);
    const { columns, rows } = summaryRows(['good', 'drifting'], [null, null], [null, null], zs);
    expect(columns.at(-1)).toBe('Z-HIT');
    expect(rows.map((r) => r.at(-1))).toEqual(['pass', 'FAIL']);
    expect(countsText([], [], zs)).toBe('Z-HIT: 1 pass, 1 fail');
    expect(summaryRows(['good'], [null]).columns).not.toContain('Z-HIT');
    expect(text(summaryBlocks(['good', 'drifting'], [null, null], [], zs))).toContain('2 spectra — Z-HIT: 1 pass, 1 fail.');
  });
});

describe('a blocking electrode\'s tail', () => {
  it('the peak it makes at 1/f_min is named as such, with the crop that removes it', async () => {
    const b = parseCircuit('R0-p(R1,CPE1)-CPE2');
    const s = simulate(b, logFrequencies(1e6, 1, 61), [20, 1e4, 1e-9, 0.9, 1e-6, 0.9], { noise: 0.002, seed: 9 });
    const d = drt(s);
    const edge = d.peaks.findIndex((p) => Math.abs(Math.log10(p.tau)) < 0.05); // τ ≈ 1/f_min = 1 s
    expect(edge).toBeGreaterThanOrEqual(0);
    expect(d.peaks[edge]!.edge).toBe(true);
    // the whole-range result shown as given: the note on its edge peak
    const html = text(await spectrumBlocks('blocking', s, null, null, { zhit: false, drt: d }));
    expect(html).toContain(`DRT: peak ${edge + 1} (τ = ${d.peaks[edge]!.tau.toPrecision(3)} s) sits at the low-frequency end of the measured window (τ = 1/f_min)`);
    expect(html).toContain('Crop it with fmin');
    // computed by the report (no fmin given): on f ≥ the tail's fmin, said in one sentence
    // (changed deliberately in issue 12's T1: before, the report showed the swamped whole-range DRT)
    expect(d.tail).toBeDefined();
    const auto = text(await spectrumBlocks('blocking', s, null, null, { zhit: false }));
    expect(auto).toContain(`DRT on f ≥ ${Number(d.tail!.fmin.toPrecision(4))} Hz: the blocking-electrode tail below is excluded; peaks of the whole range would be swamped by it.`);
    expect(auto).toContain(`points in f ≥ ${Number(d.tail!.fmin.toPrecision(4))} Hz`);
    // cropped to f ≥ 1 kHz: the arc's peak (τ = (R·Q)^(1/α) ≈ 2.8e-6 s) is the most prominent and
    // carries no note (what is left of the tail may still rise at the new 1/f_min)
    const cropped = drt(s, { fmin: 1e3 });
    const arc = (1e4 * 1e-9) ** (1 / 0.9);
    expect(Math.abs(Math.log10(cropped.peaks[0]!.tau / arc))).toBeLessThan(0.1);
    expect(text(await spectrumBlocks('cropped', s, null, null, { zhit: false, drt: cropped }))).not.toContain('DRT: peak 1 (');
  });

  it('a series whose only peaks are such edges has no track: said in words, with the crop; without an fmin it crops the tail as the report does, and says where', async () => {
    const b = parseCircuit('R0-p(R1,CPE1)-CPE2');
    const rOf = (T: number) => 2e4 * Math.exp((0.35 / BOLTZMANN_EV) * (1 / T - 1 / 300));
    const series = [300, 320, 340].map((T, k) => ({ ...simulate(b, logFrequencies(1e7, 1, 71), [240, rOf(T), 7e-11, 0.9, 2e-6, 0.85], { noise: 0.003, seed: 3 + k }), temperatureK: T }));
    // the whole range (fmin given: the lowest frequency, so no crop; changed deliberately in issue 12:
    // without an fmin the series now crops the tail as the report does, below)
    const s = await temperatureSeries(series, { circuit: b, bulk: 'R1', geometry: { thicknessCm: 0.1, areaCm2: 0.2 }, kk: false, drt: { fmin: 1 } });
    // every DRT has its most prominent peak at τ = 1/f_min = 1 s, holding more than R_pol
    for (const p of s.points) expect(Math.abs(Math.log10(p.drt!.peaks[0]!.tau))).toBeLessThan(0.05);
    expect(s.drtTracks).toEqual([]);
    const html = text(await seriesBlocks(s));
    expect(html).toContain('No DRT peak was followed across temperatures');
    expect(html).toContain('crop it with fmin (--fmin)');
    expect(text(trackBlocks(s.drtTracks!))).not.toContain('<table>');
    expect(html).not.toContain('blocking-electrode tail\'s valley');
    // no fmin: every DRT on f ≥ its tail's valley, as each spectrum's report DRT, said with the windows
    const cropped = await temperatureSeries(series, { circuit: b, bulk: 'R1', geometry: { thicknessCm: 0.1, areaCm2: 0.2 }, kk: false, drt: true });
    const at = cropped.points.map((p, k) => {
      const d = drt(series[k]!);
      expect(p.drtWindow).toEqual({ fmin: d.tail!.fmin, fmax: null, tailCrop: true });
      return `${(p.temperatureK - 273.15).toFixed(1)} °C: f ≥ ${Number(d.tail!.fmin.toPrecision(4))} Hz`;
    });
    const croppedHtml = text(await seriesBlocks(cropped));
    expect(croppedHtml).toContain(`DRT on f ≥ the blocking-electrode tail's valley at 3 of 3 temperatures (${at.join('; ')}): the tail below is excluded, as in each spectrum's DRT`);
    // each spectrum's block shown from the series' DRT (as `eiskit report` does) is the block the report computes itself
    for (const [k, p] of cropped.points.entries()) {
      const given = text(await spectrumBlocks('b', series[k]!, null, null, { zhit: false, drt: p.drt!, drtTailCrop: p.drtWindow!.fmin }));
      expect(given).toBe(text(await spectrumBlocks('b', series[k]!, null, null, { zhit: false })));
      expect(given).toContain('the blocking-electrode tail below is excluded');
    }
    // at 300 K the most prominent peak is then the arc's (τ = (R·Q)^(1/α)), not the tail's edge
    // (at 320 and 340 K the arc reaches τ = 1/f_max and is an edge itself: this sweep ends at 10 MHz)
    const top = cropped.points[0]!.drt!.peaks[0]!;
    expect(top.edge).toBe(false);
    expect(Math.abs(Math.log10(top.tau / (rOf(300) * 7e-11) ** (1 / 0.9)))).toBeLessThan(0.1);
  });
});

describe('seriesBlocks with the DRT', () => {
  it('γ(τ) of every temperature stacked and the table of tracks with Ea', async () => {
    const temps = [300, 320, 340, 360, 380];
    const law = (x0: number, ea: number, T: number) => x0 * Math.exp((ea / BOLTZMANN_EV) * (1 / T - 1 / 300));
    const p = (T: number) => [10, ...ARCS.flatMap((a, k) => {
      const r = law(a.r * 5, 0.4 + 0.1 * k, T), tau = law(a.tau * 10, 0.4 + 0.1 * k, T);
      return [r, tau ** a.phi / r, a.phi];
    })];
    const spectra = temps.map((T, k) => ({ ...simulate(c, logFrequencies(1e7, 1e-3, 101), p(T), { noise: 0.002, seed: 40 + k }), temperatureK: T }));
    const s = await temperatureSeries(spectra, { circuit: c, bulk: 'R1', geometry: { thicknessCm: 0.1, areaCm2: 0.2 }, initial: p(300), kk: false, drt: true });
    const blocks = await seriesBlocks(s);
    const html = text(blocks);
    expect(html).toContain('<h3>DRT across temperatures</h3>');
    expect(html).toContain(`DRT peaks followed across temperatures (${s.drtTracks!.length} tracks`);
    const long = s.drtTracks!.filter((t) => t.points.length === 5);
    expect(long.length).toBe(2);
    for (const t of long) {
      // τ to three significant digits, in exponent form below 1e-3 s
      const short = (x: number) => (x >= 1e-3 && x < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2));
      const row = `<td>${t.id}</td><td>26.9 – 106.9</td><td>5</td><td>${short(t.points[0]!.tau)} → ${short(t.points[4]!.tau)}</td>`;
      expect(html).toContain(row);
      const ea = t.conductance!;
      expect(html).toContain(`${ea.activationEnergyEv.toFixed(Math.min(12, Math.max(0, 1 - Math.floor(Math.log10(ea.stderr)))))} ± `);
    }
    // Arrhenius and parameter plots, then the stacked γ(τ)
    expect(svgCount(blocks)).toBe(3);
    const stacked = (blocks.filter((b) => b.kind === 'plots').at(-1) as { svgs: string[] }).svgs[0]!;
    for (const T of temps) expect(stacked).toContain(`${(T - 273.15).toFixed(1)} °C`);
  });
});
