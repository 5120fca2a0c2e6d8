// Levenberg–Marquardt over a circuit program, entirely inside WASM: the same steps, damping
// and status codes as the reference (src/reference/lm.ts, src/fit/status.ts), so see there
// for the method and its sources. Bounds by variable transformation (src/reference/transform.ts).
import { ld, st } from './memory';
import { vload, vstore } from './vmath';
import { householder, backSubstitute, gramCholesky } from './linalg';
import { cholesky, cholSolve } from './drt-linalg';
import { valuesPass, trialPass, sensitivities, sensitivityRe, sensitivityIm, elementNodeOf, unitSensitivity } from './program';
import { LmModel, lmLoop, updateScaling } from './lm-loop';
import {
  FitTask, BOUND_NONE, BOUND_LOWER, BOUND_UPPER, BOUND_BOTH, BOUND_NATURAL, WARM_START_LIMIT, WARM_START_WORSE,
  FIT_REPRESENTATION_Y, FIT_REPRESENTATION_M, ALGORITHM_LAMBDA0, ALGORITHM_LAMBDA0_AUTO, ALGORITHM_NOISE_FLOOR,
  ALGORITHM_SWITCH, FIT_OUTCOME_PHASE_B, ALGORITHM_GRAM_PIVOT,
} from './generated/abi';

// FitTask (everything one fit reads: addresses and counts, written by the TS side through the
// FIT_TASK layout), the bound kinds and warm-start limits come from the ABI descriptor
// (src/abi/descriptor.ts); the loop, its status codes and damping constants are ./lm-loop.ts's.
export { FitTask, FIT_TASK_WORDS } from './generated/abi';
export { setTolerances } from './lm-loop';

/**
 * Warm start: u = the previous solution, except for parameters that ended at a bound there
 * (their transform is flat, so they could not move again): those keep their own start value.
 * Same rule as the JS backend (src/backend/warm-start.ts).
 */
export function warmStartValues(t: FitTask, prev: usize, u: usize): void {
  for (let k = 0; k < t.m; k++) {
    const kind = load<i32>(t.kinds + (<usize>k << 2));
    const up = ld(prev, k), u0 = ld(u, k);
    const atBound = (kind == BOUND_LOWER || kind == BOUND_UPPER) ? up < u0 - WARM_START_LIMIT : kind == BOUND_BOTH ? Math.abs(up) > WARM_START_LIMIT : false;
    if (!atBound) st(u, k, up);
  }
}

/** Whether a warm fit should be redone from the spectrum's own start values. */
export function warmFailed(status: f64, chi2: f64, prevChi2: f64): bool {
  return !(status > 0) || chi2 > WARM_START_WORSE * prevChi2;
}

/** Sets the full parameter vector from u. */
export function setParamsFrom(t: FitTask, u: usize): void {
  setParams(t, u);
}

/** Address of the Jacobian (after factorise: R in its upper triangle, n rows) in the LM scratch. */
export function lmJacobian(t: FitTask): usize {
  return t.lm + (<usize>(3 * 2 * t.n) << 3);
}

/**
 * The bound kinds the last levenbergMarquardt ended with: the task's own, or after phase B the
 * copy in its scratch with BOUND_NATURAL for the natural unknowns (the columns of its last J).
 */
let FINAL_KINDS: usize = 0;

/** ∂p/∂u of free parameter k at the current parameter vector, in the variables of the last fit's final Jacobian. */
export function paramDerivative(t: FitTask, k: i32): f64 {
  const idx = load<i32>(t.free + (<usize>k << 2));
  return dpdu(ld(t.params, idx), ld(t.lower, k), ld(t.upper, k), load<i32>(FINAL_KINDS + (<usize>k << 2)));
}

/** f64 words of LM scratch for n residuals and m unknowns (layout: QrModel). */
export function lmScratchWords(n: i32, m: i32): i32 {
  return 3 * n + n * m + 2 * m * m + 2 * m + 5 * m;
}

// @ts-ignore: decorator
@inline export function toExternal(u: f64, lo: f64, hi: f64, kind: i32): f64 {
  if (kind == BOUND_LOWER) return lo + Math.exp(u);
  if (kind == BOUND_UPPER) return hi - Math.exp(u);
  if (kind == BOUND_BOTH) return lo + (hi - lo) / (1 + Math.exp(-u));
  return u;
}

// @ts-ignore: decorator
@inline export function dpdu(p: f64, lo: f64, hi: f64, kind: i32): f64 {
  if (kind == BOUND_LOWER) return p - lo;
  if (kind == BOUND_UPPER) return -(hi - p);
  if (kind == BOUND_BOTH) return ((p - lo) * (hi - p)) / (hi - lo);
  return 1;
}

function setParams(t: FitTask, u: usize): void {
  for (let k = 0; k < t.m; k++) {
    const idx = load<i32>(t.free + (<usize>k << 2));
    st(t.params, idx, toExternal(ld(u, k), ld(t.lower, k), ld(t.upper, k), load<i32>(t.kinds + (<usize>k << 2))));
  }
}

