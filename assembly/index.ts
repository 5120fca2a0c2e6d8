// The ABI: the only exports of the WASM module. Every kernel takes addresses (usize) and
// lengths into linear memory and allocates nothing; the TS side (bindings/engine.ts) owns
// the buffers. Memory is managed with the exported eis_alloc/eis_free (TLSF, runtime minimal).
import { valuesPass, sensitivityPass, workspaceBytes } from './program';
import { ld, st } from './memory';

/** Allocates `bytes` (16-byte aligned); returns the address. */
export function eis_alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block from eis_alloc. */
export function eis_free(ptr: usize): void {
  heap.free(ptr);
}

/** Workspace bytes for a program of `nodes` instructions over N frequencies. */
export function eis_workspace_bytes(nodes: i32, n: i32): usize {
  return workspaceBytes(nodes, n);
}

/** ω = 2πf and ln ω for N frequencies (the grid every kernel reads). */
export function eis_grid(freq: usize, n: i32, w: usize, lnw: usize): void {
  for (let i = 0; i < n; i++) {
    const wi = 2 * Math.PI * ld(freq, i);
    st(w, i, wi);
    st(lnw, i, Math.log(wi));
  }
}

function copyRoot(work: usize, n: i32, root: i32, outr: usize, outi: usize): void {
  memory.copy(outr, work + ((<usize>(2 * root) * <usize>n) << 3), <usize>n << 3);
  memory.copy(outi, work + ((<usize>(2 * root + 1) * <usize>n) << 3), <usize>n << 3);
}

/** Z of a circuit program at N frequencies into outr/outi. */
export function eis_impedance(code: usize, codeLen: i32, nodes: i32, params: usize, n: i32, w: usize, lnw: usize,
  work: usize, outr: usize, outi: usize): void {
  copyRoot(work, n, valuesPass(code, codeLen, nodes, params, n, w, lnw, work, 0, 0, 0), outr, outi);
}

/** Z for K parameter rows (K×P row-major) into K×N outputs, in one call. */
export function eis_impedance_many(code: usize, codeLen: i32, nodes: i32, params: usize, P: i32, K: i32, n: i32,
  w: usize, lnw: usize, work: usize, outr: usize, outi: usize): void {
  const rowBytes = <usize>n << 3;
  for (let k = 0; k < K; k++) {
    const root = valuesPass(code, codeLen, nodes, params + ((<usize>k * <usize>P) << 3), n, w, lnw, work, 0, 0, 0);
    copyRoot(work, n, root, outr + <usize>k * rowBytes, outi + <usize>k * rowBytes);
  }
}

/** Z and the analytic Jacobian ∂Z/∂p (N×P row-major, re and im planes). */
export function eis_jacobian(code: usize, codeLen: i32, nodes: i32, params: usize, P: i32, n: i32, w: usize, lnw: usize,
  work: usize, outr: usize, outi: usize, jr: usize, ji: usize): void {
  const stride = <usize>P << 3;
  const root = valuesPass(code, codeLen, nodes, params, n, w, lnw, work, jr, ji, stride);
  sensitivityPass(code, nodes, n, work, jr, ji, stride);
  copyRoot(work, n, root, outr, outi);
}

import { FitTask, FIT_TASK_WORDS, lmScratchWords, levenbergMarquardt, evalJacobian, setTolerances } from './lm';

/** 4-byte words of the fit task descriptor (layout check for the TS side). */
export function eis_fit_task_words(): i32 {
  return FIT_TASK_WORDS;
}

/** f64 words of LM scratch for a fit of N frequencies and m free parameters. */
export function eis_fit_scratch_words(n: i32, m: i32): i32 {
  return lmScratchWords(2 * n, m);
}

/**
 * One complete fit (the whole Levenberg–Marquardt loop) described by the FitTask at `task`,
 * from the internal start values `u` (m words, overwritten with the solution). Writes
 * [status, chi2, iterations, nfev, njev] to `out` and ∂r/∂p at the solution (2N × m,
 * natural units) to `jac`.
 */
export function eis_fit(task: usize, u: usize, ftol: f64, xtol: f64, gtol: f64, out: usize, jac: usize): void {
  const t = changetype<FitTask>(task);
  setTolerances(ftol, xtol, gtol);
  levenbergMarquardt(t, u, out);
  // the natural-units Jacobian for the covariance; r goes to the LM scratch
  evalJacobian(t, u, t.lm, jac, true);
}
