/**
 * Li⁺ transference number from a potentiostatic polarisation of a symmetric Li|electrolyte|Li
 * cell: the chronoamperogram gives the initial and steady-state currents, EIS before and after
 * polarisation the interfacial resistances.
 */
import { EisError } from '../errors.ts';
import { checkOptions, numberOption, oneOfOption } from '../validate.ts';
import { finite, optionalStderr, pairedArrays, record } from './checks.ts';
import { fitLine } from './stats.ts';

export interface ChronoamperometryOptions {
  /**
   * `'first'`: I₀ is the first current; `'extrapolate'`: I₀ from a straight line of I against √t
   * over the first `earlyFraction` of the record, at t = t₀ (the early decay of a polarised cell
   * follows semi-infinite diffusion, I ≈ I₀ − k√t). @default 'extrapolate'
   */
  i0Method?: 'first' | 'extrapolate';
  /** Fraction of the duration that counts as "early" for the extrapolation. @default 0.02 */
  earlyFraction?: number;
  /** Fraction of the duration, at the end, that is the steady-state plateau. @default 0.1 */
  plateauFraction?: number;
  /** Largest relative change of the current across the plateau before a warning. @default 0.01 */
  plateauTolerance?: number;
}

export interface Chronoamperometry {
  /** Initial current I₀ (A). */
  i0: number;
  /** Standard error of the extrapolated I₀ (the line's intercept); 0 for 'first'. */
  i0Stderr: number;
  i0Method: 'first' | 'extrapolate';
  /** How I₀ was found, in words. */
  i0Detail: string;
  /** Steady-state current I_ss (A): the mean over the plateau. */
  iss: number;
  /** Standard error of that mean (A). */
  issStderr: number;
  plateau: { startIndex: number; endIndex: number; startTime: number; endTime: number; points: number; relativeChange: number; method: string };
  warnings: string[];
}

/**
 * I₀ and I_ss from a chronoamperogram { time (s), current (A) } (time increasing).
 * The plateau is the final `plateauFraction` of the duration; its relative change is the
 * straight-line drift across it divided by I_ss, reported and warned about above tolerance.
 */