/** C0 of the M representation (M = jωC0·Z; 1 when no geometry was given), set per call. */
let C0: f64 = 1;

export function setRepresentationScale(c0: f64): void {
  C0 = c0;
}

// The representation transform of the kernel, its one place (specs/global-fit.md Part B,
// "Fitting in Y or M"): the data zre/zim already hold X_exp (src/fit/problem.ts converts them
// once), the model X(p) comes from Z(p) at the root node, and ∂X/∂p = F·∂Z/∂p by the chain rule
// with F = −Y² (Y = 1/Z) or F = jωC0 (M = jωC0·Z). The TS reference does the same operations in
// the same order (src/reference/representation.ts).
let XR: f64 = 0;
let XI: f64 = 0;
let FR: f64 = 0;
let FI: f64 = 0;

/** X(p) of Z = zr + j·zi at ω into XR/XI and F = ∂X/∂Z into FR/FI (Y and M; Z needs neither). */
// @ts-ignore: decorator
@inline function modelPoint(kind: i32, zr: f64, zi: f64, w: f64): void {
  if (kind == FIT_REPRESENTATION_Y) {
    const d = zr * zr + zi * zi;
    const yr = zr / d, yi = -zi / d;
    XR = yr;
    XI = yi;
    FR = yi * yi - yr * yr;
    FI = -2 * yr * yi;
  } else if (kind == FIT_REPRESENTATION_M) {
    const wc = w * C0;
    XR = -wc * zi;
    XI = wc * zr;
    FR = 0;
    FI = wc;
  }
}

/** r = (X_exp − X(p))/σ from the root node of the last values pass; false if not finite. */
function residualsFromRoot(t: FitTask, root: i32, r: usize): bool {
  const n = t.n, kind = t.representation;
  const zr = t.work + ((<usize>(2 * root) * <usize>n) << 3), zi = t.work + ((<usize>(2 * root + 1) * <usize>n) << 3);
  // Z by a copy of the loop where kind is the constant 0
  return kind == 0 ? residualsOf(0, n, zr, zi, t.w, t.zre, t.zim, t.sre, t.sim, r) : residualsOf(kind, n, zr, zi, t.w, t.zre, t.zim, t.sre, t.sim, r);
}

/**
 * residualsFromRoot's loop: X(p) from Z (modelPoint's operations), then (X_exp − X)·(1/σ), two
 * points per step with the same operations per lane as the scalar tail.
 */
// @ts-ignore: decorator
@inline function residualsOf(kind: i32, n: i32, zr: usize, zi: usize, w: usize, xre: usize, xim: usize, sre: usize, sim: usize, r: usize): bool {
  const rim = r + (<usize>n << 3), c0 = f64x2.splat(C0);
  // `bad` collects v − v: 0 while every value is finite, NaN after any that is not
  let bad = f64x2.splat(0);
  let ok = true;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let mr = vload(zr, i), mi = vload(zi, i);
    if (kind == FIT_REPRESENTATION_Y) {
      const d = f64x2.add(f64x2.mul(mr, mr), f64x2.mul(mi, mi));
      mr = f64x2.div(mr, d);
      mi = f64x2.div(f64x2.neg(mi), d);
    } else if (kind == FIT_REPRESENTATION_M) {
      const wc = f64x2.mul(vload(w, i), c0);
      const xr = f64x2.mul(f64x2.neg(wc), mi);
      mi = f64x2.mul(wc, mr);
      mr = xr;
    }
    const a = f64x2.mul(f64x2.sub(vload(xre, i), mr), vload(sre, i));
    const b = f64x2.mul(f64x2.sub(vload(xim, i), mi), vload(sim, i));
    vstore(r, i, a);
    vstore(rim, i, b);
    bad = f64x2.add(bad, f64x2.add(f64x2.sub(a, a), f64x2.sub(b, b)));
  }
  if (!(f64x2.extract_lane(bad, 0) == 0 && f64x2.extract_lane(bad, 1) == 0)) ok = false;
  for (; i < n; i++) {
    let mr = ld(zr, i), mi = ld(zi, i);
    if (kind != 0) {
      modelPoint(kind, mr, mi, ld(w, i));
      mr = XR;
      mi = XI;
    }
    const a = (ld(xre, i) - mr) * ld(sre, i);
    const b = (ld(xim, i) - mi) * ld(sim, i);
    st(r, i, a);
    st(rim, i, b);
    if (!isFinite(a) || !isFinite(b)) ok = false;
  }
  return ok;
}

/**
 * Whether the last model evaluation of levenbergMarquardt was its Jacobian at the final u: then
 * R of J = QR (upper triangle of the Jacobian scratch) and Z at the root node are the
 * solution's, and finishFit reuses them instead of evaluating again.
 */
export let LAST_EVAL_AT_SOLUTION: bool = false;

/** Marks the LM scratch as not the solution's (u was replaced after the fit). */
export function forgetLastEval(): void {
  LAST_EVAL_AT_SOLUTION = false;
}

