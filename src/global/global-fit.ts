/**
 * globalFit(): one circuit fitted to a temperature series at once (specs/global-fit.md, issue
 * 13), with parameters shared across spectra or constrained to an Arrhenius (σ, σT) or VTF law
 * in T, by the Schur-complement Levenberg–Marquardt of src/reference/global-lm.ts. The loop runs
 * on the chosen backend through globalKernels (src/backend/global-kernels.ts): entirely inside
 * WASM on the WASM backend (assembly/global-lm.ts, the global module), on the TS reference on
 * the JS backend; `backend` in the result says which. The start values come from fitBatch on the
 * same backend. The covariance and the result assembly stay in TS on the TS reference (one
 * evaluation of the arrowhead system at the solution), on either backend.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { EisError, show } from '../errors.ts';
import { exp, log } from '../math/index.ts';
import { booleanOption, checkOptionKeys, checkOptions, checkSpectrumList } from '../validate.ts';
import { BOUND, FIT_MESSAGES } from '../abi/descriptor.ts';
import { buildProblem, FIT_OPTION_KEYS, type FitOptions } from '../fit/problem.ts';
import { assembleResult, type FitResult } from '../fit/fit.ts';
import { fitBatch } from '../fit/batch.ts';
import { newResultBlock, type FitProblem } from '../types/problems.ts';
import { cellConstants } from '../representation/geometry.ts';
import { evaluateReference, makeGrid } from '../reference/evaluate.ts';
import { derivative, toExternal } from '../reference/transform.ts';
import { globalLayout, globalProblem, K_B_EV, ROLE, ROLE_GLOBALS, spectrumParams, vtfT0Internal } from '../reference/global-map.ts';
import { ArrowheadSystem, residualsAt, sumOfSquares } from '../reference/global-lm.ts';
import { selectBackend } from '../backend/select.ts';
import { globalKernels, type GlobalKernels } from '../backend/global-kernels.ts';
import { sumsq } from '../reference/lm.ts';
import { median } from '../stats/residuals.ts';
import { arrowheadCovariance } from '../reference/global-covariance.ts';
import { tQuantile } from '../stats/distributions.ts';
import { arrheniusPrefit, startTheta, thetaFromParams } from './start.ts';
import { celsiusWarning, checkTemperatures, FORM_ROLE, parseRoles } from './roles.ts';
import { relaxedTestOf, type RelaxedContext } from './f-test.ts';
import type { ActivationEnergy, GlobalFitOptions, GlobalFitResult, GlobalSpectrumInput } from './types.ts';

export type { ActivationEnergy, ArrheniusRole, GlobalFitOptions, GlobalFitResult, GlobalSpectrumInput, LackOfFit } from './types.ts';

/** A spectrum whose χ²_s/ν_s exceeds this multiple of the median is an outlier (see the measurement at its use). */
const OUTLIER_FACTOR = 5;

/** The options of globalFit(). */
export const GLOBAL_OPTION_KEYS: readonly string[] = [...FIT_OPTION_KEYS.filter((k) => k !== 'starts' && k !== 'seed'), 'shared', 'arrhenius', 'lackOfFit', 'testShared', 'start'];

/** The `start` option: a GlobalFitResult of the same circuit on spectra at the same temperatures (input order). */
function checkStart(v: unknown, circuit: Circuit, T: readonly number[]): GlobalFitResult | null {
  if (v === undefined) return null;
  const r = v as Partial<GlobalFitResult> | null;
  if (r === null || typeof r !== 'object' || !Array.isArray(r.spectra) || !Array.isArray(r.temperatures) || r.activationEnergies === null || typeof r.activationEnergies !== 'object') {
    throw new EisError('E_ARG_TYPE', `invalid option. \`start\` must be a result of globalFit; got ${show(v)}.`, { argument: 'start' });
  }
  const P = circuit.paramNames.length;
  if (r.spectra.length !== T.length || r.temperatures.some((t, s) => t !== T[s])) {
    throw new EisError('E_ARG_LENGTH', `invalid option. \`start\` must be a global fit of spectra at the same temperatures in the same order (${T.join(', ')} K); it has ${r.temperatures.join(', ')} K.`, { argument: 'start' });
  }
  if (r.spectra.some((f) => !(f?.params instanceof Float64Array) || f.params.length !== P || !f.paramNames.every((n, i) => n === circuit.paramNames[i]) || !f.params.every(Number.isFinite))) {
    throw new EisError('E_ARG_TYPE', `invalid option. \`start\` must be a global fit of ${circuit.toString()} with finite parameter values in every spectrum.`, { argument: 'start' });
  }
  return r as GlobalFitResult;
}

