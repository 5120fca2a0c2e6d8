// The DRT inside WASM (specs/drt.md §1–§3, issue 12): the RBF matrices (with the Toeplitz
// shortcut), the normal equations, the λ scan of every method (the ridge of mgcv/gcv/rgcv/lcurve
// from one simultaneous diagonalisation, re-im by warm-started NNLS), the scaled active-set
// NNLS and A·x — the same algorithms as the TS core (src/reference/drt/, the oracle), step by
// step in the same order, with exp/ln from ./drt-math (the bits of src/math), so the two
// backends agree to the last bit wherever the order of operations is the same. Row-major
// matrices, every buffer in one scratch block laid out by drtScratchWords.
import { ld, st } from './memory';
import { dexp, dlog } from './drt-math';
import { vload, vstore } from './vmath';
import {
  DRT_MODE_REAL, DRT_MODE_IMAG, DRT_METHOD_MGCV, DRT_METHOD_RGCV, DRT_METHOD_RE_IM, DRT_METHOD_LCURVE, DRT_RULE_ARGMIN,
  DRT_WARN_ALL_NAN, DRT_WARN_NNLS_FREE_SINGULAR, DRT_WARN_NNLS_CAP, DRT_WARN_NNLS_BLOCKED, DRT_GRID_POINTS,
  DRT_TASK_WORDS, DRT_TASK_RBF_SHAPE, DRT_TASK_PENALTY, DRT_TASK_INDUCTANCE, DRT_TASK_FREE_COLUMNS, DRT_TASK_MODE,
  DRT_TASK_TOEPLITZ_ALLOWED, DRT_TASK_LAMBDA, DRT_TASK_METHOD, DRT_TASK_RULE,
  DRT_OUTCOME_WORDS, DRT_OUTCOME_P, DRT_OUTCOME_R_INF_COLUMN, DRT_OUTCOME_L_COLUMN, DRT_OUTCOME_EPSILON, DRT_OUTCOME_TOEPLITZ,
  DRT_OUTCOME_LAMBDA, DRT_OUTCOME_INDEX, DRT_OUTCOME_ITERATIONS, DRT_OUTCOME_CONVERGED, DRT_OUTCOME_WARNINGS,
} from './generated/abi';

const EPS: f64 = 2.220446049250313e-16;
const TWO_PI: f64 = 2 * Math.PI;
const SQRT_HALF_PI: f64 = Math.sqrt(Math.PI / 2);
const Q: i32 = 73; // trapezoid nodes (§1.4)

/** f64 words of scratch for problems of at most n points (p ≤ n + 2 columns, 2n rows). */
export function drtScratchWords(n: i32): i32 {
  const p = n + 2;
  return 6 * p * p + 6 * n * p + 26 * p + 9 * n + 361;
}

// scratch regions (set by layout)
let A: usize = 0; // 2N × p
let B: usize = 0; // 2N
let G: usize = 0; // p × p: AᵀA (re-im: of the Re rows)
let CV: usize = 0; // p: Aᵀb (re-im: of the Re rows)
let MM: usize = 0; // p × p: the penalty
let H: usize = 0; // p × p
let LL: usize = 0; // p × p: a Cholesky factor
let YM: usize = 0; // p × p (re-im: AᵀA of the Im rows); WM shares it
let CM: usize = 0; // p × p; VT and HS share it
let VT: usize = 0; // p × p: eigenvectors as rows
let WM: usize = 0; // p × p: E = D·L⁻ᵀ·V
let U: usize = 0; // 2N × p: U = A·E
let UT: usize = 0; // p × 2N: Uᵀ (the per-λ residual runs down its rows)
let RR: usize = 0; // 2N: the residual
let HS: usize = 0; // p × p: the NNLS's scaled H
let DG: usize = 0; let THETA: usize = 0; let EV: usize = 0; let GAM: usize = 0; let BETA: usize = 0; let TV: usize = 0;
let ND: usize = 0; let CS: usize = 0; let YV: usize = 0; let PASS: usize = 0; let IDX: usize = 0; let SV: usize = 0;
let WV: usize = 0; let BLK: usize = 0; let SAVED: usize = 0; let SAVEDP: usize = 0; let RV: usize = 0; let CIM: usize = 0;
let WRE: usize = 0; let WIM: usize = 0; let XR: usize = 0; let XI: usize = 0; let XH1: usize = 0; let XH2: usize = 0; let XF: usize = 0;
let YC: usize = 0; let TCR: usize = 0; let TCI: usize = 0; let TRR: usize = 0; let TRI: usize = 0;
let WG: usize = 0; let EX: usize = 0; let EMX: usize = 0; let RHO: usize = 0; let ETA: usize = 0;
let GRID: usize = 0;

let CUR: usize = 0;
function take(words: i32): usize {
  const at = CUR;
  CUR += <usize>words << 3;
  return at;
}

function layout(base: usize, n: i32): void {
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
  WG = take(Q); EX = take(Q); EMX = take(Q); RHO = take(DRT_GRID_POINTS); ETA = take(DRT_GRID_POINTS);
}

