/**
 * Are relative residuals (Z − Ẑ)/|Z| along frequency consistent with noise alone? The verdict
 * behind Lin-KK's default (src/kk/verdict.ts) and the fit quality (src/fit/quality.ts):
 *  (d) floor: residuals below `floor` (0.05 % of |Z|, below any instrument's precision) pass
 *      whatever their shape;
 *  (a) size: the RMS residual against the noise σ̂ estimated from the residuals' own second
 *      differences (blind to a smooth misfit), with the degrees of freedom the fit used;
 *  (b) whiteness: runs test and lag-1 autocorrelation on each part (a smooth misfit — drift, a
 *      causality violation, a missing arc — makes long same-sign runs; noise does not);
 *  (c) outliers: the largest |r|/σ̂_local against the Bonferroni bound for 2N Gaussian values
 *      (a mains-pickup spike, to which the difference-based σ̂ is blind by design).
 * Tests (b) and (c) each get α/2, split evenly (Bonferroni) over their parts.
 */
import { largestScaled, lag1Autocorrelation, localNoise, noiseFromSecondDifferences, normalCdf, normalQuantile, rms, runsTest, type RunsTest } from './residuals.ts';

export interface JudgeOptions {
  /** Parameters the fit used (its residuals are (I − H)ε: their expected RMS is σ·√((2N − p)/2N)). */
  parameters: number;
  /** Overall false-alarm rate for white Gaussian residuals (whiteness and outliers). @default 0.001 */
  alpha?: number;
  /** Residuals all below this pass. @default 5e-4 */
  floor?: number;
  /** Largest RMS/expected-RMS ratio accepted. @default 1.5 */
  sizeLimit?: number;
  /** Outlier bound multiplier on the Bonferroni normal quantile (the local σ̂ is itself uncertain). @default 1.5 */
  outlierFactor?: number;
}

export interface PartStatistics {
  /** Noise σ̂ from second differences (fraction of |Z|). */
  noise: number;
  /** RMS residual (fraction of |Z|). */
  rms: number;
  runs: RunsTest;
  /** Lag-1 autocorrelation and its one-sided p-value (normal approximation, sd 1/√N). */
  lag1: number;
  lag1P: number;
}

export interface ResidualJudgement {
  consistent: boolean;
  belowFloor: boolean;
  floor: number;
  maxAbs: number;
  re: PartStatistics;
  im: PartStatistics;
  /** Pooled RMS over its expected value σ̂·√((2N − p)/2N). */
  sizeRatio: number;
  sizeLimit: number;
  sizeOk: boolean;
  /** Smallest whiteness p-value and where, and the level it is compared with. */
  whitenessP: number;
  whitenessTest: string;
  whitenessLevel: number;
  whiteOk: boolean;
  /** Largest |r|/σ̂_local, its part and index, and the bound. */
  outlier: { part: 're' | 'im'; index: number; score: number; bound: number };
  outlierOk: boolean;
}

function part(r: Float64Array): PartStatistics {
  const lag1 = lag1Autocorrelation(r);
  return { noise: noiseFromSecondDifferences(r), rms: rms(r), runs: runsTest(r), lag1, lag1P: 1 - normalCdf(lag1 * Math.sqrt(r.length)) };
}

/** Window half-width of the local noise estimate for outliers. */
const LOCAL_HALF = 10;