/**
 * Fits `circuit` to all `spectra` at once: local parameters per spectrum, `shared` ones common
 * to all, `arrhenius` ones following a law in T (Ea, its standard error and 95 % interval).
 * A failed fit is reported in `status`/`success`/`quality`, never thrown.
 * @throws EisError on invalid input: a temperatureK not finite and > 0 (E_NONFINITE, E_ARG_RANGE),
 * fewer than 3 distinct temperatures for a temperature law (E_TOO_FEW_POINTS), a parameter with
 * two roles (E_ARG_TYPE), an unknown name (E_UNKNOWN_PARAM), a VTF t0 not below the lowest T
 * (E_ARG_RANGE), a spectrum with no more residuals than free parameters (E_ARG_LENGTH), and every
 * error of fit's options; a `start` that is not a global result of this circuit at the same
 * temperatures (E_ARG_TYPE, E_ARG_LENGTH). Temperatures all ≤ 273.15 K (°C given?) are a warning, not an error.
 * @example
 * const g = await globalFit(parseCircuit('p(R1,CPE1)-p(R2,CPE2)-CPE3'), spectra, {
 *   shared: ['CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha'], arrhenius: { R1: 'sigmaT', R2: 'sigmaT' } });
 * g.activationEnergies.R1.value; g.activationEnergies.R1.stderr;
 */
let kernelsHook: ((k: GlobalKernels) => GlobalKernels) | null = null;

/**
 * @internal Test hook: wraps the global kernels every globalFit (and its F-test refits) runs on,
 * e.g. to count calls or to return a loop result as the other backend would; null restores them.
 */
export function wrapGlobalKernels(wrap: ((k: GlobalKernels) => GlobalKernels) | null): void {
  kernelsHook = wrap;
}

/** globalFit's checks of its arguments, in its order and with its errors (`keys`: the options taken), and what they give. */
function prepare(circuit: Circuit, spectra: readonly GlobalSpectrumInput[], options: GlobalFitOptions, keys: readonly string[]) {
  checkSpectrumList(spectra);
  const o = checkOptions('options', options);
  checkOptionKeys(o, keys);
  const S = spectra.length;
  const T = checkTemperatures(spectra);
  const { role, forms, t0: t0Given } = parseRoles(circuit, o, Math.min(...T));
  const distinct = new Set(T).size;
  if (forms.some((f) => f !== null) && distinct < 3) {
    throw new EisError('E_TOO_FEW_POINTS', `invalid argument. A temperature law (arrhenius) needs at least 3 distinct temperatures; the spectra have ${distinct}.`, { argument: 'spectra', distinct });
  }
  if (S < 2) throw new EisError('E_TOO_FEW_POINTS', 'invalid argument. A global fit needs at least 2 spectra; got 1.', { argument: 'spectra', distinct });
  const wantLof = booleanOption(o, 'lackOfFit', true), wantShared = booleanOption(o, 'testShared', false);
  const { shared: _sh, arrhenius: _ar, lackOfFit: _lf, testShared: _ts, start: _st, geometry, ...rest } = options;
  const start = checkStart(o.start, circuit, T);
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
  return { S, T, forms, role, t0Given, wantLof, wantShared, start, fitOpts, cell, problems };
}

/**
 * globalFit's checks of a series and its options, in its order and with its errors, without a fit
 * (the queue's submitter: src/queue/global-jobs.ts); `keys` the options taken.
 */
