/** TLMQ and T: transmission-line models of porous electrodes. */
import { Cx, hyperbolic, sinhMinusZSmall } from '../math/complex.ts';
import { exp, log, pow } from '../math/index.ts';
import { DEFAULT_EXPONENT, HALF_PI, SERIES_LIMIT, scaledQ } from './shared.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const simplified: ElementFn = (_w, lnw, p, o) => {
  const rion = p[o]!, qs = p[o + 1]!, gamma = p[o + 2]!;
  // Z = √(Rion Zs)·coth √(Rion/Zs) = Rion·coth(b)/b with b² = y = Rion·Qs·(jω)^γ
  const lnY = log(rion) + log(qs) + gamma * lnw;
  const b = Cx.polar(exp(0.5 * lnY), gamma * HALF_PI / 2);
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

export const tlmq = {
  spec: {
    symbol: 'TLMQ', op: 13, name: 'Transmission line (simplified, CPE interface)', cdcAliases: [],
    formula: 'sqrt(Rion/(Qs*(j*w)^gamma))*coth(sqrt(Rion*Qs*(j*w)^gamma))',
    latex: 'Z = \\sqrt{R_{ion} Z_S}\\,\\coth\\sqrt{R_{ion}/Z_S},\\; Z_S = \\frac{1}{Q_S (j\\omega)^{\\gamma}}',
    source: 'impedance.py 1.7.1 `TLMQ` (Rion, Qs, gamma); Lasia, Electrochim. Acta (2020), doi:10.1016/j.electacta.2020.136864, eq. 11',
    params: [
      { name: 'Rion', unit: 'Ohm', default: 100, lower: 0, upper: Infinity, description: 'ionic resistance of the pore' },
      { name: 'Qs', unit: 'F s^(gamma-1)', default: 1e-3, lower: 0, upper: Infinity, description: 'interfacial CPE magnitude' },
      { name: 'gamma', unit: '', default: 0.9, lower: 0, upper: 1, description: 'interfacial CPE exponent' },
    ],
  } as const,
  kernel: 'elemTLMQ',
  // the vector path needs |b| ≥ the series limit with a gradient, 1e-60 without: other Z bits between
  valuesDependOnGradient: true,
  impedance: simplified,
  role: 'blocking',
  guess: {
    inArc: (arc, r) => [r, pow(arc.tau, DEFAULT_EXPONENT) / r, DEFAULT_EXPONENT],
    asTail: (tail, s) => [0.1 * s.zMid, tail.q, Math.min(tail.alpha, 0.99)],
    scaled: (s) => [s.zMid, scaledQ(s, DEFAULT_EXPONENT), DEFAULT_EXPONENT],
  },
} as const satisfies ElementDefinition;

const paasch: ElementFn = (w, _lnw, p, o) => {
  const A = p[o]!, B = p[o + 1]!, a = p[o + 2]!, b = p[o + 3]!;
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

export const porousElectrode = {
  spec: {
    symbol: 'T', op: 14, name: 'Macrohomogeneous porous electrode (Paasch)', cdcAliases: [],
    formula: 'A*coth(sqrt(a + j*w*b))/sqrt(a + j*w*b) + B/(sqrt(a + j*w*b)*sinh(sqrt(a + j*w*b)))',
    latex: 'Z = A\\frac{\\coth\\beta}{\\beta} + B\\frac{1}{\\beta\\sinh\\beta},\\; \\beta = \\sqrt{a + j\\omega b}',
    source: 'impedance.py 1.7.1 `T` (A, B, a, b); Paasch, Micka, Gersdorf, Electrochim. Acta 38 (1993) 2653',
    params: [
      { name: 'A', unit: 'Ohm', default: 1, lower: 0, upper: Infinity, description: 'd(ρ1² + ρ2²)/(ρ1 + ρ2)' },
      { name: 'B', unit: 'Ohm', default: 1, lower: 0, upper: Infinity, description: '2dρ1ρ2/(ρ1 + ρ2) (≤ A for a physical, passive electrode)' },
      { name: 'a', unit: '', default: 1, lower: 0, upper: Infinity, description: 'dimensionless reaction term' },
      { name: 'b', unit: 's', default: 1, lower: 0, upper: Infinity, description: 'time constant' },
    ],
  } as const,
  kernel: 'elemT',
  impedance: paasch,
  role: 'arc',
  guess: {
    inArc: (arc, r) => [r, r, 1, arc.tau],
    scaled: (s) => [s.zMid, s.zMid, 1, 1 / s.wMid],
  },
} as const satisfies ElementDefinition;
