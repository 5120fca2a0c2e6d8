/**
 * initialGuess(): start values for every parameter of a circuit, estimated from the spectrum
 * by arc geometry — no fitting loop, no random search: a few O(N) passes with closed forms
 * and 2×2 least squares.
 *
 * 1. Structure (./plan.ts). The root is read as a series of terms: lone R (high-frequency
 *    intercept), arcs (a parallel with a resistive and a capacitive path, or K/Zarc/H/G/Gs/Ws/T),
 *    tails (lone C/CPE/W/Wo/TLMQ, or a parallel of such) and inductors, by the roles the element
 *    files declare. Arcs are assigned in order of decreasing apex frequency, left to right
 *    (impedance.py's convention).
 * 2. Features (./features.ts, ./arcs.ts, ./circle.ts, ./peaks.ts), each measured on the data with
 *    the other features' models subtracted:
 *    - inductance from the inductive top of the band: Im Z·ω = ω²L − c over two points;
 *    - low-frequency tail as a CPE, from the lowest points:
 *        α = −d ln|Z''|/d ln ω,   Q = sin(απ/2)/(|Z''| ω^α);
 *    - arcs: peaks of the smoothed −Im Z ranked by prominence over |Z|; a Kåsa circle fit of
 *      each arc's points (exact for an R‖CPE arc, whose Nyquist plot is a depressed circle,
 *      also on a partial arc) gives the real-axis intercepts x_hf, x_hf + ΔR; then per point
 *        u = ΔR/(Z − x_hf) − 1 = (jωτ)^α   →   α = arg(u)/(π/2),  ln τ = ln|u|/α − ln ω,
 *      averaged with weights |u|/(1 + |u|²) (largest near the apex). Several arcs are
 *      measured one at a time with the others' ZARC models subtracted (Gauss–Seidel sweeps);
 *      arcs hidden as shoulders are looked for in what the found arcs leave; arcs not in the
 *      data at all are placed above the band, sharing the high-frequency intercept.
 *    The tail and the arcs alternate: tail → arcs → tail without the arcs → arcs → …, at most
 *    three rounds, fewer when the change is below the noise of the data.
 * 3. Parameters from the features (./assign.ts) by each element's start-value rule (its file in
 *    src/elements/); anything unmapped gets a default scaled to the data (|Z|, 1/ω in the
 *    middle of the band). Every value ends finite and strictly inside the element table's bounds.
 *
 * Each call works on its own scratch (./work.ts): nothing is kept between calls but the
 * per-circuit plan cache and the scratch itself, reset to zero before the next call takes it.
 */
import type { GuessKernels } from '../backend/types.ts';
import type { Circuit } from '../circuit/circuit.ts';
import { Assigner, finishParams } from './assign.ts';
import { extractFeatures } from './features.ts';
import { planFor } from './plan.ts';
import { prepare, releaseWork, type GuessSpectrum } from './work.ts';

export type { GuessSpectrum } from './work.ts';

/**
 * Start values for every parameter of `circuit`, estimated from the spectrum (freq Hz,
 * Z = re + j·im, physical sign: capacitive im < 0). Never throws for valid input; always
 * returns finite values inside the element table bounds (strictly inside for bounded ones).
 * Cheap (a few passes over the points), so it can precede every fit of a batch.
 * @throws EisError when `spectrum` is not { freq, re, im } of equal-length numeric arrays.
 * @example
 * const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
 * const r = fit(c, data, { initial: initialGuess(c, data) });
 */
export function initialGuess(circuit: Circuit, spectrum: GuessSpectrum): Float64Array {
  return guessWith(circuit, spectrum, null);
}

/**
 * initialGuess with its numeric passes in a backend's kernels (fit and fitBatch on the WASM
 * backend: `backend.guess`), or the TS passes for null: the same values either way.
 */
export function guessWith(circuit: Circuit, spectrum: GuessSpectrum, kernels: GuessKernels | null): Float64Array {
  const plan = planFor(circuit);
  const ws = prepare(spectrum, kernels);
  try {
    const p = new Float64Array(circuit.paramNames.length).fill(Number.NaN);
    if (ws.n > 0) new Assigner(p, plan, ws, extractFeatures(ws, plan)).run();
    finishParams(circuit, p, ws);
    return p;
  } finally {
    // also after a throw (a trap in a pass): the kernels' memory is handed back
    releaseWork(ws);
  }
}
