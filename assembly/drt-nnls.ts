// The scaled active-set NNLS of the DRT kernel (specs/drt.md §2; src/reference/drt/nnls.ts in the
// same order of operations): min ½xᵀHx − cᵀx, x ≥ 0 except the free columns.
import { ld, st } from './memory';
import { DRT_WARN_NNLS_FREE_SINGULAR, DRT_WARN_NNLS_CAP, DRT_WARN_NNLS_BLOCKED } from './generated/abi';
import { EPS, LL, HS, ND, CS, YV, PASS, IDX, SV, WV, BLK, SAVED, SAVEDP, RV, ldi, sti, rowScaledSum } from './drt-scratch';
import { choleskyRows, cholSolve } from './drt-linalg';

// ---------------------------------------------------------------- NNLS (§2)

export let NNLS_ITER: i32 = 0;
export let NNLS_CONVERGED: bool = true;
export let NNLS_WARN: i32 = 0;
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
export function nnls(h: usize, c: usize, p: i32, warm: usize, free: bool, freeFrom: i32, out: usize): void {
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
