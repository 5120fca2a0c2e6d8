/**
 * The DRT kernel in WASM (assembly/drt.ts through src/backend/wasm-drt.ts) against the TS core
 * (src/reference/drt/, the JS DRT kernels): the same λ index, coefficients, R∞, L and A·x on random
 * spectra, every λ method and rule, fixed λ over the whole range, both row modes, K problems in
 * one call, and the limits. The kernel repeats the core's operations in the same order with the
 * same exp/ln, so the results agree to the last bit; the properties state a tolerance of 1e-12
 * of the largest value (relative), which a reordering of sums (SIMD) would still meet, and one
 * test asserts the bit identity the implementation has today.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine, type Engine } from '../src/index.ts';
import { jsDrtKernels } from '../src/backend/js-drt.ts';
import type { DrtKernels } from '../src/backend/types.ts';
import { wasmBackend } from '../src/backend/wasm.ts';
import { wasmDrtKernels } from '../src/backend/wasm-drt.ts';
import { drtScratchWords, drtWords, scratchBytes } from '../src/abi/sizes.ts';
import { checkDrt } from '../src/backend/limits.ts';
import { DRT_GRID, DRT_MODE, DRT_OUTCOME, DRT_TASK } from '../src/abi/descriptor.ts';
import { lambdaGrid } from '../src/reference/drt/lambda.ts';
import { Engine as RawEngine, type Region } from '../bindings/engine.ts';
import { drtModule, type DrtExports } from '../bindings/drt-module.ts';
import { LIMITS } from '../src/abi/limits.ts';
import type { DrtOutcome, DrtProblem } from '../src/types/drt.ts';
import { DRT_VARIANTS, drtFrequencies, drtProblem, drtSpectrum, outcomeLines, type Arc, type DrtSpectrum } from './cross-runtime-drt.ts';
import { expectError } from './helpers.ts';

let engine: Engine;
let wasm: DrtKernels;
/** An engine of the DRT module itself (its own memory: the DRT kernels are a module of their own). */
let drtEngine: RawEngine<DrtExports>;
beforeAll(async () => {
  engine = await createEngine(); // compiles the DRT module too (wasm-drt.ts registered it on import)
  wasm = wasmDrtKernels(wasmBackend(engine));
  drtEngine = RawEngine.forModule(drtModule);
});

const TOL = 1e-12;

