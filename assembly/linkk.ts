// Linear Kramers–Kronig test (Lin-KK) inside WASM: the same model, weights, solves, μ,
// choice of M and of F_ext as the reference (src/reference/linkk.ts — see there for the
// method and its sources), on column-major matrices (assembly/linalg.ts).
import { ld, st } from './memory';
import { householder, backSubstitute } from './linalg';
import { vload, vstore } from './vmath';

// fit kinds, rules, option flags, the rank tolerance and the summary record: the ABI descriptor (src/abi/descriptor.ts)
import {
  ALGORITHM_RANK_TOLERANCE,
  KK_FIT_REAL, KK_FIT_COMPLEX, KK_RULE_MU, KK_RULE_SCORE, KK_RULE_FIXED, KK_FLAG_ADMITTANCE, KK_FLAG_ADD_C, KK_FLAG_ADD_L,
  KK_SUMMARY_WORDS, KK_SUMMARY_M, KK_SUMMARY_MU, KK_SUMMARY_CHI2, KK_SUMMARY_EXT_INDEX, KK_SUMMARY_FOUND, KK_SUMMARY_CURVE_LENGTH,
  KK_SUMMARY_RANK_DEFICIENT,
} from './generated/abi';

// the spectrum being tested and the options (set by eis_linkk_batch per spectrum)
let N: i32 = 0;
let W: usize = 0;
let XRE: usize = 0;
let XIM: usize = 0;
let ADM: bool = false;
let ADDC: bool = false;
let ADDL: bool = false;
let FIT: i32 = 0;
let W_MIN: f64 = 0;
let W_MAX: f64 = 0;
// scratch regions
let A: usize = 0; // matrix, column-major (≤ 2N × maxCols)
let B: usize = 0; // right-hand side (≤ 2N)
let X: usize = 0; // solution (≤ maxCols)
let INVMAG: usize = 0; // 1/|X(ω_i)| (N)
let BRE: usize = 0; // bₖ(ω_i) real parts, column k at BRE + k·N (≤ N × maxCols)
let BIM: usize = 0; // imaginary parts
// outputs of the current fit
let COEF: usize = 0;
let TAU: usize = 0;
let FRE: usize = 0;
let FIM: usize = 0;
let RRE: usize = 0;
let RIM: usize = 0;

/** f64 words of scratch for N points and at most `maxCols` coefficients. */
export function kkScratchWords(n: i32, maxCols: i32): i32 {
  return 2 * n * maxCols + 2 * n + 2 * maxCols + n + 2 * n * maxCols;
}

function coefCount(M: i32): i32 {
  return 1 + M + (ADDC ? 1 : 0) + (ADDL ? 1 : 0);
}

function setTaus(M: i32, ext: f64): void {
  const lo = Math.log10(1 / (ext * W_MAX)), hi = Math.log10(ext / W_MIN);
  if (M == 1) st(TAU, 0, Math.pow(10, hi));
  else for (let k = 0; k < M; k++) st(TAU, k, Math.pow(10, lo + (<f64>k / <f64>(M - 1)) * (hi - lo)));
}

// bₖ(ω) for x = ωτ: impedance 1/(1 + jx), admittance jω/(1 + jx)
// @ts-ignore: decorator
@inline function basisRe(w: f64, tau: f64): f64 {
  const x = w * tau, d = 1 / (1 + x * x);
  return ADM ? w * x * d : d;
}

// @ts-ignore: decorator
@inline function basisIm(w: f64, tau: f64): f64 {
  const x = w * tau, d = 1 / (1 + x * x);
  return ADM ? w * d : -x * d;
}

// @ts-ignore: decorator
@inline function capColumn(w: f64): f64 {
  return ADM ? w : -1 / w;
}

// @ts-ignore: decorator
@inline function indColumn(w: f64): f64 {
  return ADM ? -1 / w : w;
}

