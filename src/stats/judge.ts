/**
 * Are relative residuals (X − X̂)/|X| along frequency consistent with noise alone? The verdict
 * behind Lin-KK's default (src/kk/verdict.ts) and the fit quality (src/fit/quality.ts):
 *  (d) floor: residuals below `floor` (0.05 % of |X|, below any instrument's precision) pass
 *      whatever their shape;
 *  noise model: the variance of every point estimated from the residuals' own second differences
 *      (blind to a smooth misfit; src/stats/residuals.ts noiseProfile), and from it the variance
 *      of every residual of the fit, Var r = (I − H)Σ(I − H) on the diagonal, with the fit's hat
 *      matrix H when the design is given (src/stats/hat.ts), else its mean leverage p/2N;
 *  (a) size: Σr² against its expected value under that model (ratio of RMS values);
 *  (b) whiteness: Wald–Wolfowitz runs test and lag-1 autocorrelation on each part (a smooth
 *      misfit — drift, a causality violation, a missing arc — makes long same-sign runs; noise
 *      does not);
 *  (c) local excursions: every window of w = 1, 3, 5, 9, 17 consecutive standardised residuals,
 *      summed per part, scaled to unit variance and combined over Re and Im (a scan statistic, Naus, JASA 77 (1982)
 *      177; w = 1 is an outlier test), against the Bonferroni bound over all windows: a
 *      mains-pickup spike (to which the difference-based noise is blind by design) or a narrow
 *      non-causal bump that a global test dilutes.
 * (b) and (c) share the false-alarm rate α: whiteness α/4 (its four tests), single points α/4,
 * wider windows α/2 (Bonferroni within each) — the spike test keeps its own, lower bound, so the
 * many window pairs of (c) do not hide a mains spike (bench/README.md, Lin-KK verdict).
 */
import { noiseProfileInto, normalCdf, normalQuantile, runsFromCounts, type RunsTest } from './residuals.ts';
import { hypot, log, pow } from '../math/index.ts';
import { residualVariance } from './hat.ts';
import { JUDGEMENT } from '../abi/descriptor.ts';

const J = JUDGEMENT.fields;

export interface JudgeOptions {
  /** Parameters the fit used (its mean leverage p/2N, when `design` is not given). */
  parameters: number;
  /** |Re X|/|X| and |Im X|/|X| per point: lets the noise model follow noise proportional to each part. */
  profile?: { re: ArrayLike<number>; im: ArrayLike<number> };
  /** The weighted linear design (2N × cols, row-major; rows Re then Im) the residuals come from. */
  design?: { a: Float64Array; cols: number };
  /** Overall false-alarm rate for residuals of pure Gaussian noise (whiteness and local excursions). @default 0.001 */
  alpha?: number;
  /** Residuals all below this pass. @default 5e-4 */
  floor?: number;
  /**
   * Largest RMS/expected-RMS ratio accepted. @default max(1.5, 1.2·√(χ²₀.₉₉₉₅(ν)/ν)) with
   * ν = 2N − p: the 0.9995 quantile of the ratio for noise alone (Wilson–Hilferty), with 20 %
   * for the noise being estimated from the same residuals — 1.5 from ν ≈ 60 up, more below
   */
  sizeLimit?: number;
  /** Multiplier on the scan's Bonferroni bound (the noise model is itself estimated). @default 1.05 */
  scanFactor?: number;
}

export interface PartStatistics {
  /** Noise σ̂ of the data estimated for this part (RMS over the points, fraction of |X|). */
  noise: number;
  /** RMS residual (fraction of |X|). */
  rms: number;
  runs: RunsTest;
  /** Lag-1 autocorrelation and its one-sided p-value (normal approximation, sd 1/√n). */
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
  /** RMS residual over its expected value for noise alone. */
  sizeRatio: number;
  sizeLimit: number;
  sizeOk: boolean;
  /** Smallest whiteness p-value and its test, and the level it is compared with. */
  whitenessP: number;
  whitenessTest: string;
  whitenessLevel: number;
  whiteOk: boolean;
  /** The window with the largest joint score √(S_re² + S_im²): its larger part, first index, width w, score, and the bound. */
  scan: { part: 're' | 'im'; index: number; width: number; score: number; bound: number };
  scanOk: boolean;
}

