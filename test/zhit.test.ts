/**
 * Z-HIT (src/zhit/): the known answers of docs/specs/zhit.md §6 on analytic spectra (|Z| and
 * arg Z of the exact circuits, computed here), scipy's makima (test/fixtures/gen_zhit.py), the
 * properties of §6, a property test on random R–RC chains, and the errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linKK, zhit, type ZhitOptions } from '../src/index.ts';
import { modSincKernel, smoothModSinc, kernelHalfWidth } from '../src/zhit/smoothing.ts';
import { makimaSlopes } from '../src/zhit/makima.ts';
import { reconstructLogModulus } from '../src/zhit/integrate.ts';
import fx from './fixtures/zhit.json';
import { ensureInit, expectError } from './helpers.ts';

beforeAll(ensureInit);

type C = [number, number];
const add = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const div = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
/** (jωτ)^α */
const jpow = (wt: number, a: number): C => [wt ** a * Math.cos((Math.PI * a) / 2), wt ** a * Math.sin((Math.PI * a) / 2)];
/** z^β for the principal branch. */
const cpow = (z: C, b: number): C => {
  const m = Math.hypot(z[0], z[1]) ** b, p = b * Math.atan2(z[1], z[0]);
  return [m * Math.cos(p), m * Math.sin(p)];
};
const rc = (R: number, tau: number) => (w: number): C => div([R, 0], [1, w * tau]);
const zarc = (R: number, tau: number, a: number) => (w: number): C => div([R, 0], add([1, 0], jpow(w * tau, a)));
const hn = (R: number, tau: number, a: number, b: number) => (w: number): C => div([R, 0], cpow(add([1, 0], jpow(w * tau, a)), b));
const cpe = (Q: number, n: number) => (w: number): C => div([1, 0], [Q * w ** n * Math.cos((Math.PI * n) / 2), Q * w ** n * Math.sin((Math.PI * n) / 2)]);
const series = (...fs: ((w: number) => C)[]) => (w: number): C => fs.reduce<C>((s, f) => add(s, f(w)), [0, 0]);
const r = (R: number) => (): C => [R, 0];

/** 81 points, 1 MHz → 10 mHz. */
const FREQ = Array.from({ length: 81 }, (_, k) => 10 ** (6 - k / 10));
function spectrum(z: (w: number) => C, freq = FREQ) {
  const v = freq.map((f) => z(2 * Math.PI * f));
  return { freq, re: v.map((c) => c[0]), im: v.map((c) => c[1]) };
}
/** max |Δ|Z||/|Z| of a result against a spectrum's own modulus. */
function maxDev(modulus: Float64Array, s: { re: number[]; im: number[] }): number {
  let m = 0;
  for (let i = 0; i < modulus.length; i++) m = Math.max(m, Math.abs(modulus[i]! - Math.hypot(s.re[i]!, s.im[i]!)) / Math.hypot(s.re[i]!, s.im[i]!));
  return m;
}
/** §6's setting: exact phase, no smoothing, offset over all points with unit weights. */
const ALL: ZhitOptions = { smoothing: 'none', window: { fmin: 1e-3, fmax: 1e7 } };

const CASES: [string, (w: number) => C, number][] = [
  ['RC: 100 ‖ τ = 1e-3', rc(100, 1e-3), 2.38],
  ['R0 + RC: 10 + (100, 1e-3)', series(r(10), rc(100, 1e-3)), 2.95],
  ['10 + ZARC(50, 0.01, 0.7)', series(r(10), zarc(50, 0.01, 0.7)), 0.58],
  ['10 + HN(50, 0.01, 0.8, 0.9)', series(r(10), hn(50, 0.01, 0.8, 0.9)), 0.89],
  ['two RC: (100, 1e-5) + (100, 1e-2)', series(rc(100, 1e-5), rc(100, 1e-2)), 2.38],
  ['CPE alone', cpe(1e-5, 0.8), 0],
];