/** Fills the basis cache BRE/BIM for the current τ₁…τ_M (one division per entry; two points per f64x2). */
function fillBasis(M: i32): void {
  const n = N;
  const one = f64x2.splat(1);
  for (let k = 0; k < M; k++) {
    const t = ld(TAU, k), vt = f64x2.splat(t), cr = BRE + ((<usize>k * <usize>n) << 3), ci = BIM + ((<usize>k * <usize>n) << 3);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const vw = vload(W, i);
      const x = f64x2.mul(vw, vt);
      const d = f64x2.div(one, f64x2.add(one, f64x2.mul(x, x)));
      if (ADM) {
        vstore(cr, i, f64x2.mul(f64x2.mul(vw, x), d));
        vstore(ci, i, f64x2.mul(vw, d));
      } else {
        vstore(cr, i, d);
        vstore(ci, i, f64x2.neg(f64x2.mul(x, d)));
      }
    }
    for (; i < n; i++) {
      const wi = ld(W, i);
      st(cr, i, basisRe(wi, t));
      st(ci, i, basisIm(wi, t));
    }
  }
}

/**
 * Least squares on A (rows × cols, column-major) and B by Householder QR; X = solution. No
 * column scaling: unpivoted Householder QR commutes with it (the reflections depend on each
 * column's direction only), so it would change nothing but rounding.
 */
function solve(rows: i32, cols: i32): void {
  // independence of each column from the ones before it: |R_kk| / ‖a_k‖ (src/reference/linkk.ts RANK_TOLERANCE)
  for (let k = 0; k < cols; k++) {
    const col = A + ((<usize>k * <usize>rows) << 3);
    let ss: f64 = 0;
    for (let i = 0; i < rows; i++) ss += ld(col, i) * ld(col, i);
    st(X, k, Math.sqrt(ss));
  }
  householder(A, B, rows, cols);
  for (let k = 0; k < cols; k++) {
    const nk = ld(X, k);
    const ratio = nk > 0 ? Math.abs(ld(A, k * rows + k)) / nk : 0;
    if (!(ratio > ALGORITHM_RANK_TOLERANCE)) RANK_DEFICIENT = true;
  }
  backSubstitute(A, rows, B, cols, X);
}

let RANK_DEFICIENT: bool = false;

/** y[0..n) += a·x[0..n) (contiguous columns). */
function axpyTo(y: usize, a: f64, x: usize, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) vstore(y, i, f64x2.add(vload(y, i), f64x2.mul(va, vload(x, i))));
  for (; i < n; i++) st(y, i, ld(y, i) + a * ld(x, i));
}

/** dst[0..n) = x[0..n)·s[0..n) elementwise. */
function scaleInto(dst: usize, x: usize, s: usize, n: i32): void {
  let i = 0;
  for (; i + 1 < n; i += 2) vstore(dst, i, f64x2.mul(vload(x, i), vload(s, i)));
  for (; i < n; i++) st(dst, i, ld(x, i) * ld(s, i));
}

