/**
 * temperatureSeries({ global }): the activation energy of the bulk resistance by both routes of
 * specs/global-fit.md §7 — the Arrhenius-constrained global fit, and the two-step route done
 * properly (a global fit with the same shared parameters and the bulk resistance local, then
 * generalised least squares of ln σ on 1/T with the full covariance of ln R across temperatures).
 */
import type { Circuit } from '../circuit/circuit.ts';
import { EisError, show } from '../errors.ts';
import { globalFit } from '../global/global-fit.ts';
import type { ArrheniusRole, GlobalFitOptions, GlobalFitResult, GlobalSpectrumInput, LackOfFit } from '../global/types.ts';
import { findArcs } from './arcs.ts';
import { cropSpectrum } from '../crop.ts';
import { hypot } from '../math/index.ts';
import { arrhenius, logCovariance, type ArrheniusResult } from './arrhenius.ts';

/** The global fit of a series: which parameters are shared and which follow a law in T. */
export interface SeriesGlobalOptions {
  /** Parameters with one value for all temperatures. @default the parameters of every arc's capacitive element (CPE or C) */
  shared?: readonly string[];
  /** Temperature laws (globalFit's `arrhenius`); must give the bulk resistance's. @default { [bulk]: arrheniusForm } */
  arrhenius?: Readonly<Record<string, ArrheniusRole>>;
}

/** An activation energy (eV) with its standard error and 95 % interval. */
export interface SeriesActivationEnergy {
  activationEnergyEv: number;
  stderr: number;
  ci95: [number, number];
}

export interface SeriesGlobal {
  /** The bulk resistance whose Ea is compared. */
  bulk: string;
  /** The roles the two global fits used. */
  shared: string[];
  arrhenius: Record<string, ArrheniusRole>;
  /** Ea of the bulk resistance from the constrained global fit (B for a VTF law), with the fit. */
  constrained: SeriesActivationEnergy & { form: 'sigma' | 'sigmaT' | 'vtf'; prefactor: number | null; fit: GlobalFitResult };
  /**
   * Ea from the two-step route: the global fit with the bulk resistance local (other roles kept),
   * then `arrhenius(points, { covariance: logCovariance(R, Cov(R)), scale: 'absolute', dof: ν })` —
   * the covariance is the fit's, already scaled by its χ²/ν, so ci95 uses t with the fit's ν. Null
   * (with a warning) when that covariance could not be estimated. The fit starts from the
   * constrained solution (globalFit's `start`), whose model it contains, so its χ² is not above
   * the constrained χ²; a warning says so if it still is (a non-converged fit).
   */
  twoStep: (SeriesActivationEnergy & { arrhenius: ArrheniusResult; fit: GlobalFitResult }) | null;
  /**
   * The F test of the constrained fit against the same fit with the laws relaxed (globalFit's
   * lackOfFit), with a verdict: 'consistent' (p ≥ 0.01), 'suspect' (p < 0.01), 'violated'
   * (p < 1e-4), 'not judged' (residuals at the rounding level), and the reason in words.
   */
  lackOfFit: (LackOfFit & { verdict: 'consistent' | 'suspect' | 'violated' | 'not judged'; reason: string }) | null;
  /** Per temperature (increasing), the constrained fit's relative residuals (Z − Z_fit)/|Z| at the fitted frequencies. */
  residuals: { temperatureK: number; freq: Float64Array; re: Float64Array; im: Float64Array }[];
  warnings: string[];
}

/** The parameters of every arc's capacitive element (CPE or C): the default shared set. */
export function arcCapacitiveParams(circuit: Circuit): string[] {
  return findArcs(circuit.ast).filter((a) => a.symbol === 'CPE' || a.symbol === 'C').flatMap((a) => a.params);
}