export function chronoamperometry(data: { time: ArrayLike<number>; current: ArrayLike<number> }, options: ChronoamperometryOptions = {}): Chronoamperometry {
  const d = record('data', data);
  const [t, I] = pairedArrays('time', d.time, 'current', d.current, 3);
  for (let i = 1; i < t.length; i++) {
    if (!(t[i]! > t[i - 1]!)) throw new EisError('E_ARG_RANGE', `invalid argument. \`time\` must increase; time[${i}] = ${t[i]} follows ${t[i - 1]}.`, { argument: 'time', index: i });
  }
  const o = checkOptions('options', options);
  const method = oneOfOption(o, 'i0Method', ['first', 'extrapolate'] as const, 'extrapolate', ' or ');
  const fraction = (key: string, dflt: number) => numberOption(o, key, dflt, (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const early = fraction('earlyFraction', 0.02), plateauFraction = fraction('plateauFraction', 0.1), tolerance = fraction('plateauTolerance', 0.01);
  const n = t.length, t0 = t[0]!, duration = t[n - 1]! - t0;
  const warnings: string[] = [];

  let i0: number, i0Detail: string, i0Stderr = 0;
  if (method === 'first') {
    i0 = I[0]!;
    i0Detail = `the first current, at t = ${t0} s`;
  } else {
    let m = 0;
    while (m < n && t[m]! - t0 <= early * duration) m++;
    m = Math.max(m, 3);
    const sq = new Float64Array(m), cur = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      sq[i] = Math.sqrt(t[i]! - t0);
      cur[i] = I[i]!;
    }
    const line = fitLine(sq, cur);
    i0 = line.intercept;
    i0Stderr = Number.isFinite(line.interceptStderr) ? line.interceptStderr : 0;
    i0Detail = `a straight line of I against √(t − t₀) through the first ${m} points (${((t[m - 1]! - t0) / duration * 100).toFixed(1)} % of the record), at t = t₀ = ${t0} s`;
  }
  if (!(i0 !== 0) || !Number.isFinite(i0)) throw new EisError('E_ARG_RANGE', `invalid argument. The initial current I₀ is ${i0}: the record must start with a current.`, { argument: 'current' });

  let s = n - 1;
  while (s > 0 && t[s - 1]! >= t[n - 1]! - plateauFraction * duration) s--;
  s = Math.min(s, n - 2); // at least two points
  const pt = t.subarray(s), pi = I.subarray(s);
  let sum = 0;
  for (const v of pi) sum += v;
  const iss = sum / pi.length;
  let ss = 0;
  for (const v of pi) ss += (v - iss) ** 2;
  const issStderr = Math.sqrt(ss / Math.max(1, pi.length - 1) / pi.length);
  const drift = fitLine(pt, pi);
  // relative to I_ss, or to I₀ when the plateau current is 0 (a purely electronic-blocking cell)
  const relativeChange = Math.abs((drift.slope * (pt[pt.length - 1]! - pt[0]!)) / (iss !== 0 ? iss : i0));
  if (relativeChange > tolerance) warnings.push(`The current still changes by ${(relativeChange * 100).toFixed(2)} % across the plateau (the last ${(plateauFraction * 100).toFixed(0)} % of the record): the cell may not have reached a steady state.`);
  if (iss * i0 < 0) warnings.push('I_ss and I₀ have opposite signs.');
  return {
    i0, i0Stderr, i0Method: method, i0Detail, iss, issStderr,
    plateau: {
      startIndex: s, endIndex: n - 1, startTime: t[s]!, endTime: t[n - 1]!, points: n - s, relativeChange,
      method: `the last ${(plateauFraction * 100).toFixed(0)} % of the duration; I_ss is its mean`,
    },
    warnings,
  };
}

export interface TransferenceInput {
  /** Applied polarisation ΔV (V). */
  deltaV: number;
  /** Initial current I₀ (A). */
  i0: number;
  /** Steady-state current I_ss (A). */
  iss: number;
  /** Interfacial resistance before polarisation R₀ (Ω); with rss: Bruce–Vincent. */
  r0?: number;
  /** Interfacial resistance at steady state R_ss (Ω). */
  rss?: number;
  /** Standard errors (same units) for first-order propagation. */
  i0Stderr?: number;
  issStderr?: number;
  r0Stderr?: number;
  rssStderr?: number;
}

export interface TransferenceResult {
  /** t⁺ */
  tPlus: number;
  /** Propagated standard error (first order, independent inputs; 0 when none given). */
  stderr: number;
  method: 'bruce-vincent' | 'evans';
  /** The formula used. */
  formula: string;
  /** E.g. t⁺ outside [0, 1]. */
  warnings: string[];
}

/**
 * Li⁺ transference number. With r0 and rss: Bruce–Vincent (Evans, Vincent & Bruce, Polymer 28
 * (1987) 2324; Bruce & Vincent, J. Electroanal. Chem. 225 (1987) 1):
 *   t⁺ = I_ss(ΔV − I₀R₀) / (I₀(ΔV − I_ss·R_ss));
 * without them the uncorrected ratio t⁺ = I_ss/I₀ (Evans). The interfacial drops I₀R₀ and
 * I_ss·R_ss must be smaller than ΔV (and of its sign): otherwise the inputs are inconsistent
 * (often currents in mA read as A) and an EisError says so.
 */
export function transferenceNumber(input: TransferenceInput): TransferenceResult {
  const o = record('input', input);
  const dV = finite('deltaV', o.deltaV);
  const i0 = finite('i0', o.i0);
  const iss = finite('iss', o.iss);
  if (dV === 0) throw new EisError('E_ARG_RANGE', 'invalid argument. `deltaV` must not be 0: the polarisation drives the currents.', { argument: 'deltaV' });
  if (i0 === 0) throw new EisError('E_ARG_RANGE', 'invalid argument. `i0` must not be 0: t⁺ divides by the initial current.', { argument: 'i0' });
  const hasR0 = o.r0 !== undefined, hasRss = o.rss !== undefined;
  if (hasR0 !== hasRss) throw new EisError('E_MISSING_PARAM', `invalid argument. Bruce–Vincent needs both \`r0\` and \`rss\`; got only \`${hasR0 ? 'r0' : 'rss'}\` (omit both for the Evans ratio I_ss/I₀).`, { argument: hasR0 ? 'rss' : 'r0' });
  const di0 = optionalStderr('i0Stderr', o.i0Stderr), diss = optionalStderr('issStderr', o.issStderr);
  const warnings: string[] = [];
  const check = (t: number) => {
    if (!(t >= 0 && t <= 1)) warnings.push(`t⁺ = ${t} lies outside [0, 1]: check the currents' units and signs, and that the cell reached a steady state.`);
  };
  if (!hasR0) {
    const tPlus = iss / i0;
    check(tPlus);
    // absolute first-order propagation: ∂t/∂I_ss = 1/I₀, ∂t/∂I₀ = −I_ss/I₀²
    return { tPlus, stderr: Math.hypot(diss / i0, (iss / (i0 * i0)) * di0), method: 'evans', formula: 't⁺ = I_ss/I₀', warnings };
  }
  const r0 = finite('r0', o.r0), rss = finite('rss', o.rss);
  if (r0 < 0 || rss < 0) throw new EisError('E_ARG_RANGE', `invalid argument. Interfacial resistances must be ≥ 0; got r0 = ${r0}, rss = ${rss}.`, { argument: r0 < 0 ? 'r0' : 'rss' });
  const num = dV - i0 * r0, den = dV - iss * rss;
  if (!(num / dV > 0) || !(den / dV > 0)) {
    const which = !(num / dV > 0) ? `I₀·R₀ = ${i0 * r0} V` : `I_ss·R_ss = ${iss * rss} V`;
    throw new EisError('E_ARG_RANGE', `invalid argument. The interfacial drop ${which} is not smaller than ΔV = ${dV} V (with its sign): Bruce–Vincent is undefined. Are the currents in A and the resistances in Ω?`, { argument: !(num / dV > 0) ? 'r0' : 'rss' });
  }
  const tPlus = (iss * num) / (i0 * den);
  check(tPlus);
  // absolute first-order propagation: ∂t/∂I_ss = (num/I₀)·ΔV/den², ∂t/∂I₀ = −I_ss·ΔV/(I₀²·den),
  // ∂t/∂R₀ = −I_ss/den, ∂t/∂R_ss = t⁺·I_ss/den
  const dr0 = optionalStderr('r0Stderr', o.r0Stderr), drss = optionalStderr('rssStderr', o.rssStderr);
  const stderr = Math.hypot(((num / i0) * dV / (den * den)) * diss, ((iss * dV) / (i0 * i0 * den)) * di0, (iss / den) * dr0, ((tPlus * iss) / den) * drss);
  return { tPlus, stderr, method: 'bruce-vincent', formula: 't⁺ = I_ss(ΔV − I₀R₀) / (I₀(ΔV − I_ss·R_ss))', warnings };
}
