/**
 * DRT test spectra and the DRT outputs that must be bit-identical in Node and Chromium (the
 * WASM kernel assembly/drt.ts and the TS core behind the JS backend). Spectra are exact
 * R∞ + ZARC/RC arcs + jωL with seeded noise, built with src/math (the same bits everywhere);
 * the browser side still receives them from Node as raw bytes, like test/cross-runtime-fits.ts.
 */
import { cos, exp, log, pow, sin } from '../src/math/index.ts';
import { Random } from '../src/random.ts';
import { createEngine, type Engine } from '../src/index.ts';
import { jsDrtKernels } from '../src/backend/js-drt.ts';
import { wasmBackend } from '../src/backend/wasm.ts';
import { wasmDrtKernels } from '../src/backend/wasm-drt.ts';
import type { DrtOutcome, DrtProblem } from '../src/types/drt.ts';
import { fromBase64, toBase64 } from './cross-runtime-cases.ts';
import type { EncodedSpectrum } from './cross-runtime-fits.ts';

/** One arc: R/(1 + (jωτ)^φ) (φ = 1: an RC). */
export interface Arc { R: number; tau: number; phi: number }

/** A spectrum sorted by descending f (the order a DRT problem has). */
export interface DrtSpectrum { freq: Float64Array; re: Float64Array; im: Float64Array }

/**
 * R∞ + Σ arcs + jωL at `freq`, plus Gaussian noise of `noise`·|Z| per component (seeded).
 */
export function drtSpectrum(freq: Float64Array, rInf: number, L: number, arcs: readonly Arc[], noise: number, seed: number): DrtSpectrum {
  const n = freq.length, re = new Float64Array(n), im = new Float64Array(n);
  const rnd = new Random(seed);
  for (let k = 0; k < n; k++) {
    const w = 2 * Math.PI * freq[k]!;
    let zr = rInf, zi = w * L;
    for (const { R, tau, phi } of arcs) {
      const m = pow(w * tau, phi), a = (phi * Math.PI) / 2;
      const dr = 1 + m * cos(a), di = m * sin(a), d = dr * dr + di * di;
      zr += (R * dr) / d;
      zi -= (R * di) / d;
    }
    const mag = Math.sqrt(zr * zr + zi * zi);
    re[k] = zr + noise * mag * rnd.normal();
    im[k] = zi + noise * mag * rnd.normal();
  }
  return { freq, re, im };
}

/** n frequencies from fmax down to fmin, log-uniform, or jittered by up to ±`jitter` of a step in log f. */
export function drtFrequencies(fmax: number, fmin: number, n: number, jitter = 0, seed = 1): Float64Array {
  const a = log(fmax), b = log(fmin), rnd = new Random(seed);
  return Float64Array.from({ length: n }, (_, k) => {
    const j = k === 0 || k === n - 1 ? 0 : jitter * (rnd.uniform() - 0.5);
    return exp(a + ((k + j) / (n - 1)) * (b - a));
  });
}

/** A problem with the core's defaults (specs/drt.md: c = 0.5, order 1, L column, mGCV + plateau). */
export function drtProblem(s: DrtSpectrum, o: Partial<Omit<DrtProblem, 'freq' | 're' | 'im'>> = {}): DrtProblem {
  return {
    freq: s.freq, re: s.re, im: s.im, rbfShape: 0.5, penalty: 1, inductance: true, freeColumns: false, mode: 'complex',
    build: 'auto', lambda: null, lambdaMethod: 'mgcv', lambdaRule: 'plateau', ...o,
  };
}

/** The option variants the cross-runtime comparison runs on every spectrum. */
export const DRT_VARIANTS: readonly Partial<DrtProblem>[] = [
  {}, { lambdaMethod: 'gcv' }, { lambdaMethod: 'rgcv', lambdaRule: 'argmin' }, { lambdaMethod: 're-im' }, { lambdaMethod: 'lcurve' },
  { lambda: 1e-7 }, { lambda: 10, penalty: 2 }, { mode: 'real' }, { mode: 'imag' }, { build: 'full', freeColumns: true },
];

/** Every number of an outcome as `path=bits` lines (IEEE-754 bits: -0 and NaN payloads show). */
export function outcomeLines(label: string, o: DrtOutcome): string[] {
  const bits = (v: number) => {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, v);
    return dv.getBigUint64(0).toString(16);
  };
  const lines: string[] = [];
  const arr = (name: string, a: Float64Array) => a.forEach((v, i) => lines.push(`${label}.${name}[${i}]=${bits(v)}`));
  arr('x', o.x);
  arr('y', o.y);
  arr('fittedRe', o.fittedRe);
  arr('fittedIm', o.fittedIm);
  if (o.lambdaCurve) {
    arr('score', o.lambdaCurve.score);
    lines.push(`${label}.index=${o.lambdaCurve.index}`);
  }
  for (const k of ['n', 'p', 'rInfColumn', 'lColumn', 'epsilon', 'lambda', 'iterations'] as const) lines.push(`${label}.${k}=${bits(o[k])}`);
  lines.push(`${label}.toeplitz=${o.toeplitz}`, `${label}.converged=${o.converged}`, `${label}.warnings=${o.warnings.join('|')}`);
  return lines;
}

/** The spectra of the comparison (made in Node). */
export function crossRuntimeDrtSpectra(): EncodedSpectrum[] {
  const f81 = drtFrequencies(1e6, 1e-2, 81), fj = drtFrequencies(1e5, 0.1, 40, 0.8, 4);
  const list = [
    drtSpectrum(f81, 10, 5e-6, [{ R: 60, tau: 2e-5, phi: 0.8 }, { R: 120, tau: 2e-2, phi: 0.75 }], 0.005, 1),
    drtSpectrum(f81, 10, 0, [{ R: 50, tau: 1e-2, phi: 0.7 }], 0, 1),
    drtSpectrum(fj, 3, 0, [{ R: 200, tau: 1e-3, phi: 1 }], 0.01, 7),
  ];
  return list.map((s) => ({ freq: toBase64(s.freq), re: toBase64(s.re), im: toBase64(s.im) }));
}

/** Outputs of every variant on every spectrum: WASM in one K-problem call, and the JS backend. */
export function drtOutputs(spectra: readonly EncodedSpectrum[], engine: Engine): Record<string, string[]> {
  const problems: DrtProblem[] = [], labels: string[] = [];
  spectra.forEach((e, i) => {
    const s = { freq: fromBase64(e.freq), re: fromBase64(e.re), im: fromBase64(e.im) };
    DRT_VARIANTS.forEach((v, j) => {
      problems.push(drtProblem(s, v));
      labels.push(`spectrum ${i} variant ${j}`);
    });
  });
  const out: Record<string, string[]> = {};
  wasmDrtKernels(wasmBackend(engine)).drt(problems).forEach((o, k) => (out[`wasm ${labels[k]}`] = outcomeLines('', o)));
  jsDrtKernels.drt(problems).forEach((o, k) => (out[`js ${labels[k]}`] = outcomeLines('', o)));
  return out;
}

/** What the Node side of the comparison returns. */
export async function nodeDrtSide(): Promise<{ spectra: EncodedSpectrum[]; outputs: Record<string, string[]> }> {
  const spectra = crossRuntimeDrtSpectra();
  return { spectra, outputs: drtOutputs(spectra, await createEngine()) };
}