// @ts-ignore: decorator
@inline function ldi(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function sti(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

// Elementwise row kernels, two lanes per f64x2: each lane does the scalar loop's operations in
// the same order (no FMA, no reassociation), so the results keep the TS core's bits.

/** y[i] = y[i] − a·x[i], i < n. */
function rowSubScaled(y: usize, a: f64, x: usize, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) vstore(y, i, f64x2.sub(vload(y, i), f64x2.mul(va, vload(x, i))));
  for (; i < n; i++) st(y, i, ld(y, i) - a * ld(x, i));
}

/** y[i] = y[i] + a·x[i], i < n. */
function rowAddScaled(y: usize, a: f64, x: usize, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) vstore(y, i, f64x2.add(vload(y, i), f64x2.mul(va, vload(x, i))));
  for (; i < n; i++) st(y, i, ld(y, i) + a * ld(x, i));
}

/** y[i] = y[i]·a, i < n. */
function rowScale(y: usize, a: f64, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) vstore(y, i, f64x2.mul(vload(y, i), va));
  for (; i < n; i++) st(y, i, ld(y, i) * a);
}

/** y[j] = a·(g[j] + λ·m[j])·d[j] (λ·m skipped when m = 0), j < n: a row of D(G + λM)D. */
function rowScaledSum(y: usize, a: f64, g: usize, lambda: f64, m: usize, d: usize, n: i32): void {
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

// ---------------------------------------------------------------- matrices (§1)

let RE_: f64 = 0;
let IM_: f64 = 0;

/** [A_re, A_im] entry for a = 2πf_n/f_m by the fixed trapezoid rule, into RE_/IM_. */
function entry(a: f64): void {
  let re: f64 = 0, im: f64 = 0;
  const a2 = a * a;
  for (let k = 0; k < Q; k++) {
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
function buildMatrices(freq: usize, zre: usize, zim: usize, n: i32, p: i32, rInf: i32, lCol: i32, c: f64, order: i32, toeplitzAllowed: bool): f64 {
  let s: f64 = 0;
  for (let i = 1; i < n; i++) s += Math.abs(dlog(ld(freq, i)) - dlog(ld(freq, i - 1)));
  const delta = s / <f64>(n - 1);
  const eps = (c * 2 * Math.sqrt(dlog(2))) / delta;
  for (let m = 0; m < n; m++) st(YC, m, -dlog(ld(freq, m)));
  const h = 0.25 / eps;
  for (let k = -36; k <= 36; k++) {
    const x = <f64>k * h;
    const w = k == -36 || k == 36 ? h / 2 : h;
    st(WG, k + 36, w * dexp(-eps * eps * x * x));
    st(EX, k + 36, dexp(x));
    st(EMX, k + 36, dexp(-x));
  }
  memory.fill(A, 0, (<usize>(2 * n) * <usize>p) << 3);
  const im0 = n * p;
  TOEPLITZ = toeplitzAllowed && uniformLogSpacing(freq, n);
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

let TOEPLITZ: bool = false;

/** AᵀA into g and Aᵀb into c over rows [r0, r1). */
function normalEquations(g: usize, c: usize, p: i32, r0: i32, r1: i32): void {
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

// ---------------------------------------------------------------- Cholesky

/** Factors the k × k matrix h (leading dimension ldh) into l (k × k). */
function cholesky(h: usize, ldh: i32, k: i32, l: usize, floor: f64): bool {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = ld(h, i * ldh + j);
      for (let t = 0; t < j; t++) s -= ld(l, i * k + t) * ld(l, j * k + t);
      if (i == j) {
        if (!(s > floor)) return false;
        st(l, i * k + i, Math.sqrt(s));
      } else {
        st(l, i * k + j, s / ld(l, j * k + j));
      }
    }
  }
  return true;
}

/**
 * Rows [from, k) of the factor of the block of h picked by IDX, into l (leading dimension ldl);
 * cholesky.ts choleskyRows. Two entries of a row at a time: entry j + 1's sum runs over t < j
 * beside entry j's, then takes its last term t = j — each sum in the scalar order, two
 * independent dependency chains.
 */
function choleskyRows(h: usize, ldh: i32, from: i32, k: i32, l: usize, ldl: i32, floor: f64): bool {
  for (let i = from; i < k; i++) {
    const hrow = h + (<usize>(ldi(IDX, i) * ldh) << 3);
    const li = l + (<usize>(i * ldl) << 3);
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const l0 = l + (<usize>(j * ldl) << 3), l1 = l0 + (<usize>ldl << 3);
      let s0 = ld(hrow, ldi(IDX, j)), s1 = ld(hrow, ldi(IDX, j + 1));
      for (let t = 0; t < j; t++) {
        const lit = ld(li, t);
        s0 -= lit * ld(l0, t);
        s1 -= lit * ld(l1, t);
      }
      const v0 = s0 / ld(l0, j);
      st(li, j, v0);
      s1 -= v0 * ld(l1, j);
      st(li, j + 1, s1 / ld(l1, j + 1));
    }
    for (; j < i; j++) {
      const lj = l + (<usize>(j * ldl) << 3);
      let s = ld(hrow, ldi(IDX, j));
      for (let t = 0; t < j; t++) s -= ld(li, t) * ld(lj, t);
      st(li, j, s / ld(lj, j));
    }
    let s = ld(hrow, ldi(IDX, i));
    for (let t = 0; t < i; t++) s -= ld(li, t) * ld(li, t);
    if (!(s > floor)) return false;
    st(li, i, Math.sqrt(s));
  }
  return true;
}

/** Solves L Lᵀ x = rhs in place (k × k factor, leading dimension ldl). */
function cholSolve(l: usize, ldl: i32, k: i32, x: usize): void {
  // forward, two rows at a time: row i + 1's sum runs over t < i beside row i's, then takes t = i
  let i = 0;
  for (; i + 1 < k; i += 2) {
    const r0 = l + (<usize>(i * ldl) << 3), r1 = r0 + (<usize>ldl << 3);
    let s0 = ld(x, i), s1 = ld(x, i + 1);
    for (let t = 0; t < i; t++) {
      const xt = ld(x, t);
      s0 -= ld(r0, t) * xt;
      s1 -= ld(r1, t) * xt;
    }
    const xi = s0 / ld(r0, i);
    st(x, i, xi);
    s1 -= ld(r1, i) * xi;
    st(x, i + 1, s1 / ld(r1, i + 1));
  }
  for (; i < k; i++) {
    let s = ld(x, i);
    for (let t = 0; t < i; t++) s -= ld(l, i * ldl + t) * ld(x, t);
    st(x, i, s / ld(l, i * ldl + i));
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = ld(x, i);
    for (let t = i + 1; t < k; t++) s -= ld(l, t * ldl + i) * ld(x, t);
    st(x, i, s / ld(l, i * ldl + i));
  }
}

// ---------------------------------------------------------------- NNLS (§2)

let NNLS_ITER: i32 = 0;
let NNLS_CONVERGED: bool = true;
let NNLS_WARN: i32 = 0;
let NP: i32 = 0;
let NTOL: f64 = 0;
let NFREE: bool = false; // columns ≥ NFREE_FROM are free
let NFREE_FROM: i32 = 0;
// the passive set in entry order (IDX[0..NK)); rows [0, NVALID) of LL (leading dimension p) are its factor (nnls.ts)
let NK: i32 = 0;
let NVALID: i32 = 0;

// @ts-ignore: decorator
@inline function isFree(i: i32): bool {
  return NFREE && i >= NFREE_FROM;
}

function listPassive(): void {
  let k = 0;
  for (let i = 0; i < NP; i++) if (ld(PASS, i) != 0) sti(IDX, k++, i);
  NK = k;
  NVALID = 0;
}

function refine(k: i32): void {
  const p = NP;
  // the residual two rows at a time (each sum in the order of b)
  let a = 0;
  for (; a + 1 < k; a += 2) {
    const ia0 = ldi(IDX, a), ia1 = ldi(IDX, a + 1);
    const h0 = HS + (<usize>(ia0 * p) << 3), h1 = HS + (<usize>(ia1 * p) << 3);
    let v0 = ld(CS, ia0), v1 = ld(CS, ia1);
    for (let b = 0; b < k; b++) {
      const jb = ldi(IDX, b), sb = ld(SV, b);
      v0 -= ld(h0, jb) * sb;
      v1 -= ld(h1, jb) * sb;
    }
    st(RV, a, v0);
    st(RV, a + 1, v1);
  }
  for (; a < k; a++) {
    const ia = ldi(IDX, a);
    let v = ld(CS, ia);
    for (let b = 0; b < k; b++) v -= ld(HS, ia * p + ldi(IDX, b)) * ld(SV, b);
    st(RV, a, v);
  }
  cholSolve(LL, p, k, RV);
  for (let a = 0; a < k; a++) st(SV, a, ld(SV, a) + ld(RV, a));
}

function inner(): bool {
  const p = NP;
  for (let guard = 0; guard <= p; guard++) {
    let kk = 0;
    for (let t = 0; t < NK; t++) {
      const i = ldi(IDX, t);
      if (ld(PASS, i) == 0) continue;
      if (kk != t) {
        sti(IDX, kk, i);
        if (kk < NVALID) NVALID = kk;
      }
      kk++;
    }
    NK = kk;
    if (NVALID > kk) NVALID = kk;
    const k = kk;
    if (k == 0) return true;
    if (!choleskyRows(HS, p, NVALID, k, LL, p, 1e3 * EPS)) {
      NVALID = 0;
      return false;
    }
    NVALID = k;
    for (let t = 0; t < k; t++) st(SV, t, ld(CS, ldi(IDX, t)));
    cholSolve(LL, p, k, SV);
    refine(k);
    let alpha: f64 = Infinity;
    for (let t = 0; t < k; t++) {
      const i = ldi(IDX, t);
      if (isFree(i) || ld(SV, t) > 0) continue;
      const yi = ld(YV, i);
      const r = yi / (yi - ld(SV, t));
      if (r < alpha) alpha = r;
    }
    if (alpha == Infinity) {
      for (let t = 0; t < k; t++) st(YV, ldi(IDX, t), ld(SV, t));
      return true;
    }
    for (let t = 0; t < k; t++) {
      const i = ldi(IDX, t);
      const yi = ld(YV, i) + alpha * (ld(SV, t) - ld(YV, i));
      st(YV, i, yi);
      if (!isFree(i) && yi <= NTOL) {
        st(YV, i, 0);
        st(PASS, i, 0);
      }
    }
  }
  return true;
}

/**
 * Minimises ½xᵀHx − cᵀx, x ≥ 0 except the free columns, for the p × p row-major h; x into out.
 * warm: a previous solution or 0. Sets NNLS_ITER, NNLS_CONVERGED, NNLS_WARN.
 */
function nnls(h: usize, c: usize, p: i32, warm: usize, free: bool, freeFrom: i32, out: usize): void {
  NP = p;
  NFREE = free;
  NFREE_FROM = freeFrom;
  NNLS_WARN = 0;
  for (let i = 0; i < p; i++) {
    const hii = ld(h, i * p + i);
    st(ND, i, hii > 0 ? 1 / Math.sqrt(hii) : 1);
  }
  for (let i = 0; i < p; i++) {
    const di = ld(ND, i);
    st(CS, i, di * ld(c, i));
    rowScaledSum(HS + (<usize>(i * p) << 3), di, h + (<usize>(i * p) << 3), 0, 0, ND, p);
  }
  let norm1: f64 = 0;
  for (let j = 0; j < p; j++) {
    let s: f64 = 0;
    for (let i = 0; i < p; i++) s += Math.abs(ld(HS, i * p + j));
    if (s > norm1) norm1 = s;
  }
  NTOL = 10 * EPS * norm1 * <f64>p;
  const maxOuter = 3 * p;
  let anyPassive = false;
  for (let i = 0; i < p; i++) {
    const w0 = warm != 0 ? ld(warm, i) / ld(ND, i) : 0;
    st(YV, i, 0);
    st(PASS, i, 0);
    st(BLK, i, 0);
    const fin = w0 - w0 == 0;
    if (isFree(i) || (w0 > 0 && fin)) {
      st(YV, i, fin && (isFree(i) || w0 > 0) ? w0 : 0);
      st(PASS, i, 1);
      anyPassive = true;
    }
  }
  listPassive();
  let converged = true;
  let iterations = 0;
  if (anyPassive && !inner()) {
    for (let i = 0; i < p; i++) {
      st(PASS, i, isFree(i) ? 1 : 0);
      st(YV, i, 0);
    }
    listPassive();
    if (!inner()) {
      NNLS_WARN |= DRT_WARN_NNLS_FREE_SINGULAR;
      for (let i = 0; i < p; i++) st(PASS, i, 0);
      listPassive();
    }
  }
  for (;;) {
    const k = NK;
    // the gradient outside P, two rows at a time (each sum in the order of t)
    let pending = -1;
    for (let i = 0; i < p; i++) {
      if (ld(PASS, i) != 0 || ld(BLK, i) != 0) continue;
      if (pending < 0) {
        pending = i;
        continue;
      }
      const h0 = HS + (<usize>(pending * p) << 3), h1 = HS + (<usize>(i * p) << 3);
      let v0 = ld(CS, pending), v1 = ld(CS, i);
      for (let t = 0; t < k; t++) {
        const j = ldi(IDX, t), yj = ld(YV, j);
        v0 -= ld(h0, j) * yj;
        v1 -= ld(h1, j) * yj;
      }
      st(WV, pending, v0);
      st(WV, i, v1);
      pending = -1;
    }
    if (pending >= 0) {
      let v = ld(CS, pending);
      const hi = HS + (<usize>(pending * p) << 3);
      for (let t = 0; t < k; t++) {
        const j = ldi(IDX, t);
        v -= ld(hi, j) * ld(YV, j);
      }
      st(WV, pending, v);
    }
    let best = -1, bw = NTOL;
    for (let i = 0; i < p; i++) {
      if (ld(PASS, i) == 0 && ld(BLK, i) == 0 && ld(WV, i) > bw) {
        bw = ld(WV, i);
        best = i;
      }
    }
    if (best < 0) break;
    if (iterations >= maxOuter) {
      converged = false;
      NNLS_WARN |= DRT_WARN_NNLS_CAP;
      break;
    }
    iterations++;
    memory.copy(SAVED, YV, <usize>p << 3);
    memory.copy(SAVEDP, PASS, <usize>p << 3);
    st(PASS, best, 1);
    sti(IDX, NK++, best);
    if (!inner()) {
      memory.copy(YV, SAVED, <usize>p << 3);
      memory.copy(PASS, SAVEDP, <usize>p << 3);
      listPassive();
      st(BLK, best, 1);
      continue;
    }
    memory.fill(BLK, 0, <usize>p << 3);
  }
  let anyBlocked = false;
  for (let i = 0; i < p; i++) if (ld(BLK, i) == 1) anyBlocked = true;
  if (anyBlocked) {
    converged = false;
    NNLS_WARN |= DRT_WARN_NNLS_BLOCKED;
  }
  for (let i = 0; i < p; i++) st(out, i, ld(ND, i) * ld(YV, i));
  NNLS_ITER = iterations;
  NNLS_CONVERGED = converged;
}

// ---------------------------------------------------------------- symmetric eigenproblem (tred2 + tql2)

/**
 * eigen.ts tred2 with the matrix V held transposed (t[j·n + k] = V[k][j]): the same operations in
 * the same order, but V's columns — which the algorithm walks — are contiguous rows here, and the
 * elementwise updates run two lanes at a time. On entry t = the symmetric matrix (its own
 * transpose); on return t = Vᵀ, the eigenvector rows tql2 rotates.
 */
function tred2(t: usize, n: i32, d: usize, e: usize): void {
  for (let j = 0; j < n; j++) st(d, j, ld(t, j * n + n - 1));
  for (let i = n - 1; i > 0; i--) {
    let scale: f64 = 0, h: f64 = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(ld(d, k));
    if (scale == 0) {
      st(e, i, ld(d, i - 1));
      for (let j = 0; j < i; j++) {
        st(d, j, ld(t, j * n + i - 1));
        st(t, j * n + i, 0);
        st(t, i * n + j, 0);
      }
    } else {
      for (let k = 0; k < i; k++) {
        st(d, k, ld(d, k) / scale);
        h += ld(d, k) * ld(d, k);
      }
      let f = ld(d, i - 1);
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      st(e, i, scale * g);
      h -= f * g;
      st(d, i - 1, f - g);
      for (let j = 0; j < i; j++) st(e, j, 0);
      for (let j = 0; j < i; j++) {
        f = ld(d, j);
        st(t, i * n + j, f);
        const tj = t + (<usize>(j * n) << 3);
        g = ld(e, j) + ld(tj, j) * f;
        for (let k = j + 1; k <= i - 1; k++) g += ld(tj, k) * ld(d, k);
        // e[k] += V[k][j]·f for k in (j, i)
        if (i - 1 > j) rowAddScaled(e + (<usize>(j + 1) << 3), f, tj + (<usize>(j + 1) << 3), i - 1 - j);
        st(e, j, g);
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        st(e, j, ld(e, j) / h);
        f += ld(e, j) * ld(d, j);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) st(e, j, ld(e, j) - hh * ld(d, j));
      for (let j = 0; j < i; j++) {
        f = ld(d, j);
        g = ld(e, j);
        const tj = t + (<usize>(j * n) << 3);
        // V[k][j] −= f·e[k] + g·d[k] for k in [j, i)
        const vf = f64x2.splat(f), vg = f64x2.splat(g);
        let k = j;
        for (; k + 1 <= i - 1; k += 2) vstore(tj, k, f64x2.sub(vload(tj, k), f64x2.add(f64x2.mul(vf, vload(e, k)), f64x2.mul(vg, vload(d, k)))));
        for (; k <= i - 1; k++) st(tj, k, ld(tj, k) - (f * ld(e, k) + g * ld(d, k)));
        st(d, j, ld(tj, i - 1));
        st(tj, i, 0);
      }
    }
    st(d, i, h);
  }
  for (let i = 0; i < n - 1; i++) {
    st(t, i * n + n - 1, ld(t, i * n + i));
    st(t, i * n + i, 1);
    const h = ld(d, i + 1);
    const ti1 = t + (<usize>((i + 1) * n) << 3);
    if (h != 0) {
      for (let k = 0; k <= i; k++) st(d, k, ld(ti1, k) / h);
      for (let j = 0; j <= i; j++) {
        const tj = t + (<usize>(j * n) << 3);
        let g: f64 = 0;
        for (let k = 0; k <= i; k++) g += ld(ti1, k) * ld(tj, k);
        rowSubScaled(tj, g, d, i + 1);
      }
    }
    for (let k = 0; k <= i; k++) st(ti1, k, 0);
  }
  for (let j = 0; j < n; j++) {
    st(d, j, ld(t, j * n + n - 1));
    st(t, j * n + n - 1, 0);
  }
  st(t, (n - 1) * n + n - 1, 1);
  st(e, 0, 0);
}

// @ts-ignore: decorator
@inline function pyth(a: f64, b: f64): f64 {
  return Math.sqrt(a * a + b * b);
}

function tql2(vt: usize, n: i32, d: usize, e: usize): bool {
  for (let i = 1; i < n; i++) st(e, i - 1, ld(e, i));
  st(e, n - 1, 0);
  let f: f64 = 0, tst1: f64 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(ld(d, l)) + Math.abs(ld(e, l)));
    let m = l;
    while (m < n - 1 && !(Math.abs(ld(e, m)) <= EPS * tst1)) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) return false;
        let g = ld(d, l);
        let p = (ld(d, l + 1) - g) / (2 * ld(e, l));
        let r = pyth(p, 1);
        if (p < 0) r = -r;
        st(d, l, ld(e, l) / (p + r));
        st(d, l + 1, ld(e, l) * (p + r));
        const dl1 = ld(d, l + 1);
        let h = g - ld(d, l);
        for (let i = l + 2; i < n; i++) st(d, i, ld(d, i) - h);
        f += h;
        p = ld(d, m);
        let c: f64 = 1, c2: f64 = 1, c3: f64 = 1, s: f64 = 0, s2: f64 = 0;
        const el1 = ld(e, l + 1);
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * ld(e, i);
          h = c * p;
          r = pyth(p, ld(e, i));
          st(e, i + 1, s * r);
          s = ld(e, i) / r;
          c = p / r;
          p = c * ld(d, i) - s * g;
          st(d, i + 1, h + s * (c * g + s * ld(d, i)));
          const ri = vt + (<usize>(i * n) << 3), rj = vt + (<usize>((i + 1) * n) << 3);
          const vs = f64x2.splat(s), vc = f64x2.splat(c);
          let k = 0;
          for (; k + 1 < n; k += 2) {
            const hk = vload(rj, k), vk = vload(ri, k);
            vstore(rj, k, f64x2.add(f64x2.mul(vs, vk), f64x2.mul(vc, hk)));
            vstore(ri, k, f64x2.sub(f64x2.mul(vc, vk), f64x2.mul(vs, hk)));
          }
          for (; k < n; k++) {
            const hk = ld(rj, k);
            const vk = ld(ri, k);
            st(rj, k, s * vk + c * hk);
            st(ri, k, c * vk - s * hk);
          }
        }
        p = (-s * s2 * c3 * el1 * ld(e, l)) / dl1;
        st(e, l, s * p);
        st(d, l, c * p);
      } while (Math.abs(ld(e, l)) > EPS * tst1);
    }
    st(d, l, ld(d, l) + f);
    st(e, l, 0);
  }
  for (let i = 0; i < n; i++) if (ld(d, i) != ld(d, i)) return false;
  return true;
}

