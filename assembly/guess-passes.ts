// initialGuess's numeric passes over the Work arrays of one guess kept in WASM memory (src/guess:
// work.ts prepare's input and ln ω / 1/|Z| passes, peaks.ts noiseLevel, findPeaks and smooth, features.ts
// subtractTail and estimateTail's sums, arcs.ts trimTailSide, circle.ts circleFit, model.ts
// subtractOtherArcs' and arcsAtTail's per-arc loops): operation for operation as the TS passes — scalar f64 in their order, the same branches,
// src/math's exp and log as drt-math's dexp/dlog — so every value they leave is the TS pass's bit
// for bit. The TS passes stay the reference and the JS backend's path; the plan, the arc lists,
// the trigonometry and the assignment stay in TS. Every address is an f64 array of the guess's
// region (src/backend/wasm.ts WasmGuess); nothing is allocated.
import { ld, st } from './memory';
import { dexp, dlog } from './drt-math';
import { arcSums } from './guess';
import {
  GUESS_POINTS_Z2_MIN, GUESS_POINTS_Z2_MAX, GUESS_CIRCLE_CX, GUESS_CIRCLE_CY, GUESS_CIRCLE_R,
  GUESS_TAIL_SUMS_S0, GUESS_TAIL_SUMS_S1, GUESS_TAIL_SUMS_S2, GUESS_TAIL_SUMS_T0, GUESS_TAIL_SUMS_T1,
  GUESS_INPUT_N, GUESS_INPUT_ASCENDING, GUESS_INPUT_DESCENDING, GUESS_INPUT_UNIFORM, GUESS_INPUT_BACK,
  GUESS_INPUT_DONE, GUESS_INPUT_STEP, GUESS_INPUT_Z2_MIN, GUESS_INPUT_Z2_MAX,
  GUESS_MEASURE_R, GUESS_MEASURE_XHF, GUESS_MEASURE_SW, GUESS_MEASURE_SC, GUESS_MEASURE_SS, GUESS_MEASURE_SU, GUESS_MEASURE_SL, GUESS_MEASURE_A,
} from './generated/abi';

/** JS's `v || 1` for a number: 1 where v is 0 or NaN. */
// @ts-ignore: decorator
@inline function orOne(v: f64): f64 {
  return v != 0 && v == v ? v : 1;
}

/**
 * prepare's pass over the n ordered points: lw (ln ω: l0 + i·step on an equally log-spaced grid,
 * else ln ω_i), iz = 1/|Z| (0 where |Z|² is 0 or not finite), and the smallest and largest
 * non-zero |Z|² into the GUESS_POINTS record at `out`.
 */
export function eis_guess_points(w: usize, x: usize, y: usize, lw: usize, iz: usize, n: i32, uniform: i32, l0: f64, step: f64, out: usize): void {
  points(w, x, y, lw, iz, n, uniform, l0, step, out + (<usize>GUESS_POINTS_Z2_MIN << 3), out + (<usize>GUESS_POINTS_Z2_MAX << 3));
}

/** eis_guess_points with the two |Z|² bounds stored at the addresses zMin and zMax (one copy for both callers: not inlined). */
function points(w: usize, x: usize, y: usize, lw: usize, iz: usize, n: i32, uniform: i32, l0: f64, step: f64, zMin: usize, zMax: usize): void {
  let z2Min: f64 = Infinity, z2Max: f64 = 0;
  for (let i = 0; i < n; i++) {
    st(lw, i, uniform != 0 ? l0 + <f64>i * step : dlog(ld(w, i)));
    const xi = ld(x, i), yi = ld(y, i);
    const z2 = xi * xi + yi * yi;
    st(iz, i, z2 > 0 && z2 < Infinity ? 1 / Math.sqrt(z2) : 0);
    if (z2 > 0) {
      if (z2 < z2Min) z2Min = z2;
      if (z2 > z2Max) z2Max = z2;
    }
  }
  store<f64>(zMin, z2Min);
  store<f64>(zMax, z2Max);
}