/** The p-quantile of χ² with ν degrees of freedom (Wilson & Hilferty, PNAS 17 (1931) 684; within ~1 % for ν ≥ 3). */
export function chiSquareQuantile(p: number, nu: number): number {
  const h = 2 / (9 * nu);
  return nu * pow(Math.max(0, 1 - h + normalQuantile(p) * Math.sqrt(h)), 3);
}

/** Residuals all below this fraction of |X| pass (JudgeOptions.floor's default). */
export const DEFAULT_FLOOR = 5e-4;

/** Window widths of the scan (1 = single outliers). */
export const SCAN_WIDTHS = [1, 3, 5, 9, 17] as const;

/** √k for the counts of points in a window (0 … widest): Math.sqrt's values, looked up in the scan's inner loop. */
const SQRT_COUNT = Float64Array.from({ length: SCAN_WIDTHS[SCAN_WIDTHS.length - 1] + 1 }, (_, k) => Math.sqrt(k));

/**
 * Whiteness and size of one part, written as its eight JUDGEMENT fields from `at` of `rec`
 * (PartStatistics' order). Points where the fit's own error exceeds the data's noise
 * (`own[i]` 0) are left out of the runs and autocorrelation tests: their residual is the fit's
 * smooth error, not noise (Im X → 0 at the ends of a spectrum whose noise is proportional to
 * each part, as some instruments' is).
 */
function part(r: Float64Array, own: Uint8Array, variance: Float64Array, q2: number, rec: Float64Array, at: number): void {
  // one pass for what runsTest, lag1Autocorrelation (on the kept points, in order), rms and the
  // variance sum take in four: every sum gets the same terms in the same order
  const n = r.length;
  let m = 0, v = 0, s = 0, num = 0, den = 0, prev = 0, pos = 0, neg = 0, runs = 0, last = 0;
  for (let i = 0; i < n; i++) {
    const x = r[i]!;
    s += x * x;
    v += variance[i]!;
    if (own[i] !== 1) continue;
    den += x * x;
    if (m > 0) num += x * prev;
    prev = x;
    m++;
    const sign = x > 0 ? 1 : x < 0 ? -1 : 0;
    if (sign === 0) continue;
    if (sign > 0) pos++;
    else neg++;
    if (sign !== last) runs++;
    last = sign;
  }
  for (let i = n; i < variance.length; i++) v += variance[i]!;
  const lag1 = den > 0 ? num / den : 0;
  const t = runsFromCounts(pos, neg, runs);
  rec[at] = Math.sqrt((q2 * v) / Math.max(variance.length, 1));
  rec[at + 1] = n ? Math.sqrt(s / n) : Number.NaN;
  rec[at + 2] = t.runs;
  rec[at + 3] = t.expected;
  rec[at + 4] = t.z;
  rec[at + 5] = t.p;
  rec[at + 6] = lag1;
  rec[at + 7] = m > 2 ? 1 - normalCdf(lag1 * Math.sqrt(m)) : 1;
}

/**
 * The scan over both parts at once: for every window of w consecutive points, the window sums
 * of the standardised residuals of Re and of Im, each scaled to unit variance
 * (S = Σz/√(points counted)), and T = S_re² + S_im² (χ² with 2 degrees of freedom for noise
 * alone: a spike or a bump moves both parts at the same frequencies). Windows of w > 1 skip the
 * points where the fit's error dominates (`own` 0): that error is smooth, and its window sums
 * grow like w, not √w. Writes the best single point and the window of w > 1 with the largest √T
 * as the JUDGEMENT fields single… and wide… at `at` of `rec`.
 */