/**
 * r at a trial point u; false if a value is not finite — a parameter too (e^u overflowed to ∞):
 * such a point is no candidate even when Z stays finite there (an infinite R in parallel), since
 * its Jacobian cannot be (∞·0), so the loop rejects the step (src/reference/fit.ts the same).
 */
function evalResiduals(t: FitTask, u: usize, r: usize): bool {
  LAST_EVAL_AT_SOLUTION = false;
  setParams(t, u);
  for (let k = 0; k < t.m; k++) if (!isFinite(ld(t.params, load<i32>(t.free + (<usize>k << 2))))) return false;
  return residualsAtParams(t, r);
}

/**
 * r at the task's current parameter vector; false if not finite. A trial: the elements whose
 * gradient comes almost free with their values (gradientWithValues: Wo, Ws) write it into the
 * Jacobian's element gradients, kept by the Jacobian at these parameters (./program.ts trialPass).
 */
export function residualsAtParams(t: FitTask, r: usize): bool {
  const root = trialPass(t.code, t.codeLen, t.nodes, t.params, t.n, t.w, t.lnw, t.work, t.jzr, t.jzi, 8, <usize>t.n << 3);
  return residualsFromRoot(t, root, r);
}

// The u of the last trial (QrModel.trial) of the current levenbergMarquardt, whose parameters
// t.params still hold: the Jacobian after an accepted trial is taken at the same u, and its
// setParams (an exp per bounded unknown) would write the same bits again. Valid from a trial to
// the next bind or toNatural (the kinds change); nothing else in lmLoop writes t.params.
const TRIAL_MAX_M = 64;
const TRIAL_U = memory.data(TRIAL_MAX_M << 3, 16);
let trialValid: bool = false;

/** Whether u has exactly the bits of the last trial's (t.params are then toExternal of u already). */
function atLastTrial(u: usize, m: i32): bool {
  if (!trialValid) return false;
  for (let k = 0; k < m; k++) if (load<i64>(u + (<usize>k << 3)) != load<i64>(TRIAL_U + (<usize>k << 3))) return false;
  return true;
}

/**
 * r and J = ∂r/∂u (2N × m, column-major), or with `natural` ∂r/∂p, at the task's current parameter
 * vector (setParams first); false if not finite. Each free parameter's
 * column is written straight from its element's gradient (column-major in jzr/jzi: parameter
 * k's N points contiguous at k·N·8 bytes, as valuesPass leaves it with stride 8 and paramStride
 * N·8) and the element's sensitivity d (./program.ts sensitivities):
 * ∂Z/∂p = d·∂Z_element/∂p, then ∂X = F·∂Z for Y and M, then −∂p/∂u and 1/σ — the operations,
 * and their order per value, of the sensitivity pass in place followed by a scaled copy.
 */
export function jacobianAtParams(t: FitTask, r: usize, j: usize, natural: bool): bool {
  const colBytes = <usize>t.n << 3;
  const root = valuesPass(t.code, t.codeLen, t.nodes, t.params, t.n, t.w, t.lnw, t.work, t.jzr, t.jzi, 8, colBytes);
  sensitivities(t.code, t.nodes, t.n, t.work);
  let ok = residualsFromRoot(t, root, r);
  const n = t.n, m = t.m, kind = t.representation, nodes = t.nodes, sre = t.sre, sim = t.sim;
  // Y and M: F = ∂X/∂Z of every point (modelPoint) once, kept where the last column goes until
  // that column, the last read of F, overwrites it point by point
  const fre = j + ((<usize>((m - 1) * 2 * n)) << 3), fim = fre + (<usize>n << 3);
  if (kind != 0 && m > 0) {
    const zr = t.work + ((<usize>(2 * root) * <usize>n) << 3), zi = t.work + ((<usize>(2 * root + 1) * <usize>n) << 3);
    for (let i = 0; i < n; i++) {
      modelPoint(kind, ld(zr, i), ld(zi, i), ld(t.w, i));
      st(fre, i, FR);
      st(fim, i, FI);
    }
  }
  for (let k = 0; k < m; k++) {
    const idx = load<i32>(t.free + (<usize>k << 2));
    const dp = natural ? 1.0 : dpdu(ld(t.params, idx), ld(t.lower, k), ld(t.upper, k), load<i32>(t.kinds + (<usize>k << 2)));
    const node = elementNodeOf(t.code, nodes, n, t.work, idx);
    const dr = sensitivityRe(t.work, nodes, n, node), di = sensitivityIm(t.work, nodes, n, node);
    const gre = t.jzr + <usize>idx * colBytes, gim = t.jzi + <usize>idx * colBytes;
    const cre = j + ((<usize>(k * 2 * n)) << 3), cim = cre + (<usize>n << 3);
    // the Z columns by a copy of the loop where kind is the constant 0 (no per-point branch), and
    // the columns of elements with d = 1 + 0j exactly by a copy without the loads of d
    const finite = unitSensitivity(node)
      ? (kind == 0
        ? writeColumn(0, true, n, gre, gim, dr, di, fre, fim, sre, sim, dp, cre, cim)
        : writeColumn(kind, true, n, gre, gim, dr, di, fre, fim, sre, sim, dp, cre, cim))
      : (kind == 0
        ? writeColumn(0, false, n, gre, gim, dr, di, fre, fim, sre, sim, dp, cre, cim)
        : writeColumn(kind, false, n, gre, gim, dr, di, fre, fim, sre, sim, dp, cre, cim));
    if (!finite) ok = false;
  }
  return ok;
}

