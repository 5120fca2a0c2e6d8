// Element kernels: impedance of one element over all N frequencies, and optionally its
// analytic gradient ∂Z/∂p_k written into the Jacobian columns of its parameters.
//
// Common signature:
//   n        number of frequencies
//   w, lnw   ω (rad/s) and ln ω per frequency (cached per grid: powers are exp(α ln ω))
//   p        address of the element's first parameter
//   zr, zi   output Z (N each)
//   jr, ji   address of the element's first parameter's gradient at point 0, or 0 for no gradient
//   stride   bytes from one point's gradient to the next's: P·8 in eis_jacobian's row-major N×P
//            Jacobian, 8 in the fit's column-major one; from one parameter's to the next's at the same
//            point: GRAD_PARAM_STRIDE (./memory.ts; 8, or a column's bytes)
// Formulas: src/elements/table.ts; derivations beside the TS reference (src/reference/elements.ts).
import { RE, IM, HALF_PI, cdiv, csqrt, cmul, clog1p, sinhMinusZSmall } from './complex';
import { hyperbolic, E_R, E_I, TANH_R, TANH_I, COTH_R, COTH_I, SECH2_R, SECH2_I, CSCH2_R, CSCH2_I } from './hyperbolic';
import { ld, st, GRAD_PARAM_STRIDE } from './memory';
import { vload, vstore, ONE } from './vmath';
import { vexp, expInRange } from './vexp';
import { gradPair, warburgInRange, warburgPair, hyperbolicInRange, hyperbolicParts, HE, HM, HS2, HSC, HC2, HSIN, HCOS } from './vwarburg';
// below this |x| the closed-form derivatives of tanh(x)/x-type functions cancel: series are used (ABI descriptor)
import { ALGORITHM_SERIES_LIMIT } from './generated/abi';

/**
 * Beyond this x (s = x(1 + j), Re s = x) the finite-length Warburg elements are their
 * semi-infinite limit to the last bit: coth s − 1 ≈ tanh s − 1 ≈ 2e^{−2s} and csch² s ≈ sech² s
 * ≈ 4e^{−2s}, with |4e^{−44}| = 3e-19, below half an ulp of the leading terms (|1/s| ≥ 1/(22√2)·…
 * ratio 1e-17). There Z = R(1 − j)/(2x) costs a division instead of a complex expm1 and
 * four complex divisions (most points of a typical spectrum: ωτ > 968).
 */
const ASYMPTOTIC_X: f64 = 22;


// @ts-ignore: decorator
@inline function grad(jr: usize, ji: usize, stride: usize, i: i32, k: i32, re: f64, im: f64): void {
  const o = <usize>i * stride + <usize>k * GRAD_PARAM_STRIDE;
  store<f64>(jr + o, re);
  store<f64>(ji + o, im);
}

export function elemR(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const r = f64x2.splat(load<f64>(p));
  const zero = f64x2.sub(r, r);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    vstore(zr, i, r);
    vstore(zi, i, zero);
  }
  if (i < n) {
    st(zr, i, load<f64>(p));
    st(zi, i, 0);
  }
  if (jr) elemRGradient(n, w, lnw, p, zr, zi, jr, ji, stride);
}

// The gradient-only kernels (elem<Name>Gradient, an element file's `gradientKernel`): ∂Z/∂p at the
// parameters whose Z the element's kernel left in zr/zi, by the same operations on the same values
// as that kernel's gradient. assembly/program.ts calls them when a Jacobian follows a values pass
// at the same parameters (the accepted trial of the fit).

// With stride 8 (the fit's column-major Jacobian) the one-parameter gradients are written two
// points per store.

export function elemRGradient(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  if (stride == 8) {
    const one = f64x2.splat(1), zero = f64x2.splat(0);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      vstore(jr, i, one);
      vstore(ji, i, zero);
    }
    if (i < n) grad(jr, ji, stride, i, 0, 1, 0);
    return;
  }
  for (let i = 0; i < n; i++) grad(jr, ji, stride, i, 0, 1, 0);
}

export function elemC(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const c = load<f64>(p);
  for (let i = 0; i < n; i++) {
    const wc = ld(w, i) * c; // 1/(jωC) = −j/(ωC)
    st(zr, i, 0);
    st(zi, i, -1 / wc);
    if (jr && stride != 8) grad(jr, ji, stride, i, 0, 0, 1 / (wc * c));
  }
  if (jr && stride == 8) elemCGradient(n, w, lnw, p, zr, zi, jr, ji, stride);
}

export function elemCGradient(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const c = load<f64>(p);
  if (stride == 8) {
    // the scalar operations per lane: 0 + j/((ωC)·C)
    const vc = f64x2.splat(c), one = f64x2.splat(1), zero = f64x2.splat(0);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const wc = f64x2.mul(vload(w, i), vc);
      vstore(jr, i, zero);
      vstore(ji, i, f64x2.div(one, f64x2.mul(wc, vc)));
    }
    if (i < n) {
      const wc = ld(w, i) * c;
      grad(jr, ji, stride, i, 0, 0, 1 / (wc * c));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const wc = ld(w, i) * c;
    grad(jr, ji, stride, i, 0, 0, 1 / (wc * c));
  }
}

export function elemL(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const l = load<f64>(p);
  for (let i = 0; i < n; i++) {
    const wi = ld(w, i);
    st(zr, i, 0);
    st(zi, i, wi * l);
    if (jr) grad(jr, ji, stride, i, 0, 0, wi);
  }
}

export function elemLGradient(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  if (stride == 8) {
    memory.fill(jr, 0, <usize>n << 3);
    memory.copy(ji, w, <usize>n << 3);
    return;
  }
  for (let i = 0; i < n; i++) grad(jr, ji, stride, i, 0, 0, ld(w, i));
}

export function elemW(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const a = load<f64>(p);
  for (let i = 0; i < n; i++) {
    const s = 1 / Math.sqrt(ld(w, i)); // A(1 − j)/√ω
    st(zr, i, a * s);
    st(zi, i, -a * s);
    if (jr) grad(jr, ji, stride, i, 0, s, -s);
  }
}