function scan(v: Views, rec: Float64Array, at: number): void {
  const { zRe, zIm, ownRe, ownIm, n } = v;
  // prefix sums (index 0 = 0) in the caller's scratch
  const { pr, pi, cr, ci } = v;
  pr[0] = pi[0] = cr[0] = ci[0] = 0;
  // the best single point so far, in locals
  let singleIndex = 0, singleScore = 0, singleRe = true;
  // the best wide window so far, in locals (an object per new best cost more than the windows)
  let bestIndex = 0, bestWidth = 3, bestScore = 0, bestRe = true;
  let best2 = 0; // below best.score² by more than rounding: windows under it cannot beat it
  let single2 = 0; // the same for single points
  for (let i = 0; i < n; i++) {
    if (!(zRe[i]! * zRe[i]! + zIm[i]! * zIm[i]! < single2)) {
      const t = hypot(zRe[i]!, zIm[i]!);
      if (t > singleScore) {
        singleIndex = i;
        singleScore = t;
        singleRe = Math.abs(zRe[i]!) >= Math.abs(zIm[i]!);
        single2 = t > 1e-150 && t < 1e150 ? t * t * (1 - 1e-9) : 0;
      }
    }
    pr[i + 1] = pr[i]! + (ownRe[i] ? zRe[i]! : 0);
    pi[i + 1] = pi[i]! + (ownIm[i] ? zIm[i]! : 0);
    cr[i + 1] = cr[i]! + ownRe[i]!;
    ci[i + 1] = ci[i]! + ownIm[i]!;
  }
  // the scaled window sums of one width, Re and Im, each computed once for its three pairings
  const { wr, wi } = v;
  for (let iw = 0; iw < SCAN_WIDTHS.length; iw++) {
    const w = SCAN_WIDTHS[iw]!;
    if (w === 1 || w > n) continue;
    for (let i = 0; i + w <= n; i++) {
      const kr = cr[i + w]! - cr[i]!, ki = ci[i + w]! - ci[i]!;
      wr[i] = kr >= 2 ? (pr[i + w]! - pr[i]!) / SQRT_COUNT[kr]! : 0;
      wi[i] = ki >= 2 ? (pi[i + w]! - pi[i]!) / SQRT_COUNT[ki]! : 0;
    }
    // the shifts of scanShifts(w), in its order, without its array
    const half = Math.ceil(w / 2);
    for (let s = 0; s < 3; s++) {
      const shift = s === 0 ? 0 : s === 1 ? -half : half;
      // the windows i with i ≥ 0, i + shift ≥ 0, i + w ≤ n and i + shift + w ≤ n
      const last = Math.min(n - w, n - w - shift);
      for (let i = Math.max(0, -shift); i <= last; i++) {
        const j = i + shift;
        const sr = wr[i]!, si = wi[j]!;
        // hypot is slower than a sum of squares: it measures only windows whose sum of squares reaches best2
        if (sr * sr + si * si < best2) continue;
        const t = hypot(sr, si);
        if (t > bestScore) {
          best2 = t > 1e-150 && t < 1e150 ? t * t * (1 - 1e-9) : 0;
          bestRe = Math.abs(sr) >= Math.abs(si);
          bestIndex = bestRe ? i : j;
          bestWidth = w;
          bestScore = t;
        }
      }
    }
  }
  rec[at + J.singleIndex] = singleIndex;
  rec[at + J.singleScore] = singleScore;
  rec[at + J.singlePart] = singleRe ? 0 : 1;
  rec[at + J.wideIndex] = bestIndex;
  rec[at + J.wideWidth] = bestWidth;
  rec[at + J.wideScore] = bestScore;
  rec[at + J.widePart] = bestRe ? 0 : 1;
}

/**
 * Offsets of the Im window against the Re window: 0, and ±⌈w/2⌉ — a localised deviation of one
 * part leaves, after the best KK-consistent fit, a residual in the other part that is close to
 * its Hilbert transform: an odd function whose lobes lie beside the deviation, not on it
 * (Re Z − R∞ and Im Z are a Hilbert pair; Boukamp 1995, eq. 1–2). Measured on the 3 % bump of
 * test/kk-cases.ts: the Im lobe peaks ~4 points from the Re peak, and the aligned windows alone
 * missed ~10 % of the bumps on the 71-point grid (bench/README.md).
 */
function scanShifts(w: number): number[] {
  return w === 1 ? [0] : [0, -Math.ceil(w / 2), Math.ceil(w / 2)];
}

