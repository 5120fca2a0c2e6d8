/**
 * The quality verdict's numbers in WASM (issue 14; assembly/judge.ts, called by
 * WasmBackend.judgeFits) are the TS code's bit for bit: for every fit, judgementFromRecord of the
 * kernel's numbers equals relativeResidualJudgement (src/fit/quality.ts) on the result's residuals —
 * every number by Object.is, every name and flag — and the verdicts and reasons fitQuality gives
 * with them equal those it computes itself. Fits: noisy and noise-free pellet spectra, the scipy and
 * impedance.py fixtures, Y and M representations, fixed parameters, descending and shuffled grids;
 * then residual vectors built to reach every branch (spikes, bumps, drift, one sign, the floor,
 * Z = 0 points, 1 to 3 points). Runs in Node and in Chromium, so the WASM path is the TS path's
 * bits in both (and the TS path is the same in both: test/cross-runtime.browser.test.ts). The
 * numbers fitBatch computes in the fit call itself (`judge`: eis_fit_batch) are judgeFits' bit for bit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, logFrequencies, parseCircuit, simulate, type Circuit, type FitOptions, type SpectrumInput } from '../src/index.ts';
import { wasmBackend, type WasmBackend } from '../src/backend/wasm.ts';
import { buildProblem, type FitProblem } from '../src/fit/problem.ts';
import { assembleResult } from '../src/fit/fit.ts';
import { fitQuality, relativeResidualJudgement } from '../src/fit/quality.ts';
import { judgementFromRecord } from '../src/stats/judge.ts';
import { Random } from '../src/random.ts';
import type { BackendFit } from '../src/types/problems.ts';
import fixtures from './fixtures/fits.json';
import tv from './fixtures/impedancepy/test-vectors.json';
import { expectSame } from './same-value.ts';
import { JUDGEMENT } from '../src/abi/descriptor.ts';

let backend: WasmBackend;
beforeAll(async () => {
  backend = wasmBackend(await createEngine());
});

/** Every leaf of a judgement (numbers, strings, booleans), keys in order. */
function leaves(x: unknown, out: unknown[] = []): unknown[] {
  if (x !== null && typeof x === 'object') for (const k of Object.keys(x)) leaves((x as Record<string, unknown>)[k], out);
  else out.push(x);
  return out;
}

/** The WASM judgement of fit k against the TS one on the same residuals; returns the number of leaves compared. */
function compareOne(pr: FitProblem, b: BackendFit, resRe: Float64Array, resIm: Float64Array, label: string): number {
  const v = b.verdictNumbers;
  expect(v, `${label}: numbers`).toBeDefined();
  const wasm = judgementFromRecord(v!.record, v!.at, pr.n, pr.free.length);
  const ts = relativeResidualJudgement(pr.freq, pr.zre, pr.zim, resRe, resIm, pr.free.length);
  const a = leaves(ts.judgement), w = leaves(wasm);
  if (a.length !== w.length || a.some((x, i) => !Object.is(x, w[i]))) expectSame(ts.judgement, wasm, label);
  for (let i = 0; i < pr.n; i++) expect(v!.order[i], `${label}: order`).toBe(pr.freq.indexOf(ts.freqAt(i)));
  return a.length;
}

/** Fits every spectrum on WASM, judges them in one call, and compares judgement and verdict of each with the TS path. */
function checkFits(c: Circuit, spectra: readonly SpectrumInput[], options: FitOptions, label: string): { values: number; verdicts: string[] } {
  const prs = spectra.map((s) => buildProblem(c, s, options));
  const fits = backend.fitBatch(c.kernelProgram, prs);
  backend.judgeFits(prs, fits);
  // the same numbers from the fit call itself (fitBatch with judge: eis_fit_batch judges each fit)
  const inCall = backend.fitBatch(c.kernelProgram, prs, undefined, true);
  inCall.forEach((b, k) => {
    const v = b.verdictNumbers, u = fits[k]!.verdictNumbers!;
    expect(v, `${label}[${k}]: numbers in the fit call`).toBeDefined();
    expect(v!.order, `${label}[${k}]: order`).toEqual(u.order);
    for (let i = 0; i < JUDGEMENT.words; i++) {
      if (!Object.is(v!.record[v!.at + i], u.record[u.at + i])) expect(v!.record[v!.at + i], `${label}[${k}] word ${i}`).toBe(u.record[u.at + i]);
    }
  });
  let values = 0;
  const verdicts: string[] = [];
  fits.forEach((b, k) => {
    const pr = prs[k]!;
    const r = assembleResult(c, pr, b, 'wasm');
    values += compareOne(pr, b, r.residuals.re, r.residuals.im, `${label}[${k}]`);
    const own = fitQuality(c, pr, {
      success: r.success, message: r.message, params: r.params, stderr: r.stderr, correlation: r.correlation,
      atBound: r.paramNames.map((n) => r.byName[n]!.atBound), residualsRe: r.residuals.re, residualsIm: r.residuals.im,
    });
    expect(r.quality, `${label}[${k}] verdict`).toEqual(own);
    verdicts.push(r.quality.verdict);
  });
  return { values, verdicts };
}