/** noiseLevel over [lo, hi] of yr (fourth differences over |Z|, kept in dev; mean twice, the second without outliers). */
export function eis_guess_noise(yr: usize, iz: usize, dev: usize, lo: i32, hi: i32): f64 {
  let s: f64 = 0, m: f64 = 0;
  for (let i = lo + 2; i <= hi - 2; i++) {
    const d = Math.abs(ld(yr, i - 2) - 4 * ld(yr, i - 1) + 6 * ld(yr, i) - 4 * ld(yr, i + 1) + ld(yr, i + 2)) * orOne(ld(iz, i));
    st(dev, i, d);
    if (d <= Infinity) {
      s += d;
      m++;
    }
  }
  const cut = 3 * (m > 0 ? s / m : Infinity);
  let s2: f64 = 0, m2: f64 = 0;
  for (let i = lo + 2; i <= hi - 2; i++) {
    const d = ld(dev, i);
    if (d <= cut) {
      s2 += d;
      m2++;
    }
  }
  return m2 > 0 ? s2 / m2 / (Math.sqrt(70) * Math.sqrt(2 / Math.PI)) : 0;
}

/**
 * findPeaks over [lo, hi] of the smoothed ys (with smooth 1, smoothed from v here first): candidates (indices in peakI, prominences over |Z|
 * in peakP), then up to k picked by prominence (the first above minFirst, the others above
 * minProminence) into `out` as f64 indices, ascending. Returns how many.
 */
export function eis_guess_peaks(ys: usize, iz: usize, peakI: usize, peakP: usize, lo: i32, hi: i32, k: i32, lowEnd: i32, minProminence: f64, minFirst: f64,
  smooth: i32, v: usize, out: usize): i32 {
  // smooth 1: ys is first v[lo..hi] smoothed (eis_guess_smooth)
  if (smooth != 0) eis_guess_smooth(v, ys, lo, hi);
  let nc = 0;
  for (let i = lowEnd != 0 ? lo : lo + 1; i <= hi; i++) {
    const v = ld(ys, i);
    if (!(v > 0)) continue;
    const left: f64 = i > lo ? ld(ys, i - 1) : -Infinity, right: f64 = i < hi ? ld(ys, i + 1) : -Infinity;
    if (!((v >= left && v > right) || (v > left && v >= right))) continue;
    if ((i - 2 >= lo && ld(ys, i - 2) > v) || (i + 2 <= hi && ld(ys, i + 2) > v)) continue;
    let minL = v, minR = v, j = i - 1;
    for (; j >= lo && ld(ys, j) <= v; j--) if (ld(ys, j) < minL) minL = ld(ys, j);
    const higherL = j >= lo;
    for (j = i + 1; j <= hi && ld(ys, j) <= v; j++) if (ld(ys, j) < minR) minR = ld(ys, j);
    const higherR = j <= hi;
    const base = higherL && higherR ? Math.max(minL, minR) : higherL ? minL : higherR ? minR : Math.min(minL, minR);
    st(peakI, nc, <f64>i);
    st(peakP, nc, (v - Math.max(base, 0)) * orOne(ld(iz, i)));
    nc++;
  }
  let count = 0;
  for (let r = 0; r < k && r < nc; r++) {
    let best = -1;
    for (let c = 0; c < nc; c++) if (ld(peakP, c) >= 0 && (best < 0 || ld(peakP, c) > ld(peakP, best))) best = c;
    if (best < 0 || !(ld(peakP, best) > (r > 0 ? minProminence : minFirst))) break;
    // ascending (the indices are distinct integers: any correct sort gives the TS sort's order)
    const p = ld(peakI, best);
    let at = count;
    while (at > 0 && ld(out, at - 1) > p) {
      st(out, at, ld(out, at - 1));
      at--;
    }
    st(out, at, p);
    count++;
    st(peakP, best, -1);
  }
  return count;
}

/** 1-2-1 smoothing of v[lo..hi] into out. */
export function eis_guess_smooth(v: usize, out: usize, lo: i32, hi: i32): void {
  st(out, lo, 0.75 * ld(v, lo) + 0.25 * ld(v, lo + 1));
  for (let i = lo + 1; i < hi; i++) st(out, i, 0.25 * ld(v, i - 1) + 0.5 * ld(v, i) + 0.25 * ld(v, i + 1));
  st(out, hi, 0.75 * ld(v, hi) + 0.25 * ld(v, hi - 1));
}

/**
 * subtractTail: xr, yr ← x, y minus the seen tail (CPE with ln Q lq, exponent al, cos c and
 * sin s of al·π/2; `seen` 0: none) and plus ω·inductance on −Im Z, over n points.
 */