/** Number of (Re, Im) window pairs of more than one point the scan tests on n points. */
/** Per-fit constants of judgeResiduals that depend only on the counts (the same numbers, computed once). */
const sizeLimits = new Map<number, number>();
const scanBounds = new Map<number, [number, number]>();

/** Scratch of judgeResiduals, grown as needed: its arrays die with the call (it runs for every fit of a batch). */
let scratchF = new Float64Array(0), scratchU = new Uint8Array(0);

/**
 * judgeResiduals' views of its scratch for n points, made once per (n, scratch) rather than per
 * call (some twenty subarrays cost ~2 µs per fit). Layout: variance, total, fit, z (2n each),
 * then `work`: the noise model's rows (4·(n − 2)), later the scan's prefix
 * sums (4·(n + 1)) and window sums (2n); own (2n) and the noise model's keep (2·(n − 2)) in scratchU.
 */
class Views {
  readonly variance: Float64Array; readonly total: Float64Array; readonly fit: Float64Array; readonly z: Float64Array;
  readonly varRe: Float64Array; readonly varIm: Float64Array; readonly zRe: Float64Array; readonly zIm: Float64Array;
  readonly work: Float64Array; readonly pr: Float64Array; readonly pi: Float64Array; readonly cr: Float64Array; readonly ci: Float64Array;
  readonly wr: Float64Array; readonly wi: Float64Array;
  readonly own: Uint8Array; readonly ownRe: Uint8Array; readonly ownIm: Uint8Array; readonly keep: Uint8Array;
  constructor(readonly n: number, readonly f: Float64Array, readonly u: Uint8Array) {
    const rows = 2 * n;
    this.variance = f.subarray(0, rows); this.total = f.subarray(rows, 2 * rows); this.fit = f.subarray(2 * rows, 3 * rows); this.z = f.subarray(3 * rows, 4 * rows);
    this.varRe = this.variance.subarray(0, n); this.varIm = this.variance.subarray(n);
    this.zRe = this.z.subarray(0, n); this.zIm = this.z.subarray(n);
    const work = (this.work = f.subarray(4 * rows));
    this.pr = work.subarray(0, n + 1); this.pi = work.subarray(n + 1, 2 * n + 2); this.cr = work.subarray(2 * n + 2, 3 * n + 3); this.ci = work.subarray(3 * n + 3, 4 * n + 4);
    this.wr = work.subarray(4 * n + 4, 5 * n + 4); this.wi = work.subarray(5 * n + 4, 6 * n + 4);
    this.own = u.subarray(0, rows); this.ownRe = this.own.subarray(0, n); this.ownIm = this.own.subarray(n);
    this.keep = u.subarray(rows);
  }
}
let views: Views | null = null;

function scanCount(n: number): number {
  let count = 0;
  for (const w of SCAN_WIDTHS) if (w > 1) for (const shift of scanShifts(w)) count += Math.max(0, n - w + 1 - Math.abs(shift));
  return Math.max(count, 1);
}

/** The default size limit for ν = dof residual degrees of freedom (JudgeOptions.sizeLimit), computed once per ν. */
function defaultSizeLimit(dof: number): number {
  let sizeLimit = sizeLimits.get(dof);
  if (sizeLimit === undefined) sizeLimits.set(dof, (sizeLimit = Math.max(1.5, Number((1.2 * Math.sqrt(chiSquareQuantile(0.9995, dof) / dof)).toFixed(2)))));
  return sizeLimit;
}

/** The scan's bounds on n points, single points and wider windows (kept per n for the default α and factor). */
function scanBoundsFor(n: number, alpha: number, scanFactor: number): [number, number] {
  let bounds = alpha === 0.001 && scanFactor === 1.05 ? scanBounds.get(n) : undefined;
  if (!bounds) {
    bounds = [scanFactor * Math.sqrt(2 * log(n / (alpha / 4))), scanFactor * Math.sqrt(2 * log(scanCount(n) / (alpha / 2)))];
    if (alpha === 0.001 && scanFactor === 1.05) scanBounds.set(n, bounds);
  }
  return bounds;
}

/** The whiteness tests in the order their p-values are compared (the first of equal ones is reported). */
const WHITENESS_TESTS = ['runs test on Re', 'runs test on Im', 'lag-1 autocorrelation of Re', 'lag-1 autocorrelation of Im'] as const;

