// The DRT matrices inside WASM (specs/drt.md §1): the trapezoid nodes and entries of A (with the
// Toeplitz shortcut), b, the penalty Gram matrix and the normal equations — src/reference/drt/
// matrices.ts step by step in the same order, exp/ln from ./drt-math (the bits of src/math).
import { ld, st } from './memory';
import { dexp, dlog } from './drt-math';
import { A, B, MM, YC, TCR, TCI, TRR, TRI, WG, EX, EMX, TWO_PI, rowAddScaled } from './drt-scratch';

const SQRT_HALF_PI: f64 = Math.sqrt(Math.PI / 2);
/** Below this ε the nodes get denser than the spec's 73 (matrices.ts QUADRATURE_EPSILON). */
const QUADRATURE_EPSILON: f64 = 0.9;
/** Nodes per side at most (matrices.ts QUADRATURE_MAX_HALF; drt-scratch.ts QMAX = 2·this + 1). */
const QUADRATURE_MAX_HALF: f64 = 4096;
/** Node evaluations of one matrix at most (matrices.ts QUADRATURE_BUDGET). */
const QUADRATURE_BUDGET: f64 = 134217728;

/** The trapezoid rule's node count in use (2·half + 1, ≤ QMAX). */
let NQ: i32 = 0;

let RE_: f64 = 0;
let IM_: f64 = 0;

/** [A_re, A_im] entry for a = 2πf_n/f_m by the fixed trapezoid rule, into RE_/IM_. */
function entry(a: f64): void {
  let re: f64 = 0, im: f64 = 0;
  const a2 = a * a;
  for (let k = 0; k < NQ; k++) {
    const e = ld(EX, k);
    re += ld(WG, k) / (1 + a2 * e * e);
    im -= (ld(WG, k) * a) / (ld(EMX, k) + a2 * e);
  }
  RE_ = re;
  IM_ = im;
}

function uniformLogSpacing(freq: usize, n: i32): bool {
  if (n < 3) return false;
  let mean: f64 = 0;
  for (let i = 1; i < n; i++) {
    const d = Math.abs(dlog(ld(freq, i)) - dlog(ld(freq, i - 1)));
    mean += d;
  }
  mean /= <f64>(n - 1);
  let v: f64 = 0;
  for (let i = 1; i < n; i++) {
    const d = Math.abs(dlog(ld(freq, i)) - dlog(ld(freq, i - 1)));
    v += (d - mean) * (d - mean);
  }
  return Math.sqrt(v / <f64>(n - 1)) / mean < 0.01;
}

/** Builds A, b and M; returns ε. Column layout as src/reference/drt/matrices.ts. */
export function buildMatrices(freq: usize, zre: usize, zim: usize, n: i32, p: i32, rInf: i32, lCol: i32, c: f64, order: i32, toeplitzAllowed: bool): f64 {
  let s: f64 = 0;
  for (let i = 1; i < n; i++) s += Math.abs(dlog(ld(freq, i)) - dlog(ld(freq, i - 1)));
  const delta = s / <f64>(n - 1);
  const eps = (c * 2 * Math.sqrt(dlog(2))) / delta;
  for (let m = 0; m < n; m++) st(YC, m, -dlog(ld(freq, m)));
  // the nodes of §1.4 (matrices.ts quadratureNodes): 73 with h = 0.25/ε for ε ≥ 0.9, else h ≤ 0.278
  // within the node cap and the work budget of the 2N (Toeplitz) or N² entries
  TOEPLITZ = toeplitzAllowed && uniformLogSpacing(freq, n);
  const entries: f64 = TOEPLITZ ? 2 * <f64>n : <f64>n * <f64>n;
  const cap = Math.max(36, Math.min(QUADRATURE_MAX_HALF, Math.floor(QUADRATURE_BUDGET / (2 * entries))));
  const half = !(eps < QUADRATURE_EPSILON) ? 36 : <i32>Math.min(cap, Math.ceil((36 * QUADRATURE_EPSILON) / eps));
  const h = 9 / <f64>half / eps;
  NQ = 2 * half + 1;
  for (let k = -half; k <= half; k++) {
    const x = <f64>k * h;
    const w = k == -half || k == half ? h / 2 : h;
    st(WG, k + half, w * dexp(-eps * eps * x * x));
    st(EX, k + half, dexp(x));
    st(EMX, k + half, dexp(-x));
  }
  memory.fill(A, 0, (<usize>(2 * n) * <usize>p) << 3);
  const im0 = n * p;
  const f0 = ld(freq, 0);
  if (TOEPLITZ) {
    for (let k = 0; k < n; k++) {
      entry((TWO_PI * ld(freq, k)) / f0);
      st(TCR, k, RE_);
      st(TCI, k, IM_);
    }
    for (let k = 0; k < n; k++) {
      entry((TWO_PI * f0) / ld(freq, k));
      st(TRR, k, RE_);
      st(TRI, k, IM_);
    }
    for (let r = 0; r < n; r++) {
      for (let m = 0; m < n; m++) {
        const ge = r >= m;
        st(A, r * p + m, ge ? ld(TCR, r - m) : ld(TRR, m - r));
        st(A, im0 + r * p + m, ge ? ld(TCI, r - m) : ld(TRI, m - r));
      }
    }
  } else {
    for (let r = 0; r < n; r++) {
      const fr = ld(freq, r);
      for (let m = 0; m < n; m++) {
        entry((TWO_PI * fr) / ld(freq, m));
        st(A, r * p + m, RE_);
        st(A, im0 + r * p + m, IM_);
      }
    }
  }
  for (let r = 0; r < n; r++) {
    if (rInf >= 0) st(A, r * p + rInf, 1);
    if (lCol >= 0) st(A, im0 + r * p + lCol, TWO_PI * ld(freq, r));
  }
  for (let r = 0; r < n; r++) {
    st(B, r, ld(zre, r));
    st(B, n + r, ld(zim, r));
  }
  // the penalty Gram matrix (§1.8)
  memory.fill(MM, 0, (<usize>p * <usize>p) << 3);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = eps * (ld(YC, i) - ld(YC, j));
      const a2 = a * a;
      const g = dexp(-a2 / 2) * SQRT_HALF_PI;
      const v = order == 1 ? eps * (1 - a2) * g : eps * eps * eps * (3 - 6 * a2 + a2 * a2) * g;
      st(MM, i * p + j, v);
      st(MM, j * p + i, v);
    }
  }
  return eps;
}

/** Whether the last buildMatrices used the Toeplitz shortcut (§1.5). */
export let TOEPLITZ: bool = false;

/** AᵀA into g and Aᵀb into c over rows [r0, r1). */
export function normalEquations(g: usize, c: usize, p: i32, r0: i32, r1: i32): void {
  memory.fill(g, 0, (<usize>p * <usize>p) << 3);
  memory.fill(c, 0, <usize>p << 3);
  for (let r = r0; r < r1; r++) {
    const o = r * p, br = ld(B, r);
    for (let i = 0; i < p; i++) {
      const ai = ld(A, o + i);
      if (ai == 0) continue;
      st(c, i, ld(c, i) + ai * br);
      const gi = i * p;
      rowAddScaled(g + (<usize>(gi + i) << 3), ai, A + (<usize>(o + i) << 3), p - i);
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) st(g, i * p + j, ld(g, j * p + i));
}
