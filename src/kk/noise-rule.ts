/**
 * The `'noise'` rule for the number M of RC elements (Lin-KK's default): the smallest M whose
 * fit reaches the noise of the data. The μ rule (Schönleber 2014) stops at the first M with
 * μ < c, which noisy data reach by chance at small M (then smooth under-fitting fails a valid
 * spectrum); the score rule (Yrjänä & Bobacka 2024) takes M at the top of the scan, where the
 * many time constants absorb part of a narrow artefact (a non-causal bump, a mains spike).
 * Between the two: scan every M (the score run), estimate the noise σ̂ of the data from the
 * second differences of that run's residuals (src/stats/residuals.ts), take the smallest M
 * with RMS residual ≤ NOISE_RULE_LIMIT·σ̂·√(1 − p/2N) (p = M + 1 + series elements: the
 * expected RMS of least-squares residuals of white noise), then go on while NOISE_RULE_STEP more
 * RC elements still lower χ² by more than noise alone would: for nested linear least-squares
 * fits, k added columns lower the residual sum of squares of pure noise by σ²·χ²_k (Cochran's
 * theorem; the partial F-test, Draper & Smith, Applied Regression Analysis, 3rd ed., §6.2), so a
 * drop above σ̂²·χ²_k(NOISE_RULE_Q) is a smooth misfit still being explained. Stopping at the
 * first M that merely reaches the noise left a misfit about as large as the noise, which the
 * whiteness test then flagged on valid spectra (bench/README.md). Without such an M (noise-free
 * data, or a misfit no M explains) the score run's M stays.
 */
import { KK_RULE_FIXED, KK_RULE_SCORE, type KkOutcome, type KkProblem } from '../reference/linkk.ts';
import { log } from '../math/index.ts';
import { noiseFromSecondDifferences } from '../stats/residuals.ts';
import { frequencyOrder } from '../stats/order.ts';

/** RMS residual at most this multiple of the expected RMS of pure noise. */
export const NOISE_RULE_LIMIT = 1;

/** RC elements added at a time in the partial F-test that follows. */
export const NOISE_RULE_STEP = 2;

/** Quantile of χ²_STEP a drop of χ²/σ̂² must exceed to take more RC elements. */
export const NOISE_RULE_Q = 0.99;

/** σ̂²·χ²₂(Q): χ² with 2 degrees of freedom is exponential, its Q-quantile −2·ln(1 − Q). */
const SIGNIFICANT_DROP = -2 * log(1 - NOISE_RULE_Q);

/** The pooled noise σ̂ of an outcome's residuals (Re and Im). */
export function pooledNoise(o: Pick<KkOutcome, 'residualsRe' | 'residualsIm'>, order?: Uint32Array): number {
  // second differences along increasing frequency, whatever the order the data came in
  const along = (r: Float64Array) => (order ? Float64Array.from(order, (i) => r[i]!) : r);
  return Math.sqrt(0.5 * (noiseFromSecondDifferences(along(o.residualsRe)) ** 2 + noiseFromSecondDifferences(along(o.residualsIm)) ** 2));
}

/** The M of a scan (curveM = 1, 2, …) that reaches the noise and beyond which χ² drops no faster than noise allows, or 0. */
export function noiseLevelM(p: KkProblem, scan: KkOutcome, sigma: number): number {
  const extra = (p.addC ? 1 : 0) + (p.addL ? 1 : 0);
  const eqs = 2 * p.n, chi2 = scan.curveChi2, count = scan.curveM.length;
  let k = 0;
  for (; k < count; k++) {
    const expected = sigma * sigma * Math.max(eqs - (scan.curveM[k]! + 1 + extra), 1);
    if (chi2[k]! <= NOISE_RULE_LIMIT * NOISE_RULE_LIMIT * expected) break;
  }
  if (k === count) return 0;
  const drop = SIGNIFICANT_DROP * sigma * sigma;
  while (k + NOISE_RULE_STEP < count && chi2[k]! - chi2[k + NOISE_RULE_STEP]! > drop) k++;
  return scan.curveM[k]!;
}

/**
 * Runs Lin-KK problems; with `noiseRule`, each as a score scan first, then (one more batch) a
 * fixed-M fit at the scan's F_ext for those whose noise-level M differs from the scan's choice.
 * The outcome keeps the scan's μ curve and F_ext index (into the original problem's extensions).
 */
export function runKk(problems: readonly KkProblem[], run: (ps: KkProblem[]) => KkOutcome[], noiseRule: boolean): KkOutcome[] {
  if (!noiseRule) return run(problems as KkProblem[]);
  const scans = scoreScans(problems, run);
  const redo: number[] = [];
  const second: KkProblem[] = [];
  scans.forEach((o, k) => {
    const p = problems[k]!;
    const M = noiseLevelM(p, o, pooledNoise(o, frequencyOrder(p.w)));
    if (M > 0 && M !== o.M) {
      redo.push(k);
      second.push({ ...p, rule: KK_RULE_FIXED, fixedM: M, extensions: Float64Array.of(p.extensions[o.extIndex]!) });
    }
  });
  const out = scans.slice();
  // the WASM kernel takes one fixed M and one F_ext list per batch (the first problem's, see
  // Engine.linKKBatch): one run per distinct (M, F_ext), or every fit would get the first one's M
  const groups = new Map<string, number[]>();
  second.forEach((p, j) => {
    const key = `${p.fixedM}|${p.extensions[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  });
  for (const js of groups.values()) {
    run(js.map((j) => second[j]!)).forEach((o, i) => {
      const k = redo[js[i]!]!, scan = scans[k]!;
      out[k] = { ...o, extIndex: scan.extIndex, found: true, curveM: scan.curveM, curveMu: scan.curveMu, curveChi2: scan.curveChi2 };
    });
  }
  return out;
}

/**
 * Score scans of every problem, F_ext searched as the kernels do (the candidate whose chosen fit
 * has the lowest pseudo-χ²; the first on ties), but one batch per candidate: the kernels' search
 * scans the best candidate once more to return its fit, a sixth scan for five candidates that
 * this keeps instead. Problems of one batch share their F_ext candidates (see Engine.linKKBatch).
 */
function scoreScans(problems: readonly KkProblem[], run: (ps: KkProblem[]) => KkOutcome[]): KkOutcome[] {
  const exts = problems[0]?.extensions ?? new Float64Array(0);
  if (exts.length <= 1) return run(problems.map((p) => ({ ...p, rule: KK_RULE_SCORE })));
  const best: KkOutcome[] = [];
  const bestChi2 = problems.map(() => Infinity);
  exts.forEach((ext, e) => {
    run(problems.map((p) => ({ ...p, rule: KK_RULE_SCORE, extensions: Float64Array.of(ext) }))).forEach((o, k) => {
      if (e === 0) best[k] = { ...o, extIndex: 0 };
      if (o.chi2 < bestChi2[k]!) {
        bestChi2[k] = o.chi2;
        best[k] = { ...o, extIndex: e };
      }
    });
  });
  return best;
}
