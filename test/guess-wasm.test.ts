/**
 * initialGuess's passes in WASM (issue 14; assembly/guess.ts and guess-passes.ts on the Work arrays
 * kept in WASM memory, reached through WasmBackend.guess) give the TS passes' bits: the start
 * values of fit and fitBatch on the WASM backend (guessWith(…, backend.guess)) equal the public
 * initialGuess's (the TS passes) by Object.is, value for value, over pellet spectra with and without
 * noise, many circuits × spectra × point orders (plain and typed arrays), degenerate and irregular
 * inputs; every word of the Work after each pass equals its TS pass's on random arrays, and the
 * arc-shape kernel alone equals its TS reference (arcSums) on points built for every branch. The
 * kernels must actually run (counted). Runs in Node and in Chromium.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, initialGuess, logFrequencies, parseCircuit, simulate, type SpectrumInput } from '../src/index.ts';
import { wasmBackend, type WasmBackend } from '../src/backend/wasm.ts';
import type { GuessKernels } from '../src/backend/types.ts';
import { guessWith } from '../src/guess/index.ts';
import { buildProblem } from '../src/fit/problem.ts';
import { arcSums, measureArc } from '../src/guess/circle.ts';
import { arcsAtTail, newArc, subtractOtherArcs, type Arc, type Tail } from '../src/guess/model.ts';
import { findPeaks, noiseLevel } from '../src/guess/peaks.ts';
import { estimateTail, subtractTail } from '../src/guess/features.ts';
import { trimTailSide } from '../src/guess/circle.ts';
import { prepare, releaseWork, Work, workWords } from '../src/guess/work.ts';
import { HALF_PI } from '../src/elements/shared.ts';
import { exp, log, sin } from '../src/math/index.ts';
import { Random } from '../src/random.ts';
import { GUESS_ARC_SUMS, GUESS_INPUT, GUESS_MEASURE, GUESS_POINTS, GUESS_TAIL_SUMS } from '../src/abi/descriptor.ts';
import tv from './fixtures/impedancepy/test-vectors.json';

let backend: WasmBackend;
/** The backend's kernels, counting the calls of each pass (calls: the arc measurements that ran in WASM). */
let counted: GuessKernels;
let calls = 0;
const passCalls: Record<string, number> = {};
beforeAll(async () => {
  backend = wasmBackend(await createEngine());
  const k = backend.guess;
  counted = new Proxy(k, {
    get(target, prop) {
      const v = Reflect.get(target, prop) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]): unknown => {
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (prop === 'measure') calls++;
        else passCalls[String(prop)] = (passCalls[String(prop)] ?? 0) + 1;
        return out;
      };
    },
  });
});

const pellet = parseCircuit('R0-p(R1,CPE1)-CPE2');
const grid = logFrequencies(1e6, 1, 61);

/** Pellet spectra as bench/fit-bench.ts pelletSet draws them (log-uniform R, Q; uniform α), noisy or not. */
function pellets(count: number, seed: number, noise: number): SpectrumInput[] {
  const rng = new Random(seed);
  const lu = (a: number, b: number): number => exp(log(a) + (log(b) - log(a)) * rng.uniform());
  const uu = (a: number, b: number): number => a + (b - a) * rng.uniform();
  return Array.from({ length: count }, (_, k) => {
    const t = [lu(5, 50), lu(1e3, 1e5), lu(1e-10, 1e-9), uu(0.8, 0.98), lu(3e-7, 3e-6), uu(0.7, 0.95)];
    return simulate(pellet, grid, t, noise > 0 ? { noise, seed: 1000 + k } : {});
  });
}