// @ts-ignore: decorator
@inline function cpePoint(i: i32, lnw: usize, q: f64, alpha: f64, c: f64, s: f64, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const l = ld(lnw, i);
  const m = Math.exp(-alpha * l) / q; // 1/(Q (jω)^α) = ω^−α/Q · e^{−jαπ/2}
  const a = m * c, b = -m * s;
  st(zr, i, a);
  st(zi, i, b);
  if (jr) cpeGradPoint(i, a, b, l, q, jr, ji, stride);
}

/** ∂Z/∂Q = −Z/Q and ∂Z/∂α = −Z (ln ω + jπ/2) at point i from Z = a + jb. */
// @ts-ignore: decorator
@inline function cpeGradPoint(i: i32, a: f64, b: f64, l: f64, q: f64, jr: usize, ji: usize, stride: usize): void {
  grad(jr, ji, stride, i, 0, -a / q, -b / q);
  grad(jr, ji, stride, i, 1, -(a * l - b * HALF_PI), -(a * HALF_PI + b * l));
}

/**
 * {@link cpeGradPoint} at points i and i + 1, the same operations per lane; in the column-major
 * Jacobian each column's two points are one store, in the row-major one each point's (∂/∂Q, ∂/∂α).
 */
// @ts-ignore: decorator
@inline function cpeGradPair(i: i32, a: v128, b: v128, l: v128, vq: v128, jr: usize, ji: usize, stride: usize): void {
  const hp = f64x2.splat(HALF_PI);
  const qr = f64x2.div(f64x2.neg(a), vq), qi = f64x2.div(f64x2.neg(b), vq);
  const ar = f64x2.neg(f64x2.sub(f64x2.mul(a, l), f64x2.mul(b, hp)));
  const ai = f64x2.neg(f64x2.add(f64x2.mul(a, hp), f64x2.mul(b, l)));
  const o = <usize>i * stride, ks = GRAD_PARAM_STRIDE;
  if (ks == 8) {
    v128.store(jr + o, v128.shuffle<f64>(qr, ar, 0, 2));
    v128.store(ji + o, v128.shuffle<f64>(qi, ai, 0, 2));
    v128.store(jr + o + stride, v128.shuffle<f64>(qr, ar, 1, 3));
    v128.store(ji + o + stride, v128.shuffle<f64>(qi, ai, 1, 3));
  } else {
    gradPair(jr, ji, stride, i, 0, qr, qi);
    gradPair(jr, ji, stride, i, 1, ar, ai);
  }
}

/** CPE, two points per step: the exp is the vector exp of vexp.ts (the pellet circuit's hot op). */
export function elemCPE(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const q = load<f64>(p), alpha = load<f64>(p, 8);
  const c = Math.cos(alpha * HALF_PI), s = Math.sin(alpha * HALF_PI);
  const vNegAlpha = f64x2.splat(-alpha);
  const vc = f64x2.splat(c / q), vs = f64x2.splat(-s / q), vq = f64x2.splat(q);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x = f64x2.mul(vNegAlpha, vload(lnw, i));
    if (!expInRange(x)) {
      cpePoint(i, lnw, q, alpha, c, s, zr, zi, jr, ji, stride);
      cpePoint(i + 1, lnw, q, alpha, c, s, zr, zi, jr, ji, stride);
      continue;
    }
    const e = vexp(x);
    const a = f64x2.mul(e, vc), b = f64x2.mul(e, vs);
    vstore(zr, i, a);
    vstore(zi, i, b);
    if (jr) cpeGradPair(i, a, b, vload(lnw, i), vq, jr, ji, stride);
  }
  if (i < n) cpePoint(i, lnw, q, alpha, c, s, zr, zi, jr, ji, stride);
}

/**
 * CPE's ∂Z/∂p from its Z: elemCPE's gradient with elemCPE's own choice per pair (the vector
 * path where the exp is in range, the scalar path otherwise), so even a NaN's sign bit is the
 * same as the full pass's (V8's scalar and vector NaN propagation differ).
 */
export function elemCPEGradient(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const q = load<f64>(p), alpha = load<f64>(p, 8);
  const vNegAlpha = f64x2.splat(-alpha), vq = f64x2.splat(q);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    if (!expInRange(f64x2.mul(vNegAlpha, vload(lnw, i)))) {
      cpeGradPoint(i, ld(zr, i), ld(zi, i), ld(lnw, i), q, jr, ji, stride);
      cpeGradPoint(i + 1, ld(zr, i + 1), ld(zi, i + 1), ld(lnw, i + 1), q, jr, ji, stride);
      continue;
    }
    cpeGradPair(i, vload(zr, i), vload(zi, i), vload(lnw, i), vq, jr, ji, stride);
  }
  if (i < n) cpeGradPoint(i, ld(zr, i), ld(zi, i), ld(lnw, i), q, jr, ji, stride);
}

export function elemLa(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const L = load<f64>(p), alpha = load<f64>(p, 8);
  const c = Math.cos(alpha * HALF_PI), s = Math.sin(alpha * HALF_PI);
  const lnL = Math.log(L);
  for (let i = 0; i < n; i++) {
    const lnLw = lnL + ld(lnw, i);
    const m = Math.exp(alpha * lnLw); // (L jω)^α = (Lω)^α e^{jαπ/2}
    const a = m * c, b = m * s;
    st(zr, i, a);
    st(zi, i, b);
    if (jr) laGradPoint(i, a, b, lnLw, L, alpha, jr, ji, stride);
  }
}

/** ∂Z/∂L = αZ/L and ∂Z/∂α = Z (ln Lω + jπ/2) at point i from Z = a + jb. */
// @ts-ignore: decorator
@inline function laGradPoint(i: i32, a: f64, b: f64, lnLw: f64, L: f64, alpha: f64, jr: usize, ji: usize, stride: usize): void {
  grad(jr, ji, stride, i, 0, a * alpha / L, b * alpha / L);
  grad(jr, ji, stride, i, 1, a * lnLw - b * HALF_PI, a * HALF_PI + b * lnLw);
}

