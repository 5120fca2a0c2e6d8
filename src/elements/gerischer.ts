/** G, Gs: the Gerischer element and its finite-length form. */
import { Cx, hyperbolic } from '../math/complex.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const infinite: ElementFn = (w, _lnw, p, o) => {
  const r = p[o]!, tau = p[o + 1]!;
  const u = new Cx(1, w * tau);
  const s = u.sqrt();
  const z = s.inv().mul(r);
  // ∂Z/∂τ = −Z·jω/(2u)
  return { z, grad: [s.inv(), z.mul(new Cx(0, -w)).div(u.mul(2))] };
};

export const gerischer = {
  spec: {
    symbol: 'G', op: 9, name: 'Gerischer', cdcAliases: [],
    formula: 'R/sqrt(1 + j*w*tau)', latex: 'Z = \\frac{R_G}{\\sqrt{1 + j\\omega\\tau_G}}',
    source: 'impedance.py 1.7.1 `G` (R_G, t_G)',
    params: [
      { name: 'R', unit: 'Ohm', default: 100, lower: 0, upper: Infinity, description: 'Gerischer resistance' },
      { name: 'tau', unit: 's', default: 1, lower: 0, upper: Infinity, description: 'Gerischer time constant' },
    ],
  } as const,
  kernel: 'elemG',
  impedance: infinite,
  role: 'arc',
  guess: {
    inArc: (arc, r) => [r, arc.tau],
    scaled: (s) => [s.zMid, 1 / s.wMid],
  },
} as const satisfies ElementDefinition;

const finite: ElementFn = (w, _lnw, p, o) => {
  const r = p[o]!, tau = p[o + 1]!, phi = p[o + 2]!;
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

/** Start value of Gs's φ. */
const GS_PHI = 2;

export const gerischerFinite = {
  spec: {
    symbol: 'Gs', op: 10, name: 'Gerischer, finite length', cdcAliases: [],
    formula: 'R/(sqrt(1 + j*w*tau)*tanh(phi*sqrt(1 + j*w*tau)))',
    latex: 'Z = \\frac{R_G}{\\sqrt{1 + j\\omega\\tau_G}\\,\\tanh\\left(\\phi\\sqrt{1 + j\\omega\\tau_G}\\right)}',
    source: 'impedance.py 1.7.1 `Gs` (R_G, t_G, phi)',
    params: [
      { name: 'R', unit: 'Ohm', default: 100, lower: 0, upper: Infinity, description: 'Gerischer resistance' },
      { name: 'tau', unit: 's', default: 1, lower: 0, upper: Infinity, description: 'Gerischer time constant' },
      { name: 'phi', unit: '', default: 1, lower: 0, upper: Infinity, description: 'finite-length factor' },
    ],
  } as const,
  kernel: 'elemGs',
  impedance: finite,
  role: 'arc',
  guess: {
    inArc: (arc, r) => [r, arc.tau, GS_PHI],
    scaled: (s) => [s.zMid, 1 / s.wMid, GS_PHI],
  },
} as const satisfies ElementDefinition;
