/**
 * Modified-sinc smoothing of the phase (Schmid, Rath & Diebold, ACS Meas. Sci. Au 2 (2022) 185),
 * degree n = 2 and m = 3 as pyimpspec's Z-HIT uses it: a kernel of half-width m′ = 7 that sums
 * to 1, the ends extended by a weighted straight-line fit. Specification: docs/specs/zhit.md §3.
 */
import { cos, exp, sin } from '../math/index.ts';

/** Degree and m of the smoother (pyimpspec's defaults). */
const DEGREE = 2;
const M = 3;

/** Kernel half-width m′ = round((0.74548 + 0.24943n)/bw − 1), bw the Savitzky–Golay-equivalent bandwidth. */
export function kernelHalfWidth(n = DEGREE, m = M): number {
  const bw = 1 / ((6.352 * (m + 0.5)) / (n + 1.379) - (0.513 + 0.316 * n) / (m + 0.5));
  return Math.round((0.74548 + 0.24943 * n) / bw - 1);
}

const sinc = (u: number) => (u === 0 ? 1 : sin(u) / u);

/** The kernel k_0 … k_m′ (k_0 + 2Σ_{i≥1} k_i = 1); no correction terms for n < 6. */
export function modSincKernel(n = DEGREE, m = M): Float64Array {
  const half = kernelHalfWidth(n, m);
  const k = new Float64Array(half + 1);
  const floor = 2 * exp(-4) + exp(-36);
  let sum = 0;
  for (let i = 0; i <= half; i++) {
    const x = i / (half + 1);
    const win = exp(-4 * x * x) + exp(-4 * (x - 2) * (x - 2)) + exp(-4 * (x + 2) * (x + 2)) - floor;
    k[i] = sinc((Math.PI * (n + 4) * x) / 2) * win;
    sum += i === 0 ? k[i]! : 2 * k[i]!;
  }
  for (let i = 0; i <= half; i++) k[i] = k[i]! / sum;
  return k;
}

/** Edge-fit weights cos²(πp/(2f0β)), p = 0 … L−1 from the end, L = ceil(f0β). */
export function edgeWeights(n = DEGREE, m = M): Float64Array {
  const half = kernelHalfWidth(n, m);
  const f0 = (half + 1) / (1.5 + 0.5 * n);
  const beta = 0.7 + 0.14 * exp(-0.6 * (n - 4));
  const span = f0 * beta;
  const L = Math.ceil(span);
  const w = new Float64Array(L);
  for (let p = 0; p < L; p++) {
    const c = cos((Math.PI * p) / (2 * span));
    w[p] = c * c;
  }
  return w;
}

/** Weighted straight-line fit y ≈ a + b·p to y(p) = at(p), p = 0 … w.length − 1; returns [a, b]. */
function lineFit(at: (p: number) => number, w: Float64Array, count: number): [number, number] {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let p = 0; p < count; p++) {
    const wi = w[p]!, y = at(p);
    sw += wi; sx += wi * p; sy += wi * y; sxx += wi * p * p; sxy += wi * p * y;
  }
  const d = sw * sxx - sx * sx;
  if (!(Math.abs(d) > 0)) return [sy / sw, 0];
  const b = (sw * sxy - sx * sy) / d;
  return [(sy - b * sx) / sw, b];
}

/**
 * y smoothed by the modified-sinc kernel (index space: it assumes equal steps). Each end is
 * extended by m′ points from a weighted line fit to the points nearest it (all of them when
 * fewer than L), then the kernel is convolved over the original points.
 */
export function smoothModSinc(y: Float64Array): Float64Array {
  const k = modSincKernel(), w = edgeWeights();
  const half = k.length - 1, n = y.length;
  const ext = new Float64Array(n + 2 * half);
  ext.set(y, half);
  const count = Math.min(w.length, n);
  const [a0, b0] = lineFit((p) => y[p]!, w, count); // p-th point from the start
  const [a1, b1] = lineFit((p) => y[n - 1 - p]!, w, count); // p-th point from the end
  for (let j = 1; j <= half; j++) {
    ext[half - j] = a0 - b0 * j;
    ext[half + n - 1 + j] = a1 - b1 * j;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i + half;
    let s = k[0]! * ext[c]!;
    for (let j = 1; j <= half; j++) s += k[j]! * (ext[c - j]! + ext[c + j]!);
    out[i] = s;
  }
  return out;
}
