/**
 * globalFit(): one circuit fitted to a temperature series at once (specs/global-fit.md, issue
 * 13), with parameters shared across spectra or constrained to an Arrhenius (σ, σT) or VTF law
 * in T, by the Schur-complement Levenberg–Marquardt of src/reference/global-lm.ts. Runs on the TS
 * reference for now (the WASM port of the global loop is the next step of issue 13); the start
 * values come from fitBatch on the chosen backend.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { EisError, show } from '../errors.ts';
import { exp, log } from '../math/index.ts';
import { booleanOption, checkOptionKeys, checkOptions, checkSpectrumList } from '../validate.ts';
import { BOUND, FIT_MESSAGES } from '../abi/descriptor.ts';
import { buildProblem, FIT_OPTION_KEYS, type FitOptions } from '../fit/problem.ts';
import { assembleResult, type FitResult } from '../fit/fit.ts';
import type { FitQuality } from '../fit/quality.ts';
import { fitBatch } from '../fit/batch.ts';
import type { FitProblem } from '../types/problems.ts';
import type { SpectrumInput } from '../types/spectrum.ts';
import { newResultBlock } from '../types/problems.ts';
import { cellConstants, type CellGeometry } from '../representation/geometry.ts';
import { evaluateReference, makeGrid } from '../reference/evaluate.ts';
import { derivative, toExternal, toInternal } from '../reference/transform.ts';
import { globalLayout, globalProblem, K_B_EV, ROLE, ROLE_GLOBALS, spectrumParams, vtfT0Internal } from '../reference/global-map.ts';
import { ArrowheadSystem, globalLevenbergMarquardt } from '../reference/global-lm.ts';
import { arrowheadCovariance } from '../reference/global-covariance.ts';
import { fDistributionSf, tQuantile } from '../stats/distributions.ts';
import { arrheniusPrefit, median, type ArrheniusForm } from './start.ts';

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
  backend: 'js';
  warnings: string[];
}

const GLOBAL_OPTION_KEYS = [...FIT_OPTION_KEYS.filter((k) => k !== 'starts' && k !== 'seed'), 'shared', 'arrhenius', 'lackOfFit', 'testShared'];

const FORM_ROLE = { sigma: ROLE.SIGMA, sigmaT: ROLE.SIGMA_T, vtf: ROLE.VTF } as const;

function parseRoles(circuit: Circuit, o: Record<string, unknown>) {
  const P = circuit.paramNames.length;
  const role = new Array<string | null>(P).fill(null);
  const forms = new Array<ArrheniusForm | null>(P).fill(null);
  const t0 = new Array<number | undefined>(P).fill(undefined);
  const claim = (name: string, what: string) => {
    const idx = circuit.paramIndex(name); // E_UNKNOWN_PARAM, aliases resolved
    if (role[idx] !== null) {
      throw new EisError('E_ARG_TYPE', `invalid options. ${circuit.paramNames[idx]} has two roles, ${role[idx]} and ${what}: a parameter is local, shared, fixed or follows one temperature law.`, { argument: what, name: circuit.paramNames[idx], roles: [role[idx], what] });
    }
    role[idx] = what;
    return idx;
  };
  if (o.fixed !== undefined && o.fixed !== null && typeof o.fixed === 'object') for (const k of Object.keys(o.fixed)) claim(k, 'fixed');
  if (o.shared !== undefined) {
    if (!Array.isArray(o.shared) || o.shared.some((s) => typeof s !== 'string')) throw new EisError('E_ARG_TYPE', `invalid option. \`shared\` must be an array of parameter names; got ${show(o.shared)}.`, { argument: 'shared' });
    for (const s of o.shared as string[]) claim(s, 'shared');
  }
  if (o.arrhenius !== undefined) {
    if (o.arrhenius === null || typeof o.arrhenius !== 'object' || Array.isArray(o.arrhenius)) throw new EisError('E_ARG_TYPE', `invalid option. \`arrhenius\` must be an object of name → 'sigma' | 'sigmaT' | { form, t0? }; got ${show(o.arrhenius)}.`, { argument: 'arrhenius' });
    for (const [name, v] of Object.entries(o.arrhenius as Record<string, unknown>)) {
      const spec = typeof v === 'string' ? { form: v } : v;
      const form = spec !== null && typeof spec === 'object' ? (spec as { form?: unknown }).form : undefined;
      if (form !== 'sigma' && form !== 'sigmaT' && form !== 'vtf') throw new EisError('E_ARG_TYPE', `invalid option. \`arrhenius.${name}\` must be 'sigma', 'sigmaT' or { form: 'sigma' | 'sigmaT' | 'vtf', t0? }; got ${show(v)}.`, { argument: 'arrhenius', name });
      const idx = claim(name, 'arrhenius');
      if (!(circuit.program.lower[idx]! >= 0)) throw new EisError('E_ARG_RANGE', `invalid option. \`arrhenius.${name}\`: a temperature law needs a positive parameter (a resistance); ${circuit.paramNames[idx]} may be negative.`, { argument: 'arrhenius', name });
      forms[idx] = form;
      const t = (spec as { t0?: unknown }).t0;
      if (t !== undefined) {
        if (form !== 'vtf' || typeof t !== 'number' || !Number.isFinite(t)) throw new EisError('E_ARG_TYPE', `invalid option. \`arrhenius.${name}.t0\` is a finite start value of the VTF T0 (K), only with form 'vtf'; got ${show(t)}.`, { argument: 'arrhenius', name });
        t0[idx] = t;
      }
    }
  }
  return { role, forms, t0 };
}

/**
 * Fits `circuit` to all `spectra` at once: local parameters per spectrum, `shared` ones common
 * to all, `arrhenius` ones following a law in T (Ea, its standard error and 95 % interval).
 * A failed fit is reported in `status`/`success`/`quality`, never thrown.
 * @throws EisError on invalid input: a temperatureK not finite and > 0 (E_NONFINITE, E_ARG_RANGE),
 * fewer than 3 distinct temperatures for a temperature law (E_TOO_FEW_POINTS), a parameter with
 * two roles (E_ARG_TYPE), an unknown name (E_UNKNOWN_PARAM), and every error of fit's options.
 * @example
 * const g = await globalFit(parseCircuit('p(R1,CPE1)-p(R2,CPE2)-CPE3'), spectra, {
 *   shared: ['CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha'], arrhenius: { R1: 'sigmaT', R2: 'sigmaT' } });
 * g.activationEnergies.R1.value; g.activationEnergies.R1.stderr;
 */
