/**
 * Degenerate data and holey inputs (issue 11): equal frequencies, values whose squares overflow,
 * an impedance that is zero everywhere, a single point, sparse arrays. Every analysis taking a
 * spectrum either throws a typed EisError naming the argument or returns finite numbers — never
 * NaN residuals behind a misleading warning, never a `success` on an underdetermined fit — and
 * the WASM and JS backends agree.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  arrhenius, cropSpectrum, EisError, fit, fitBatch, initialGuess, linKK, linKKBatch, logFrequencies, parseCircuit, simulate, temperatureSeries,
  type SpectrumInput,
} from '../src/index.ts';
import { arrheniusSpec, nyquistSpec, parameterSpec } from '../src/plot/index.ts';
import { BACKENDS, ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);

const c = parseCircuit('R0-p(R1,CPE1)');
const truth = { R0: 10, R1: 1e3, 'CPE1.Q': 1e-6, 'CPE1.alpha': 0.9 };
const freq = logFrequencies(1e6, 0.1, 61);
const data = simulate(c, freq, truth, { noise: 0.01, seed: 3 });

/** `data` with every Z multiplied by `kz` and every frequency by `kf`. */
function scaled(kz: number, kf: number) {
  return { freq: data.freq.map((f) => f * kf), re: data.re.map((x) => x * kz), im: data.im.map((x) => x * kz) };
}

const largestPart = Math.max(...data.re.map(Math.abs), ...data.im.map(Math.abs));
const smallestModulus = Math.min(...Array.from(data.re, (r, i) => Math.hypot(r, data.im[i]!)));
/**
 * `data` moved to a corner of the domain: the largest |Re Z|, |Im Z| at 1e50 Ω or the smallest
 * |Z| at 1e-50 Ω; the largest frequency at 1e50 Hz or the smallest at 1e-50 Hz (each a part in
 * 10⁹ inside, so that rounding of the scaled values cannot put them across).
 */
const inside = 1 + 1e-9;
const corner = (z: 'large' | 'small', f: 'large' | 'small') =>
  scaled(z === 'large' ? 1e50 / largestPart / inside : (1e-50 / smallestModulus) * inside, f === 'large' ? 1e50 / 1e6 / inside : (1e-50 / 0.1) * inside);

/** 61 copies of the point at index 30. */
const oneFrequency = { freq: new Float64Array(61).fill(data.freq[30]!), re: new Float64Array(61).fill(data.re[30]!), im: new Float64Array(61).fill(data.im[30]!) };

/** Rejects with an EisError of `code` whose message matches every fragment. */
async function expectRejection(p: Promise<unknown>, code: string, ...fragments: RegExp[]): Promise<EisError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e, `expected ${code}`).toBeInstanceOf(EisError);
  const err = e as EisError;
  expect(err.code, err.message).toBe(code);
  for (const f of fragments) expect(err.message).toMatch(f);
  return err;
}

const allFinite = (...arrays: ArrayLike<number>[]) => arrays.every((a) => Array.from(a).every(Number.isFinite));

