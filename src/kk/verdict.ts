/**
 * The Lin-KK verdict and its reasons: `'statistics'` (the default: residuals judged against the
 * noise estimated from the data, src/stats/judge.ts) or `'threshold'` (impedance.py's rule:
 * every |Δ| ≤ threshold).
 */
import type { KkProblem } from '../reference/linkk.ts';
import { judgementReasons, percent, type ResidualJudgement } from '../stats/judge.ts';

/** Linear parameters of a Lin-KK fit with M RC elements (what its residuals lost in degrees of freedom). */
export function kkParameters(p: KkProblem, M: number): number {
  const extra = (p.addC ? 1 : 0) + (p.addL ? 1 : 0);
  return M + 1 + extra;
}

const hz = (w: number) => `${(w / (2 * Math.PI)).toPrecision(3)} Hz`;

export function kkVerdict(
  rule: 'statistics' | 'threshold', finite: boolean, j: ResidualJudgement,
  maxResidual: number, maxIndex: number, threshold: number, w: Float64Array,
): { pass: boolean; reasons: string[] } {
  if (!finite) return { pass: false, reasons: ['no verdict: the least-squares problem is singular or rank deficient (see warnings)'] };
  if (rule === 'threshold') {
    const pass = maxResidual <= threshold;
    return {
      pass,
      reasons: [`threshold rule: the largest |residual| is ${percent(maxResidual)} at ${hz(w[maxIndex]!)}, ${pass ? 'within' : 'above'} the threshold ${percent(threshold)}`],
    };
  }
  const reasons = judgementReasons(j).map((r) => (j.outlierOk ? r : r.replace(/at point (\d+)/, (_, i: string) => `at ${hz(w[Number(i)]!)}`)));
  const failed = [!j.sizeOk && 'size', !j.whiteOk && 'whiteness', !j.outlierOk && 'outlier'].filter(Boolean);
  reasons.unshift(j.consistent
    ? 'pass: the residuals are consistent with noise alone'
    : `fail (${failed.join(', ')}): the residuals show structure that noise does not make, so the spectrum is not consistent with the Kramers–Kronig relations (drift, non-causal or non-linear response, interference)`);
  return { pass: j.consistent, reasons };
}