/** One fit with M time constants at F_ext = ext into COEF/TAU/FRE/FIM/RRE/RIM; returns χ²_ps. */
function fitM(M: i32, ext: f64): f64 {
  RANK_DEFICIENT = false;
  setTaus(M, ext);
  fillBasis(M);
  const n = N, nCoef = coefCount(M);
  const iC = 1 + M, iL = 1 + M + (ADDC ? 1 : 0);
  memory.fill(COEF, 0, <usize>nCoef << 3);
  if (FIT == KK_FIT_COMPLEX) {
    const rows = 2 * n, cols = nCoef;
    memory.fill(A, 0, <usize>(rows * cols) << 3);
    for (let k = 0; k < M; k++) {
      const col = A + ((<usize>(1 + k) * <usize>rows) << 3);
      scaleInto(col, BRE + ((<usize>k * <usize>n) << 3), INVMAG, n);
      scaleInto(col + (<usize>n << 3), BIM + ((<usize>k * <usize>n) << 3), INVMAG, n);
    }
    for (let i = 0; i < n; i++) {
      const wi = ld(W, i), s = ld(INVMAG, i);
      st(A, i, s);
      if (ADDC) st(A, iC * rows + n + i, capColumn(wi) * s);
      if (ADDL) st(A, iL * rows + n + i, indColumn(wi) * s);
      st(B, i, ld(XRE, i) * s);
      st(B, n + i, ld(XIM, i) * s);
    }
    solve(rows, cols);
    memory.copy(COEF, X, <usize>cols << 3);
  } else if (FIT == KK_FIT_REAL) {
    const cols = 1 + M;
    for (let k = 0; k < M; k++) scaleInto(A + ((<usize>(1 + k) * <usize>n) << 3), BRE + ((<usize>k * <usize>n) << 3), INVMAG, n);
    for (let i = 0; i < n; i++) {
      st(A, i, ld(INVMAG, i));
      st(B, i, ld(XRE, i) * ld(INVMAG, i));
    }
    solve(n, cols);
    memory.copy(COEF, X, <usize>cols << 3);
    const extra = (ADDC ? 1 : 0) + (ADDL ? 1 : 0);
    if (extra > 0) {
      // x_C, x_L from what the real-part fit leaves of the imaginary part
      memory.fill(FIM, 0, <usize>n << 3); // FIM: the RC part of the imaginary fit, for now
      for (let k = 0; k < M; k++) axpyTo(FIM, ld(COEF, 1 + k), BIM + ((<usize>k * <usize>n) << 3), n);
      for (let i = 0; i < n; i++) {
        const wi = ld(W, i), s = ld(INVMAG, i);
        const fi = ld(FIM, i);
        let col = 0;
        if (ADDC) st(A, (col++) * n + i, capColumn(wi) * s);
        if (ADDL) st(A, (col++) * n + i, indColumn(wi) * s);
        st(B, i, (ld(XIM, i) - fi) * s);
      }
      solve(n, extra);
      let col = 0;
      if (ADDC) st(COEF, iC, ld(X, col++));
      if (ADDL) st(COEF, iL, ld(X, col++));
    }
  } else {
    const cols = M + (ADDC ? 1 : 0) + (ADDL ? 1 : 0);
    for (let k = 0; k < M; k++) scaleInto(A + ((<usize>k * <usize>n) << 3), BIM + ((<usize>k * <usize>n) << 3), INVMAG, n);
    for (let i = 0; i < n; i++) {
      const wi = ld(W, i), s = ld(INVMAG, i);
      if (ADDC) st(A, M * n + i, capColumn(wi) * s);
      if (ADDL) st(A, (M + (ADDC ? 1 : 0)) * n + i, indColumn(wi) * s);
      st(B, i, ld(XIM, i) * s);
    }
    solve(n, cols);
    for (let k = 0; k < cols; k++) st(COEF, 1 + k, ld(X, k));
    // x₀ = Σ v (Re X − Re X̂) / Σ v with v = 1/|X|² (Boukamp 1995, eq. 7)
    let num: f64 = 0, den: f64 = 0;
    memory.fill(FRE, 0, <usize>n << 3);
    for (let k = 0; k < M; k++) axpyTo(FRE, ld(COEF, 1 + k), BRE + ((<usize>k * <usize>n) << 3), n);
    for (let i = 0; i < n; i++) {
      const fr = ld(FRE, i);
      const v = ld(INVMAG, i) * ld(INVMAG, i);
      num += v * (ld(XRE, i) - fr);
      den += v;
    }
    st(COEF, 0, num / den);
  }
  // fitted immittance (column by column), residuals, pseudo-χ²
  const c0 = ld(COEF, 0);
  for (let i = 0; i < n; i++) {
    st(FRE, i, c0);
    st(FIM, i, 0);
  }
  for (let k = 0; k < M; k++) {
    const ck = ld(COEF, 1 + k);
    axpyTo(FRE, ck, BRE + ((<usize>k * <usize>n) << 3), n);
    axpyTo(FIM, ck, BIM + ((<usize>k * <usize>n) << 3), n);
  }
  let chi2: f64 = 0;
  const xc = ADDC ? ld(COEF, iC) : 0, xl = ADDL ? ld(COEF, iL) : 0;
  for (let i = 0; i < n; i++) {
    const wi = ld(W, i);
    let fi = ld(FIM, i);
    if (ADDC) fi += xc * capColumn(wi);
    if (ADDL) fi += xl * indColumn(wi);
    st(FIM, i, fi);
    const inv = ld(INVMAG, i);
    const dr = (ld(XRE, i) - ld(FRE, i)) * inv, di = (ld(XIM, i) - fi) * inv;
    st(RRE, i, dr);
    st(RIM, i, di);
    chi2 += dr * dr + di * di;
  }
  return chi2;
}