export function judgeResiduals(re: Float64Array, im: Float64Array, o: JudgeOptions): ResidualJudgement {
  judgeInto(re, im, o, RECORD, 0);
  return judgementFromRecord(RECORD, 0, re.length, o.parameters, o);
}

/** judgeResiduals' record (read before the next call). */
const RECORD = new Float64Array(JUDGEMENT.words);

/**
 * The numbers of judgeResiduals (what assembly/judge.ts computes for a fit's verdict): a JUDGEMENT
 * record at `at` of `rec`, before the comparisons with limits and bounds (judgementFromRecord,
 * flatJudgement). Options: floor (for the smallest variance) and the noise model's inputs.
 */
export function judgeInto(re: Float64Array, im: Float64Array, o: JudgeOptions, rec: Float64Array, at: number): void {
  const floor = o.floor ?? DEFAULT_FLOOR;
  const n = re.length, rows = 2 * n;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(re[i]!), Math.abs(im[i]!));
  // scratch: variance, total, fit, z (rows each); the noise model's rows (4·(n − 2)); the scan's prefix sums (4·(n + 1)) and window sums (2n)
  const rowsD = Math.max(n - 2, 0);
  const need = 4 * rows + 4 * rowsD + 4 * (n + 1) + 2 * n;
  if (scratchF.length < need) scratchF = new Float64Array(need);
  if (scratchU.length < rows + 2 * rowsD) scratchU = new Uint8Array(rows + 2 * rowsD);
  if (!views || views.n !== n || views.f !== scratchF || views.u !== scratchU) views = new Views(n, scratchF, scratchU);
  const v = views;
  const { variance, total, fit, z, work, own } = v;
  // the data's noise (written into the two halves of `variance`), then every residual's variance and the fit's share of it
  const noise = noiseProfileInto(re, im, o.profile, v.varRe, v.varIm, work, v.keep);
  if (o.design) {
    const rv = residualVariance(o.design.a, rows, o.design.cols, variance);
    total.set(rv.total);
    fit.set(rv.fit);
  } else {
    const h = Math.min(o.parameters / rows, 1);
    // plain loops: TypedArray.from with a map function is slow in V8, and this runs per fit
    for (let i = 0; i < rows; i++) {
      fit[i] = h * 0.5 * (noise.re[i % n]! + noise.im[i % n]!);
      total[i] = Math.max(variance[i]! * (1 - 2 * h) + fit[i]!, 0);
    }
  }
  let rss = 0, expected = 0;
  for (let i = 0; i < n; i++) rss += re[i]! * re[i]! + im[i]! * im[i]!;
  for (let i = 0; i < rows; i++) expected += total[i]!;
  const sizeRatio = expected > 0 ? Math.sqrt(rss / expected) : rss > 0 ? Infinity : 0;
  // residuals of a flexible fit have rough second differences of their own, which inflate the
  // model by up to ~20 %; a systematic misfit inflates the RSS instead: keep the smaller scale
  const q2 = Math.min(1, sizeRatio * sizeRatio) || 1;
  const minVar = (floor / 10) ** 2;
  for (let i = 0; i < rows; i++) {
    const r = i < n ? re[i]! : im[i - n]!;
    z[i] = r / Math.sqrt(Math.max(q2 * total[i]!, minVar));
    own[i] = total[i]! - fit[i]! >= fit[i]! ? 1 : 0;
  }
  const { ownRe, ownIm } = v;
  part(re, ownRe, noise.re, q2, rec, at + J.reNoise);
  part(im, ownIm, noise.im, q2, rec, at + J.imNoise);
  // the smallest whiteness p-value, the first of equal ones (the order of WHITENESS_TESTS)
  const p0 = rec[at + J.reP]!, p1 = rec[at + J.imP]!, p2 = rec[at + J.reLag1P]!, p3 = rec[at + J.imLag1P]!;
  let wp = p0, wt = 0;
  if (p1 < wp) { wp = p1; wt = 1; }
  if (p2 < wp) { wp = p2; wt = 2; }
  if (p3 < wp) { wp = p3; wt = 3; }
  rec[at + J.maxAbs] = maxAbs;
  rec[at + J.sizeRatio] = sizeRatio;
  rec[at + J.whitenessP] = wp;
  rec[at + J.whitenessTest] = wt;
  scan(v, rec, at);
}