const pellet = parseCircuit('R0-p(R1,CPE1)-CPE2');
const f61 = logFrequencies(1e6, 1, 61);
/** Pellet parameters drawn as bench/fit-bench.ts pelletSet draws them. */
function truths(count: number, seed: number): number[][] {
  const rng = new Random(seed);
  const lu = (a: number, b: number) => a * (b / a) ** rng.uniform();
  const uu = (a: number, b: number) => a + (b - a) * rng.uniform();
  return Array.from({ length: count }, () => [lu(5, 50), lu(1e3, 1e5), lu(1e-10, 1e-9), uu(0.8, 0.98), lu(3e-7, 3e-6), uu(0.7, 0.95)]);
}

describe('quality verdict numbers: WASM (assembly/judge.ts) = TS (src/stats/judge.ts), bit for bit', () => {
  it('noisy and noise-free pellet fits, automatic start values', () => {
    const t = truths(300, 7);
    const noisy = t.map((p, k) => simulate(pellet, f61, p, { noise: 0.005, seed: 1000 + k }));
    const quiet = t.slice(0, 60).map((p) => simulate(pellet, f61, p));
    const values = checkFits(pellet, noisy, {}, 'noisy').values + checkFits(pellet, quiet, {}, 'noise-free').values;
    expect(values).toBe(360 * 33);
  });

  it('larger noise and misfits: suspect and bad verdicts (wrong circuit, a spike, drift)', () => {
    const t = truths(40, 11);
    const spectra = t.map((p, k) => {
      const s = simulate(pellet, f61, p, { noise: 0.02, seed: 50 + k });
      const re = Float64Array.from(s.re), im = Float64Array.from(s.im);
      if (k % 4 === 1) re[20 + (k % 30)]! *= 1.2; // a spike
      if (k % 4 === 2) for (let i = 0; i < 61; i++) im[i]! *= 1 + 0.03 * Math.sin(i / 6); // drift
      return { freq: s.freq, re, im };
    });
    const a = checkFits(pellet, spectra, {}, 'noisy 2 %').verdicts;
    // one arc too few
    const b = checkFits(parseCircuit('R0-p(R1,C1)'), spectra.slice(0, 20), {}, 'wrong circuit').verdicts;
    const all = [...a, ...b];
    for (const v of ['good', 'suspect', 'bad']) expect(all, v).toContain(v);
  });

  it('Y and M representations, fixed parameters, descending and shuffled grids', () => {
    const t = truths(40, 3);
    const noisy = t.map((p, k) => simulate(pellet, f61, p, { noise: 0.005, seed: 300 + k }));
    checkFits(pellet, noisy, { representation: 'Y' }, 'Y');
    checkFits(pellet, noisy, { representation: 'M' }, 'M');
    checkFits(pellet, noisy, { fixed: { R0: 20 } }, 'R0 fixed');
    const down = noisy.map((s) => ({ freq: [...s.freq].reverse(), re: [...s.re].reverse(), im: [...s.im].reverse() }));
    checkFits(pellet, down, {}, 'descending');
    const rng = new Random(5);
    const shuffled = noisy.map((s) => {
      const order = Array.from({ length: s.freq.length }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      return { freq: order.map((i) => s.freq[i]!), re: order.map((i) => s.re[i]!), im: order.map((i) => s.im[i]!) };
    });
    checkFits(pellet, shuffled, {}, 'shuffled');
  });

  it('the scipy fixtures and impedance.py\'s exampleData', () => {
    type P = { name: string; circuit: string; weighting: 'modulus' | 'unit' | 'proportional'; initial: number[]; freq: number[]; re: number[]; im: number[] };
    for (const p of (fixtures as unknown as { problems: P[] }).problems) {
      checkFits(parseCircuit(p.circuit), [p], { initial: p.initial, weighting: p.weighting }, p.name);
    }
    const fz = tv.fitting as unknown as { frequencies_hz: number[]; Z: { re: number[]; im: number[] } };
    const data = { freq: fz.frequencies_hz, re: fz.Z.re, im: fz.Z.im };
    checkFits(parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)'), [data], { initial: [0.01, 0.01, 100, 0.01, 0.05, 100, 1], weighting: 'unit' }, 'exampleData');
    checkFits(parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)'), [data], {}, 'exampleData, automatic');
  });

  it('residuals built to reach every branch of the statistics', () => {
    const rng = new Random(21);
    const cases: { label: string; n: number; free: number; z: (i: number) => [number, number]; r: (i: number, n: number) => [number, number] }[] = [];
    const arc = (i: number, n: number): [number, number] => {
      const x = (i + 0.5) / n;
      return [100 / (1 + x * x) + 5, -100 * x / (1 + x * x)];
    };
    const noise = (s: number) => (): [number, number] => [s * rng.normal(), s * rng.normal()];
    for (const n of [1, 2, 3, 4, 5, 8, 17, 18, 40, 61, 200]) {
      cases.push({ label: `white n=${n}`, n, free: Math.min(2, n), z: (i) => arc(i, n), r: noise(0.5) });
      cases.push({ label: `below floor n=${n}`, n, free: 1, z: (i) => arc(i, n), r: noise(1e-6) });
    }
    for (const n of [20, 61, 120]) {
      cases.push({ label: `one sign n=${n}`, n, free: 3, z: (i) => arc(i, n), r: () => [0.3 + rng.uniform(), 0.2 + rng.uniform()] });
      cases.push({ label: `drift n=${n}`, n, free: 4, z: (i) => arc(i, n), r: (i) => [2 * Math.sin(i / 5) + 0.1 * rng.normal(), 0.1 * rng.normal()] });
      cases.push({ label: `spike n=${n}`, n, free: 4, z: (i) => arc(i, n), r: (i) => [i === n >> 1 ? 20 : 0.2 * rng.normal(), 0.2 * rng.normal()] });
      cases.push({ label: `bump n=${n}`, n, free: 4, z: (i) => arc(i, n), r: (i) => [0.2 * rng.normal() + (Math.abs(i - n / 3) < 4 ? 1.5 : 0), 0.2 * rng.normal() + (Math.abs(i - n / 3 - 4) < 3 ? -1 : 0)] });
      cases.push({ label: `Im → 0 at the ends n=${n}`, n, free: 4, z: (i) => [50, i === 0 || i === n - 1 ? 1e-9 : -30 * Math.sin((Math.PI * i) / (n - 1))], r: noise(0.3) });
      cases.push({ label: `zeros n=${n}`, n, free: 2, z: (i) => (i % 7 === 3 ? [0, 0] : arc(i, n)), r: (i) => (i % 5 === 0 ? [0, 0] : [0.4 * rng.normal(), 0.4 * rng.normal()]) });
      cases.push({ label: `exact n=${n}`, n, free: 2, z: (i) => arc(i, n), r: () => [0, 0] });
      cases.push({ label: `many parameters n=${n}`, n, free: 2 * n + 3, z: (i) => arc(i, n), r: noise(0.5) });
      // |Z| beyond hypot's rescaling bounds (2^±500), an Im part below 2^−400, and a mixture along the grid
      for (const scale of [1e160, 1e-160]) cases.push({ label: `|Z| × ${scale} n=${n}`, n, free: 2, z: (i) => arc(i, n).map((x) => x * scale) as [number, number], r: () => [0.3 * scale * rng.normal(), 0.3 * scale * rng.normal()] });
      cases.push({ label: `tiny Im n=${n}`, n, free: 2, z: (i) => [arc(i, n)[0], i % 3 === 0 ? 1e-125 : arc(i, n)[1]], r: noise(0.3) });
      cases.push({ label: `mixed scales n=${n}`, n, free: 2, z: (i) => arc(i, n).map((x) => x * (i % 4 === 1 ? 1e155 : 1)) as [number, number], r: noise(0.3) });
    }
    const prs: FitProblem[] = [], fits: BackendFit[] = [], res: [Float64Array, Float64Array][] = [];
    for (const c of cases) {
      const freq = Float64Array.from({ length: c.n }, (_, i) => 10 ** (6 - (6 * i) / Math.max(c.n - 1, 1)));
      const zre = new Float64Array(c.n), zim = new Float64Array(c.n), fre = new Float64Array(c.n), fim = new Float64Array(c.n);
      for (let i = 0; i < c.n; i++) {
        [zre[i], zim[i]] = c.z(i);
        const [a, b] = c.r(i, c.n);
        fre[i] = zre[i]! - a;
        fim[i] = zim[i]! - b;
      }
      prs.push({ n: c.n, freq, zre, zim, free: new Int32Array(c.free) } as unknown as FitProblem);
      fits.push({ block: { fittedRe: fre, fittedIm: fim } } as unknown as BackendFit);
      // the residuals as assembleResult forms them
      res.push([Float64Array.from(zre, (z, i) => z - fre[i]!), Float64Array.from(zim, (z, i) => z - fim[i]!)]);
    }
    backend.judgeFits(prs, fits);
    const seen = { belowFloor: 0, sizeFails: 0, whiteFails: 0, scanFails: 0, single: 0, wide: 0 };
    cases.forEach((c, k) => {
      compareOne(prs[k]!, fits[k]!, res[k]![0], res[k]![1], c.label);
      const v = fits[k]!.verdictNumbers!;
      const j = judgementFromRecord(v.record, v.at, c.n, c.free);
      if (j.belowFloor) seen.belowFloor++;
      if (!j.sizeOk) seen.sizeFails++;
      if (!j.whiteOk) seen.whiteFails++;
      if (!j.scanOk) seen.scanFails++;
      if (j.scan.width === 1) seen.single++;
      else seen.wide++;
    });
    // the cases reach every outcome
    for (const [k, count] of Object.entries(seen)) expect(count, k).toBeGreaterThan(0);
  });
});