/** μ = 1 − Σ_{xₖ<0}|xₖ| / Σ_{xₖ≥0}|xₖ| over COEF[1..M]; NaN without positive mass. */
function muOf(M: i32): f64 {
  let neg: f64 = 0, pos: f64 = 0;
  for (let k = 1; k <= M; k++) {
    const v = ld(COEF, k);
    if (v < 0) neg -= v;
    else pos += v;
  }
  return pos > 0 ? 1 - neg / pos : NaN;
}

/** pyimpspec's scored choice over the tail run with μ < c (src/reference/linkk.ts kkScoreChoice); −1 if none. */
function scoreChoice(mu: usize, chi2: usize, count: i32, c: f64, beta: f64): i32 {
  if (beta == 0) return -1; // pyimpspec: β = 0 is the original first-crossing rule
  let best = -1;
  let bestS = -Infinity;
  for (let k = count - 1; k >= 0; k--) {
    const m = Math.max(0, Math.min(1, ld(mu, k))); // clamped to [0, 1], as pyimpspec does
    if (!(m < c)) break;
    const s = -Math.log10(ld(chi2, k)) / Math.pow(c - m, beta);
    if (s > bestS || best < 0) {
      best = k;
      bestS = s;
    }
  }
  return best < 0 ? -1 : best + 1;
}

// result of the last scan
let SCAN_M: i32 = 0;
let SCAN_COUNT: i32 = 0;
let SCAN_FOUND: bool = false;
let SCAN_LAST_M: i32 = 0; // the M of the last fitM (its outputs are current)

/** Scans M at one F_ext, writing μ(M) and χ²(M) to the curve arrays. */
function scan(ext: f64, rule: i32, fixedM: i32, maxM: i32, c: f64, beta: f64, curveMu: usize, curveChi2: usize): void {
  if (rule == KK_RULE_FIXED) {
    const chi2 = fitM(fixedM, ext);
    st(curveMu, 0, muOf(fixedM));
    st(curveChi2, 0, chi2);
    SCAN_M = fixedM;
    SCAN_COUNT = 1;
    SCAN_FOUND = true;
    SCAN_LAST_M = fixedM;
    return;
  }
  let count = 0, first = -1;
  for (let M = 1; M <= maxM; M++) {
    const chi2 = fitM(M, ext);
    const mu = muOf(M);
    SCAN_LAST_M = M;
    st(curveMu, count, mu);
    st(curveChi2, count, chi2);
    count++;
    if (mu < c && first < 0) {
      first = M;
      if (rule == KK_RULE_MU) break;
    }
  }
  SCAN_COUNT = count;
  if (rule == KK_RULE_SCORE) {
    const s = scoreChoice(curveMu, curveChi2, count, c, beta);
    if (s > 0) {
      SCAN_M = s;
      SCAN_FOUND = true;
      return;
    }
  }
  SCAN_FOUND = first > 0;
  SCAN_M = first > 0 ? first : maxM;
}

/**
 * Lin-KK for K spectra in one call. Spectrum k has N_k = off[k+1] − off[k] points from point
 * off[k] of the concatenated ω (w) and immittance (xre, xim) arrays; its fitted immittance and
 * residuals go to the same positions of fre/fim/rre/rim, its summary (KK_SUMMARY_WORDS) to
 * summary + k·KK_SUMMARY_WORDS words, its coefficients to coef + k·coefStride, τ to tau + k·maxTau, μ(M) and
 * χ²(M) to curveMu/curveChi2 + k·maxTau; maxMs holds each spectrum's largest M (i32).
 * flags: KK_FLAG_ADMITTANCE, KK_FLAG_ADD_C (series/parallel C), KK_FLAG_ADD_L.
 * exts: nExt F_ext candidates (with more than one, the lowest χ² of the chosen fits wins).
 */
