/**
 * Verdicts in words, shared by the command line's tables and the HTML report: the one-row-per-
 * sweep summary (χ², fit quality, Lin-KK verdict), the counts of a batch, what a Lin-KK test did
 * and the frequency window of an analysis. Plain strings: no plotting, no terminal.
 */
import type { FitResult } from '../fit/fit.ts';
import type { LinKKResult } from '../kk/linkk.ts';
import type { ZhitResult } from '../zhit/zhit.ts';
import type { FrequencyRange } from '../crop.ts';
import { windowText } from '../crop.ts';

/** 'good', 'suspect' or 'BAD' (capitals draw the eye to what cannot be used). */
export function qualityWord(fit: Pick<FitResult, 'quality'>): string {
  return fit.quality.verdict === 'bad' ? 'BAD' : fit.quality.verdict;
}

/** 'pass' or 'FAIL'. */
export function kkWord(kk: Pick<LinKKResult, 'pass'>): string {
  return kk.pass ? 'pass' : 'FAIL';
}

/** "61 of 81 points in [1, 1e5] Hz", or "81 points" without a window. */
export function rangeText(r: FrequencyRange): string {
  if (r.fmin === null && r.fmax === null) return `${r.points} points`;
  return `${r.points} of ${r.total} points in ${windowText(r)}`;
}

/** The rules that choose the number M of RC elements, by LinKKResult.method. */
const RULES: Record<string, string> = {
  mu: 'μ rule (Schönleber 2014)',
  score: 'score rule (Yrjänä & Bobacka 2024)',
  noise: 'noise rule (the smallest M whose fit reaches the noise estimated from the data)',
};

/** How M was chosen, the tested form and the verdict rule, e.g. "complex fit of Z, M = 12 by the score rule (μ < 0.85), verdict by residual statistics". */
export function kkMethodText(kk: LinKKResult): string {
  const method = String(kk.method);
  const m = method === 'fixed' ? `M = ${kk.M} fixed` : `M = ${kk.M} by the ${RULES[method] ?? `${method} rule`}, μ = ${kk.mu.toFixed(3)} (c = ${kk.c})`;
  const rule = kk.verdict === 'threshold' ? `verdict by the ${(100 * kk.threshold).toFixed(2)} % threshold on |Δ|` : 'verdict by residual statistics against the noise estimated from the data';
  return `${kk.fitType} fit of ${kk.representation}, ${m}, ${rule}; ${rangeText(kk.freqRange)}`;
}

/** Counts over a batch: "fits: 3 good, 1 suspect, 0 bad (4 of 4 converged); Lin-KK: 4 pass, 0 fail" (and "; Z-HIT: 3 pass, 1 fail" when given). */
export function countsText(fits: readonly (FitResult | null | undefined)[], kks: readonly (LinKKResult | null | undefined)[] = [], zhits: readonly (Pick<ZhitResult, 'pass'> | null | undefined)[] = []): string {
  const parts: string[] = [];
  const f = fits.filter((x): x is FitResult => !!x);
  if (f.length) {
    const n = (v: string) => f.filter((x) => x.quality.verdict === v).length;
    parts.push(`fits: ${n('good')} good, ${n('suspect')} suspect, ${n('bad')} bad (${f.filter((x) => x.success).length} of ${f.length} converged)`);
  }
  const k = kks.filter((x): x is LinKKResult => !!x);
  if (k.length) parts.push(`Lin-KK: ${k.filter((x) => x.pass).length} pass, ${k.filter((x) => !x.pass).length} fail`);
  const z = zhits.filter((x): x is Pick<ZhitResult, 'pass'> => !!x);
  if (z.length) parts.push(`Z-HIT: ${z.filter((x) => x.pass).length} pass, ${z.filter((x) => !x.pass).length} fail`);
  return parts.join('; ');
}

/** One row per sweep: spectrum, points, χ², reduced χ², fit quality, Lin-KK verdict (and the Z-HIT verdict when given). */
export function summaryRows(labels: readonly string[], fits: readonly (FitResult | null | undefined)[], kks: readonly (LinKKResult | null | undefined)[] = [], zhits: readonly (Pick<ZhitResult, 'pass'> | null | undefined)[] = []): { columns: string[]; rows: (string | number)[][] } {
  const withKk = kks.some((k) => !!k);
  const withZhit = zhits.some((z) => !!z);
  const columns = ['spectrum', 'points', 'χ²', 'reduced χ²', 'fit', 'quality', ...(withKk ? ['Lin-KK'] : []), ...(withZhit ? ['Z-HIT'] : [])];
  const rows = labels.map((label, i) => {
    const f = fits[i], k = kks[i];
    const r = f?.freqRange ?? k?.freqRange;
    const points = r ? (r.points === r.total ? String(r.points) : `${r.points}/${r.total}`) : '—';
    return [
      label, points, f ? f.chi2 : '—', f ? f.reducedChi2 : '—', f ? (f.success ? 'converged' : 'FAILED') : '—', f ? qualityWord(f) : '—',
      ...(withKk ? [k ? kkWord(k) : '—'] : []),
      ...(withZhit ? [zhits[i] ? kkWord(zhits[i]!) : '—'] : []),
    ];
  });
  return { columns, rows };
}
