/**
 * Fits, batch fits and Lin-KK tests whose complete results must be bit-identical in Node and
 * Chromium: every number of every result (params, stderr, covariance, chi2, fitted, residuals,
 * iterations/nfev/njev, status, quality verdict and reasons; Lin-KK M, μ, residuals, pass,
 * statistics, …) flattened into path → IEEE-754 bits, on the WASM backend and on the JS
 * reference backend. The spectra are made once, in Node, and sent to the browser as raw bytes.
 * The JS around the kernels (start values, parameter transforms, F_ext candidates, verdict
 * statistics) and the JS reference use src/math, whose results do not depend on the engine's
 * Math.*.
 */
import { createEngine, fitBatch, fit, globalFit, linKK, logFrequencies, parseCircuit, simulate, type Engine, type LinKKOptions } from '../src/index.ts';
import { fromBase64, toBase64 } from './cross-runtime-cases.ts';

/** A spectrum as base64 of its Float64Array bytes. */
export interface EncodedSpectrum { freq: string; re: string; im: string }

const PELLET = 'R0-p(R1,CPE1)-CPE2';
const PELLET_PARAMS = [120, 2400, 3e-10, 0.88, 4e-6, 0.7];
const TWO_ARCS = 'R0-p(R1,C1)-p(R2-Wo1,C2)';
const TWO_ARCS_PARAMS = [15, 800, 2e-9, 300, 150, 0.8, 5e-6];

/**
 * Noisy spectra (1 % of |Z|, src/random.ts): the sixth drifting (not Kramers–Kronig consistent),
 * the seventh with R0 = 0, which the fit reaches by phase B's bound steps (src/reference/lm.ts).
 */
export function crossRuntimeSpectra(): EncodedSpectrum[] {
  const freq = logFrequencies(1e6, 0.05, 61);
  const pellet = parseCircuit(PELLET), arcs = parseCircuit(TWO_ARCS);
  const spectra = [1, 2, 3, 4].map((seed) => simulate(pellet, freq, PELLET_PARAMS.map((p, k) => (k === 1 ? p * (1 + 0.05 * seed) : p)), { noise: 0.01, seed }));
  spectra.push(simulate(arcs, freq, TWO_ARCS_PARAMS, { noise: 0.005, seed: 9 }));
  const drift = simulate(pellet, freq, PELLET_PARAMS, { noise: 0.002, seed: 11 });
  for (let i = 0; i < freq.length; i++) {
    const g = 1 + (0.08 * i) / freq.length; // the sample changes during the sweep
    drift.re[i] = drift.re[i]! * g;
  }
  spectra.push(drift);
  spectra.push(simulate(pellet, freq, [0, ...PELLET_PARAMS.slice(1)], { noise: 0.01, seed: 24 }));
  return spectra.map((s) => ({ freq: toBase64(s.freq), re: toBase64(s.re), im: toBase64(s.im) }));
}

function decode(s: EncodedSpectrum): { freq: Float64Array; re: Float64Array; im: Float64Array } {
  return { freq: fromBase64(s.freq), re: fromBase64(s.re), im: fromBase64(s.im) };
}

const bits = new DataView(new ArrayBuffer(8));
function hex(x: number): string {
  bits.setFloat64(0, x);
  return bits.getUint32(0).toString(16).padStart(8, '0') + bits.getUint32(4).toString(16).padStart(8, '0');
}