export function eis_linkk_batch(K: i32, off: usize, w: usize, xre: usize, xim: usize, flags: i32, fitType: i32,
  rule: i32, fixedM: i32, maxMs: usize, c: f64, beta: f64, exts: usize, nExt: i32, scratch: usize, nMax: i32, maxCols: i32,
  summary: usize, coef: usize, coefStride: i32, tau: usize, maxTau: i32,
  fre: usize, fim: usize, rre: usize, rim: usize, curveMu: usize, curveChi2: usize): void {
  ADM = (flags & KK_FLAG_ADMITTANCE) != 0;
  ADDC = (flags & KK_FLAG_ADD_C) != 0;
  ADDL = (flags & KK_FLAG_ADD_L) != 0;
  FIT = fitType;
  A = scratch;
  B = A + ((<usize>(2 * nMax) * <usize>maxCols) << 3);
  X = B + (<usize>(2 * nMax) << 3);
  INVMAG = X + (<usize>(2 * maxCols) << 3);
  BRE = INVMAG + (<usize>nMax << 3);
  BIM = BRE + ((<usize>nMax * <usize>maxCols) << 3);
  for (let s = 0; s < K; s++) {
    const base = <usize>load<i32>(off + (<usize>s << 2));
    const n = load<i32>(off + (<usize>(s + 1) << 2)) - <i32>base;
    const b8 = base << 3;
    N = n;
    W = w + b8;
    XRE = xre + b8;
    XIM = xim + b8;
    FRE = fre + b8;
    FIM = fim + b8;
    RRE = rre + b8;
    RIM = rim + b8;
    COEF = coef + ((<usize>s * <usize>coefStride) << 3);
    TAU = tau + ((<usize>s * <usize>maxTau) << 3);
    const cm = curveMu + ((<usize>s * <usize>maxTau) << 3), cx = curveChi2 + ((<usize>s * <usize>maxTau) << 3);
    const maxM = load<i32>(maxMs + (<usize>s << 2));
    W_MIN = Infinity;
    W_MAX = 0;
    for (let i = 0; i < n; i++) {
      const wi = ld(W, i);
      W_MIN = Math.min(W_MIN, wi);
      W_MAX = Math.max(W_MAX, wi);
      const a = ld(XRE, i), b = ld(XIM, i);
      st(INVMAG, i, 1 / Math.sqrt(a * a + b * b));
    }
    let bestExt = 0;
    if (nExt > 1) {
      let bestChi2 = Infinity;
      for (let e = 0; e < nExt; e++) {
        const ext = ld(exts, e);
        scan(ext, rule, fixedM, maxM, c, beta, cm, cx);
        const chi2 = fitM(SCAN_M, ext);
        if (chi2 < bestChi2) {
          bestChi2 = chi2;
          bestExt = e;
        }
      }
    }
    const ext = ld(exts, bestExt);
    scan(ext, rule, fixedM, maxM, c, beta, cm, cx);
    // the chosen fit's outputs (and its rank flag): refit unless the scan ended on it
    const chi2 = SCAN_LAST_M == SCAN_M ? ld(cx, SCAN_COUNT - 1) : fitM(SCAN_M, ext);
    const rankDeficient = RANK_DEFICIENT;
    const o = summary + ((<usize>s * <usize>KK_SUMMARY_WORDS) << 3);
    st(o, KK_SUMMARY_M, <f64>SCAN_M);
    st(o, KK_SUMMARY_MU, muOf(SCAN_M));
    st(o, KK_SUMMARY_CHI2, chi2);
    st(o, KK_SUMMARY_EXT_INDEX, <f64>bestExt);
    st(o, KK_SUMMARY_FOUND, SCAN_FOUND ? 1 : 0);
    st(o, KK_SUMMARY_CURVE_LENGTH, <f64>SCAN_COUNT);
    st(o, KK_SUMMARY_RANK_DEFICIENT, rankDeficient ? 1 : 0);
  }
}