export async function globalFit(circuit: Circuit, spectra: readonly GlobalSpectrumInput[], options: GlobalFitOptions = {}): Promise<GlobalFitResult> {
  checkSpectrumList(spectra);
  const o = checkOptions('options', options);
  checkOptionKeys(o, GLOBAL_OPTION_KEYS);
  const S = spectra.length;
  const T = spectra.map((s, k) => {
    const t = (s as { temperatureK?: unknown }).temperatureK;
    if (typeof t !== 'number') throw new EisError('E_ARG_TYPE', `invalid argument. \`spectra[${k}].temperatureK\` must be a number (K); got ${show(t)}.`, { argument: `spectra[${k}].temperatureK`, index: k });
    if (!Number.isFinite(t)) throw new EisError('E_NONFINITE', `invalid argument. \`spectra[${k}].temperatureK\` must be finite; got ${t}.`, { argument: `spectra[${k}].temperatureK`, index: k });
    if (!(t > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. \`spectra[${k}].temperatureK\` must be > 0 K; got ${t}.`, { argument: `spectra[${k}].temperatureK`, index: k });
    return t;
  });
  const { role, forms, t0: t0Given } = parseRoles(circuit, o);
  const distinct = new Set(T).size;
  if (forms.some((f) => f !== null) && distinct < 3) {
    throw new EisError('E_TOO_FEW_POINTS', `invalid argument. A temperature law (arrhenius) needs at least 3 distinct temperatures; the spectra have ${distinct}.`, { argument: 'spectra', distinct });
  }
  if (S < 2) throw new EisError('E_TOO_FEW_POINTS', 'invalid argument. A global fit needs at least 2 spectra; got 1.', { argument: 'spectra', distinct });
  const wantLof = booleanOption(o, 'lackOfFit', true), wantShared = booleanOption(o, 'testShared', false);
  const { shared: _sh, arrhenius: _ar, lackOfFit: _lf, testShared: _ts, geometry, ...rest } = options;
  const fitOpts: FitOptions = { ...rest, ...(rest.representation === 'M' && geometry !== undefined ? { geometry } : {}) };
  const cell = geometry === undefined ? null : cellConstants(geometry, 'geometry', 'the prefactor');
  const problems: FitProblem[] = spectra.map((s, k) => {
    try {
      return buildProblem(circuit, { freq: s.freq, re: s.re, im: s.im }, fitOpts);
    } catch (e) {
      if (e instanceof EisError) throw new EisError(e.code, `spectra[${k}]: ${e.message}`, { ...e.details, spectrum: k });
      throw e;
    }
  });
  const pr0 = problems[0]!;
  const m = pr0.free.length;
  const roles = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const idx = pr0.free[k]!;
    roles[k] = forms[idx] ? FORM_ROLE[forms[idx]!] : role[idx] === 'shared' ? ROLE.SHARED : ROLE.LOCAL;
  }
  const lay = globalLayout(roles, Float64Array.from(T));
  const warnings: string[] = [];

  // §4 start values: warm-started single fits in order of T
  const order = T.map((t, k) => [t, k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
  const { backend, engine, fmin, fmax, ...batchOpts } = fitOpts;
  const sorted = await fitBatch(circuit, order.map((k) => ({ freq: spectra[k]!.freq, re: spectra[k]!.re, im: spectra[k]!.im })), { ...batchOpts, fmin, fmax, backend, engine, warmStart: true });
  const single: FitResult[] = new Array(S);
  order.forEach((k, i) => (single[k] = sorted[i]!));
  const good = single.map((r) => r.success && r.quality.verdict !== 'bad');
  if (!good.some(Boolean)) warnings.push('Every single-spectrum start fit was bad; the global fit starts from their values anyway.');
  const nearestGood = (s: number) => {
    let best = s, gap = Number.POSITIVE_INFINITY;
    for (let t = 0; t < S; t++) if (good[t] && Math.abs(T[t]! - T[s]!) < gap) [best, gap] = [t, Math.abs(T[t]! - T[s]!)];
    return best;
  };
  const theta = new Float64Array(lay.G + S * lay.L);
  for (let k = 0; k < m; k++) {
    const idx = pr0.free[k]!, g = lay.globalAt[k]!;
    const lo = pr0.lower[k]!, hi = pr0.upper[k]!, kind = pr0.kinds[k]!;
    const use = good.some(Boolean) ? single.filter((_, s) => good[s]) : single;
    if (roles[k] === ROLE.LOCAL) {
      for (let s = 0; s < S; s++) theta[lay.G + s * lay.L + lay.localAt[k]!] = toInternal(single[good[s] ? s : nearestGood(s)]!.params[idx]!, lo, hi, kind);
    } else if (roles[k] === ROLE.SHARED) {
      const v = median(use.map((r) => r.params[idx]!), lo >= 0 && kind !== BOUND.NONE);
      theta[g] = toInternal(Number.isFinite(v) ? v : pr0.params[idx]!, lo, hi, kind);
    } else {
      const form = forms[idx]!;
      const R = single.map((r) => r.params[idx]!), se = single.map((r, s) => (good[s] ? r.stderr[idx]! : Number.NaN));
      const pf = arrheniusPrefit(form, T, lay.tRef, R, se, t0Given[idx]);
      theta[g] = pf.lnRref;
      theta[g + 1] = pf.ea;
      if (form === 'vtf') theta[g + 2] = vtfT0Internal(lay, Math.min(pf.t0, lay.tHi - 1e-3 * lay.tHi));
    }
  }
  const problem = globalProblem(circuit.kernelProgram, problems, lay);
  const maxEvaluations = options.maxEvaluations ?? 200 * (theta.length + 1);
  const lmOpts = { ftol: pr0.ftol, xtol: pr0.xtol, gtol: pr0.gtol, maxEvaluations };
  const lm = globalLevenbergMarquardt(problem, theta, lmOpts);
  const success = lm.status > 0;

  // §3 covariance at the solution, s² = χ²/ν
  const sys = new ArrowheadSystem(problem);
  const chi2At = sys.evaluate(theta);
  const N = problems.reduce((a, pr) => a + 2 * pr.n, 0);
  const nu = N - sys.m;
  const chi2 = Number.isNaN(chi2At) ? lm.chi2 : chi2At;
  const s2 = pr0.absoluteSigma ? 1 : chi2 / nu;
  const { cov: covTheta, determined } = Number.isNaN(chi2At) ? { cov: new Float64Array(sys.m * sys.m).fill(Number.POSITIVE_INFINITY), determined: false } : arrowheadCovariance(sys);
  if (!determined) warnings.push('The covariance of the global fit could not be estimated (the Jacobian is singular or rank deficient at the solution): stderr and covariance are Infinity.');
  const M = sys.m;
  const covAt = (a: number, b: number) => covTheta[a * M + b]! * s2;

  // the global parameters in natural units (delta method through the transforms)
  const paramNames: string[] = [], gValue: number[] = [], gDeriv: number[] = [], gIndex: number[] = [];
  for (let k = 0; k < m; k++) {
    const idx = pr0.free[k]!, g = lay.globalAt[k]!, name = circuit.paramNames[idx]!;
    if (roles[k] === ROLE.SHARED) {
      const v = toExternal(theta[g]!, pr0.lower[k]!, pr0.upper[k]!, pr0.kinds[k]!);
      paramNames.push(name);
      gValue.push(v);
      gDeriv.push(derivative(v, pr0.lower[k]!, pr0.upper[k]!, pr0.kinds[k]!));
      gIndex.push(g);
    } else if (roles[k] !== ROLE.LOCAL) {
      const r = exp(theta[g]!);
      paramNames.push(`${name}.Rref`, roles[k] === ROLE.VTF ? `${name}.B` : `${name}.Ea`);
      gValue.push(r, theta[g + 1]!);
      gDeriv.push(r, 1);
      gIndex.push(g, g + 1);
      if (roles[k] === ROLE.VTF) {
        const t0 = toExternal(theta[g + 2]!, Number.NEGATIVE_INFINITY, lay.tHi, BOUND.UPPER);
        paramNames.push(`${name}.T0`);
        gValue.push(t0);
        gDeriv.push(derivative(t0, Number.NEGATIVE_INFINITY, lay.tHi, BOUND.UPPER));
        gIndex.push(g + 2);
      }
    }
  }
  const G = paramNames.length;
  const covariance = new Float64Array(G * G), stderr = new Float64Array(G);
  for (let a = 0; a < G; a++) {
    for (let b = 0; b < G; b++) covariance[a * G + b] = determined ? gDeriv[a]! * gDeriv[b]! * covAt(gIndex[a]!, gIndex[b]!) : Number.POSITIVE_INFINITY;
    stderr[a] = Math.sqrt(covariance[a * G + a]!);
  }
  const byGlobal = (n: string) => paramNames.indexOf(n);
  const tq = nu > 0 ? tQuantile(0.975, nu) : Number.NaN;
  const activationEnergies: Record<string, ActivationEnergy> = {};
  const shared: Record<string, { value: number; stderr: number }> = {};
  for (let k = 0; k < m; k++) {
    const idx = pr0.free[k]!, name = circuit.paramNames[idx]!;
    if (roles[k] === ROLE.SHARED) {
      const a = byGlobal(name);
      shared[name] = { value: gValue[a]!, stderr: stderr[a]! };
    } else if (roles[k] !== ROLE.LOCAL) {
      const form = forms[idx]!;
      const ar = byGlobal(`${name}.Rref`), ae = ar + 1, at0 = form === 'vtf' ? ar + 2 : -1;
      const value = gValue[ae]!, se = stderr[ae]!, rRef = gValue[ar]!;
      const t0 = at0 >= 0 ? gValue[at0]! : Number.NaN;
      let prefactor: number | null = null;
      if (cell) {
        const sigmaRef = cell.cellConstant / rRef;
        prefactor = form === 'sigma' ? sigmaRef * exp(value / (K_B_EV * lay.tRef))
          : form === 'sigmaT' ? sigmaRef * lay.tRef * exp(value / (K_B_EV * lay.tRef))
          : sigmaRef * Math.sqrt(lay.tRef) * exp(value / (K_B_EV * (lay.tRef - t0)));
      }
      activationEnergies[name] = { form, value, stderr: se, ci95: [value - tq * se, value + tq * se], rRef, rRefStderr: stderr[ar]!, tRef: lay.tRef, t0, t0Stderr: at0 >= 0 ? stderr[at0]! : Number.NaN, prefactor };
    }
  }

  // per spectrum: p_s, its marginal covariance A_s Cov([u; v_s]) A_sᵀ, then fit's own assembly
  const P = circuit.paramNames.length;
  const dp = new Float64Array(3 * m);
  const localValues: number[][] = [];
  const spectraResults = problems.map((pr, s) => {
    const p = new Float64Array(P);
    const vAt = lay.G + s * lay.L;
    spectrumParams(lay, pr, s, theta, vAt, p, dp);
    localValues.push(Array.from(dp));
    // columns of θ each free slot depends on, with the derivative
    const cols: number[][] = [], ders: number[][] = [];
    for (let k = 0; k < m; k++) {
      if (roles[k] === ROLE.LOCAL) {
        cols.push([vAt + lay.localAt[k]!]);
        ders.push([dp[k * 3]!]);
      } else {
        const q = ROLE_GLOBALS[roles[k]!]!, g = lay.globalAt[k]!;
        cols.push(Array.from({ length: q }, (_, i) => g + i));
        ders.push(Array.from({ length: q }, (_, i) => dp[k * 3 + i]!));
      }
    }
    const z = evaluateReference(circuit.kernelProgram, p, makeGrid(pr.freq));
    const block = newResultBlock(P, m, pr.n);
    block.params.set(p);
    block.fittedRe.set(z.re);
    block.fittedIm.set(z.im);
    // assembleResult scales by this spectrum's χ²/dof; the global s² replaces it
    const chi2s = problem.rows[s]! > 0 ? sys.r[s]!.reduce((a, x) => a + x * x, 0) : 0;
    const own = pr.absoluteSigma ? 1 : chi2s / (2 * pr.n - m);
    const factor = own > 0 ? s2 / own : 0;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        let c = 0;
        for (let i = 0; i < cols[a]!.length; i++) for (let j = 0; j < cols[b]!.length; j++) c += ders[a]![i]! * ders[b]![j]! * covTheta[cols[a]![i]! * M + cols[b]![j]!]!;
        block.unscaled[a * m + b] = determined ? c * factor : Number.POSITIVE_INFINITY;
      }
    }
    return assembleResult(circuit, pr, { status: lm.status, chi2: chi2s, iterations: lm.iterations, nfev: lm.nfev, njev: lm.njev, covarianceDetermined: determined, block }, 'js');
  });
  const localCovariance: Record<string, Float64Array> = {};
  for (let k = 0; k < m; k++) {
    if (roles[k] !== ROLE.LOCAL) continue;
    const c = new Float64Array(S * S);
    for (let s = 0; s < S; s++) {
      for (let t = 0; t < S; t++) {
        const a = lay.G + s * lay.L + lay.localAt[k]!, b = lay.G + t * lay.L + lay.localAt[k]!;
        c[s * S + t] = localValues[s]![k * 3]! * localValues[t]![k * 3]! * covAt(a, b);
      }
    }
    localCovariance[circuit.paramNames[pr0.free[k]!]!] = c;
  }

  // §5 lack of fit: refit with the tested parameters local (other roles kept), F test
  const relaxedTest = (relax: (role: number) => boolean, what: string): LackOfFit | null => {
    const slots = Array.from(roles).map((r, k) => (relax(r) ? k : -1)).filter((k) => k >= 0);
    if (slots.length === 0 || !success) return null;
    const relaxedRoles = roles.map((r) => (relax(r) ? ROLE.LOCAL : r));
    const rl = globalLayout(relaxedRoles, Float64Array.from(T));
    const th = new Float64Array(rl.G + S * rl.L);
    const p = new Float64Array(P);
    for (let s = 0; s < S; s++) {
      spectrumParams(lay, problems[s]!, s, theta, lay.G + s * lay.L, p);
      for (let k = 0; k < m; k++) {
        const v = toInternal(p[pr0.free[k]!]!, pr0.lower[k]!, pr0.upper[k]!, pr0.kinds[k]!);
        if (relaxedRoles[k] === ROLE.LOCAL) th[rl.G + s * rl.L + rl.localAt[k]!] = v;
        else if (relaxedRoles[k] === ROLE.SHARED) th[rl.globalAt[k]!] = v;
      }
    }
    // laws that stay constrained keep their own globals
    for (let k = 0; k < m; k++) {
      if (relaxedRoles[k] >= ROLE.SIGMA) for (let q = 0; q < ROLE_GLOBALS[relaxedRoles[k]!]!; q++) th[rl.globalAt[k]! + q] = theta[lay.globalAt[k]! + q]!;
    }
    const relaxed = globalProblem(circuit.kernelProgram, problems, rl);
    const lr = globalLevenbergMarquardt(relaxed, th, { ...lmOpts, maxEvaluations: 200 * (th.length + 1) });
    if (!(lr.status > 0)) warnings.push(`The relaxed refit of the ${what} test did not converge (${FIT_MESSAGES[lr.status] ?? lr.status}); its χ² is an upper bound, F a lower bound.`);
    const chi2u = Math.min(lr.chi2, chi2);
    // a shared value becomes S locals (S − 1 more unknowns), a law of q globals S locals
    const df1 = slots.reduce((a, k) => a + S - ROLE_GLOBALS[roles[k]!]!, 0);
    const df2 = N - (rl.G + S * rl.L);
    if (!(df1 > 0 && df2 > 0)) return null;
    const F = chi2u > 0 ? (chi2 - chi2u) / df1 / (chi2u / df2) : Number.POSITIVE_INFINITY;
    return { F, df1, df2, p: fDistributionSf(F, df1, df2), chi2Constrained: chi2, chi2Relaxed: chi2u };
  };
  const lawSlots = Array.from(roles).map((r, k) => (r >= ROLE.SIGMA ? k : -1)).filter((k) => k >= 0);
  const lackOfFit = wantLof ? relaxedTest((r) => r >= ROLE.SIGMA, 'lack-of-fit') : null;
  const sharedTest = wantShared ? relaxedTest((r) => r === ROLE.SHARED, 'shared-parameter') : null;

  // quality
  const bad: string[] = [], suspect: string[] = [];
  if (!success) bad.push(`the optimiser did not converge (${FIT_MESSAGES[lm.status] ?? `status ${lm.status}`})`);
  if (!determined) bad.push('the covariance of the global parameters is undetermined');
  for (const [name, ea] of Object.entries(activationEnergies)) if (!(ea.stderr < Math.abs(ea.value))) suspect.push(`${name}: the stderr of ${ea.form === 'vtf' ? 'B' : 'Ea'} (${ea.stderr}) is not below its value (${ea.value})`);
  // residuals at the rounding level (noise-free data): the F ratios compare rounding errors
  let scale = 0;
  for (const pr of problems) for (let i = 0; i < pr.n; i++) scale += (pr.xre[i]! / pr.sre[i]!) ** 2 + (pr.xim[i]! / pr.sim[i]!) ** 2;
  const roundoff = chi2 < (1e3 * Number.EPSILON) ** 2 * scale;
  if (roundoff && (lackOfFit || sharedTest)) warnings.push('The residuals are at the rounding level (noise-free data?): the F tests compare rounding errors and are not judged.');
  if (lackOfFit && !roundoff) {
    const names = lawSlots.map((k) => circuit.paramNames[pr0.free[k]!]!).join(', ');
    const msg = `the temperature law of ${names} does not hold within the noise (lack of fit F = ${lackOfFit.F.toPrecision(4)}, p = ${lackOfFit.p.toPrecision(3)}): try 'vtf' or a narrower T range`;
    if (lackOfFit.p < 1e-4) bad.push(msg);
    else if (lackOfFit.p < 0.01) suspect.push(msg);
  }
  if (sharedTest && !roundoff) {
    const names = Array.from(roles).map((r, k) => (r === ROLE.SHARED ? circuit.paramNames[pr0.free[k]!]! : '')).filter(Boolean).join(', ');
    const msg = `${names} differ between spectra beyond the noise (shared-parameter test F = ${sharedTest.F.toPrecision(4)}, p = ${sharedTest.p.toPrecision(3)}): make some of them local`;
    if (sharedTest.p < 1e-4) bad.push(msg);
    else if (sharedTest.p < 0.01) suspect.push(msg);
  }
  spectraResults.forEach((r, s) => {
    if (r.quality.verdict === 'bad') suspect.push(`spectrum ${s} (${T[s]} K) is bad on its own: ${r.quality.reasons.join('; ')}`);
  });
  const verdict = bad.length ? 'bad' : suspect.length ? 'suspect' : 'good';
  const reasons = bad.length || suspect.length ? [...bad, ...suspect] : [`converged; χ²/ν = ${(chi2 / nu).toPrecision(4)} over ${S} spectra${lackOfFit ? `; the temperature laws hold (lack of fit p = ${lackOfFit.p.toPrecision(3)})` : ''}`];
  const lnTerm = N * log(chi2 / N);
  return {
    success, status: lm.status, message: FIT_MESSAGES[lm.status] ?? `status ${lm.status}`,
    chi2, dof: nu, reducedChi2: chi2 / nu, aic: lnTerm + 2 * M, bic: lnTerm + M * log(N),
    quality: { verdict, reasons },
    activationEnergies, shared, spectra: spectraResults, temperatures: T, tRef: lay.tRef,
    paramNames, params: Float64Array.from(gValue), stderr, covariance, localCovariance, lackOfFit, sharedTest,
    iterations: lm.iterations, nfev: lm.nfev, njev: lm.njev, denseFallbacks: lm.denseFallbacks, backend: 'js', warnings,
  };
}

