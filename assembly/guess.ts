// initialGuess's arc-shape average (src/guess/circle.ts arcShape) in WASM: the loop over an
// arc's points with its logarithms, operation for operation as the TS code (scalar f64 in its
// summation order, the same branches, src/math's log ported as drt-math's dlog), so the sums —
// and the start values built from them — are the same bits as the TS path's, which stays the
// reference, the JS backend's path and the public initialGuess's. Allocates nothing.
import { ld, st } from './memory';
import { dlog } from './drt-math';
import { GUESS_ARC_SUMS_SW, GUESS_ARC_SUMS_SC, GUESS_ARC_SUMS_SS, GUESS_ARC_SUMS_SU, GUESS_ARC_SUMS_SL } from './generated/abi';

/**
 * The weighted sums of arcShape over m points: x_i, y_i, ln ω_i at xs, ys, lw (f64 each), the
 * arc's intercept xhf and width r. For u = r/(Z − xhf) − 1 at each point with d² > 0, y > 0 and
 * 1e-8 < |u|² < 1e8: weight wt = |u|/(1 + |u|²), sums of wt, wt·Re u/|u|, wt·Im u/|u|,
 * wt·ln|u|², wt·ln ω into the GUESS_ARC_SUMS record at `out`.
 */
export function eis_guess_arc_sums(xs: usize, ys: usize, lw: usize, m: i32, xhf: f64, r: f64, out: usize): void {
  arcSums(xs, ys, lw, m, xhf, r, out, GUESS_ARC_SUMS_SW, GUESS_ARC_SUMS_SC, GUESS_ARC_SUMS_SS, GUESS_ARC_SUMS_SU, GUESS_ARC_SUMS_SL);
}

/** eis_guess_arc_sums with the five sums stored at words iSw, iSc, iSs, iSu, iSl of `out` (eis_guess_measure's record; one copy for both callers: not inlined). */
export function arcSums(xs: usize, ys: usize, lw: usize, m: i32, xhf: f64, r: f64, out: usize, iSw: i32, iSc: i32, iSs: i32, iSu: i32, iSl: i32): void {
  let sw: f64 = 0, sc: f64 = 0, ss: f64 = 0, su: f64 = 0, sl: f64 = 0;
  for (let i = 0; i < m; i++) {
    const dx = ld(xs, i) - xhf, dy = ld(ys, i), d2 = dx * dx + dy * dy;
    if (!(d2 > 0) || !(dy > 0)) continue;
    const ur = (r * dx) / d2 - 1, ui = (r * dy) / d2;
    const m2 = ur * ur + ui * ui;
    if (!(m2 > 1e-8 && m2 < 1e8)) continue;
    const mag = Math.sqrt(m2), wt = mag / (1 + m2);
    sw += wt;
    sc += (wt * ur) / mag;
    ss += (wt * ui) / mag;
    su += wt * dlog(m2);
    sl += wt * ld(lw, i);
  }
  st(out, iSw, sw);
  st(out, iSc, sc);
  st(out, iSs, ss);
  st(out, iSu, su);
  st(out, iSl, sl);
}