export function elemLaGradient(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const L = load<f64>(p), alpha = load<f64>(p, 8);
  const lnL = Math.log(L);
  for (let i = 0; i < n; i++) laGradPoint(i, ld(zr, i), ld(zi, i), lnL + ld(lnw, i), L, alpha, jr, ji, stride);
}

/** Point i of {@link rOverPowU}, scalar: the odd tail and the pairs outside the vector range. */
// @ts-ignore: decorator
@inline function rOverPowUPoint(i: i32, w: usize, r: f64, tau: f64, half: bool, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const e: f64 = half ? 0.5 : 1;
  const wi = ld(w, i);
  if (half) {
    csqrt(1, wi * tau);
    cdiv(1, 0, RE, IM);
  } else {
    cdiv(1, 0, 1, wi * tau);
  }
  const invr = RE, invi = IM;
  const a = r * invr, b = r * invi;
  st(zr, i, a);
  st(zi, i, b);
  if (jr) {
    grad(jr, ji, stride, i, 0, invr, invi);
    cdiv(e * wi * b, -e * wi * a, 1, wi * tau);
    grad(jr, ji, stride, i, 1, RE, IM);
  }
}

/**
 * Z = R·u^−e with u = 1 + jωτ: the Gerischer element G (e = ½) and the RC element K (e = 1).
 * ∂Z/∂R = u^−e, ∂Z/∂τ = −e·Z·jω/u. Two points per step where 0 ≤ y = ωτ ≤ 1e150 in both lanes
 * (1 + y² neither overflows nor loses y): with m = √(1 + y²), √u = t + j·y/(2t), t = √((m + 1)/2),
 * and 1/√u = conj(√u)/m; 1/u = (1 − jy)/(1 + y²); ∂Z/∂τ = eω((b − ay) − j(a + by))/(1 + y²) for Z = a + jb.
 */
function rOverPowU(n: i32, w: usize, p: usize, half: bool, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const r = load<f64>(p), tau = load<f64>(p, 8);
  const vr = f64x2.splat(r), vtau = f64x2.splat(tau);
  const one = v128.load(ONE);
  const lim = f64x2.splat(1e150);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const wv = vload(w, i);
    const y = f64x2.mul(wv, vtau);
    if (!i64x2.all_true(v128.and(f64x2.ge(y, f64x2.sub(one, one)), f64x2.le(y, lim)))) {
      rOverPowUPoint(i, w, r, tau, half, zr, zi, jr, ji, stride);
      rOverPowUPoint(i + 1, w, r, tau, half, zr, zi, jr, ji, stride);
      continue;
    }
    const d = f64x2.add(one, f64x2.mul(y, y)); // |u|²
    let invr: v128, invi: v128;
    if (half) {
      const m = f64x2.sqrt(d);
      const t = f64x2.sqrt(f64x2.mul(f64x2.add(m, one), f64x2.splat(0.5)));
      const im = f64x2.div(y, f64x2.add(t, t));
      invr = f64x2.div(t, m);
      invi = f64x2.neg(f64x2.div(im, m));
    } else {
      invr = f64x2.div(one, d);
      invi = f64x2.neg(f64x2.div(y, d));
    }
    const a = f64x2.mul(vr, invr), b = f64x2.mul(vr, invi);
    vstore(zr, i, a);
    vstore(zi, i, b);
    if (jr) {
      const f = f64x2.div(half ? f64x2.mul(wv, f64x2.splat(0.5)) : wv, d);
      const gr = f64x2.mul(f, f64x2.sub(b, f64x2.mul(a, y)));
      const gi = f64x2.neg(f64x2.mul(f, f64x2.add(a, f64x2.mul(b, y))));
      for (let lane = 0; lane < 2; lane++) {
        grad(jr, ji, stride, i + lane, 0, lane == 0 ? f64x2.extract_lane(invr, 0) : f64x2.extract_lane(invr, 1), lane == 0 ? f64x2.extract_lane(invi, 0) : f64x2.extract_lane(invi, 1));
        grad(jr, ji, stride, i + lane, 1, lane == 0 ? f64x2.extract_lane(gr, 0) : f64x2.extract_lane(gr, 1), lane == 0 ? f64x2.extract_lane(gi, 0) : f64x2.extract_lane(gi, 1));
      }
    }
  }
  if (i < n) rOverPowUPoint(i, w, r, tau, half, zr, zi, jr, ji, stride);
}

export function elemG(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  rOverPowU(n, w, p, true, zr, zi, jr, ji, stride);
}

/** Gs at point i, scalar: the odd tail and the pairs outside the vector range. */
function gsPoint(i: i32, w: usize, r: f64, tau: f64, phi: f64, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const wi = ld(w, i);
  csqrt(1, wi * tau);
  const sr = RE, si = IM;
  const xr = phi * sr, xi = phi * si;
  hyperbolic(xr, xi);
  cmul(sr, si, TANH_R, TANH_I);
  const str = RE, sti = IM; // s·tanh(φs)
  cdiv(1, 0, str, sti);
  const invr = RE, invi = IM;
  st(zr, i, r * invr);
  st(zi, i, r * invi);
  if (jr) {
    grad(jr, ji, stride, i, 0, invr, invi);
    // F' = −(tanh φs + φs·sech² φs)/(s tanh φs)²;  ∂Z/∂τ = R·F'·jω/(2s)
    cmul(xr, xi, SECH2_R, SECH2_I);
    const numr = TANH_R + RE, numi = TANH_I + IM;
    cdiv(-numr, -numi, str * str - sti * sti, 2 * str * sti);
    const fr = RE, fi = IM;
    cdiv(-fi * wi * r, fr * wi * r, 2 * sr, 2 * si);
    grad(jr, ji, stride, i, 1, RE, IM);
    grad(jr, ji, stride, i, 2, -r * CSCH2_R, -r * CSCH2_I);
  }
}