// ---------------------------------------------------------------- the λ scan (§3)

/** X ← L⁻¹X (p × p, row-major) for the lower factor in LL. */
function lowerSolveRows(p: i32, x: usize): void {
  for (let i = 0; i < p; i++) {
    const ri = i * p;
    for (let t = 0; t < i; t++) {
      const lit = ld(LL, ri + t);
      if (lit == 0) continue;
      rowSubScaled(x + (<usize>ri << 3), lit, x + (<usize>(t * p) << 3), p);
    }
    rowScale(x + (<usize>ri << 3), 1 / ld(LL, ri + i), p);
  }
}

/**
 * The ridge basis at λ_ref over rows [r0, r1) with AᵀA in G (src/reference/drt/lambda.ts
 * ridgeBasis): U, γ (GAM), θ (THETA), β (BETA). False when H₀ is not positive definite or the
 * eigensolver failed.
 */
function ridgeBasis(p: i32, r0: i32, r1: i32, lambdaRef: f64): bool {
  for (let i = 0; i < p; i++) {
    const hii = ld(G, i * p + i) + lambdaRef * ld(MM, i * p + i);
    st(DG, i, hii > 0 ? 1 / Math.sqrt(hii) : 1);
  }
  for (let i = 0; i < p; i++) {
    const o = <usize>(i * p) << 3;
    rowScaledSum(H + o, ld(DG, i), G + o, lambdaRef, MM + o, DG, p);
  }
  if (!cholesky(H, p, p, LL, 0)) return false;
  for (let i = 0; i < p; i++) {
    const o = <usize>(i * p) << 3;
    rowScaledSum(YM + o, ld(DG, i), MM + o, 0, 0, DG, p);
  }
  lowerSolveRows(p, YM);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) st(CM, i * p + j, ld(YM, j * p + i));
  lowerSolveRows(p, CM);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (ld(CM, i * p + j) + ld(CM, j * p + i));
      st(CM, i * p + j, v);
      st(CM, j * p + i, v);
    }
  }
  tred2(CM, p, THETA, EV); // CM becomes Vᵀ = VT
  if (!tql2(VT, p, THETA, EV)) return false;
  for (let i = 0; i < p; i++) if (!(ld(THETA, i) > 0)) st(THETA, i, 0);
  for (let k = 0; k < p; k++) for (let i = 0; i < p; i++) st(WM, k * p + i, ld(VT, i * p + k));
  for (let k = p - 1; k >= 0; k--) {
    const rk = k * p;
    for (let t = k + 1; t < p; t++) {
      const ltk = ld(LL, t * p + k);
      if (ltk == 0) continue;
      rowSubScaled(WM + (<usize>rk << 3), ltk, WM + (<usize>(t * p) << 3), p);
    }
    rowScale(WM + (<usize>rk << 3), 1 / ld(LL, rk + k), p);
  }
  for (let k = 0; k < p; k++) rowScale(WM + (<usize>(k * p) << 3), ld(DG, k), p);
  const rows = r1 - r0;
  memory.fill(U, 0, (<usize>rows * <usize>p) << 3);
  memory.fill(GAM, 0, <usize>p << 3);
  memory.fill(BETA, 0, <usize>p << 3);
  for (let r = 0; r < rows; r++) {
    const ur = r * p, ar = (r0 + r) * p;
    for (let k = 0; k < p; k++) {
      const ark = ld(A, ar + k);
      if (ark == 0) continue;
      rowAddScaled(U + (<usize>ur << 3), ark, WM + (<usize>(k * p) << 3), p);
    }
    const br = ld(B, r0 + r);
    for (let i = 0; i < p; i++) {
      const v = ld(U, ur + i);
      st(GAM, i, ld(GAM, i) + v * v);
      st(BETA, i, ld(BETA, i) + v * br);
      st(UT, i * rows + r, v);
    }
  }
  return true;
}