/**
 * A judgement in one flat object (no nested parts): what judgementReasons and the fit quality
 * read. The comparisons, limits and bounds of a JUDGEMENT record are made in flatJudgement, the
 * one ending of judgeResiduals and judgementFromRecord; `scanFrom`/`scanTo` are the frequencies of
 * the scan window's first and last point (filled only when the scan failed; NaN otherwise).
 */
export interface FlatJudgement {
  consistent: boolean; belowFloor: boolean; floor: number; maxAbs: number;
  reNoise: number; reRms: number; reRuns: number; reExpected: number;
  imNoise: number; imRms: number; imRuns: number; imExpected: number;
  sizeRatio: number; sizeLimit: number; sizeOk: boolean;
  whitenessP: number; whitenessTest: string; whitenessLevel: number; whiteOk: boolean;
  scanIndex: number; scanWidth: number; scanScore: number; scanPart: 're' | 'im'; scanBound: number; scanOk: boolean;
  scanFrom: number; scanTo: number;
}

/** A FlatJudgement to fill (module scratch of the callers that read it before the next judgement). */
export function newFlatJudgement(): FlatJudgement {
  return {
    consistent: false, belowFloor: false, floor: 0, maxAbs: 0, reNoise: 0, reRms: 0, reRuns: 0, reExpected: 0, imNoise: 0, imRms: 0, imRuns: 0, imExpected: 0,
    sizeRatio: 0, sizeLimit: 0, sizeOk: false, whitenessP: 0, whitenessTest: '', whitenessLevel: 0, whiteOk: false,
    scanIndex: 0, scanWidth: 0, scanScore: 0, scanPart: 're', scanBound: 0, scanOk: false, scanFrom: Number.NaN, scanTo: Number.NaN,
  };
}

/**
 * The verdict of a JUDGEMENT record at `at` of `rec` (judgeInto's, or the WASM twin's:
 * assembly/judge.ts) for n points and `parameters` free parameters, with the options' limits
 * (α, floor, scan factor, size limit; their defaults when not given), written into `out`.
 */
export function flatJudgement(rec: Float64Array, at: number, n: number, parameters: number, o: Partial<JudgeOptions> | undefined, out: FlatJudgement): FlatJudgement {
  const alpha = o?.alpha ?? 0.001, floor = o?.floor ?? DEFAULT_FLOOR, scanFactor = o?.scanFactor ?? 1.05;
  const sizeLimit = o?.sizeLimit ?? defaultSizeLimit(Math.max(1, 2 * n - parameters));
  const maxAbs = rec[at + J.maxAbs]!, belowFloor = maxAbs < floor;
  const sizeRatio = rec[at + J.sizeRatio]!, sizeOk = sizeRatio <= sizeLimit;
  const whitenessP = rec[at + J.whitenessP]!;
  const whitenessLevel = alpha / 4 / WHITENESS_TESTS.length;
  const whiteOk = !(whitenessP < whitenessLevel);
  // χ²₂ tail exp(−T/2), Bonferroni over every window: the window nearer its bound is reported
  const [bound1, boundW] = scanBoundsFor(n, alpha, scanFactor);
  const single = rec[at + J.singleScore]!, wide = rec[at + J.wideScore]!;
  const scanOk = !(single > bound1) && !(wide > boundW);
  out.consistent = belowFloor || (sizeOk && whiteOk && scanOk);
  out.belowFloor = belowFloor;
  out.floor = floor;
  out.maxAbs = maxAbs;
  out.reNoise = rec[at + J.reNoise]!;
  out.reRms = rec[at + J.reRms]!;
  out.reRuns = rec[at + J.reRuns]!;
  out.reExpected = rec[at + J.reExpected]!;
  out.imNoise = rec[at + J.imNoise]!;
  out.imRms = rec[at + J.imRms]!;
  out.imRuns = rec[at + J.imRuns]!;
  out.imExpected = rec[at + J.imExpected]!;
  out.sizeRatio = sizeRatio;
  out.sizeLimit = sizeLimit;
  out.sizeOk = sizeOk;
  out.whitenessP = whitenessP;
  out.whitenessTest = WHITENESS_TESTS[rec[at + J.whitenessTest]!]!;
  out.whitenessLevel = whitenessLevel;
  out.whiteOk = whiteOk;
  if (single / bound1 >= wide / boundW) {
    out.scanIndex = rec[at + J.singleIndex]!;
    out.scanWidth = 1;
    out.scanScore = single;
    out.scanPart = rec[at + J.singlePart] === 0 ? 're' : 'im';
    out.scanBound = bound1;
  } else {
    out.scanIndex = rec[at + J.wideIndex]!;
    out.scanWidth = rec[at + J.wideWidth]!;
    out.scanScore = wide;
    out.scanPart = rec[at + J.widePart] === 0 ? 're' : 'im';
    out.scanBound = boundW;
  }
  out.scanOk = scanOk;
  out.scanFrom = out.scanTo = Number.NaN;
  return out;
}

