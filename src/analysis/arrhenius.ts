/** Arrhenius analysis of conductivities: activation energy with its uncertainty. */
import { EisError, show } from '../errors.ts';
import { checkOptions, oneOfOption } from '../validate.ts';
import { finite, optionalStderr, positive, record } from './checks.ts';
import { fitLine, studentTQuantile } from './stats.ts';

/** Boltzmann constant in eV/K (CODATA 2018, exact). */
export const BOLTZMANN_EV = 8.617333262e-5;

export interface ArrheniusPoint {
  temperatureK: number;
  /** Conductivity (S/cm). */
  sigma: number;
  /** Its standard error: the fit is then weighted by 1/var(ln σ) = (σ/δσ)². */
  sigmaStderr?: number;
}

export interface ArrheniusOptions {
  /**
   * `'sigma'`: ln σ = ln σ₀ − Ea/(k_B·T); `'sigmaT'`: ln(σT) = ln A − Ea/(k_B·T) (the form of
   * hopping conduction, σ = (A/T)·exp(−Ea/k_B T)). @default 'sigma'
   */
  form?: 'sigma' | 'sigmaT';
  /**
   * `'stderr'`: weight each point by 1/var(ln σ) = (σ/δσ)² when every point has a sigmaStderr
   * (else unweighted, with a warning); the covariance is then scaled by max(1, χ²_red) (the
   * Birge ratio), so the stderr of Ea is never below what the supplied errors imply and grows
   * when the scatter exceeds them. `'none'`: unweighted whatever the errors (the scatter about
   * the line sets the uncertainty of Ea, χ²/dof-scaled). @default 'stderr'
   */
  weighting?: 'stderr' | 'none';
}

export interface ArrheniusResult {
  /** Activation energy (eV). */
  activationEnergyEv: number;
  /**
   * Its standard error (eV). Weighted: from the supplied errors, scaled by max(1, χ²_red) when the
   * scatter exceeds them (Birge, Phys. Rev. 40 (1932) 207); unweighted: from the scatter about the
   * line (χ²/dof-scaled). NaN with two points.
   */
  stderr: number;
  /** 95 % confidence interval (Student's t with n − 2 degrees of freedom). */
  ci95: [number, number];
  /** σ₀ (S/cm) for 'sigma', A (S·K/cm) for 'sigmaT'. */
  prefactor: number;
  /** Standard error of ln(prefactor). */
  lnPrefactorStderr: number;
  /** Weighted r² of the straight line. */
  r2: number;
  /** y − ŷ per point, y = ln σ or ln(σT). */
  residuals: Float64Array;
  /** 1/T (K⁻¹) and y of each point, for plotting. */
  x: Float64Array;
  y: Float64Array;
  slope: number;
  intercept: number;
  n: number;
  dof: number;
  form: 'sigma' | 'sigmaT';
  weighted: boolean;
  warnings: string[];
}

/** °C → K. */
export const celsiusToKelvin = (c: number): number => c + 273.15;
/** K → °C. */
export const kelvinToCelsius = (k: number): number => k - 273.15;

/**
 * Fits ln σ (or ln σT) against 1/T: Ea = −slope·k_B. Weighted by the conductivities'
 * uncertainties when every point has one.
 * @example arrhenius([{ temperatureK: 298.15, sigma: 2.4e-5 }, { temperatureK: 348.15, sigma: 1.6e-4 }]).activationEnergyEv
 */
export function arrhenius(points: readonly ArrheniusPoint[], options: ArrheniusOptions = {}): ArrheniusResult {
  if (!Array.isArray(points)) throw new EisError('E_ARG_TYPE', `invalid argument. \`points\` must be an array of { temperatureK, sigma }; got ${show(points)}.`, { argument: 'points' });
  if (points.length < 2) throw new EisError('E_ARG_LENGTH', `invalid argument. An Arrhenius fit needs at least two temperatures; got ${points.length}.`, { argument: 'points' });
  const o = checkOptions('options', options);
  const form = oneOfOption(o, 'form', ['sigma', 'sigmaT'] as const, 'sigma', ' or ');
  const weighting = oneOfOption(o, 'weighting', ['stderr', 'none'] as const, 'stderr', ' or ');
  const n = points.length;
  const x = new Float64Array(n), y = new Float64Array(n), w = new Float64Array(n);
  let withErrors = 0;
  // Array.from visits holes (as undefined: E_ARG_TYPE naming them), which forEach would skip
  Array.from(points).forEach((p, i) => {
    const q = record(`points[${i}]`, p);
    const T = finite(`points[${i}].temperatureK`, q.temperatureK);
    if (!(T > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. \`points[${i}].temperatureK\` must be > 0 K; got ${T} (temperatures are in kelvin: celsiusToKelvin(${T}) = ${T + 273.15}).`, { argument: 'temperatureK', index: i, value: T });
    const s = positive(`points[${i}].sigma`, q.sigma, 'S/cm');
    const ds = optionalStderr(`points[${i}].sigmaStderr`, q.sigmaStderr);
    x[i] = 1 / T;
    y[i] = Math.log(form === 'sigma' ? s : s * T);
    if (q.sigmaStderr !== undefined && ds > 0) {
      withErrors++;
      w[i] = (s / ds) ** 2; // var(ln σ) = (δσ/σ)²
    }
  });
  const distinct = new Set(Array.from(x)).size;
  if (distinct < 2) throw new EisError('E_ARG_RANGE', 'invalid argument. An Arrhenius fit needs at least two different temperatures.', { argument: 'points' });
  const weighted = weighting === 'stderr' && withErrors === n;
  const warnings: string[] = [];
  if (weighting === 'stderr' && withErrors > 0 && !weighted) warnings.push(`Only ${withErrors} of ${n} points have a (non-zero) sigmaStderr: the fit is unweighted.`);
  if (weighting === 'stderr' && withErrors === 0) warnings.push(`No point has a sigmaStderr: the fit is unweighted, and the scatter about the line sets the uncertainty of Ea (pass weighting: 'none' to ask for that).`);
  const line = weighted ? fitLine(x, y, w, 'birge') : fitLine(x, y);
  const ea = -line.slope * BOLTZMANN_EV;
  const se = line.slopeStderr * BOLTZMANN_EV;
  if (line.dof === 0) warnings.push('Two temperatures determine the line exactly: no standard error or confidence interval.');
  const t = line.dof > 0 ? studentTQuantile(0.975, line.dof) : Number.NaN;
  return {
    activationEnergyEv: ea, stderr: se, ci95: [ea - t * se, ea + t * se],
    prefactor: Math.exp(line.intercept), lnPrefactorStderr: line.interceptStderr,
    r2: line.r2, residuals: line.residuals, x, y, slope: line.slope, intercept: line.intercept,
    n, dof: line.dof, form, weighted, warnings,
  };
}
