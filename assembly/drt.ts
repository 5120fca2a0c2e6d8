// The DRT inside WASM (specs/drt.md §1–§3, issue 12): the batch entry. The steps are in
// drt-matrices.ts (A, b, M, the normal equations), drt-lambda.ts (the λ scan of every method),
// drt-nnls.ts (the scaled active-set NNLS), drt-linalg.ts (Cholesky, tred2/tql2) over the scratch of
// drt-scratch.ts — the same algorithms as the TS core (src/reference/drt/, the oracle), step by
// step in the same order, with exp/ln from ./drt-math (the bits of src/math), so the two
// backends agree to the last bit wherever the order of operations is the same.
import { ld, st } from './memory';
import {
  DRT_MODE_REAL, DRT_MODE_IMAG, DRT_METHOD_RE_IM, DRT_WARN_ALL_NAN, DRT_GRID_POINTS,
  DRT_TASK_WORDS, DRT_TASK_RBF_SHAPE, DRT_TASK_PENALTY, DRT_TASK_INDUCTANCE, DRT_TASK_FREE_COLUMNS, DRT_TASK_MODE,
  DRT_TASK_TOEPLITZ_ALLOWED, DRT_TASK_LAMBDA, DRT_TASK_METHOD, DRT_TASK_RULE,
  DRT_OUTCOME_WORDS, DRT_OUTCOME_P, DRT_OUTCOME_R_INF_COLUMN, DRT_OUTCOME_L_COLUMN, DRT_OUTCOME_EPSILON, DRT_OUTCOME_TOEPLITZ,
  DRT_OUTCOME_LAMBDA, DRT_OUTCOME_INDEX, DRT_OUTCOME_ITERATIONS, DRT_OUTCOME_CONVERGED, DRT_OUTCOME_WARNINGS,
} from './generated/abi';
import { A, G, CV, MM, H, XF, YC, GRID, layout, ldi } from './drt-scratch';
import { buildMatrices, normalEquations, TOEPLITZ } from './drt-matrices';
import { nnls, NNLS_ITER, NNLS_CONVERGED, NNLS_WARN } from './drt-nnls';
import { scanReIm, scanRidge } from './drt-lambda';

export { drtScratchWords } from './drt-scratch';

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
  layout(scratch, nMax, grid);
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
