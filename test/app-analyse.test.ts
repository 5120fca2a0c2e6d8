/**
 * The app worker's job (app/analyse.ts) and the crop helpers (app/range.ts): each file on its
 * own (a hostile, an oversized and a good file together: the good one loads), the frequency crop
 * (the fit equals a fit of the pre-cropped data, points at the limits included), typed limits and
 * brushes turned into ranges. Runs in Node and in Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fit, linKK, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { writeSpectraCsv } from '../src/io/index.ts';
import { analyse } from '../app/analyse.ts';
import { MAX_FILE_BYTES, type AnalyseRequest, type FitSummary, type KkSummary } from '../app/protocol.ts';
import { cropSpectrum, inRange, parseRange, rangeFromFrequencyBrush, rangeFromNyquistBrush, rangeText, round4 } from '../app/range.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const CIRCUIT = 'R0-p(R1,CPE1)-CPE2';
const TRUE = { R0: 20, R1: 3000, 'CPE1.Q': 2e-9, 'CPE1.alpha': 0.85, 'CPE2.Q': 4e-6, 'CPE2.alpha': 0.8 };
const spectrum = simulate(parseCircuit(CIRCUIT), logFrequencies(1e6, 0.1, 71), TRUE, { noise: 0.005, seed: 7 });
const goodBytes = () => new TextEncoder().encode(writeSpectraCsv([spectrum])).buffer as ArrayBuffer;
const request = (files: AnalyseRequest['files'], range: AnalyseRequest['range'] = {}): AnalyseRequest => ({ type: 'analyse', id: 1, files, circuit: CIRCUIT, starts: 1, range });

describe('app worker job (analyse)', () => {
  it('a hostile and an oversized file get their own errors; the good file still loads and is fitted', async () => {
    const hostile = new TextEncoder().encode('freq,<img src=x onerror=alert(1)>,im\n1,2,3\n').buffer as ArrayBuffer;
    const messages: string[] = [];
    const done = await analyse(request([
      { name: '<b>evil</b>.csv', size: hostile.byteLength, bytes: hostile },
      { name: 'huge.mpt', size: MAX_FILE_BYTES + 1, bytes: null },
      { name: 'good.csv', size: 1, bytes: goodBytes() },
    ]), (m) => messages.push(m));
    expect(done.files.map((f) => [f.name, f.spectra, f.error === undefined])).toEqual([['<b>evil</b>.csv', 0, false], ['huge.mpt', 0, false], ['good.csv', 1, true]]);
    expect(done.files[0]!.error).toMatch(/real-part column/);
    expect(done.files[1]!.error).toMatch(/^20\.0 MB: larger than the 20\.0 MB the app reads; not read$/);
    expect(done.spectra.map((s) => s.label)).toEqual(['good.csv']);
    const f = done.spectra[0]!.fit as FitSummary;
    expect(f.success).toBe(true);
    expect(Math.abs(f.params[1]! / TRUE.R1 - 1)).toBeLessThan(0.02);
    expect(messages).toContain('fitting and validating spectrum 1 of 1…');
  });

  it('refuses bytes over the cap even when the page sent them', async () => {
    const done = await analyse(request([{ name: 'big.csv', size: MAX_FILE_BYTES + 8, bytes: new ArrayBuffer(MAX_FILE_BYTES + 8) }]), () => {});
    expect(done.files[0]!.error).toMatch(/larger than/);
    expect(done.spectra).toEqual([]);
  });

  it('a cropped job fits exactly the points in [fmin, fmax] (inclusive), like fit and linKK on pre-cropped data', async () => {
    const fmin = spectrum.freq[50]!, fmax = spectrum.freq[10]!; // two measured frequencies: both ends must be kept
    const done = await analyse(request([{ name: 'good.csv', size: 1, bytes: goodBytes() }], { fmin, fmax }), () => {});
    const s = done.spectra[0]!;
    expect(s.freq.length).toBe(71); // the whole spectrum is kept for the plots
    expect(s.used).toBe(41);
    const shown = s.fit as FitSummary, kk = s.kk as KkSummary;
    expect(shown.freq.length).toBe(41);
    expect(Math.min(...shown.freq)).toBe(fmin);
    expect(Math.max(...shown.freq)).toBe(fmax);
    // the same data pre-cropped by hand and fitted directly
    const pre = { freq: spectrum.freq.slice(10, 51), re: spectrum.re.slice(10, 51), im: spectrum.im.slice(10, 51) };
    const direct = fit(parseCircuit(CIRCUIT), pre);
    expect(shown.params).toEqual(Array.from(direct.params));
    expect(kk.M).toBe(linKK(pre, { method: 'score', extension: 'auto' }).M);
    // and differs from the uncropped fit
    const whole = await analyse(request([{ name: 'good.csv', size: 1, bytes: goodBytes() }]), () => {});
    expect((whole.spectra[0]!.fit as FitSummary).params).not.toEqual(shown.params);
  });

  it('a range with too few points gives an error for that spectrum, not for the job', async () => {
    const done = await analyse(request([{ name: 'good.csv', size: 1, bytes: goodBytes() }], { fmin: 1e3, fmax: 1.1e3 }), () => {});
    expect(done.spectra[0]!.used).toBe(1);
    expect('error' in done.spectra[0]!.fit).toBe(true);
  });

  it('a bad circuit or starts value fails the job with a message', async () => {
    await expect(analyse({ ...request([]), circuit: 'R0-p(' }, () => {})).rejects.toThrow(/R0-p\(/);
    await expect(analyse({ ...request([]), starts: 0 }, () => {})).rejects.toThrow(/starts must be a whole number from 1 to 64; got 0/);
  });
});

describe('app frequency range', () => {
  it('parses typed limits: empty is open, nonsense and reversed limits are errors', () => {
    expect(parseRange('', '')).toEqual({ range: {} });
    expect(parseRange(' 10 ', '1e5')).toEqual({ range: { fmin: 10, fmax: 1e5 } });
    expect(parseRange('0', '')).toEqual({ error: 'fmin must be a positive number of Hz; got "0"' });
    expect(parseRange('', 'abc')).toEqual({ error: 'fmax must be a positive number of Hz; got "abc"' });
    expect(parseRange('100', '10')).toEqual({ error: 'fmin (100 Hz) is above fmax (10 Hz)' });
  });

  it('keeps the points inside, ends included, and open ends', () => {
    expect(inRange(10, { fmin: 10, fmax: 10 })).toBe(true);
    expect(inRange(9.999, { fmin: 10 })).toBe(false);
    expect(inRange(1e9, {})).toBe(true);
    const c = cropSpectrum({ freq: [100, 10, 1], re: [1, 2, 3], im: [-1, -2, -3], label: 'x' }, { fmax: 10 });
    expect([Array.from(c.freq), Array.from(c.re), Array.from(c.im), c.label]).toEqual([[10, 1], [2, 3], [-2, -3], 'x']);
  });

  it('turns brushes into ranges rounded outwards to 4 digits', () => {
    expect(round4(123456, false)).toBe(123400);
    expect(round4(123456, true)).toBe(123500);
    expect(round4(0.031622776, false)).toBe(0.03162);
    expect(round4(1, true)).toBe(1);
    expect(rangeFromFrequencyBrush([5432.1, 1.23456])).toEqual({ fmin: 1.234, fmax: 5433 });
    expect(rangeFromFrequencyBrush(undefined)).toBeUndefined();
    expect(rangeFromFrequencyBrush([3, 3])).toBeUndefined();
    const s = { freq: [1000, 100, 10, 1], re: [1, 2, 3, 4], im: [-1, -5, -5, -1] };
    expect(rangeFromNyquistBrush(s, [1.5, 3.5], [4, 6])).toEqual({ fmin: 10, fmax: 100 });
    expect(rangeFromNyquistBrush(s, [3.5, 1.5], [6, 4])).toEqual({ fmin: 10, fmax: 100 });
    expect(rangeFromNyquistBrush(s, [10, 20], [0, 1])).toBeUndefined();
  });

  it('describes a range in words', () => {
    expect(rangeText({})).toBe('all frequencies');
    expect(rangeText({ fmin: 0.05, fmax: 12345 })).toBe('50 mHz – 12.35 kHz');
    expect(rangeText({ fmin: 2e6 })).toBe('from 2 MHz');
    expect(rangeText({ fmax: 3 })).toBe('up to 3 Hz');
  });
});
