/**
 * Features of a spectrum, each measured on the data with the other features' models
 * subtracted: the inductance from the inductive top of the band, the low-frequency tail as a
 * CPE from the lowest points, the arcs (./arcs.ts) and the high-frequency intercept. The tail
 * and the arcs alternate: tail → arcs → tail without the arcs → arcs → …, at most three
 * rounds, fewer when the change is below the noise of the data (a fixed number of closed-form
 * steps, not an optimisation loop).
 */
import { DEFAULT_EXPONENT, HALF_PI } from '../elements/shared.ts';
import { cos, exp, log, pow, sin } from '../math/index.ts';
import { findArcs, refineArcs } from './arcs.ts';
import { arcReAt, arcsAtTail, type Arc, type Features, type Tail } from './model.ts';
import { noiseLevel } from './peaks.ts';
import type { Plan } from './plan.ts';
import { TAIL_POINTS, type Work } from './work.ts';

/** Rounds of tail → arcs after the first estimate. */
const TAIL_ROUNDS = 2;

/**
 * The tail as a CPE from the lowest points (with the arcs' models, ws.tailArcs, subtracted):
 * α = −slope of ln|Z''| against ln ω (least squares), Q = sin(απ/2)/(|Z''| ω^α) (geometric mean).
 */
export function estimateTail(ws: Work, withArcs: boolean): Tail {
  const { n, y, lw, tailArcs } = ws;
  const m = Math.min(TAIL_POINTS, n);
  let s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0;
  if (ws.kernels !== null) {
    const o = ws.sums;
    ws.kernels.tailSums(y, lw, tailArcs, m, withArcs, o);
    s0 = o[0]!; s1 = o[1]!; s2 = o[2]!; t0 = o[3]!; t1 = o[4]!;
  } else for (let i = 0; i < m; i++) {
    const yt = y[i]! - (withArcs ? tailArcs[i]! : 0);
    if (!(yt > 0)) continue;
    const ly = log(yt), l = lw[i]!;
    s0++; s1 += l; s2 += l * l; t0 += ly; t1 += l * ly;
  }
  const det = s0 * s2 - s1 * s1;
  let alpha = s0 >= 2 && det > 1e-12 * s0 * s0 ? -(s0 * t1 - s1 * t0) / det : Number.NaN;
  if (!(alpha > 0.2)) {
    // no rising tail in the data: a small CPE (|Z| = 1 % of the lowest-frequency |Z|)
    const z0 = n ? Math.sqrt(ws.x[0]! * ws.x[0]! + y[0]! * y[0]!) || ws.zMid : ws.zMid;
    return { q: 1 / (0.01 * z0 * pow(ws.wMin, DEFAULT_EXPONENT)), alpha: DEFAULT_EXPONENT, seen: false, lq: Number.NaN, sin: Number.NaN };
  }
  alpha = Math.min(alpha, 1);
  // ln Q = ln sin(απ/2) − mean(ln|Z''| + α ln ω)
  const sn = sin(alpha * HALF_PI);
  const q = exp(log(sn) - (t0 + alpha * s1) / s0);
  // subtractTail and trimTailSide take a seen tail out: its ln q and sin(απ/2) once, here
  return { q, alpha, seen: true, lq: log(q), sin: sn };
}

