/**
 * σ at a chosen temperature (e.g. 25 °C) on an Arrhenius line, with its standard error by the
 * delta method and whether the temperature lies outside the measured ones (an extrapolation).
 *
 * The line is y = a + b/T with y = ln σ (form 'sigma') or ln(σT) ('sigmaT'), so
 * ln σ(T) = a + b/T − [ln T for 'sigmaT'] and, T exact,
 *   Var(ln σ(T)) = Var(a) + Var(b)/T² + 2·Cov(a, b)/T,   SE(σ) = σ·SE(ln σ)  (first order).
 * From an `arrhenius` result (its intercept, slope and their covariance) or from a global fit's
 * law of R (R = R_ref·e^{(Ea/k_B)(1/T − 1/T_ref)} [× T/T_ref for 'sigmaT'], σ = L/(A·R)):
 *   a = ln(L/(A·R_ref)) [+ ln T_ref] + Ea/(k_B·T_ref),  b = −Ea/k_B,
 * with Cov(a, b) = J·Cov(R_ref, Ea)·Jᵀ, J = [[−1/R_ref, 1/(k_B·T_ref)], [0, −1/k_B]].
 */
import { EisError, show } from '../errors.ts';
import { exp, log } from '../math/index.ts';
import type { GlobalFitResult } from '../global/types.ts';
import { BOLTZMANN_EV, type ArrheniusResult } from './arrhenius.ts';

/** An Arrhenius line with the covariance of its intercept and slope. */
export interface ArrheniusLine {
  form: 'sigma' | 'sigmaT';
  /** a of y = a + b/T (ln σ0, or ln A for 'sigmaT'). */
  intercept: number;
  /** b (K) = −Ea/k_B. */
  slope: number;
  /** Var(a), Var(b) and Cov(a, b). */
  covariance: { intercept: number; slope: number; interceptSlope: number };
}

/** σ at one temperature on a line. */
export interface SigmaAt {
  temperatureK: number;
  /** σ (S/cm). */
  sigma: number;
  /** Standard error of ln σ (the relative standard error of σ). */
  lnStderr: number;
  /** Standard error of σ (S/cm), σ·lnStderr (delta method). */
  stderr: number;
  /** The lowest and highest temperature measured (K). */
  measured: [number, number];
  /** The temperature lies outside the measured range: σ is extrapolated along the line. */
  extrapolated: boolean;
}

/** The line of an `arrhenius` result, its covariance from the result's standard errors and interceptSlopeCovariance. */
export function arrheniusLine(r: Pick<ArrheniusResult, 'form' | 'intercept' | 'slope' | 'stderr' | 'lnPrefactorStderr' | 'interceptSlopeCovariance'>): ArrheniusLine {
  const slopeStderr = r.stderr / BOLTZMANN_EV;
  return { form: r.form, intercept: r.intercept, slope: r.slope, covariance: { intercept: r.lnPrefactorStderr ** 2, slope: slopeStderr ** 2, interceptSlope: r.interceptSlopeCovariance } };
}

/**
 * The line of a global fit's law of the resistance `name` ('sigma' or 'sigmaT'; null for 'vtf',
 * which is not a straight line in 1/T), σ = L/(A·R), from the fit's R_ref, Ea and their covariance.
 */
export function globalArrheniusLine(fit: Pick<GlobalFitResult, 'activationEnergies' | 'paramNames' | 'covariance'>, name: string, geometry: { thicknessCm: number; areaCm2: number }): ArrheniusLine | null {
  const ea = fit.activationEnergies[name];
  if (!ea) throw new EisError('E_UNKNOWN_PARAM', `invalid argument. ${show(name)} has no temperature law in the global fit; it has ${Object.keys(fit.activationEnergies).join(', ') || 'none'}.`, { argument: 'name', name });
  if (ea.form !== 'sigma' && ea.form !== 'sigmaT') return null;
  const g = fit.paramNames.length;
  const i = fit.paramNames.indexOf(`${name}.Rref`), j = fit.paramNames.indexOf(`${name}.Ea`);
  const vR = fit.covariance[i * g + i]!, vE = fit.covariance[j * g + j]!, cRE = fit.covariance[i * g + j]!;
  const R = ea.rRef, T = ea.tRef, k = BOLTZMANN_EV;
  // J = ∂(a, b)/∂(R_ref, Ea)
  const aR = -1 / R, aE = 1 / (k * T), bE = -1 / k;
  return {
    form: ea.form,
    intercept: log(geometry.thicknessCm / (geometry.areaCm2 * R)) + (ea.form === 'sigmaT' ? log(T) : 0) + ea.value / (k * T),
    slope: -ea.value / k,
    covariance: {
      intercept: aR * aR * vR + 2 * aR * aE * cRE + aE * aE * vE,
      slope: bE * bE * vE,
      interceptSlope: aR * bE * cRE + aE * bE * vE,
    },
  };
}

/**
 * σ at `temperatureK` on the line with its standard error, and whether that temperature is outside
 * the measured `temperatures` (K).
 * @example sigmaAt(arrheniusLine(arrhenius(points)), 298.15, points.map((p) => p.temperatureK))
 */
export function sigmaAt(line: ArrheniusLine, temperatureK: number, temperatures: ArrayLike<number>): SigmaAt {
  if (!(typeof temperatureK === 'number' && temperatureK > 0 && Number.isFinite(temperatureK))) throw new EisError('E_ARG_RANGE', `invalid argument. \`temperatureK\` must be a finite temperature > 0 K; got ${show(temperatureK)}.`, { argument: 'temperatureK', value: temperatureK });
  const ts = Array.from(temperatures);
  if (ts.length === 0 || !ts.every((t) => typeof t === 'number' && t > 0 && Number.isFinite(t))) throw new EisError('E_ARG_RANGE', 'invalid argument. `temperatures` must be the measured temperatures, finite and > 0 K (at least one).', { argument: 'temperatures' });
  const T = temperatureK, c = line.covariance;
  const lnSigma = line.intercept + line.slope / T - (line.form === 'sigmaT' ? log(T) : 0);
  const variance = c.intercept + c.slope / (T * T) + (2 * c.interceptSlope) / T;
  // rounding can make a zero variance slightly negative
  const lnStderr = Math.sqrt(Math.max(0, variance));
  const sigma = exp(lnSigma);
  const lo = Math.min(...ts), hi = Math.max(...ts);
  return { temperatureK: T, sigma, lnStderr, stderr: sigma * lnStderr, measured: [lo, hi], extrapolated: T < lo || T > hi };
}

/** "extrapolated 115 K beyond the measured 413.15–473.15 K (140–200 °C)" for a note, or '' inside the range. */
export function extrapolationText(s: SigmaAt): string {
  if (!s.extrapolated) return '';
  const [lo, hi] = s.measured;
  const gap = s.temperatureK < lo ? lo - s.temperatureK : s.temperatureK - hi;
  const r = (v: number) => String(Number(v.toFixed(2)));
  return `extrapolated ${r(gap)} K beyond the measured ${r(lo)}–${r(hi)} K (${r(lo - 273.15)}–${r(hi - 273.15)} °C)`;
}
