/**
 * The clear-cut Lin-KK cases of issue 10, generated with seeded noise (src/random.ts), for the
 * tests (Node and Chromium) and bench/kk-verdict.ts. Valid: 2-RC, ZARC (R‖CPE),
 * Havriliak–Negami and the blocking-electrode pellet, noise-free or with 0.5 % Gaussian noise
 * (σ = 0.005·|Z| on both parts, or 0.005·|part| on each part). Invalid: a low-frequency
 * resistance drifting 20 % during the sweep, a 3 % non-causal bump on Re Z, mains pickup (a
 * narrow spike at 50 Hz).
 */
import { logFrequencies, parseCircuit } from '../src/index.ts';
import { Random } from '../src/random.ts';

export interface KkCase {
  name: string;
  circuit: string;
  params: number[];
  /** Index of the low-frequency resistance that drifts. */
  drifting: number;
}

export const VALID_CIRCUITS: readonly KkCase[] = [
  // arcs at 16 kHz and 32 Hz
  { name: '2-RC', circuit: 'R0-p(R1,C1)-p(R2,C2)', params: [50, 1000, 1e-8, 5000, 1e-6], drifting: 3 },
  // R‖CPE: τ = (R·Q)^(1/α) = 4.2e-4 s, 380 Hz
  { name: 'ZARC', circuit: 'R0-p(R1,CPE1)', params: [20, 2000, 1e-6, 0.8], drifting: 1 },
  // R/(1 + (jωτ)^α)^β at 160 Hz
  { name: 'Havriliak–Negami', circuit: 'R0-H1', params: [15, 3000, 1e-3, 0.8, 0.6], drifting: 1 },
  // bulk arc at 4.4 kHz (τ = (R·Q)^(1/α)), blocking electrode below
  { name: 'pellet', circuit: 'R0-p(R1,CPE1)-CPE2', params: [100, 1e4, 1e-8, 0.9, 1e-6, 0.8], drifting: 1 },
];

/** The grids: 81 points 1 MHz–10 mHz and 71 points 100 kHz–10 mHz (10 per decade, one at 50.1 Hz). */
export const GRIDS = { 81: logFrequencies(1e6, 1e-2, 81), 71: logFrequencies(1e5, 1e-2, 71) } as const;

export type NoiseConvention = 'modulus' | 'parts';

export interface Spectrum { freq: Float64Array; re: Float64Array; im: Float64Array }

/** Z of a case on a grid, with the parameters changed per point by `vary` (drift). */
function exact(c: KkCase, freq: Float64Array, vary?: (i: number, p: number[]) => number[]): Spectrum {
  const circuit = parseCircuit(c.circuit);
  const n = freq.length;
  const re = new Float64Array(n), im = new Float64Array(n);
  if (!vary) {
    const z = circuit.impedance(freq, c.params, { backend: 'js' });
    return { freq, re: z.re, im: z.im };
  }
  for (let i = 0; i < n; i++) {
    const z = circuit.impedance([freq[i]!], vary(i, c.params.slice()), { backend: 'js' });
    re[i] = z.re[0]!;
    im[i] = z.im[0]!;
  }
  return { freq, re, im };
}

/** Adds Gaussian noise of relative level `level` in place: σ = level·|Z| on both parts ('modulus') or level·|Re Z|, level·|Im Z| ('parts'). */
export function addNoise(s: Spectrum, level: number, seed: number, convention: NoiseConvention = 'modulus'): Spectrum {
  if (level === 0) return s;
  const rng = new Random(seed);
  for (let i = 0; i < s.freq.length; i++) {
    const m = Math.hypot(s.re[i]!, s.im[i]!);
    const a = convention === 'modulus' ? m : Math.abs(s.re[i]!), b = convention === 'modulus' ? m : Math.abs(s.im[i]!);
    s.re[i] = s.re[i]! + level * a * rng.normal();
    s.im[i] = s.im[i]! + level * b * rng.normal();
  }
  return s;
}

/** A valid spectrum. */
export function validSpectrum(c: KkCase, n: 71 | 81, level: number, seed: number, convention: NoiseConvention = 'modulus'): Spectrum {
  return addNoise(exact(c, GRIDS[n]), level, seed, convention);
}

export type Artefact = 'drift' | 'bump' | 'pickup';

/**
 * An invalid spectrum (the sweep runs from high to low frequency):
 * - drift: the case's low-frequency resistance grows linearly by 20 % from the first point to the last;
 * - bump: Re Z + 3 %·|Z|·exp(−(log₁₀(f/f₀))²/(2·0.3²)) at f₀ = the middle of the grid (log scale), Im Z unchanged (non-causal);
 * - pickup: Z + 5 %·|Z|·(1 − j)/√2·L(f), L a Lorentzian of half-width 1 Hz at 50 Hz (one point of the grid).
 */
export function invalidSpectrum(c: KkCase, artefact: Artefact, n: 71 | 81, level: number, seed: number, convention: NoiseConvention = 'modulus'): Spectrum {
  const freq = GRIDS[n];
  let s: Spectrum;
  if (artefact === 'drift') {
    s = exact(c, freq, (i, p) => {
      p[c.drifting] = p[c.drifting]! * (1 + (0.2 * i) / (n - 1));
      return p;
    });
  } else {
    s = exact(c, freq);
    const lf0 = 0.5 * (Math.log10(freq[0]!) + Math.log10(freq[n - 1]!));
    for (let i = 0; i < n; i++) {
      const m = Math.hypot(s.re[i]!, s.im[i]!);
      if (artefact === 'bump') {
        s.re[i] = s.re[i]! + 0.03 * m * Math.exp(-((Math.log10(freq[i]!) - lf0) ** 2) / (2 * 0.3 ** 2));
      } else {
        const l = 1 / (1 + ((freq[i]! - 50) / 1) ** 2);
        s.re[i] = s.re[i]! + (0.05 * m * l) / Math.SQRT2;
        s.im[i] = s.im[i]! - (0.05 * m * l) / Math.SQRT2;
      }
    }
  }
  return addNoise(s, level, seed, convention);
}
