/** The options and results of globalFit (src/global/global-fit.ts). */
import type { FitOptions } from '../fit/problem.ts';
import type { FitResult } from '../fit/fit.ts';
import type { FitQuality } from '../fit/quality.ts';
import type { CellGeometry } from '../representation/geometry.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import type { ArrheniusForm } from './start.ts';

/** The temperature law of a parameter: R(T) = R_ref·f(T), centred at T_ref = 1/mean(1/T). */
export type ArrheniusRole = 'sigma' | 'sigmaT' | { form: ArrheniusForm; t0?: number };

export interface GlobalFitOptions extends Omit<FitOptions, 'starts' | 'seed' | 'geometry'> {
  /** Parameters with one value for all spectra, e.g. ['CPE1.Q', 'CPE1.alpha']. */
  shared?: readonly string[];
  /**
   * Parameters (positive: resistances) that follow a law in T: 'sigma' R = R_ref·e^{(Ea/k_B)(1/T − 1/T_ref)},
   * 'sigmaT' the same times T/T_ref, { form: 'vtf', t0? } R = R_ref·√(T/T_ref)·e^{(B/k_B)(1/(T−T0) − 1/(T_ref−T0))}.
   */
  arrhenius?: Readonly<Record<string, ArrheniusRole>>;
  /** The sample geometry: prefactors σ0 / A0 in S/cm; with representation 'M' also C0. */
  geometry?: CellGeometry;
  /** Refit with the Arrhenius parameters local and F-test the constraint (specs §5). @default true */
  lackOfFit?: boolean;
  /** Also F-test the shared parameters against a fit with them local (specs §5). @default false */
  testShared?: boolean;
  /**
   * Start from a previous global result on the same spectra (same temperatures, same circuit)
   * instead of independent per-spectrum fits: every spectrum's parameter values are the start,
   * whatever their roles were then — a parameter local now starts at each spectrum's value, a
   * shared one at their common value (median), a law at that result's law when it had the same
   * form, else at a pre-fit on the spectra's values. E.g. a fit with a law relaxed, started from
   * the constrained fit, starts at its χ² (its model contains the constrained one) and LM only takes
   * steps that lower χ², so it cannot end above it in another local minimum.
   */
  start?: GlobalFitResult;
}

/** A spectrum { freq, re, im } with its temperature (K). */
export type GlobalSpectrumInput = SpectrumInput & { temperatureK: number };

export interface ActivationEnergy {
  form: ArrheniusForm;
  /** Ea (eV) for 'sigma'/'sigmaT', the pseudo-activation energy B (eV) for 'vtf'. */
  value: number;
  stderr: number;
  /** value ± t_{0.975,ν}·stderr (Student's t with the global fit's ν). */
  ci95: [number, number];
  /** R at T_ref (Ω) and its standard error. */
  rRef: number;
  rRefStderr: number;
  tRef: number;
  /** VTF T0 (K) and its standard error; NaN otherwise. */
  t0: number;
  t0Stderr: number;
  /**
   * With `geometry`: σ0 = σ_ref·e^{Ea/k_B T_ref} (S/cm, 'sigma'), A0 = σ_ref·T_ref·e^{Ea/k_B T_ref}
   * (S·K/cm, 'sigmaT'), A = σ_ref·√T_ref·e^{B/k_B(T_ref−T0)} (S·K^½/cm, 'vtf'), σ_ref = L/(A·R_ref);
   * null without geometry.
   */
  prefactor: number | null;
}

export interface LackOfFit {
  /** F = [(χ²_c − χ²_u)/df1]/(χ²_u/df2). */
  F: number;
  df1: number;
  df2: number;
  /** P(F_{df1,df2} > F). */
  p: number;
  chi2Constrained: number;
  chi2Relaxed: number;
  /** The residuals are at the rounding level (noise-free data): F compares rounding errors and is not judged. */
  roundoff: boolean;
}

export interface GlobalFitResult {
  success: boolean;
  status: number;
  message: string;
  /** Σ over spectra of the single-fit χ² (modulus-weighted by default). */
  chi2: number;
  /** ν = Σ 2N_s − (G + Σ L_s). */
  dof: number;
  reducedChi2: number;
  aic: number;
  bic: number;
  quality: FitQuality;
  activationEnergies: Record<string, ActivationEnergy>;
  shared: Record<string, { value: number; stderr: number }>;
  /**
   * Per spectrum (input order): the full parameter vector at the global solution with marginal
   * stderr and covariance (s² of the global fit), fitted values, residuals and its own quality.
   */
  spectra: FitResult[];
  temperatures: number[];
  tRef: number;
  /** The global parameters: shared names, then per law `R1.Rref` (Ω), `R1.Ea` (eV) or `R1.B`, `R1.T0`. */
  paramNames: string[];
  params: Float64Array;
  stderr: Float64Array;
  /** G × G, natural units. */
  covariance: Float64Array;
  /** Per local parameter, its S × S covariance across spectra (natural units, input order). */
  localCovariance: Record<string, Float64Array>;
  lackOfFit: LackOfFit | null;
  /** With `testShared`: the same F test of the shared parameters against a fit with them local (df1 = S − 1 each). */
  sharedTest: LackOfFit | null;
  iterations: number;
  nfev: number;
  njev: number;
  /** Steps the Schur complement handed to the dense QR. */
  denseFallbacks: number;
  /** Where the LM loop ran: in WASM (the global module) or on the TS reference. */
  backend: 'wasm' | 'js';
  warnings: string[];
}
