/** W, Wo, Ws: the Warburg diffusion elements (semi-infinite, finite space, finite length). */
import { Cx, hyperbolic, sinhMinusZSmall } from '../math/complex.ts';
import { SERIES_LIMIT, tailImagAtLowest, tailModulusAtLowest } from './shared.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const semiInfinite: ElementFn = (w, _lnw, p, o) => {
  const s = 1 / Math.sqrt(w); // A(1 − j)/√ω
  return { z: new Cx(p[o]! * s, -p[o]! * s), grad: [new Cx(s, -s)] };
};

export const warburg = {
  spec: {
    symbol: 'W', op: 4, name: 'Warburg (semi-infinite)', cdcAliases: [],
    formula: 'A*(1 - j)/sqrt(w)', latex: 'Z = A_W \\frac{1 - j}{\\sqrt{\\omega}}',
    source: 'impedance.py 1.7.1 `W`',
    params: [{ name: 'A', unit: 'Ohm s^-1/2', default: 100, lower: 0, upper: Infinity, description: 'Warburg coefficient' }],
  } as const,
  kernel: 'elemW',
  impedance: semiInfinite,
  role: 'blocking',
  guess: {
    // |Z| = R at ω = 1/τ
    inArc: (arc, r) => [r / Math.sqrt(arc.tau)],
    // Z'' = −A/√ω at the lowest frequency
    asTail: (tail, s) => [tailImagAtLowest(tail, s) * Math.sqrt(s.wMin)],
    scaled: (s) => [s.zMid * Math.sqrt(s.wMid)],
  },
} as const satisfies ElementDefinition;

/** √(jωτ) = √(ωτ/2)·(1 + j) */
function sqrtJwTau(w: number, tau: number): Cx {
  const r = Math.sqrt(0.5 * w * tau);
  return new Cx(r, r);
}

const open: ElementFn = (w, _lnw, p, o) => {
  const r = p[o]!, tau = p[o + 1]!;
  const x = sqrtJwTau(w, tau);
  const hy = hyperbolic(x);
  const h = hy.coth.div(x); // coth x / x
  // d/dτ [coth x/x] = −(csch² x + coth x/x)/(2τ)   (dx/dτ = x/(2τ); no cancellation)
  return { z: h.mul(r), grad: [h, hy.csch2.add(h).mul(-r / (2 * tau))] };
};

/** The parameters of both finite-length Warburg elements (impedance.py's Z0 = R and tau). */
const FINITE_DIFFUSION_PARAMS = [
  { name: 'R', unit: 'Ohm', default: 100, lower: 0, upper: Infinity, description: 'diffusion resistance Z0' },
  { name: 'tau', unit: 's', default: 1, lower: 0, upper: Infinity, description: 'diffusion time constant' },
] as const;

export const warburgOpen = {
  spec: {
    symbol: 'Wo', op: 6, name: 'Warburg, finite space (open, reflective boundary)', cdcAliases: ['O'],
    formula: 'R*coth(sqrt(j*w*tau))/sqrt(j*w*tau)',
    latex: 'Z = R \\frac{\\coth\\sqrt{j\\omega\\tau}}{\\sqrt{j\\omega\\tau}}',
    source: 'impedance.py 1.7.1 `Wo` (Z0 = R, tau)',
    params: FINITE_DIFFUSION_PARAMS,
  } as const,
  kernel: 'elemWo',
  gradientWithValues: true,
  impedance: open,
  role: 'blocking',
  guess: {
    inArc: (arc, r) => [r, arc.tau],
    // capacitive regime R/(jωτ) (C = τ/R) or Warburg regime R/√(jωτ), τ at the band's end
    asTail: (tail, s) => [tail.alpha > 0.75 ? tailImagAtLowest(tail, s) : tailModulusAtLowest(tail, s), 1 / s.wMin],
    scaled: (s) => [s.zMid, 1 / s.wMid],
  },
} as const satisfies ElementDefinition;

const short: ElementFn = (w, _lnw, p, o) => {
  const r = p[o]!, tau = p[o + 1]!;
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

export const warburgShort = {
  spec: {
    symbol: 'Ws', op: 7, name: 'Warburg, finite length (short, transmissive boundary)', cdcAliases: [],
    formula: 'R*tanh(sqrt(j*w*tau))/sqrt(j*w*tau)',
    latex: 'Z = R \\frac{\\tanh\\sqrt{j\\omega\\tau}}{\\sqrt{j\\omega\\tau}}',
    source: 'impedance.py 1.7.1 `Ws` (Z0 = R, tau)',
    params: FINITE_DIFFUSION_PARAMS,
  } as const,
  kernel: 'elemWs',
  gradientWithValues: true,
  impedance: short,
  role: 'arc',
  guess: {
    // −Im Z peaks near ωτ ≈ 2.5
    inArc: (arc, r) => [r, 2.5 * arc.tau],
    scaled: (s) => [s.zMid, 1 / s.wMid],
  },
} as const satisfies ElementDefinition;
