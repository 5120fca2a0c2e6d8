/**
 * The quality verdict of a fit (`FitResult.quality`), separate from `success` (the optimiser
 * converged):
 *  bad     — the fit cannot be used as it stands: it did not converge, a free parameter is
 *            undetermined (stderr > 10·|value| or infinite) or at a bound, or an R‖C/CPE arc
 *            collapsed (its R not significantly above 0 — |R| < 3·stderr — and below 0.1 % or 3× the
 *            noise level (the larger) of |Z| at the arc's own characteristic frequency, so that a small,
 *            well-determined arc beside a huge blocking-electrode tail is not mistaken for one),
 *            or its characteristic frequency lies more than a decade outside the measured range;
 *  suspect — determined, but the relative residuals, taken in frequency order, are not consistent
 *            with noise (too large against the noise estimated from the data, not white along
 *            frequency, a local excursion or outlier: src/stats/judge.ts) or two free parameters
 *            are correlated ≈ ±1;
 *  good    — neither.
 */
import type { Circuit } from '../circuit/circuit.ts';
import { hypot, log, pow } from '../math/index.ts';
import { findArcs, type Arc } from '../circuit/arcs.ts';
import type { CircuitNode } from '../circuit/ast.ts';
import { flatJudgement, judgeInto, judgementFromRecord, newFlatJudgement, pushJudgementReasons, REASON_ALL, REASON_SCAN, REASON_SIZE, REASON_WHITE } from '../stats/judge.ts';
import { sharedFrequencyOrder, type OrderedJudgement } from '../stats/order.ts';
import { MIN_DOF } from '../kk/verdict.ts';
import type { FitProblem } from './problem.ts';
import type { VerdictNumbers } from '../types/problems.ts';
import { JUDGEMENT } from '../abi/descriptor.ts';

export interface FitQuality {
  verdict: 'good' | 'suspect' | 'bad';
  /** What was measured and why, naming parameters and values; one entry per finding (at least one). */
  reasons: string[];
}

/** stderr above this multiple of |value|: undetermined. */
export const UNDETERMINED_RATIO = 10;
/**
 * An arc whose R is not significantly above 0 and below this fraction (or 3× the noise level,
 * if larger) of |Z| at the arc's characteristic frequency: collapsed. The local |Z|, not the span of
 * Re Z over the spectrum: a blocking-electrode or diffusion tail makes that span millions of ohms
 * while a real bulk arc of a few kΩ is perfectly determined.
 */
export const COLLAPSED_R = 1e-3;
/** |R| at least this many standard errors above 0: the arc is determined and never collapsed. */
export const SIGNIFICANT_R = 3;
/** An arc whose R is below this multiple of the noise level (× |Z| at its frequency) is lost in the noise. */
export const COLLAPSE_NOISE_MULTIPLE = 3;
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
  /** Per parameter (all P): truthy when it ended at a bound. */
  atBound: ArrayLike<boolean | number>;
  residualsRe: Float64Array;
  residualsIm: Float64Array;
}

const g = (x: number) => x.toPrecision(3);

/** Scratch of relativeResidualJudgement: Re, Im residuals and profile for n points, views made once per n. */
let scratchN = -1, scratchRe = new Float64Array(0), scratchIm = scratchRe, scratchPre = scratchRe, scratchPim = scratchRe;

/**
 * The residual statistics of a fit (src/stats/judge.ts) on residuals relative to |Z_exp|,
 * whatever the fit's weighting, taken in increasing frequency; `free` = number of free parameters.
 * The same as judgeInFrequencyOrder on the relative residuals with partProfile(zre, zim) as the
 * profile (src/stats/order.ts, src/kk/verdict.ts), written straight into frequency order with one
 * |Z| per point for both (it runs for every fit of a batch).
 */