describe('equal frequencies', () => {
  for (const backend of BACKENDS) {
    it(`61 copies of one frequency: fit, fitBatch, linKK and linKKBatch throw E_ARG_RANGE naming the spectrum (${backend})`, async () => {
      const e = expectError(() => fit(c, oneFrequency, { backend }), 'E_ARG_RANGE', /61 frequencies but only 1 different one/, /fit of 4 free parameters needs at least 3 different frequencies/);
      expect(e.details).toMatchObject({ argument: 'spectrum', distinct: 1, needed: 3 });
      const b = await expectRejection(fitBatch(c, [data, oneFrequency], { backend }), 'E_ARG_RANGE', /^spectra\[1\]: /, /only 1 different one/);
      expect(b.details).toMatchObject({ spectrum: 1, distinct: 1 });
      const k = expectError(() => linKK(oneFrequency, { backend }), 'E_ARG_RANGE', /only 1 different one/, /Lin-KK test/);
      expect(k.details).toMatchObject({ argument: 'spectrum', distinct: 1, needed: 3 });
      const kb = await expectRejection(linKKBatch([data, oneFrequency], { backend }), 'E_ARG_RANGE', /`spectra\[1\]`/);
      expect(kb.details.argument).toBe('spectra[1]');
      // a fixed parameter lowers what the fit needs, but one frequency never gives more than 2 residuals
      expectError(() => fit(c, oneFrequency, { backend, fixed: { 'CPE1.alpha': 0.9 } }), 'E_ARG_RANGE', /needs at least 2 different frequencies/);
    });

    it(`two points at one frequency among 61: an ordinary, finite fit and Lin-KK test, equal on both backends (${backend})`, () => {
      const twice = { freq: Float64Array.from(data.freq), re: Float64Array.from(data.re), im: Float64Array.from(data.im) };
      twice.freq[11] = twice.freq[10]!;
      const r = fit(c, twice, { backend });
      expect(r.success).toBe(true);
      expect(allFinite(r.params, r.residuals.re, r.residuals.im, [r.chi2])).toBe(true);
      expect(r.byName.R1!.value).toBeCloseTo(1e3, -2);
      const k = linKK(twice, { backend });
      expect(allFinite(k.residuals.re, k.residuals.im, k.fitted.re, [k.chi2ps, k.mu])).toBe(true);
    });

    it(`three different frequencies among 61 points are enough for a 4-parameter fit to run; the result is finite (${backend})`, () => {
      const three = { freq: Float64Array.from(data.freq, (_, i) => data.freq[10 * (i % 3)]!), re: Float64Array.from(data.re, (_, i) => data.re[10 * (i % 3)]!), im: Float64Array.from(data.im, (_, i) => data.im[10 * (i % 3)]!) };
      const r = fit(c, three, { backend });
      expect(allFinite(r.params, r.residuals.re, r.residuals.im, [r.chi2])).toBe(true);
    });
  }

  it('both backends give the same error for the same degenerate spectrum', () => {
    const js = expectError(() => fit(c, oneFrequency, { backend: 'js' }), 'E_ARG_RANGE');
    const wasm = expectError(() => fit(c, oneFrequency, { backend: 'wasm' }), 'E_ARG_RANGE');
    expect(wasm.message).toBe(js.message);
  });
});

describe('values whose squares overflow or underflow', () => {
  for (const backend of BACKENDS) {
    it(`|Re Z| = 1e200, f = 1e200 Hz, f = 1e-60 Hz: E_ARG_RANGE naming the array, index and value (${backend})`, async () => {
      const big = scaled(1e197, 1);
      let e = expectError(() => fit(c, big, { backend }), 'E_ARG_RANGE', /`spectrum\.re` must hold \|re\| ≤ 1e\+50 Ω/, /spectrum\.re\[\d+\] = /);
      expect(e.details.argument).toBe('spectrum.re');
      expect(Math.abs(big.re[e.details.index as number]!)).toBeGreaterThan(1e50);
      e = expectError(() => linKK(big, { backend }), 'E_ARG_RANGE', /spectrum\.re/);
      e = expectError(() => linKK(scaled(1, 1e200), { backend }), 'E_ARG_RANGE', /`spectrum\.freq` must hold frequencies from 1e-50 to 1e\+50 Hz/, /spectrum\.freq\[0\] = 1e\+206/);
      expect(e.details).toMatchObject({ argument: 'spectrum.freq', index: 0, value: 1e206 });
      expectError(() => fit(c, scaled(1, 1e-60), { backend }), 'E_ARG_RANGE', /spectrum\.freq\[0\] = 1e-54/);
      const im = { ...data, im: Float64Array.from(data.im, (x, i) => (i === 7 ? -1e51 : x)) };
      e = expectError(() => fit(c, im, { backend }), 'E_ARG_RANGE', /spectrum\.im\[7\] = -1e\+51/);
      expect(e.details).toMatchObject({ argument: 'spectrum.im', index: 7 });
      await expectRejection(fitBatch(c, [data, big], { backend }), 'E_ARG_RANGE', /spectra\[1\]/);
      const kb = await expectRejection(linKKBatch([data, data, big], { backend }), 'E_ARG_RANGE');
      expect(kb.details.argument).toBe('spectra[2].re');
    });

    it(`at the limits (f and |Z| at 1e±50 in every combination) fit and linKK stay finite in every representation and fit type (${backend})`, () => {
      for (const z of ['large', 'small'] as const) {
        for (const f of ['large', 'small'] as const) {
          const s = corner(z, f);
          const r = fit(c, s, { backend });
          expect(allFinite(r.params, r.residuals.re, r.residuals.im, [r.chi2]), `fit |Z| ${z}, f ${f}`).toBe(true);
          expect(r.status).toBeGreaterThan(0);
          for (const representation of ['Z', 'Y'] as const) {
            for (const fitType of ['complex', 'real', 'imag'] as const) {
              const k = linKK(s, { backend, representation, fitType });
              const what = `linKK ${representation} ${fitType} |Z| ${z}, f ${f}`;
              expect(allFinite(k.residuals.re, k.residuals.im, k.fitted.re, k.fitted.im, k.tau, k.resistances, k.capacitances, [k.chi2ps, k.mu]), what).toBe(true);
              expect(k.pass, what).toBe(true);
            }
          }
        }
      }
    });

    it(`a point with |Z| far below the smallest (1e-200 Ω: |Z|² underflows) is named with its size, not as Z = 0 (${backend})`, () => {
      const s = { ...data, re: Float64Array.from(data.re, (x, i) => (i === 4 ? 1e-200 : x)), im: Float64Array.from(data.im, (x, i) => (i === 4 ? -1e-200 : x)) };
      const e = expectError(() => linKK(s, { backend }), 'E_ARG_RANGE', /\|Z\| = 1\.4\d*e-200 Ω \(below 1e-50 Ω\) at index 4/);
      expect(e.details).toMatchObject({ argument: 'spectrum', index: 4 });
    });
  }

  it('the WASM and JS backends agree at the limits (same parameters to 1e-6, same Lin-KK M)', () => {
    const s = corner('large', 'small');
    const [a, b] = BACKENDS.map((backend) => fit(c, s, { backend }));
    for (let k = 0; k < 4; k++) expect(Math.abs(a!.params[k]! / b!.params[k]! - 1)).toBeLessThan(1e-6);
    const [ka, kb] = BACKENDS.map((backend) => linKK(s, { backend }));
    expect(ka!.M).toBe(kb!.M);
    expect(ka!.pass).toBe(kb!.pass);
  });
});