/** One part's statistics from a JUDGEMENT record (its eight fields from `at`, in PartStatistics' order). */
function partFromRecord(rec: Float64Array, at: number): PartStatistics {
  return { noise: rec[at]!, rms: rec[at + 1]!, runs: { runs: rec[at + 2]!, expected: rec[at + 3]!, z: rec[at + 4]!, p: rec[at + 5]! }, lag1: rec[at + 6]!, lag1P: rec[at + 7]! };
}

/** judgementFromRecord's flat verdict (read before it returns). */
const FLAT = newFlatJudgement();

/**
 * judgeResiduals' result from a JUDGEMENT record at `at` of `rec` (judgeInto's, or the numbers
 * the WASM twin computed: assembly/judge.ts) for n points and `parameters` free parameters, with
 * the options' limits (the defaults when not given): flatJudgement's verdict as the public
 * ResidualJudgement, so the result is the same as judgeResiduals' on the same residuals.
 */
export function judgementFromRecord(rec: Float64Array, at: number, n: number, parameters: number, o?: Partial<JudgeOptions>): ResidualJudgement {
  const d = flatJudgement(rec, at, n, parameters, o, FLAT);
  return {
    consistent: d.consistent, belowFloor: d.belowFloor, floor: d.floor, maxAbs: d.maxAbs,
    re: partFromRecord(rec, at + J.reNoise), im: partFromRecord(rec, at + J.imNoise),
    sizeRatio: d.sizeRatio, sizeLimit: d.sizeLimit, sizeOk: d.sizeOk, whitenessP: d.whitenessP, whitenessTest: d.whitenessTest, whitenessLevel: d.whitenessLevel, whiteOk: d.whiteOk,
    scan: { index: d.scanIndex, width: d.scanWidth, score: d.scanScore, part: d.scanPart, bound: d.scanBound }, scanOk: d.scanOk,
  };
}

/** "0.49 %" for a fraction. */
export const percent = (x: number): string => `${(100 * x).toPrecision(2)} %`;

/** "50.1 Hz", "2.00 kHz". */
export function hertz(f: number): string {
  return f >= 1e3 ? `${(f / 1e3).toPrecision(3)} kHz` : `${f.toPrecision(3)} Hz`;
}

/** Which of the three test reasons pushJudgementReasons writes (bits; the floor's reason always). */
export const REASON_SIZE = 1, REASON_WHITE = 2, REASON_SCAN = 4, REASON_ALL = 7;

/** judgementReasons' flat copy of its judgement (read before it returns). */
const FLAT_REASONS = newFlatJudgement();

/**
 * Plain-words reasons for a judgement, one per test (size, whiteness, local excursions), or one
 * for the floor; `freqAt(i)` gives the frequency of point i; `what`: "residuals" or "fit residuals".
 */