/**
 * One column of jacobianAtParams: from the element's gradient (gre/gim, N contiguous points)
 * and its d (dr/di), ∂Z = d·∂Z_element, for Y and M ∂X = F·∂Z (F at fre/fim), then
 * −∂p/∂u (dp) and 1/σ, into cre/cim. Two points per step with the same operations per lane as
 * the scalar tail. Returns whether every value is finite. With `unit` (d = 1 + 0j at every point)
 * d·g = (g_r·1 − g_i·0) + j(g_r·0 + g_i·1) is g_r − g_i·0 + j(g_r·0 + g_i): the same bits (x·1 is
 * x, the ±0 and NaN of the ·0 products kept) without the loads of d and two multiplies.
 */
// @ts-ignore: decorator
@inline function writeColumn(kind: i32, unit: bool, n: i32, gre: usize, gim: usize, dr: usize, di: usize, fre: usize, fim: usize,
  sre: usize, sim: usize, dp: f64, cre: usize, cim: usize): bool {
  // `bad` collects v − v: 0 while every value is finite, NaN after any that is not
  const vdp = f64x2.splat(dp), zero = f64x2.splat(0);
  let bad = f64x2.splat(0);
  let ok = true;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const gr = vload(gre, i), gi = vload(gim, i);
    let jr: v128, ji: v128;
    if (unit) {
      jr = f64x2.sub(gr, f64x2.mul(gi, zero));
      ji = f64x2.add(f64x2.mul(gr, zero), gi);
    } else {
      const a = vload(dr, i), b = vload(di, i);
      jr = f64x2.sub(f64x2.mul(gr, a), f64x2.mul(gi, b));
      ji = f64x2.add(f64x2.mul(gr, b), f64x2.mul(gi, a));
    }
    if (kind != 0) {
      // ∂X = F·∂Z
      const fr = vload(fre, i), fi = vload(fim, i);
      const xr = kind == FIT_REPRESENTATION_M ? f64x2.mul(f64x2.neg(fi), ji) : f64x2.sub(f64x2.mul(fr, jr), f64x2.mul(fi, ji));
      ji = kind == FIT_REPRESENTATION_M ? f64x2.mul(fi, jr) : f64x2.add(f64x2.mul(fr, ji), f64x2.mul(fi, jr));
      jr = xr;
    }
    const va = f64x2.mul(f64x2.mul(f64x2.neg(jr), vdp), vload(sre, i));
    const vb = f64x2.mul(f64x2.mul(f64x2.neg(ji), vdp), vload(sim, i));
    vstore(cre, i, va);
    vstore(cim, i, vb);
    bad = f64x2.add(bad, f64x2.add(f64x2.sub(va, va), f64x2.sub(vb, vb)));
  }
  if (!(f64x2.extract_lane(bad, 0) == 0 && f64x2.extract_lane(bad, 1) == 0)) ok = false;
  for (; i < n; i++) {
    const gr = ld(gre, i), gi = ld(gim, i);
    let jr: f64, ji: f64;
    if (unit) {
      jr = gr - gi * 0.0;
      ji = gr * 0.0 + gi;
    } else {
      const a = ld(dr, i), b = ld(di, i);
      jr = gr * a - gi * b;
      ji = gr * b + gi * a;
    }
    if (kind != 0) {
      const fr = ld(fre, i), fi = ld(fim, i);
      const xr = kind == FIT_REPRESENTATION_M ? -fi * ji : fr * jr - fi * ji;
      ji = kind == FIT_REPRESENTATION_M ? fi * jr : fr * ji + fi * jr;
      jr = xr;
    }
    const va = -jr * dp * ld(sre, i);
    const vb = -ji * dp * ld(sim, i);
    st(cre, i, va);
    st(cim, i, vb);
    if (!isFinite(va) || !isFinite(vb)) ok = false;
  }
  return ok;
}

/**
 * Σ a_i·b_i in four partial sums (two f64x2 accumulators: lane j sums the i ≡ j mod 4 of the
 * first 4⌊len/4⌋ terms), combined as (s₀ + s₂) + (s₁ + s₃), then the remaining terms in order:
 * the χ² and trial sums; src/reference/lm.ts chi2Sum adds in exactly this order.
 */
function dot(a: usize, b: usize, len: i32): f64 {
  let v = f64x2.splat(0), w = f64x2.splat(0);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    v = f64x2.add(v, f64x2.mul(vload(a, i), vload(b, i)));
    w = f64x2.add(w, f64x2.mul(vload(a, i + 2), vload(b, i + 2)));
  }
  v = f64x2.add(v, w);
  let s = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  for (; i < len; i++) s += ld(a, i) * ld(b, i);
  return s;
}

