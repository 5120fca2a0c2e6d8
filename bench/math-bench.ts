/**
 * ns per call of src/math's deterministic functions against the engine's Math.* (Node or
 * Chromium). Arguments: 4096 per function in the domains the fit and Lin-KK paths use.
 * Node:     npx esbuild bench/math-bench.ts --bundle --format=esm --platform=node --outfile=dist/bench.math.mjs && node dist/bench.math.mjs
 * Chromium: npx esbuild bench/math-bench.ts --bundle --format=esm --platform=browser --outfile=dist/bench.math.browser.mjs && node bench/serve-and-run.mjs bench/math-bench.html
 */
import { atan2, cos, exp, exp10, expm1, hypot, log, log10, log1p, pow, sin } from '../src/math/index.ts';
import { Random } from '../src/random.ts';

const N = 4096;
const rng = new Random(7);
const fill = (f: () => number) => Float64Array.from({ length: N }, f);
const pos = fill(() => exp10(12 * rng.uniform() - 6));
const mid = fill(() => 40 * rng.uniform() - 20);
const ang = fill(() => 4 * Math.PI * (rng.uniform() - 0.5));
const dec = fill(() => 10 * rng.uniform() - 5);
const ex = fill(() => 0.5 + 0.5 * rng.uniform());
const ys = fill(() => 2 * rng.uniform() - 1);

/** One loop per function and implementation (a shared loop calling through a variable would go megamorphic and time the call, not the function). */
type Loop = (a: Float64Array, b: Float64Array) => number;
const cases: [string, Loop, Loop, Float64Array, Float64Array][] = [
  ['exp', (a) => { let s = 0; for (let i = 0; i < N; i++) s += exp(a[i]!); return s; }, (a) => { let s = 0; for (let i = 0; i < N; i++) s += Math.exp(a[i]!); return s; }, mid, ys],
  ['log', (a) => { let s = 0; for (let i = 0; i < N; i++) s += log(a[i]!); return s; }, (a) => { let s = 0; for (let i = 0; i < N; i++) s += Math.log(a[i]!); return s; }, pos, ys],
  ['expm1', (a) => { let s = 0; for (let i = 0; i < N; i++) s += expm1(a[i]! * 0.05); return s; }, (a) => { let s = 0; for (let i = 0; i < N; i++) s += Math.expm1(a[i]! * 0.05); return s; }, mid, ys],
  ['log1p', (a) => { let s = 0; for (let i = 0; i < N; i++) s += log1p(a[i]!); return s; }, (a) => { let s = 0; for (let i = 0; i < N; i++) s += Math.log1p(a[i]!); return s; }, pos, ys],
  ['log10', (a) => { let s = 0; for (let i = 0; i < N; i++) s += log10(a[i]!); return s; }, (a) => { let s = 0; for (let i = 0; i < N; i++) s += Math.log10(a[i]!); return s; }, pos, ys],
  ['exp10 vs 10 ** x', (a) => { let s = 0; for (let i = 0; i < N; i++) s += exp10(a[i]!); return s; }, (a) => { let s = 0; for (let i = 0; i < N; i++) s += 10 ** a[i]!; return s; }, dec, ys],
  ['pow', (a, b) => { let s = 0; for (let i = 0; i < N; i++) s += pow(a[i]!, b[i]!); return s; }, (a, b) => { let s = 0; for (let i = 0; i < N; i++) s += Math.pow(a[i]!, b[i]!); return s; }, pos, ex],
  ['sin', (a) => { let s = 0; for (let i = 0; i < N; i++) s += sin(a[i]!); return s; }, (a) => { let s = 0; for (let i = 0; i < N; i++) s += Math.sin(a[i]!); return s; }, ang, ys],
  ['cos', (a) => { let s = 0; for (let i = 0; i < N; i++) s += cos(a[i]!); return s; }, (a) => { let s = 0; for (let i = 0; i < N; i++) s += Math.cos(a[i]!); return s; }, ang, ys],
  ['atan2', (a, b) => { let s = 0; for (let i = 0; i < N; i++) s += atan2(a[i]!, b[i]!); return s; }, (a, b) => { let s = 0; for (let i = 0; i < N; i++) s += Math.atan2(a[i]!, b[i]!); return s; }, ys, ang],
  ['hypot', (a, b) => { let s = 0; for (let i = 0; i < N; i++) s += hypot(a[i]!, b[i]!); return s; }, (a, b) => { let s = 0; for (let i = 0; i < N; i++) s += Math.hypot(a[i]!, b[i]!); return s; }, mid, ys],
];

/** Median ns per call over 7 slices of ≥ 30 ms, after 200 ms of warm-up. */
function time(loop: Loop, a: Float64Array, b: Float64Array): number {
  let sink = 0;
  const until = (ms: number) => { const t0 = performance.now(); let k = 0; while (performance.now() - t0 < ms) { sink += loop(a, b); k++; } return k; };
  until(200);
  const slices: number[] = [];
  for (let s = 0; s < 7; s++) {
    const t0 = performance.now();
    const k = until(30);
    slices.push(((performance.now() - t0) * 1e6) / (k * N));
  }
  if (sink === 0.123) console.log(sink);
  return slices.sort((x, y) => x - y)[3]!;
}

console.log('| function | src/math ns/call | Math.* ns/call | ratio |');
console.log('|---|---|---|---|');
for (const [name, ours, theirs, a, b] of cases) {
  const t1 = time(ours, a, b), t2 = time(theirs, a, b);
  console.log(`| ${name} | ${t1.toFixed(1)} | ${t2.toFixed(1)} | ${(t1 / t2).toFixed(1)}× |`);
}
console.log('ALL DONE');