/**
 * Gs = R/(s·tanh φs), s = √(1 + jωτ), two points per step: s = t + j·y/(2t) (y = ωτ,
 * t = √((|u| + 1)/2)), so 0 ≤ Im φs ≤ Re φs and vwarburg.ts's hyperbolicParts applies where
 * 1e-50 ≤ Re φs ≤ 300 and y ≤ 1e150 in both lanes; Z = R·coth(φs)·conj(s)/|u|;
 * ∂Z/∂τ = −Rω·j·(tanh φs + φs·sech² φs)·(Z/R)²/(2s), ∂Z/∂φ = −R·csch² φs.
 */
export function elemGs(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const r = load<f64>(p), tau = load<f64>(p, 8), phi = load<f64>(p, 16);
  const vtau = f64x2.splat(tau), vphi = f64x2.splat(phi), vr = f64x2.splat(r);
  const one = v128.load(ONE);
  const two = f64x2.add(one, one);
  const lim = f64x2.splat(1e150), xMin = f64x2.splat(1e-50);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const wv = vload(w, i);
    const y = f64x2.mul(wv, vtau);
    const yOk = i64x2.all_true(v128.and(f64x2.ge(y, f64x2.sub(one, one)), f64x2.le(y, lim)));
    const mu = f64x2.sqrt(f64x2.add(one, f64x2.mul(y, y))); // |u|
    const sr = f64x2.sqrt(f64x2.div(f64x2.add(mu, one), two));
    const si = f64x2.div(y, f64x2.add(sr, sr));
    const xr = f64x2.mul(vphi, sr), xi = f64x2.mul(vphi, si);
    if (!yOk || !hyperbolicInRange(xr, xi) || !i64x2.all_true(f64x2.ge(xr, xMin))) {
      gsPoint(i, w, r, tau, phi, zr, zi, jr, ji, stride);
      gsPoint(i + 1, w, r, tau, phi, zr, zi, jr, ji, stride);
      continue;
    }
    hyperbolicParts(xr, xi);
    const e = HE, m = HM, s2 = HS2, sc = HSC, c2 = HC2;
    const e4 = f64x2.mul(f64x2.add(e, e), two);
    const m2 = f64x2.mul(m, m);
    const A = f64x2.neg(f64x2.mul(m, f64x2.add(two, m)));
    const B = f64x2.mul(e4, sc);
    // coth(φs)/s = (A − jB)(sr − j si)/(Dc·|u|)
    const inv = f64x2.div(one, f64x2.mul(f64x2.add(m2, f64x2.mul(e4, s2)), mu));
    const hr = f64x2.mul(f64x2.sub(f64x2.mul(A, sr), f64x2.mul(B, si)), inv);
    const hi = f64x2.neg(f64x2.mul(f64x2.add(f64x2.mul(A, si), f64x2.mul(B, sr)), inv));
    vstore(zr, i, f64x2.mul(vr, hr));
    vstore(zi, i, f64x2.mul(vr, hi));
    if (jr) {
      const e21 = f64x2.add(one, f64x2.mul(e, e));
      const e21x2 = f64x2.add(e21, e21);
      const qi = f64x2.mul(f64x2.add(A, A), sc);
      const qi2 = f64x2.mul(qi, qi);
      // csch² = 4e/(m² − 2(1 + e²)S² + j·qi)
      const cq = f64x2.sub(m2, f64x2.mul(e21x2, s2));
      const cf = f64x2.div(e4, f64x2.add(f64x2.mul(cq, cq), qi2));
      const cr = f64x2.mul(cf, cq), ci = f64x2.neg(f64x2.mul(cf, qi));
      // sech² = 4e/((1 + e)² − 2(1 + e²)S² + j·qi)
      const ope = f64x2.add(one, e);
      const pq = f64x2.sub(f64x2.mul(ope, ope), f64x2.mul(e21x2, s2));
      const pf = f64x2.div(e4, f64x2.add(f64x2.mul(pq, pq), qi2));
      const pr = f64x2.mul(pf, pq), pi = f64x2.neg(f64x2.mul(pf, qi));
      // tanh = (A + jB)/(m² + 4eC²)
      const tinv = f64x2.div(one, f64x2.add(m2, f64x2.mul(e4, c2)));
      const tr = f64x2.mul(A, tinv), ti = f64x2.mul(B, tinv);
      // T1 = tanh + x·sech²
      const t1r = f64x2.add(tr, f64x2.sub(f64x2.mul(xr, pr), f64x2.mul(xi, pi)));
      const t1i = f64x2.add(ti, f64x2.add(f64x2.mul(xr, pi), f64x2.mul(xi, pr)));
      // T2 = h² (h = coth(φs)/s)
      const t2r = f64x2.sub(f64x2.mul(hr, hr), f64x2.mul(hi, hi));
      const t2i = f64x2.mul(f64x2.add(hr, hr), hi);
      // T3 = T1·T2
      const t3r = f64x2.sub(f64x2.mul(t1r, t2r), f64x2.mul(t1i, t2i));
      const t3i = f64x2.add(f64x2.mul(t1r, t2i), f64x2.mul(t1i, t2r));
      // j·T3·conj(s) = j(t3r sr + t3i si + j(t3i sr − t3r si)) = −(t3i sr − t3r si) + j(t3r sr + t3i si)
      const t4r = f64x2.sub(f64x2.mul(t3r, si), f64x2.mul(t3i, sr));
      const t4i = f64x2.add(f64x2.mul(t3r, sr), f64x2.mul(t3i, si));
      const k = f64x2.div(f64x2.neg(f64x2.mul(vr, wv)), f64x2.add(mu, mu)); // −Rω/(2|u|)
      const gr = f64x2.mul(k, t4r), gi = f64x2.mul(k, t4i);
      const nr = f64x2.neg(vr);
      const dr = f64x2.mul(nr, cr), di = f64x2.mul(nr, ci);
      for (let lane = 0; lane < 2; lane++) {
        const L = lane == 0;
        grad(jr, ji, stride, i + lane, 0, L ? f64x2.extract_lane(hr, 0) : f64x2.extract_lane(hr, 1), L ? f64x2.extract_lane(hi, 0) : f64x2.extract_lane(hi, 1));
        grad(jr, ji, stride, i + lane, 1, L ? f64x2.extract_lane(gr, 0) : f64x2.extract_lane(gr, 1), L ? f64x2.extract_lane(gi, 0) : f64x2.extract_lane(gi, 1));
        grad(jr, ji, stride, i + lane, 2, L ? f64x2.extract_lane(dr, 0) : f64x2.extract_lane(dr, 1), L ? f64x2.extract_lane(di, 0) : f64x2.extract_lane(di, 1));
      }
    }
  }
  if (i < n) gsPoint(i, w, r, tau, phi, zr, zi, jr, ji, stride);
}