/** Every leaf of a result as "path=value" (numbers as their IEEE-754 bits), in a fixed key order. */
export function flatten(value: unknown, path: string, out: string[]): string[] {
  if (typeof value === 'number') out.push(`${path}=${hex(value)} (${value})`);
  else if (value instanceof Float64Array) value.forEach((v, i) => out.push(`${path}[${i}]=${hex(v)} (${v})`));
  else if (ArrayBuffer.isView(value)) out.push(`${path}=${Array.from(value as Int32Array).join(',')}`);
  else if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value).sort()) flatten((value as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else out.push(`${path}=${JSON.stringify(value)}`);
  return out;
}

/** The Lin-KK variants compared: every method and both verdicts. */
export const KK_VARIANTS: [string, LinKKOptions][] = [
  ['noise/statistics', { method: 'noise' }],
  ['noise/threshold', { method: 'noise', verdict: 'threshold', threshold: 0.002 }],
  ['mu/statistics', { method: 'mu' }],
  ['mu/threshold', { method: 'mu', verdict: 'threshold' }],
  ['score/statistics', { method: 'score', extension: 'auto', extensionSteps: 5 }],
  ['score/threshold', { method: 'score', verdict: 'threshold' }],
  ['fixed M/statistics', { M: 12 }],
  ['Y, real/statistics', { method: 'mu', representation: 'Y', fitType: 'real' }],
];

/** Each labelled computation's flattened result, on the WASM backend of `engine`. */
export async function fitOutputs(encoded: readonly EncodedSpectrum[], engine: Engine): Promise<Record<string, string[]>> {
  const spectra = encoded.map(decode);
  const pellet = parseCircuit(PELLET), arcs = parseCircuit(TWO_ARCS);
  const wasm = { engine, backend: 'wasm' as const };
  const out: Record<string, string[]> = {};
  const keep = (label: string, value: unknown) => { out[label] = flatten(value, label, []); };
  keep('fit, given start values', fit(pellet, spectra[0]!, { ...wasm, initial: [100, 2000, 1e-10, 0.9, 1e-6, 0.8] }));
  keep('fit, estimated start values (pellet)', fit(pellet, spectra[1]!, wasm));
  keep('fit, estimated start values (two arcs, Warburg)', fit(arcs, spectra[4]!, wasm));
  keep('fit, starts: 4', fit(pellet, spectra[2]!, { ...wasm, starts: 4, seed: 3 }));
  keep('fit, bounded and fixed', fit(pellet, spectra[3]!, { ...wasm, fixed: { R0: 120 }, bounds: { 'CPE1.alpha': [0.5, 0.95] } }));
  keep('fit, R0 = 0 (phase B, bound steps)', fit(pellet, spectra[6]!, wasm));
  keep('fit, wrong model (quality reasons)', fit(parseCircuit('R0-p(R1,CPE1)'), spectra[4]!, wasm));
  keep('fit, representation Y (unit weighting)', fit(pellet, spectra[1]!, { ...wasm, representation: 'Y', weighting: 'unit' }));
  keep('fit, representation M (geometry, unit weighting)', fit(arcs, spectra[4]!, { ...wasm, representation: 'M', geometry: { thicknessCm: 0.1, areaCm2: 1 }, weighting: 'unit' }));
  keep('fitBatch, warmStart', await fitBatch(pellet, spectra.slice(0, 4), { ...wasm, warmStart: true }));
  // the global fit (the LM loop in the WASM global module, start values by fitBatch on WASM): R1 under a law in T, CPE1 shared
  keep('globalFit, R1 sigma, CPE1 shared', await globalFit(pellet, spectra.slice(0, 4).map((sp, k) => ({ ...sp, temperatureK: 400 + 20 * k })), { ...wasm, shared: ['CPE1.Q', 'CPE1.alpha'], arrhenius: { R1: 'sigma' } }));
  keep('globalFit in M (geometry), R1 sigmaT, CPE2 shared', await globalFit(pellet, spectra.slice(0, 4).map((sp, k) => ({ ...sp, temperatureK: 400 + 20 * k })), { ...wasm, representation: 'M', geometry: { thicknessCm: 0.1, areaCm2: 0.5 }, shared: ['CPE2.Q', 'CPE2.alpha'], arrhenius: { R1: 'sigmaT' }, lackOfFit: false }));
  for (const [label, options] of KK_VARIANTS) {
    keep(`linKK ${label}`, [spectra[0]!, spectra[4]!, spectra[5]!].map((s) => linKK(s, { ...wasm, ...options })));
  }
  // the JS reference backend (no WASM: workerd without a module, old browsers) is deterministic too
  const js = { backend: 'js' as const };
  keep('js backend: fit, estimated start values (two arcs, Warburg)', fit(arcs, spectra[4]!, js));
  keep('js backend: fit, R0 = 0 (phase B, bound steps)', fit(pellet, spectra[6]!, js));
  keep('js backend: fit, starts: 2', fit(pellet, spectra[2]!, { ...js, starts: 2, seed: 5 }));
  keep('js backend: linKK noise/statistics', [spectra[0]!, spectra[5]!].map((s) => linKK(s, js)));
  return out;
}

/** What the Node side of the fit comparison returns (run by vitest.config.ts's browser command). */
export async function nodeFitSide(): Promise<{ spectra: EncodedSpectrum[]; outputs: Record<string, string[]> }> {
  const spectra = crossRuntimeSpectra();
  return { spectra, outputs: await fitOutputs(spectra, await createEngine()) };
}
