/**
 * The arcs of the (tail-free) data: found as peaks of −Im Z, measured one at a time with the
 * others' ZARC models subtracted (Gauss–Seidel sweeps), looked for again as shoulders in what
 * the found arcs leave, and placed above the band when the data do not show them.
 */
import { measureArc, trimTailSide } from './circle.ts';
import { exp, log } from '../math/index.ts';
import { newArc, subtractOtherArcs, type Arc, type Tail } from './model.ts';
import { findPeaks, noiseLevel, valley } from './peaks.ts';
import type { Work } from './work.ts';

// the orders of the arcs, made once (a sort's comparator written inline is a new closure per
// call); a list of one or none is not sorted at all (Array.prototype.sort allocates even then)
const byTau = (u: Arc, v: Arc): number => u.tau - v.tau;
const byRDescending = (u: Arc, v: Arc): number => v.r - u.r;

/** New arcs at `peaks` (ascending), each spanning the valleys towards its neighbours in ys. */
function arcsAtPeaks(ys: Float64Array, peaks: readonly number[], lo: number, hi: number): Arc[] {
  return peaks.map((p, k) => newArc(p, valley(ys, p, k > 0 ? peaks[k - 1]! : lo, -1), valley(ys, p, k < peaks.length - 1 ? peaks[k + 1]! : hi, 1)));
}

/**
 * First measurement of arcs among several, on their upper halves (points ≥ half the peak of
 * the smoothed ws.ys), where the neighbours' flanks matter least. With `keep` the upper half
 * stays the arc's points (arcs found in what other arcs leave: elsewhere that is noise).
 */
function measureCores(ws: Work, arcs: readonly Arc[], xs: Float64Array, ys: Float64Array, keep: boolean): void {
  const sm = ws.ys;
  for (const arc of arcs) {
    const half = 0.5 * sm[arc.p]!;
    let a = arc.p, b = arc.p;
    while (a > arc.a0 && sm[a - 1]! >= half) a--;
    while (b < arc.b && sm[b + 1]! >= half) b++;
    const full = arc.b;
    arc.a = Math.max(Math.min(a, arc.p - 1), arc.a0);
    arc.b = Math.min(Math.max(b, arc.p + 1), full);
    measureArc(ws, arc, xs, ys);
    if (keep) arc.a0 = arc.a;
    else arc.b = full;
  }
}

/**
 * The arcs of the (tail-free) data: the `count` most prominent peaks of −Im Z, each with its
 * points between the valleys on either side (the lowest points before a higher peak). Arcs
 * hidden as shoulders of others are looked for as peaks of what the found arcs leave. With
 * several arcs each is first measured on its upper half, then again on all its points with
 * the others' models subtracted. Arcs still missing are placed above the band. Sorted by
 * increasing τ.
 */
export function findArcs(ws: Work, count: number, tail: Tail | null): Arc[] {
  const { n, xr, yr, ys } = ws;
  // arcs live where −Im Z > 0; inductive points at the top of the band are left out
  let hi = n - 1;
  while (hi >= 0 && !(yr[hi]! > 0)) hi--;
  let lo = 0;
  while (lo < hi && !(yr[lo]! > 0)) lo++;
  const arcs: Arc[] = [];
  if (hi - lo >= 2) {
    // below a tail that was subtracted, an arc cannot be told from the tail's residue
    const lowEnd = !tail;
    // beyond the most prominent peak, peaks must stand out of the noise (≈ 3σ for the
    // largest of ~60 noise wiggles after smoothing)
    // (noiseLevel reads yr and writes peakP's scratch only: it may run before the smoothing)
    const minProminence = count > 1 ? Math.max(4 * noiseLevel(ws, lo, hi), 1e-3) : 0;
    // loops, not push(...): no array goes into call arguments (the house rule; peaks follow the data)
    for (const arc of arcsAtPeaks(ys, findPeaks(ws, lo, hi, count, lowEnd, minProminence, 0, yr), lo, hi)) arcs.push(arc);
    if (arcs.length > 1) measureCores(ws, arcs, xr, yr, false);
    if (arcs.length > 0 && arcs.length < count) {
      if (arcs.length === 1) refineArcs(ws, arcs, tail);
      subtractOtherArcs(ws, arcs, null, lo, hi);
      const extra = arcsAtPeaks(ys, findPeaks(ws, lo, hi, count - arcs.length, lowEnd, minProminence, minProminence, ws.ya), lo, hi);
      measureCores(ws, extra, ws.xa, ws.ya, true);
      for (const arc of extra) arcs.push(arc);
    }
    // the lowest-frequency arc borders the tail
    let low: Arc | undefined;
    for (const arc of arcs) if (!low || arc.p < low.p) low = arc;
    if (low) low.tailSide = true;
    // a second sweep when the first one still moved the arcs (overlapping arcs)
    if (refineArcs(ws, arcs, tail) > 0.01 && arcs.length > 1) refineArcs(ws, arcs, tail);
  }
  fillMissingArcs(ws, arcs, count);
  return arcs.length > 1 ? arcs.sort(byTau) : arcs;
}

/**
 * Each arc measured on all its points (trimmed on the tail's side), with the other arcs'
 * models subtracted when there are several (one Gauss–Seidel sweep, largest arc first).
 * Returns the largest relative change of ΔR or x_hf (in units of ΔR) of the arcs after the first.
 */
export function refineArcs(ws: Work, arcs: Arc[], tail: Tail | null): number {
  let measured = 0, change = 0, first = true;
  for (const arc of arcs) if (arc.measured) measured++;
  // largest first: its model is the most reliable one to subtract from the others
  if (measured > 1) arcs.sort(byRDescending);
  for (const arc of arcs) {
    if (!arc.measured) continue;
    const r0 = arc.r, x0 = arc.xhf;
    if (measured > 1) {
      trimTailSide(ws, arc, tail);
      subtractOtherArcs(ws, arcs, arc, arc.a, arc.b);
      measureArc(ws, arc, ws.xa, ws.ya);
    } else measureArc(ws, arc, ws.xr, ws.yr, true, tail);
    // the first (largest) arc's own change does not matter: the others were measured with
    // it subtracted; theirs does, as it was subtracted from it
    const d = first ? 0 : Math.max(Math.abs(arc.r - r0), Math.abs(arc.xhf - x0)) / arc.r;
    change = d > change || d !== d ? d : change;
    first = false;
  }
  if (arcs.length > 1) arcs.sort(byTau);
  return change;
}

/**
 * Arcs the peak search did not find. Without any arc in the data they are spread log-evenly
 * over the band, sharing |Z|; otherwise they are taken to lie above the band (apex beyond the
 * highest frequency, e.g. a bulk arc), where they would look like part of the high-frequency
 * intercept: their ΔR is left NaN here and split off that intercept later.
 */
function fillMissingArcs(ws: Work, arcs: Arc[], count: number): void {
  const missing = count - arcs.length;
  if (missing <= 0) return;
  const none = arcs.length === 0;
  const lmin = -log(ws.wMax), lmax = -log(ws.wMin);
  for (let k = 0; k < missing; k++) {
    const arc = newArc(0, 0, 0);
    arc.measured = false;
    arc.r = none ? ws.zMid / count : Number.NaN;
    arc.tau = none ? exp(lmin + ((lmax - lmin) * (k + 1)) / (missing + 1)) : exp(lmin - (k + 1) * Math.LN2);
    arcs.push(arc);
  }
}