let T_RR: f64 = 0;
let T_PEN: f64 = 0;
let T_TRK: f64 = 0;
let T_TRK2: f64 = 0;

/** The ridge at λ from the basis (lambda.ts basisTraces) into T_*. */
function basisTraces(p: i32, r0: i32, rows: i32, lambda: f64): void {
  let trK: f64 = 0, trK2: f64 = 0, pen: f64 = 0;
  for (let i = 0; i < p; i++) {
    const d = ld(GAM, i) + lambda * ld(THETA, i);
    if (!(d > 0)) {
      T_RR = NaN;
      T_PEN = NaN;
      T_TRK = NaN;
      T_TRK2 = NaN;
      return;
    }
    const ti = ld(BETA, i) / d, k = ld(GAM, i) / d;
    st(TV, i, ti);
    trK += k;
    trK2 += k * k;
    pen += ld(THETA, i) * ti * ti;
  }
  // r = b − U·t, each row's sum in the order of i (row pairs in the two lanes)
  memory.copy(RR, B + (<usize>r0 << 3), <usize>rows << 3);
  for (let i = 0; i < p; i++) rowSubScaled(RR, ld(TV, i), UT + (<usize>(i * rows) << 3), rows);
  let rr: f64 = 0;
  for (let r = 0; r < rows; r++) rr += ld(RR, r) * ld(RR, r);
  T_RR = rr;
  T_PEN = pen;
  T_TRK = trK;
  T_TRK2 = trK2;
}