export function eis_guess_subtract_tail(x: usize, y: usize, w: usize, lw: usize, xr: usize, yr: usize, n: i32, inductance: f64,
  seen: i32, c: f64, s: f64, lq: f64, al: f64, logStep: f64): void {
  if (seen == 0) {
    for (let i = 0; i < n; i++) {
      st(xr, i, ld(x, i));
      st(yr, i, ld(y, i) + ld(w, i) * inductance);
    }
    return;
  }
  const ratio = logStep == logStep ? dexp(-al * logStep) : NaN;
  if (ratio == ratio) {
    let mag = dexp(-lq - al * ld(lw, 0));
    for (let i = 0; i < n; i++) {
      st(xr, i, ld(x, i) - mag * c);
      st(yr, i, ld(y, i) + ld(w, i) * inductance - mag * s);
      mag *= ratio;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const mag = dexp(-lq - al * ld(lw, i));
    st(xr, i, ld(x, i) - mag * c);
    st(yr, i, ld(y, i) + ld(w, i) * inductance - mag * s);
  }
}

/**
 * trimTailSide's walk from the peak p down towards a0 while −Im Z stays ≥ 5 % of the tail's |Z|
 * (ln Q lq, exponent alpha) and ≥ 1 % of the peak. Returns where it stopped.
 */
export function eis_guess_trim(yr: usize, lw: usize, p: i32, a0: i32, lq: f64, alpha: f64, logStep: f64): i32 {
  return trimWalk(yr, lw, p, a0, lq, alpha, logStep);
}

/** eis_guess_trim's walk (one copy for it and eis_guess_measure: not inlined). */
function trimWalk(yr: usize, lw: usize, p: i32, a0: i32, lq: f64, alpha: f64, logStep: f64): i32 {
  const peak = ld(yr, p);
  const ratio = logStep == logStep ? dexp(alpha * logStep) : NaN;
  let i = p;
  if (ratio == ratio) {
    let zt = dexp(-lq - alpha * ld(lw, p));
    while (i > a0) {
      zt *= ratio;
      const y = ld(yr, i - 1);
      if (!(y >= 0.05 * zt) || !(y >= 0.01 * peak)) break;
      i--;
    }
  } else {
    while (i > a0) {
      const zt = dexp(-lq - alpha * ld(lw, i - 1));
      const y = ld(yr, i - 1);
      if (!(y >= 0.05 * zt) || !(y >= 0.01 * peak)) break;
      i--;
    }
  }
  return i;
}

/** circleFit (Kåsa) over points [a, b] of xs, ys (eis_guess_measure's first step): 1 with centre and radius in the GUESS_CIRCLE record at `out`, 0 when degenerate. */
export function eis_guess_circle(xs: usize, ys: usize, a: i32, b: i32, out: usize): i32 {
  const m = b - a + 1;
  if (m < 3) return 0;
  let mx: f64 = 0, my: f64 = 0;
  for (let i = a; i <= b; i++) {
    mx += ld(xs, i);
    my += ld(ys, i);
  }
  mx /= <f64>m;
  my /= <f64>m;
  let suu: f64 = 0, suv: f64 = 0, svv: f64 = 0, suz: f64 = 0, svz: f64 = 0, sz: f64 = 0;
  for (let i = a; i <= b; i++) {
    const u = ld(xs, i) - mx, v = ld(ys, i) - my, z = u * u + v * v;
    suu += u * u; suv += u * v; svv += v * v; suz += u * z; svz += v * z; sz += z;
  }
  const det = suu * svv - suv * suv;
  if (!(det > 1e-14 * (suu + svv) * (suu + svv))) return 0;
  const D = -(suz * svv - svz * suv) / det, E = -(svz * suu - suz * suv) / det, F = -sz / <f64>m;
  const r2 = (D * D + E * E) / 4 - F;
  if (!(r2 > 0 && r2 < Infinity)) return 0;
  st(out, GUESS_CIRCLE_CX, mx - D / 2);
  st(out, GUESS_CIRCLE_CY, my - E / 2);
  st(out, GUESS_CIRCLE_R, Math.sqrt(r2));
  return 1;
}

/**
 * subtractOtherArcs' loop for one arc over [a, b]: xa, ya −= the ZARC (width r, exponent al,
 * ln τ lt, cos c and sin sn of al·π/2) at ln ω = lw.
 */
export function eis_guess_sub_arc(xa: usize, ya: usize, lw: usize, a: i32, b: i32, r: f64, al: f64, lt: f64, c: f64, sn: f64, logStep: f64): void {
  const ratio = logStep == logStep ? dexp(al * logStep) : NaN;
  if (ratio == ratio) {
    let s = dexp(al * (ld(lw, a) + lt));
    for (let i = a; i <= b; i++) {
      const d = 1 + 2 * s * c + s * s;
      st(xa, i, ld(xa, i) - (r * (1 + s * c)) / d);
      st(ya, i, ld(ya, i) - (r * s * sn) / d);
      s *= ratio;
    }
  } else {
    for (let i = a; i <= b; i++) {
      const s = dexp(al * (ld(lw, i) + lt));
      const d = 1 + 2 * s * c + s * s;
      st(xa, i, ld(xa, i) - (r * (1 + s * c)) / d);
      st(ya, i, ld(ya, i) - (r * s * sn) / d);
    }
  }
}

/**
 * estimateTail's sums over the m lowest points (features.ts): with yt = y − tailArcs (withArcs)
 * or y, over the points with yt > 0, of 1, ln ω, (ln ω)², ln yt and ln ω·ln yt into the
 * GUESS_TAIL_SUMS record at `out`.
 */
export function eis_guess_tail_sums(y: usize, lw: usize, tailArcs: usize, m: i32, withArcs: i32, out: usize): void {
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, t0: f64 = 0, t1: f64 = 0;
  for (let i = 0; i < m; i++) {
    const yt = ld(y, i) - (withArcs != 0 ? ld(tailArcs, i) : 0);
    if (!(yt > 0)) continue;
    const ly = dlog(yt), l = ld(lw, i);
    s0++; s1 += l; s2 += l * l; t0 += ly; t1 += l * ly;
  }
  st(out, GUESS_TAIL_SUMS_S0, s0);
  st(out, GUESS_TAIL_SUMS_S1, s1);
  st(out, GUESS_TAIL_SUMS_S2, s2);
  st(out, GUESS_TAIL_SUMS_T0, t0);
  st(out, GUESS_TAIL_SUMS_T1, t1);
}

/** arcsAtTail's loop for one measured arc (model.ts): out[i] += its −Im Z at the m lowest points (width r, exponent alpha, ln τ lt, cos c and sin sn of alpha·π/2). */
export function eis_guess_arc_at_tail(lw: usize, out: usize, m: i32, r: f64, alpha: f64, lt: f64, c: f64, sn: f64): void {
  for (let i = 0; i < m; i++) {
    const s = dexp(alpha * (ld(lw, i) + lt));
    st(out, i, ld(out, i) + (r * s * sn) / (1 + 2 * s * c + s * s));
  }
}

/**
 * prepare (work.ts) in one call: its input pass — the usable points (f > 0, all finite) of the N
 * input points at freq, re, im (read backwards when the sweep runs from high to low frequency)
 * into w = 2πf, x = Re Z, y = −Im Z, reversed when they came descending; then stage (the input's
 * three arrays, scratch of the Work) is zeroed over N. How many points, whether they came
 * ascending, descending, equally log-spaced and read backwards go into the GUESS_INPUT record at
 * `out`. When the points came sorted (done 1) also its ln ω step (two logarithms) and its ln ω /
 * 1/|Z| pass into lw, iz (eis_guess_points), with the step and the |Z|² bounds in the record;
 * unsorted points (done 0) are left to the TS sort and eis_guess_points.
 */
export function eis_guess_input(freq: usize, re: usize, im: usize, N: i32, w: usize, x: usize, y: usize, lw: usize, iz: usize, out: usize): void {
  let n = 0, ascending = true, descending = true, uniform = true;
  let prev: f64 = NaN, prev2: f64 = NaN;
  const back = N > 1 && ld(freq, 0) > ld(freq, N - 1);
  for (let k = 0; k < N; k++) {
    const i = back ? N - 1 - k : k;
    const f = ld(freq, i), r = ld(re, i), m = ld(im, i);
    if (!(f > 0 && f - f == 0 && r - r == 0 && m - m == 0)) continue;
    if (n > 0) {
      if (f <= prev) ascending = false;
      if (f >= prev) descending = false;
      if (n > 1 && uniform) uniform = Math.abs(f * prev2 - prev * prev) <= 1e-12 * prev * prev;
    }
    prev2 = prev;
    prev = f;
    st(w, n, 2 * Math.PI * f);
    st(x, n, r);
    st(y, n, -m);
    n++;
  }
  if (descending && n > 1) {
    for (let i = 0, j = n - 1; i < j; i++, j--) {
      let t = ld(w, i); st(w, i, ld(w, j)); st(w, j, t);
      t = ld(x, i); st(x, i, ld(x, j)); st(x, j, t);
      t = ld(y, i); st(y, i, ld(y, j)); st(y, j, t);
    }
  }
  const bytes = <usize>N << 3;
  memory.fill(freq, 0, bytes);
  memory.fill(re, 0, bytes);
  memory.fill(im, 0, bytes);
  st(out, GUESS_INPUT_N, <f64>n);
  st(out, GUESS_INPUT_ASCENDING, ascending ? 1 : 0);
  st(out, GUESS_INPUT_DESCENDING, descending ? 1 : 0);
  st(out, GUESS_INPUT_UNIFORM, uniform ? 1 : 0);
  st(out, GUESS_INPUT_BACK, back ? 1 : 0);
  // unsorted (the TS sorts them, then runs eis_guess_points): done 0
  if (n > 1 && !ascending && !descending) {
    st(out, GUESS_INPUT_DONE, 0);
    return;
  }
  // prepare's ln ω step (src/math's log as dlog) and its ln ω / 1/|Z| pass
  const even = uniform && n > 2;
  const l0: f64 = n != 0 ? dlog(ld(w, 0)) : 0, step: f64 = even ? (dlog(ld(w, n - 1)) - l0) / <f64>(n - 1) : NaN;
  points(w, x, y, lw, iz, n, even ? 1 : 0, l0, step, out + (<usize>GUESS_INPUT_Z2_MIN << 3), out + (<usize>GUESS_INPUT_Z2_MAX << 3));
  st(out, GUESS_INPUT_STEP, step);
  st(out, GUESS_INPUT_DONE, 1);
}

/**
 * measureArc (circle.ts) up to its atan2 and exp, in one call, for the arc on points [a, b] of xs,
 * ys with peak p — with trim 1 after trimTailSide's walk on yr (arcs.ts: a is then a0, and the
 * arc starts where the walk stops, at most at p − 2): the intercepts x_hf, x_hf + ΔR from the Kåsa circle (eis_guess_circle) when it
 * cuts the real axis, else from the apex with the default exponent (tanDefault: src/math's
 * tan(DEFAULT_EXPONENT·π/4), passed in); then arcShape's sums over [a, b] (eis_guess_arc_sums)
 * at them. The sums, ΔR, x_hf and the first point into the GUESS_MEASURE record at `out` (its
 * first words are also the circle's scratch).
 */
export function eis_guess_measure(xs: usize, ys: usize, lw: usize, a: i32, b: i32, p: i32, tanDefault: f64,
  trim: i32, yr: usize, lq: f64, alpha: f64, logStep: f64, out: usize): void {
  // trimTailSide first (trim 1: the arc borders a seen tail, ln Q lq, exponent alpha; a is a0)
  if (trim != 0) a = min(trimWalk(yr, lw, p, a, lq, alpha, logStep), max(p - 2, a));
  let r: f64 = NaN, xhf: f64 = NaN;
  if (eis_guess_circle(xs, ys, a, b, out) != 0) {
    const cr = ld(out, GUESS_CIRCLE_R), cy = ld(out, GUESS_CIRCLE_CY);
    if (cr > Math.abs(cy)) {
      const half = Math.sqrt(cr * cr - cy * cy);
      xhf = ld(out, GUESS_CIRCLE_CX) - half;
      r = 2 * half;
    }
  }
  const h = ld(ys, p);
  if (!(r > 0 && r < 50 * h) || !(xhf - xhf == 0)) {
    r = (2 * h) / tanDefault;
    xhf = ld(xs, p) - r / 2;
  }
  const o = <usize>a << 3;
  arcSums(xs + o, ys + o, lw + o, max(b - a + 1, 0), xhf, r, out, GUESS_MEASURE_SW, GUESS_MEASURE_SC, GUESS_MEASURE_SS, GUESS_MEASURE_SU, GUESS_MEASURE_SL);
  st(out, GUESS_MEASURE_R, r);
  st(out, GUESS_MEASURE_XHF, xhf);
  st(out, GUESS_MEASURE_A, <f64>a);
}