describe('all-zero impedance, a single point', () => {
  const zero = { freq: data.freq, re: new Float64Array(61), im: new Float64Array(61) };
  for (const backend of BACKENDS) {
    it(`Z = 0 everywhere: E_ARG_RANGE from fit (any weighting) and linKK (${backend})`, async () => {
      for (const weighting of ['modulus', 'unit', 'proportional'] as const) {
        const e = expectError(() => fit(c, zero, { backend, weighting }), 'E_ARG_RANGE', /Z = 0 at every frequency/);
        expect(e.details.argument).toBe('spectrum');
      }
      expectError(() => linKK(zero, { backend }), 'E_ARG_RANGE', /Z = 0 at index 0/);
      await expectRejection(fitBatch(c, [zero], { backend, weighting: 'unit' }), 'E_ARG_RANGE', /spectra\[0\]: .*Z = 0 at every frequency/);
      await expectRejection(linKKBatch([data, zero], { backend }), 'E_ARG_RANGE', /`spectra\[1\]` has Z = 0/);
    });

    it(`a single point: E_ARG_LENGTH from fit and linKK, naming the count (${backend})`, () => {
      const one = { freq: [100], re: [data.re[30]!], im: [data.im[30]!] };
      expectError(() => fit(c, one, { backend }), 'E_ARG_LENGTH', /the spectrum has 1 frequencies/);
      expectError(() => linKK(one, { backend }), 'E_ARG_LENGTH', /has 1 frequencies/);
    });
  }

  it('initialGuess and cropSpectrum on degenerate data: finite values', () => {
    for (const s of [oneFrequency, zero, { freq: [100], re: [5], im: [-5] }]) {
      expect(allFinite(initialGuess(c, s))).toBe(true);
      const cropped = cropSpectrum(s, { fmin: 1 });
      expect(allFinite(cropped.freq, cropped.re, cropped.im)).toBe(true);
    }
    expectError(() => cropSpectrum(scaled(1e200, 1), {}), 'E_ARG_RANGE', /spectrum\.re/);
  });

  it('temperatureSeries with a degenerate spectrum throws naming it', async () => {
    const spectra = [{ ...data, temperatureK: 300 }, { ...oneFrequency, temperatureK: 320 }];
    await expect(temperatureSeries(spectra, { circuit: c, bulk: 'R1', geometry: { thicknessCm: 0.1, areaCm2: 1 }, kk: false })).rejects.toMatchObject({ code: 'E_ARG_RANGE' });
  });
});

