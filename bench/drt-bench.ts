/**
 * DRT benchmark (issue 12; Node and Chromium, the same file): ms per spectrum of DrtKernels.drt on
 * the WASM backend (assembly/drt.ts) and on the JS backend (the TS core, src/reference/drt/) in
 * one run, for one 81-point spectrum (1 MHz → 10 mHz, 10 Ω + ZARC(60, 2e-5, 0.8) + ZARC(120,
 * 2e-2, 0.75) + 5 µH, 0.5 % seeded noise): automatic λ by every method, a given λ; the TS core's
 * parts (matrices, the λ scan as it is and as it was — a Cholesky and inverse per λ —, one
 * NNLS); the public drt() on both backends and its facade part (`assemble`: γ on the 10N grid,
 * R_pol, peaks); and K = 1000 such spectra (seeds 1…1000) through DrtKernels.drt in chunks of 64
 * and through the public drtBatch with onProgress (progress calls counted). Beside
 * the times, figures that do not depend on the machine: NNLS outer iterations and inner
 * factorisations, λ evaluated, multiply-adds (counted by the TS NNLS; the scan's from its loop
 * bounds). Method: 300 ms warm-up, 9 slices of 60 ms, the fastest slice / the median.
 * Run: npm run bench:drt (Node), npm run bench:drt:browser (headless Chromium, bench/drt-bench.html).
 * (Folds in the former bench/drt-reference-bench.ts.)
 */
import { createEngine, drt, drtBatch, init } from '../src/index.ts';
import { assemble, scaledProblem } from '../src/drt/solve.ts';
import { exp } from '../src/math/index.ts';
import { jsDrtKernels as jsBackend } from '../src/backend/js-drt.ts';
import { wasmBackend } from '../src/backend/wasm.ts';
import { wasmDrtKernels } from '../src/backend/wasm-drt.ts';
import { lambdaGrid, ridgeScore, scanLambda } from '../src/reference/drt/lambda.ts';
import { buildMatrices, normalEquations } from '../src/reference/drt/matrices.ts';
import { nnls } from '../src/reference/drt/nnls.ts';
import type { DrtProblem } from '../src/types/drt.ts';
import { Random } from '../src/random.ts';
import { timeSlices } from './bench.ts';
/**
 * ms per call: 300 ms warm-up, then 9 slices of 60 ms; the fastest slice and the median (on a
 * shared machine the fastest slice is the closer estimate of the uncontended cost).
 */
function timeIt(fn: () => void, rounds = 9, sliceMs = 60): { min: number; median: number } {
  const samples = timeSlices(fn, rounds, sliceMs);
  return { min: samples[0]!, median: samples[rounds >> 1]! };
}

const N = 81;
const FREQ = Float64Array.from({ length: N }, (_, k) => 10 ** (6 - k / 10));

function spectrum(seed: number): { freq: Float64Array; re: Float64Array; im: Float64Array } {
  const re = new Float64Array(N), im = new Float64Array(N);
  const rnd = new Random(seed);
  for (let k = 0; k < N; k++) {
    const w = 2 * Math.PI * FREQ[k]!;
    let zr = 10, zi = w * 5e-6;
    for (const [R, t, phi] of [[60, 2e-5, 0.8], [120, 2e-2, 0.75]] as const) {
      const m = (w * t) ** phi, a = (phi * Math.PI) / 2;
      const dr = 1 + m * Math.cos(a), di = m * Math.sin(a), d = dr * dr + di * di;
      zr += (R * dr) / d;
      zi -= (R * di) / d;
    }
    const mag = Math.hypot(zr, zi);
    re[k] = zr + 0.005 * mag * rnd.normal();
    im[k] = zi + 0.005 * mag * rnd.normal();
  }
  return { freq: FREQ, re, im };
}

function problem(seed: number, o: Partial<DrtProblem> = {}): DrtProblem {
  return { ...spectrum(seed), rbfShape: 0.5, penalty: 1, inductance: true, freeColumns: false, mode: 'complex', build: 'auto', lambda: null, lambdaMethod: 'mgcv', lambdaRule: 'plateau', ...o };
}

const f1 = (v: number) => v.toFixed(v < 10 ? 2 : 1);
const f2 = (t: { min: number; median: number }) => `${f1(t.min)} / ${f1(t.median)}`;
const mega = (v: number) => `${(v / 1e6).toFixed(2)} M`;

