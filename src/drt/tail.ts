/**
 * A blocking electrode's low-frequency capacitive tail, detected on the cropped spectrum (issue 12):
 * the DRT of a spectrum that ends in such a tail is swamped by it (one giant peak at τ = 1/f_min,
 * λ at the end of its grid) and hides the arcs. Pure: numbers in, a detection or null out.
 *
 * The rule, on −Z″ against f (descending, as the DRT takes it):
 * 1. −Z″ is smoothed by a 5-point running mean (fewer at the ends) against measurement noise.
 * 2. Valley regions are the points whose smoothed −Z″ is at most 85 % of the highest on each side
 *    of them; the last region (lowest f) lies between the last arc and the tail, and its lowest
 *    point is the valley.
 * 3. A tail is present when the lowest-frequency points beyond the valley (those within half a
 *    decade of f_min, at least 3) have −Z″ > 0 rising toward low f with a least-squares log slope
 *    d ln(−Z″)/d ln ω ≤ −0.5 — steep, as a capacitor's −1 or a CPE's −α — AND the measured −Z″
 *    at f_min exceeds every −Z″ above the valley: the rise reaches beyond the preceding arc. An arc
 *    measured only to its peak (or a little past it: the slope is > −0.5 within ≈ 0.25 decade of a
 *    Debye arc's peak), or a small arc measured only on its high-frequency side after a larger
 *    one, is not taken for a tail.
 * 4. Nor is a rise that passes over an arc between the valley and the tail (an arc without a valley
 *    of its own, which a crop at the valley would remove): where the smoothed −Z″ is ≥ 2× the
 *    valley's (and ≥ 10 % of the arc's maximum), it must not fall back by 10 % toward low f, and
 *    its log slope, once ≤ −0.5, must not flatten by more than 0.15.
 * The suggested fmin is the frequency of the valley: the DRT on f ≥ fmin sees the arcs without
 * the tail (a little of the tail remains at the new 1/f_min, as an edge peak). A process hidden in
 * the tail — no valley and no shoulder in −Z″ — is cropped with it: measured on simulated pellets,
 * a grain-boundary arc is kept whenever the electrode adds < 4 % to its −Z″ maximum
 * (test/drt-edge.test.ts), and may be lost above that.
 */
import { log, log10 } from '../math/index.ts';

/** A detected tail: the fmin to crop at (Hz) and the log slope of −Z″ at the lowest frequencies. */
export interface DrtTail {
  /** The frequency (Hz) of the −Z″ valley between the last arc and the tail: the suggested `fmin`. */
  fmin: number;
  /** d ln(−Z″)/d ln ω over the lowest-frequency points (≤ −0.5; −1 for an ideal capacitor). */
  slope: number;
}

/** The steepest log slope that is not taken for a tail. */
export const TAIL_SLOPE = -0.5;

/**
 * The tail of a spectrum given as frequencies `freq` (Hz, strictly descending) and Z″ `im`
 * (Ω, capacitive < 0), or null when the rule of the module comment does not find one.
 */
export function detectTail(freq: ArrayLike<number>, im: ArrayLike<number>): DrtTail | null {
  const n = freq.length;
  if (n < 7) return null;
  const z = Array.from({ length: n }, (_, i) => -im[i]!);
  const s = z.map((_, i) => {
    const a = Math.max(0, i - 2), b = Math.min(n - 1, i + 2);
    let acc = 0;
    for (let j = a; j <= b; j++) acc += z[j]!;
    return acc / (b - a + 1);
  });
  // highest smoothed −Z″ above (index < i) and below (index > i) each point
  const above = new Array<number>(n).fill(Number.NEGATIVE_INFINITY), below = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  for (let i = 1; i < n; i++) above[i] = Math.max(above[i - 1]!, s[i - 1]!);
  for (let i = n - 2; i >= 0; i--) below[i] = Math.max(below[i + 1]!, s[i + 1]!);
  // valley regions: points at most VALLEY_DEPTH of the highest −Z″ on each side; the last one (lowest f)
  const low = (i: number) => s[i]! <= VALLEY_DEPTH * Math.min(above[i]!, below[i]!);
  let end = n - 2;
  while (end > 0 && !low(end)) end--;
  if (end === 0) return null;
  let valley = end;
  for (let i = end; i > 0 && low(i); i--) if (s[i]! < s[valley]!) valley = i;
  if (valley >= n - 3) return null;
  // the lowest-frequency points: those within half a decade of f_min, at least 3, beyond the valley
  const fmin = freq[n - 1]!;
  let first = n - 3;
  while (first - 1 > valley && log10(freq[first - 1]! / fmin) <= 0.5) first--;
  for (let i = first; i < n; i++) if (!(z[i]! > 0)) return null;
  const slope = logSlope(freq, z, first, n - 1);
  if (!(slope <= TAIL_SLOPE)) return null;
  let arc = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < valley; i++) arc = Math.max(arc, z[i]!);
  if (!(z[n - 1]! > arc)) return null;
  // no arc between the valley and the tail: no bump well above the valley floor that −Z″ falls back
  // from toward low f, and once steep, the smoothed rise stays steep. "Well above": ≥ 2× the floor,
  // the valley's smoothed −Z″ but at least 5 % of the arc's maximum (noise can take it to ≤ 0)
  const floor = Math.max(s[valley]!, 0.05 * arc);
  let after = s[n - 1]!;
  for (let i = n - 2; i > valley; i--) {
    if (s[i]! >= 2 * floor && after <= BUMP_DIP * s[i]!) return null;
    after = Math.min(after, s[i]!);
  }
  // (slopes over 5 smoothed points whose own windows are whole: up to index n − 5; s rises from
  // the valley, so s[i − 2] is the lowest of the five up to noise)
  let steepest = Number.POSITIVE_INFINITY;
  for (let i = valley + 2; i <= n - 5; i++) {
    // where −Z″ is well above the floor: the noise of the valley floor is small there
    if (!(s[i - 2]! >= 2 * floor)) continue;
    const g = logSlope(freq, s, i - 2, i + 2);
    if (steepest <= TAIL_SLOPE && g > steepest + SHOULDER_RISE) return null;
    steepest = Math.min(steepest, g);
  }
  return { fmin: freq[valley]!, slope };
}

/** A valley point's −Z″ is at most this fraction of the highest −Z″ on each side. */
const VALLEY_DEPTH = 0.85;
/** Between the valley and f_min, −Z″ falling to this fraction of a point ≥ 2× the valley's is an arc's bump. */
const BUMP_DIP = 0.9;
/** A rise toward low f whose log slope, once steep, flattens by more than this passes over an arc (a shoulder). */
const SHOULDER_RISE = 0.15;

/** Least-squares slope of ln y against ln f over the indices a…b (all y > 0). */
function logSlope(freq: ArrayLike<number>, y: readonly number[], a: number, b: number): number {
  const k = b - a + 1;
  let mx = 0, my = 0;
  for (let i = a; i <= b; i++) {
    mx += log(freq[i]!);
    my += log(y[i]!);
  }
  mx /= k;
  my /= k;
  let sxy = 0, sxx = 0;
  for (let i = a; i <= b; i++) {
    const dx = log(freq[i]!) - mx;
    sxy += dx * (log(y[i]!) - my);
    sxx += dx * dx;
  }
  return sxy / sxx;
}