describe('sparse arrays and holes in batch inputs are E_ARG_TYPE naming the index', () => {
  // holes written with Array(n) and assignments (a literal [s0, , s2] is the same array)
  const holey = <T>(a: T, b: T): T[] => {
    const out = new Array<T>(3);
    out[0] = a;
    out[2] = b;
    return out;
  };
  for (const backend of BACKENDS) {
    it(`fitBatch and linKKBatch with [s0, , s2] (${backend})`, async () => {
      const list = holey<SpectrumInput>(data, data);
      expect(1 in list).toBe(false);
      let e = await expectRejection(fitBatch(c, list, { backend }), 'E_ARG_TYPE', /`spectra\[1\]` must be a spectrum/, /a hole \(sparse array\)/);
      expect(e.details).toMatchObject({ argument: 'spectra[1]', index: 1 });
      e = await expectRejection(linKKBatch(list, { backend }), 'E_ARG_TYPE', /`spectra\[1\]`/, /hole/);
      expect(e.details).toMatchObject({ argument: 'spectra[1]', index: 1 });
      e = await expectRejection(fitBatch(c, [data, undefined as never], { backend }), 'E_ARG_TYPE', /`spectra\[1\]` must be a spectrum .* got undefined/);
      expect(e.details.argument).toBe('spectra[1]');
    });

    it(`a holey freq or an undefined in re: E_ARG_TYPE naming the index, in fit, linKK and the batches (${backend})`, async () => {
      const holeyFreq = { freq: holey(1, 3), re: [1, 2, 3], im: [-1, -2, -3] };
      let e = expectError(() => fit(c, holeyFreq, { backend }), 'E_ARG_TYPE', /spectrum\.freq\[1\] = undefined \(a hole or undefined\)/);
      expect(e.details).toMatchObject({ argument: 'spectrum.freq', index: 1 });
      e = expectError(() => linKK({ freq: [1, 2, 3], re: [1, undefined as never, 3], im: [-1, -2, -3] }, { backend }), 'E_ARG_TYPE', /spectrum\.re\[1\] = undefined/);
      expect(e.details).toMatchObject({ argument: 'spectrum.re', index: 1 });
      await expectRejection(linKKBatch([data, holeyFreq], { backend }), 'E_ARG_TYPE', /spectra\[1\]\.freq\[1\] = undefined/);
      await expectRejection(fitBatch(c, [data, holeyFreq], { backend }), 'E_ARG_TYPE', /spectra\[1\]: .*freq\[1\] = undefined/);
    });
  }

  it('temperatureSeries with a hole in its spectra', async () => {
    const list = holey({ ...data, temperatureK: 300 }, { ...data, temperatureK: 320 });
    const e = await expectRejection(temperatureSeries(list, { circuit: c, bulk: 'R1', geometry: { thicknessCm: 0.1, areaCm2: 1 }, kk: false }), 'E_ARG_TYPE', /`spectra\[1\]`.*hole/);
    expect(e.details.argument).toBe('spectra[1]');
  });

  it('impedanceMany with a hole in paramRows (forEach skipped it: a row of zeros came back)', () => {
    const rows = holey<number[]>([10, 1e3, 1e-6, 0.9], [10, 1e3, 1e-6, 0.9]);
    for (const backend of BACKENDS) {
      const e = expectError(() => c.impedanceMany([1, 10], rows, { backend }), 'E_ARG_TYPE', /`paramRows\[1\]`.*got undefined/);
      expect(e.details.argument).toBe('paramRows[1]');
    }
  });

  it('fitBatch in workers with a degenerate spectrum rejects naming it', async () => {
    await expectRejection(fitBatch(c, [data, oneFrequency, data], { workers: 2 }), 'E_ARG_RANGE', /spectra\[1\]: .*only 1 different one/);
  });

  it('arrhenius, arrheniusSpec, parameterSpec and nyquistSpec with a hole in their list (forEach/map skipped it)', () => {
    const point = { temperatureK: 300, sigma: 1e-4 };
    expect(expectError(() => arrhenius(holey(point, { temperatureK: 350, sigma: 1e-3 })), 'E_ARG_TYPE', /`points\[1\]` must be an object; got undefined/).details.argument).toBe('points[1]');
    expectError(() => arrheniusSpec(holey(point, point)), 'E_ARG_TYPE', /`points\[1\]`.*got undefined/);
    const r = fit(c, data);
    expectError(() => parameterSpec(holey({ temperatureK: 300, fit: r }, { temperatureK: 350, fit: r })), 'E_ARG_TYPE', /`points\[1\]`.*got undefined/);
    expectError(() => nyquistSpec(holey<SpectrumInput>(data, data)), 'E_ARG_TYPE', /`spectra\[1\]`.*got undefined/);
  });

  it('cropSpectrum with a holey array', () => {
    expectError(() => cropSpectrum({ freq: holey(1, 3), re: [1, 2, 3], im: [1, 2, 3] }, { fmin: 1 }), 'E_ARG_TYPE', /spectrum\.freq\[1\]/);
  });
});

