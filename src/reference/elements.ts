/**
 * Readable TypeScript impedance of every element and its analytic gradient, at one
 * frequency: the oracle the WASM kernels are tested against, and the no-WASM fallback.
 * Written from the formulas in the element table (not from the AssemblyScript code).
 *
 * Every function takes ω (rad/s), ln ω (cached per frequency grid so that powers are
 * exp(α·ln ω), never pow), the parameter vector and the element's offset in it, and returns
 * Z and ∂Z/∂p_k for the element's parameters in table order.
 */
import { Cx, hyperbolic, sinhMinusZSmall } from './complex.ts';

export interface ElementValue {
  readonly z: Cx;
  readonly grad: readonly Cx[];
}

type ElementFn = (w: number, lnw: number, p: ArrayLike<number>, o: number) => ElementValue;

const HALF_PI = Math.PI / 2;
/** Below this |x| the closed-form derivatives of tanh(x)/x-type functions cancel; use series. */
const SERIES_LIMIT = 0.5;

/** (jω)^α·m as a polar number: e^{α ln ω + ln m}·e^{jαπ/2}. */
function jwPow(alpha: number, lnw: number, lnScale = 0): Cx {
  return Cx.polar(Math.exp(alpha * lnw + lnScale), alpha * HALF_PI);
}

const R: ElementFn = (_w, _lnw, p, o) => ({ z: new Cx(p[o], 0), grad: [Cx.ONE] });

const C: ElementFn = (w, _lnw, p, o) => {
  const c = p[o];
  // 1/(jωC) = −j/(ωC);  ∂/∂C = j/(ωC²)
  return { z: new Cx(0, -1 / (w * c)), grad: [new Cx(0, 1 / (w * c * c))] };
};

const L: ElementFn = (w, _lnw, p, o) => ({ z: new Cx(0, w * p[o]), grad: [new Cx(0, w)] });

const W: ElementFn = (w, _lnw, p, o) => {
  const s = 1 / Math.sqrt(w); // A(1 − j)/√ω
  return { z: new Cx(p[o] * s, -p[o] * s), grad: [new Cx(s, -s)] };
};

const CPE: ElementFn = (_w, lnw, p, o) => {
  const q = p[o], alpha = p[o + 1];
  // 1/(Q (jω)^α) = ω^{−α}/Q · e^{−jαπ/2}
  const z = Cx.polar(Math.exp(-alpha * lnw) / q, -alpha * HALF_PI);
  return { z, grad: [z.div(-q), z.mul(new Cx(-lnw, -HALF_PI))] };
};

const La: ElementFn = (_w, lnw, p, o) => {
  const l = p[o], alpha = p[o + 1];
  // impedance.py computes (L·jω)^α = (Lω)^α e^{jαπ/2}
  const lnLw = Math.log(l) + lnw;
  const z = Cx.polar(Math.exp(alpha * lnLw), alpha * HALF_PI);
  return { z, grad: [z.mul(alpha / l), z.mul(new Cx(lnLw, HALF_PI))] };
};

const G: ElementFn = (w, _lnw, p, o) => {
  const r = p[o], tau = p[o + 1];
  const u = new Cx(1, w * tau);
  const s = u.sqrt();
  const z = s.inv().mul(r);
  // ∂Z/∂τ = −Z·jω/(2u)
  return { z, grad: [s.inv(), z.mul(new Cx(0, -w)).div(u.mul(2))] };
};

const Gs: ElementFn = (w, _lnw, p, o) => {
  const r = p[o], tau = p[o + 1], phi = p[o + 2];
  const u = new Cx(1, w * tau);
  const s = u.sqrt();
  const x = s.mul(phi);
  const h = hyperbolic(x);
  const st = s.mul(h.tanh);
  const z = st.inv().mul(r);
  // Z = R·F(s), F = 1/(s tanh φs), F' = −(tanh φs + φs sech² φs)/(s tanh φs)², ds/dτ = jω/(2s)
  const dF = h.tanh.add(x.mul(h.sech2)).div(st.sq()).neg();
  const dTau = dF.mul(new Cx(0, w)).div(s.mul(2)).mul(r);
  return { z, grad: [st.inv(), dTau, h.csch2.mul(-r)] };
};

const K: ElementFn = (w, _lnw, p, o) => {
  const r = p[o], tau = p[o + 1];
  const d = new Cx(1, w * tau);
  const z = d.inv().mul(r);
  return { z, grad: [d.inv(), z.mul(new Cx(0, -w)).div(d)] };
};