describe('zhit: known answers (spec §6)', () => {
  for (const [name, z, pct] of CASES) {
    it(`${name}: max |Δ|Z||/|Z| = ${pct} % ± 0.05 pp (makima)`, () => {
      const s = spectrum(z);
      const res = zhit(s, ALL);
      expect(Math.abs(100 * res.maxResidual - pct)).toBeLessThanOrEqual(0.05);
      expect(res.maxResidual).toBeCloseTo(maxDev(res.modulus, s), 14);
      expect(res.pass).toBe(true);
    });
  }

  it('a CPE is reproduced exactly', () => {
    const s = spectrum(cpe(3e-4, 0.63));
    expect(zhit(s, ALL).maxResidual).toBeLessThan(1e-12);
  });

  it('sign of the second-order term on the RC: γ = 0 → 17.5 %, +π/6 → 33.5 %, −π/6 → 2.38 %', () => {
    const s = spectrum(rc(100, 1e-3));
    const asc = [...FREQ].reverse();
    const x = Float64Array.from(asc, (f) => Math.log(2 * Math.PI * f));
    const phi = Float64Array.from(asc, (f) => -Math.atan(2 * Math.PI * f * 1e-3));
    const lnz = Float64Array.from(asc, (f) => Math.log(100 / Math.hypot(1, 2 * Math.PI * f * 1e-3)));
    const figure = (g: number) => {
      const L = reconstructLogModulus(x, phi, g);
      let c = 0;
      for (let i = 0; i < L.length; i++) c += lnz[i]! - L[i]!;
      c /= L.length;
      let m = 0;
      for (let i = 0; i < L.length; i++) m = Math.max(m, Math.abs(Math.exp(L[i]! + c) - Math.exp(lnz[i]!)) / Math.exp(lnz[i]!));
      return 100 * m;
    };
    expect(Math.abs(figure(0) - 17.5)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(figure(Math.PI / 6) - 33.5)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(figure(-Math.PI / 6) - 2.38)).toBeLessThanOrEqual(0.05);
    expect(zhit(s, ALL).maxResidual * 100).toBeCloseTo(figure(-Math.PI / 6), 10);
  });

  it("'exact ∫' column: the formula itself on the true phase (fine quadrature, analytic dφ/d ln ω)", () => {
    // independent of src/zhit: the spec's first column, so the makima figures are the method's, not a slip
    const exact: [(w: number) => C, number][] = [[rc(100, 1e-3), 2.56], [series(r(10), rc(100, 1e-3)), 3.2], [series(r(10), zarc(50, 0.01, 0.7)), 0.63], [series(r(10), hn(50, 0.01, 0.8, 0.9)), 0.97], [series(rc(100, 1e-5), rc(100, 1e-2)), 2.56]];
    for (const [z, pct] of exact) {
      const ph = (x: number) => { const c = z(Math.exp(x)); return Math.atan2(c[1], c[0]); };
      const xs = FREQ.map((f) => Math.log(2 * Math.PI * f));
      const L: number[] = [];
      let I = 0;
      for (let k = 0; k < xs.length; k++) {
        if (k > 0) { // Simpson on 64 panels from x_{k−1} down to x_k
          const a = xs[k]!, b = xs[k - 1]!, m = 64, h = (b - a) / m;
          let s = ph(a) + ph(b);
          for (let j = 1; j < m; j++) s += (j % 2 ? 4 : 2) * ph(a + j * h);
          I -= (s * h) / 3;
        }
        const d = 1e-5, slope = (ph(xs[k]! + d) - ph(xs[k]! - d)) / (2 * d);
        L.push((2 / Math.PI) * I - (Math.PI / 6) * slope);
      }
      const lnz = xs.map((x) => { const c = z(Math.exp(x)); return Math.log(Math.hypot(c[0], c[1])); });
      const c = lnz.reduce((s, v, i) => s + v - L[i]!, 0) / L.length;
      const fig = 100 * Math.max(...L.map((l, i) => Math.abs(Math.exp(l + c) / Math.exp(lnz[i]!) - 1)));
      expect(Math.abs(fig - pct), `exact ∫ ${pct} %`).toBeLessThanOrEqual(0.05);
    }
  });
});