/** The roles of the series' global fit, checked (before any computation). */
export function seriesGlobalRoles(v: unknown, circuit: Circuit, bulk: string, form: 'sigma' | 'sigmaT', fixed: Readonly<Record<string, number>> | undefined, temperatures: readonly number[]): { shared: string[]; arrhenius: Record<string, ArrheniusRole> } | null {
  if (v === undefined || v === false) return null;
  if (v !== true && (v === null || typeof v !== 'object' || Array.isArray(v))) throw new EisError('E_ARG_TYPE', `invalid option. \`global\` must be true, false or { shared?, arrhenius? }; got ${show(v)}.`, { argument: 'global' });
  const o = (v === true ? {} : v) as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'shared' && k !== 'arrhenius') throw new EisError('E_ARG_TYPE', `invalid option. \`global.${k}\` is not an option; \`global\` takes shared and arrhenius.`, { argument: `global.${k}` });
  let shared: string[];
  if (o.shared === undefined) shared = arcCapacitiveParams(circuit).filter((n) => !(fixed && n in fixed));
  else {
    if (!Array.isArray(o.shared) || !o.shared.every((n) => typeof n === 'string')) throw new EisError('E_ARG_TYPE', `invalid option. \`global.shared\` must be an array of parameter names, e.g. ['CPE1.Q', 'CPE1.alpha']; got ${show(o.shared)}.`, { argument: 'global.shared' });
    shared = [...(o.shared as string[])];
  }
  let laws: Record<string, ArrheniusRole>;
  if (o.arrhenius === undefined) laws = { [bulk]: form };
  else {
    if (o.arrhenius === null || typeof o.arrhenius !== 'object' || Array.isArray(o.arrhenius)) throw new EisError('E_ARG_TYPE', `invalid option. \`global.arrhenius\` must be an object of name → 'sigma' | 'sigmaT' | { form, t0? }; got ${show(o.arrhenius)}.`, { argument: 'global.arrhenius' });
    laws = { ...(o.arrhenius as Record<string, ArrheniusRole>) };
    if (!(bulk in laws)) throw new EisError('E_ARG_RANGE', `invalid option. \`global.arrhenius\` must give the bulk resistance ${bulk} a law (the series compares its Ea by both routes); got ${show(o.arrhenius)}.`, { argument: 'global.arrhenius', bulk });
  }
  // an unknown name: E_UNKNOWN_PARAM naming the option, before any fit
  for (const [argument, names] of [['global.shared', shared], ['global.arrhenius', Object.keys(laws)]] as const) {
    for (const n of names) if (!circuit.paramNames.includes(n)) throw new EisError('E_UNKNOWN_PARAM', `invalid option. \`${argument}\` names ${show(n)}, which is not a parameter of ${circuit.toString()}; its parameters are ${circuit.paramNames.join(', ')}.`, { argument, name: n });
  }
  for (const n of [...shared, ...Object.keys(laws)]) {
    if (fixed && Object.hasOwn(fixed, n)) throw new EisError('E_ARG_RANGE', `invalid option. ${n} is fixed (fitOptions.fixed), so the global fit cannot ${Object.hasOwn(laws, n) ? 'give it a temperature law' : 'share it'}; leave it out of \`global\` or unfix it.`, { argument: Object.hasOwn(laws, n) ? 'global.arrhenius' : 'global.shared', name: n });
  }
  if (shared.includes(bulk)) throw new EisError('E_ARG_RANGE', `invalid option. \`global.shared\` names the bulk resistance ${bulk}, whose activation energy the global fit estimates.`, { argument: 'global.shared', bulk });
  const distinct = new Set(temperatures).size;
  if (distinct < 3) throw new EisError('E_TOO_FEW_POINTS', `invalid option. \`global\` fits a temperature law, which needs at least 3 distinct temperatures; the series has ${distinct}.`, { argument: 'global', distinct });
  return { shared, arrhenius: laws };
}

/**
 * Both routes on the spectra in temperature order (`spectra`), with the series' fit options.
 * `report(k)` is called after the constrained fit (k = 1) and after the two-step's fit (k = 2).
 */