export function relativeResidualJudgement(freq: ArrayLike<number>, zre: ArrayLike<number>, zim: ArrayLike<number>, resRe: ArrayLike<number>, resIm: ArrayLike<number>, free: number): OrderedJudgement {
  const order = relativeResidualRecord(freq, zre, zim, resRe, resIm, free, RECORD);
  return { judgement: judgementFromRecord(RECORD, 0, order.length, free), freqAt: (k) => freq[order[k]!]! };
}

/** The JUDGEMENT record of relativeResidualJudgement and fitQuality's TS path (read before the next fit's). */
const RECORD = new Float64Array(JUDGEMENT.words);

/** relativeResidualJudgement's numbers as a JUDGEMENT record at word 0 of `rec` (judgeInto); returns the frequency order it took the points in. */
function relativeResidualRecord(freq: ArrayLike<number>, zre: ArrayLike<number>, zim: ArrayLike<number>, resRe: ArrayLike<number>, resIm: ArrayLike<number>, free: number, rec: Float64Array): Readonly<Uint32Array> {
  const order = sharedFrequencyOrder(freq), n = order.length;
  // scratch: judgeResiduals keeps none of these arrays
  if (scratchN !== n) {
    const block = new Float64Array(4 * n);
    scratchN = n;
    scratchRe = block.subarray(0, n);
    scratchIm = block.subarray(n, 2 * n);
    scratchPre = block.subarray(2 * n, 3 * n);
    scratchPim = block.subarray(3 * n, 4 * n);
  }
  const re = scratchRe, im = scratchIm, pre = scratchPre, pim = scratchPim;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    // a point with Z = 0 has no relative residual: 0 (it cannot add structure)
    const m = hypot(zre[i]!, zim[i]!);
    re[k] = m > 0 ? resRe[i]! / m : 0;
    im[k] = m > 0 ? resIm[i]! / m : 0;
    pre[k] = m > 0 ? Math.abs(zre[i]!) / m : 0;
    pim[k] = m > 0 ? Math.abs(zim[i]!) / m : 0;
  }
  judgeInto(re, im, { parameters: free, profile: { re: pre, im: pim } }, rec, 0);
  return order;
}

/** An arc of findArcs with its parameters' indices (q: Q or C; alpha: −1 for a capacitor). */
interface ArcPlan { arc: Arc; r: number; q: number; alpha: number; params: number[] }

/** The arcs of a circuit's structure, found once per circuit (findArcs parses names: ~2 µs per fit). */
const arcPlans = new WeakMap<CircuitNode, ArcPlan[]>();
function arcsOf(circuit: Circuit): ArcPlan[] {
  let plans = arcPlans.get(circuit.ast);
  if (!plans) {
    plans = findArcs(circuit.ast).map((arc) => ({
      arc, r: circuit.paramIndex(arc.r), q: circuit.paramIndex(arc.params[0]!),
      alpha: arc.kind === 'cpe' ? circuit.paramIndex(arc.params[1]!) : -1,
      params: arc.params.map((name) => circuit.paramIndex(name)),
    }));
    arcPlans.set(circuit.ast, plans);
  }
  return plans;
}

/** The last grid's frequencies and their logarithms: the spectra of a batch share one grid, and 61 ln f cost ~2 µs. */
let lastFreq = new Float64Array(0), lastLn = new Float64Array(0);

/** ln f of every point: those of the previous call when the grid is the same (every value equal), else computed. */
function logFrequencies(freq: Float64Array): Float64Array {
  const n = freq.length;
  let same = lastFreq.length === n;
  for (let i = 0; same && i < n; i++) same = freq[i] === lastFreq[i];
  if (!same) {
    lastFreq = Float64Array.from(freq);
    lastLn = new Float64Array(n);
    for (let i = 0; i < n; i++) lastLn[i] = log(freq[i]!);
  }
  return lastLn;
}

/**
 * |Z_exp| at the measured point nearest to f on a log scale (f clamped to [fMin, fMax]; NaN: fMax);
 * `lnFreq` holds ln f of every point (logFrequencies; read only).
 */