export function elemK(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  rOverPowU(n, w, p, false, zr, zi, jr, ji, stride);
}

/** Z = R/(1 + u)^β, u = (jωτ)^α; ZARC is β = 1 (then the β column is not written). */
function havriliakNegami(n: i32, w: usize, lnw: usize, r: f64, tau: f64, alpha: f64, beta: f64, withBeta: bool,
  zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const c = Math.cos(alpha * HALF_PI), s = Math.sin(alpha * HALF_PI);
  const lnTau = Math.log(tau);
  for (let i = 0; i < n; i++) {
    const lnWt = ld(lnw, i) + lnTau;
    const m = Math.exp(alpha * lnWt);
    const ur = m * c, ui = m * s;
    clog1p(ur, ui);
    const lr = RE, li = IM;
    const em = Math.exp(-beta * lr), ang = -beta * li;
    const unitr = em * Math.cos(ang), uniti = em * Math.sin(ang); // (1+u)^−β
    const a = r * unitr, b = r * uniti;
    st(zr, i, a);
    st(zi, i, b);
    if (jr) {
      grad(jr, ji, stride, i, 0, unitr, uniti);
      // ∂Z/∂u = −βZ/(1+u);  ∂u/∂τ = αu/τ;  ∂u/∂α = u (ln ωτ + jπ/2)
      cdiv(-beta * a, -beta * b, 1 + ur, ui);
      cmul(RE, IM, ur, ui);
      const gr = RE, gi = IM;
      grad(jr, ji, stride, i, 1, gr * alpha / tau, gi * alpha / tau);
      cmul(gr, gi, lnWt, HALF_PI);
      grad(jr, ji, stride, i, 2, RE, IM);
      if (withBeta) {
        cmul(a, b, lr, li);
        grad(jr, ji, stride, i, 3, -RE, -IM);
      }
    }
  }
}

export function elemZarc(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  havriliakNegami(n, w, lnw, load<f64>(p), load<f64>(p, 8), load<f64>(p, 16), 1, false, zr, zi, jr, ji, stride);
}

export function elemH(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  havriliakNegami(n, w, lnw, load<f64>(p), load<f64>(p, 8), load<f64>(p, 16), load<f64>(p, 24), true, zr, zi, jr, ji, stride);
}

/**
 * Wo and Ws beyond ASYMPTOTIC_X: coth s/s = tanh s/s = 1/s = (1 − j)/(2x), and ∂Z/∂τ =
 * −R(csch² s + 1/s)/(2τ) = R(sech² s − 1/s)/(2τ) = −R/(2τ·s) as csch² s = sech² s = 0 there.
 */
function semiInfiniteWarburg(i: i32, x: f64, r: f64, tau: f64, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const h = 0.5 / x;
  st(zr, i, r * h);
  st(zi, i, -r * h);
  if (jr) {
    grad(jr, ji, stride, i, 0, h, -h);
    const f = -r / (2 * tau);
    grad(jr, ji, stride, i, 1, f * h, -f * h);
  }
}

/**
 * {@link semiInfiniteWarburg} at points i and i + 1 (both x > ASYMPTOTIC_X), the same operations
 * per lane: the high-frequency points of a spectrum, most of them in a typical one.
 */
// @ts-ignore: decorator
@inline function semiInfinitePair(x: v128, r: f64, tau: f64, i: i32, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const h = f64x2.div(f64x2.splat(0.5), x);
  const nh = f64x2.neg(h);
  vstore(zr, i, f64x2.mul(f64x2.splat(r), h));
  vstore(zi, i, f64x2.mul(f64x2.splat(-r), h));
  if (jr) {
    gradPair(jr, ji, stride, i, 0, h, nh);
    const f = -r / (2 * tau);
    gradPair(jr, ji, stride, i, 1, f64x2.mul(f64x2.splat(f), h), f64x2.mul(f64x2.splat(-f), h));
  }
}

/** Wo at point i, scalar: the vector loop's tail and the points outside its range. */
function woPoint(i: i32, w: usize, r: f64, tau: f64, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const x = Math.sqrt(0.5 * ld(w, i) * tau); // √(jωτ) = √(ωτ/2)(1 + j)
  if (x > ASYMPTOTIC_X) {
    semiInfiniteWarburg(i, x, r, tau, zr, zi, jr, ji, stride);
    return;
  }
  hyperbolic(x, x);
  cdiv(COTH_R, COTH_I, x, x);
  const hr = RE, hi = IM; // coth x / x
  st(zr, i, r * hr);
  st(zi, i, r * hi);
  if (jr) {
    grad(jr, ji, stride, i, 0, hr, hi);
    const f = -r / (2 * tau); // −R(csch² x + coth x/x)/(2τ)
    grad(jr, ji, stride, i, 1, f * (CSCH2_R + hr), f * (CSCH2_I + hi));
  }
}