describe('zhit: the drifting pellet (spec §6, pyimpspec\'s invalid mock)', () => {
  const f = Array.from({ length: 31 }, (_, k) => 10 ** (2.25 - k / 10));
  const Q = 6.2e-5, nn = 0.93;
  const build = (v: number) => {
    let R = 430;
    const re: number[] = [], im: number[] = [];
    for (const fi of f) {
      R += v / fi;
      const c = add([120, 0], div([1, 0], add([1 / R, 0], [Q * (2 * Math.PI * fi) ** nn * Math.cos((Math.PI * nn) / 2), Q * (2 * Math.PI * fi) ** nn * Math.sin((Math.PI * nn) / 2)])));
      re.push(c[0]);
      im.push(c[1]);
    }
    return { freq: f, re, im };
  };
  const opts: ZhitOptions = { smoothing: 'none', window: { fmin: 1, fmax: 1e3, shape: 'boxcar' } };
  const last = f.length - 1;

  it('fails at f_min: 4.5 % from the drifting |Z|, 0.64 % from the drift-free |Z|', () => {
    const s = build(-1), clean = build(0);
    const res = zhit(s, opts);
    expect(res.pass).toBe(false);
    const own = Math.hypot(s.re[last]!, s.im[last]!), truth = Math.hypot(clean.re[last]!, clean.im[last]!);
    expect(Math.abs(100 * Math.abs(res.modulus[last]! / own - 1) - 4.5)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(100 * Math.abs(res.modulus[last]! / truth - 1) - 0.64)).toBeLessThanOrEqual(0.05);
    expect(res.reasons[0]).toMatch(/parts from \|Z\|/);
    // frequencies in the reason are rounded to four significant digits, not printed as raw doubles
    for (const hz of res.reasons[0]!.matchAll(/([0-9.e+-]+) Hz/g)) expect(hz[1]!.replace(/e.*$/, '').replace(/^0\.0*|\./g, '').length, hz[1]).toBeLessThanOrEqual(4);
    expect(res.window).toEqual([1, 1e3]);
  });

  it('passes drift-free with 2.05 % at most', () => {
    const res = zhit(build(0), opts);
    expect(res.pass).toBe(true);
    expect(Math.abs(100 * res.maxResidual - 2.05)).toBeLessThanOrEqual(0.05);
  });

  it('the default (Lin-KK) window flags the drift too', () => {
    expect(zhit(build(-1), { smoothing: 'none' }).pass).toBe(false);
  });
});

