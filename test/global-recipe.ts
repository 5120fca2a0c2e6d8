/**
 * The synthetic temperature series of specs/global-fit.md §6 (test helper, not a test file):
 * p(R1,CPE1)-p(R2,CPE2)-CPE3 at 140…200 °C in 10 K steps, 40 log-spaced f from 1 MHz to 0.07 Hz;
 * R1 Ea 0.57 eV (1.34e5 Ω at 140 °C), R2 0.89 eV (2.03e6 Ω) in the σ form R = R(T₁)·e^{(Ea/k_B)(1/T − 1/T₁)};
 * CPE1 7.16e-11/0.837, CPE2 1.5e-10/0.80 (T-independent); CPE3 Q from 1.4e-6 to 8.6e-6
 * (log-linear in T), α 0.55; Gaussian noise `noise`·|Z| on re and im, seeded.
 */
import { parseCircuit } from '../src/circuit/circuit.ts';
import { exp, log } from '../src/math/index.ts';
import { logFrequencies, simulate } from '../src/simulate.ts';

export const K_B = 8.617333262e-5;
export const RECIPE_CIRCUIT = 'p(R1,CPE1)-p(R2,CPE2)-CPE3';
export const RECIPE_T = [140, 150, 160, 170, 180, 190, 200].map((c) => c + 273.15);
export const EA1 = 0.57, EA2 = 0.89;
const T1 = RECIPE_T[0]!;

/** True parameters at T (circuit order R1, CPE1.Q, CPE1.alpha, R2, CPE2.Q, CPE2.alpha, CPE3.Q, CPE3.alpha). */
export function recipeParams(T: number, { ea1 = EA1, vtf = false }: { ea1?: number; vtf?: boolean } = {}): number[] {
  // VTF truth for R1: B = 0.1 eV, T0 = 250 K, matched to 1.34e5 Ω at 140 °C
  const r1 = vtf
    ? 1.34e5 * Math.sqrt(T1 / T) * exp((0.1 / K_B) * (1 / (T - 250) - 1 / (T1 - 250)))
    : 1.34e5 * exp((ea1 / K_B) * (1 / T - 1 / T1));
  const r2 = 2.03e6 * exp((EA2 / K_B) * (1 / T - 1 / T1));
  const q3 = exp(log(1.4e-6) + ((T - T1) / (RECIPE_T[6]! - T1)) * (log(8.6e-6) - log(1.4e-6)));
  return [r1, 7.16e-11, 0.837, r2, 1.5e-10, 0.8, q3, 0.55];
}

/** The series at `temperatures` (default the 7 of the recipe); noise seed 1000·seed + s + 1 for spectrum s. */
export function recipeSeries(noise: number, seed: number, opts: { vtf?: boolean; temperatures?: readonly number[] } = {}) {
  const c = parseCircuit(RECIPE_CIRCUIT);
  const f = logFrequencies(1e6, 0.07, 40);
  return (opts.temperatures ?? RECIPE_T).map((T, s) => ({ ...simulate(c, f, recipeParams(T, opts), { noise, seed: seed * 1000 + s + 1 }), temperatureK: T }));
}
