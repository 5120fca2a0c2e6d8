/**
 * The app's DRT panel and Z-HIT, their pure parts (app/drt-model.ts, app/drt-jobs.ts' queue) and
 * the worker's side (app/analyse.ts): the λ slider's grid positions, the start values a DRT peak
 * gives an R‖CPE or R‖C arc (numbers worked out by hand, and the seeded arc's −Z″ maximum found
 * on a dense grid at the peak's τ), the fit form's start-value text, the panel's messages, the
 * latest-per-panel queue, runDrt against drt() and analyse's Z-HIT against zhit(). Runs in Node
 * and in Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { drt, EisError, fit, logFrequencies, parseCircuit, simulate, zhit } from '../src/index.ts';
import { writeSpectraCsv } from '../src/io/index.ts';
import { findArcs } from '../src/circuit/arcs.ts';
import { analyse, runDrt } from '../app/analyse.ts';
import { LatestQueue } from '../app/drt-jobs.ts';
import {
  arcName, DEFAULT_LAMBDA_STEP, defaultArcIndex, drtErrorText, formatStartValues, LAMBDA_STEPS, lambdaLabel, lambdaStep, lambdaText, mergeStartValues,
  parseStartValues, SEED_ALPHA, seedFromPeak, seedMessage, shareText, sliderLambda,
} from '../app/drt-model.ts';
import { resultsTable } from '../app/export.ts';
import type { AnalyseRequest, DrtRequest, FitSummary, ZhitSummary } from '../app/protocol.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const rel = (a: number, b: number) => Math.abs(a / b - 1);
const CPE_ARC = { r: 'R1', element: 'CPE1', kind: 'cpe' as const, params: ['CPE1.Q', 'CPE1.alpha'] };
const C_ARC = { r: 'R2', element: 'C2', kind: 'ideal' as const, params: ['C2'] };

describe('λ slider', () => {
  it('positions 0…70 are the grid 10^(−7+0.1k) of drt()\'s scan, clamped and rounded', () => {
    expect(LAMBDA_STEPS).toBe(70);
    expect(rel(sliderLambda(0), 1e-7)).toBeLessThan(1e-14);
    expect(rel(sliderLambda(40), 1e-3)).toBeLessThan(1e-14);
    expect(rel(sliderLambda(70), 1)).toBeLessThan(1e-14);
    expect(rel(sliderLambda(3), 10 ** -6.7)).toBeLessThan(1e-14);
    expect(sliderLambda(3.4)).toBe(sliderLambda(3));
    expect(sliderLambda(-5)).toBe(sliderLambda(0));
    expect(sliderLambda(99)).toBe(sliderLambda(70));
    expect(sliderLambda(Number.NaN)).toBe(sliderLambda(DEFAULT_LAMBDA_STEP));
    // the automatic choice is a grid value: its position gives back exactly that λ
    const curve = drt(simulate(parseCircuit('R0-p(R1,C1)'), logFrequencies(1e5, 1, 41), { R0: 10, R1: 100, C1: 1e-5 })).lambdaCurve!;
    expect(sliderLambda(lambdaStep(curve.lambda[curve.index]!))).toBe(curve.lambda[curve.index]!);
  });

  it('λ → nearest position in log scale, both ways', () => {
    for (let k = 0; k <= 70; k++) expect(lambdaStep(sliderLambda(k))).toBe(k);
    expect(lambdaStep(2e-3)).toBe(43); // log10 2e-3 = −2.699 → 10·4.301 = 43.0
    expect(lambdaStep(1.4e-5)).toBe(21); // log10 = −4.854 → 21.46
    expect(lambdaStep(1e-9)).toBe(0);
    expect(lambdaStep(5)).toBe(70);
    expect(lambdaStep(0)).toBe(DEFAULT_LAMBDA_STEP);
    expect(lambdaStep(Number.NaN)).toBe(DEFAULT_LAMBDA_STEP);
  });

  it('labels λ with 4 significant digits in exponent form', () => {
    expect(lambdaLabel(sliderLambda(0))).toBe('1e-7');
    expect(lambdaLabel(sliderLambda(41))).toBe('1.259e-3');
    expect(lambdaLabel(sliderLambda(70))).toBe('1e0');
    expect(lambdaLabel(2.5e-4)).toBe('2.5e-4');
  });
});

describe('a DRT peak seeds an arc of the circuit', () => {
  it('R‖CPE: R = the peak\'s resistance, α = 0.9, Q = τ^α/R (by hand: τ = 1 ms, R = 1 kΩ → Q = 10^−2.7/10³ = 1.99526e−6)', () => {
    const seed = seedFromPeak({ tau: 1e-3, resistance: 1000 }, CPE_ARC)!;
    expect(Object.keys(seed)).toEqual(['R1', 'CPE1.Q', 'CPE1.alpha']);
    expect(seed.R1).toBe(1000);
    expect(seed['CPE1.alpha']).toBe(SEED_ALPHA);
    expect(SEED_ALPHA).toBe(0.9);
    expect(rel(seed['CPE1.Q']!, 1.99526231496888e-6)).toBeLessThan(1e-12);
    // τ = 20 µs, R = 250 Ω: (2e-5)^0.9 = e^{0.9·ln 2e-5} = e^{−9.73782} = 5.9010e-5, / 250 = 2.3604e-7
    const other = seedFromPeak({ tau: 2e-5, resistance: 250 }, CPE_ARC)!;
    expect(rel(other['CPE1.Q']!, 2.3604075082695346e-7)).toBeLessThan(1e-12);
    // its effective (Brug) capacitance (R^{1−α} Q)^{1/α} is C = τ/R = 1e-6 F
    expect(rel((1000 ** (1 - 0.9) * seed['CPE1.Q']!) ** (1 / 0.9), 1e-6)).toBeLessThan(1e-12);
  });

  it('the seeded R‖CPE and R‖C have their −Z″ maximum at the peak\'s frequency 1/(2πτ)', () => {
    const tau = 3e-4, f0 = 1 / (2 * Math.PI * tau); // 530.5 Hz
    const freq = logFrequencies(f0 * 100, f0 / 100, 4001); // 1000 points per decade
    for (const [circuit, arc] of [['p(R1,CPE1)', CPE_ARC], ['p(R2,C2)', C_ARC]] as const) {
      const seed = seedFromPeak({ tau, resistance: 420 }, arc)!;
      const z = parseCircuit(circuit).impedance(freq, seed);
      let best = 0;
      for (let i = 1; i < freq.length; i++) if (-z.im[i]! > -z.im[best]!) best = i;
      expect(Math.abs(Math.log10(freq[best]! / f0)), circuit).toBeLessThan(0.0011);
      // and there −Z″ = (R/2)·tan(απ/4) (Z = R/(1 + j^α) at ωτ = 1; R/2 for the C)
      const alpha = arc.kind === 'cpe' ? SEED_ALPHA : 1;
      expect(rel(-z.im[best]!, 210 * Math.tan((alpha * Math.PI) / 4)), circuit).toBeLessThan(1e-5);
    }
  });

  it('R‖C: C = τ/R; a peak without a finite positive τ and R seeds nothing', () => {
    expect(seedFromPeak({ tau: 2e-5, resistance: 250 }, C_ARC)).toEqual({ R2: 250, C2: 8e-8 });
    expect(seedFromPeak({ tau: 1e-3, resistance: 0 }, C_ARC)).toBeNull();
    expect(seedFromPeak({ tau: Number.NaN, resistance: 5 }, CPE_ARC)).toBeNull();
    expect(seedFromPeak({ tau: 1e-3, resistance: Infinity }, CPE_ARC)).toBeNull();
  });

  it('the arcs come from the circuit; peaks ranked by τ go to them in circuit order by default', () => {
    const arcs = findArcs(parseCircuit('R0-p(R1,CPE1)-p(R2,C2)-CPE3').ast);
    expect(arcs.map(arcName)).toEqual(['p(R1,CPE1)', 'p(R2,C2)']);
    expect(arcs.map((a) => [a.kind, a.params])).toEqual([['cpe', ['CPE1.Q', 'CPE1.alpha']], ['ideal', ['C2']]]);
    const peaks = [{ tau: 1e-3, resistance: 1 }, { tau: 1e-6, resistance: 1 }, { tau: 1e-1, resistance: 1 }]; // by prominence
    expect(peaks.map((_, k) => defaultArcIndex(peaks, k, 2))).toEqual([1, 0, 1]);
    expect(defaultArcIndex(peaks, 2, 3)).toBe(2);
    expect(defaultArcIndex(peaks, 0, 0)).toBe(-1);
  });
});

describe('start values in the fit form', () => {
  it('parses name=value lists, empty is none, and says what is wrong', () => {
    expect(parseStartValues('')).toEqual({ values: {} });
    expect(parseStartValues(' R1=1000, CPE1.Q=2e-9;CPE1.alpha=0.85 ')).toEqual({ values: { R1: 1000, 'CPE1.Q': 2e-9, 'CPE1.alpha': 0.85 } });
    expect(parseStartValues('R1 1000')).toEqual({ error: '"R1" is not name=value' });
    expect(parseStartValues('R1=abc')).toEqual({ error: 'R1 must be a finite number; got "abc"' });
    expect(parseStartValues('R1=Infinity')).toEqual({ error: 'R1 must be a finite number; got "Infinity"' });
  });

  it('a seed replaces its names and keeps the others; 6 significant digits; an unreadable text is replaced', () => {
    expect(formatStartValues({ R1: 1000, 'CPE1.Q': 1.99526231496888e-6 })).toBe('R1=1000, CPE1.Q=1.99526e-6');
    expect(formatStartValues({ R0: 0, R1: 2.5e7, C1: 1e-3, 'CPE1.alpha': 0.123456789 })).toBe('R0=0, R1=2.5e7, C1=0.001, CPE1.alpha=0.123457');
    expect(mergeStartValues('R0=20, R1=5', { R1: 1000, 'CPE1.alpha': 0.9 })).toBe('R0=20, R1=1000, CPE1.alpha=0.9');
    expect(mergeStartValues('R0 20', { R1: 1000 })).toBe('R1=1000');
    const back = parseStartValues(formatStartValues({ 'CPE1.Q': 2.3604075082695346e-7 }));
    expect(back).toEqual({ values: { 'CPE1.Q': 2.36041e-7 } });
  });
});

describe('DRT panel messages', () => {
  it('say what was seeded, which λ was used and why a DRT failed', () => {
    const seed = seedFromPeak({ tau: 1e-3, resistance: 1000 }, CPE_ARC)!;
    expect(seedMessage(CPE_ARC, seed, { tau: 1e-3, resistance: 1000, frequency: 159.15494309189532 }))
      .toBe('Seeded p(R1,CPE1) from the peak at τ = 0.0010000 s (f = 159.15 Hz): R1 = 1000.0, CPE1.Q = 1.9953e-6, CPE1.alpha = 0.90000. Run the fit again to start from them.');
    const curve = { method: 'mgcv', rule: 'plateau' };
    expect(lambdaText({ method: 'tr-rbf', lambda: sliderLambda(41), lambdaCurve: curve }, true)).toBe('Method tr-rbf, λ = 1.259e-3 (chosen automatically (mgcv, plateau rule)).');
    expect(lambdaText({ method: 'tr-rbf', lambda: 1e-5 }, false)).toBe('Method tr-rbf, λ = 1e-5 (set by the slider).');
    expect(drtErrorText(new EisError('E_ARG_RANGE', 'too few points', { argument: 'spectrum' }))).toBe('DRT: not possible — too few points [E_ARG_RANGE]');
    expect(drtErrorText(new Error('x'.repeat(600)))).toBe(`DRT: not possible — ${'x'.repeat(500)}…`);
    expect(drtErrorText('plain')).toBe('DRT: not possible — plain');
    expect([shareText(0.4251), shareText(1), shareText(Number.NaN)]).toEqual(['42.5 %', '100.0 %', '—']);
  });
});

describe('DRT request queue (one in flight, the newest per panel waiting)', () => {
  it('a dragged slider computes the first and the last λ, and only the last reply is handed on', () => {
    const sent: [number, { key: string; lambda: number }][] = [];
    const q = new LatestQueue<{ key: string; lambda: number }>((id, item) => sent.push([id, item]));
    q.ask({ key: 'a', lambda: 1 });
    q.ask({ key: 'a', lambda: 2 });
    q.ask({ key: 'a', lambda: 3 });
    q.ask({ key: 'b', lambda: 9 });
    expect(sent).toEqual([[1, { key: 'a', lambda: 1 }]]);
    expect(q.settle(7)).toBeNull(); // not the one in flight
    expect(q.settle(1)).toBeNull(); // superseded by a = 3
    expect(sent.map(([, i]) => i.lambda)).toEqual([1, 3]);
    expect(q.settle(2)).toEqual({ key: 'a', lambda: 3 });
    expect(sent.map(([, i]) => i.lambda)).toEqual([1, 3, 9]);
    expect(q.settle(3)).toEqual({ key: 'b', lambda: 9 });
    expect(q.busy).toBe(false);
  });

  it('a broken worker abandons the one in flight and the next is sent; a forgotten panel is dropped', () => {
    const sent: string[] = [];
    const q = new LatestQueue<{ key: string }>((_id, item) => sent.push(item.key));
    q.ask({ key: 'a' });
    q.ask({ key: 'b' });
    q.ask({ key: 'c' });
    q.forget('b');
    expect(q.abandon()).toEqual({ key: 'a' });
    expect(sent).toEqual(['a', 'c']);
    expect(q.settle(2)).toEqual({ key: 'c' });
    expect(q.abandon()).toBeNull();
  });
});

const CIRCUIT = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const TRUE = { R0: 20, R1: 3000, 'CPE1.Q': 2e-9, 'CPE1.alpha': 0.9, R2: 5000, 'CPE2.Q': 1e-6, 'CPE2.alpha': 0.85 };
const spectrum = simulate(parseCircuit(CIRCUIT), logFrequencies(1e6, 0.1, 71), TRUE, { noise: 0.003, seed: 11 });
const bytes = () => new TextEncoder().encode(writeSpectraCsv([spectrum])).buffer as ArrayBuffer;
const drtRequest = (over: Partial<DrtRequest> = {}): DrtRequest => ({
  type: 'drt', id: 5, key: 'k', freq: Array.from(spectrum.freq), re: Array.from(spectrum.re), im: Array.from(spectrum.im), range: {}, lambda: 'auto', credible: false, ...over,
});

describe('the worker\'s DRT (runDrt) and Z-HIT (analyse)', () => {
  it('runDrt gives drt()\'s result on the range, automatic or at the slider\'s λ', () => {
    const auto = runDrt(drtRequest());
    expect(auto.type).toBe('drt-done');
    if (auto.type !== 'drt-done') return;
    const direct = drt(spectrum);
    expect(auto.result.lambda).toBe(direct.lambda);
    expect(auto.result.gamma).toEqual(direct.gamma);
    expect(auto.result.peaks).toEqual(direct.peaks);
    expect(auto.id).toBe(5);
    expect(auto.result.peaks.length).toBeGreaterThanOrEqual(2); // two arcs, τ = (RQ)^{1/α} = 4.9e-6 s and 1.9e-3 s
    const fixed = runDrt(drtRequest({ lambda: sliderLambda(20), range: { fmin: 1, fmax: 1e5 } }));
    if (fixed.type !== 'drt-done') throw new Error(fixed.message);
    const cropped = drt(spectrum, { lambda: sliderLambda(20), fmin: 1, fmax: 1e5 });
    expect(fixed.result.gamma).toEqual(cropped.gamma);
    expect(fixed.result.lambdaCurve).toBeUndefined();
    expect(fixed.result.lambda).toBe(sliderLambda(20));
    expect(fixed.result.lower).toBeUndefined();
    // the credible band when asked: drt()'s own
    const band = runDrt(drtRequest({ credible: true }));
    if (band.type !== 'drt-done') throw new Error(band.message);
    const withBand = drt(spectrum, { credible: true });
    expect(band.result.credible).toBe(withBand.credible);
    expect(band.result.lower).toEqual(withBand.lower);
    expect(band.result.upper).toEqual(withBand.upper);
  });

  it('a DRT that cannot run is a message, not a throw', () => {
    const few = runDrt(drtRequest({ range: { fmin: 1e5 } })); // 11 points above 100 kHz … fewer after the crop
    const tiny = runDrt(drtRequest({ range: { fmin: 1e5, fmax: 2e5 } }));
    expect(tiny).toMatchObject({ type: 'drt-error', id: 5 });
    if (tiny.type === 'drt-error') expect(tiny.message).toMatch(/^DRT: not possible — .*\[E_ARG_RANGE\]$/);
    expect(few.type).toBe('drt-done');
    const bad = runDrt(drtRequest({ lambda: -1 }));
    expect(bad.type === 'drt-error' && bad.message).toMatch(/^DRT: not possible — .*lambda/);
  });

  it('analyse runs Z-HIT on the range as zhit() does; the CSV carries its verdict', async () => {
    const request: AnalyseRequest = { type: 'analyse', id: 1, files: [{ name: 'two-arcs.csv', size: 1, bytes: bytes() }], circuit: CIRCUIT, starts: 1, range: { fmin: 1 } };
    const done = await analyse(request, () => {});
    const z = done.spectra[0]!.zhit as ZhitSummary;
    const direct = zhit(spectrum, { fmin: 1 });
    expect(z.pass).toBe(direct.pass);
    expect(z.maxResidual).toBe(direct.maxResidual);
    expect(z.reasons).toEqual(direct.reasons);
    expect(z.reasons.length).toBeGreaterThan(0);
    expect(z.freq.length).toBe(direct.residuals.re.length);
    expect(z.residuals.im).toEqual(Array.from(direct.residuals.im));
    expect(z.modulus).toEqual(Array.from(direct.modulus));
    expect(z.window).toEqual(direct.window);
    const [header, row] = resultsTable(done) as [string[], unknown[]];
    expect(row[header.indexOf('zhit_pass')]).toBe(direct.pass);
    expect(row[header.indexOf('zhit_max_residual')]).toBe(direct.maxResidual);
  });

  it('analyse fits from the start values given (as fit() with `initial`) and refuses names the circuit lacks', async () => {
    const initial = { R1: 2500, 'CPE1.Q': 3e-9, 'CPE1.alpha': 0.9 };
    const request: AnalyseRequest = { type: 'analyse', id: 1, files: [{ name: 'two-arcs.csv', size: 1, bytes: bytes() }], circuit: CIRCUIT, starts: 1, range: {}, initial };
    const done = await analyse(request, () => {});
    const direct = fit(parseCircuit(CIRCUIT), spectrum, { initial });
    expect((done.spectra[0]!.fit as FitSummary).params).toEqual(Array.from(direct.params));
    await expect(analyse({ ...request, initial: { R9: 1 } }, () => {})).rejects.toThrow(/^start value for R9: not a parameter of R0-p\(R1,CPE1\)-p\(R2,CPE2\) \(its parameters: R0, R1, CPE1\.Q/);
  });
});
