// The ABI of the global-fit module (build/global.wasm → dist/eiskit-global.wasm; issue 13): its
// only exports. A module of its own, loaded only by code that calls globalFit()
// (src/backend/wasm-global.ts), as the DRT's is: the core module carries none of it. It imports
// the circuit interpreter, the elements and the fit's residuals and Jacobian from source
// (./program.ts, ./lm.ts), so the binary has its own copy of that code and the source has one.
// Own memory and TLSF heap (eis_alloc/eis_free, as the core's), managed by its own Engine.
import { lmLoop, setTolerances } from './lm-loop';
import { setRepresentationScale } from './lm';
import { eis_grid } from './index';
import { setTemperatureScale } from './global-map';
import { ldi, st } from './memory';
import { ArrowheadModel, globalScratchWords } from './global-lm';
import { FitTask, GlobalTask, GLOBAL_OUTCOME_DENSE_FALLBACKS, ALGORITHM_LAMBDA0 } from './generated/abi';

/** Allocates `bytes` (16-byte aligned); returns the address. */
export function eis_alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block from eis_alloc. */
export function eis_free(ptr: usize): void {
  heap.free(ptr);
}

/** f64 words of the global fit's scratch (src/abi/sizes.ts globalScratchWords mirrors it). */
export function eis_global_scratch_words(S: i32, total: i32, nMax: i32, m: i32, G: i32, L: i32, dense: i32): i32 {
  return globalScratchWords(S, total, nMax, m, G, L, dense);
}

// static memory, no allocation: bind() sets every field
const MODEL = changetype<ArrowheadModel>(memory.data(offsetof<ArrowheadModel>()));

/**
 * One global fit, the whole Levenberg–Marquardt loop (lmLoop over the arrowhead model), from θ
 * (G + S·L words, overwritten with the solution). `fit` is a FIT_TASK with the program, the free
 * list, the workspace (for the largest spectrum), maxEvaluations and the representation; `task`
 * a GLOBAL_TASK with the spectra, their bounds, the roles and the scratch. Writes a
 * GLOBAL_OUTCOME record to `out`. ω and ln ω of every spectrum are computed here from `freq`.
 */
export function eis_global_lm(fit: usize, task: usize, freq: usize, theta: usize, out: usize,
  ftol: f64, xtol: f64, gtol: f64, c0: f64, tRef: f64, tHi: f64): void {
  const t = changetype<FitTask>(fit), g = changetype<GlobalTask>(task);
  setTolerances(ftol, xtol, gtol);
  setRepresentationScale(c0);
  setTemperatureScale(tRef, tHi);
  const total = ldi(g.off, g.S);
  eis_grid(freq, total, g.w, g.lnw);
  MODEL.bind(t, g, total);
  // the global fit keeps λ0 = LAMBDA0, no statistical stop and no phase B (why: the head of src/reference/lm.ts)
  lmLoop<ArrowheadModel>(MODEL, theta, t.maxEvaluations, out, ALGORITHM_LAMBDA0, 0, 0);
  st(out, GLOBAL_OUTCOME_DENSE_FALLBACKS, <f64>MODEL.fallbacks);
}

/**
 * Test hook (test/global-wasm.test.ts): the arrowhead model at θ — factorise (D from zero) and
 * one damped step at λ — against ArrowheadSystem / arrowheadModel of the TS reference. Writes
 * [χ², predicted reduction, dense fallbacks, δ (M words), D (M words)] to `out`.
 */
export function eis_global_step(fit: usize, task: usize, freq: usize, theta: usize, lambda: f64, out: usize, c0: f64, tRef: f64, tHi: f64): void {
  const t = changetype<FitTask>(fit), g = changetype<GlobalTask>(task);
  setRepresentationScale(c0);
  setTemperatureScale(tRef, tHi);
  const total = ldi(g.off, g.S);
  eis_grid(freq, total, g.w, g.lnw);
  MODEL.bind(t, g, total);
  const M = MODEL.m, delta = out + (3 << 3), d = delta + (<usize>M << 3);
  memory.fill(d, 0, <usize>M << 3);
  const chi2 = MODEL.factorise(theta, d);
  st(out, 0, chi2);
  st(out, 1, isNaN(chi2) ? NaN : MODEL.step(lambda, d, delta));
  st(out, 2, <f64>MODEL.fallbacks);
}
