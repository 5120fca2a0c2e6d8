// The ABI of the core WASM module (build/release.wasm → dist/eiskit.wasm): its only exports. The
// feature kernels are separate modules with their own entries (the DRT: assembly/drt-index.ts →
// build/drt.wasm → dist/eiskit-drt.wasm), so a bundle that never calls drt() carries none of them.
// Every kernel takes addresses (usize) and lengths into linear memory and allocates nothing; the
// TS side (src/backend/wasm.ts) owns the buffers. Memory is managed with the exported eis_alloc/eis_free (TLSF, runtime minimal).
import { valuesPass, trialPass, sensitivityPass, workspaceBytes, forgetValues, valuesReused } from './program';
import { ld, st } from './memory';
import { covariance, covarianceScratchWords } from './covariance';
import { kkScratchWords } from './linkk';
import {
  FIT_OUTCOME_WORDS, FIT_OUTCOME_STATUS, FIT_OUTCOME_CHI2, FIT_OUTCOME_ITERATIONS, FIT_OUTCOME_NFEV, FIT_OUTCOME_NJEV,
  FIT_OUTCOME_WARM_FALLBACK, FIT_OUTCOME_COVARIANCE_DETERMINED, FIT_OUTCOME_PHASE_B, WARM_START_TIE, JUDGEMENT_WORDS,
} from './generated/abi';

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
  forgetValues();
  for (let i = 0; i < n; i++) {
    const wi = 2 * Math.PI * ld(freq, i);
    st(w, i, wi);
    st(lnw, i, Math.log(wi));
  }
}

/** Whether the N frequencies at a and b have the same bits. */
function sameGrid(a: usize, b: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (load<i64>(a + (<usize>i << 3)) != load<i64>(b + (<usize>i << 3))) return false;
  return true;
}

function copyRoot(work: usize, n: i32, root: i32, outr: usize, outi: usize): void {
  memory.copy(outr, work + ((<usize>(2 * root) * <usize>n) << 3), <usize>n << 3);
  memory.copy(outi, work + ((<usize>(2 * root + 1) * <usize>n) << 3), <usize>n << 3);
}

/** Z of a circuit program at N frequencies into outr/outi. */
export function eis_impedance(code: usize, codeLen: i32, nodes: i32, params: usize, n: i32, w: usize, lnw: usize,
  work: usize, outr: usize, outi: usize): void {
  forgetValues();
  copyRoot(work, n, valuesPass(code, codeLen, nodes, params, n, w, lnw, work, 0, 0, 0), outr, outi);
}

/** Z for K parameter rows (K×P row-major) into K×N outputs, in one call. */
export function eis_impedance_many(code: usize, codeLen: i32, nodes: i32, params: usize, P: i32, K: i32, n: i32,
  w: usize, lnw: usize, work: usize, outr: usize, outi: usize): void {
  forgetValues();
  const rowBytes = <usize>n << 3;
  for (let k = 0; k < K; k++) {
    const root = valuesPass(code, codeLen, nodes, params + ((<usize>k * <usize>P) << 3), n, w, lnw, work, 0, 0, 0);
    copyRoot(work, n, root, outr + <usize>k * rowBytes, outi + <usize>k * rowBytes);
  }
}

/** Z and the analytic Jacobian ∂Z/∂p (N×P row-major, re and im planes). */
export function eis_jacobian(code: usize, codeLen: i32, nodes: i32, params: usize, P: i32, n: i32, w: usize, lnw: usize,
  work: usize, outr: usize, outi: usize, jr: usize, ji: usize): void {
  forgetValues();
  const stride = <usize>P << 3;
  const root = valuesPass(code, codeLen, nodes, params, n, w, lnw, work, jr, ji, stride);
  sensitivityPass(code, nodes, n, work, jr, ji, stride);
  copyRoot(work, n, root, outr, outi);
}

/**
 * Test hook (test/values-reuse.test.ts): eis_jacobian after a trial's values pass at the same
 * parameters (with its stash of Wo's and Ws's gradients), as a fit's Jacobian follows its
 * accepted trial, so that its values pass keeps the node values
 * where the circuit allows (./program.ts gradientPass). The same outputs as eis_jacobian, bit
 * for bit; returns 1 when the values were kept, 0 when everything was evaluated again.
 */
export function eis_jacobian_after_values(code: usize, codeLen: i32, nodes: i32, params: usize, P: i32, n: i32, w: usize, lnw: usize,
  work: usize, outr: usize, outi: usize, jr: usize, ji: usize): i32 {
  forgetValues();
  const stride = <usize>P << 3;
  trialPass(code, codeLen, nodes, params, n, w, lnw, work, jr, ji, stride);
  const root = valuesPass(code, codeLen, nodes, params, n, w, lnw, work, jr, ji, stride);
  const reused = valuesReused;
  sensitivityPass(code, nodes, n, work, jr, ji, stride);
  copyRoot(work, n, root, outr, outi);
  return reused ? 1 : 0;
}

