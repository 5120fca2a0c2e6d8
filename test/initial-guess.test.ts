/**
 * initialGuess(): start values from the spectrum by arc geometry. The benchmark distribution of
 * the fitting issue (pellet circuit), recovery on two-arc, Randles and inductive spectra, and
 * properties: finite, strictly inside the element table's bounds, never throwing, independent
 * of point order — on random circuits and spectra, including inductive and arc-free ones.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EisError, logFrequencies, parseCircuit, simulate, type Circuit } from '../src/index.ts';
import { fit } from '../src/fit/fit.ts';
import { initialGuess } from '../src/guess/index.ts';
import { MAX_CIRCUIT_DEPTH } from '../src/circuit/ast.ts';
import { Random } from '../src/random.ts';
import { circuitArb, problemArb } from './arbitraries.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

/** Whether every value is finite and strictly inside the element table's bounds. */
function insideBounds(c: Circuit, p: Float64Array): boolean {
  const { lower, upper } = c.program;
  return p.length === c.paramNames.length && Array.from(p).every((v, k) => Number.isFinite(v) && v > lower[k]! && v < upper[k]!);
}

/** Largest relative deviation from the truth. */
function maxRelError(p: ArrayLike<number>, truth: readonly number[]): number {
  return Math.max(...truth.map((v, k) => Math.abs(p[k]! - v) / Math.abs(v)));
}

describe('benchmark distribution: R0-p(R1,CPE1)-CPE2, 61 points 1 MHz … 1 Hz, noise-free', () => {
  const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
  const f = logFrequencies(1e6, 1, 61);

  it('guess → fit recovers every parameter within 1 % in ≥ 99 % of 1000 seeded draws', () => {
    const rng = new Random(20240611);
    const logUniform = (a: number, b: number) => a * (b / a) ** rng.uniform();
    const uniform = (a: number, b: number) => a + (b - a) * rng.uniform();
    let guessOk = 0, fitOk = 0, outside = 0;
    const failures: string[] = [];
    for (let t = 0; t < 1000; t++) {
      const truth = [logUniform(5, 50), logUniform(1e3, 1e5), logUniform(1e-10, 1e-9), uniform(0.8, 0.98), logUniform(3e-7, 3e-6), uniform(0.7, 0.95)];
      const data = simulate(c, f, truth);
      const guess = initialGuess(c, data);
      if (!insideBounds(c, guess)) outside++;
      if (maxRelError(guess, truth) < 0.01) guessOk++;
      const r = fit(c, data, { initial: guess });
      if (maxRelError(r.params, truth) < 0.01) fitOk++;
      else if (failures.length < 5) failures.push(`truth ${truth.map((v) => v.toPrecision(4))} guess ${Array.from(guess, (v) => v.toPrecision(4))} fit ${Array.from(r.params, (v) => v.toPrecision(4))} (${r.message})`);
    }
    expect(outside).toBe(0);
    expect(fitOk, failures.join('\n')).toBeGreaterThanOrEqual(990);
    // on noise-free data the arc geometry is nearly exact by itself
    expect(guessOk).toBeGreaterThanOrEqual(950);
  });
});

describe('recovery from the guess alone', () => {
  const cases = [
    {
      name: 'two separated arcs', c: parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)'),
      truth: [10, 1e3, 1e-9, 0.9, 1e4, 1e-6, 0.8], f: logFrequencies(1e6, 0.1, 71), guessWithin: 0.01,
    },
    {
      name: 'two overlapping arcs', c: parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)'),
      truth: [10, 1e3, 1e-9, 0.9, 5e3, 1e-7, 0.8], f: logFrequencies(1e6, 0.1, 71), guessWithin: 0.5,
    },
    { name: 'Randles with Warburg', c: parseCircuit('R0-p(R1-W1,C1)'), truth: [20, 100, 50, 1e-5], f: logFrequencies(1e5, 1e-2, 50), guessWithin: 0.1 },
    {
      name: 'pellet with a lead inductance (inductive points at the top)', c: parseCircuit('L0-R0-p(R1,CPE1)-CPE2'),
      truth: [1e-3, 15, 2654, 2e-9, 0.85, 3e-6, 0.8], f: logFrequencies(1e6, 1, 61), guessWithin: 10,
    },
  ];
  for (const { name, c, truth, f, guessWithin } of cases) {
    it(`${name}: noise-free → guess close, fit at the truth within 1e-4`, () => {
      const data = simulate(c, f, truth);
      const guess = initialGuess(c, data);
      expect(insideBounds(c, guess)).toBe(true);
      expect(maxRelError(guess, truth)).toBeLessThan(guessWithin);
      const r = fit(c, data, { initial: guess });
      expect(r.success, r.message).toBe(true);
      r.params.forEach((v, k) => expect(Math.abs(v - truth[k]!) / truth[k]!, c.paramNames[k]).toBeLessThan(1e-4));
    });
    it(`${name}: 1 % seeded noise → fit at the truth within 4 standard errors`, () => {
      for (const seed of [3, 11, 29]) {
        const data = simulate(c, f, truth, { noise: 0.01, seed });
        const r = fit(c, data, { initial: initialGuess(c, data) });
        expect(r.success, r.message).toBe(true);
        r.params.forEach((v, k) => expect(Math.abs(v - truth[k]!), `${c.paramNames[k]} (seed ${seed})`).toBeLessThan(4 * r.stderr[k]!));
      }
    });
  }
  it('the inductive case: L from the points with Im Z > 0 (within 10 %)', () => {
    const c = parseCircuit('L0-R0-p(R1,CPE1)-CPE2');
    const data = simulate(c, logFrequencies(1e6, 1, 61), [1e-3, 15, 2654, 2e-9, 0.85, 3e-6, 0.8]);
    expect(data.im.filter((v) => v > 0).length).toBeGreaterThan(3);
    expect(Math.abs(initialGuess(c, data)[0]! - 1e-3) / 1e-3).toBeLessThan(0.1);
  });
});

