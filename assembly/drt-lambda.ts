// The λ scan of the DRT kernel (specs/drt.md §3; src/reference/drt/lambda.ts in the same order of
// operations): the ridge of mgcv/gcv/rgcv/lcurve from one simultaneous diagonalisation at λ_ref,
// then closed-form traces per λ; re-im by warm-started NNLS of the Re and Im rows.
import { ld, st } from './memory';
import { dlog } from './drt-math';
import { DRT_METHOD_MGCV, DRT_METHOD_RGCV, DRT_METHOD_LCURVE, DRT_RULE_ARGMIN, DRT_GRID_POINTS } from './generated/abi';
import {
  A, B, G, CV, MM, H, LL, YM, CM, VT, WM, U, UT, RR, DG, THETA, EV, GAM, BETA, TV, CIM, WRE, WIM, XR, XI, XH1, XH2,
  RHO, ETA, GRID, rowSubScaled, rowAddScaled, rowScale, rowScaledSum,
} from './drt-scratch';
import { normalEquations } from './drt-matrices';
import { cholesky, tred2, tql2 } from './drt-linalg';
import { nnls } from './drt-nnls';

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

export function selectLambda(score: usize, rule: i32, delta: f64): i32 {
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
export function scanRidge(p: i32, r0: i32, r1: i32, method: i32, rule: i32, score: usize): i32 {
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
export function scanReIm(n: i32, p: i32, rule: i32, score: usize): i32 {
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