function scoreOf(n: i32, method: i32): f64 {
  const nf = <f64>n;
  const rho: f64 = method == DRT_METHOD_MGCV ? (n >= 50 ? 2 : 1.3) : 1;
  const den = (nf - rho * T_TRK) / nf;
  const gcv = T_RR / nf / (den * den);
  if (method == DRT_METHOD_RGCV) {
    const xi: f64 = n >= 100 ? 0.3 : 0.2;
    return (xi + ((1 - xi) * T_TRK2) / nf) * gcv;
  }
  return gcv;
}

function selectLambda(score: usize, rule: i32, delta: f64): i32 {
  let min: f64 = Infinity;
  let arg = -1;
  for (let k = 0; k < DRT_GRID_POINTS; k++) {
    if (ld(score, k) < min) {
      min = ld(score, k);
      arg = k;
    }
  }
  if (arg < 0 || rule == DRT_RULE_ARGMIN) return arg;
  const limit = (1 + delta) * min;
  for (let k = DRT_GRID_POINTS - 1; k >= 0; k--) if (ld(score, k) <= limit) return k;
  return arg;
}

/** The ridge scan (mgcv, gcv, rgcv, lcurve) over rows [r0, r1); scores into score; returns the index. */
function scanRidge(p: i32, r0: i32, r1: i32, method: i32, rule: i32, score: usize): i32 {
  const K = DRT_GRID_POINTS, rows = r1 - r0;
  const ok = ridgeBasis(p, r0, r1, ld(GRID, K - 1));
  if (method == DRT_METHOD_LCURVE) {
    for (let i = 0; i < K; i++) {
      if (ok) basisTraces(p, r0, rows, ld(GRID, i));
      else T_RR = T_PEN = NaN;
      st(RHO, i, 0.5 * dlog(T_RR));
      st(ETA, i, dlog(T_PEN));
    }
    const h = dlog(ld(GRID, 1)) - dlog(ld(GRID, 0));
    let index = -1;
    let best: f64 = -Infinity;
    for (let i = 0; i < K; i++) st(score, i, NaN);
    for (let i = 1; i < K - 1; i++) {
      const r1_ = (ld(RHO, i + 1) - ld(RHO, i - 1)) / (2 * h), e1 = (ld(ETA, i + 1) - ld(ETA, i - 1)) / (2 * h);
      const r2 = (ld(RHO, i + 1) - 2 * ld(RHO, i) + ld(RHO, i - 1)) / (h * h), e2 = (ld(ETA, i + 1) - 2 * ld(ETA, i) + ld(ETA, i - 1)) / (h * h);
      const q = r1_ * r1_ + e1 * e1;
      const kappa = (r1_ * e2 - r2 * e1) / (q * Math.sqrt(q));
      st(score, i, kappa);
      if (kappa > best) {
        best = kappa;
        index = i;
      }
    }
    return index;
  }
  for (let i = 0; i < K; i++) {
    if (ok) {
      basisTraces(p, r0, rows, ld(GRID, i));
      st(score, i, scoreOf(rows, method));
    } else {
      st(score, i, NaN);
    }
  }
  return selectLambda(score, rule, 1e-3);
}