describe('zhit: scipy makima (test/fixtures/gen_zhit.py)', () => {
  const F = fx as unknown as { cases: { name: string; freq: number[]; re: number[]; im: number[]; modulus: number[]; slopes: number[] }[] };
  for (const c of F.cases) {
    it(`${c.name}: slopes and modulus as scipy's makima`, () => {
      const asc = c.freq.map((_, i) => c.freq.length - 1 - i);
      const x = Float64Array.from(asc, (i) => Math.log(2 * Math.PI * c.freq[i]!));
      const phi = Float64Array.from(asc, (i) => Math.atan2(c.im[i]!, c.re[i]!));
      const t = makimaSlopes(x, phi);
      for (let j = 0; j < t.length; j++) expect(Math.abs(t[j]! - c.slopes[asc[j]!]!)).toBeLessThanOrEqual(1e-12);
      const res = zhit(c, ALL);
      for (let i = 0; i < c.freq.length; i++) expect(Math.abs(res.modulus[i]! / c.modulus[i]! - 1)).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe('zhit: modified-sinc smoothing as a numpy implementation of Schmid et al.\'s reference code (gen_zhit.py)', () => {
  const F = fx as unknown as { smoothed: { name: string; freq: number[]; re: number[]; im: number[]; phase: number[]; modulus: number[] }[] };
  for (const c of F.smoothed) {
    it(`${c.name}: smoothed phase and modulus`, () => {
      const asc = c.freq.map((_, i) => c.freq.length - 1 - i);
      const out = smoothModSinc(Float64Array.from(asc, (i) => Math.atan2(c.im[i]!, c.re[i]!)));
      for (let j = 0; j < out.length; j++) expect(Math.abs(out[j]! - c.phase[asc[j]!]!)).toBeLessThanOrEqual(1e-13);
      const res = zhit(c, { window: { fmin: 1e-3, fmax: 1e7 } });
      for (let i = 0; i < c.freq.length; i++) expect(Math.abs(res.modulus[i]! / c.modulus[i]! - 1)).toBeLessThanOrEqual(1e-12);
      expect(res.smoothing).toBe('modsinc');
    });
  }
});

describe('zhit: properties (spec §6)', () => {
  it('the modsinc kernel: the spec\'s test vector, sums to 1, keeps a straight line', () => {
    expect(kernelHalfWidth()).toBe(7);
    const k = modSincKernel();
    const want = [0.375733, 0.276124, 0.086869, -0.022516, -0.027426, -0.004396, 0.002758, 0.00072];
    for (let i = 0; i < 8; i++) expect(Math.abs(k[i]! - want[i]!)).toBeLessThanOrEqual(5e-7);
    let s = k[0]!;
    for (let i = 1; i < k.length; i++) s += 2 * k[i]!;
    expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-15);
    const line = Float64Array.from({ length: 30 }, (_, i) => 0.3 - 0.02 * i);
    const out = smoothModSinc(line);
    for (let i = 0; i < 30; i++) expect(Math.abs(out[i]! - line[i]!)).toBeLessThanOrEqual(1e-14);
  });

  it('Z·k changes only the offset (C + ln k); C makes Σw(ln|Z| − L − C) = 0', () => {
    const s = spectrum(series(r(10), zarc(50, 0.01, 0.7)));
    const a = zhit(s, { window: { fmin: 1, fmax: 1e3 } });
    const b = zhit({ freq: s.freq, re: s.re.map((v) => 7 * v), im: s.im.map((v) => 7 * v) }, { window: { fmin: 1, fmax: 1e3 } });
    expect(b.offset - a.offset).toBeCloseTo(Math.log(7), 12);
    for (let i = 0; i < 81; i++) expect(b.modulus[i]! / a.modulus[i]!).toBeCloseTo(7, 10);
    // the weighted mean of ln|Z| − ln(modulus) over the window is 0
    let sum = 0;
    for (let i = 0; i < 81; i++) if (s.freq[i]! >= 1 && s.freq[i]! <= 1e3) sum += Math.log(Math.hypot(s.re[i]!, s.im[i]!)) - Math.log(a.modulus[i]!);
    expect(Math.abs(sum)).toBeLessThanOrEqual(1e-10);
  });

  it('Y applies the same formula to 1/Z: the same modulus with the same window, the offset negated', () => {
    const s = spectrum(series(r(10), rc(100, 1e-3)));
    const z = zhit(s, { window: { fmin: 1, fmax: 1e3 } }), y = zhit(s, { window: { fmin: 1, fmax: 1e3 }, representation: 'Y' });
    expect(y.offset).toBeCloseTo(-z.offset, 12);
    for (let i = 0; i < 81; i++) expect(y.modulus[i]! / z.modulus[i]!).toBeCloseTo(1, 12);
  });

  it('any frequency order gives the same results at the same points; fmin/fmax crop', () => {
    const s = spectrum(series(r(10), zarc(50, 0.01, 0.7)));
    const perm = s.freq.map((_, i) => (i * 37) % 81);
    const t = { freq: perm.map((i) => s.freq[i]!), re: perm.map((i) => s.re[i]!), im: perm.map((i) => s.im[i]!) };
    const a = zhit(s), b = zhit(t);
    for (let k = 0; k < 81; k++) expect(b.modulus[k]).toBeCloseTo(a.modulus[perm[k]!]!, 10);
    const c = zhit(s, { fmin: 0.1, fmax: 1e5 });
    expect(c.modulus.length).toBe(61);
    expect(c.freqRange).toEqual({ fmin: 0.1, fmax: 1e5, points: 61, total: 81 });
  });

  it('reuses a given linKK result and widens the threshold by 3σ̂', () => {
    const s = spectrum(series(r(10), zarc(50, 0.01, 0.7)));
    const kk = linKK(s);
    const a = zhit(s, { linKK: kk }), b = zhit(s);
    expect(a.window).toEqual(b.window);
    expect(a.threshold).toBeCloseTo(0.04 + 3 * kk.noiseSigma, 15);
  });

  it('random R–RC chains: the rebuilt modulus within 4 % and pass (default options)', () => {
    const el = fc.record({ R: fc.double({ min: 1, max: 1e4, noNaN: true }), lt: fc.double({ min: -6, max: -1, noNaN: true }) });
    fc.assert(fc.property(fc.double({ min: 0, max: 1e3, noNaN: true }), fc.array(el, { minLength: 1, maxLength: 3 }), (R0, els) => {
      const s = spectrum(series(r(R0), ...els.map((e) => rc(e.R, 10 ** e.lt))));
      const res = zhit(s);
      expect(maxDev(res.modulus, s)).toBeLessThanOrEqual(0.04);
      expect(res.pass).toBe(true);
    }), { numRuns: 40, seed: 12 });
  });
});

describe('zhit: errors', () => {
  const s = spectrum(rc(100, 1e-3));
  it('bad spectra', () => {
    expectError(() => zhit(null as never), 'E_ARG_TYPE');
    expectError(() => zhit({ freq: [1, 2, 3, 4, 5], re: [1, 2, 3, 4], im: [1, 2, 3, 4, 5] }), 'E_ARG_LENGTH');
    expectError(() => zhit({ ...s, re: s.re.map((v, i) => (i === 3 ? Number.NaN : v)) }), 'E_NONFINITE');
    expectError(() => zhit({ freq: [1, 2, 3, 4], re: [1, 1, 1, 1], im: [-1, -1, -1, -1] }), 'E_ARG_LENGTH', /at least 5/);
    expectError(() => zhit({ freq: [1, 2, 2, 4, 5, 6], re: [1, 1, 1, 1, 1, 1], im: [-1, -1, -1, -1, -1, -1] }), 'E_ARG_RANGE', /twice/);
    expectError(() => zhit({ ...s, re: s.re.map((v, i) => (i === 3 ? 0 : v)), im: s.im.map((v, i) => (i === 3 ? 0 : v)) }), 'E_ARG_RANGE', /Z = 0/);
    expectError(() => zhit(s, { fmin: 5e5 }), 'E_ARG_LENGTH', /after cropping/);
  });
  it('bad options', () => {
    expectError(() => zhit(s, 3 as never), 'E_ARG_TYPE');
    expect(expectError(() => zhit(s, { smooth: 'none' } as never), 'E_ARG_RANGE', /Unknown option `smooth`/).details.argument).toBe('smooth');
    expectError(() => zhit(s, { smoothing: 'sg' as never }), 'E_ARG_RANGE');
    expectError(() => zhit(s, { representation: 'X' as never }), 'E_ARG_RANGE');
    expectError(() => zhit(s, { threshold: 0 }), 'E_ARG_RANGE');
    expectError(() => zhit(s, { fmin: -1 }), 'E_ARG_RANGE');
    expectError(() => zhit(s, { window: 5 as never }), 'E_ARG_TYPE');
    expectError(() => zhit(s, { window: { fmin: 10, fmax: 1 } }), 'E_ARG_RANGE', /below/);
    expectError(() => zhit(s, { window: { fmin: 0, fmax: 1 } }), 'E_ARG_RANGE');
    expectError(() => zhit(s, { window: { fmin: 1, fmax: 10, shape: 'tukey' as never } }), 'E_ARG_RANGE');
    expectError(() => zhit(s, { window: { fmin: 1, fmax: 10, width: 2 } as never }), 'E_ARG_RANGE', /Unknown option `width`/);
    expectError(() => zhit(s, { window: { fmin: 1e7, fmax: 1e8 } }), 'E_ARG_RANGE', /no point/);
    expectError(() => zhit(s, { linKK: linKK({ freq: s.freq.slice(0, 40), re: s.re.slice(0, 40), im: s.im.slice(0, 40) }) }), 'E_ARG_LENGTH');
  });
});
