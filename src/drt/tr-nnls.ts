/**
 * TR-NNLS (specs/drt.md §6; Kulikovsky, J. Electrochem. Soc. 168 (2021) 044512, as pyimpspec's
 * tr_nnls.py runs it), for parity with the peers. On a spectrum sorted by descending f:
 *
 * 1. τ_i = 1/ω_i (ascending), with trapezoid Δln τ weights (half steps at the two ends);
 * 2. R∞ = Re Z(f_max), R_pol = Re Z(f_min) − Re Z(f_max), Z_n = (Z − R∞)/R_pol;
 * 3. mode 'real' (default): A_ij = Δln τ_j/(1 + (ω_iτ_j)²), z = Re Z_n; mode 'imag':
 *    A_ij = ω_iτ_jΔln τ_j/(1 + (ω_iτ_j)²), z = −Im Z_n; b = Aᵀz;
 * 4. g = the NNLS of the square matrix H = AᵀA + λI against b: min ‖Hg − b‖ over g ≥ 0, as §6.4
 *    and pyimpspec (scipy.optimize.nnls(H, b)) have it — not the ridge problem
 *    min ‖Ag − z‖² + λ‖g‖², whose KKT system is the same equation but whose solution differs
 *    wherever a constraint is active. Solved by {@link lawsonHanson} (the Lawson–Hanson active set
 *    with Householder and Givens updates, scipy's algorithm; cap 3N inner steps as scipy, which
 *    raises there — here the last feasible g and a warning). γ = g·R_pol on the τ_i;
 * 5. automatic λ: ‖g‖ over λ = 10^{−7…0} (71 points), the points (λ, ‖g‖) thinned to a spacing
 *    ≥ 0.02 (each kept point at least that far from the previous kept one), lines fitted to the
 *    first 5 and the last 5, λ = their intersection (c₂ − c₁)/(m₁ − m₂), clamped into [1e-7, 1]
 *    with a warning when it falls outside (pyimpspec does not clamp).
 *
 * γ lives on its own grid: `tau` is the collocation grid τ_i = 1/ω_i (N points, ascending), not
 * the fine grid of tr-rbf; R_pol is Σγ_iΔln τ_i over it (the measured window). The fitted
 * spectrum is the model's R∞ + R_pol·Σ_j g_jΔln τ_j/(1 + jω_iτ_j), both parts whatever the mode
 * (pyimpspec's fit keeps the measured other part: Im Z in mode real, Re Z in mode imaginary).
 */
import { EisError, show } from '../errors.ts';
import { hypot, log } from '../math/index.ts';
import { lambdaGrid } from '../reference/drt/lambda.ts';
import type { LambdaCurve } from '../types/drt.ts';
import { lawsonHanson } from './lawson-hanson.ts';
import { findPeaks } from './peaks.ts';
import type { DrtPeak, DrtResult } from './types.ts';

const TWO_PI = 2 * Math.PI;
/**
 * The most frequencies TR-NNLS takes (drt() refuses more before computing): its automatic λ solves
 * 72 dense NNLS problems of N unknowns, O(N³) each — measured in Node on a loaded 2-core machine:
 * 0.44 s at 100 points, 2.5 s at 200, 13 s at 300, 247 s at 1001.
 */
export const TR_NNLS_MAX_POINTS = 200;

/** The thinning radius and the number of points of each line fit (pyimpspec's _suggest_lambda). */
const THIN_RADIUS = 0.02;
const LINE_POINTS = 5;

/** Options of {@link trNnls}. */
export interface TrNnlsOptions {
  /** 'real' (default) or 'imag'. */
  mode?: 'real' | 'imag';
  /** A fixed λ > 0, or null (default) for the ‖g‖-corner rule of §6.5. */
  lambda?: number | null;
  /** Peaks need a prominence ≥ peakThreshold × max γ (default 0.05). */
  peakThreshold?: number;
}

/**
 * What {@link trNnls} returns: the `DrtResult` fields of the method, with their TR-NNLS meaning:
 * `tau` is the collocation grid τ_i = 1/ω_i (ascending) and `frequency` the measured f; `gamma` =
 * g·R_pol on it; `rInf` = Re Z(f_max) and `inductance` 0 (no inductance model);
 * `polarizationResistance` = Σγ_iΔln τ_i; with automatic λ, `lambdaCurve` has the grid and ‖g‖
 * (score), method 'norm-corner', rule 'intersection', delta NaN (no plateau) and index the grid
 * point nearest the chosen λ in log λ (λ itself lies between grid points); `freq`, `fitted` and
 * `residuals` on the frequencies as given (descending). Plus the normalisation R_pol = Re Z(f_min) −
 * Re Z(f_max) (Ω).
 */
export type TrNnlsResult = Pick<DrtResult, 'tau' | 'frequency' | 'gamma' | 'rInf' | 'inductance' | 'polarizationResistance' | 'peaks' | 'lambda' | 'lambdaCurve' | 'freq' | 'fitted' | 'residuals' | 'warnings'> & { normalization: number };

