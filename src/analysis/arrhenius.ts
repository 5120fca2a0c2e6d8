/**
 * Arrhenius analysis of conductivities: activation energy with its uncertainty, by weighted least
 * squares on independent errors or by generalised least squares with their full covariance
 * (specs/global-fit.md §7).
 */
import { EisError, show } from '../errors.ts';
import { exp, log } from '../math/index.ts';
import { K_B_EV } from '../reference/global-map.ts';
import { tQuantile } from '../stats/distributions.ts';
import { checkOptions, integerInRange, oneOfOption, toFloat64 } from '../validate.ts';
import { finite, optionalStderr, positive, record } from './checks.ts';
import { covarianceFactor, fitLine, type LineFit } from './stats.ts';

/** The normal quantile z_{0.975} (scipy.stats.norm.ppf(0.975)). */
const Z_975 = 1.959963984540054;

/** Boltzmann constant in eV/K (CODATA 2018, exact): the one the global fit's laws use. */
export const BOLTZMANN_EV = K_B_EV;

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
  /**
   * The covariance of the points' ln σ (n × n: an array of n rows, or a Float64Array of n² values,
   * row-major), for errors that are correlated across temperatures, as the resistances of a
   * global fit with shared parameters are. The line is then fitted by generalised least squares,
   * β = (XᵀC⁻¹X)⁻¹XᵀC⁻¹y, Cov(β) = s²(XᵀC⁻¹X)⁻¹ with s² = max(1, χ²/dof), χ² = rᵀC⁻¹r (the Birge
   * ratio, as for `'stderr'` weighting; 1 with `scale: 'absolute'`; a diagonal C gives the weighted fit), and `sigmaStderr` is
   * not used. Cov(ln σ) = Cov(ln R) (σ = L/(A·R): ln σ = const − ln R), and the same for ln(σT) (T
   * exact): build it from a covariance of R with {@link logCovariance}. Symmetric positive
   * definite, else `E_ARG_RANGE` naming `covariance`; not with `weighting: 'none'`.
   */
  covariance?: readonly (readonly number[])[] | Float64Array;
  /**
   * For a weighted fit (every point with a sigmaStderr, or a `covariance`): `'birge'` scales the
   * covariance of the line by max(1, χ²/dof) (above); `'absolute'` takes the errors as they are,
   * Cov(β) = (XᵀC⁻¹X)⁻¹ (scipy's absolute_sigma=True; specs/global-fit.md §7) — for errors that
   * already carry the scatter, such as a fit's covariance scaled by its χ²/ν. Unweighted fits
   * ignore it (with a warning). @default 'birge'
   */
  scale?: 'birge' | 'absolute';
  /**
   * With `scale: 'absolute'`: the degrees of freedom of the supplied errors' variance estimate
   * (e.g. a global fit's ν), so ci95 = Ea ± t_{0.975,dof}·stderr. Omitted: the errors are taken
   * as known and ci95 uses the normal quantile z_{0.975} = 1.959964 (the variance is not estimated
   * from the n − 2 residuals, so t_{0.975,n−2} does not apply). An integer ≥ 1; E_ARG_RANGE with
   * any other scale.
   */
  dof?: number;
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
  /**
   * 95 % confidence interval: Student's t with n − 2 degrees of freedom; with `scale: 'absolute'`
   * (weighted) t with the option `dof`, else the normal quantile (NaN with two points otherwise).
   */
  ci95: [number, number];
  /** σ₀ (S/cm) for 'sigma', A (S·K/cm) for 'sigmaT'. */
  prefactor: number;
  /** Standard error of ln(prefactor). */
  lnPrefactorStderr: number;
  /**
   * Cov(intercept, slope) of the line, scaled as the stderrs are: with lnPrefactorStderr² and
   * (stderr/k_B)² the full covariance of (intercept, slope), for σ at any T with its standard
   * error (sigmaAt in arrhenius-at.ts).
   */
  interceptSlopeCovariance: number;
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
  /** The fit used a full `covariance` (generalised least squares). */
  generalized: boolean;
  warnings: string[];
}