export async function seriesGlobal(circuit: Circuit, spectra: readonly GlobalSpectrumInput[], roles: { shared: string[]; arrhenius: Record<string, ArrheniusRole> }, bulk: string, form: 'sigma' | 'sigmaT', geometry: { thicknessCm: number; areaCm2: number }, fitOptions: GlobalFitOptions, report: (k: number) => void): Promise<SeriesGlobal> {
  const warnings: string[] = [];
  const base: GlobalFitOptions = { ...fitOptions, geometry: { thicknessCm: geometry.thicknessCm, areaCm2: geometry.areaCm2 }, shared: roles.shared };
  const constrainedFit = await globalFit(circuit, spectra, { ...base, arrhenius: roles.arrhenius, lackOfFit: true });
  report(1);
  const { [bulk]: _law, ...otherLaws } = roles.arrhenius;
  const localFit = await globalFit(circuit, spectra, { ...base, ...(Object.keys(otherLaws).length ? { arrhenius: otherLaws } : {}), lackOfFit: false, start: constrainedFit });
  report(2);
  constrainedFit.warnings.forEach((w) => warnings.push(`constrained global fit: ${w}`));
  // its model contains the constrained one and it starts there: a larger χ² (not rounding) is a fit that did not converge
  if (localFit.chi2 > constrainedFit.chi2 * (1 + 1e-9)) warnings.push(`The fit with ${bulk} local (χ² = ${localFit.chi2.toPrecision(6)}) ended above the constrained fit (χ² = ${constrainedFit.chi2.toPrecision(6)}), whose model it contains, although it started from the constrained solution (did it converge?): the two-step Ea is not comparable; the lack-of-fit test refits from the constrained solution (χ² = ${constrainedFit.lackOfFit ? constrainedFit.lackOfFit.chi2Relaxed.toPrecision(6) : 'not computed'}).`);
  localFit.warnings.forEach((w) => warnings.push(`two-step global fit: ${w}`));
  if (constrainedFit.quality.verdict !== 'good') warnings.push(`The constrained global fit is ${constrainedFit.quality.verdict}: ${constrainedFit.quality.reasons.join('; ')}.`);

  const ea = constrainedFit.activationEnergies[bulk]!;
  const constrained = { activationEnergyEv: ea.value, stderr: ea.stderr, ci95: ea.ci95, form: ea.form, prefactor: ea.prefactor, fit: constrainedFit };

  // the two-step route: σ_s = L/(A·R_s) from the fit with the bulk local, GLS on Cov(ln σ) = Cov(ln R)
  let twoStep: SeriesGlobal['twoStep'] = null;
  const R = localFit.spectra.map((r) => r.byName[bulk]!.value);
  const cov = localFit.localCovariance[bulk];
  if (cov && R.every((r) => r > 0 && Number.isFinite(r)) && cov.every(Number.isFinite)) {
    try {
      const a = arrhenius(spectra.map((s, k) => ({ temperatureK: s.temperatureK, sigma: geometry.thicknessCm / (R[k]! * geometry.areaCm2) })), { form, covariance: logCovariance(R, cov), scale: 'absolute', ...(localFit.dof > 0 ? { dof: localFit.dof } : {}) });
      a.warnings.forEach((w) => warnings.push(`two-step Arrhenius: ${w}`));
      twoStep = { activationEnergyEv: a.activationEnergyEv, stderr: a.stderr, ci95: a.ci95, arrhenius: a, fit: localFit };
    } catch (e) {
      if (!(e instanceof EisError)) throw e;
      warnings.push(`The two-step route has no Ea: ${e.message}`);
    }
  } else warnings.push(`The two-step route has no Ea: the fit with ${bulk} local gave no positive ${bulk} with a finite covariance at every temperature.`);

  const lof = constrainedFit.lackOfFit;
  const lackOfFit = lof ? { ...lof, ...lackOfFitVerdict(lof, Object.keys(roles.arrhenius)) } : null;
  const window = { fmin: fitOptions.fmin ?? null, fmax: fitOptions.fmax ?? null };
  const residuals = spectra.map((s, k) => {
    const d = cropSpectrum(s, window), r = constrainedFit.spectra[k]!.residuals;
    const z = Array.from(d.freq, (_, i) => hypot(d.re[i]!, d.im[i]!));
    return { temperatureK: s.temperatureK, freq: Float64Array.from(d.freq), re: Float64Array.from(r.re, (v, i) => v / z[i]!), im: Float64Array.from(r.im, (v, i) => v / z[i]!) };
  });
  return { bulk, shared: roles.shared, arrhenius: roles.arrhenius, constrained, twoStep, lackOfFit, residuals, warnings };
}

/** A p value: 3 significant digits, in exponent form below 0.001. */
export function pText(p: number): string {
  return p < 1e-3 ? p.toExponential(2) : p.toPrecision(3);
}

/** The verdict of the lack-of-fit test and its reason in words. */
function lackOfFitVerdict(l: LackOfFit, names: readonly string[]): { verdict: 'consistent' | 'suspect' | 'violated' | 'not judged'; reason: string } {
  const test = `F = ${l.F.toPrecision(4)} on ${l.df1} and ${l.df2} degrees of freedom, p = ${pText(l.p)}`;
  const who = names.join(', ');
  if (l.roundoff) return { verdict: 'not judged', reason: `the residuals are at the rounding level (noise-free data?), so the F test compares rounding errors (${test})` };
  if (l.p < 1e-4) return { verdict: 'violated', reason: `the per-temperature values of ${who} do not follow the temperature law within the noise (${test}): the constrained Ea describes a line the data do not follow — try a VTF law ({ form: 'vtf' }) or a narrower temperature range` };
  if (l.p < 0.01) return { verdict: 'suspect', reason: `the per-temperature values of ${who} deviate from the temperature law more than the noise explains (${test}): check the constrained Ea against the two-step one` };
  return { verdict: 'consistent', reason: `relaxing the law of ${who} to one value per temperature does not improve the fit beyond the noise (${test})` };
}