import { FitTask, FIT_TASK_WORDS, lmScratchWords, levenbergMarquardt, jacobianAtParams, setTolerances, setRepresentationScale, warmStartValues, warmFailed, setParamsFrom, LAST_EVAL_AT_SOLUTION, FACTOR_GRAM, lmJacobian, paramDerivative, forgetLastEval } from './lm';

/** 4-byte words of the fit task descriptor (layout check for the TS side). */
export function eis_fit_task_words(): i32 {
  return FIT_TASK_WORDS;
}

/** f64 words of LM scratch for a fit of N frequencies and m free parameters. */
export function eis_fit_scratch_words(n: i32, m: i32): i32 {
  const a = lmScratchWords(2 * n, m), b = covarianceScratchWords(2 * n, m);
  return a > b ? a : b;
}

/**
 * κ² limit of the covariance from a Cholesky R (finishFit): R from the Cholesky factor of JᵀJ
 * carries a relative error of about u·κ² (κ of the column-equilibrated J; u = 1.1e-16) into
 * (JᵀJ)⁻¹, where Householder's is about u·κ. The pivot guard of the loop (ALGORITHM.GRAM_PIVOT)
 * does not bound κ, so finishFit estimates it from the covariance C it just formed:
 * κ² ≤ m·Σ_k ‖J_k‖²·C_kk (= ‖J_eq‖_F²·‖J_eq⁺‖_F², scale invariant), and above this limit evaluates
 * J again and takes Householder's covariance. Measured (review /tmp/review-s6-lm.md, issue 14
 * session 6), stderr error vs the SVD ≤ 3.2e-17 × the estimate: 1e9 bounds it by ~3e-8 — below the
 * WASM-vs-JS stderr differences that the parameters' own differences give (~1e-6 on such fits).
 * The estimate's largest values: noisy pellet batch 3.7e8, noise-free 3.4e8, Y/M 1.5e7, exampleData
 * 3.5e5, every element 4.6e4, so none of those fits pays the extra Jacobian; two CPE arcs with
 * τ₂/τ₁ = 1.05 reach 3e13 (stderr off by 6e-4 before this check), one fits.json problem 3e10 (4e-7).
 */
const COVARIANCE_GRAM_KAPPA2: f64 = 1e9;

/**
 * Finishes a fit: ∂r/∂p at the solution (2N × m, natural units, for the covariance) into
 * `jac` and the fitted Z into fr/fi.
 */
function finishFit(t: FitTask, u: usize, jac: usize, fr: usize, fi: usize, cov: usize, out: usize): void {
  const m = t.m;
  // Reuse LM's last factorisation when it was at the solution: ∂r/∂p = (∂r/∂u)·E with
  // E = diag(1/(∂p/∂u)), and RᵀR = JᵀJ for R from Householder QR or from the Cholesky factor
  // of JᵀJ alike, so (R·E)ᵀ(R·E) is the natural Jacobian's AᵀA. Not when a parameter sits on a
  // bound (∂p/∂u = 0), and only when jac (2N·m words) holds R·E and the covariance scratch
  // (3m² + 2m words). A Cholesky R only while κ² stays below COVARIANCE_GRAM_KAPPA2.
  let reuse = LAST_EVAL_AT_SOLUTION && 2 * t.n >= 3 * m + 2;
  for (let k = 0; k < m && reuse; k++) {
    const dp = paramDerivative(t, k);
    if (!(dp != 0) || !isFinite(1 / dp)) reuse = false;
  }
  if (reuse) {
    const rj = lmJacobian(t), rows = 2 * t.n;
    // R·E (m × m, column-major) first, the covariance scratch after it
    for (let k = 0; k < m; k++) {
      const e = 1 / paramDerivative(t, k);
      for (let i = 0; i < m; i++) st(jac, k * m + i, i <= k ? ld(rj, k * rows + i) * e : 0);
    }
    const determined = covariance(jac, m, m, jac + (<usize>(m * m) << 3), cov, rows);
    if (FACTOR_GRAM) {
      // κ² ≤ m·Σ_k ‖(R·E)_:k‖²·C_kk (covariance leaves R·E as it was; Infinity when not determined)
      let est: f64 = 0;
      for (let k = 0; k < m; k++) {
        let s: f64 = 0;
        for (let i = 0; i <= k; i++) s += ld(jac, k * m + i) * ld(jac, k * m + i);
        est += s * ld(cov, k * m + k);
      }
      if (!(<f64>m * est <= COVARIANCE_GRAM_KAPPA2)) reuse = false;
    }
    if (reuse) st(out, FIT_OUTCOME_COVARIANCE_DETERMINED, determined ? 1 : 0);
  }
  if (!reuse) {
    // at the parameters the fit ended with (t.params: after phase B u is no longer what set them)
    jacobianAtParams(t, t.lm, jac, true); // r goes to the LM scratch
    // unscaled covariance (the LM scratch is free now); out's covarianceDetermined = 1 when it could be determined
    st(out, FIT_OUTCOME_COVARIANCE_DETERMINED, covariance(jac, 2 * t.n, m, t.lm, cov) ? 1 : 0);
  }
  // the root node is the last instruction; its Z is still in the workspace
  const root = t.nodes - 1;
  memory.copy(fr, t.work + ((<usize>(2 * root) * <usize>t.n) << 3), <usize>t.n << 3);
  memory.copy(fi, t.work + ((<usize>(2 * root + 1) * <usize>t.n) << 3), <usize>t.n << 3);
}

