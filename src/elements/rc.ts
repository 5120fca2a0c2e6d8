/** K: the RC (Voigt) element R/(1 + jωτ). */
import { Cx } from '../math/complex.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const impedance: ElementFn = (w, _lnw, p, o) => {
  const r = p[o]!, tau = p[o + 1]!;
  const d = new Cx(1, w * tau);
  const z = d.inv().mul(r);
  return { z, grad: [d.inv(), z.mul(new Cx(0, -w)).div(d)] };
};

export const rc = {
  spec: {
    symbol: 'K', op: 11, name: 'RC element (R, tau)', cdcAliases: [],
    formula: 'R/(1 + j*w*tau)', latex: 'Z = \\frac{R}{1 + j\\omega\\tau}',
    source: 'impedance.py 1.7.1 `K` (R, tau_k); the Voigt element of Lin-KK',
    params: [
      { name: 'R', unit: 'Ohm', default: 100, lower: 0, upper: Infinity, description: 'resistance' },
      { name: 'tau', unit: 's', default: 1e-3, lower: 0, upper: Infinity, description: 'time constant R·C' },
    ],
  } as const,
  kernel: 'elemK',
  impedance,
  role: 'arc',
  guess: {
    inArc: (arc, r) => [r, arc.tau],
    scaled: (s) => [s.zMid, 1 / s.wMid],
  },
} as const satisfies ElementDefinition;