async function run(): Promise<string> {
  const wasm = wasmDrtKernels(wasmBackend(await createEngine()));
  const out: string[] = [];
  const where = typeof window !== 'undefined' ? navigator.userAgent : `Node ${process.version}`;
  out.push(`\n${where}, ${new Date().toISOString().slice(0, 16)}Z, ${N} points, p = ${N + 2} columns`);

  // 1. whole problems on both backends
  const base = problem(1);
  const chosen = jsBackend.drt([base])[0]!.lambda;
  const rows: [string, DrtProblem, string][] = [
    ["automatic λ, `mgcv` + plateau (the default)", base, '71'],
    ["automatic λ, `gcv`", problem(1, { lambdaMethod: 'gcv' }), '71'],
    ["automatic λ, `rgcv`", problem(1, { lambdaMethod: 'rgcv' }), '71'],
    ["automatic λ, `lcurve`", problem(1, { lambdaMethod: 'lcurve' }), '71'],
    ["automatic λ, `re-im` (142 NNLS, warm-started)", problem(1, { lambdaMethod: 're-im' }), '71 × 2 NNLS'],
    [`given λ = ${chosen.toPrecision(3)} (the default's choice)`, problem(1, { lambda: chosen }), '–'],
    ['given λ = 1e-7', problem(1, { lambda: 1e-7 }), '–'],
  ];
  out.push('', '| problem | WASM ms (fastest / median) | TS core ms (fastest / median) | TS/WASM (fastest) | λ evaluated | NNLS outer iterations (final solve) |', '|---|---|---|---|---|---|');
  for (const [label, pr, lam] of rows) {
    const w = wasm.drt([pr])[0]!, j = jsBackend.drt([pr])[0]!;
    if (w.lambda !== j.lambda || w.iterations !== j.iterations) throw new Error(`${label}: the backends disagree`);
    const tw = timeIt(() => wasm.drt([pr])), tj = timeIt(() => jsBackend.drt([pr]));
    out.push(`| ${label} | ${f2(tw)} | ${f2(tj)} | ${(tj.min / tw.min).toFixed(1)} | ${lam} | ${w.iterations} |`);
    console.error(out[out.length - 1]);
  }

  // the public drt() (validation, crop, the backend call, γ on the 10N-point τ grid, R_pol, peaks)
  await init();
  const sp = { freq: Array.from(base.freq), re: Array.from(base.re), im: Array.from(base.im) };
  const pw = timeIt(() => drt(sp, { backend: 'wasm' })), pj = timeIt(() => drt(sp, { backend: 'js' }));
  out.push(`| public \`drt(spectrum)\`, automatic λ (facade included: γ grid, R_pol, peaks) | ${f2(pw)} | ${f2(pj)} | ${(pj.min / pw.min).toFixed(1)} | 71 | ${wasm.drt([base])[0]!.iterations} |`);
  console.error(out[out.length - 1]);
  // the facade's own part: assemble (γ on 10N points and the Simpson nodes of R_pol by the
  // Gaussian recurrence: 3 exp per nonzero RBF per grid; one exp per point and RBF within 8.6/ε before)
  const { problem: scaled, scale } = scaledProblem(base);
  const o = wasm.drt([scaled])[0]!;
  const tA = timeIt(() => assemble(o, 'complex', base.freq, base.re, base.im, 0.05, scale));
  const nz = Array.from(o.x.subarray(0, N)).filter((v) => v !== 0).length;
  const e2 = o.epsilon * o.epsilon, cut = (8.6 * 8.6) / e2;
  const lo = o.y[0]! - 0.5 * Math.log(10), hi = o.y[N - 1]! + 0.5 * Math.log(10);
  let steps = Math.ceil(((o.y[N - 1]! - o.y[0]!) * o.epsilon) / 0.1);
  if (steps % 2 === 1) steps++;
  let pairs = 0; // (point, RBF) pairs within the cut-off on both grids: the exps of the direct sum
  for (let m = 0; m < N; m++) {
    if (o.x[m] === 0) continue;
    for (let i = 0; i < 10 * N; i++) if ((lo + ((hi - lo) * i) / (10 * N - 1) - o.y[m]!) ** 2 < cut) pairs++;
    for (let i = 0; i <= steps; i++) if ((o.y[0]! + ((o.y[N - 1]! - o.y[0]!) * i) / steps - o.y[m]!) ** 2 < cut) pairs++;
  }
  // the same two grids by the direct sum (one exp per point and RBF within the cut-off: assemble before)
  const direct = () => {
    const gam = new Float64Array(10 * N), nodes = new Float64Array(steps + 1);
    for (let i = 0; i < 10 * N; i++) {
      const u = lo + ((hi - lo) * i) / (10 * N - 1);
      for (let m = 0; m < N; m++) if (o.x[m] !== 0 && (u - o.y[m]!) ** 2 < cut) gam[i]! += o.x[m]! * exp(-e2 * (u - o.y[m]!) ** 2);
    }
    for (let i = 0; i <= steps; i++) {
      const u = o.y[0]! + ((o.y[N - 1]! - o.y[0]!) * i) / steps;
      for (let m = 0; m < N; m++) if (o.x[m] !== 0 && (u - o.y[m]!) ** 2 < cut) nodes[i]! += o.x[m]! * exp(-e2 * (u - o.y[m]!) ** 2);
    }
    return gam[0]! + nodes[0]!;
  };
  const tD = timeIt(direct);
  out.push(`| the same γ and Simpson nodes by the direct sum (assemble before: one exp per point and RBF) | ${f2(tD)} | – | – | – | – |`);
  out.push(`| \`assemble\` alone (γ on ${10 * N} points, R_pol on ${steps + 1} Simpson nodes, peaks): ${nz} nonzero RBFs, ${6 * nz} exp + ${2 * pairs} multiplications (direct: ${pairs} exp) | ${f2(tA)} | – | – | – | – |`);
  console.error(out[out.length - 1]);

  // 2. the TS core's parts, with the scan as it was (a Cholesky and an inverse per λ)
  const mx = buildMatrices(base.freq, base.re, base.im, { rbfShape: 0.5, penalty: 1, inductance: true });
  const { g, c } = normalEquations(mx.a, mx.b, mx.p, 0, 2 * N);
  const sys = { a: mx.a, b: mx.b, g, c, m: mx.m, rows: 2 * N, p: mx.p };
  const p = mx.p, r = 2 * N;
  const grid = lambdaGrid();
  const tMat = timeIt(() => {
    const m2 = buildMatrices(base.freq, base.re, base.im, { rbfShape: 0.5, penalty: 1, inductance: true });
    normalEquations(m2.a, m2.b, m2.p, 0, 2 * N);
  });
  const tScan = timeIt(() => scanLambda(sys, 'mgcv', 'plateau'));
  const tOld = timeIt(() => {
    for (const lam of grid) ridgeScore(sys, lam, 'mgcv');
  }, 5, 200);
  // multiply-adds from the loop bounds (leading terms): the decomposition once, then per λ
  const basisMadds = p ** 3 / 6 + p ** 3 + (4 / 3) * p ** 3 + 3 * p ** 3 + p ** 3 / 2 + r * p * p;
  const perLambda = r * p + 6 * p;
  const oldPerLambda = p ** 3 / 6 + p ** 3 / 6 + p ** 3 / 6 + p * p + r * p;
  out.push('', '| TS core part | ms (fastest / median) | multiply-adds (leading terms) |', '|---|---|---|');
  out.push(`| matrices (Toeplitz) + AᵀA | ${f2(tMat)} | ${mega(73 * 2 * N + N * N / 2 + r * p * p / 2)} |`);
  out.push(`| λ scan, one simultaneous diagonalisation (now) | ${f2(tScan)} | ${mega(basisMadds + 71 * perLambda)} (${mega(basisMadds)} once + 71 × ${(perLambda / 1e3).toFixed(1)} k) |`);
  out.push(`| λ scan, Cholesky + inverse per λ (before) | ${f2(tOld)} | ${mega(71 * oldPerLambda)} (71 × ${mega(oldPerLambda)}) |`);
  for (const lam of [chosen, 1e-7]) {
    const h = g.map((v, i) => v + lam * mx.m[i]!);
    const s = nnls(h, c, p);
    const t = timeIt(() => nnls(h, c, p));
    out.push(`| NNLS at λ = ${lam.toPrecision(3)}: ${s.iterations} outer iterations, ${s.factorizations} factorisations | ${f2(t)} | ${mega(s.madds)} (counted) |`);
  }
  for (const l of out.slice(-6)) console.error(l);

  // 3. K = 1000 spectra through DrtKernels.drt in chunks of 64
  const K = 1000, chunk = 64;
  const batch = Array.from({ length: K }, (_, k) => problem(k + 1));
  out.push('', `| ${K} spectra (seeds 1…${K}), automatic λ, chunks of ${chunk} | total s | ms per spectrum | final-solve NNLS iterations (mean) |`, '|---|---|---|---|');
  for (const [name, b] of [['WASM', wasm], ['TS core', jsBackend]] as const) {
    let its = 0;
    const t0 = performance.now();
    for (let i = 0; i < K; i += chunk) for (const o of b.drt(batch.slice(i, i + chunk))) its += o.iterations;
    const dt = performance.now() - t0;
    out.push(`| ${name} | ${(dt / 1000).toFixed(2)} | ${f1(dt / K)} | ${(its / K).toFixed(1)} |`);
    console.error(out[out.length - 1]);
  }
  // 4. the same K spectra through the public drtBatch (validation, scaling, assemble), with progress
  const spectra = batch.map((b) => ({ freq: b.freq, re: b.re, im: b.im }));
  out.push('', `| public \`drtBatch\` of ${K} spectra, automatic λ, chunkSize ${chunk}, onProgress | total s | ms per spectrum | progress calls | peaks (total) |`, '|---|---|---|---|---|');
  for (const backend of ['wasm', 'js'] as const) {
    let calls = 0, last = 0;
    const t0 = performance.now();
    const res = await drtBatch(spectra, { backend, chunkSize: chunk, onProgress: (done) => { calls++; last = done; } });
    const dt = performance.now() - t0;
    if (last !== K || res.length !== K) throw new Error(`drtBatch (${backend}): progress ended at ${last}, ${res.length} results`);
    out.push(`| ${backend === 'wasm' ? 'WASM' : 'TS core'} | ${(dt / 1000).toFixed(2)} | ${f1(dt / K)} | ${calls} (⌈${K}/${chunk}⌉ = ${Math.ceil(K / chunk)}) | ${res.reduce((a, r) => a + r.peaks.length, 0)} |`);
    console.error(out[out.length - 1]);
  }
  return out.join('\n');
}

try {
  console.log(await run());
  console.log('ALL DONE');
} catch (e) {
  console.log(`ERROR ${(e as Error)?.stack ?? e}`);
}