/**
 * One complete fit (the whole Levenberg–Marquardt loop) described by the FitTask at `task`,
 * from the internal start values `u` (m words, overwritten with the solution). Writes
 * [status, chi2, iterations, nfev, njev] to `out`, ∂r/∂p at the solution to `jac` and the
 * fitted Z to fr/fi.
 */
export function eis_fit(task: usize, u: usize, ftol: f64, xtol: f64, gtol: f64, out: usize, jac: usize, fr: usize, fi: usize, cov: usize, c0: f64): void {
  const t = changetype<FitTask>(task);
  forgetValues();
  setTolerances(ftol, xtol, gtol);
  setRepresentationScale(c0);
  levenbergMarquardt(t, u, out, false);
  finishFit(t, u, jac, fr, fi, cov, out);
}

/**
 * K fits in one call. Spectrum k has N_k = off[k+1] − off[k] points starting at point off[k]
 * of the concatenated arrays freq/w/lnw/zre/zim/sre/sim/fr/fi; its parameter vector is row k
 * of `params` (K × P), its internal start values row k of `u` (K × m), its counters row k of
 * `out` (K FIT_OUTCOME records),
 * its unscaled covariance at cov + k·m² words, its Jacobian at
 * jac + 2·off[k]·m words. The task's workspace pointers must fit the largest N. With
 * `warmStart`, a fit starts from the previous solution when that fit succeeded (see
 * warmStartValues / warmFailed in lm.ts for the safeguards); with `firstHasPrevious` the rows
 * before row 0 of `u` and `out` hold a previous fit (from an earlier batch) for fit 0.
 * zre/zim hold the data in the task's representation (X_exp: Z, Y or M) and σ of X; `c0` is
 * the C0 of M = jωC0·Z (1 without geometry); the fitted values written to fr/fi stay Z.
 * With `judge` ≠ 0, the fits' quality verdict numbers follow them (judgeFit, as eis_judge_batch
 * computes them, after the last fit: one pass of the judge's code, measured as fast as its own
 * call; judged after each fit it was ~0.3 µs slower) into JUDGEMENT record k at `judge`, from the
 * measured Z at mre/mim (concatenated as zre; the zre/zim pointers themselves for Z), the fitted Z
 * in fr/fi and `order` (i32 per point, per spectrum its points in increasing frequency), with
 * judgeScratch laid out for nMax points and judgeResiduals' `floor`: the data stay where the fit read them.
 */