export function judgementReasons(j: ResidualJudgement, freqAt: (i: number) => number, what = 'residuals'): string[] {
  const d = FLAT_REASONS;
  d.belowFloor = j.belowFloor; d.floor = j.floor; d.maxAbs = j.maxAbs;
  d.reNoise = j.re.noise; d.reRms = j.re.rms; d.reRuns = j.re.runs.runs; d.reExpected = j.re.runs.expected;
  d.imNoise = j.im.noise; d.imRms = j.im.rms; d.imRuns = j.im.runs.runs; d.imExpected = j.im.runs.expected;
  d.sizeRatio = j.sizeRatio; d.sizeLimit = j.sizeLimit; d.sizeOk = j.sizeOk;
  d.whitenessP = j.whitenessP; d.whitenessTest = j.whitenessTest; d.whitenessLevel = j.whitenessLevel; d.whiteOk = j.whiteOk;
  const s = j.scan;
  d.scanIndex = s.index; d.scanWidth = s.width; d.scanScore = s.score; d.scanPart = s.part; d.scanBound = s.bound; d.scanOk = j.scanOk;
  d.scanFrom = d.scanTo = Number.NaN;
  if (!j.belowFloor && !j.scanOk) {
    d.scanFrom = freqAt(s.index);
    if (s.width !== 1) d.scanTo = freqAt(s.index + s.width - 1);
  }
  const out: string[] = [];
  pushJudgementReasons(out, d, what, REASON_ALL);
  return out;
}

const pShow = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toPrecision(2));

/**
 * judgementReasons' strings of a flat judgement pushed onto `out`: the floor's reason, else those
 * of the tests in `which` (REASON_… bits) in the order size, whiteness, scan. The scan's failing
 * reason reads d.scanFrom (and d.scanTo for a window of more than one point).
 */
export function pushJudgementReasons(out: string[], d: FlatJudgement, what: string, which: number): void {
  if (d.belowFloor) {
    out.push(`all ${what} are below ${percent(d.floor)} of |Z| (largest ${percent(d.maxAbs)}), below any instrument's precision: consistent whatever their shape`);
    return;
  }
  if (which & REASON_SIZE) {
    const noise = Math.sqrt(0.5 * (d.reNoise ** 2 + d.imNoise ** 2));
    const rmsAll = Math.sqrt(0.5 * (d.reRms ** 2 + d.imRms ** 2));
    out.push(d.sizeOk
      ? `the RMS of the ${what}, ${percent(rmsAll)}, matches the noise estimated from the data (${percent(noise)}; ratio to the expected RMS ${d.sizeRatio.toFixed(2)} ≤ ${d.sizeLimit})`
      : `the RMS of the ${what}, ${percent(rmsAll)}, is ${d.sizeRatio.toFixed(1)}× what the noise estimated from the data (${percent(noise)}) explains (limit ${d.sizeLimit}×): a systematic misfit`);
  }
  if (which & REASON_WHITE) {
    out.push(d.whiteOk
      ? `the ${what} are white along frequency (smallest p = ${pShow(d.whitenessP)}, ${d.whitenessTest}; level ${pShow(d.whitenessLevel)})`
      : `the ${what} are not white along frequency (${d.whitenessTest}: p = ${pShow(d.whitenessP)} < ${pShow(d.whitenessLevel)}; Re ${d.reRuns} runs where ${d.reExpected.toFixed(0)} are expected, Im ${d.imRuns} of ${d.imExpected.toFixed(0)}): smooth, correlated stretches, as drift or a missing arc leave`);
  }
  if (which & REASON_SCAN) {
    const partName = d.scanPart === 're' ? 'Re' : 'Im';
    out.push(d.scanOk
      ? `no outlier or local excursion (largest window score ${d.scanScore.toFixed(1)} ≤ ${d.scanBound.toFixed(1)})`
      : d.scanWidth === 1
        ? `an outlier at ${hertz(d.scanFrom)} (${partName}): ${d.scanScore.toFixed(1)} σ > ${d.scanBound.toFixed(1)} (a spike, e.g. mains pickup)`
        : `a local excursion over ${d.scanWidth} points from ${hertz(d.scanFrom)} to ${hertz(d.scanTo)} (${partName}): window score ${d.scanScore.toFixed(1)} > ${d.scanBound.toFixed(1)} (a localised deviation: a non-causal bump, drift or interference)`);
  }
}