/**
 * The single-spectrum model of lmLoop (./lm-loop.ts): R and (Qᵀr)₁ of J = QR once per Jacobian
 * (from the Cholesky factor of JᵀJ, or Householder QR where its guard trips: factorise; R in J's
 * upper triangle, (Qᵀr)₁ at the start of qtr) and each damped step from the small problem
 * [R; √λ D] δ = [−(Qᵀr)₁; 0] (MINPACK's arrangement; src/reference/lm.ts qrModel). Scratch
 * layout (lmScratchWords): r, r_new, Qᵀr (2N each), J (2N × m, column-major), the small
 * problem (2m × m and 2m), then the loop's δ, u + δ, D and the extended u, then phase B's bound
 * kinds (m i32: the task's with BOUND_NATURAL for the natural unknowns; t.kinds points there in
 * phase B) and held flags (m i32: 1 held for this Jacobian, 2 put on the bound by the current
 * bound step).
 */
@unmanaged
class QrModel extends LmModel {
  t: FitTask = changetype<FitTask>(0);
  n: i32 = 0;
  r: usize = 0;
  rNew: usize = 0;
  qtr: usize = 0;
  j: usize = 0;
  a: usize = 0;
  b: usize = 0;
  /** The task's own bound kinds (t.kinds before phase B). */
  kinds0: usize = 0;
  kindsB: usize = 0;
  held: usize = 0;
  natural: bool = false;
  /** Whether the last factorise took R from the Cholesky factor of JᵀJ (not Householder). */
  gram: bool = false;
  /** Whether an unknown is held for the current Jacobian. */
  anyHeld: bool = false;
  /**
   * Whether this Jacobian's steps solve the normal equations (normalStep): with `gram`, G = RᵀR
   * at a (m × m) and g = Rᵀ(Qᵀr)₁ at b (m), until a step's Cholesky fails.
   */
  normal: bool = false;

  bind(t: FitTask): void {
    const m = t.m, n = 2 * t.n;
    this.t = t;
    this.m = m;
    this.n = n;
    this.r = t.lm;
    this.rNew = this.r + (<usize>n << 3);
    this.qtr = this.rNew + (<usize>n << 3);
    this.j = this.qtr + (<usize>n << 3);
    this.a = this.j + (<usize>(n * m) << 3);
    this.b = this.a + (<usize>(2 * m * m) << 3);
    this.loop = this.b + (<usize>(2 * m) << 3);
    this.kindsB = this.loop + (<usize>(4 * m) << 3);
    this.held = this.kindsB + (<usize>m << 2);
    this.kinds0 = t.kinds;
    this.natural = false;
    trialValid = false;
    this.anyHeld = false;
    memory.fill(this.held, 0, <usize>m << 2); // nothing held before phase B
  }

  factorise(u: usize, d: usize): f64 {
    const chi2 = factorise(this.t, u, this.r, this.qtr, this.j, this.n, this.m, this.a);
    this.gram = FACTOR_GRAM;
    this.normal = FACTOR_GRAM;
    if (FACTOR_GRAM) {
      // G = RᵀR (= JᵀJ) and g = Rᵀ(Qᵀr)₁ (= Jᵀr) for the steps (src/reference/lm.ts the same)
      const j = this.j, qtr = this.qtr, a = this.a, b = this.b, n = this.n, m = this.m;
      for (let k = 0; k < m; k++) {
        for (let k2 = 0; k2 <= k; k2++) {
          let x: f64 = 0;
          for (let i = 0; i <= k2; i++) x += ld(j, k * n + i) * ld(j, k2 * n + i);
          st(a, k * m + k2, x);
          st(a, k2 * m + k, x);
        }
        let x: f64 = 0;
        for (let i = 0; i <= k; i++) x += ld(j, k * n + i) * ld(qtr, i);
        st(b, k, x);
      }
    }
    if (!isNaN(chi2)) {
      updateScaling<QrModel>(this, d);
      if (this.natural) this.activeSet(u);
    }
    return chi2;
  }

  /** Held unknowns: natural, at the bound, the gradient (Jᵀr)_k = (Rᵀ(Qᵀr)₁)_k > 0 pointing outward. */
  activeSet(u: usize): void {
    const j = this.j, qtr = this.qtr, n = this.n, m = this.m;
    let any = false;
    for (let k = 0; k < m; k++) {
      let g: f64 = 0;
      for (let i = 0; i <= k; i++) g += ld(j, k * n + i) * ld(qtr, i);
      const h = load<i32>(this.kindsB + (<usize>k << 2)) == BOUND_NATURAL && ld(u, k) <= 0 && g > 0;
      store<i32>(this.held + (<usize>k << 2), h ? 1 : 0);
      if (h) any = true;
    }
    this.anyHeld = any;
  }

