/**
 * The validation toolkit (src/validate/): documented maxima, option checks and spectrum checks,
 * each failure an EisError with an E_* code and `details.argument` naming what was wrong.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cropSpectrum, EisError, fit, fitBatch, linKK, linKKBatch, logFrequencies, parseCircuit, simulate, writeJson, writeSpectraCsv } from '../src/index.ts';
import {
  checkOptionKeys, checkSpectrumList, distinctFrequencies, functionOption, integerInRange, integerOption, MAX_CHUNK_SIZE, MAX_MAGNITUDE,
  MAX_SPECTRUM_POINTS, MAX_STARTS, MIN_MAGNITUDE, SpectrumArena, toSpectrum,
} from '../src/validate.ts';
import type { EisErrorCode } from '../src/errors.ts';
import { ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);

const c = parseCircuit('R0-p(R1,C1)');
const freq = logFrequencies(1e5, 1, 21);
const data = simulate(c, freq, [10, 100, 1e-5], { noise: 0.001, seed: 2 });

describe('documented maxima', () => {
  it('the limits are the documented numbers', () => {
    expect([MAX_STARTS, MAX_CHUNK_SIZE, MAX_SPECTRUM_POINTS, MAX_MAGNITUDE, MIN_MAGNITUDE]).toEqual([1000, 1_000_000, 1_000_000, 1e50, 1e-50]);
  });

  it('starts: 1000 runs, 1001 is E_ARG_RANGE naming the range', () => {
    const r = fit(c, data, { starts: MAX_STARTS, backend: 'wasm' });
    expect(r.warnings.join(' ')).toMatch(/Multi-start: 1000 starts/);
    const e = expectError(() => fit(c, data, { starts: MAX_STARTS + 1 }), 'E_ARG_RANGE', /`starts` must be an integer from 1 to 1000; got 1001/);
    expect(e.details).toMatchObject({ argument: 'starts', value: 1001, min: 1, max: 1000 });
    expectError(() => fit(c, data, { starts: 0 }), 'E_ARG_RANGE', /from 1 to 1000; got 0/);
  });

  it('chunkSize: 1e6 runs, 1e6 + 1 is E_ARG_RANGE in fitBatch and linKKBatch', async () => {
    expect(await fitBatch(c, [data, data], { chunkSize: MAX_CHUNK_SIZE })).toHaveLength(2);
    expect(await linKKBatch([data], { chunkSize: MAX_CHUNK_SIZE })).toHaveLength(1);
    for (const run of [() => fitBatch(c, [data], { chunkSize: MAX_CHUNK_SIZE + 1 }), () => linKKBatch([data], { chunkSize: MAX_CHUNK_SIZE + 1 })]) {
      await expect(run()).rejects.toMatchObject({ code: 'E_ARG_RANGE', details: { argument: 'chunkSize', max: MAX_CHUNK_SIZE } });
    }
    await expect(linKKBatch([data], { chunkSize: 2.5 })).rejects.toMatchObject({ code: 'E_ARG_RANGE', message: expect.stringMatching(/`chunkSize` must be an integer from 1 to 1000000; got 2\.5/) });
  });

  it(`a spectrum of more than ${MAX_SPECTRUM_POINTS} points is E_ARG_RANGE before any copy; the writers' check has no such limit`, () => {
    const n = MAX_SPECTRUM_POINTS + 1;
    const big = { freq: new Float64Array(n).fill(1), re: new Float64Array(n), im: new Float64Array(n) };
    for (const run of [() => fit(c, big), () => linKK(big), () => cropSpectrum(big, {})]) {
      const e = expectError(run, 'E_ARG_RANGE', /has 1000001 frequencies; at most MAX_SPECTRUM_POINTS = 1000000/);
      expect(e.details).toMatchObject({ argument: 'spectrum', length: n, limit: MAX_SPECTRUM_POINTS });
    }
    expect(toSpectrum(big, 'spectrum', { limits: false }).freq.length).toBe(n);
  });
});

describe('option checks', () => {
  it('integerInRange and integerOption: bounds inclusive, non-integers and non-numbers rejected', () => {
    expect(integerInRange('k', 5, 5, 5)).toBe(5);
    expect(integerOption({}, 'k', 7, 1, 3)).toBe(7);
    expect(integerOption({ k: 3 }, 'k', 7, 1, 3)).toBe(3);
    for (const bad of [4, 0, 1.5, Number.NaN, '2', null]) {
      const e = expectError(() => integerOption({ k: bad }, 'k', 1, 1, 3), 'E_ARG_RANGE', /`k` must be an integer from 1 to 3/);
      expect(e.details.argument).toBe('k');
    }
    expectError(() => integerInRange('n', -1, 0), 'E_ARG_RANGE', /`n` must be an integer ≥ 0; got -1/);
  });

  it('checkOptionKeys names the unknown key and the valid ones', () => {
    const e = expectError(() => checkOptionKeys({ fmin: 1, chunksize: 3 }, ['fmin', 'chunkSize']), 'E_ARG_RANGE', /Unknown option `chunksize`; the options are fmin, chunkSize/);
    expect(e.details.argument).toBe('chunksize');
    expectError(() => linKK(data, { maxm: 3 } as never), 'E_ARG_RANGE', /Unknown option `maxm`/);
  });

  it('functionOption: absent is undefined, a non-function is E_ARG_TYPE (linKKBatch onProgress)', async () => {
    expect(functionOption({}, 'f')).toBeUndefined();
    const f = () => 1;
    expect(functionOption({ f }, 'f')).toBe(f);
    await expect(linKKBatch([data], { onProgress: 'log' as never })).rejects.toMatchObject({ code: 'E_ARG_TYPE', details: { argument: 'onProgress' } });
  });
});

describe('spectrum checks', () => {
  it('toSpectrum: extra arrays are views of one block; limits: false accepts any finite value', () => {
    const s = toSpectrum(data, 'spectrum', { extra: 2 });
    expect(s.spare).toHaveLength(2);
    expect(s.freq.buffer).toBe(s.spare[1]!.buffer);
    expect(Array.from(s.re)).toEqual(Array.from(data.re));
    expect(s.re).not.toBe(data.re);
    const huge = { freq: [1e300], re: [5e300], im: [-1e-320] };
    expect(Array.from(toSpectrum(huge, 'x', { limits: false }).re)).toEqual([5e300]);
    const e = expectError(() => toSpectrum(huge, 'x'), 'E_ARG_RANGE', /`x\.freq` must hold frequencies from 1e-50 to 1e\+50 Hz/);
    expect(e.details).toMatchObject({ argument: 'x.freq', index: 0, value: 1e300 });
  });

  it('toSpectrum with an arena: the copies of many spectra are disjoint views of shared blocks, a long spectrum gets a block of its own', () => {
    const arena = new SpectrumArena();
    const copies = Array.from({ length: 700 }, (_, k) => toSpectrum({ freq: data.freq, re: Array.from(data.re, (v) => v + k), im: data.im }, 'spectrum', { extra: 2, arena }));
    // 700 × 5 × 21 = 73 500 doubles: two blocks of 2^16
    expect(new Set(copies.map((s) => s.freq.buffer)).size).toBe(2);
    for (const s of copies) s.spare[1]!.fill(-1); // a spectrum's spare arrays overlap no one's data
    copies.forEach((s, k) => {
      expect(Array.from(s.re)).toEqual(Array.from(data.re, (v) => v + k));
      expect(Array.from(s.freq)).toEqual(Array.from(data.freq));
      expect(Array.from(s.spare[0]!)).toEqual(new Array(21).fill(0));
    });
    const n = 20000, long = toSpectrum({ freq: Array.from({ length: n }, (_, i) => i + 1), re: new Array(n).fill(1), im: new Array(n).fill(-1) }, 'spectrum', { extra: 2, arena });
    expect(long.freq.buffer.byteLength).toBe(5 * n * 8);
    expect(long.spare[1]!.length).toBe(n);
  });

  it('toSpectrum: shape errors name the part', () => {
    expect(expectError(() => toSpectrum(null, 's'), 'E_ARG_TYPE', /`s` must be an object/).details.argument).toBe('s');
    expect(expectError(() => toSpectrum({ freq: [1, 2], re: [1], im: [1, 2] }, 's'), 'E_ARG_LENGTH', /2 frequencies but 1 re and 2 im/).details.argument).toBe('s');
    expect(expectError(() => toSpectrum({ freq: [1, 0], re: [1, 1], im: [1, 1] }, 's'), 'E_NONPOSITIVE_FREQ').details.argument).toBe('s.freq');
    expect(expectError(() => toSpectrum({ freq: [1, 2], re: [1, Number.POSITIVE_INFINITY], im: [1, 1] }, 's'), 'E_NONFINITE').details).toMatchObject({ argument: 's.re', index: 1 });
  });

  it('toSpectrum: Float64Array, array and mixed inputs give the same copy, and the same error naming the first bad value whichever way they are passed', () => {
    const arrays = { freq: Array.from(data.freq), re: Array.from(data.re), im: Array.from(data.im) };
    const mixed = { freq: data.freq, re: arrays.re, im: new Float32Array(data.im) };
    for (const input of [data, arrays]) {
      const s = toSpectrum(input, 's', { extra: 2, arena: new SpectrumArena() });
      expect([s.freq, s.re, s.im].map((a) => Array.from(a))).toEqual([arrays.freq, arrays.re, arrays.im]);
      expect(s.spare.map((a) => a.length)).toEqual([21, 21]);
    }
    expect(Array.from(toSpectrum(mixed, 's').im)).toEqual(Array.from(new Float32Array(data.im)));
    // -0 is kept bit for bit
    expect(Object.is(toSpectrum({ freq: [1, 2], re: [-0, 1], im: new Float64Array([1, -0]) }, 's').re[0], -0)).toBe(true);
    const cases: [number, 'freq' | 're' | 'im', number, EisErrorCode][] = [
      [3, 'freq', 0, 'E_NONPOSITIVE_FREQ'], [4, 'freq', Number.NaN, 'E_NONFINITE'], [5, 're', Number.POSITIVE_INFINITY, 'E_NONFINITE'],
      [6, 'im', 2e50, 'E_ARG_RANGE'], [7, 'freq', 1e-51, 'E_ARG_RANGE'], [8, 're', -2e50, 'E_ARG_RANGE'],
    ];
    for (const [i, part, v, code] of cases) {
      for (const typed of [true, false]) {
        const parts = { freq: Array.from(data.freq), re: Array.from(data.re), im: Array.from(data.im) };
        parts[part][i] = v;
        // a later part's non-finite value must not hide a bad frequency (each part's numbers are
        // checked before the domain of all three)
        if (part === 'freq' && code !== 'E_ARG_RANGE') parts.re[i + 1] = Number.NaN;
        const input = typed ? { freq: Float64Array.from(parts.freq), re: Float64Array.from(parts.re), im: Float64Array.from(parts.im) } : parts;
        const e = expectError(() => toSpectrum(input, 's', { extra: 2, arena: new SpectrumArena() }), code);
        expect(e.details).toMatchObject({ argument: `s.${part}`, index: i });
      }
    }
    const e = expectError(() => toSpectrum({ freq: arrays.freq, re: arrays.re.map((x, k) => (k === 9 ? String(x) : x)), im: arrays.im }, 's'), 'E_ARG_TYPE');
    expect(e.details).toMatchObject({ argument: 's.re', index: 9 });
  });

  it('checkSpectrumList: non-arrays, empty arrays, holes and undefined entries', () => {
    expect(checkSpectrumList([data])).toHaveLength(1);
    expectError(() => checkSpectrumList('x'), 'E_ARG_TYPE', /non-empty array/);
    expectError(() => checkSpectrumList([]), 'E_ARG_TYPE', /non-empty array/);
    const holey = new Array(2);
    holey[1] = data;
    expect(expectError(() => checkSpectrumList(holey), 'E_ARG_TYPE', /`spectra\[0\]`.*a hole/).details).toMatchObject({ argument: 'spectra[0]', index: 0 });
    expectError(() => checkSpectrumList([data, undefined], 'items'), 'E_ARG_TYPE', /`items\[1\]`.*got undefined/);
  });

  it('the writers name a hole in their list (map skipped it) and store values beyond the analysis limits', () => {
    const list = new Array(3);
    list[0] = data;
    list[2] = data;
    for (const write of [writeSpectraCsv, writeJson]) {
      expect(expectError(() => write(list), 'E_ARG_TYPE', /`spectra\[1\]` must be an object/).details.argument).toBe('spectra[1]');
    }
    expect(writeSpectraCsv([{ freq: [1e300], re: [5e300], im: [0] }])).toMatch(/^1e\+300,5e\+300,0$/m);
  });

  it('distinctFrequencies counts up to what is wanted, in any order', () => {
    expect(distinctFrequencies([5, 5, 5, 5], 3)).toBe(1);
    expect(distinctFrequencies([5, 5, 7, 5, 9, 11], 3)).toBe(3);
    expect(distinctFrequencies([5, 5, 7, 5, 9, 11], 10)).toBe(4);
    expect(distinctFrequencies(freq, 4)).toBe(4);
    // equality as Array.prototype.includes: NaN equals NaN, −0 equals 0
    expect(distinctFrequencies([Number.NaN, 1, Number.NaN, 0, -0, 2], 10)).toBe(4);
    // more wanted than the scratch held before
    expect(distinctFrequencies(Array.from({ length: 100 }, (_, i) => i % 50), 60)).toBe(50);
  });

  it('every spectrum error from fit, linKK and cropSpectrum is an EisError with details.argument', () => {
    const bad: unknown[] = [
      null, 3, { freq: 'x', re: [1], im: [1] }, { freq: [1, 2], re: [1], im: [1, 2] }, { freq: [1, Number.NaN], re: [1, 1], im: [1, 1] },
      { freq: [-1, 2], re: [1, 1], im: [1, 1] }, { freq: [1, 2, 3], re: [1, 1e60, 1], im: [1, 1, 1] }, { freq: [1e-60, 2, 3], re: [1, 1, 1], im: [1, 1, 1] },
      { freq: [1, 2, 3], re: [0, 0, 0], im: [0, 0, 0] }, { freq: [2, 2, 2, 2], re: [1, 1, 1, 1], im: [-1, -1, -1, -1] },
    ];
    for (const s of bad) {
      // cropSpectrum keeps degenerate but representable data (all-zero Z, one frequency)
      for (const [run, mayPass] of [[() => fit(c, s as never), false], [() => linKK(s as never), false], [() => cropSpectrum(s as never, { fmin: 1 }), true]] as const) {
        let err: unknown;
        try {
          run();
        } catch (e) {
          err = e;
        }
        if (err === undefined && mayPass) continue;
        expect(err).toBeInstanceOf(EisError);
        expect(typeof (err as EisError).details.argument, (err as EisError).message).toBe('string');
      }
    }
  });
});
