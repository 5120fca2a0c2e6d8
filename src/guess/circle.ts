/**
 * One arc measured on its points: a Kåsa circle fit gives the real-axis intercepts (exact for
 * an R‖CPE arc, whose Nyquist plot is a depressed circle, also on a partial arc), then α and τ
 * follow point by point from u = ΔR/(Z − x_hf) − 1 = (jωτ)^α.
 */
import { DEFAULT_EXPONENT, HALF_PI } from '../elements/shared.ts';
import { atan2, exp, log, tan } from '../math/index.ts';
import type { Arc, Tail } from './model.ts';
import type { Work } from './work.ts';

/**
 * Kåsa circle fit: least squares of x² + y² + Dx + Ey + F over points [a, b] of (xs, ys)
 * (centred, so it reduces to a 2×2 solve). Writes centre and radius into `out`; false when
 * degenerate (collinear points).
 */
export function circleFit(xs: Float64Array, ys: Float64Array, a: number, b: number, out: { cx: number; cy: number; r: number }): boolean {
  const m = b - a + 1;
  if (m < 3) return false;
  let mx = 0, my = 0;
  for (let i = a; i <= b; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= m;
  my /= m;
  let suu = 0, suv = 0, svv = 0, suz = 0, svz = 0, sz = 0;
  for (let i = a; i <= b; i++) {
    const u = xs[i]! - mx, v = ys[i]! - my, z = u * u + v * v;
    suu += u * u; suv += u * v; svv += v * v; suz += u * z; svz += v * z; sz += z;
  }
  const det = suu * svv - suv * suv;
  if (!(det > 1e-14 * (suu + svv) * (suu + svv))) return false;
  const D = -(suz * svv - svz * suv) / det, E = -(svz * suu - suz * suv) / det, F = -sz / m;
  const r2 = (D * D + E * E) / 4 - F;
  if (!(r2 > 0 && r2 < Infinity)) return false;
  out.cx = mx - D / 2;
  out.cy = my - E / 2;
  out.r = Math.sqrt(r2);
  return true;
}

/**
 * α and τ of an arc from its points, given its intercepts: u = ΔR/(Z − x_hf) − 1 = (jωτ)^α for
 * a ZARC, so α = arg(u)/(π/2) and ln τ = ln|u|/α − ln ω, averaged with weights |u|/(1+|u|²)
 * (one pass: arg of the weighted sum of u/|u|, and mean ln τ = mean(ln|u|)/α − mean(ln ω)).
 * The sums come from the backend's kernel when the Work is in its memory (WASM: assembly/guess.ts,
 * the same bits), else from arcSums.
 */
function arcShape(ws: Work, xs: Float64Array, ys: Float64Array, arc: Arc): boolean {
  const s = ws.sums;
  arcSums(xs, ys, ws.lw, arc, s);
  return shapeFromSums(arc, s[0]!, s[1]!, s[2]!, s[3]!, s[4]!);
}

/** arcShape's α and τ from its sums (into arc when they are usable; false when not). */
function shapeFromSums(arc: Arc, sw: number, sc: number, ss: number, su: number, sl: number): boolean {
  if (!(sw > 0)) return false;
  const alpha = Math.min(Math.max(atan2(ss, sc) / HALF_PI, 0.05), 1);
  const tau = exp((0.5 * su) / sw / alpha - sl / sw);
  if (!(tau > 0 && tau < Infinity)) return false;
  arc.alpha = alpha;
  arc.tau = tau;
  return true;
}

/**
 * arcShape's weighted sums over the arc's points into out[0..4]: Σwt, Σwt·Re u/|u|, Σwt·Im u/|u|,
 * Σwt·ln|u|², Σwt·ln ω (the reference of the WASM kernel eis_guess_arc_sums).
 */
export function arcSums(xs: Float64Array, ys: Float64Array, lw: Float64Array, arc: Arc, out: Float64Array): void {
  const xhf = arc.xhf, r = arc.r;
  let sw = 0, sc = 0, ss = 0, su = 0, sl = 0;
  for (let i = arc.a; i <= arc.b; i++) {
    const dx = xs[i]! - xhf, dy = ys[i]!, d2 = dx * dx + dy * dy;
    if (!(d2 > 0) || !(dy > 0)) continue;
    const ur = (r * dx) / d2 - 1, ui = (r * dy) / d2;
    const m2 = ur * ur + ui * ui;
    // points far from the apex carry little weight: skip their logarithm
    if (!(m2 > 1e-8 && m2 < 1e8)) continue;
    const mag = Math.sqrt(m2), wt = mag / (1 + m2);
    sw += wt;
    sc += (wt * ur) / mag; // weighted sum of unit vectors u/|u|: its angle is the mean arg(u)
    ss += (wt * ui) / mag;
    su += wt * log(m2);
    sl += wt * lw[i]!;
  }
  out[0] = sw;
  out[1] = sc;
  out[2] = ss;
  out[3] = su;
  out[4] = sl;
}

/** tan(απ/4) of the default exponent: the apex fallback's ratio of height to half width. */
const TAN_DEFAULT = tan(DEFAULT_EXPONENT * (Math.PI / 4));

/**
 * Measures an arc on its points [a, b] of (xs, ys): intercepts x_hf, x_hf + ΔR from the circle,
 * else from the apex geometry h/(ΔR/2) = tan(απ/4) with the default α; then α, τ from the points.
 * With `trim` the arc is first trimmed on the tail's side (trimTailSide with `tail`; xs, ys are
 * then ws.xr, ws.yr), in the same kernel call on the WASM backend.
 */
export function measureArc(ws: Work, arc: Arc, xs: Float64Array, ys: Float64Array, trim = false, tail: Tail | null = null): void {
  const p = arc.p, circle = ws.circle;
  if (ws.kernels !== null) {
    // trimTailSide and all of this but the atan2 and exp in one call: the sums into ws.sums (as
    // arcShape leaves them), ΔR, x_hf and the arc's first point after them
    const o = ws.measured;
    if (trim) arc.a = arc.a0;
    const cut = trim && arc.tailSide && tail !== null;
    ws.kernels.measure(xs, ys, ws.lw, arc.a, arc.b, p, TAN_DEFAULT, cut, ws.yr, cut ? tail.lq : 0, cut ? tail.alpha : 0, ws.logStep, o);
    arc.alpha = DEFAULT_EXPONENT;
    arc.tau = 1 / ws.w[p]!;
    arc.a = o[7]!;
    arc.r = o[5]!;
    arc.xhf = o[6]!;
    shapeFromSums(arc, o[0]!, o[1]!, o[2]!, o[3]!, o[4]!);
    return;
  }
  if (trim) trimTailSide(ws, arc, tail);
  arc.alpha = DEFAULT_EXPONENT;
  arc.tau = 1 / ws.w[p]!;
  arc.r = arc.xhf = Number.NaN;
  if (circleFit(xs, ys, arc.a, arc.b, circle) && circle.r > Math.abs(circle.cy)) {
    const half = Math.sqrt(circle.r * circle.r - circle.cy * circle.cy);
    arc.xhf = circle.cx - half;
    arc.r = 2 * half;
  }
  const h = ys[p]!;
  if (!(arc.r > 0 && arc.r < 50 * h) || !(arc.xhf - arc.xhf === 0)) {
    arc.r = (2 * h) / TAN_DEFAULT;
    arc.xhf = xs[p]! - arc.r / 2;
  }
  arcShape(ws, xs, ys, arc);
}

/**
 * On the low-frequency side the subtracted tail leaves errors proportional to |Z_tail|: keep
 * points where the arc's −Im Z is still ≥ 5 % of the tail's |Z| and ≥ 1 % of the peak.
 */
export function trimTailSide(ws: Work, arc: Arc, tail: Tail | null): void {
  arc.a = arc.a0;
  if (!arc.tailSide || !tail) return;
  const { yr, lw } = ws;
  const { p, a0 } = arc;
  const peak = yr[p]!;
  const lq = tail.lq;
  // |Z_CPE| = 1/(Q ω^α), growing by a constant factor per point on an equally log-spaced grid
  if (ws.kernels !== null) {
    arc.a = Math.min(ws.kernels.trim(yr, lw, p, a0, lq, tail.alpha, ws.logStep), Math.max(p - 2, a0));
    return;
  }
  const ratio = ws.logStep === ws.logStep ? exp(tail.alpha * ws.logStep) : Number.NaN;
  let i = p;
  // two loops, not one with the choice inside (a phi of a product and a call result kept zt boxed)
  if (ratio === ratio) {
    let zt = exp(-lq - tail.alpha * lw[p]!);
    while (i > a0) {
      zt *= ratio;
      const y = yr[i - 1]!;
      if (!(y >= 0.05 * zt) || !(y >= 0.01 * peak)) break;
      i--;
    }
  } else {
    while (i > a0) {
      const zt = exp(-lq - tail.alpha * lw[i - 1]!);
      const y = yr[i - 1]!;
      if (!(y >= 0.05 * zt) || !(y >= 0.01 * peak)) break;
      i--;
    }
  }
  arc.a = Math.min(i, Math.max(p - 2, a0));
}