function maxAbs(...arrays: Float64Array[]): number {
  let m = 0;
  for (const a of arrays) for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** WASM ≡ TS core within TOL of the largest value of each quantity, same λ and index, same warnings. */
function expectSame(a: DrtOutcome, b: DrtOutcome, what: string): void {
  expect(a.p, what).toBe(b.p);
  expect([a.n, a.rInfColumn, a.lColumn, a.toeplitz], what).toEqual([b.n, b.rInfColumn, b.lColumn, b.toeplitz]);
  expect(a.lambda, what).toBe(b.lambda);
  expect(a.lambdaCurve?.index, what).toBe(b.lambdaCurve?.index);
  expect(a.warnings, what).toEqual(b.warnings);
  expect(Math.abs(a.epsilon - b.epsilon), what).toBeLessThanOrEqual(TOL * b.epsilon);
  const xs = maxAbs(b.x.subarray(0, b.n)) || 1;
  for (let j = 0; j < b.n; j++) expect(Math.abs(a.x[j]! - b.x[j]!), `${what} x[${j}]`).toBeLessThanOrEqual(TOL * xs);
  // R∞ and L each against its own scale
  for (const c of [b.rInfColumn, b.lColumn]) if (c >= 0) expect(Math.abs(a.x[c]! - b.x[c]!), `${what} column ${c}`).toBeLessThanOrEqual(TOL * Math.max(Math.abs(b.x[c]!), 1e-300) + TOL * xs);
  const zs = maxAbs(b.fittedRe, b.fittedIm);
  for (let r = 0; r < b.n; r++) {
    expect(Math.abs(a.fittedRe[r]! - b.fittedRe[r]!), what).toBeLessThanOrEqual(TOL * zs);
    expect(Math.abs(a.fittedIm[r]! - b.fittedIm[r]!), what).toBeLessThanOrEqual(TOL * zs);
  }
  if (b.lambdaCurve) {
    const sa = a.lambdaCurve!.score, sb = b.lambdaCurve.score;
    sb.forEach((v, k) => {
      if (Number.isNaN(v)) expect(sa[k], what).toBeNaN();
      else expect(Math.abs(sa[k]! - v), `${what} score[${k}]`).toBeLessThanOrEqual(TOL * Math.abs(v));
    });
  }
  expect([a.iterations, a.converged], what).toEqual([b.iterations, b.converged]);
}

const arcArb: fc.Arbitrary<Arc> = fc.record({
  R: fc.double({ min: 1, max: 1e4, noNaN: true }),
  tau: fc.double({ min: -5, max: 1, noNaN: true }).map((e) => 10 ** e),
  phi: fc.oneof(fc.constant(1), fc.double({ min: 0.6, max: 1, noNaN: true })),
});
const spectrumArb = fc.record({
  n: fc.integer({ min: 5, max: 70 }),
  fmax: fc.double({ min: 4, max: 6.5, noNaN: true }).map((e) => 10 ** e),
  decades: fc.double({ min: 3, max: 8, noNaN: true }),
  jitter: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 0.9, noNaN: true })),
  rInf: fc.double({ min: 0, max: 100, noNaN: true }),
  L: fc.oneof(fc.constant(0), fc.double({ min: 1e-8, max: 1e-5, noNaN: true })),
  arcs: fc.array(arcArb, { minLength: 1, maxLength: 3 }),
  noise: fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 0.02, noNaN: true })),
  seed: fc.integer({ min: 1, max: 1e6 }),
}).map((r) => drtSpectrum(drtFrequencies(r.fmax, r.fmax / 10 ** r.decades, r.n, r.jitter, r.seed), r.rInf, r.L, r.arcs, r.noise, r.seed));