function modulusNear(pr: FitProblem, lnFreq: Float64Array, f: number, fMin: number, fMax: number): number {
  const lf = log(Number.isNaN(f) ? fMax : Math.min(Math.max(f, fMin), fMax));
  let best = 0, dist = Infinity;
  for (let i = 0; i < pr.n; i++) {
    const d = Math.abs(lnFreq[i]! - lf);
    if (d < dist) {
      dist = d;
      best = i;
    }
  }
  return hypot(pr.zre[best]!, pr.zim[best]!);
}

/** fitQuality's scratch (read before it returns): the flat judgement, and which parameters are free. */
const FLAT = newFlatJudgement();
let IS_FREE = new Uint8Array(64);

/**
 * The verdict of a fit. `numbers`: the verdict's numbers when the backend computed them (the WASM
 * backend, the same bits as relativeResidualJudgement); without them they are computed here.
 */
export function fitQuality(circuit: Circuit, pr: FitProblem, r: QualityInput, numbers?: VerdictNumbers): FitQuality {
  const names = circuit.paramNames, P = names.length, n = pr.n;
  // one list: every 'bad' reason is found before any 'suspect' one, so bad ones come first as the verdict lists them
  const reasons: string[] = [];
  if (!r.success) reasons.push(`the optimiser did not converge (${r.message})`);
  const free = pr.free;
  if (IS_FREE.length < P) IS_FREE = new Uint8Array(Math.max(P, 2 * IS_FREE.length));
  const isFree = IS_FREE.fill(0, 0, P);
  for (let a = 0; a < free.length; a++) {
    const k = free[a]!;
    isFree[k] = 1;
    const v = r.params[k]!, se = r.stderr[k]!;
    if (r.atBound[k] && v === 0 && circuit.units[k] === 'Ohm' && Number.isFinite(se)) {
      // a resistance that ended at exactly 0 (phase B of the LM loop holds it there): the data
      // cannot tell it from 0, and a negative value would fit at least as well
      reasons.push(`${names[k]} = 0 sits at its lower bound: the data put it at or below 0 within its stderr ${g(se)}, so it is not determined (the element may be unnecessary, or fix it)`);
    } else if (r.atBound[k]) reasons.push(`${names[k]} = ${g(v)} sits at a bound: the data push it out of its allowed range`);
    else if (!Number.isFinite(se)) reasons.push(`${names[k]} = ${g(v)} is undetermined (its standard error cannot be estimated)`);
    else if (se > UNDETERMINED_RATIO * Math.abs(v)) reasons.push(`${names[k]} = ${g(v)} is undetermined (stderr ${g(se)} > ${UNDETERMINED_RATIO}×|value|)`);
  }
  // the residual statistics: the backend's numbers (WasmBackend.judgeFits: assembly/judge.ts, the
  // twin of judgeInto operation for operation) or relativeResidualJudgement's, computed here
  const order = numbers ? numbers.order : relativeResidualRecord(pr.freq, pr.zre, pr.zim, r.residualsRe, r.residualsIm, free.length, RECORD);
  const j = numbers ? flatJudgement(numbers.record, numbers.at, n, free.length, undefined, FLAT) : flatJudgement(RECORD, 0, n, free.length, undefined, FLAT);
  // the noise level of the data (fraction of |Z|) estimated from the residuals
  const noise = Math.sqrt(0.5 * (j.reNoise ** 2 + j.imNoise ** 2));
  const collapseFraction = Math.max(COLLAPSED_R, Number.isFinite(noise) ? COLLAPSE_NOISE_MULTIPLE * noise : 0);
  // measured range = [min f, max f]
  let fMin = Infinity, fMax = 0;
  for (let i = 0; i < n; i++) {
    fMin = Math.min(fMin, pr.freq[i]!);
    fMax = Math.max(fMax, pr.freq[i]!);
  }
  let lnFreq: Float64Array | null = null;
  const plans = arcsOf(circuit);
  for (let p = 0; p < plans.length; p++) {
    const { arc, r: iR, q: iQ, alpha: iAlpha, params } = plans[p]!;
    const R = r.params[iR]!, seR = r.stderr[iR]!;
    let anyFree = isFree[iR] === 1;
    for (let i = 0; !anyFree && i < params.length; i++) anyFree = isFree[params[i]!] === 1;
    if (!anyFree) continue;
    // characteristic frequency f = 1/(2π τ), τ = (R·Q)^(1/α) (τ = RC for a capacitor)
    const q = r.params[iQ]!;
    const alpha = iAlpha >= 0 ? r.params[iAlpha]! : 1;
    const tau = pow(R * q, 1 / alpha);
    const f = 1 / (2 * Math.PI * tau);
    // collapsed: R indistinguishable from 0 and negligible against |Z| where the arc would show
    // (an R the caller fixed is theirs: never called collapsed)
    const significant = !isFree[iR] || (Number.isFinite(seR) && Math.abs(R) >= SIGNIFICANT_R * seR);
    lnFreq ??= logFrequencies(pr.freq);
    const local = modulusNear(pr, lnFreq, f, fMin, fMax);
    if (!significant && Math.abs(R) < collapseFraction * local) {
      reasons.push(`the arc ${arc.r}‖${arc.element} collapsed: ${arc.r} = ${g(R)} Ω (stderr ${g(seR)}) is not significantly above 0 and below ${g(collapseFraction)}× |Z| at its characteristic frequency (${g(local)} Ω)`);
      continue;
    }
    if (Number.isFinite(f) && (f < fMin / OUTSIDE_FACTOR || f > fMax * OUTSIDE_FACTOR)) {
      reasons.push(`the arc ${arc.r}‖${arc.element} lies outside the data: its characteristic frequency ${g(f)} Hz is more than ${OUTSIDE_FACTOR}× beyond the measured ${g(fMin)}–${g(fMax)} Hz`);
    }
  }
  const bad = reasons.length;
  // too few residual degrees of freedom to estimate the noise from: no residual verdict
  const judged = 2 * n - free.length >= MIN_DOF || j.belowFloor;
  if (judged && !j.scanOk && !j.belowFloor) {
    // the scan window's frequencies (positions count in increasing frequency)
    j.scanFrom = pr.freq[order[j.scanIndex]!]!;
    if (j.scanWidth !== 1) j.scanTo = pr.freq[order[j.scanIndex + j.scanWidth - 1]!]!;
  }
  if (judged && !j.consistent) pushJudgementReasons(reasons, j, 'fit residuals', (j.sizeOk ? 0 : REASON_SIZE) | (j.whiteOk ? 0 : REASON_WHITE) | (j.scanOk ? 0 : REASON_SCAN));
  for (let a = 0; a < free.length; a++) {
    for (let b = a + 1; b < free.length; b++) {
      const c = r.correlation[free[a]! * P + free[b]!]!;
      if (Math.abs(c) > CORRELATION_LIMIT) reasons.push(`${names[free[a]!]} and ${names[free[b]!]} are correlated ${c.toFixed(5)} (|ρ| > ${CORRELATION_LIMIT}): the data cannot tell them apart`);
    }
  }
  if (bad) return { verdict: 'bad', reasons };
  if (reasons.length) return { verdict: 'suspect', reasons };
  reasons.push(`all ${free.length} free parameters are determined (stderr ≤ ${UNDETERMINED_RATIO}×|value|, none at a bound, |ρ| ≤ ${CORRELATION_LIMIT})`);
  if (judged) pushJudgementReasons(reasons, j, 'fit residuals', REASON_ALL);
  else reasons.push(`too few points to judge the residuals (2N − p = ${2 * n - free.length} < ${MIN_DOF})`);
  return { verdict: 'good', reasons };
}