/** Z = R/(1 + u)^β with u = (jωτ)^α; K-like elements share it (Zarc is β = 1). */
function havriliakNegami(w: number, lnw: number, r: number, tau: number, alpha: number, beta: number) {
  const lnWt = lnw + Math.log(tau);
  const u = Cx.polar(Math.exp(alpha * lnWt), alpha * HALF_PI);
  const onePlusU = u.add(1);
  const log1pU = u.log1p();
  const unit = log1pU.mul(-beta).exp(); // (1+u)^−β
  const z = unit.mul(r);
  // ∂Z/∂u = −β Z/(1+u);  ∂u/∂τ = α u/τ;  ∂u/∂α = u (ln ωτ + jπ/2)
  const dZdu = z.mul(-beta).div(onePlusU);
  return {
    z, unit, log1pU,
    dTau: dZdu.mul(u).mul(alpha / tau),
    dAlpha: dZdu.mul(u).mul(new Cx(lnWt, HALF_PI)),
  };
}

const Zarc: ElementFn = (w, lnw, p, o) => {
  const hn = havriliakNegami(w, lnw, p[o], p[o + 1], p[o + 2], 1);
  return { z: hn.z, grad: [hn.unit, hn.dTau, hn.dAlpha] };
};

const H: ElementFn = (w, lnw, p, o) => {
  const hn = havriliakNegami(w, lnw, p[o], p[o + 1], p[o + 2], p[o + 3]);
  return { z: hn.z, grad: [hn.unit, hn.dTau, hn.dAlpha, hn.z.mul(hn.log1pU).neg()] };
};

/** √(jωτ) = √(ωτ/2)·(1 + j) */
function sqrtJwTau(w: number, tau: number): Cx {
  const r = Math.sqrt(0.5 * w * tau);
  return new Cx(r, r);
}

const Wo: ElementFn = (w, _lnw, p, o) => {
  const r = p[o], tau = p[o + 1];
  const x = sqrtJwTau(w, tau);
  const hy = hyperbolic(x);
  const h = hy.coth.div(x); // coth x / x
  // d/dτ [coth x/x] = −(csch² x + coth x/x)/(2τ)   (dx/dτ = x/(2τ); no cancellation)
  return { z: h.mul(r), grad: [h, hy.csch2.add(h).mul(-r / (2 * tau))] };
};

const Ws: ElementFn = (w, _lnw, p, o) => {
  const r = p[o], tau = p[o + 1];
  const x = sqrtJwTau(w, tau);
  const hy = hyperbolic(x);
  const g = hy.tanh.div(x); // tanh x / x
  // d/dτ [tanh x/x] = (sech² x − tanh x/x)/(2τ); for small |x| the bracket cancels, so use
  // sech² x − tanh x/x = −(sinh 2x − 2x)·sech² x/(2x)
  const bracket = x.abs() < SERIES_LIMIT
    ? sinhMinusZSmall(x.mul(2)).mul(hy.sech2).div(x.mul(2)).neg()
    : hy.sech2.sub(g);
  return { z: g.mul(r), grad: [g, bracket.mul(r / (2 * tau))] };
};

const TLMQ: ElementFn = (_w, lnw, p, o) => {
  const rion = p[o], qs = p[o + 1], gamma = p[o + 2];
  // Z = √(Rion Zs)·coth √(Rion/Zs) = Rion·coth(b)/b with b² = y = Rion·Qs·(jω)^γ
  const lnY = Math.log(rion) + Math.log(qs) + gamma * lnw;
  const b = Cx.polar(Math.exp(0.5 * lnY), gamma * HALF_PI / 2);
  const hy = hyperbolic(b);
  const h = hy.coth.div(b);
  // y·dH/dy = −(csch² b + coth b/b)/2
  const yHy = hy.csch2.add(h).mul(-0.5);
  // ∂Z/∂Rion = H + y H'(y) = (coth b/b − csch² b)/2 = (sinh 2b − 2b)·csch² b/(4b)
  const dRion = b.abs() < SERIES_LIMIT
    ? sinhMinusZSmall(b.mul(2)).mul(hy.csch2).div(b.mul(4))
    : h.sub(hy.csch2).mul(0.5);
  return {
    z: h.mul(rion),
    grad: [dRion, yHy.mul(rion / qs), yHy.mul(new Cx(lnw, HALF_PI)).mul(rion)],
  };
};

const T: ElementFn = (w, _lnw, p, o) => {
  const A = p[o], B = p[o + 1], a = p[o + 2], b = p[o + 3];
  const beta = new Cx(a, w * b).sqrt();
  const hy = hyperbolic(beta);
  const h = hy.coth.div(beta); // coth β/β
  const k = hy.csch.div(beta); // csch β/β
  // h' = −(csch² β + h)/β,  k' = −k (coth β + 1/β)
  const dh = hy.csch2.add(h).div(beta).neg();
  const dk = k.mul(hy.coth.add(beta.inv())).neg();
  const g = dh.mul(A).add(dk.mul(B)).div(beta.mul(2)); // times dβ/da = 1/(2β)
  return { z: h.mul(A).add(k.mul(B)), grad: [h, k, g, g.mul(new Cx(0, w))] };
};

/** Reference element functions by table symbol. */
export const REFERENCE_ELEMENTS: Readonly<Record<string, ElementFn>> = {
  R, C, L, W, CPE, Wo, Ws, La, G, Gs, K, Zarc, TLMQ, T, H,
};