/** °C → K. */
export const celsiusToKelvin = (c: number): number => c + 273.15;
/** K → °C. */
export const kelvinToCelsius = (k: number): number => k - 273.15;

/**
 * Cov(ln v) = diag(1/v)·Cov(v)·diag(1/v) (first order, the delta method): the covariance of the
 * logarithms of positive values v (e.g. the resistances R_s of the spectra of a global fit) from
 * theirs (n × n, rows or row-major). It is also Cov(ln σ_s), σ = L/(A·R), for `arrhenius`'s
 * `covariance`.
 * @example logCovariance([100, 200], [[4, 1], [1, 16]]) // [[4e-4, 5e-5], [5e-5, 4e-4]]
 */
export function logCovariance(values: ArrayLike<number>, covariance: readonly (readonly number[])[] | Float64Array): number[][] {
  const v = toFloat64('values', values, { positive: true });
  const c = squareMatrix('covariance', covariance, v.length);
  const n = v.length;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => c[i * n + j]! / v[i]! / v[j]!));
}

/** An n × n matrix (n rows of n numbers, or n² numbers row-major), finite, as a row-major copy. */
function squareMatrix(name: string, m: unknown, n: number): Float64Array {
  if (m instanceof Float64Array) {
    if (m.length !== n * n) throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` must be ${n} × ${n} (${n * n} values row-major); got ${m.length} values.`, { argument: name, length: m.length });
    return toFloat64(name, m);
  }
  if (!Array.isArray(m)) throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be an array of ${n} rows or a Float64Array of ${n * n} values; got ${show(m)}.`, { argument: name });
  if (m.length !== n) throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` must have ${n} rows (one per point); got ${m.length}.`, { argument: name, length: m.length });
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = toFloat64(`${name}[${i}]`, m[i]);
    if (row.length !== n) throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}[${i}]\` must have ${n} values; got ${row.length}.`, { argument: name, index: i, length: row.length });
    out.set(row, i * n);
  }
  return out;
}

/**
 * The lower Cholesky factor L of a symmetric positive definite C = LLᵀ (row-major, n × n), or a
 * typed error naming `covariance` (with the row where it fails).
 */