export function judgeResiduals(re: Float64Array, im: Float64Array, o: JudgeOptions): ResidualJudgement {
  const alpha = o.alpha ?? 0.001, floor = o.floor ?? 5e-4, sizeLimit = o.sizeLimit ?? 1.5, outlierFactor = o.outlierFactor ?? 1.5;
  const n = re.length;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(re[i]!), Math.abs(im[i]!));
  const belowFloor = maxAbs < floor;
  const sr = part(re), si = part(im);
  // pooled: both parts carry the same relative noise under modulus weighting
  const noise = Math.sqrt(0.5 * (sr.noise ** 2 + si.noise ** 2));
  const total = Math.sqrt(0.5 * (sr.rms ** 2 + si.rms ** 2));
  const shrink = Math.sqrt(Math.max(2 * n - o.parameters, 1) / (2 * n));
  const sizeRatio = noise > 0 ? total / (noise * shrink) : total > 0 ? Infinity : 0;
  const sizeOk = sizeRatio <= sizeLimit;
  const tests: [number, string][] = [
    [sr.runs.p, 'runs test on Re'], [si.runs.p, 'runs test on Im'],
    [sr.lag1P, 'lag-1 autocorrelation of Re'], [si.lag1P, 'lag-1 autocorrelation of Im'],
  ];
  const [whitenessP, whitenessTest] = tests.reduce((a, b) => (b[0] < a[0] ? b : a));
  const whitenessLevel = alpha / 2 / tests.length;
  const whiteOk = !(whitenessP < whitenessLevel);
  const bound = outlierFactor * normalQuantile(1 - alpha / 2 / (2 * 2 * n));
  const lr = localNoise(re, LOCAL_HALF), li = localNoise(im, LOCAL_HALF);
  // the local scale never below a tenth of the pooled one (a stretch of exactly fitted points)
  for (let i = 0; i < n; i++) {
    lr[i] = Math.max(lr[i]!, 0.1 * noise, floor / 10);
    li[i] = Math.max(li[i]!, 0.1 * noise, floor / 10);
  }
  const or = largestScaled(re, lr), oi = largestScaled(im, li);
  const outlier = or.value >= oi.value ? { part: 're' as const, index: or.index, score: or.value, bound } : { part: 'im' as const, index: oi.index, score: oi.value, bound };
  const outlierOk = !(outlier.score > bound);
  return {
    consistent: belowFloor || (sizeOk && whiteOk && outlierOk), belowFloor, floor, maxAbs,
    re: sr, im: si, sizeRatio, sizeLimit, sizeOk, whitenessP, whitenessTest, whitenessLevel, whiteOk, outlier, outlierOk,
  };
}

/** "0.49 %" for a fraction. */
export const percent = (x: number): string => `${(100 * x).toPrecision(2)} %`;

/** Plain-words reasons for a judgement (`what`: "residuals" or "fit residuals"). */
export function judgementReasons(j: ResidualJudgement, what = 'residuals'): string[] {
  if (j.belowFloor) return [`all ${what} are below ${percent(j.floor)} of |Z| (largest ${percent(j.maxAbs)}), below any instrument's precision: consistent whatever their shape`];
  const noise = Math.sqrt(0.5 * (j.re.noise ** 2 + j.im.noise ** 2));
  const rmsAll = Math.sqrt(0.5 * (j.re.rms ** 2 + j.im.rms ** 2));
  const out: string[] = [];
  const pShow = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toPrecision(2));
  out.push(j.sizeOk
    ? `the RMS ${what} ${percent(rmsAll)} matches the noise estimated from the data (${percent(noise)}; ratio ${j.sizeRatio.toFixed(2)} ≤ ${j.sizeLimit})`
    : `the RMS ${what} ${percent(rmsAll)} are ${j.sizeRatio.toFixed(1)}× the noise estimated from the data (${percent(noise)}; limit ${j.sizeLimit}×): a systematic misfit`);
  out.push(j.whiteOk
    ? `the ${what} are white along frequency (smallest p = ${pShow(j.whitenessP)}, ${j.whitenessTest}; level ${pShow(j.whitenessLevel)})`
    : `the ${what} are not white along frequency (${j.whitenessTest}: p = ${pShow(j.whitenessP)} < ${pShow(j.whitenessLevel)}; Re ${j.re.runs.runs} runs of ${j.re.runs.expected.toFixed(0)} expected, Im ${j.im.runs.runs} of ${j.im.runs.expected.toFixed(0)}): smooth, correlated stretches such as drift or a missing arc leave`);
  out.push(j.outlierOk
    ? `no outlier (largest |r|/σ̂ ${j.outlier.score.toFixed(1)} ≤ ${j.outlier.bound.toFixed(1)})`
    : `an outlier at point ${j.outlier.index} (${j.outlier.part}): |r|/σ̂ = ${j.outlier.score.toFixed(1)} > ${j.outlier.bound.toFixed(1)} (a spike, e.g. mains pickup)`);
  return out;
}