/** xr, yr ← data minus the tail (CPE, |Z| = 1/(Q ω^α) at angle −απ/2) and the inductance. */
export function subtractTail(ws: Work, tail: Tail | null, inductance: number): void {
  const { n, x, y, w, lw, xr, yr } = ws;
  if (ws.kernels !== null) {
    if (tail) ws.kernels.subtractTail(x, y, w, lw, xr, yr, n, inductance, true, cos(tail.alpha * HALF_PI), tail.sin, tail.lq, tail.alpha, ws.logStep);
    else ws.kernels.subtractTail(x, y, w, lw, xr, yr, n, inductance, false, 0, 0, 0, 0, ws.logStep);
    return;
  }
  if (!tail) {
    for (let i = 0; i < n; i++) {
      xr[i] = x[i]!;
      yr[i] = y[i]! + w[i]! * inductance;
    }
    return;
  }
  const c = cos(tail.alpha * HALF_PI), s = tail.sin;
  const lq = tail.lq, al = tail.alpha;
  // on an equally log-spaced grid |Z_CPE| changes by the same factor from point to point
  const ratio = ws.logStep === ws.logStep ? exp(-al * ws.logStep) : Number.NaN;
  // two loops, not one with the choice inside: there a phi of the product and the call result
  // kept |Z_CPE| boxed (a heap number allocated per point)
  if (ratio === ratio) {
    let mag = exp(-lq - al * lw[0]!);
    for (let i = 0; i < n; i++) {
      xr[i] = x[i]! - mag * c;
      yr[i] = y[i]! + w[i]! * inductance - mag * s;
      mag *= ratio;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const mag = exp(-lq - al * lw[i]!);
    xr[i] = x[i]! - mag * c;
    yr[i] = y[i]! + w[i]! * inductance - mag * s;
  }
}

/**
 * Inductance from the inductive top of the band (Im Z > 0). With two such points the arcs'
 * capacitive flank there, ≈ −c/ω, is taken out: Im Z·ω = ω²L − c gives
 * L = (Im₁ω₁ − Im₂ω₂)/(ω₁² − ω₂²); with one, L = Im Z/ω.
 */
function estimateInductance(ws: Work): number {
  const { n, x, y, w } = ws;
  if (n === 0) return 0;
  const top = n - 1;
  if (y[top]! < 0) {
    const single = -y[top]! / w[top]!;
    if (n < 2 || !(y[top - 1]! < 0)) return single;
    const w1 = w[top]!, w2 = w[top - 1]!;
    const L = (-y[top]! * w1 + y[top - 1]! * w2) / (w1 * w1 - w2 * w2);
    return L > single && L < Infinity ? L : single;
  }
  // no inductive points: a small L, 1e-3 of |Z| at the top frequency
  return (1e-3 * Math.max(Math.sqrt(x[top]! * x[top]! + y[top]! * y[top]!), ws.zMid * 1e-6)) / w[top]!;
}

/**
 * High-frequency intercept: the first arc's left intercept; when that is not within
 * (0, Re Z at the top], Re Z at the top less the arcs' share there; without arcs, Re Z at the top.
 */
function highFrequencyIntercept(ws: Work, arcs: readonly Arc[]): number {
  const { n, xr, yr, lw } = ws;
  if (n === 0) return Number.NaN;
  let top = n - 1;
  while (top > 0 && !(yr[top]! > 0)) top--;
  const xTop = xr[top]!;
  const first = arcs[0];
  if (first && first.measured && first.xhf - first.xhf === 0) {
    if (first.xhf > 0 && first.xhf <= Math.max(xTop, 0) * 1.000001) return first.xhf;
    let rest = xTop;
    for (const arc of arcs) if (arc.measured) rest -= arcReAt(arc, lw[top]!);
    if (rest > 0 && rest < xTop) return rest;
    // the intercept is lost in the arcs: a small resistance
    if (xTop > 0) return 0.01 * xTop;
  }
  return xTop > 0 ? xTop : Number.NaN;
}

/** Whether the arcs' −Im Z at the tail points, relative to the data's, exceeds `share` (it biases the tail). */
function arcsMatterAtTail(ws: Work, arcs: readonly Arc[], share: number): boolean {
  arcsAtTail(ws, arcs);
  const m = Math.min(TAIL_POINTS, ws.n);
  for (let i = 0; i < m; i++) if (!(ws.tailArcs[i]! <= share * Math.abs(ws.y[i]!))) return true;
  return false;
}

export function extractFeatures(ws: Work, plan: Plan): Features {
  const inductance = plan.hasL ? estimateInductance(ws) : 0;
  let tail: Tail | null = plan.hasTail ? estimateTail(ws, false) : null;
  let arcs: Arc[] = [];
  // a tail the data do not show is only a placeholder for its elements: nothing to subtract
  subtractTail(ws, tail?.seen ? tail : null, inductance);
  if (plan.arcCount > 0) arcs = findArcs(ws, plan.arcCount, tail?.seen ? tail : null);
  // more rounds: the tail without the arcs' low-frequency share, then the arcs again. Each
  // round shrinks the error of a noise-free guess ~100× (the fit then needs 1–2 steps); they
  // stop once the tail changes far less than the noise of the data, where it no longer matters
  // (even a share of 1e-9 of the arcs in the tail points matters: the tail's α is
  // extrapolated over decades)
  if (plan.hasTail && plan.arcCount > 0) {
    const enough = Math.max(0.1 * noiseLevel(ws, 0, ws.n - 1), 1e-12);
    for (let round = 0; round < TAIL_ROUNDS && tail && arcsMatterAtTail(ws, arcs, 1e-12); round++) {
      const before = tail;
      tail = estimateTail(ws, true);
      subtractTail(ws, tail.seen ? tail : null, inductance);
      refineArcs(ws, arcs, tail.seen ? tail : null);
      if (Math.abs(tail.alpha - before.alpha) + Math.abs(log(tail.q / before.q)) < enough) break;
    }
  }
  let rInf = highFrequencyIntercept(ws, arcs);
  // arcs taken to lie above the band share the high-frequency intercept with the resistors
  let above = 0;
  for (const arc of arcs) if (arc.r !== arc.r) above++;
  if (above > 0) {
    rInf /= above + 1;
    for (const arc of arcs) if (arc.r !== arc.r) arc.r = rInf;
  }
  return { rInf, arcs, tail, inductance };
}
