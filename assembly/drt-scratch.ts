// The DRT kernel's scratch (specs/drt.md §1–§3, issue 12): every buffer of one problem in one
// block laid out by layout() (drtScratchWords words), the shared constants, the i32 accessors and
// the elementwise row kernels of the other assembly/drt-*.ts files.
import { ld, st } from './memory';
import { vload, vstore } from './vmath';
import { DRT_GRID_POINTS } from './generated/abi';

export const EPS: f64 = 2.220446049250313e-16;
export const TWO_PI: f64 = 2 * Math.PI;
/** Trapezoid nodes at most (§1.4: 73 for ε ≥ 0.9, up to 2·4096 + 1 below; drt-matrices.ts). */
export const QMAX: i32 = 2 * 4096 + 1;

/** f64 words of scratch for problems of at most n points (p ≤ n + 2 columns, 2n rows). */
export function drtScratchWords(n: i32): i32 {
  const p = n + 2;
  return 6 * p * p + 6 * n * p + 26 * p + 9 * n + 3 * QMAX + 2 * DRT_GRID_POINTS;
}

// scratch regions (set by layout)
export let A: usize = 0; // 2N × p
export let B: usize = 0; // 2N
export let G: usize = 0; // p × p: AᵀA (re-im: of the Re rows)
export let CV: usize = 0; // p: Aᵀb (re-im: of the Re rows)
export let MM: usize = 0; // p × p: the penalty
export let H: usize = 0; // p × p
export let LL: usize = 0; // p × p: a Cholesky factor
export let YM: usize = 0; // p × p (re-im: AᵀA of the Im rows); WM shares it
export let CM: usize = 0; // p × p; VT and HS share it
export let VT: usize = 0; // p × p: eigenvectors as rows
export let WM: usize = 0; // p × p: E = D·L⁻ᵀ·V
export let U: usize = 0; // 2N × p: U = A·E
export let UT: usize = 0; // p × 2N: Uᵀ (the per-λ residual runs down its rows)
export let RR: usize = 0; // 2N: the residual
export let HS: usize = 0; // p × p: the NNLS's scaled H
export let DG: usize = 0; export let THETA: usize = 0; export let EV: usize = 0; export let GAM: usize = 0; export let BETA: usize = 0; export let TV: usize = 0;
export let ND: usize = 0; export let CS: usize = 0; export let YV: usize = 0; export let PASS: usize = 0; export let IDX: usize = 0; export let SV: usize = 0;
export let WV: usize = 0; export let BLK: usize = 0; export let SAVED: usize = 0; export let SAVEDP: usize = 0; export let RV: usize = 0; export let CIM: usize = 0;
export let WRE: usize = 0; export let WIM: usize = 0; export let XR: usize = 0; export let XI: usize = 0; export let XH1: usize = 0; export let XH2: usize = 0; export let XF: usize = 0;
export let YC: usize = 0; export let TCR: usize = 0; export let TCI: usize = 0; export let TRR: usize = 0; export let TRI: usize = 0;
export let WG: usize = 0; export let EX: usize = 0; export let EMX: usize = 0; export let RHO: usize = 0; export let ETA: usize = 0;
export let GRID: usize = 0;

let CUR: usize = 0;
function take(words: i32): usize {
  const at = CUR;
  CUR += <usize>words << 3;
  return at;
}

/** Lays the regions out from base for problems of at most n points; grid: the 71 λ values. */
export function layout(base: usize, n: i32, grid: usize): void {
  GRID = grid;
  const p = n + 2, r = 2 * n, pp = p * p;
  CUR = base;
  A = take(r * p); B = take(r); G = take(pp); CV = take(p); MM = take(pp); H = take(pp); LL = take(pp); YM = take(pp);
  CM = take(pp); U = take(r * p); UT = take(r * p); RR = take(r);
  // shared: the eigenvectors stay in CM (tred2 works on Vᵀ), E goes to YM once CM is formed; the NNLS runs after the ridge scan
  VT = CM; WM = YM; HS = CM;
  DG = take(p); THETA = take(p); EV = take(p); GAM = take(p); BETA = take(p); TV = take(p); ND = take(p); CS = take(p);
  YV = take(p); PASS = take(p); IDX = take(p); SV = take(p); WV = take(p); BLK = take(p); SAVED = take(p); SAVEDP = take(p);
  RV = take(p); CIM = take(p); WRE = take(p); WIM = take(p); XR = take(p); XI = take(p); XH1 = take(p); XH2 = take(p); XF = take(p);
  YC = take(n); TCR = take(n); TCI = take(n); TRR = take(n); TRI = take(n);
  WG = take(QMAX); EX = take(QMAX); EMX = take(QMAX); RHO = take(DRT_GRID_POINTS); ETA = take(DRT_GRID_POINTS);
}

// the i32 load is ./memory.ts's (the global fit's too)
export { ldi } from './memory';

// @ts-ignore: decorator
@inline export function sti(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

// Elementwise row kernels, two lanes per f64x2: each lane does the scalar loop's operations in
// the same order (no FMA, no reassociation), so the results keep the TS core's bits.

/** y[i] = y[i] − a·x[i], i < n. */
export function rowSubScaled(y: usize, a: f64, x: usize, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) vstore(y, i, f64x2.sub(vload(y, i), f64x2.mul(va, vload(x, i))));
  for (; i < n; i++) st(y, i, ld(y, i) - a * ld(x, i));
}

/** y[i] = y[i] + a·x[i], i < n. */
export function rowAddScaled(y: usize, a: f64, x: usize, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) vstore(y, i, f64x2.add(vload(y, i), f64x2.mul(va, vload(x, i))));
  for (; i < n; i++) st(y, i, ld(y, i) + a * ld(x, i));
}

/** y[i] = y[i]·a, i < n. */
export function rowScale(y: usize, a: f64, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) vstore(y, i, f64x2.mul(vload(y, i), va));
  for (; i < n; i++) st(y, i, ld(y, i) * a);
}

/** y[j] = a·(g[j] + λ·m[j])·d[j] (λ·m skipped when m = 0), j < n: a row of D(G + λM)D. */
export function rowScaledSum(y: usize, a: f64, g: usize, lambda: f64, m: usize, d: usize, n: i32): void {
  const va = f64x2.splat(a), vl = f64x2.splat(lambda);
  let j = 0;
  if (m != 0) {
    for (; j + 1 < n; j += 2) vstore(y, j, f64x2.mul(f64x2.mul(va, f64x2.add(vload(g, j), f64x2.mul(vl, vload(m, j)))), vload(d, j)));
    for (; j < n; j++) st(y, j, a * (ld(g, j) + lambda * ld(m, j)) * ld(d, j));
  } else {
    for (; j + 1 < n; j += 2) vstore(y, j, f64x2.mul(f64x2.mul(va, vload(g, j)), vload(d, j)));
    for (; j < n; j++) st(y, j, a * ld(g, j) * ld(d, j));
  }
}