  // @ts-ignore: decorator
  @inline isHeld(k: i32): bool {
    return load<i32>(this.held + (<usize>k << 2)) != 0;
  }

  logScale(k: i32): bool {
    // natural unknowns (phase B) take Moré scaling by their own column norm
    const kind = load<i32>(this.t.kinds + (<usize>k << 2));
    return kind != BOUND_NONE && kind != BOUND_NATURAL;
  }

  toNatural(u: usize): bool {
    const t = this.t, m = this.m;
    let any = false;
    for (let k = 0; k < m; k++) if (load<i32>(t.eligible + (<usize>k << 2)) != 0) any = true;
    if (!any) return false;
    memory.copy(this.kindsB, this.kinds0, <usize>m << 2);
    for (let k = 0; k < m; k++) {
      if (load<i32>(t.eligible + (<usize>k << 2)) == 0) continue;
      // R = 0 + e^u, the same bits as the model saw
      st(u, k, toExternal(ld(u, k), ld(t.lower, k), ld(t.upper, k), load<i32>(this.kinds0 + (<usize>k << 2))));
      store<i32>(this.kindsB + (<usize>k << 2), BOUND_NATURAL);
    }
    t.kinds = this.kindsB;
    this.natural = true;
    trialValid = false;
    return true;
  }

  clamp(x: usize): bool {
    if (!this.natural) return false;
    let cut = false;
    for (let k = 0; k < this.m; k++) {
      if (load<i32>(this.kindsB + (<usize>k << 2)) != BOUND_NATURAL) continue;
      const v = ld(x, k);
      if (v < 0) {
        st(x, k, 0);
        cut = true;
      } else if (v == 0) st(x, k, 0); // −0 → +0
    }
    return cut;
  }

  boundStep(lambda: f64, d: usize, u: usize, delta: usize, uNew: usize): f64 {
    // the crossing unknowns of this pass (u_k + δ_k < 0: those clamp cut) join the ones on the bound
    const m = this.m;
    for (let pass = 0; pass < m; pass++) {
      let more = false;
      for (let k = 0; k < m; k++) {
        const p = this.held + (<usize>k << 2);
        if (load<i32>(this.kindsB + (<usize>k << 2)) == BOUND_NATURAL && load<i32>(p) == 0 && ld(u, k) + ld(delta, k) < 0) {
          store<i32>(p, 2);
          more = true;
        }
      }
      if (!more) break;
      this.solve(lambda, d, delta, u);
      for (let k = 0; k < m; k++) st(uNew, k, ld(u, k) + ld(delta, k));
      this.clamp(uNew);
    }
    for (let k = 0; k < m; k++) {
      const p = this.held + (<usize>k << 2);
      if (load<i32>(p) == 2) store<i32>(p, 0);
      st(delta, k, ld(uNew, k) - ld(u, k));
    }
    return this.predicted(delta);
  }

  predicted(delta: usize): f64 {
    // ‖(Qᵀr)₁‖² − ‖R δ + (Qᵀr)₁‖²
    const j = this.j, qtr = this.qtr, n = this.n, m = this.m;
    let q1: f64 = 0, lin: f64 = 0;
    for (let i = 0; i < m; i++) {
      let s = ld(qtr, i);
      for (let k = i; k < m; k++) s += ld(j, k * n + i) * ld(delta, k);
      q1 += ld(qtr, i) * ld(qtr, i);
      lin += s * s;
    }
    return q1 - lin;
  }

  step(lambda: f64, d: usize, delta: usize): f64 {
    return this.solve(lambda, d, delta, 0);
  }

  /**
   * The damped step (normalStep first, where R came from the Cholesky factor; src/reference/lm.ts
   * dampedStep): [R_F; √λ D_F] δ_F = [−(Qᵀr)₁ − R_:B δ_B; 0] over the f columns F that are not
   * held (R_F is m × f, upper trapezoidal; column-major, m + f rows), δ = 0 for the held ones and
   * δ_k = −u_k for those the bound step put on the bound (B, held 2; only with u ≠ 0); without held
   * unknowns (phase A) F is every column and this is MINPACK's [R; √λ D] δ = [−(Qᵀr)₁; 0] with 2m rows.
   */
  solve(lambda: f64, d: usize, delta: usize, u: usize): f64 {
    if (this.normal) {
      if (this.normalStep(lambda, d, delta, u)) return this.predicted(delta);
      this.normal = false; // not positive definite in rounding: this Jacobian's steps by QR (which overwrites G)
    }
    const j = this.j, qtr = this.qtr, a = this.a, b = this.b, n = this.n, m = this.m;
    let f = 0;
    for (let k = 0; k < m; k++) if (!this.isHeld(k)) f++;
    const rows = m + f;
    memory.fill(a, 0, <usize>(rows * f) << 3);
    const sl = Math.sqrt(lambda);
    let c = 0;
    for (let k = 0; k < m; k++) {
      if (this.isHeld(k)) continue;
      for (let i = 0; i <= k; i++) st(a, c * rows + i, ld(j, k * n + i));
      st(a, c * rows + m + c, sl * ld(d, k));
      c++;
    }
    for (let i = 0; i < m; i++) st(b, i, -ld(qtr, i));
    if (u != 0) {
      for (let k = 0; k < m; k++) {
        if (load<i32>(this.held + (<usize>k << 2)) != 2) continue;
        const dk = -ld(u, k);
        for (let i = 0; i <= k; i++) st(b, i, ld(b, i) - ld(j, k * n + i) * dk);
      }
    }
    memory.fill(b + (<usize>m << 3), 0, <usize>f << 3);
    householder(a, b, rows, f);
    backSubstitute(a, rows, b, f, delta);
    this.scatter(delta, delta, u, f);
    return this.predicted(delta);
  }