/** The spectrum in Float64Arrays (as fit and fitBatch validate it: prepare's input pass then runs in WASM) and in plain arrays. */
const typed = (s: SpectrumInput): SpectrumInput => ({ freq: Float64Array.from(s.freq), re: Float64Array.from(s.re), im: Float64Array.from(s.im) });
const both = (list: readonly SpectrumInput[]): SpectrumInput[] => list.flatMap((s) => [typed(s), { freq: Array.from(s.freq), re: Array.from(s.re), im: Array.from(s.im) }]);
const reversed = (s: SpectrumInput): SpectrumInput => ({ freq: Array.from(s.freq).reverse(), re: Array.from(s.re).reverse(), im: Array.from(s.im).reverse() });
function shuffled(s: SpectrumInput): SpectrumInput {
  const n = s.freq.length;
  const idx = [...Array(n).keys()].sort((a, b) => ((a * 37) % n) - ((b * 37) % n));
  return { freq: idx.map((i) => s.freq[i]!), re: idx.map((i) => s.re[i]!), im: idx.map((i) => s.im[i]!) };
}

/** Compares the WASM-pass guess with the TS one value by value; returns the number of values. */
function compare(circuit: string, spectra: readonly SpectrumInput[], label: string): number {
  const c = parseCircuit(circuit);
  let values = 0;
  spectra.forEach((s, k) => {
    const ts = initialGuess(c, s), wasm = guessWith(c, s, counted);
    expect(wasm.length).toBe(ts.length);
    for (let i = 0; i < ts.length; i++) if (!Object.is(ts[i], wasm[i])) expect.fail(`${label} ${circuit} [${k}] ${c.paramNames[i]}: TS ${ts[i]} WASM ${wasm[i]}`);
    values += ts.length;
  });
  return values;
}

/** Every pass on the Work arrays in WASM memory, with how often each must at least have run. */
const PASSES = ['input', 'points', 'noise', 'peaks', 'subtractTail', 'trim', 'subArc', 'tailSums', 'arcAtTail'] as const;
function resetCounts(): void {
  calls = 0;
  for (const p of PASSES) passCalls[p] = 0;
}

/** Whether word i of a Work is one the TS passes write too: all but peakOut and io (the kernels' records). */
function tsWord(ws: Work, i: number): boolean {
  const c = ws.capacity;
  return i < 12 * c || (i >= 13 * c && i < 13 * c + 5);
}

