/** Simulated spectra, optionally with seeded Gaussian noise. */
import type { Circuit, ParamInput } from './circuit/circuit.ts';
import { exp10, hypot, log10 } from './math/index.ts';
import type { ComputeOptions } from './backend/select.ts';
import { checkNonNegative, checkOptions, toFrequencies, type NumericArray } from './validate.ts';
import { Random } from './random.ts';
import { EisError, show } from './errors.ts';
import type { Spectrum } from './types/spectrum.ts';

/** An impedance spectrum: frequencies (Hz) and Z in planar form with the physical sign (the one spectrum type, src/types/spectrum.ts). */
export type { Spectrum };

export interface SimulateOptions extends ComputeOptions {
  /** Gaussian noise on Re and Im with sd = `noise`·|Z| (relative, e.g. 0.01 = 1 %). @default 0 */
  noise?: number;
  /** Additional Gaussian noise on Re and Im with this sd in Ohm. @default 0 */
  noiseAbsolute?: number;
  /** Seed of the noise (the same seed gives the same spectrum everywhere). @default 1 */
  seed?: number;
}

/**
 * A spectrum of `circuit` at `freq` (Hz) with `params`, with optional seeded noise.
 * @example
 * const s = simulate(parseCircuit('R0-p(R1,CPE1)'), [1, 10, 100], [10, 1e3, 1e-6, 0.9], { noise: 0.01, seed: 7 });
 */
export function simulate(circuit: Circuit, freq: NumericArray, params: ParamInput, options: SimulateOptions = {}): Spectrum {
  const opts = checkOptions('options', options) as SimulateOptions;
  const noise = checkNonNegative('noise', opts.noise ?? 0);
  const noiseAbs = checkNonNegative('noiseAbsolute', opts.noiseAbsolute ?? 0);
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) throw new EisError('E_ARG_TYPE', `invalid option. \`seed\` must be an integer; got ${show(seed)}.`, { argument: 'seed' });
  const f = toFrequencies(freq);
  const z = circuit.impedance(f, params, opts);
  if (noise > 0 || noiseAbs > 0) {
    const rng = new Random(seed);
    for (let i = 0; i < f.length; i++) {
      const sd = noise * hypot(z.re[i]!, z.im[i]!) + noiseAbs;
      z.re[i] = z.re[i]! + sd * rng.normal();
      z.im[i] = z.im[i]! + sd * rng.normal();
    }
  }
  return { freq: f, re: z.re, im: z.im };
}

/** `n` log-spaced frequencies from `fmax` down to `fmin` (Hz), the usual sweep order. */
export function logFrequencies(fmax: number, fmin: number, n: number): Float64Array {
  if (!(fmax > 0 && fmin > 0 && Number.isFinite(fmax) && Number.isFinite(fmin))) {
    throw new EisError('E_NONPOSITIVE_FREQ', `invalid argument. frequencies must be positive and finite; got fmax = ${show(fmax)}, fmin = ${show(fmin)}.`, { argument: fmax > 0 && Number.isFinite(fmax) ? 'fmin' : 'fmax', fmax, fmin });
  }
  if (!Number.isInteger(n) || n < 1) throw new EisError('E_ARG_RANGE', `invalid argument. \`n\` must be an integer ≥ 1; got ${show(n)}.`, { argument: 'n' });
  const out = new Float64Array(n);
  const a = log10(fmax), b = log10(fmin);
  for (let i = 0; i < n; i++) out[i] = exp10(n === 1 ? a : a + ((b - a) * i) / (n - 1));
  return out;
}