  /**
   * The full step δ from the f free components at `compact` (held unknowns removed): a held
   * unknown's δ_k is 0, one on the bound (held = 2) moves onto it (δ_k = −u_k). From the end, so
   * `compact` may be `delta` itself (the compact index never exceeds the full one).
   */
  scatter(delta: usize, compact: usize, u: usize, f: i32): void {
    let c = f - 1;
    for (let k = this.m - 1; k >= 0; k--) {
      const h = load<i32>(this.held + (<usize>k << 2));
      if (h == 2) st(delta, k, -ld(u, k));
      else if (h != 0) st(delta, k, 0);
      else {
        st(delta, k, ld(compact, c));
        c--;
      }
    }
  }

  /**
   * solve() by the normal equations of the same small problem, where R came from the Cholesky
   * factor: (G_FF + λD_F²) δ_F = −g_F − G_FB δ_B (G at a, g at b: factorise), Cholesky of the
   * f × f matrix S (at a + m² words, lower triangle, row-major), right-hand side and solution at
   * b + m words; false (δ untouched) when a pivot is not positive (src/reference/lm.ts normalStep).
   */
  normalStep(lambda: f64, d: usize, delta: usize, u: usize): bool {
    const m = this.m, gm = this.a, gv = this.b, sm = this.a + (<usize>(m * m) << 3), sv = this.b + (<usize>m << 3);
    let f = 0;
    for (let k = 0; k < m; k++) if (!this.isHeld(k)) f++;
    let c = 0;
    for (let k = 0; k < m; k++) {
      if (this.isHeld(k)) continue;
      let c2 = 0;
      for (let k2 = 0; k2 < k; k2++) {
        if (this.isHeld(k2)) continue;
        st(sm, c * f + c2, ld(gm, k * m + k2));
        c2++;
      }
      st(sm, c * f + c, ld(gm, k * m + k) + lambda * (ld(d, k) * ld(d, k)));
      let x = -ld(gv, k);
      if (u != 0) for (let k2 = 0; k2 < m; k2++) if (load<i32>(this.held + (<usize>k2 << 2)) == 2) x -= ld(gm, k * m + k2) * -ld(u, k2);
      st(sv, c, x);
      c++;
    }
    // in place (each entry read before it is written), the shared factor and solve of the DRT and
    // global kernels: the same operations in the same order as the TS reference's loops
    if (!cholesky(sm, f, f, sm, 0)) return false;
    cholSolve(sm, f, f, sv);
    this.scatter(delta, sv, u, f);
    return true;
  }

  columnNorm(k: i32): f64 {
    return columnNorm(this.j, this.n, k);
  }

  nonzero(): bool {
    return anyNonzero(this.j, this.n, this.m);
  }

  gradientMax(chi2: f64): f64 {
    // Jᵀr = Rᵀ(Qᵀr)₁
    const j = this.j, qtr = this.qtr, n = this.n, m = this.m;
    const rnorm = Math.sqrt(chi2);
    let gmax: f64 = 0;
    for (let k = 0; k < m; k++) {
      if (this.isHeld(k)) continue; // at its bound: the gradient points out of the feasible set
      let g: f64 = 0, cn: f64 = 0;
      for (let i = 0; i <= k; i++) {
        const rik = ld(j, k * n + i);
        g += rik * ld(qtr, i);
        cn += rik * rik;
      }
      if (cn > 0 && rnorm > 0) gmax = Math.max(gmax, Math.abs(g) / (Math.sqrt(cn) * rnorm));
    }
    return gmax;
  }

  gaussNewtonGain(d: usize, scratch: usize): f64 {
    // R from the Cholesky factor is nonsingular (its guard): then R δ = −(Qᵀr)₁ exactly, the
    // gain ‖(Qᵀr)₁‖² = ‖L⁻¹Jᵀr‖²; with held unknowns or Householder's R, the step itself
    if (!this.gram || this.anyHeld) return this.step(0, d, scratch);
    return dot(this.qtr, this.qtr, this.m);
  }

  slope(delta: usize): f64 {
    // 2rᵀJδ = 2(Qᵀr)₁ᵀRδ
    const j = this.j, qtr = this.qtr, n = this.n, m = this.m;
    let slope: f64 = 0;
    for (let i = 0; i < m; i++) {
      let s: f64 = 0;
      for (let k = i; k < m; k++) s += ld(j, k * n + i) * ld(delta, k);
      slope += 2 * ld(qtr, i) * s;
    }
    return slope;
  }