/** Ws at point i, scalar (as {@link woPoint}). */
function wsPoint(i: i32, w: usize, r: f64, tau: f64, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const x = Math.sqrt(0.5 * ld(w, i) * tau);
  if (x > ASYMPTOTIC_X) {
    semiInfiniteWarburg(i, x, r, tau, zr, zi, jr, ji, stride);
    return;
  }
  hyperbolic(x, x);
  cdiv(TANH_R, TANH_I, x, x);
  const gr = RE, gi = IM; // tanh x / x
  st(zr, i, r * gr);
  st(zi, i, r * gi);
  if (jr) {
    grad(jr, ji, stride, i, 0, gr, gi);
    // (sech² x − tanh x/x)/(2τ); for small |x|: −(sinh 2x − 2x)·sech² x/(2x)
    let br: f64, bi: f64;
    if (x * Math.SQRT2 < ALGORITHM_SERIES_LIMIT) {
      sinhMinusZSmall(2 * x, 2 * x);
      cmul(RE, IM, SECH2_R, SECH2_I);
      cdiv(RE, IM, 2 * x, 2 * x);
      br = -RE;
      bi = -IM;
    } else {
      br = SECH2_R - gr;
      bi = SECH2_I - gi;
    }
    const f = r / (2 * tau);
    grad(jr, ji, stride, i, 1, f * br, f * bi);
  }
}

/**
 * Wo and Ws, two points per step (vwarburg.ts) where both have x = √(ωτ/2) in [1e-50, 22];
 * the other points and an odd tail scalar.
 */
// @ts-ignore: decorator
@inline function warburg(tanh: bool, n: i32, w: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const r = load<f64>(p), tau = load<f64>(p, 8);
  const halfTau = f64x2.splat(0.5 * tau);
  const seriesX = f64x2.splat(ALGORITHM_SERIES_LIMIT / Math.SQRT2);
  const asymptoticX = f64x2.splat(ASYMPTOTIC_X);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x = f64x2.sqrt(f64x2.mul(vload(w, i), halfTau)); // same rounding as the scalar 0.5·ω·τ
    if (warburgInRange(x)) {
      warburgPair(tanh, x, seriesX, r, tau, i, zr, zi, jr, ji, stride);
    } else if (i64x2.all_true(f64x2.gt(x, asymptoticX))) {
      semiInfinitePair(x, r, tau, i, zr, zi, jr, ji, stride);
    } else if (tanh) {
      wsPoint(i, w, r, tau, zr, zi, jr, ji, stride);
      wsPoint(i + 1, w, r, tau, zr, zi, jr, ji, stride);
    } else {
      woPoint(i, w, r, tau, zr, zi, jr, ji, stride);
      woPoint(i + 1, w, r, tau, zr, zi, jr, ji, stride);
    }
  }
  if (i < n) {
    if (tanh) wsPoint(i, w, r, tau, zr, zi, jr, ji, stride);
    else woPoint(i, w, r, tau, zr, zi, jr, ji, stride);
  }
}

export function elemWo(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  warburg(false, n, w, p, zr, zi, jr, ji, stride);
}

export function elemWs(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  warburg(true, n, w, p, zr, zi, jr, ji, stride);
}

/** TLMQ at point i, scalar: the odd tail and the pairs outside the vector range. */
function tlmqPoint(i: i32, lnw: usize, rion: f64, qs: f64, c: f64, s: f64, lnRQ: f64, gamma: f64,
  zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const l = ld(lnw, i);
  // Z = Rion·coth(b)/b with b² = Rion·Qs·(jω)^γ
  const mb = Math.exp(0.5 * (lnRQ + gamma * l));
  const br = mb * c, bi = mb * s;
  hyperbolic(br, bi);
  cdiv(COTH_R, COTH_I, br, bi);
  const hr = RE, hi = IM;
  st(zr, i, rion * hr);
  st(zi, i, rion * hi);
  if (jr) {
    // ∂Z/∂Rion = (coth b/b − csch² b)/2 = (sinh 2b − 2b)·csch² b/(4b)
    if (mb < ALGORITHM_SERIES_LIMIT) {
      sinhMinusZSmall(2 * br, 2 * bi);
      cmul(RE, IM, CSCH2_R, CSCH2_I);
      cdiv(RE, IM, 4 * br, 4 * bi);
      grad(jr, ji, stride, i, 0, RE, IM);
    } else {
      grad(jr, ji, stride, i, 0, 0.5 * (hr - CSCH2_R), 0.5 * (hi - CSCH2_I));
    }
    const yr = -0.5 * (CSCH2_R + hr), yi = -0.5 * (CSCH2_I + hi); // y·H'(y)
    grad(jr, ji, stride, i, 1, yr * rion / qs, yi * rion / qs);
    cmul(yr, yi, l, HALF_PI);
    grad(jr, ji, stride, i, 2, RE * rion, IM * rion);
  }
}

/**
 * TLMQ, two points per step where both have b (below) within hyperbolicInRange, |b| ≥ 1e-60
 * and, with a Jacobian, |b| ≥ the series limit (vwarburg.ts: coth b/b and csch² b in real
 * arithmetic); the other points and an odd tail scalar.
 */
