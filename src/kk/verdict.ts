/**
 * The Lin-KK verdict and its reasons: `'statistics'` (the default: residuals judged against the
 * noise estimated from the data, src/stats/judge.ts) or `'threshold'` (impedance.py's rule:
 * every |Δ| ≤ threshold).
 */
import { complexDesign, KK_FIT_COMPLEX, kkCoefCount, type KkProblem } from '../reference/linkk.ts';
import { hypot } from '../math/index.ts';
import { hertz, judgementReasons, percent, type ResidualJudgement } from '../stats/judge.ts';

/** Linear parameters of a Lin-KK fit with M RC elements (what its residuals lost in degrees of freedom). */
export function kkParameters(p: KkProblem, M: number): number {
  const extra = (p.addC ? 1 : 0) + (p.addL ? 1 : 0);
  return M + 1 + extra;
}


/** Fewer residual degrees of freedom (2N − p) than this leave too little to estimate the noise from. */
export const MIN_DOF = 10;

export function kkVerdict(
  rule: 'statistics' | 'threshold', finite: boolean, j: ResidualJudgement,
  maxResidual: number, maxResidualFreq: number, threshold: number, freqAt: (i: number) => number, dof: number,
): { pass: boolean; reasons: string[] } {
  if (!finite) return { pass: false, reasons: ['no verdict: the least-squares problem is singular or rank deficient (see warnings)'] };
  const few = rule === 'statistics' && dof < MIN_DOF && !j.belowFloor;
  if (rule === 'threshold' || few) {
    const pass = maxResidual <= threshold;
    return {
      pass,
      reasons: [
        ...(few ? [`too few points for the statistics (2N − p = ${dof} < ${MIN_DOF} residual degrees of freedom): the threshold rule instead`] : []),
        `threshold rule: the largest |residual| is ${percent(maxResidual)} at ${hertz(maxResidualFreq)}, ${pass ? 'within' : 'above'} the threshold ${percent(threshold)}`,
      ],
    };
  }
  const reasons = judgementReasons(j, freqAt);
  const failed = [!j.sizeOk && 'size', !j.whiteOk && 'whiteness', !j.scanOk && 'local excursion'].filter(Boolean);
  reasons.unshift(j.belowFloor
    ? 'pass: the residuals are below the 0.05 % floor'
    : j.consistent
    ? 'pass: the residuals are consistent with noise alone'
    : `fail (${failed.join(', ')}): the residuals show structure that noise does not make, so the spectrum is not consistent with the Kramers–Kronig relations (drift, non-causal or non-linear response, interference)`);
  return { pass: j.consistent, reasons };
}

/** Largest spectrum whose exact residual variances (hat matrix) are computed (~50 ms at 500 points, M = 50). */
export const DESIGN_MAX_POINTS = 500;

/**
 * The weighted design of a complex Lin-KK fit (2N × coefficients, rows Re then Im, each row
 * divided by |X_i| as in src/reference/linkk.ts), for the residual variances of the verdict;
 * null for the 'real'/'imag' fits (two-stage: the mean leverage is used instead).
 */
export function kkDesign(p: KkProblem, tau: Float64Array): { a: Float64Array; cols: number } | null {
  // the residual variances cost O(N²·M): above DESIGN_MAX_POINTS the mean leverage stands in
  if (p.fitType !== KK_FIT_COMPLEX || p.n > DESIGN_MAX_POINTS) return null;
  const mag = Float64Array.from(p.xre, (x, i) => hypot(x, p.xim[i]!));
  return { a: complexDesign(p, tau, mag), cols: kkCoefCount(p, tau.length) };
}

/** |Re X|/|X| and |Im X|/|X| per point (the noise model's profile). */
export function partProfile(xre: ArrayLike<number>, xim: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = xre.length, re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = hypot(xre[i]!, xim[i]!);
    re[i] = m > 0 ? Math.abs(xre[i]!) / m : 0;
    im[i] = m > 0 ? Math.abs(xim[i]!) / m : 0;
  }
  return { re, im };
}