describe('DRT in WASM ≡ the TS core', () => {
  it('random R–RC/ZARC spectra (uniform and irregular spacing, with and without noise and L), automatic λ', () => {
    fc.assert(fc.property(spectrumArb, fc.constantFrom(...DRT_VARIANTS.slice(0, 5)), (s, v) => {
      const pr = [drtProblem(s, v)];
      expectSame(wasm.drt(pr)[0]!, jsDrtKernels.drt(pr)[0]!, JSON.stringify(v));
    }), { numRuns: 40, seed: 12 });
  });

  it('every λ method with both rules, both penalty orders, free columns, the full build', () => {
    const s = drtSpectrum(drtFrequencies(1e6, 1e-2, 81), 10, 5e-6, [{ R: 60, tau: 2e-5, phi: 0.8 }, { R: 120, tau: 2e-2, phi: 0.75 }], 0.005, 1);
    const prs: DrtProblem[] = [];
    for (const lambdaMethod of ['mgcv', 'gcv', 'rgcv', 're-im', 'lcurve'] as const) {
      for (const lambdaRule of ['plateau', 'argmin'] as const) prs.push(drtProblem(s, { lambdaMethod, lambdaRule }));
    }
    prs.push(drtProblem(s, { penalty: 2 }), drtProblem(s, { freeColumns: true }), drtProblem(s, { build: 'full' }), drtProblem(s, { rbfShape: 1.2 }));
    const a = wasm.drt(prs), b = jsDrtKernels.drt(prs);
    prs.forEach((pr, k) => expectSame(a[k]!, b[k]!, `${pr.lambdaMethod}/${pr.lambdaRule}/${pr.penalty}/${pr.freeColumns}/${pr.build}`));
    // the rules differ somewhere (the comparison covers both paths), and the full build really ran
    expect(new Set(a.slice(0, 10).map((o) => o.lambda)).size).toBeGreaterThan(3);
    expect(a[12]!.toeplitz).toBe(false);
    expect(a[0]!.toeplitz).toBe(true);
  });

  it('today: the same bits as the TS core (same operations in the same order, src/math exp/ln)', () => {
    const s = drtSpectrum(drtFrequencies(1e5, 1e-1, 50, 0.5, 3), 5, 1e-6, [{ R: 100, tau: 1e-3, phi: 0.85 }], 0.003, 5);
    const prs = DRT_VARIANTS.map((v) => drtProblem(s, v));
    const a = wasm.drt(prs), b = jsDrtKernels.drt(prs);
    prs.forEach((_, k) => expect(outcomeLines('', a[k]!)).toEqual(outcomeLines('', b[k]!)));
  });

  it('small ε (sparse grids, a small rbfShape): the denser trapezoid nodes below ε = 0.9 give the same bits on both backends', () => {
    const arcs = [{ R: 100, tau: 1e-3, phi: 0.85 }, { R: 40, tau: 1, phi: 0.9 }];
    const cases: [DrtSpectrum, Partial<DrtProblem>][] = [
      [drtSpectrum(drtFrequencies(1e5, 1e-3, 9), 5, 0, arcs, 0.003, 1), {}], // 1 point per decade: ε ≈ 0.36
      [drtSpectrum(drtFrequencies(1e5, 1e-3, 12, 0.6, 4), 5, 1e-6, arcs, 0.003, 2), { lambdaMethod: 're-im' }], // irregular: the full N² build
      [drtSpectrum(drtFrequencies(1e5, 1e-3, 81), 5, 1e-6, arcs, 0.003, 3), { rbfShape: 0.05 }], // ε ≈ 0.36
      [drtSpectrum(drtFrequencies(1e5, 1e-3, 81, 0.3, 5), 5, 1e-6, arcs, 0.003, 4), { rbfShape: 0.002, lambda: 1e-3 }], // ε ≈ 0.0145, 4471 nodes
      [drtSpectrum(drtFrequencies(1e5, 1e-3, 41), 5, 1e-6, arcs, 0.003, 5), { rbfShape: 1e-4, lambdaMethod: 'lcurve' }], // below the node cap
      [drtSpectrum(drtFrequencies(1e5, 1e-3, 81), 5, 1e-6, arcs, 0.003, 6), { rbfShape: 10 }], // ε ≈ 72: the spec's 73 nodes
      [drtSpectrum(drtFrequencies(1e5, 1e-3, 150, 0.4, 7), 5, 1e-6, arcs, 0.003, 7), { rbfShape: 1e-5, lambda: 1e-3 }], // full build: the work budget (2982 a side)
    ];
    const prs = cases.map(([s, o]) => drtProblem(s, o));
    const a = wasm.drt(prs), b = jsDrtKernels.drt(prs);
    prs.forEach((_, k) => expect(outcomeLines('', a[k]!), `case ${k}`).toEqual(outcomeLines('', b[k]!)));
    const eps = a.map((o) => o.epsilon);
    expect(eps.slice(0, 5).every((e) => e < 0.9)).toBe(true);
    expect(eps[3]!).toBeLessThan(0.02);
    expect(eps[4]!).toBeLessThan(36 * 0.9 / 4096);
    expect(eps[5]!).toBeGreaterThan(70);
    expect([a[1]!.toeplitz, a[3]!.toeplitz, a[6]!.toeplitz]).toEqual([false, false, false]);
    expect(eps[6]!).toBeLessThan(0.01);
    expect(a.every((o) => o.x.every(Number.isFinite) && o.fittedRe.every(Number.isFinite))).toBe(true);
  });
});

