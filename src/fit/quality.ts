/**
 * The quality verdict of a fit (`FitResult.quality`), separate from `success` (the optimiser
 * converged):
 *  bad     — the fit cannot be used as it stands: it did not converge, a free parameter is
 *            undetermined (stderr > 10·|value| or infinite) or at a bound, or an R‖C/CPE arc
 *            collapsed (its R → 0 against the spectrum's resistance scale, or its characteristic
 *            frequency more than a decade outside the measured range);
 *  suspect — determined, but the relative residuals are not consistent with noise (too large
 *            against the noise estimated from the data, not white along frequency, a local excursion or outlier:
 *            src/stats/judge.ts) or two free parameters are correlated ≈ ±1;
 *  good    — neither.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { findArcs } from '../analysis/arcs.ts';
import { judgeResiduals, judgementReasons, type ResidualJudgement } from '../stats/judge.ts';
import { MIN_DOF, partProfile } from '../kk/verdict.ts';
import type { FitProblem } from './problem.ts';

export interface FitQuality {
  verdict: 'good' | 'suspect' | 'bad';
  /** What was measured and why, naming parameters and values; one entry per finding (at least one). */
  reasons: string[];
}

/** stderr above this multiple of |value|: undetermined. */
export const UNDETERMINED_RATIO = 10;
/** An arc's R below this fraction of the spectrum's resistance scale (span of Re Z): collapsed. */
export const COLLAPSED_R = 1e-3;
/** An arc's characteristic frequency this factor beyond the measured range: outside. */
export const OUTSIDE_FACTOR = 10;
/** |correlation| above this between free parameters: ≈ ±1 (CPE Q and α of correct fits reach ~0.99). */
export const CORRELATION_LIMIT = 0.9999;

export interface QualityInput {
  success: boolean;
  message: string;
  params: Float64Array;
  stderr: Float64Array;
  correlation: Float64Array;
  atBound: boolean[];
  residualsRe: Float64Array;
  residualsIm: Float64Array;
}

const g = (x: number) => x.toPrecision(3);

/**
 * The residual statistics of a fit (src/stats/judge.ts) on residuals relative to |Z_exp|,
 * whatever the fit's weighting; `free` = number of free parameters.
 */
export function relativeResidualJudgement(zre: ArrayLike<number>, zim: ArrayLike<number>, resRe: ArrayLike<number>, resIm: ArrayLike<number>, free: number): ResidualJudgement {
  const n = zre.length;
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // a point with Z = 0 has no relative residual: 0 (it cannot add structure)
    const m = Math.hypot(zre[i]!, zim[i]!);
    re[i] = m > 0 ? resRe[i]! / m : 0;
    im[i] = m > 0 ? resIm[i]! / m : 0;
  }
  return judgeResiduals(re, im, { parameters: free, profile: partProfile(zre, zim) });
}

export function fitQuality(circuit: Circuit, pr: FitProblem, r: QualityInput): FitQuality {
  const names = circuit.paramNames, P = names.length, n = pr.n;
  const bad: string[] = [], suspect: string[] = [];
  if (!r.success) bad.push(`the optimiser did not converge (${r.message})`);
  const free = Array.from(pr.free);
  for (const k of free) {
    const v = r.params[k]!, se = r.stderr[k]!;
    if (r.atBound[k]) bad.push(`${names[k]} = ${g(v)} sits at a bound: the data push it out of its allowed range`);
    else if (!Number.isFinite(se)) bad.push(`${names[k]} = ${g(v)} is undetermined (its standard error cannot be estimated)`);
    else if (se > UNDETERMINED_RATIO * Math.abs(v)) bad.push(`${names[k]} = ${g(v)} is undetermined (stderr ${g(se)} > ${UNDETERMINED_RATIO}×|value|)`);
  }
  // arcs: resistance scale = span of Re Z; measured range = [min f, max f]
  let reMin = Infinity, reMax = -Infinity, fMin = Infinity, fMax = 0;
  for (let i = 0; i < n; i++) {
    reMin = Math.min(reMin, pr.zre[i]!);
    reMax = Math.max(reMax, pr.zre[i]!);
    fMin = Math.min(fMin, pr.freq[i]!);
    fMax = Math.max(fMax, pr.freq[i]!);
  }
  const scale = reMax - reMin;
  for (const arc of findArcs(circuit.ast)) {
    const iR = circuit.paramIndex(arc.r);
    const R = r.params[iR]!;
    if (!free.includes(iR) && !arc.params.some((name) => free.includes(circuit.paramIndex(name)))) continue;
    if (scale > 0 && Math.abs(R) < COLLAPSED_R * scale) {
      bad.push(`the arc ${arc.r}‖${arc.element} collapsed: ${arc.r} = ${g(R)} Ω is below ${COLLAPSED_R}× the spread of Re Z (${g(scale)} Ω)`);
      continue;
    }
    // characteristic frequency f = 1/(2π τ), τ = (R·Q)^(1/α) (τ = RC for a capacitor)
    const q = r.params[circuit.paramIndex(arc.params[0]!)]!;
    const alpha = arc.symbol === 'CPE' ? r.params[circuit.paramIndex(arc.params[1]!)]! : 1;
    const tau = (R * q) ** (1 / alpha);
    const f = 1 / (2 * Math.PI * tau);
    if (Number.isFinite(f) && (f < fMin / OUTSIDE_FACTOR || f > fMax * OUTSIDE_FACTOR)) {
      bad.push(`the arc ${arc.r}‖${arc.element} lies outside the data: its characteristic frequency ${g(f)} Hz is more than ${OUTSIDE_FACTOR}× beyond the measured ${g(fMin)}–${g(fMax)} Hz`);
    }
  }
  const j = relativeResidualJudgement(pr.zre, pr.zim, r.residualsRe, r.residualsIm, free.length);
  const freqAt = (i: number) => pr.freq[i]!;
  // too few residual degrees of freedom to estimate the noise from: no residual verdict
  const judged = 2 * n - free.length >= MIN_DOF || j.belowFloor;
  if (judged && !j.consistent) suspect.push(...judgementReasons(j, freqAt, 'fit residuals').filter((_, k) => [!j.sizeOk, !j.whiteOk, !j.scanOk][k]));
  for (let a = 0; a < free.length; a++) {
    for (let b = a + 1; b < free.length; b++) {
      const c = r.correlation[free[a]! * P + free[b]!]!;
      if (Math.abs(c) > CORRELATION_LIMIT) suspect.push(`${names[free[a]!]} and ${names[free[b]!]} are correlated ${c.toFixed(5)} (|ρ| > ${CORRELATION_LIMIT}): the data cannot tell them apart`);
    }
  }
  if (bad.length) return { verdict: 'bad', reasons: [...bad, ...suspect] };
  if (suspect.length) return { verdict: 'suspect', reasons: suspect };
  const residualReasons = judged ? judgementReasons(j, freqAt, 'fit residuals') : [`too few points to judge the residuals (2N − p = ${2 * n - free.length} < ${MIN_DOF})`];
  return { verdict: 'good', reasons: [`all ${free.length} free parameters are determined (stderr ≤ ${UNDETERMINED_RATIO}×|value|, none at a bound, |ρ| ≤ ${CORRELATION_LIMIT})`, ...residualReasons] };
}