  trial(u: usize): f64 {
    const ok = evalResiduals(this.t, u, this.rNew);
    trialValid = this.m <= TRIAL_MAX_M;
    if (trialValid) memory.copy(TRIAL_U, u, <usize>this.m << 3);
    return ok ? dot(this.rNew, this.rNew, this.n) : Infinity;
  }
}

// static memory, no allocation: bind() sets every field
const QR = changetype<QrModel>(memory.data(offsetof<QrModel>()));

/**
 * Minimises χ²(u) from `u` (m words, updated in place) by lmLoop over the QR model; see
 * src/reference/lm.ts for the method. Results go to `out`: [status, chi2, iterations, nfev, njev].
 * λ0 is LAMBDA0_AUTO for a `warm` start or an automatic one (t.automaticStart), else LAMBDA0; the
 * statistical stop, when t.noiseStop, has ε/ν with ν = 2N − m, and phase B, when an unknown is
 * eligible (t.eligible), SWITCH/ν (fitReference, noiseFloor and phaseBSwitch of
 * src/reference/fit.ts do the same). The parameters (t.params) come from the final u; u is then
 * given back in the task's internal variables.
 */
export function levenbergMarquardt(t: FitTask, u: usize, out: usize, warm: bool): void {
  QR.bind(t);
  const lambda0 = warm || t.automaticStart != 0 ? ALGORITHM_LAMBDA0_AUTO : ALGORITHM_LAMBDA0;
  const floor = t.noiseStop != 0 ? ALGORITHM_NOISE_FLOOR / <f64>(2 * t.n - t.m) : 0;
  let eligible = false;
  for (let k = 0; k < t.m; k++) if (load<i32>(t.eligible + (<usize>k << 2)) != 0) eligible = true;
  const switchAt = eligible ? ALGORITHM_SWITCH / <f64>(2 * t.n - t.m) : 0;
  lmLoop<QrModel>(QR, u, t.maxEvaluations, out, lambda0, floor, switchAt);
  setParams(t, u);
  FINAL_KINDS = t.kinds;
  st(out, FIT_OUTCOME_PHASE_B, QR.natural ? 1 : 0);
  if (QR.natural) {
    // the natural unknowns back in the task's internal variables, u = ln(R − lower) (−∞ at R = 0:
    // "at the bound" for warmStartValues), and the task's own kinds (src/reference/fit.ts naturalToInternal)
    for (let k = 0; k < t.m; k++) {
      if (load<i32>(QR.kindsB + (<usize>k << 2)) == BOUND_NATURAL) st(u, k, Math.log(ld(u, k) - ld(t.lower, k)));
    }
    t.kinds = QR.kinds0;
  }
}

/** Whether the last factorise took R from the Cholesky factor of JᵀJ (finishFit checks its accuracy before reusing it). */
export let FACTOR_GRAM: bool = false;

/**
 * r, J at u, then R of J = QR into J's upper triangle and (Qᵀr)₁ into qtr's first m words: from
 * the Cholesky factor of JᵀJ (gramCholesky, `g` its m² + m words of scratch), or by Householder
 * QR of J when its pivot guard (ALGORITHM_GRAM_PIVOT) trips. Returns χ², NaN if not finite.
 */
function factorise(t: FitTask, u: usize, r: usize, qtr: usize, j: usize, n: i32, m: i32, g: usize): f64 {
  LAST_EVAL_AT_SOLUTION = false;
  FACTOR_GRAM = false;
  if (!atLastTrial(u, m)) setParams(t, u);
  if (!jacobianAtParams(t, r, j, false)) return NaN;
  LAST_EVAL_AT_SOLUTION = true;
  const chi2 = dot(r, r, n);
  memory.copy(qtr, r, <usize>n << 3);
  FACTOR_GRAM = gramCholesky(j, qtr, n, m, g, ALGORITHM_GRAM_PIVOT);
  if (!FACTOR_GRAM) householder(j, qtr, n, m);
  // D (QrModel.factorise, ./lm-loop.ts updateScaling): column norms for parameters in their own
  // units, the largest among them for those on a log-type (relative) scale (see src/reference/lm.ts)
  return chi2;
}

/** ‖J_k‖ = ‖R_:k‖ from the upper triangle of the column-major j (`rows` rows). */
// @ts-ignore: decorator
@inline function columnNorm(j: usize, rows: i32, k: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i <= k; i++) s += ld(j, k * rows + i) * ld(j, k * rows + i);
  return Math.sqrt(s);
}

/** Whether R (upper triangle of the column-major j) has any nonzero entry. */
function anyNonzero(j: usize, rows: i32, m: i32): bool {
  for (let k = 0; k < m; k++) for (let i = 0; i <= k; i++) if (ld(j, k * rows + i) != 0) return true;
  return false;
}
