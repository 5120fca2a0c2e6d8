/** Zarc: R parallel to a CPE, written as R/(1 + (jωτ)^γ). */
import { havriliakNegami } from './havriliak-negami.ts';
import { DEFAULT_EXPONENT } from './shared.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const impedance: ElementFn = (w, lnw, p, o) => {
  const hn = havriliakNegami(w, lnw, p[o]!, p[o + 1]!, p[o + 2]!, 1);
  return { z: hn.z, grad: [hn.unit, hn.dTau, hn.dAlpha] };
};

export const zarc = {
  spec: {
    symbol: 'Zarc', op: 12, name: 'ZARC (R parallel to CPE, as R, tau, gamma)', cdcAliases: [],
    formula: 'R/(1 + (j*w*tau)^gamma)', latex: 'Z = \\frac{R}{1 + (j\\omega\\tau)^{\\gamma}}',
    source: 'impedance.py 1.7.1 `Zarc` (R, tau_k, gamma)',
    params: [
      { name: 'R', unit: 'Ohm', default: 100, lower: 0, upper: Infinity, description: 'resistance' },
      { name: 'tau', unit: 's', default: 1e-3, lower: 0, upper: Infinity, description: 'time constant' },
      { name: 'gamma', unit: '', default: 0.9, lower: 0, upper: 1, description: 'dispersion exponent' },
    ],
  } as const,
  kernel: 'elemZarc',
  impedance,
  role: 'arc',
  guess: {
    inArc: (arc, r) => [r, arc.tau, Math.min(arc.alpha, 0.99)],
    scaled: (s) => [s.zMid, 1 / s.wMid, DEFAULT_EXPONENT],
  },
} as const satisfies ElementDefinition;