export function elemTLMQ(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const rion = load<f64>(p), qs = load<f64>(p, 8), gamma = load<f64>(p, 16);
  const c = Math.cos(gamma * HALF_PI / 2), s = Math.sin(gamma * HALF_PI / 2);
  const lnRQ = Math.log(rion) + Math.log(qs);
  const vLnRQ = f64x2.splat(lnRQ), vGamma = f64x2.splat(gamma), vHalf = f64x2.splat(0.5);
  const vc = f64x2.splat(c), vs = f64x2.splat(s);
  const vMin = f64x2.splat(jr ? ALGORITHM_SERIES_LIMIT : 1e-60);
  const one = v128.load(ONE);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const l = vload(lnw, i);
    const arg = f64x2.mul(vHalf, f64x2.add(vLnRQ, f64x2.mul(vGamma, l))); // ln |b| as the scalar's
    if (!expInRange(arg)) {
      tlmqPoint(i, lnw, rion, qs, c, s, lnRQ, gamma, zr, zi, jr, ji, stride);
      tlmqPoint(i + 1, lnw, rion, qs, c, s, lnRQ, gamma, zr, zi, jr, ji, stride);
      continue;
    }
    const mb = vexp(arg);
    const br = f64x2.mul(mb, vc), bi = f64x2.mul(mb, vs);
    if (!hyperbolicInRange(br, bi) || !i64x2.all_true(f64x2.ge(mb, vMin))) {
      tlmqPoint(i, lnw, rion, qs, c, s, lnRQ, gamma, zr, zi, jr, ji, stride);
      tlmqPoint(i + 1, lnw, rion, qs, c, s, lnRQ, gamma, zr, zi, jr, ji, stride);
      continue;
    }
    hyperbolicParts(br, bi);
    const e = HE, m = HM, s2 = HS2, sc = HSC;
    const e4 = f64x2.mul(f64x2.add(e, e), f64x2.add(one, one));
    const m2 = f64x2.mul(m, m);
    const A = f64x2.neg(f64x2.mul(m, f64x2.add(f64x2.add(one, one), m)));
    const B = f64x2.mul(e4, sc);
    // coth b/b = (A − jB)(br − j bi)/((m² + 4eS²)|b|²)
    const inv = f64x2.div(one, f64x2.mul(f64x2.add(m2, f64x2.mul(e4, s2)), f64x2.add(f64x2.mul(br, br), f64x2.mul(bi, bi))));
    const hr = f64x2.mul(f64x2.sub(f64x2.mul(A, br), f64x2.mul(B, bi)), inv);
    const hi = f64x2.neg(f64x2.mul(f64x2.add(f64x2.mul(A, bi), f64x2.mul(B, br)), inv));
    const vr = f64x2.splat(rion);
    vstore(zr, i, f64x2.mul(vr, hr));
    vstore(zi, i, f64x2.mul(vr, hi));
    if (jr) {
      // csch² b = 4e/(m² − 2(1 + e²)S² + 2jA·SC)
      const e21 = f64x2.add(one, f64x2.mul(e, e));
      const qr = f64x2.sub(m2, f64x2.mul(f64x2.add(e21, e21), s2));
      const qi = f64x2.mul(f64x2.add(A, A), sc);
      const f = f64x2.div(e4, f64x2.add(f64x2.mul(qr, qr), f64x2.mul(qi, qi)));
      const cr = f64x2.mul(f, qr), ci = f64x2.neg(f64x2.mul(f, qi));
      for (let lane = 0; lane < 2; lane++) {
        const hrl = lane == 0 ? f64x2.extract_lane(hr, 0) : f64x2.extract_lane(hr, 1);
        const hil = lane == 0 ? f64x2.extract_lane(hi, 0) : f64x2.extract_lane(hi, 1);
        const crl = lane == 0 ? f64x2.extract_lane(cr, 0) : f64x2.extract_lane(cr, 1);
        const cil = lane == 0 ? f64x2.extract_lane(ci, 0) : f64x2.extract_lane(ci, 1);
        const ll = ld(lnw, i + lane);
        grad(jr, ji, stride, i + lane, 0, 0.5 * (hrl - crl), 0.5 * (hil - cil));
        const yr = -0.5 * (crl + hrl), yi = -0.5 * (cil + hil); // y·H'(y)
        grad(jr, ji, stride, i + lane, 1, yr * rion / qs, yi * rion / qs);
        grad(jr, ji, stride, i + lane, 2, (yr * ll - yi * HALF_PI) * rion, (yr * HALF_PI + yi * ll) * rion);
      }
    }
  }
  if (i < n) tlmqPoint(i, lnw, rion, qs, c, s, lnRQ, gamma, zr, zi, jr, ji, stride);
}

/** T at point i, scalar: the odd tail and the pairs outside the vector range. */
function tPoint(i: i32, w: usize, A: f64, B: f64, a: f64, b: f64, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const wi = ld(w, i);
  csqrt(a, wi * b);
  const br = RE, bi = IM; // β = √(a + jωb)
  hyperbolic(br, bi);
  // csch β = 2e^{−β}/(−e)
  const eb = 2 * Math.exp(-br);
  cdiv(eb * Math.cos(-bi), eb * Math.sin(-bi), -E_R, -E_I);
  cdiv(RE, IM, br, bi);
  const kr = RE, ki = IM; // csch β/β
  cdiv(COTH_R, COTH_I, br, bi);
  const hr = RE, hi = IM; // coth β/β
  st(zr, i, A * hr + B * kr);
  st(zi, i, A * hi + B * ki);
  if (jr) {
    grad(jr, ji, stride, i, 0, hr, hi);
    grad(jr, ji, stride, i, 1, kr, ki);
    // h' = −(csch² β + h)/β, k' = −k (coth β + 1/β), ∂β/∂a = 1/(2β), ∂β/∂b = jω/(2β)
    cdiv(-(CSCH2_R + hr), -(CSCH2_I + hi), br, bi);
    const dhr = RE, dhi = IM;
    cdiv(1, 0, br, bi);
    cmul(kr, ki, COTH_R + RE, COTH_I + IM);
    const dkr = -RE, dki = -IM;
    cdiv(A * dhr + B * dkr, A * dhi + B * dki, 2 * br, 2 * bi);
    const gr = RE, gi = IM;
    grad(jr, ji, stride, i, 2, gr, gi);
    grad(jr, ji, stride, i, 3, -gi * wi, gr * wi);
  }
}

/**
 * T = A·coth β/β + B·csch β/β, β = √(a + jωb), two points per step: with a > 0,
 * β = t + j·y/(2t) (y = ωb, t = √((|a + jy| + a)/2)), and Im β/Re β = y/(|a + jy| + a) < 1, so
 * hyperbolicParts applies where 1e-50 ≤ Re β ≤ 300, a ≤ 1e150 and y ≤ 1e150 in both lanes;
 * csch β = 2e^{−β}/(−expm1(−2β)) with e^{−β} = √e·(cos − j sin)(Im β) and
 * expm1(−2β) = (m − 2e·sin²) − 2je·sin·cos (no cancellation: both real terms ≤ 0).
 */