function cholesky(c: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const a = c[i * n + j]!, b = c[j * n + i]!;
      if (Math.abs(a - b) > 1e-12 * Math.sqrt(Math.abs(c[i * n + i]! * c[j * n + j]!))) {
        throw new EisError('E_ARG_RANGE', `invalid argument. \`covariance\` must be symmetric; covariance[${i}][${j}] = ${a} but covariance[${j}][${i}] = ${b}.`, { argument: 'covariance', index: [i, j] });
      }
    }
  }
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = c[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! * l[j * n + k]!;
    // relative to the diagonal entry: a pivot lost to rounding is not positive
    if (!(d > 1e-14 * c[j * n + j]!) || !(c[j * n + j]! > 0)) {
      throw new EisError('E_ARG_RANGE', `invalid argument. \`covariance\` must be positive definite (a covariance of ${n} independent-enough values); its Cholesky factorisation fails at row ${j} (pivot ${d}).`, { argument: 'covariance', index: j, value: d });
    }
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = c[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** L⁻¹b by forward substitution. */
function forward(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  return z;
}

/**
 * y = a + b·x by generalised least squares with covariance C = LLᵀ: the weighted line of
 * `fitLine` on the whitened rows L⁻¹[1, x, y], with the same centred sums (x about its GLS mean
 * (1ᵀC⁻¹x)/(1ᵀC⁻¹1)) and the same scaling; for diagonal C the same numbers to rounding.
 */
function fitLineGls(x: Float64Array, y: Float64Array, l: Float64Array, scale: 'birge' | 'absolute'): LineFit {
  const n = x.length;
  const u = forward(l, n, new Float64Array(n).fill(1)), v = forward(l, n, x), z = forward(l, n, y);
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < n; i++) {
    sw += u[i]! * u[i]!;
    sx += u[i]! * v[i]!;
    sy += u[i]! * z[i]!;
  }
  const mx = sx / sw, my = sy / sw;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = v[i]! - mx * u[i]!, dy = z[i]! - my * u[i]!;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx, intercept = my - slope * mx;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = y[i]! - (intercept + slope * x[i]!);
  const white = forward(l, n, residuals);
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += white[i]! * white[i]!;
  const dof = n - 2;
  const s2 = covarianceFactor(scale, chi2, dof);
  return {
    slope, intercept, slopeStderr: Math.sqrt(s2 / sxx), interceptStderr: Math.sqrt(s2 * (1 / sw + (mx * mx) / sxx)),
    covariance: (-mx * s2) / sxx, r2: syy > 0 ? 1 - chi2 / syy : 1, residuals, chi2, dof,
  };
}

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
  const scale = oneOfOption(o, 'scale', ['birge', 'absolute'] as const, 'birge', ' or ');
  if (o.dof !== undefined && scale !== 'absolute') throw new EisError('E_ARG_RANGE', "invalid option. `dof` gives the degrees of freedom of the supplied errors: it needs scale: 'absolute'.", { argument: 'dof' });
  const errorDof = o.dof === undefined ? null : integerInRange('dof', o.dof, 1);
  const n = points.length;
  const generalized = o.covariance !== undefined;
  if (generalized && o.weighting === 'none') throw new EisError('E_ARG_RANGE', "invalid option. `covariance` weights the fit: it cannot be combined with weighting: 'none'.", { argument: 'covariance' });
  const cov = generalized ? squareMatrix('covariance', o.covariance, n) : undefined;
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
    y[i] = log(form === 'sigma' ? s : s * T);
    if (q.sigmaStderr !== undefined && ds > 0) {
      withErrors++;
      w[i] = (s / ds) ** 2; // var(ln σ) = (δσ/σ)²
    }
  });
  const distinct = new Set(Array.from(x)).size;
  if (distinct < 2) throw new EisError('E_ARG_RANGE', 'invalid argument. An Arrhenius fit needs at least two different temperatures.', { argument: 'points' });
  const weighted = generalized || (weighting === 'stderr' && withErrors === n);
  const warnings: string[] = [];
  if (!generalized && weighting === 'stderr' && withErrors > 0 && !weighted) warnings.push(`Only ${withErrors} of ${n} points have a (non-zero) sigmaStderr: the fit is unweighted.`);
  if (!generalized && weighting === 'stderr' && withErrors === 0) warnings.push(`No point has a sigmaStderr: the fit is unweighted, and the scatter about the line sets the uncertainty of Ea (pass weighting: 'none' to ask for that).`);
  if (!weighted && o.scale !== undefined) warnings.push(`scale: '${scale}' applies to weighted fits only; this fit is unweighted and its uncertainty comes from the scatter.`);
  const line = cov ? fitLineGls(x, y, cholesky(cov, n), scale) : weighted ? fitLine(x, y, w, scale) : fitLine(x, y);
  const ea = -line.slope * BOLTZMANN_EV;
  const se = line.slopeStderr * BOLTZMANN_EV;
  // 'absolute': the variance is the supplied errors', not estimated from the n − 2 residuals
  const absolute = weighted && scale === 'absolute';
  if (line.dof === 0) warnings.push(absolute && Number.isFinite(se) ? 'Two temperatures determine the line exactly: the standard error and interval are those of the supplied errors.' : Number.isFinite(se) ? 'Two temperatures determine the line exactly: no confidence interval (the standard error is that of the supplied errors).' : 'Two temperatures determine the line exactly: no standard error or confidence interval.');
  const t = absolute ? (errorDof === null ? Z_975 : tQuantile(0.975, errorDof)) : line.dof > 0 ? tQuantile(0.975, line.dof) : Number.NaN;
  return {
    activationEnergyEv: ea, stderr: se, ci95: [ea - t * se, ea + t * se],
    prefactor: exp(line.intercept), lnPrefactorStderr: line.interceptStderr, interceptSlopeCovariance: line.covariance,
    r2: line.r2, residuals: line.residuals, x, y, slope: line.slope, intercept: line.intercept,
    n, dof: line.dof, form, weighted, generalized, warnings,
  };
}
