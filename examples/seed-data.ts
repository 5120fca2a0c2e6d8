/**
 * Synthetic data shaped like the measurements of a solid-electrolyte paper (Miner, Park & Dincă,
 * J. Am. Chem. Soc. 2019: a Cu-azolate MOF loaded with LiCl), with known answers:
 * - EIS of a pellet between blocking electrodes at 25–75 °C, `R0-p(R1,CPE1)-CPE2`, with
 *   σ(25 °C) = 2.4e-5 S/cm and Ea = 0.34 eV;
 * - a Bruce–Vincent set (EIS of a symmetric Li cell before and after polarisation, and the
 *   chronoamperogram) whose transference number is 0.69;
 * - a DC I–V sweep (−50 … 50 V) of a pellet with σ_e = 5.08e-12 S/cm;
 * - a linear sweep 0 → 6 V whose anodic current density reaches 10 µA/cm² at 4.5 V.
 * Deterministic (seeded noise); pure functions, so tests use it in Node and in browsers.
 * examples/generate-seed-data.ts writes it as files to examples/data/.
 */
import { logFrequencies, parseCircuit, simulate, type Spectrum } from '../src/index.ts';
import { Random } from '../src/random.ts';
import { BOLTZMANN_EV, celsiusToKelvin } from '../src/analysis/index.ts';

export const SEED_TRUTH = {
  material: 'MOF–LiCl (synthetic, after Miner, Park & Dincă, JACS 2019)',
  geometry: { thicknessCm: 0.1, areaCm2: 0.196 },
  sigma25: 2.4e-5,
  activationEnergyEv: 0.34,
  temperaturesC: [25, 35, 45, 55, 65, 75],
  circuit: 'R0-p(R1,CPE1)-CPE2',
  /**
   * R0, CPE1.Q, CPE1.alpha, CPE2.Q, CPE2.alpha (R1 follows from σ(T)). The bulk arc's effective
   * capacitance (Brug) is 1.25–1.55e-11 F, 6–8e-12 F per unit cell constant (C·L/A): a bulk
   * response by Irvine, Sinclair & West (1990; grain boundaries start at 1e-11 F/cm). Its apex
   * moves from 0.5 MHz (25 °C) to 4 MHz (75 °C) — τ = ε/σ does not depend on the geometry — so
   * the sweep starts at 10 MHz (`freq`), as fast-conductor measurements need.
   */
  fixedParams: { R0: 20, 'CPE1.Q': 6.9e-11, 'CPE1.alpha': 0.9, 'CPE2.Q': 2e-6, 'CPE2.alpha': 0.85 },
  /** The EIS sweep: 10 MHz → 1 Hz, 71 points (10 per decade). */
  freq: { fmaxHz: 1e7, fminHz: 1, points: 71 },
  eisNoise: 0.003,
  transference: { tPlus: 0.69, deltaV: 0.01, bulkOhm: 400, r0Ohm: 200, rssOhm: 250, tauS: 600, durationS: 10800, circuit: 'R0-p(R1,CPE1)-p(R2,CPE2)' },
  electronic: { sigma: 5.08e-12, noiseA: 1e-12 },
  stability: { onsetV: 4.5, thresholdCurrentDensity: 1e-5, backgroundCurrentDensity: 1e-7 },
} as const;

/** σ(T) of the truth (S/cm), form 'sigma'. */
export function trueSigma(temperatureK: number): number {
  const T25 = celsiusToKelvin(25);
  return SEED_TRUTH.sigma25 * Math.exp((-SEED_TRUTH.activationEnergyEv / BOLTZMANN_EV) * (1 / temperatureK - 1 / T25));
}

export interface SeedData {
  series: (Spectrum & { temperatureC: number; temperatureK: number; r1: number })[];
  transference: { before: Spectrum; after: Spectrum; time: Float64Array; current: Float64Array; i0: number; iss: number };
  iv: { voltage: Float64Array; current: Float64Array };
  lsv: { potential: Float64Array; current: Float64Array };
}

export function makeSeedData(): SeedData {
  const t = SEED_TRUTH;
  const { thicknessCm: L, areaCm2: A } = t.geometry;
  const pellet = parseCircuit(t.circuit);
  const f = logFrequencies(t.freq.fmaxHz, t.freq.fminHz, t.freq.points);
  const series = t.temperaturesC.map((c, k) => {
    const T = celsiusToKelvin(c);
    const r1 = L / (trueSigma(T) * A);
    const p = { ...t.fixedParams, R1: r1 };
    return { ...simulate(pellet, f, p, { noise: t.eisNoise, seed: 100 + k }), temperatureC: c, temperatureK: T, r1 };
  });

  // Bruce–Vincent: I_ss from t⁺ = I_ss(ΔV − I₀R₀)/(I₀(ΔV − I_ss·R_ss)) solved for I_ss
  const b = t.transference;
  const i0 = b.deltaV / (b.bulkOhm + b.r0Ohm);
  const iss = (b.tPlus * i0 * b.deltaV) / (b.deltaV - i0 * b.r0Ohm + b.tPlus * i0 * b.rssOhm);
  const cell = parseCircuit(b.circuit);
  // the electrolyte arc (τ = (R·Q)^(1/α) ≈ 3 µs, 50 kHz) well inside the sweep, so that R0 and
  // the bulk R are told apart; the interfacial arc at ~2 kHz
  const fs = logFrequencies(1e6, 0.1, 71);
  const before = simulate(cell, fs, [5, b.bulkOhm, 1.4e-8, 0.95, b.r0Ohm, 1e-6, 0.9], { noise: 0.0005, seed: 7 });
  const after = simulate(cell, fs, [5, b.bulkOhm, 1.4e-8, 0.95, b.rssOhm, 1e-6, 0.9], { noise: 0.0005, seed: 8 });
  // current decay: early I ≈ I₀ − (I₀ − I_ss)·2√(t/πτ) (semi-infinite diffusion), then exponential to the plateau
  const n = b.durationS / 2 + 1;
  const time = Float64Array.from({ length: n }, (_, i) => 2 * i);
  const current = Float64Array.from(time, (s) => iss + (i0 - iss) * Math.exp(-2 * Math.sqrt(s / (Math.PI * b.tauS)) - s / b.tauS));

  // DC I–V: I = V/R_e + noise, R_e = L/(σ_e·A)
  const rng = new Random(11);
  const re = L / (t.electronic.sigma * A);
  const voltage = Float64Array.from({ length: 101 }, (_, i) => -50 + i);
  const ivCurrent = Float64Array.from(voltage, (v) => v / re + t.electronic.noiseA * rng.normal());

  // linear sweep 0 → 6 V: background + an exponential oxidation current through the threshold at the onset
  const s = t.stability;
  const potential = Float64Array.from({ length: 601 }, (_, i) => i * 0.01);
  const lsvCurrent = Float64Array.from(potential, (e) => A * (s.backgroundCurrentDensity * (1 + 0.02 * rng.normal())
    + (s.thresholdCurrentDensity - s.backgroundCurrentDensity) * Math.exp((e - s.onsetV) / 0.05)));
  return { series, transference: { before, after, time, current, i0, iss }, iv: { voltage, current: ivCurrent }, lsv: { potential, current: lsvCurrent } };
}
