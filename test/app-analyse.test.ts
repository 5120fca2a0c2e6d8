/**
 * The app worker's job (app/analyse.ts) and the crop helpers (app/range.ts): each file on its
 * own (a hostile, an oversized and a good file together: the good one loads), the frequency crop
 * (the fit equals a fit of the pre-cropped data, points at the limits included), typed limits and
 * brushes turned into ranges. Runs in Node and in Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fit, linKK, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { writeSpectraCsv } from '../src/io/index.ts';
import { analyse, MAX_POINTS } from '../app/analyse.ts';
import { resultsCsv, resultsJson } from '../app/export.ts';
import { MAX_FILE_BYTES, type AnalyseRequest, type FitSummary, type KkSummary } from '../app/protocol.ts';
import { inRange, parseRange, rangeFromFrequencyBrush, rangeIndices, rangeFromNyquistBrush, rangeText, round4 } from '../app/range.ts';
import { ensureInit } from './helpers.ts';
import { readRfc4180 } from './rfc4180.ts';

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
    const kkPre = linKK(pre);
    expect(kk.M).toBe(kkPre.M);
    expect(kk.pass).toBe(kkPre.pass);
    expect(kk.reasons).toEqual(kkPre.reasons);
    expect(kk.reasons.length).toBeGreaterThan(0);
    expect(shown.quality).toEqual(direct.quality);
    // and differs from the uncropped fit
    const whole = await analyse(request([{ name: 'good.csv', size: 1, bytes: goodBytes() }]), () => {});
    expect((whole.spectra[0]!.fit as FitSummary).params).not.toEqual(shown.params);
  });

  it('a spectrum of more than MAX_POINTS points gets its own error at once (no minutes-long fit); cropped below the cap it is analysed', async () => {
    const n = MAX_POINTS + 1;
    const big = simulate(parseCircuit(CIRCUIT), logFrequencies(1e6, 0.1, n), TRUE, { noise: 0.005, seed: 9 });
    const bytes = new TextEncoder().encode(writeSpectraCsv([big])).buffer as ArrayBuffer;
    const t0 = performance.now();
    const done = await analyse(request([{ name: 'big.csv', size: bytes.byteLength, bytes }, { name: 'good.csv', size: 1, bytes: goodBytes() }]), () => {});
    expect(performance.now() - t0).toBeLessThan(10_000);
    const s = done.spectra[0]!;
    expect(s.used).toBe(n);
    for (const part of [s.fit, s.kk]) expect((part as { error: string }).error).toBe('20 001 points; the app analyses at most 20 000: crop with fmin/fmax or decimate');
    // the other spectrum is analysed as usual
    expect((done.spectra[1]!.fit as FitSummary).success).toBe(true);
    // cropped to two decades (well under the cap): fitted
    const cropped = await analyse(request([{ name: 'big.csv', size: bytes.byteLength, bytes }], { fmin: 10, fmax: 1e3 }), () => {});
    expect(cropped.spectra[0]!.used).toBeLessThan(MAX_POINTS);
    expect('error' in cropped.spectra[0]!.fit).toBe(false);
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

describe('app downloads', () => {
  it('CSV: a row per spectrum and per unreadable file, formula-like names neutralised, numbers as numbers, RFC 4180', async () => {
    const evil = "=cmd|' /C calc'!A0.csv";
    const done = await analyse(request([
      { name: evil, size: 1, bytes: goodBytes() },
      { name: '@bad, "name".csv', size: 3, bytes: new TextEncoder().encode('xyz').buffer as ArrayBuffer },
    ], { fmin: 1 }), () => {});
    const text = resultsCsv(done);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false); // no bare LF: every record ends with CRLF
    const rows = readRfc4180(text);
    const [header, good, bad] = rows as [string[], string[], string[]];
    expect(rows.length).toBe(3);
    expect(header.slice(0, 11)).toEqual(['file', 'spectrum', 'fmin_Hz', 'fmax_Hz', 'points_used', 'points_total', 'error', 'converged', 'quality', 'quality_reasons', 'chi2']);
    expect(header).toContain('CPE1.alpha stderr');
    const col = (name: string) => header.indexOf(name);
    expect(good[col('file')]).toBe(`'${evil}`);
    expect(good[col('spectrum')]).toBe(`'${evil}`);
    const f = done.spectra[0]!.fit as FitSummary, kk = done.spectra[0]!.kk as KkSummary;
    expect(good[col('R1')]).toBe(String(f.params[1]));
    expect(Number(good[col('chi2')])).toBe(f.chi2);
    expect(good[col('fmin_Hz')]).toBe('1');
    expect(good[col('fmax_Hz')]).toBe('');
    expect(good[col('points_used')]).toBe('61');
    expect(good[col('quality')]).toBe(f.quality.verdict);
    expect(good[col('kk_pass')]).toBe(String(kk.pass));
    expect(good[col('kk_reasons')]).toBe(kk.reasons.join('; '));
    expect(bad[col('file')]).toBe(`'@bad, "name".csv`);
    expect(bad[col('error')]).toMatch(/cannot read/);
    expect(bad.length).toBe(header.length);
    expect(text).toContain(`"'@bad, ""name"".csv"`);
  });

  it('JSON: versioned, with the files, the range and the spectra', async () => {
    const done = await analyse(request([{ name: 'good.csv', size: 1, bytes: goodBytes() }], { fmax: 1e5 }), () => {});
    const doc = JSON.parse(resultsJson(done));
    expect([doc.format, doc.version, doc.range, doc.files, doc.spectra.length, doc.type, doc.id]).toEqual(['eiskit-app-results', 2, { fmax: 1e5 }, [{ name: 'good.csv', spectra: 1 }], 1, undefined, undefined]);
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
    expect(rangeIndices([100, 10, 1], { fmax: 10 })).toEqual([1, 2]);
    expect(rangeIndices([100, 10, 1], { fmin: 1, fmax: 100 })).toEqual([0, 1, 2]);
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