describe('DRT in WASM: robustness and shape', () => {
  it('fixed λ from 1e-7 to 10: finite, γ coefficients ≥ 0, equal to the TS core', () => {
    const s = drtSpectrum(drtFrequencies(1e6, 1e-2, 81), 10, 0, [{ R: 50, tau: 1e-2, phi: 0.7 }], 0, 1);
    const noisy = drtSpectrum(drtFrequencies(1e6, 1e-2, 81), 10, 2e-6, [{ R: 60, tau: 2e-5, phi: 0.8 }, { R: 120, tau: 2e-2, phi: 0.75 }], 0.01, 9);
    const prs: DrtProblem[] = [];
    for (const sp of [s, noisy]) for (const lambda of [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10]) prs.push(drtProblem(sp, { lambda }));
    const a = wasm.drt(prs), b = jsDrtKernels.drt(prs);
    a.forEach((o, k) => {
      expect(o.x.every((v) => Number.isFinite(v))).toBe(true);
      for (let j = 0; j < o.n; j++) expect(o.x[j]!).toBeGreaterThanOrEqual(0);
      expect([...o.fittedRe, ...o.fittedIm].every(Number.isFinite)).toBe(true);
      expect(o.lambdaCurve).toBeUndefined();
      expectSame(o, b[k]!, `λ = ${prs[k]!.lambda}`);
    });
  });

  it('the inductance column: an inductive tail gives L within 1 % and R∞ within 1 %, without wrecking the arc', () => {
    const L = 2e-6;
    const s = drtSpectrum(drtFrequencies(1e7, 1, 71), 20, L, [{ R: 100, tau: 1e-4, phi: 0.9 }], 0, 1);
    expect(s.im[0]!).toBeGreaterThan(0); // inductive at the top
    const [o] = wasm.drt([drtProblem(s, { lambda: 1e-6 })]);
    expect(o!.lColumn).toBe(o!.n + 1);
    expect(Math.abs(o!.x[o!.lColumn]! / L - 1)).toBeLessThan(0.01);
    expect(Math.abs(o!.x[o!.rInfColumn]! / 20 - 1)).toBeLessThan(0.01);
    const zs = maxAbs(s.re, s.im);
    for (let r = 0; r < o!.n; r++) expect(Math.abs(o!.fittedIm[r]! - s.im[r]!)).toBeLessThan(0.01 * zs);
    expectSame(o!, jsDrtKernels.drt([drtProblem(s, { lambda: 1e-6 })])[0]!, 'inductive tail');
    // without the column: no L coefficient
    const [no] = wasm.drt([drtProblem(s, { lambda: 1e-6, inductance: false })]);
    expect([no!.p, no!.lColumn]).toEqual([no!.n + 1, -1]);
  });

  it("mode 'real' (no L column) and 'imag' (no R∞ column), scanned and fixed", () => {
    const s = drtSpectrum(drtFrequencies(1e6, 1e-2, 61, 0.3, 2), 10, 1e-6, [{ R: 80, tau: 1e-3, phi: 0.8 }], 0.004, 3);
    const prs = (['real', 'imag'] as const).flatMap((mode) => [drtProblem(s, { mode }), drtProblem(s, { mode, lambda: 1e-4 }), drtProblem(s, { mode, lambdaMethod: 'lcurve' })]);
    const a = wasm.drt(prs), b = jsDrtKernels.drt(prs);
    prs.forEach((pr, k) => expectSame(a[k]!, b[k]!, `${pr.mode} ${pr.lambda}`));
    expect([a[0]!.p, a[0]!.rInfColumn, a[0]!.lColumn]).toEqual([62, 61, -1]);
    expect([a[3]!.p, a[3]!.rInfColumn, a[3]!.lColumn]).toEqual([62, -1, 61]);
  });

  it('degenerate spectra (all zero, a flat resistor, 1e12 Ω, 1e-9 Ω, five points): the same outcome and warnings on both backends, no trap', () => {
    const f = drtFrequencies(1e5, 1, 20);
    const spectra = [
      { freq: f, re: new Float64Array(20), im: new Float64Array(20) },
      { freq: f, re: new Float64Array(20).fill(5), im: new Float64Array(20) },
      drtSpectrum(f, 1e9, 0, [{ R: 1e12, tau: 1e-3, phi: 0.8 }], 0.01, 1),
      drtSpectrum(f, 1e-9, 0, [{ R: 1e-9, tau: 1e-3, phi: 0.8 }], 0.01, 1),
      drtSpectrum(drtFrequencies(1e3, 1, 5), 1, 0, [{ R: 10, tau: 1e-2, phi: 1 }], 0, 1),
    ];
    const prs = spectra.flatMap((s) => (['mgcv', 're-im', 'lcurve'] as const).flatMap((lambdaMethod) => [false, true].map((freeColumns) => drtProblem(s, { lambdaMethod, freeColumns }))));
    const a = wasm.drt(prs), b = jsDrtKernels.drt(prs);
    prs.forEach((_, k) => expect(outcomeLines('', a[k]!)).toEqual(outcomeLines('', b[k]!)));
    // the all-zero spectrum: every L-curve point undefined (ln 0), said in words; the GCV scores all 0 (the plateau's largest λ)
    expect(a[4]!.warnings[0]).toMatch(/Every λ score was undefined/);
    expect(a[0]!.lambda).toBe(1);
    expect(a.every((o) => o.x.every(Number.isFinite))).toBe(true);
  });

  it('K problems of different sizes and options in one call equal K single calls', () => {
    const prs: DrtProblem[] = [
      drtProblem(drtSpectrum(drtFrequencies(1e6, 1e-2, 81), 10, 0, [{ R: 50, tau: 1e-2, phi: 0.7 }], 0.002, 1)),
      drtProblem(drtSpectrum(drtFrequencies(1e4, 1, 9), 1, 0, [{ R: 5, tau: 1e-3, phi: 1 }], 0.01, 2), { lambdaMethod: 're-im' }),
      drtProblem(drtSpectrum(drtFrequencies(1e5, 1e-1, 33, 0.6, 5), 3, 1e-7, [{ R: 500, tau: 1e-2, phi: 0.9 }], 0.01, 3), { mode: 'imag', lambda: 1e-3 }),
      drtProblem(drtSpectrum(drtFrequencies(1e6, 1e-3, 120), 0, 0, [{ R: 10, tau: 1e-5, phi: 0.95 }, { R: 30, tau: 1, phi: 0.7 }], 0.001, 4), { lambdaMethod: 'rgcv' }),
    ];
    const all = wasm.drt(prs);
    prs.forEach((pr, k) => expect(outcomeLines('', all[k]!)).toEqual(outcomeLines('', wasm.drt([pr])[0]!)));
    expect(wasm.drt([])).toEqual([]);
  });

  it('the kernel stays inside drtScratchWords(n): a guard zone after the scratch is untouched for every method, mode and build', () => {
    const s = drtSpectrum(drtFrequencies(1e6, 1e-2, 61, 0.3, 2), 10, 1e-6, [{ R: 80, tau: 1e-3, phi: 0.8 }], 0.004, 3);
    const n = 61, guard = 4096, sentinel = 12345.5, base = drtScratchWords(n);
    const grid = lambdaGrid();
    let runs = 0;
    for (const [mode, methods] of [[DRT_MODE.COMPLEX, [0, 1, 2, 3, 4]], [DRT_MODE.REAL, [0, 4]], [DRT_MODE.IMAG, [2, 4]]] as const) {
      for (const method of methods) {
        for (const [lambda, toeplitz, free] of [[Number.NaN, 1, 0], [1e-5, 0, 1]] as const) {
          const rs = drtEngine.scratch([1, n, n, n, DRT_TASK.words, DRT_GRID.POINTS, base + guard, DRT_OUTCOME.words, n + 2, n, n, n, DRT_GRID.POINTS]);
          const [off, fr, zr, zi, task, gr, scr, outs, x, y, fre, fim, sc] = rs as [Region, Region, Region, Region, Region, Region, Region, Region, Region, Region, Region, Region, Region];
          drtEngine.i32({ ptr: off.ptr, length: 2 }).set([0, n]);
          drtEngine.f64(fr).set(s.freq);
          drtEngine.f64(zr).set(s.re);
          drtEngine.f64(zi).set(s.im);
          drtEngine.f64(task).set([0.5, 1, 1, free, mode, toeplitz, lambda, method, 0]);
          drtEngine.f64(gr).set(grid);
          drtEngine.f64(scr).fill(sentinel, base);
          drtEngine.raw.eis_drt_batch(1, off.ptr, fr.ptr, zr.ptr, zi.ptr, task.ptr, gr.ptr, scr.ptr, n, outs.ptr, x.ptr, n + 2, y.ptr, fre.ptr, fim.ptr, sc.ptr);
          const after = drtEngine.f64(scr).subarray(base);
          expect(after.every((v) => v === sentinel), `mode ${mode} method ${method} λ ${lambda}`).toBe(true);
          runs++;
        }
      }
    }
    expect(runs).toBe(18);
  });

  it('the scratch size formula matches the module', () => {
    for (const n of [5, 81, 777, 2000]) expect(drtEngine.raw.eis_drt_scratch_words(n)).toBe(drtScratchWords(n));
  });
});

