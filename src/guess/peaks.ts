/** Where the arcs are: peaks of the smoothed −Im Z, their valleys, and the noise they must beat. */
import type { Work } from './work.ts';

/** Numeric order for the peaks found (one comparator for every call, not a closure per call). */
const ascending = (a: number, b: number): number => a - b;

/**
 * Peaks of the smoothed −Im Z (ys) in [lo, hi]: interior local maxima and maxima at the ends of
 * the band (arcs whose apex lies outside it; the low end only with `lowEnd`), ranked by
 * topographic prominence — the height above the higher of the lowest points on either side
 * before a higher point, a side with no higher point not counting — over |Z|. Up to `k`
 * indices, ascending; the most prominent must exceed `minFirst`, the others `minProminence`.
 * With `smoothFrom`, ys is first smoothFrom[lo..hi] smoothed (smooth; one kernel call for both).
 */
export function findPeaks(ws: Work, lo: number, hi: number, k: number, lowEnd: boolean, minProminence: number, minFirst = 0, smoothFrom: Float64Array | null = null): number[] {
  const { ys, peakI, peakP, iz } = ws;
  if (ws.kernels !== null) {
    // the smoothing in the same call
    const count = ws.kernels.peaks(ys, iz, peakI, peakP, lo, hi, k, lowEnd, minProminence, minFirst, smoothFrom, ws.peakOut);
    const found: number[] = [];
    for (let r = 0; r < count; r++) found.push(ws.peakOut[r]!);
    return found;
  }
  if (smoothFrom !== null) smooth(smoothFrom, ys, lo, hi);
  let nc = 0;
  for (let i = lowEnd ? lo : lo + 1; i <= hi; i++) {
    const v = ys[i]!;
    if (!(v > 0)) continue;
    const left = i > lo ? ys[i - 1]! : -Infinity, right = i < hi ? ys[i + 1]! : -Infinity;
    if (!((v >= left && v > right) || (v > left && v >= right))) continue;
    // noise wiggles: a peak must also top the points two steps away
    if ((i - 2 >= lo && ys[i - 2]! > v) || (i + 2 <= hi && ys[i + 2]! > v)) continue;
    let minL = v, minR = v, j = i - 1;
    for (; j >= lo && ys[j]! <= v; j--) if (ys[j]! < minL) minL = ys[j]!;
    const higherL = j >= lo;
    for (j = i + 1; j <= hi && ys[j]! <= v; j++) if (ys[j]! < minR) minR = ys[j]!;
    const higherR = j <= hi;
    const base = higherL && higherR ? Math.max(minL, minR) : higherL ? minL : higherR ? minR : Math.min(minL, minR);
    peakI[nc] = i;
    // relative to |Z| there: noise (and model error) scales with |Z|, so a wiggle on a large
    // impedance must not outrank a small arc
    peakP[nc] = (v - Math.max(base, 0)) * (iz[i]! || 1);
    nc++;
  }
  const out: number[] = [];
  for (let r = 0; r < k && r < nc; r++) {
    let best = -1;
    for (let c = 0; c < nc; c++) if (peakP[c]! >= 0 && (best < 0 || peakP[c]! > peakP[best]!)) best = c;
    if (best < 0 || !(peakP[best]! > (r > 0 ? minProminence : minFirst))) break;
    out.push(peakI[best]!);
    peakP[best] = -1;
  }
  return out.length > 1 ? out.sort(ascending) : out;
}

/**
 * Relative noise of −Im Z (sd over |Z|), from fourth differences, which cancel the smooth
 * spectrum up to its fourth derivative: for white noise of sd σ the difference
 * y[i−2] − 4y[i−1] + 6y[i] − 4y[i+1] + y[i+2] has sd √70·σ, and E|N(0, s)| = s·√(2/π).
 * The mean is taken twice, the second time without values above 3× the first (outliers).
 */
export function noiseLevel(ws: Work, lo: number, hi: number): number {
  // the differences are kept for the second pass in peakP, which findPeaks writes before it reads
  const { iz, yr, peakP: dev } = ws;
  if (ws.kernels !== null) return ws.kernels.noise(yr, iz, dev, lo, hi);
  // first mean: every difference (NaN ones never count)
  let s = 0, m = 0;
  for (let i = lo + 2; i <= hi - 2; i++) {
    const d = Math.abs(yr[i - 2]! - 4 * yr[i - 1]! + 6 * yr[i]! - 4 * yr[i + 1]! + yr[i + 2]!) * (iz[i]! || 1);
    dev[i] = d;
    if (d <= Infinity) {
      s += d;
      m++;
    }
  }
  // second mean: without the values above 3× the first
  const cut = 3 * (m > 0 ? s / m : Infinity);
  let s2 = 0, m2 = 0;
  for (let i = lo + 2; i <= hi - 2; i++) {
    const d = dev[i]!;
    if (d <= cut) {
      s2 += d;
      m2++;
    }
  }
  return m2 > 0 ? s2 / m2 / (Math.sqrt(70) * Math.sqrt(2 / Math.PI)) : 0;
}

/** 1-2-1 smoothing of v[lo..hi] into out (for the peak search). */
export function smooth(v: Float64Array, out: Float64Array, lo: number, hi: number): void {
  out[lo] = 0.75 * v[lo]! + 0.25 * v[lo + 1]!;
  for (let i = lo + 1; i < hi; i++) out[i] = 0.25 * v[i - 1]! + 0.5 * v[i]! + 0.25 * v[i + 1]!;
  out[hi] = 0.75 * v[hi]! + 0.25 * v[hi - 1]!;
}

/** Lowest smoothed point between peak p and `limit` (direction dir), up to a higher point. */
export function valley(ys: Float64Array, p: number, limit: number, dir: 1 | -1): number {
  const top = ys[p]!;
  let best = p;
  for (let i = p + dir; dir > 0 ? i <= limit : i >= limit; i += dir) {
    const v = ys[i]!;
    if (v > top) break;
    if (v < ys[best]!) best = i;
  }
  return best;
}
