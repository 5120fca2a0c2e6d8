/**
 * Start values of the global fit (specs/global-fit.md §4) from the per-spectrum fits: medians
 * for shared parameters, a weighted least-squares Arrhenius pre-fit (a T0 scan for VTF).
 */
import { exp, log } from '../math/index.ts';
import { BOUND } from '../abi/descriptor.ts';
import type { FitResult } from '../fit/fit.ts';
import type { FitProblem } from '../types/problems.ts';
import { toInternal } from '../reference/transform.ts';
import { median as medianOf } from '../stats/residuals.ts';
import { K_B_EV, ROLE, vtfT0Internal, type GlobalLayout } from '../reference/global-map.ts';

/** Median of the finite values (in ln when `positive`); NaN when there are none. */
export function median(values: readonly number[], positive: boolean): number {
  const m = medianOf(values.filter((x) => Number.isFinite(x) && (!positive || x > 0)).map((x) => (positive ? log(x) : x)));
  return positive ? exp(m) : m;
}

/** Weighted least squares y = a + b·x; with fewer than 2 finite weighted points, unweighted. */
export function weightedLine(x: readonly number[], y: readonly number[], w: readonly number[]): { a: number; b: number; ssr: number } {
  const ok = w.map((wi, i) => wi > 0 && Number.isFinite(wi) && Number.isFinite(y[i]!));
  const usable = ok.filter(Boolean).length >= 2;
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = usable ? (ok[i] ? w[i]! : 0) : Number.isFinite(y[i]!) ? 1 : 0;
    if (wi === 0) continue; // 0·NaN is NaN: a start fit with R = 0 (ln R = −∞ skipped) gives y = NaN
    sw += wi;
    sx += wi * x[i]!;
    sy += wi * y[i]!;
  }
  const mx = sx / sw, my = sy / sw;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = usable ? (ok[i] ? w[i]! : 0) : Number.isFinite(y[i]!) ? 1 : 0;
    if (wi === 0) continue;
    sxx += wi * (x[i]! - mx) ** 2;
    sxy += wi * (x[i]! - mx) * (y[i]! - my);
  }
  const b = sxx > 0 ? sxy / sxx : 0, a = my - b * mx;
  let ssr = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = usable ? (ok[i] ? w[i]! : 0) : Number.isFinite(y[i]!) ? 1 : 0;
    if (wi > 0) ssr += wi * (y[i]! - a - b * x[i]!) ** 2;
  }
  return { a, b, ssr };
}

export type ArrheniusForm = 'sigma' | 'sigmaT' | 'vtf';

/**
 * The pre-fit of R_s(T_s) with standard errors se_s: ln R_ref and Ea (σ, σT) or ln R_ref, B and
 * T0 (VTF: T0 given, or the best of a scan of T_min − T0 from 1 K to T_min, 60 log-spaced steps).
 */
export function arrheniusPrefit(form: ArrheniusForm, T: readonly number[], tRef: number, R: readonly number[], se: readonly number[], t0Given?: number) {
  const w = R.map((r, i) => (r > 0 && se[i]! > 0 ? (r / se[i]!) ** 2 : 0));
  if (form !== 'vtf') {
    const x = T.map((t) => (1 / t - 1 / tRef) / K_B_EV);
    const y = R.map((r, i) => (r > 0 ? log(form === 'sigma' ? r : (r * tRef) / T[i]!) : Number.NaN));
    const { a, b } = weightedLine(x, y, w);
    return { lnRref: a, ea: b, t0: Number.NaN };
  }
  const tMin = Math.min(...T);
  const y = R.map((r, i) => (r > 0 ? log(r) - 0.5 * log(T[i]! / tRef) : Number.NaN));
  const fitAt = (t0: number) => {
    const x = T.map((t) => (1 / (t - t0) - 1 / (tRef - t0)) / K_B_EV);
    return { ...weightedLine(x, y, w), t0 };
  };
  let best = fitAt(t0Given ?? tMin / 2);
  if (t0Given === undefined) {
    for (let k = 0; k < 60; k++) {
      const gap = exp(log(tMin) * (k / 59)); // 1 K … T_min
      const c = fitAt(tMin - gap);
      if (c.ssr < best.ssr && c.b > 0) best = c;
    }
  }
  return { lnRref: best.a, ea: best.b, t0: best.t0 };
}

/**
 * θ to start the global LM from the single fits (in input order): locals from each spectrum's
 * fit (a bad one's from the good fit nearest in T), shared values the median over the good fits,
 * each law pre-fitted by arrheniusPrefit on the R_s and their stderr.
 */
export function startTheta(lay: GlobalLayout, pr0: FitProblem, roles: Int32Array, forms: readonly (ArrheniusForm | null)[], t0Given: readonly (number | undefined)[], single: readonly FitResult[], T: readonly number[], warnings: string[]): Float64Array {
  const S = single.length, m = roles.length;
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
      if (form === 'vtf') theta[g + 2] = vtfT0Internal(lay, pf.t0);
    }
  }
  return theta;
}

/**
 * θ from each spectrum's full parameter vector (natural units, input order) — a previous global
 * solution: a local parameter starts at its spectrum's value, a shared one at their common value
 * (the median when they differ), a law at `lawGlobals(k)` (internal: ln R_ref, Ea or B, VTF T0).
 * The one start of globalFit's `start` option and of the F tests' relaxed refits (f-test.ts).
 */
export function thetaFromParams(lay: GlobalLayout, pr0: FitProblem, roles: Int32Array, params: readonly ArrayLike<number>[], lawGlobals: (k: number) => ArrayLike<number>): Float64Array {
  const S = params.length, m = roles.length;
  const theta = new Float64Array(lay.G + S * lay.L);
  for (let k = 0; k < m; k++) {
    const idx = pr0.free[k]!, g = lay.globalAt[k]!;
    const lo = pr0.lower[k]!, hi = pr0.upper[k]!, kind = pr0.kinds[k]!;
    if (roles[k] === ROLE.LOCAL) {
      for (let s = 0; s < S; s++) theta[lay.G + s * lay.L + lay.localAt[k]!] = toInternal(params[s]![idx]!, lo, hi, kind);
    } else if (roles[k] === ROLE.SHARED) {
      const values = params.map((p) => p[idx]!);
      const v = values.every((x) => x === values[0]) ? values[0]! : median(values, lo >= 0 && kind !== BOUND.NONE);
      theta[g] = toInternal(Number.isFinite(v) ? v : pr0.params[idx]!, lo, hi, kind);
    } else {
      const law = lawGlobals(k);
      for (let q = 0; q < law.length; q++) theta[g + q] = law[q]!;
    }
  }
  return theta;
}