describe('properties', () => {
  const pellet = parseCircuit('R0-p(R1,CPE1)-CPE2');

  it('finite and strictly inside the bounds for random circuits, parameters, frequencies and noise; repeatable', () => {
    fc.assert(fc.property(problemArb, fc.constantFrom(0, 0.01, 0.1), fc.integer({ min: 1, max: 1e6 }), ({ circuit, params, freq }, noise, seed) => {
      const c = parseCircuit(circuit.source);
      let data;
      try {
        data = simulate(c, freq, params, { noise, seed });
      } catch {
        return; // a model that is not finite there: no spectrum to guess from
      }
      const g = initialGuess(c, data);
      expect(insideBounds(c, g), `${circuit.source}: ${Array.from(g)}`).toBe(true);
      // scratch state does not leak between calls
      initialGuess(pellet, simulate(pellet, logFrequencies(1e6, 1, 61), [15, 2654, 2e-9, 0.85, 3e-6, 0.8]));
      expect(Array.from(initialGuess(c, data))).toEqual(Array.from(g));
    }), { numRuns: 300, seed: 4242 });
  });

  it('finite and inside the bounds for arbitrary spectra of any circuit (inductive, negative, zero, tiny, huge values)', () => {
    const value = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.constantFrom(0, -0, 1e-300, -1e-300, 1e300, -1e300));
    const spectrum = fc.integer({ min: 1, max: 40 }).chain((n) => fc.record({
      freq: fc.array(fc.double({ min: 1e-4, max: 1e8, noNaN: true }), { minLength: n, maxLength: n }),
      re: fc.array(value, { minLength: n, maxLength: n }),
      im: fc.array(value, { minLength: n, maxLength: n }),
    }));
    fc.assert(fc.property(circuitArb, spectrum, (circuit, s) => {
      const c = parseCircuit(circuit.source);
      const g = initialGuess(c, s);
      expect(insideBounds(c, g), `${circuit.source}: ${Array.from(g)}`).toBe(true);
      // plain arrays and typed arrays give the same guess
      expect(Array.from(initialGuess(c, { freq: Float64Array.from(s.freq), re: Float64Array.from(s.re), im: Float64Array.from(s.im) }))).toEqual(Array.from(g));
    }), { numRuns: 500, seed: 777 });
  });

  it('inside the bounds for pellet spectra with inductive high-frequency points (circuit without L)', () => {
    fc.assert(fc.property(
      fc.double({ min: 3, max: 5, noNaN: true }), fc.double({ min: -6, max: -2, noNaN: true }), fc.integer({ min: 1, max: 1e6 }),
      (lr1, lL, seed) => {
        const f = logFrequencies(1e6, 1, 61);
        const data = simulate(pellet, f, [20, 10 ** lr1, 3e-10, 0.9, 1e-6, 0.8], { noise: 0.01, seed });
        for (let i = 0; i < f.length; i++) data.im[i] = data.im[i]! + 2 * Math.PI * f[i]! * 10 ** lL;
        const g = initialGuess(pellet, data);
        expect(insideBounds(pellet, g)).toBe(true);
      },
    ), { numRuns: 100, seed: 99 });
  });

  it('inside the bounds for spectra without any arc (resistor, CPE line, Warburg line, one point)', () => {
    const f = logFrequencies(1e5, 0.1, 40);
    const spectra = [
      simulate(parseCircuit('R0'), f, [50]),
      simulate(parseCircuit('R0-CPE1'), f, [50, 1e-5, 0.8], { noise: 0.01, seed: 5 }),
      simulate(parseCircuit('R0-W1'), f, [50, 300]),
      simulate(parseCircuit('C1'), f, [1e-6]),
      { freq: [1000], re: [10], im: [-5] },
      { freq: [1000, 1000, 1000], re: [10, 11, 12], im: [-5, -5, -5] },
    ];
    for (const source of ['R0-p(R1,CPE1)-CPE2', 'R0-p(R1,CPE1)-p(R2,CPE2)', 'R0-p(R1-W1,C1)', 'L0-R0-p(R1,C1)', 'p(R1,CPE1)', 'Zarc1-K1-H1-Wo1', 'T1-TLMQ1-G1-Gs1-Ws1-La1']) {
      const c = parseCircuit(source);
      for (const s of spectra) expect(insideBounds(c, initialGuess(c, s)), source).toBe(true);
    }
  });

  it('does not depend on the order of the points', () => {
    fc.assert(fc.property(
      fc.double({ min: 3, max: 5, noNaN: true }), fc.double({ min: -10, max: -9, noNaN: true }), fc.integer({ min: 1, max: 1e6 }),
      (lr1, lq1, seed) => {
        const data = simulate(pellet, logFrequencies(1e6, 1, 61), [20, 10 ** lr1, 10 ** lq1, 0.9, 1e-6, 0.8], { noise: 0.01, seed });
        const reversed = { freq: data.freq.slice().reverse(), re: data.re.slice().reverse(), im: data.im.slice().reverse() };
        const rng = new Random(seed);
        const order = Array.from(data.freq, (_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(rng.uniform() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const shuffled = { freq: order.map((i) => data.freq[i]!), re: order.map((i) => data.re[i]!), im: order.map((i) => data.im[i]!) };
        const g = initialGuess(pellet, data);
        expect(Array.from(initialGuess(pellet, reversed))).toEqual(Array.from(g));
        // sorted anew, ln ω is computed per point instead of by steps: equal to rounding
        initialGuess(pellet, shuffled).forEach((v, k) => expect(Math.abs(v - g[k]!) / g[k]!).toBeLessThan(1e-6));
      },
    ), { numRuns: 50, seed: 5 });
  });

  it('interleaved calls on different spectra give what separate calls give (no shared scratch)', () => {
    const twoArcs = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
    const a = simulate(pellet, logFrequencies(1e6, 1, 61), [15, 2654, 2e-9, 0.85, 3e-6, 0.8], { noise: 0.01, seed: 1 });
    const b = simulate(twoArcs, logFrequencies(1e5, 0.1, 40), [10, 1e3, 1e-9, 0.9, 1e4, 1e-6, 0.8], { noise: 0.01, seed: 2 });
    const alone = { a: Array.from(initialGuess(pellet, a)), b: Array.from(initialGuess(twoArcs, b)) };
    // one call runs inside the other: reading a's 31st frequency starts the guess of b
    let inner: number[] = [];
    const freq = new Proxy(Array.from(a.freq), {
      get(target, key, receiver) {
        if (key === '30' && inner.length === 0) inner = Array.from(initialGuess(twoArcs, b));
        return Reflect.get(target, key, receiver);
      },
    });
    const outer = Array.from(initialGuess(pellet, { freq, re: a.re, im: a.im }));
    expect(inner).toEqual(alone.b);
    expect(outer).toEqual(alone.a);
    // and one after the other, in either order, on differently sized spectra
    expect(Array.from(initialGuess(twoArcs, b))).toEqual(alone.b);
    expect(Array.from(initialGuess(pellet, a))).toEqual(alone.a);
  });

  it('circuits nested to the parser\'s depth limit and 10 000 elements long: finite guesses inside the bounds', () => {
    const f = logFrequencies(1e5, 1, 20);
    const s = { freq: f, re: Array.from(f, () => 100), im: Array.from(f, (x) => -1e3 / x) };
    let source = 'R1';
    for (let d = 1; d < MAX_CIRCUIT_DEPTH; d++) source = `p(${source},C${d})`;
    const deep = parseCircuit(source);
    expect(insideBounds(deep, initialGuess(deep, s))).toBe(true);
    const long = parseCircuit(`${Array.from({ length: 10000 }, (_, i) => `R${i}`).join('-')}-p(R99999,CPE1)`);
    expect(insideBounds(long, initialGuess(long, s))).toBe(true);
  });

  it('throws EisError only for malformed input', () => {
    const c = parseCircuit('R0-p(R1,C1)');
    expect(() => initialGuess(c, null as never)).toThrow(EisError);
    expect(() => initialGuess(c, { freq: [1, 2], re: [1], im: [1, 2] })).toThrow(EisError);
    expect(() => initialGuess(c, { freq: 'abc', re: [1], im: [1] } as never)).toThrow(EisError);
    expect(insideBounds(c, initialGuess(c, { freq: [], re: [], im: [] }))).toBe(true);
  });
});
