/** globalFit's argument checks: the temperatures and the role of each parameter (specs/global-fit.md §1). */
import type { Circuit } from '../circuit/circuit.ts';
import { EisError, show } from '../errors.ts';
import { ROLE } from '../reference/global-map.ts';
import type { ArrheniusForm } from './start.ts';

/** temperatureK of every spectrum: a finite number > 0 (E_ARG_TYPE, E_NONFINITE, E_ARG_RANGE naming it). */
export function checkTemperatures(spectra: readonly unknown[]): number[] {
  return spectra.map((s, k) => {
    const t = (s as { temperatureK?: unknown }).temperatureK;
    if (typeof t !== 'number') throw new EisError('E_ARG_TYPE', `invalid argument. \`spectra[${k}].temperatureK\` must be a number (K); got ${show(t)}.`, { argument: `spectra[${k}].temperatureK`, index: k });
    if (!Number.isFinite(t)) throw new EisError('E_NONFINITE', `invalid argument. \`spectra[${k}].temperatureK\` must be finite; got ${t}.`, { argument: `spectra[${k}].temperatureK`, index: k });
    if (!(t > 0)) throw new EisError('E_ARG_RANGE', `invalid argument. \`spectra[${k}].temperatureK\` must be > 0 K; got ${t}.`, { argument: `spectra[${k}].temperatureK`, index: k });
    return t;
  });
}

/**
 * The warning when every temperature is ≤ 273.15 K, e.g. 170–190 given for 443–463 K: the fit
 * runs (the data could be cryogenic) but Ea comes out scaled by T_°C/T_K; null otherwise.
 */
export function celsiusWarning(T: readonly number[]): string | null {
  const hi = Math.max(...T);
  if (!(hi <= 273.15)) return null;
  return `temperatureK is in kelvin; every temperature is ≤ 273.15 K (${Math.min(...T)}–${hi}): °C given? Use celsiusToKelvin (Ea and the prefactors scale with the temperature unit).`;
}

export const FORM_ROLE = { sigma: ROLE.SIGMA, sigmaT: ROLE.SIGMA_T, vtf: ROLE.VTF } as const;

/**
 * The role of each parameter from `fixed`, `shared` and `arrhenius`: one per parameter (E_ARG_TYPE
 * naming both), known names through the aliases (E_UNKNOWN_PARAM), laws on positive parameters,
 * a VTF `t0` below `tMin`, the lowest temperature (E_ARG_RANGE naming `arrhenius.<name>.t0`).
 */
export function parseRoles(circuit: Circuit, o: Record<string, unknown>, tMin: number) {
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
        if (!(t < tMin)) throw new EisError('E_ARG_RANGE', `invalid option. \`arrhenius.${name}.t0\` (the VTF T0) must be below the lowest temperature, ${tMin} K; got ${t}.`, { argument: `arrhenius.${name}.t0`, name, value: t, tMin });
        t0[idx] = t;
      }
    }
  }
  return { role, forms, t0 };
}