/** The 're-im' scan (lambda.ts scanLambdaReIm); scores into score; returns the index. */
function scanReIm(n: i32, p: i32, rule: i32, score: usize): i32 {
  normalEquations(G, CV, p, 0, n);
  normalEquations(YM, CIM, p, n, 2 * n);
  for (let k = 0; k < DRT_GRID_POINTS; k++) {
    const lam = ld(GRID, k);
    for (let i = 0; i < p * p; i++) st(H, i, ld(G, i) + lam * ld(MM, i));
    nnls(H, CV, p, k > 0 ? WRE : 0, false, 0, XR);
    for (let i = 0; i < p * p; i++) st(H, i, ld(YM, i) + lam * ld(MM, i));
    nnls(H, CIM, p, k > 0 ? WIM : 0, false, 0, XI);
    memory.copy(WRE, XR, <usize>p << 3);
    memory.copy(WIM, XI, <usize>p << 3);
    memory.copy(XH1, XI, <usize>p << 3); // x̂_im: R∞ from the Re fit
    memory.copy(XH2, XR, <usize>p << 3); // x̂_re: L from the Im fit
    st(XH1, n, ld(XR, n));
    if (p > n + 1) st(XH2, n + 1, ld(XI, n + 1));
    let sc: f64 = 0;
    for (let r = 0; r < n; r++) {
      let vr = ld(B, r), vi = ld(B, n + r);
      for (let j = 0; j < p; j++) {
        vr -= ld(A, r * p + j) * ld(XH1, j);
        vi -= ld(A, (n + r) * p + j) * ld(XH2, j);
      }
      sc += vr * vr + vi * vi;
    }
    st(score, k, sc);
  }
  return selectLambda(score, rule, 1e-2);
}