export function eis_fit_batch(task: usize, K: i32, off: usize, freq: usize, w: usize, lnw: usize, zre: usize, zim: usize,
  sre: usize, sim: usize, params: usize, u: usize, out: usize, jac: usize, fr: usize, fi: usize, cov: usize,
  warmStart: bool, firstHasPrevious: bool, ftol: f64, xtol: f64, gtol: f64, c0: f64,
  judge: usize, mre: usize, mim: usize, order: usize, judgeScratch: usize, nMax: i32, floor: f64): void {
  const t = changetype<FitTask>(task);
  forgetValues();
  setTolerances(ftol, xtol, gtol);
  setRepresentationScale(c0);
  const m = t.m, P = t.P;
  let gridBase: usize = 0, gridN = -1; // the spectrum before: its ω, ln ω are in place
  for (let k = 0; k < K; k++) {
    const base = <usize>load<i32>(off + (<usize>k << 2));
    const n = load<i32>(off + (<usize>(k + 1) << 2)) - <i32>base;
    const b8 = base << 3;
    t.n = n;
    t.w = w + b8;
    t.lnw = lnw + b8;
    t.zre = zre + b8;
    t.zim = zim + b8;
    t.sre = sre + b8;
    t.sim = sim + b8;
    t.params = params + ((<usize>k * <usize>P) << 3);
    // a spectrum on the grid of the one before (bit for bit) takes its ω and ln ω
    if (n == gridN && sameGrid(freq + (gridBase << 3), freq + b8, n)) {
      forgetValues();
      memory.copy(t.w, w + (gridBase << 3), <usize>n << 3);
      memory.copy(t.lnw, lnw + (gridBase << 3), <usize>n << 3);
    } else eis_grid(freq + b8, n, t.w, t.lnw);
    gridBase = base;
    gridN = n;
    const uk = u + ((<usize>k * <usize>m) << 3);
    const ok = out + (<usize>k * (FIT_OUTCOME_WORDS << 3));
    st(ok, FIT_OUTCOME_WARM_FALLBACK, 0);
    const prevOut = ok - (FIT_OUTCOME_WORDS << 3);
    if (warmStart && (k > 0 || firstHasPrevious) && ld(prevOut, FIT_OUTCOME_STATUS) > 0) {
      // spectrum k's Jacobian rows are free until finishFit: keep its own start values there
      const ownStart = jac + ((base * 2 * <usize>m) << 3);
      const warmSolution = ownStart + (<usize>m << 3);
      memory.copy(ownStart, uk, <usize>m << 3);
      warmStartValues(t, uk - (<usize>m << 3), uk);
      levenbergMarquardt(t, uk, ok, true);
      if (warmFailed(ld(ok, FIT_OUTCOME_STATUS), ld(ok, FIT_OUTCOME_CHI2), ld(prevOut, FIT_OUTCOME_CHI2))) {
        // a failed or much worse warm fit: fit again from the own start values, keep the better
        const warmStatus = ld(ok, FIT_OUTCOME_STATUS), warmChi2 = ld(ok, FIT_OUTCOME_CHI2);
        const warmIter = ld(ok, FIT_OUTCOME_ITERATIONS), warmNfev = ld(ok, FIT_OUTCOME_NFEV), warmNjev = ld(ok, FIT_OUTCOME_NJEV);
        const warmPhaseB = ld(ok, FIT_OUTCOME_PHASE_B);
        memory.copy(warmSolution, uk, <usize>m << 3);
        memory.copy(uk, ownStart, <usize>m << 3);
        levenbergMarquardt(t, uk, ok, false);
        if ((!(ld(ok, FIT_OUTCOME_STATUS) > 0) && warmStatus > 0) || (warmStatus > 0 && warmChi2 <= ld(ok, FIT_OUTCOME_CHI2) * (1 + WARM_START_TIE))) {
          memory.copy(uk, warmSolution, <usize>m << 3);
          st(ok, FIT_OUTCOME_STATUS, warmStatus);
          st(ok, FIT_OUTCOME_CHI2, warmChi2);
          st(ok, FIT_OUTCOME_ITERATIONS, warmIter);
          st(ok, FIT_OUTCOME_NFEV, warmNfev);
          st(ok, FIT_OUTCOME_NJEV, warmNjev);
          st(ok, FIT_OUTCOME_PHASE_B, warmPhaseB);
          setParamsFrom(t, uk);
          forgetLastEval(); // the scratch holds the cold fit, not this solution
        } else st(ok, FIT_OUTCOME_WARM_FALLBACK, 1);
      }
    } else levenbergMarquardt(t, uk, ok, false);
    finishFit(t, uk, jac + ((base * 2 * <usize>m) << 3), fr + b8, fi + b8, cov + ((<usize>k * <usize>(m * m)) << 3), ok);
  }
  if (judge == 0) return;
  // the verdicts after all fits (one pass of the judge's code, as eis_judge_batch)
  judgeScratchAt(judgeScratch, nMax);
  for (let k = 0; k < K; k++) {
    const base = <usize>load<i32>(off + (<usize>k << 2));
    const n = load<i32>(off + (<usize>(k + 1) << 2)) - <i32>base;
    const b8 = base << 3;
    judgeFit(n, mre + b8, mim + b8, fr + b8, fi + b8, order + (base << 2), m, floor, judge + (<usize>k * (JUDGEMENT_WORDS << 3)));
  }
}

export { eis_linkk_batch } from './linkk';

/** f64 words of Lin-KK scratch for spectra of at most N points and `maxCols` coefficients. */
export function eis_linkk_scratch_words(n: i32, maxCols: i32): i32 {
  return kkScratchWords(n, maxCols);
}

export { eis_judge_batch } from './judge';
import { judgeScratchWords, judgeScratchAt, judgeFit } from './judge';

/** f64 words of the quality verdict's scratch for spectra of at most N points (eis_judge_batch). */
export function eis_judge_scratch_words(n: i32): i32 {
  return judgeScratchWords(n);
}

export { eis_guess_arc_sums } from './guess';
export { eis_guess_points, eis_guess_noise, eis_guess_peaks, eis_guess_subtract_tail, eis_guess_trim, eis_guess_sub_arc, eis_guess_tail_sums, eis_guess_arc_at_tail, eis_guess_input, eis_guess_measure } from './guess-passes';