/** The TR-NNLS DRT of a spectrum sorted by descending f (N ≥ 5, distinct; see the module comment). */
export function trNnls(freq: Float64Array, re: Float64Array, im: Float64Array, o: TrNnlsOptions = {}): TrNnlsResult {
  const mode = o.mode ?? 'real';
  if (mode !== 'real' && mode !== 'imag') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`mode\` must be 'real' or 'imag' for \`method: 'tr-nnls'\`; got ${show(mode)}.`, { argument: 'mode', value: mode });
  }
  const fixed = o.lambda ?? null;
  if (fixed !== null && !(typeof fixed === 'number' && Number.isFinite(fixed) && fixed > 0)) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`lambda\` must be 'auto' or a number > 0; got ${show(fixed)}.`, { argument: 'lambda', value: fixed });
  }
  const peakThreshold = o.peakThreshold ?? 0.05;
  const n = freq.length;
  if (n < 5 || re.length !== n || im.length !== n) {
    throw new EisError('E_ARG_RANGE', `invalid argument. TR-NNLS needs at least 5 frequencies with as many Z values; got ${n}.`, { argument: 'spectrum', points: n });
  }
  for (let i = 1; i < n; i++) {
    if (!(freq[i]! < freq[i - 1]!)) throw new EisError('E_ARG_RANGE', 'invalid argument. TR-NNLS takes frequencies sorted by descending f, all distinct.', { argument: 'spectrum.freq', index: i });
  }
  const rInf = re[0]!;
  const rPol = re[n - 1]! - re[0]!;
  if (!(rPol > 0)) {
    throw new EisError('E_ARG_RANGE', `invalid argument. TR-NNLS normalises by R_pol = Re Z(f_min) − Re Z(f_max), which must be > 0; got ${rPol.toPrecision(4)} Ω.`, { argument: 'spectrum', value: rPol });
  }
  // 1. the grid and its trapezoid weights
  const omega = new Float64Array(n), tau = new Float64Array(n), lnTau = new Float64Array(n), dl = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    omega[i] = TWO_PI * freq[i]!;
    tau[i] = 1 / omega[i]!;
    lnTau[i] = log(tau[i]!);
  }
  for (let i = 1; i < n - 1; i++) dl[i] = 0.5 * (lnTau[i + 1]! - lnTau[i - 1]!);
  dl[0] = 0.5 * (lnTau[1]! - lnTau[0]!);
  dl[n - 1] = 0.5 * (lnTau[n - 1]! - lnTau[n - 2]!);
  // 2.–3. the normalised data and the system
  const a = new Float64Array(n * n), z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = mode === 'real' ? (re[i]! - rInf) / rPol : -im[i]! / rPol;
    for (let j = 0; j < n; j++) {
      const wt = omega[i]! * tau[j]!;
      a[i * n + j] = ((mode === 'imag' ? wt : 1) * dl[j]!) / (1 + wt * wt);
    }
  }
  const ata = new Float64Array(n * n), b = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < n; i++) {
      const ai = a[r * n + i]!;
      b[i] = b[i]! + ai * z[r]!;
      for (let j = i; j < n; j++) ata[i * n + j] = ata[i * n + j]! + ai * a[r * n + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) ata[i * n + j] = ata[j * n + i]!;
  const warnings: string[] = [];
  // H = AᵀA + λI is symmetric: its row-major array is also its column-major one
  const solve = (lambda: number) => {
    const h = ata.slice();
    for (let i = 0; i < n; i++) h[i * n + i] = h[i * n + i]! + lambda;
    return lawsonHanson(h, b, n, n);
  };
  // 5. automatic λ
  let lambda: number;
  let lambdaCurve: LambdaCurve | undefined;
  if (fixed === null) {
    const grid = lambdaGrid();
    const norms = new Float64Array(grid.length);
    let capped = 0;
    for (let k = 0; k < grid.length; k++) {
      const s = solve(grid[k]!);
      if (!s.converged) capped++;
      let q = 0;
      for (let i = 0; i < n; i++) q += s.x[i]! * s.x[i]!;
      norms[k] = Math.sqrt(q);
    }
    if (capped > 0) warnings.push(`TR-NNLS: the NNLS stopped at its cap of ${3 * n} steps for ${capped} of the ${grid.length} λ of the scan (scipy, and so pyimpspec, would raise); their ‖g‖ is of the last feasible g.`);
    const corner = cornerLambda(grid, norms);
    lambda = corner.lambda;
    if (corner.warning) warnings.push(corner.warning);
    let index = 0;
    for (let k = 1; k < grid.length; k++) if (Math.abs(log(grid[k]! / lambda)) < Math.abs(log(grid[index]! / lambda))) index = k;
    lambdaCurve = { lambda: grid, score: norms, method: 'norm-corner', rule: 'intersection', delta: Number.NaN, index };
  } else {
    lambda = fixed;
  }
  // 4. the solution at λ
  const sol = solve(lambda);
  if (!sol.converged) warnings.push(`TR-NNLS: the NNLS stopped at its cap of ${3 * n} steps at λ = ${lambda.toPrecision(3)} (scipy, and so pyimpspec, would raise); the last feasible g is returned.`);
  const g = sol.x;
  const gamma = new Float64Array(n), frequency = new Float64Array(n);
  let area = 0;
  for (let j = 0; j < n; j++) {
    gamma[j] = g[j]! * rPol;
    frequency[j] = freq[j]!;
    area += gamma[j]! * dl[j]!;
  }
  const fre = new Float64Array(n), fim = new Float64Array(n), rre = new Float64Array(n), rim = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sr = 0, si = 0;
    for (let j = 0; j < n; j++) {
      const wt = omega[i]! * tau[j]!;
      const q = (g[j]! * dl[j]!) / (1 + wt * wt);
      sr += q;
      si -= q * wt;
    }
    fre[i] = rInf + rPol * sr;
    fim[i] = rPol * si;
    const mag = hypot(re[i]!, im[i]!);
    rre[i] = (re[i]! - fre[i]!) / mag;
    rim[i] = (im[i]! - fim[i]!) / mag;
  }
  return {
    tau, frequency, gamma, rInf, inductance: 0, polarizationResistance: area, normalization: rPol,
    peaks: peaksOn(lnTau, gamma, peakThreshold, area), lambda, ...(lambdaCurve ? { lambdaCurve } : {}),
    freq, fitted: { re: fre, im: fim }, residuals: { re: rre, im: rim }, warnings,
  };
}