describe('property: a damaged spectrum gives a typed error or finite numbers, the same on both backends', () => {
  /** One kind of damage at one place: a value the analyses cannot use, a repeat, a hole. */
  const damageArb = fc.record({
    kind: fc.constantFrom('value', 'repeat-frequency', 'hole', 'zero-all', 'scale'),
    part: fc.constantFrom('freq', 're', 'im'),
    index: fc.integer({ min: 0, max: 20 }),
    value: fc.constantFrom(0, -0, 1e200, -1e200, 1e-200, 1e51, 1e-51, Number.NaN, Number.POSITIVE_INFINITY, -1),
    scale: fc.constantFrom(1e-60, 1e-40, 1e40, 1e60),
  });
  const base = simulate(c, logFrequencies(1e6, 0.1, 21), truth, { noise: 0.01, seed: 5 });

  function damaged(d: { kind: string; part: string; index: number; value: number; scale: number }): SpectrumInput {
    const s = { freq: Array.from(base.freq), re: Array.from(base.re), im: Array.from(base.im) };
    const arr = s[d.part as 'freq' | 're' | 'im'];
    if (d.kind === 'value') arr[d.index] = d.value;
    else if (d.kind === 'repeat-frequency') s.freq.fill(s.freq[d.index]!, 0, 21 - (d.index % 3));
    else if (d.kind === 'hole') delete arr[d.index];
    else if (d.kind === 'zero-all') {
      s.re.fill(0);
      s.im.fill(0);
    } else {
      for (let i = 0; i < 21; i++) arr[i] = arr[i]! * d.scale;
    }
    return s;
  }

  /** The outcome of `run`: the error's code, argument and message, or 'finite' / 'NON-FINITE'. */
  function outcome(run: () => number[]): string {
    try {
      return run().every(Number.isFinite) ? 'finite' : 'NON-FINITE';
    } catch (e) {
      if (!(e instanceof EisError)) return `untyped ${String(e)}`;
      return typeof e.details.argument === 'string' ? `${e.code} ${e.message}` : `no argument: ${e.message}`;
    }
  }

  it('fit and linKK', () => {
    fc.assert(fc.property(damageArb, (d) => {
      const s = damaged(d);
      const fits = BACKENDS.map((backend) => outcome(() => {
        const r = fit(c, s, { backend });
        return [...r.params, ...r.residuals.re, ...r.residuals.im, r.chi2];
      }));
      const kks = BACKENDS.map((backend) => outcome(() => {
        const k = linKK(s, { backend });
        return [...k.residuals.re, ...k.residuals.im, ...k.fitted.re, ...k.fitted.im, k.chi2ps, k.mu];
      }));
      for (const o of [...fits, ...kks]) expect(o.startsWith('E_') || o === 'finite', `${JSON.stringify(d)}: ${o}`).toBe(true);
      expect(fits[0], JSON.stringify(d)).toBe(fits[1]);
      expect(kks[0], JSON.stringify(d)).toBe(kks[1]);
    }), { seed: 11, numRuns: 60 });
  });
});
