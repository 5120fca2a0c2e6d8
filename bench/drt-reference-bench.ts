/**
 * Timing of the DRT TS reference (src/drt/, issue 12): one 81-point spectrum, 1 MHz → 10 mHz,
 * 10 Ω + ZARC(60, 2e-5, 0.8) + ZARC(120, 2e-2, 0.75) with 0.5 % seeded noise; automatic λ
 * (mGCV + plateau) and a fixed λ, and the parts (matrices, the 71-λ score scan, one NNLS).
 * Run: npx esbuild bench/drt-reference-bench.ts --bundle --format=esm --platform=node
 *        --target=node20 --outfile=dist/bench.drt-reference.mjs && node dist/bench.drt-reference.mjs
 */
import { buildMatrices, drtReference, nnls, normalEquations, scanLambda } from '../src/drt/index.ts';
import { Random } from '../src/random.ts';

const n = 81;
const freq = Float64Array.from({ length: n }, (_, k) => 10 ** (6 - k / 10));
const re = new Float64Array(n), im = new Float64Array(n);
const rnd = new Random(1);
for (let k = 0; k < n; k++) {
  let zr = 10, zi = 0;
  for (const [R, t, phi] of [[60, 2e-5, 0.8], [120, 2e-2, 0.75]] as const) {
    const m = (2 * Math.PI * freq[k]! * t) ** phi, a = (phi * Math.PI) / 2;
    const dr = 1 + m * Math.cos(a), di = m * Math.sin(a), d = dr * dr + di * di;
    zr += (R * dr) / d;
    zi -= (R * di) / d;
  }
  const mag = Math.hypot(zr, zi);
  re[k] = zr + 0.005 * mag * rnd.normal();
  im[k] = zi + 0.005 * mag * rnd.normal();
}
const s = { freq, re, im };

function time(label: string, f: () => void): void {
  for (let i = 0; i < 3; i++) f(); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    f();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label}: median ${runs[7]!.toFixed(2)} ms (min ${runs[0]!.toFixed(2)}, max ${runs[14]!.toFixed(2)})`);
}

const mx = buildMatrices(freq, re, im, { rbfShape: 0.5, penalty: 1, inductance: true });
const { g, c } = normalEquations(mx.a, mx.b, mx.p, 0, 2 * n);
const sys = { a: mx.a, b: mx.b, g, c, m: mx.m, rows: 2 * n, p: mx.p };
const auto = drtReference(s);
console.log(`chosen λ = ${auto.lambda.toPrecision(3)}, peaks ${auto.peaks.length}, p = ${mx.p}`);
time('drtReference, automatic λ', () => drtReference(s));
time(`drtReference, λ = ${auto.lambda.toPrecision(3)} given`, () => drtReference(s, { lambda: auto.lambda }));
time('  matrices (Toeplitz) + AᵀA', () => {
  const m2 = buildMatrices(freq, re, im, { rbfShape: 0.5, penalty: 1, inductance: true });
  normalEquations(m2.a, m2.b, m2.p, 0, 2 * n);
});
time('  matrices (full N² quadrature)', () => buildMatrices(freq, re, im, { rbfShape: 0.5, penalty: 1, inductance: true, build: 'full' }));
time('  λ scan (71 ridge scores)', () => scanLambda(sys, 'mgcv', 'plateau'));
for (const lam of [1e-7, auto.lambda, 1e-1]) {
  const h = g.map((v, i) => v + lam * mx.m[i]!);
  const r = nnls(h, c, mx.p);
  time(`  NNLS at λ = ${lam.toPrecision(3)} (${r.iterations} outer iterations)`, () => nnls(h, c, mx.p));
}