describe('DRT limits: both backends refuse the same requests before any kernel runs', () => {
  const tooMany = new Float64Array(LIMITS.drtPoints + 1);
  const big = new Float64Array(LIMITS.drtPoints);
  it('drtPoints per spectrum', () => {
    for (const b of [wasm, jsDrtKernels]) {
      const e = expectError(() => b.drt([drtProblem({ freq: tooMany, re: tooMany, im: tooMany })]), 'E_ARG_RANGE', 'drtPoints');
      expect(e.details).toMatchObject({ argument: 'spectrum', limit: 'drtPoints', value: LIMITS.drtPoints + 1 });
    }
  });
  it('pointsPerCall: 16 M points in one call, e.g. 16001 spectra of drtPoints (1000) points', () => {
    const prs = Array.from({ length: 16_001 }, () => drtProblem({ freq: big, re: big, im: big }));
    for (const b of [wasm, jsDrtKernels]) {
      const e = expectError(() => b.drt(prs), 'E_ARG_RANGE', 'pointsPerCall');
      expect(e.details).toMatchObject({ argument: 'spectra', limit: 'pointsPerCall' });
    }
  });
  it('the largest call the point limits allow (16000 spectra of drtPoints points) fits the WASM scratch (at the former 2000-point limit it did not)', () => {
    const K = Math.floor(LIMITS.pointsPerCall / LIMITS.drtPoints);
    const shape = checkDrt(Array.from({ length: K }, () => ({ freq: big })));
    expect([shape.total, shape.nMax]).toEqual([K * LIMITS.drtPoints, LIMITS.drtPoints]);
    const bytes = scratchBytes(shape.words);
    expect(bytes).toBeLessThanOrEqual(LIMITS.scratchBytes);
    expect(bytes).toBeGreaterThan(0.5 * LIMITS.scratchBytes);
    // at the former limit of 2000 points the same call would not fit (the check that refuses it stays)
    const words2000 = drtWords(K / 2, K * LIMITS.drtPoints, 2 * LIMITS.drtPoints, DRT_TASK.words, DRT_OUTCOME.words, DRT_GRID.POINTS);
    expect(scratchBytes(words2000)).toBeGreaterThan(LIMITS.scratchBytes);
  });
  it('a single spectrum of drtPoints points is accepted by the checks', () => {
    expect(checkDrt([{ freq: big }]).nMax).toBe(LIMITS.drtPoints);
    expect(LIMITS.drtPoints).toBe(1000);
  });
});