// ---------------------------------------------------------------- the batch

/**
 * DRTs of K problems in one call. Problem k has N_k = off[k+1] − off[k] points from point off[k]
 * of the concatenated freq/zre/zim (sorted by descending f), options in tasks + k·DRT_TASK_WORDS
 * words; its outcome record goes to outs + k·DRT_OUTCOME_WORDS words, its p coefficients to
 * x + k·xStride, y_m = ln(1/f_m) and A·x (Re, Im) to the points' positions of yOut/fre/fim, the
 * λ scores to score + k·DRT_GRID_POINTS. grid: the 71 λ values. scratch: drtScratchWords(nMax).
 */
export function eis_drt_batch(K: i32, off: usize, freq: usize, zre: usize, zim: usize, tasks: usize, grid: usize,
  scratch: usize, nMax: i32, outs: usize, x: usize, xStride: i32, yOut: usize, fre: usize, fim: usize, scores: usize): void {
  GRID = grid;
  layout(scratch, nMax);
  for (let s = 0; s < K; s++) {
    const base = ldi(off, s);
    const n = ldi(off, s + 1) - base;
    const b8 = <usize>base << 3;
    const task = tasks + ((<usize>s * <usize>DRT_TASK_WORDS) << 3);
    const out = outs + ((<usize>s * <usize>DRT_OUTCOME_WORDS) << 3);
    const score = scores + ((<usize>s * <usize>DRT_GRID_POINTS) << 3);
    const mode = <i32>ld(task, DRT_TASK_MODE), method = <i32>ld(task, DRT_TASK_METHOD), rule = <i32>ld(task, DRT_TASK_RULE);
    const rInf = mode == DRT_MODE_IMAG ? -1 : n;
    const lCol = ld(task, DRT_TASK_INDUCTANCE) != 0 && mode != DRT_MODE_REAL ? n + (rInf >= 0 ? 1 : 0) : -1;
    const p = n + (rInf >= 0 ? 1 : 0) + (lCol >= 0 ? 1 : 0);
    const eps = buildMatrices(freq + b8, zre + b8, zim + b8, n, p, rInf, lCol, ld(task, DRT_TASK_RBF_SHAPE),
      <i32>ld(task, DRT_TASK_PENALTY), ld(task, DRT_TASK_TOEPLITZ_ALLOWED) != 0);
    const r0 = mode == DRT_MODE_IMAG ? n : 0, r1 = mode == DRT_MODE_REAL ? n : 2 * n;
    let warn = 0;
    let lambda = ld(task, DRT_TASK_LAMBDA);
    let index = -1;
    for (let i = 0; i < DRT_GRID_POINTS; i++) st(score, i, NaN);
    if (lambda != lambda) {
      if (method == DRT_METHOD_RE_IM) {
        index = scanReIm(n, p, rule, score); // overwrites G and CV
        normalEquations(G, CV, p, r0, r1);
      } else {
        normalEquations(G, CV, p, r0, r1);
        index = scanRidge(p, r0, r1, method, rule, score);
      }
      if (index < 0) {
        index = DRT_GRID_POINTS - 1;
        warn |= DRT_WARN_ALL_NAN;
      }
      lambda = ld(GRID, index);
    } else {
      normalEquations(G, CV, p, r0, r1);
    }
    for (let i = 0; i < p * p; i++) st(H, i, ld(G, i) + lambda * ld(MM, i));
    nnls(H, CV, p, 0, ld(task, DRT_TASK_FREE_COLUMNS) != 0, n, XF);
    warn |= NNLS_WARN;
    const xo = x + ((<usize>s * <usize>xStride) << 3);
    for (let j = 0; j < p; j++) st(xo, j, ld(XF, j));
    for (let r = 0; r < n; r++) {
      let vr: f64 = 0, vi: f64 = 0;
      for (let j = 0; j < p; j++) {
        vr += ld(A, r * p + j) * ld(XF, j);
        vi += ld(A, (n + r) * p + j) * ld(XF, j);
      }
      st(fre + b8, r, vr);
      st(fim + b8, r, vi);
      st(yOut + b8, r, ld(YC, r));
    }
    st(out, DRT_OUTCOME_P, <f64>p);
    st(out, DRT_OUTCOME_R_INF_COLUMN, <f64>rInf);
    st(out, DRT_OUTCOME_L_COLUMN, <f64>lCol);
    st(out, DRT_OUTCOME_EPSILON, eps);
    st(out, DRT_OUTCOME_TOEPLITZ, TOEPLITZ ? 1 : 0);
    st(out, DRT_OUTCOME_LAMBDA, lambda);
    st(out, DRT_OUTCOME_INDEX, <f64>index);
    st(out, DRT_OUTCOME_ITERATIONS, <f64>NNLS_ITER);
    st(out, DRT_OUTCOME_CONVERGED, NNLS_CONVERGED ? 1 : 0);
    st(out, DRT_OUTCOME_WARNINGS, <f64>warn);
  }
}
