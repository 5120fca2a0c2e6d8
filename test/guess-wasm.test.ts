/**
 * initialGuess's passes in WASM (issue 14; assembly/guess.ts, reached through WasmBackend.guess)
 * give the TS passes' bits: the start values of fit and fitBatch on the WASM backend
 * (guessWith(…, backend.guess)) equal the public initialGuess's (the TS passes) by Object.is, value
 * for value, over pellet spectra with and without noise, many circuits × spectra × point orders,
 * and the arc-shape kernel alone equals its TS reference (arcSums) on points built for every
 * branch. The kernel must actually run (counted). Runs in Node and in Chromium.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, initialGuess, logFrequencies, parseCircuit, simulate, type SpectrumInput } from '../src/index.ts';
import { wasmBackend, type WasmBackend } from '../src/backend/wasm.ts';
import type { GuessKernels } from '../src/backend/types.ts';
import { guessWith } from '../src/guess/index.ts';
import { buildProblem } from '../src/fit/problem.ts';
import { arcSums } from '../src/guess/circle.ts';
import { newArc } from '../src/guess/model.ts';
import { exp, log } from '../src/math/index.ts';
import { Random } from '../src/random.ts';
import tv from './fixtures/impedancepy/test-vectors.json';

let backend: WasmBackend;
/** The backend's kernels, counting the calls that ran in WASM. */
let counted: GuessKernels;
let calls = 0;
beforeAll(async () => {
  backend = wasmBackend(await createEngine());
  const k = backend.guess;
  counted = {
    arcSums(xs, ys, lw, a, b, xhf, r, out) {
      const ran = k.arcSums(xs, ys, lw, a, b, xhf, r, out);
      if (ran) calls++;
      return ran;
    },
  };
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

describe('initialGuess passes in WASM: the TS passes bit for bit', () => {
  it('pellet spectra with and without noise', () => {
    calls = 0;
    const values = compare('R0-p(R1,CPE1)-CPE2', [...pellets(150, 7, 0.005), ...pellets(150, 11, 0)], 'pellet');
    expect(values).toBe(300 * 6);
    expect(calls).toBeGreaterThan(300 * 2); // two or more arc measurements per guess ran in WASM
  });

  it('many circuits × spectra × point orders (ascending, descending, shuffled)', () => {
    const fz = tv.fitting as unknown as { frequencies_hz: number[]; Z: { re: number[]; im: number[] } };
    const example = { freq: fz.frequencies_hz, re: fz.Z.re, im: fz.Z.im };
    const three = parseCircuit('R0-p(R1,C1)-p(R2,CPE2)-p(R3,CPE3)');
    const triple = [simulate(three, grid, [10, 100, 1e-9, 1e3, 1e-7, 0.85, 1e4, 1e-5, 0.8], { noise: 0.003, seed: 5 }), simulate(three, grid, [1, 1e3, 1e-8, 1.2e3, 2e-8, 0.9, 50, 1e-3, 0.7])];
    const base = [example, ...triple, ...pellets(8, 3, 0.005), ...pellets(8, 4, 0)];
    const spectra = base.flatMap((s) => [s, reversed(s), shuffled(s)]);
    const circuits = ['C1', 'L0-R0-p(R1,CPE1)-CPE2', 'R0', 'R0-C1', 'R0-CPE1', 'R0-R1-p(R2,C1)', 'R0-W1', 'R0-p(R1,C1)', 'R0-p(R1,C1)-p(R2,C2)',
      'R0-p(R1,C1)-p(R2,C2)-p(R3,C3)', 'R0-p(R1,C1)-p(R2-Wo1,C2)', 'R0-p(R1,CPE1)-p(R2,CPE2)', 'R0-p(R1-W1,C1)', 'R0-K1-K2', 'R0-Zarc1-CPE1',
      'R0-p(R1,CPE1)-Ws1', 'R0-p(R1,CPE1)-Wo1', 'R0-p(R1,C1,L1)', 'R0-T1', 'R0-G1', 'R0-H1'];
    calls = 0;
    let values = 0;
    for (const c of circuits) values += compare(c, spectra, 'many');
    expect(values).toBeGreaterThan(circuits.length * spectra.length);
    expect(calls).toBeGreaterThan(1000);
  });

  it('an arc wider than the kernel takes is measured by the TS pass, with the same values', () => {
    const f = logFrequencies(1e7, 1e-2, 9000);
    const s = simulate(parseCircuit('R0-p(R1,CPE1)'), f, [5, 1e3, 1e-6, 0.9], { noise: 0.002, seed: 2 });
    const out = new Float64Array(5);
    const x = new Float64Array(s.re), y = new Float64Array(s.im.map((v) => -v)), lw = new Float64Array(f.length);
    expect(backend.guess.arcSums(x, y, lw, 0, 4096, 5, 1e3, out)).toBe(false);
    expect(backend.guess.arcSums(x, y, lw, 0, 4095, 5, 1e3, out)).toBe(true);
    compare('R0-p(R1,CPE1)', [s], 'wide');
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

  it('the arc-shape kernel equals arcSums on points built for every branch', () => {
    const rng = new Random(17);
    const out = new Float64Array(5), ref = new Float64Array(5);
    let compared = 0;
    for (let t = 0; t < 400; t++) {
      const m = 1 + Math.floor(rng.uniform() * 40);
      const xs = new Float64Array(m), ys = new Float64Array(m), lw = new Float64Array(m);
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
      expect(backend.guess.arcSums(xs, ys, lw, a, b, xhf, r, out)).toBe(true);
      for (let j = 0; j < 5; j++) if (!Object.is(out[j], ref[j])) expect.fail(`case ${t} sum ${j}: TS ${ref[j]} WASM ${out[j]}`);
      compared += 5;
    }
    // an empty range (b < a) sums nothing
    arcSums(new Float64Array(3), new Float64Array(3), new Float64Array(3), newArc(2, 2, 1), ref);
    expect(backend.guess.arcSums(new Float64Array(3), new Float64Array(3), new Float64Array(3), 2, 1, 0, 1, out)).toBe(true);
    expect([...out]).toEqual([...ref]);
    expect(compared).toBe(2000);
  });
});