export function elemT(n: i32, w: usize, lnw: usize, p: usize, zr: usize, zi: usize, jr: usize, ji: usize, stride: usize): void {
  const A = load<f64>(p), B = load<f64>(p, 8), a = load<f64>(p, 16), b = load<f64>(p, 24);
  const va = f64x2.splat(a), vb = f64x2.splat(b), vA = f64x2.splat(A), vB = f64x2.splat(B);
  const one = v128.load(ONE);
  const two = f64x2.add(one, one);
  const lim = f64x2.splat(1e150), xMin = f64x2.splat(1e-50);
  const aOk = a > 0 && a <= 1e150;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const wv = vload(w, i);
    const y = f64x2.mul(wv, vb);
    const yOk = i64x2.all_true(v128.and(f64x2.ge(y, f64x2.sub(one, one)), f64x2.le(y, lim)));
    const mu = f64x2.sqrt(f64x2.add(f64x2.mul(va, va), f64x2.mul(y, y))); // |a + jy|
    const br = f64x2.sqrt(f64x2.div(f64x2.add(mu, va), two));
    const bi = f64x2.div(y, f64x2.add(br, br));
    if (!aOk || !yOk || !hyperbolicInRange(br, bi) || !i64x2.all_true(f64x2.ge(br, xMin))) {
      tPoint(i, w, A, B, a, b, zr, zi, jr, ji, stride);
      tPoint(i + 1, w, A, B, a, b, zr, zi, jr, ji, stride);
      continue;
    }
    hyperbolicParts(br, bi);
    const e = HE, m = HM, s2 = HS2, sc = HSC, sn = HSIN, cs = HCOS;
    const e2 = f64x2.add(e, e);
    const e4 = f64x2.add(e2, e2);
    const m2 = f64x2.mul(m, m);
    const Ap = f64x2.neg(f64x2.mul(m, f64x2.add(two, m)));
    const Bp = f64x2.mul(e4, sc);
    // 1/β = conj(β)/|β|², |β|² = mu
    const ir = f64x2.div(br, mu), ii = f64x2.neg(f64x2.div(bi, mu));
    // coth β = (A' − jB')/(m² + 4eS²)
    const dc = f64x2.div(one, f64x2.add(m2, f64x2.mul(e4, s2)));
    const cr = f64x2.mul(Ap, dc), ci = f64x2.neg(f64x2.mul(Bp, dc));
    const hr = f64x2.sub(f64x2.mul(cr, ir), f64x2.mul(ci, ii)); // h = coth β/β
    const hi = f64x2.add(f64x2.mul(cr, ii), f64x2.mul(ci, ir));
    // csch β = 2√e(cos − j sin)/(−E), E = (m − 2e·S²) − 2je·SC
    const er = f64x2.neg(f64x2.sub(m, f64x2.mul(e2, s2))); // −E
    const ei = f64x2.mul(e2, sc);
    const re2 = f64x2.mul(two, f64x2.sqrt(e));
    const nr = f64x2.mul(re2, cs), ni = f64x2.neg(f64x2.mul(re2, sn));
    const dn = f64x2.div(one, f64x2.add(f64x2.mul(er, er), f64x2.mul(ei, ei)));
    const qr = f64x2.mul(f64x2.add(f64x2.mul(nr, er), f64x2.mul(ni, ei)), dn); // csch β
    const qi = f64x2.mul(f64x2.sub(f64x2.mul(ni, er), f64x2.mul(nr, ei)), dn);
    const kr = f64x2.sub(f64x2.mul(qr, ir), f64x2.mul(qi, ii)); // k = csch β/β
    const ki = f64x2.add(f64x2.mul(qr, ii), f64x2.mul(qi, ir));
    vstore(zr, i, f64x2.add(f64x2.mul(vA, hr), f64x2.mul(vB, kr)));
    vstore(zi, i, f64x2.add(f64x2.mul(vA, hi), f64x2.mul(vB, ki)));
    if (jr) {
      gradPair(jr, ji, stride, i, 0, hr, hi);
      gradPair(jr, ji, stride, i, 1, kr, ki);
      // csch² β = 4e/(m² − 2(1 + e²)S² + 2jA'·SC)
      const e21 = f64x2.add(one, f64x2.mul(e, e));
      const xq = f64x2.sub(m2, f64x2.mul(f64x2.add(e21, e21), s2));
      const xi = f64x2.mul(f64x2.add(Ap, Ap), sc);
      const xf = f64x2.div(e4, f64x2.add(f64x2.mul(xq, xq), f64x2.mul(xi, xi)));
      const c2r = f64x2.mul(xf, xq), c2i = f64x2.neg(f64x2.mul(xf, xi));
      // h' = −(csch² + h)/β
      const ur = f64x2.add(c2r, hr), ui = f64x2.add(c2i, hi);
      const dhr = f64x2.neg(f64x2.sub(f64x2.mul(ur, ir), f64x2.mul(ui, ii)));
      const dhi = f64x2.neg(f64x2.add(f64x2.mul(ur, ii), f64x2.mul(ui, ir)));
      // k' = −k(coth β + 1/β)
      const vr = f64x2.add(cr, ir), vi = f64x2.add(ci, ii);
      const dkr = f64x2.neg(f64x2.sub(f64x2.mul(kr, vr), f64x2.mul(ki, vi)));
      const dki = f64x2.neg(f64x2.add(f64x2.mul(kr, vi), f64x2.mul(ki, vr)));
      // g = (A h' + B k')/(2β) = (A h' + B k')·conj(β)/(2|β|²)
      const sr = f64x2.add(f64x2.mul(vA, dhr), f64x2.mul(vB, dkr));
      const si = f64x2.add(f64x2.mul(vA, dhi), f64x2.mul(vB, dki));
      const hInv = f64x2.div(one, f64x2.add(mu, mu));
      const gr = f64x2.mul(f64x2.add(f64x2.mul(sr, br), f64x2.mul(si, bi)), hInv);
      const gi = f64x2.mul(f64x2.sub(f64x2.mul(si, br), f64x2.mul(sr, bi)), hInv);
      gradPair(jr, ji, stride, i, 2, gr, gi);
      gradPair(jr, ji, stride, i, 3, f64x2.neg(f64x2.mul(gi, wv)), f64x2.mul(gr, wv));
    }
  }
  if (i < n) tPoint(i, w, A, B, a, b, zr, zi, jr, ji, stride);
}