describe('initialGuess passes in WASM: the TS passes bit for bit', () => {
  it('pellet spectra with and without noise', () => {
    resetCounts();
    const values = compare('R0-p(R1,CPE1)-CPE2', [...pellets(150, 7, 0.005), ...pellets(150, 11, 0)], 'pellet');
    expect(values).toBe(300 * 6);
    expect(calls).toBeGreaterThan(300 * 2); // two or more arc measurements per guess ran in WASM
    // prepare in one call per guess (the points come sorted: its ln ω / 1/|Z| pass ran inside); one arc: its trim on the
    // tail's side runs inside its measurement (calls); the others at least once per guess
    expect(passCalls.input).toBe(300);
    expect(passCalls.points).toBe(0);
    expect(passCalls.trim).toBe(0);
    for (const p of ['noise', 'peaks', 'subtractTail', 'tailSums', 'arcAtTail'] as const) expect(passCalls[p], p).toBeGreaterThanOrEqual(300);
  });

  it('many circuits × spectra × point orders (ascending, descending, shuffled)', () => {
    const fz = tv.fitting as unknown as { frequencies_hz: number[]; Z: { re: number[]; im: number[] } };
    const example = { freq: fz.frequencies_hz, re: fz.Z.re, im: fz.Z.im };
    const three = parseCircuit('R0-p(R1,C1)-p(R2,CPE2)-p(R3,CPE3)');
    const triple = [simulate(three, grid, [10, 100, 1e-9, 1e3, 1e-7, 0.85, 1e4, 1e-5, 0.8], { noise: 0.003, seed: 5 }), simulate(three, grid, [1, 1e3, 1e-8, 1.2e3, 2e-8, 0.9, 50, 1e-3, 0.7])];
    const base = [example, ...triple, ...pellets(8, 3, 0.005), ...pellets(8, 4, 0)];
    const spectra = both(base.flatMap((s) => [s, reversed(s), shuffled(s)]));
    const circuits = ['C1', 'L0-R0-p(R1,CPE1)-CPE2', 'R0', 'R0-C1', 'R0-CPE1', 'R0-R1-p(R2,C1)', 'R0-W1', 'R0-p(R1,C1)', 'R0-p(R1,C1)-p(R2,C2)',
      'R0-p(R1,C1)-p(R2,C2)-p(R3,C3)', 'R0-p(R1,C1)-p(R2-Wo1,C2)', 'R0-p(R1,CPE1)-p(R2,CPE2)', 'R0-p(R1-W1,C1)', 'R0-K1-K2', 'R0-Zarc1-CPE1',
      'R0-p(R1,CPE1)-Ws1', 'R0-p(R1,CPE1)-Wo1', 'R0-p(R1,C1,L1)', 'R0-T1', 'R0-G1', 'R0-H1'];
    resetCounts();
    let values = 0;
    for (const c of circuits) values += compare(c, spectra, 'many');
    expect(values).toBeGreaterThan(circuits.length * spectra.length);
    expect(calls).toBeGreaterThan(1000);
    for (const p of PASSES) expect(passCalls[p], p).toBeGreaterThan(100);
  });

  it('degenerate and irregular inputs: flat, 3 points, duplicated frequencies, unsorted, uneven grids, zeros, inductive', () => {
    const rng = new Random(23);
    const three = parseCircuit('R0-p(R1,C1)-p(R2,CPE2)-p(R3,CPE3)');
    const noisy = simulate(three, grid, [10, 100, 1e-9, 1e3, 1e-7, 0.85, 1e4, 1e-5, 0.8], { noise: 0.003, seed: 5 });
    // uneven (sorted, not log-spaced: ln ω point by point) and duplicated frequencies
    const uneven = Array.from(grid).map((f) => f * exp(0.2 * (rng.uniform() - 0.5)));
    const spectra: SpectrumInput[] = both([
      { freq: [1e3, 1e2, 10], re: [5, 5, 5], im: [0, 0, 0] }, // flat and real
      { freq: Array.from(grid), re: Array.from(grid, () => 7), im: Array.from(grid, () => -3) }, // flat, capacitive
      { freq: Array.from(grid), re: Array.from(grid, () => 0), im: Array.from(grid, () => 0) }, // zero
      { freq: [1e3, 1e2, 10], re: [10, 50, 90], im: [-5, -40, -30] }, // 3 points
      { freq: [1e3, 10], re: [10, 90], im: [-5, -30] },
      { freq: [10], re: [90], im: [-30] },
      simulate(parseCircuit('L0-R0-p(R1,CPE1)'), logFrequencies(1e7, 10, 40), [1e-6, 2, 100, 1e-6, 0.9], { noise: 0.004, seed: 3 }), // inductive top
      simulate(three, uneven.sort((a, b) => b - a), [10, 100, 1e-9, 1e3, 1e-7, 0.85, 1e4, 1e-5, 0.8], { noise: 0.003, seed: 6 }),
      { freq: [...noisy.freq, ...noisy.freq], re: [...noisy.re, ...noisy.re], im: [...noisy.im, ...noisy.im] }, // every frequency twice
      { freq: Array.from(noisy.freq, (f, i) => (i % 7 === 3 ? noisy.freq[i - 1]! : f)), re: noisy.re, im: noisy.im }, // some repeated
      shuffled(noisy),
      ...pellets(6, 31, 0.02).map((s) => ({ freq: s.freq, re: s.re, im: Array.from(s.im, (v, i) => (i % 9 === 0 ? -v : v)) })), // sign flips
      { freq: [], re: [], im: [] },
      { freq: [1e3, 1e2, 1e2, 10, -1, 0, Number.POSITIVE_INFINITY], re: [Number.NaN, 1, 2, 3, 4, 5, 6], im: [0, -1e-300, 1e300, -1, -2, -3, -4] }, // unusable points
    ]);
    resetCounts();
    let values = 0;
    for (const c of ['R0', 'R0-C1', 'R0-p(R1,C1)', 'R0-p(R1,CPE1)-CPE2', 'R0-p(R1,C1)-p(R2,C2)-p(R3,C3)', 'L0-R0-p(R1,CPE1)-CPE2', 'R0-p(R1,CPE1)-p(R2,CPE2)-W1'])
      values += compare(c, spectra, 'degenerate');
    expect(values).toBeGreaterThan(7 * spectra.length);
    for (const p of PASSES) expect(passCalls[p], p).toBeGreaterThan(0);
  });

  it('a guess inside a guess gets plain arrays (the kernels\' memory is taken) and the same values', () => {
    const s = pellets(1, 41, 0.005)[0]!;
    const ts = initialGuess(pellet, s);
    const memory = backend.guess.memory(1000);
    expect(memory).not.toBeNull();
    expect(backend.guess.memory(1000)).toBeNull(); // taken
    const inner = guessWith(pellet, s, backend.guess);
    backend.guess.release();
    for (let i = 0; i < ts.length; i++) expect(Object.is(inner[i], ts[i])).toBe(true);
    const again = guessWith(pellet, s, backend.guess);
    for (let i = 0; i < ts.length; i++) expect(Object.is(again[i], ts[i])).toBe(true);
  });

  it('a spectrum of 9000 points (a larger Work region, then a smaller one again) gives the same values', () => {
    const f = logFrequencies(1e7, 1e-2, 9000);
    const s = simulate(parseCircuit('R0-p(R1,CPE1)'), f, [5, 1e3, 1e-6, 0.9], { noise: 0.002, seed: 2 });
    compare('R0-p(R1,CPE1)', [s, ...pellets(2, 47, 0.005)], 'wide');
  });

  it('fit and fitBatch build their problems with the backend\'s passes: the same start values as without', () => {
    for (const x of pellets(5, 9, 0.005)) {
      const own = buildProblem(pellet, x, {}, undefined, undefined, backend.guess), ts = buildProblem(pellet, x, {});
      for (let i = 0; i < ts.params.length; i++) expect(Object.is(own.params[i], ts.params[i])).toBe(true);
      for (let i = 0; i < ts.u0.length; i++) expect(Object.is(own.u0[i], ts.u0[i])).toBe(true);
    }
  });

  it('the guess region survives memory growth and a trap that replaces the instance', async () => {
    const own = wasmBackend(await createEngine()), e = own.engine;
    const s = pellets(2, 21, 0.005), ts = s.map((x) => initialGuess(pellet, x));
    const same = (label: string): void => s.forEach((x, k) => {
      const w = guessWith(pellet, x, own.guess);
      for (let i = 0; i < w.length; i++) if (!Object.is(w[i], ts[k]![i])) expect.fail(`${label} [${k}] ${i}: TS ${ts[k]![i]} WASM ${w[i]}`);
    });
    same('first');
    const bytes = e.memoryBytes;
    const big = e.allocRegion(1 << 21); // 16 MB: memory grows, every earlier view is detached
    expect(e.memoryBytes).toBeGreaterThan(bytes);
    same('after growth');
    e.freeRegion(big);
    expect(() => e.run((ex) => ex.eis_grid(0x7ffffff0, 1000, 0, 0))).toThrow(/internal error/);
    expect(e.resets).toBe(1);
    // the old region's address means nothing in the new instance's memory: it is allocated again
    const alloc = vi.spyOn(e, 'allocRegion');
    same('after a trap');
    expect(alloc).toHaveBeenCalledTimes(1);
    alloc.mockRestore();
  });

  it('the kernels\' records are in the order GuessKernels\' outs promise (WasmGuess copies nothing)', () => {
    const order = (fields: Record<string, number>, names: string[]): number[] => names.map((k) => fields[k]!);
    const inOrder = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    expect(order(GUESS_INPUT.fields, ['n', 'ascending', 'descending', 'uniform', 'back', 'done', 'step', 'z2Min', 'z2Max'])).toEqual(inOrder(9));
    expect(order(GUESS_MEASURE.fields, ['sw', 'sc', 'ss', 'su', 'sl', 'r', 'xhf', 'a'])).toEqual(inOrder(8));
    expect(order(GUESS_POINTS.fields, ['z2Min', 'z2Max'])).toEqual(inOrder(2));
    expect(order(GUESS_ARC_SUMS.fields, ['sw', 'sc', 'ss', 'su', 'sl'])).toEqual(inOrder(5));
    expect(order(GUESS_TAIL_SUMS.fields, ['s0', 's1', 's2', 't0', 't1'])).toEqual(inOrder(5));
    for (const l of [GUESS_INPUT, GUESS_MEASURE, GUESS_POINTS, GUESS_ARC_SUMS, GUESS_TAIL_SUMS]) expect(Object.keys(l.fields).length).toBe(l.words);
  });

  it('the arc-shape kernel equals arcSums on points built for every branch', () => {
    const rng = new Random(17);
    const ref = new Float64Array(5);
    /** xs, ys, lw of m points and a record, views of the kernels' memory. */
    const inMemory = (m: number): Float64Array[] => {
      const mem = backend.guess.memory(3 * m + 5)!;
      return [mem.subarray(0, m), mem.subarray(m, 2 * m), mem.subarray(2 * m, 3 * m), mem.subarray(3 * m)];
    };
    let compared = 0;
    for (let t = 0; t < 400; t++) {
      const m = 1 + Math.floor(rng.uniform() * 40);
      const [xs, ys, lw, out] = inMemory(m) as [Float64Array, Float64Array, Float64Array, Float64Array];
      const r = exp(-5 + 15 * rng.uniform()), xhf = r * (rng.uniform() - 0.5);
      for (let i = 0; i < m; i++) {
        const kind = rng.uniform();
        lw[i] = -10 + 30 * rng.uniform();
        if (kind < 0.05) { xs[i] = xhf; ys[i] = 0; } // d² = 0
        else if (kind < 0.1) { xs[i] = xhf + r; ys[i] = -r * rng.uniform(); } // −Im Z ≤ 0
        else if (kind < 0.15) { xs[i] = xhf + r * (1 + 1e-6 * rng.uniform()); ys[i] = 1e-9 * r; } // |u|² below 1e-8
        else if (kind < 0.2) { xs[i] = xhf + 1e-6 * r; ys[i] = 1e-6 * r; } // |u|² above 1e8
        else if (kind < 0.22) { xs[i] = Number.NaN; ys[i] = r; }
        else { xs[i] = xhf + r * 1.2 * rng.uniform(); ys[i] = r * 0.7 * rng.uniform(); }
      }
      const a = Math.floor(rng.uniform() * m), b = a + Math.floor(rng.uniform() * (m - a));
      const arc = newArc(a, a, b);
      arc.xhf = xhf;
      arc.r = r;
      arcSums(xs, ys, lw, arc, ref);
      backend.guess.arcSums(xs, ys, lw, a, b, xhf, r, out);
      backend.guess.release();
      for (let j = 0; j < 5; j++) if (!Object.is(out[j], ref[j])) expect.fail(`case ${t} sum ${j}: TS ${ref[j]} WASM ${out[j]}`);
      compared += 5;
    }
    // an empty range (b < a) sums nothing
    arcSums(new Float64Array(3), new Float64Array(3), new Float64Array(3), newArc(2, 2, 1), ref);
    const [xs, ys, lw, out] = inMemory(3) as [Float64Array, Float64Array, Float64Array, Float64Array];
    xs.fill(0); ys.fill(0); lw.fill(0); out.fill(7);
    backend.guess.arcSums(xs, ys, lw, 2, 1, 0, 1, out);
    backend.guess.release();
    expect([...out.subarray(0, 5)]).toEqual([...ref]);
    expect(compared).toBe(2000);
  });

  it('each pass on the Work arrays in WASM memory leaves every word of the Work as its TS pass does', () => {
    const rng = new Random(29);
    const same = (a: Work, b: Work, label: string): void => {
      expect(b.all.buffer).toBe(backend.engine.raw.memory.buffer); // in WASM memory
      for (let i = 0; i < a.all.length; i++) if (tsWord(a, i) && !Object.is(a.all[i], b.all[i])) expect.fail(`${label}: word ${i} TS ${a.all[i]} WASM ${b.all[i]}`);
    };
    const sameArc = (a: Arc, b: Arc, label: string): void => {
      for (const f of ['r', 'tau', 'alpha', 'xhf', 'a', 'a0', 'b', 'p'] as const) if (!Object.is(a[f], b[f])) expect.fail(`${label}: arc ${f} TS ${a[f]} WASM ${b[f]}`);
    };
    let checked = 0;
    for (let t = 0; t < 300; t++) {
      const n = 3 + Math.floor(rng.uniform() * 120), c = Math.max(n, 64);
      const ts = new Work(n), memory = backend.guess.memory(workWords(c));
      expect(memory).not.toBeNull();
      const wasm = new Work(n, memory);
      wasm.kernels = backend.guess;
      try {
      const uniform = rng.uniform() < 0.5, l0 = -2 + 8 * rng.uniform(), step = 0.05 + 0.3 * rng.uniform();
      const pick = (): number => {
        const u = rng.uniform();
        return u < 0.05 ? 0 : u < 0.1 ? -1e3 * rng.uniform() : exp(-3 + 12 * rng.uniform()) * (rng.uniform() < 0.15 ? -1 : 1);
      };
      for (const ws of [ts, wasm]) ws.n = n;
      for (let i = 0; i < n; i++) {
        const lw = uniform ? l0 + i * step : l0 + i * step * (0.5 + rng.uniform());
        const values = [exp(lw), lw, pick(), pick(), pick(), pick(), pick(), pick(), pick(), rng.uniform() < 0.1 ? 0 : 1 / (1 + 1e3 * rng.uniform())];
        for (const ws of [ts, wasm]) {
          [ws.w[i], ws.lw[i], ws.x[i], ws.y[i], ws.xr[i], ws.yr[i], ws.ys[i], ws.xa[i], ws.ya[i], ws.iz[i]] = values;
          ws.logStep = uniform ? step : Number.NaN;
        }
      }
      const lo = Math.floor(rng.uniform() * (n - 2)), hi = lo + 2 + Math.floor(rng.uniform() * (n - lo - 2));
      const k = 1 + Math.floor(rng.uniform() * 4), lowEnd = rng.uniform() < 0.5, minProminence = rng.uniform() < 0.3 ? 0 : 1e-3 * rng.uniform();
      expect(Object.is(noiseLevel(wasm, lo, hi), noiseLevel(ts, lo, hi))).toBe(true);
      // the smoothing of yr inside the peak search (one call in WASM), then a search on ys as it is
      const peaks = findPeaks(ts, lo, hi, k, lowEnd, minProminence, 0, ts.yr);
      expect(findPeaks(wasm, lo, hi, k, lowEnd, minProminence, 0, wasm.yr)).toEqual(peaks);
      same(ts, wasm, `case ${t} smooth and peaks`);
      expect(findPeaks(wasm, lo, hi, k, lowEnd, minProminence, 0)).toEqual(findPeaks(ts, lo, hi, k, lowEnd, minProminence, 0));
      same(ts, wasm, `case ${t} peaks`);
      const alpha = 0.3 + 0.7 * rng.uniform(), q = exp(-12 + 10 * rng.uniform());
      const tail: Tail | null = rng.uniform() < 0.8 ? { q, alpha, seen: true, lq: log(q), sin: sin(alpha * HALF_PI) } : null;
      const L = rng.uniform() < 0.5 ? 0 : 1e-6 * rng.uniform();
      for (const ws of [ts, wasm]) subtractTail(ws, tail, L);
      same(ts, wasm, `case ${t} tail`);
      const p = lo + Math.floor(rng.uniform() * (hi - lo + 1)), a0 = lo + Math.floor(rng.uniform() * (p - lo + 1));
      const arcs = [ts, wasm].map(() => {
        const arc = newArc(p, a0, hi);
        arc.tailSide = true;
        return arc;
      });
      trimTailSide(ts, arcs[0]!, tail);
      trimTailSide(wasm, arcs[1]!, tail);
      sameArc(arcs[0]!, arcs[1]!, `case ${t} trim`);
      measureArc(ts, arcs[0]!, ts.xr, ts.yr);
      measureArc(wasm, arcs[1]!, wasm.xr, wasm.yr);
      sameArc(arcs[0]!, arcs[1]!, `case ${t} measure`);
      same(ts, wasm, `case ${t} measure`);
      // trim and measure in one call (WASM) against trimTailSide then measureArc (TS)
      const tailSide = rng.uniform() < 0.8;
      const fused = [ts, wasm].map(() => ({ ...newArc(p, a0, hi), tailSide }));
      measureArc(ts, fused[0]!, ts.xr, ts.yr, true, tail);
      measureArc(wasm, fused[1]!, wasm.xr, wasm.yr, true, tail);
      sameArc(fused[0]!, fused[1]!, `case ${t} trim and measure`);
      same(ts, wasm, `case ${t} trim and measure`);
      // the others' models over [lo, hi]: measured arcs with random shapes
      const others = [ts, wasm].map(() => [] as Arc[]);
      for (let j = 0; j < 3; j++) {
        const r = exp(-2 + 8 * rng.uniform()), tau = exp(-l0 - 10 * rng.uniform()), al = 0.4 + 0.6 * rng.uniform(), measured = rng.uniform() < 0.8;
        for (const list of others) list.push({ ...newArc(p, lo, hi), r, tau, alpha: al, xhf: 0, measured });
      }
      subtractOtherArcs(ts, others[0]!, others[0]![0]!, lo, hi);
      subtractOtherArcs(wasm, others[1]!, others[1]![0]!, lo, hi);
      same(ts, wasm, `case ${t} arcs`);
      // the arcs' share at the tail points, then the tail with and without it
      arcsAtTail(ts, others[0]!);
      arcsAtTail(wasm, others[1]!);
      same(ts, wasm, `case ${t} arcs at tail`);
      for (const withArcs of [false, true]) {
        const a = estimateTail(ts, withArcs), b = estimateTail(wasm, withArcs);
        for (const f of ['q', 'alpha', 'seen', 'lq', 'sin'] as const) if (!Object.is(a[f], b[f])) expect.fail(`case ${t} tail (${withArcs}) ${f}: TS ${a[f]} WASM ${b[f]}`);
      }
      } finally {
        backend.guess.release();
      }
      checked++;
    }
    expect(checked).toBe(300);
  });

  it('prepare leaves every word of the Work as the TS pass does (sorted, reversed, shuffled, degenerate)', () => {
    const three = parseCircuit('R0-p(R1,C1)-p(R2,CPE2)-p(R3,CPE3)');
    const noisy = simulate(three, grid, [10, 100, 1e-9, 1e3, 1e-7, 0.85, 1e4, 1e-5, 0.8], { noise: 0.003, seed: 5 });
    const spectra: SpectrumInput[] = both([noisy, reversed(noisy), shuffled(noisy), ...pellets(4, 43, 0.005),
      { freq: [1e3, 1e2, 10], re: [10, 50, 90], im: [-5, -40, -30] }, { freq: [10], re: [0], im: [0] }, { freq: [], re: [], im: [] },
      { freq: [1e3, 1e2, 1e2, 10, -1, 0, Number.POSITIVE_INFINITY], re: [Number.NaN, 1, 2, 3, 4, 5, 6], im: [0, -1e-300, 1e300, -1, -2, -3, -4] }]);
    resetCounts();
    for (const [k, s] of spectra.entries()) {
      const ts = prepare(s, null), wasm = prepare(s, backend.guess);
      expect(wasm.kernels).toBe(backend.guess);
      for (let i = 0; i < ts.all.length; i++) if (tsWord(ts, i) && !Object.is(ts.all[i], wasm.all[i])) expect.fail(`spectrum ${k}: word ${i} TS ${ts.all[i]} WASM ${wasm.all[i]}`);
      for (const f of ['n', 'zMid', 'wMin', 'wMax', 'wMid', 'logStep'] as const) expect(Object.is(ts[f], wasm[f]), f).toBe(true);
      releaseWork(ts);
      releaseWork(wasm);
    }
    expect(passCalls.input).toBe(0); // prepare was called directly, not through the counting kernels
    expect(spectra.length).toBe(22);
  });
});