/**
 * §6.5: thin (λ, ‖g‖) to a spacing ≥ 0.02, fit lines to the first and the last 5 kept points by
 * least squares, intersect them; clamp into [λ₀, λ_end] with a warning (the largest λ when the
 * lines are parallel or too few points remain).
 */
export function cornerLambda(grid: Float64Array, norms: Float64Array): { lambda: number; warning?: string } {
  const xs: number[] = [grid[0]!], ys: number[] = [norms[0]!];
  for (let k = 1; k < grid.length; k++) {
    const dx = grid[k]! - xs[xs.length - 1]!, dy = norms[k]! - ys[ys.length - 1]!;
    if (Math.sqrt(dx * dx + dy * dy) < THIN_RADIUS) continue;
    xs.push(grid[k]!);
    ys.push(norms[k]!);
  }
  const lo = grid[0]!, hi = grid[grid.length - 1]!;
  if (xs.length < 2) return { lambda: hi, warning: `TR-NNLS: ‖g‖ hardly changes with λ (fewer than 2 points ${THIN_RADIUS} apart), so the corner rule is undefined; λ = ${hi} is used.` };
  const k = Math.min(LINE_POINTS, xs.length);
  const [m1, c1] = lineFit(xs.slice(0, k), ys.slice(0, k));
  const [m2, c2] = lineFit(xs.slice(xs.length - k), ys.slice(ys.length - k));
  const x = (c2 - c1) / (m1 - m2);
  if (!Number.isFinite(x)) return { lambda: hi, warning: `TR-NNLS: the two lines of the corner rule are parallel; λ = ${hi} is used.` };
  if (x < lo) return { lambda: lo, warning: `TR-NNLS: the corner rule's λ = ${x.toPrecision(3)} is below the grid; it is clamped to ${lo}.` };
  if (x > hi) return { lambda: hi, warning: `TR-NNLS: the corner rule's λ = ${x.toPrecision(3)} is above the grid; it is clamped to ${hi}.` };
  return { lambda: x };
}

/** Least-squares line y = m·x + c (numpy.polyfit, degree 1). */
function lineFit(x: number[], y: number[]): [number, number] {
  const k = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < k; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= k;
  my /= k;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < k; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) * (x[i]! - mx);
  }
  const m = sxy / sxx;
  return [m, my - m * mx];
}

/** Peaks on the collocation grid; resampled linearly onto a uniform ln τ grid of N points when the spacing is not uniform (findPeaks needs one). */
function peaksOn(lnTau: Float64Array, gamma: Float64Array, threshold: number, rPol: number): DrtPeak[] {
  const n = lnTau.length;
  const h = (lnTau[n - 1]! - lnTau[0]!) / (n - 1);
  let uniform = true;
  for (let i = 1; i < n && uniform; i++) if (Math.abs(lnTau[i]! - lnTau[i - 1]! - h) > 0.01 * h) uniform = false;
  if (uniform) return findPeaks(lnTau, gamma, threshold, rPol);
  const u = new Float64Array(n), g = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const x = i === n - 1 ? lnTau[n - 1]! : lnTau[0]! + i * h;
    while (j < n - 2 && lnTau[j + 1]! < x) j++;
    const t = (x - lnTau[j]!) / (lnTau[j + 1]! - lnTau[j]!);
    u[i] = x;
    g[i] = gamma[j]! + t * (gamma[j + 1]! - gamma[j]!);
  }
  return findPeaks(u, g, threshold, rPol);
}