export function checkGlobalFit(circuit: Circuit, spectra: readonly GlobalSpectrumInput[], options: GlobalFitOptions, keys: readonly string[]): void {
  prepare(circuit, spectra, options, keys);
}

export async function globalFit(circuit: Circuit, spectra: readonly GlobalSpectrumInput[], options: GlobalFitOptions = {}): Promise<GlobalFitResult> {
  const { S, T, forms, role, t0Given, wantLof, wantShared, start, fitOpts, cell, problems } = prepare(circuit, spectra, options, GLOBAL_OPTION_KEYS);
  const pr0 = problems[0]!;
  const m = pr0.free.length;
  const roles = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const idx = pr0.free[k]!;
    roles[k] = forms[idx] ? FORM_ROLE[forms[idx]!] : role[idx] === 'shared' ? ROLE.SHARED : ROLE.LOCAL;
  }
  const lay = globalLayout(roles, Float64Array.from(T));
  const chosen = globalKernels(selectBackend({ backend: fitOpts.backend, engine: fitOpts.engine }), fitOpts.backend);
  const kernels = kernelsHook ? kernelsHook(chosen) : chosen;
  const warnings: string[] = kernels.warning ? [kernels.warning] : [];
  const celsius = celsiusWarning(T);
  if (celsius) warnings.push(celsius);

  // §4 start values: a previous result's, or warm-started single fits in order of T
  let theta: Float64Array;
  if (start) {
    theta = thetaFromParams(lay, pr0, roles, start.spectra.map((r) => r.params), (k) => {
      const idx = pr0.free[k]!, form = forms[idx]!, was = start.activationEnergies[circuit.paramNames[idx]!];
      if (was && was.form === form && was.rRef > 0) return form === 'vtf' ? [log(was.rRef), was.value, vtfT0Internal(lay, was.t0)] : [log(was.rRef), was.value];
      const pf = arrheniusPrefit(form, T, lay.tRef, start.spectra.map((r) => r.params[idx]!), T.map(() => Number.NaN), t0Given[idx]);
      return form === 'vtf' ? [pf.lnRref, pf.ea, vtfT0Internal(lay, pf.t0)] : [pf.lnRref, pf.ea];
    });
  } else {
    const order = T.map((t, k) => [t, k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
    const { backend, engine, fmin, fmax, ...batchOpts } = fitOpts;
    const sorted = await fitBatch(circuit, order.map((k) => ({ freq: spectra[k]!.freq, re: spectra[k]!.re, im: spectra[k]!.im })), { ...batchOpts, fmin, fmax, backend, engine, warmStart: true });
    const single: FitResult[] = new Array(S);
    order.forEach((k, i) => (single[k] = sorted[i]!));
    theta = startTheta(lay, pr0, roles, forms, t0Given, single, T, warnings);
  }
  const problem = globalProblem(circuit.kernelProgram, problems, lay);
  const maxEvaluations = options.maxEvaluations ?? 200 * (theta.length + 1);
  const lmOpts = { ftol: pr0.ftol, xtol: pr0.xtol, gtol: pr0.gtol, maxEvaluations };
  const lm = kernels.globalLm(circuit.kernelProgram, problems, lay, theta, lmOpts);
  const success = lm.status > 0;

  // §3 covariance at the solution, s² = χ²/ν. χ² is taken at the returned θ, never the loop's
  // own: after an accepted step whose Jacobian is not finite the loops stop with status
  // NONFINITE and their χ² differs by backend (the reference keeps an earlier θ's, WASM NaN),
  // while the residuals at θ were finite at the step's trial — so χ² then comes from them.
  const sys = new ArrowheadSystem(problem);
  const chi2At = sys.evaluate(theta);
  const N = sys.n, nu = N - sys.m;
  const rAt = Number.isNaN(chi2At) ? residualsAt(problem, theta) : sys.r;
  const chi2 = Number.isNaN(chi2At) ? sumOfSquares(rAt) : chi2At;
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
    const chi2s = sumsq(rAt[s]!);
    const own = pr.absoluteSigma ? 1 : chi2s / (2 * pr.n - m);
    const factor = own > 0 ? s2 / own : 0;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        let c = 0;
        for (let i = 0; i < cols[a]!.length; i++) for (let j = 0; j < cols[b]!.length; j++) c += ders[a]![i]! * ders[b]![j]! * covTheta[cols[a]![i]! * M + cols[b]![j]!]!;
        block.unscaled[a * m + b] = determined ? c * factor : Number.POSITIVE_INFINITY;
      }
    }
    return assembleResult(circuit, pr, { status: lm.status, chi2: chi2s, iterations: lm.iterations, nfev: lm.nfev, njev: lm.njev, covarianceDetermined: determined, block }, kernels.name);
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
  const fctx: RelaxedContext = { circuit, problems, lay, roles, theta, chi2, N, lmOpts, warnings, kernels };
  const relaxedTest = (relax: (role: number) => boolean, what: string) => (success ? relaxedTestOf(fctx, relax, what) : null);
  const lawSlots = Array.from(roles).map((r, k) => (r >= ROLE.SIGMA ? k : -1)).filter((k) => k >= 0);
  const lofTest = wantLof ? relaxedTest((r) => r >= ROLE.SIGMA, 'lack-of-fit') : null;
  const sharedF = wantShared ? relaxedTest((r) => r === ROLE.SHARED, 'shared-parameter') : null;

  // residuals at the rounding level (noise-free data): the F ratios and the
  // per-spectrum χ² compare rounding errors
  let scale = 0;
  for (const pr of problems) for (let i = 0; i < pr.n; i++) scale += (pr.xre[i]! / pr.sre[i]!) ** 2 + (pr.xim[i]! / pr.sim[i]!) ** 2;
  const roundoff = chi2 < (1e3 * Number.EPSILON) ** 2 * scale;
  const lackOfFit = lofTest && { ...lofTest, roundoff }, sharedTest = sharedF && { ...sharedF, roundoff };
  // §5 outlier spectra: χ²_s/ν_s far above the median takes over the pooled s² and the F tests.
  // Measured (1 % noise, 7 spectra, 8 seeds): max/median ≤ 1.40 with true laws, ≤ 1.45 with a
  // VTF truth fitted under 'sigma' (lack of fit p ≤ 1e-4); one spectrum at 10 % noise: 12.
  const spectrumChi2 = spectraResults.map((r, s) => (2 * problems[s]!.n > m ? r.chi2 / (2 * problems[s]!.n - m) : Number.NaN));
  // (under 'unit' weighting χ²_s scales with |Z|², so the spectra are not comparable; noise-free: rounding)
  const med = median(spectrumChi2.filter((x) => x > 0 && Number.isFinite(x)));
  const outliers = pr0.weighting === 'unit' || roundoff ? [] : spectrumChi2.map((x, s) => (x > OUTLIER_FACTOR * med ? s : -1)).filter((s) => s >= 0);
  const outlierNames = outliers.map((s) => `spectrum ${s} (${T[s]} K, χ²/ν ${(spectrumChi2[s]! / med).toPrecision(3)}× the median)`).join(', ');

  // quality
  const bad: string[] = [], suspect: string[] = [];
  if (celsius) suspect.push(`every temperature is ≤ 273.15 K: °C given for K? (${T.join(', ')})`);
  if (outliers.length) suspect.push(`${outlierNames} ${outliers.length > 1 ? 'fit' : 'fits'} far worse than the others (noisier, or another sample?): ${outliers.length > 1 ? 'they dominate' : 'it dominates'} the pooled s² and the F tests`);
  const unjudgedWeighting = pr0.weighting === 'unit' && !pr0.absoluteSigma;
  if (!success) bad.push(`the optimiser did not converge (${FIT_MESSAGES[lm.status] ?? `status ${lm.status}`})`);
  if (!determined) bad.push('the covariance of the global parameters is undetermined');
  for (const [name, ea] of Object.entries(activationEnergies)) if (!(ea.stderr < Math.abs(ea.value))) suspect.push(`${name}: the stderr of ${ea.form === 'vtf' ? 'B' : 'Ea'} (${ea.stderr}) is not below its value (${ea.value})`);
  if (roundoff && (lackOfFit || sharedTest)) warnings.push('The residuals are at the rounding level (noise-free data?): the F tests compare rounding errors and are not judged.');
  if ((lackOfFit || sharedTest) && !roundoff && unjudgedWeighting) warnings.push("The F tests assume noise ∝ |Z| (modulus or proportional weighting) or known σ; under 'unit' weighting the F ratio mixes the large-|Z| points' noise with the law's misfit: its p is indicative only.");
  const byOutlier = outliers.length ? `, or ${outliers.length > 1 ? 'the outlier spectra' : 'the outlier spectrum'} ${outliers.join(', ')} may cause it: refit without ${outliers.length > 1 ? 'them' : 'it'} before blaming the law` : '';
  if (lackOfFit && !roundoff) {
    const names = lawSlots.map((k) => circuit.paramNames[pr0.free[k]!]!).join(', ');
    const msg = `the temperature law of ${names} does not hold within the noise (lack of fit F = ${lackOfFit.F.toPrecision(4)}, p = ${lackOfFit.p.toPrecision(3)}): try 'vtf' or a narrower T range${byOutlier}`;
    if (lackOfFit.p < 1e-4) bad.push(msg);
    else if (lackOfFit.p < 0.01) suspect.push(msg);
  }
  if (sharedTest && !roundoff) {
    const names = Array.from(roles).map((r, k) => (r === ROLE.SHARED ? circuit.paramNames[pr0.free[k]!]! : '')).filter(Boolean).join(', ');
    const msg = `${names} differ between spectra beyond the noise (shared-parameter test F = ${sharedTest.F.toPrecision(4)}, p = ${sharedTest.p.toPrecision(3)}): make some of them local${byOutlier}`;
    if (sharedTest.p < 1e-4) bad.push(msg);
    else if (sharedTest.p < 0.01) suspect.push(msg);
  }
  // a reason about a shared parameter (e.g. at its bound) is the same in every spectrum: said once
  const sharedNames = Object.keys(shared);
  const sharedReasons = new Map<string, number[]>();
  spectraResults.forEach((r, s) => {
    if (r.quality.verdict !== 'bad') return;
    const own: string[] = [];
    for (const why of r.quality.reasons) {
      if (sharedNames.some((n) => why.startsWith(`${n} `))) sharedReasons.set(why, [...(sharedReasons.get(why) ?? []), s]);
      else own.push(why);
    }
    if (own.length) suspect.push(`spectrum ${s} (${T[s]} K) is bad on its own: ${own.join('; ')}`);
  });
  for (const [why, at] of sharedReasons) suspect.push(`shared parameter ${why} (${at.length === S ? 'in every spectrum' : `in spectra ${at.join(', ')}`})`);
  const verdict = bad.length ? 'bad' : suspect.length ? 'suspect' : 'good';
  const reasons = bad.length || suspect.length ? [...bad, ...suspect] : [`converged; χ²/ν = ${(chi2 / nu).toPrecision(4)} over ${S} spectra${lackOfFit ? `; the temperature laws hold (lack of fit p = ${lackOfFit.p.toPrecision(3)}${unjudgedWeighting ? ", indicative under 'unit' weighting" : ''})` : ''}`];
  const lnTerm = N * log(chi2 / N);
  return {
    success, status: lm.status, message: FIT_MESSAGES[lm.status] ?? `status ${lm.status}`,
    chi2, dof: nu, reducedChi2: chi2 / nu, aic: lnTerm + 2 * M, bic: lnTerm + M * log(N),
    quality: { verdict, reasons },
    activationEnergies, shared, spectra: spectraResults, temperatures: T, tRef: lay.tRef,
    paramNames, params: Float64Array.from(gValue), stderr, covariance, localCovariance, lackOfFit, sharedTest,
    iterations: lm.iterations, nfev: lm.nfev, njev: lm.njev, denseFallbacks: lm.denseFallbacks, backend: kernels.name, warnings,
  };
}

