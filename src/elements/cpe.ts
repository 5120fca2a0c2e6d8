/** CPE: the constant phase element. */
import { Cx } from '../math/complex.ts';
import { exp, pow } from '../math/index.ts';
import { DEFAULT_EXPONENT, HALF_PI, scaledQ } from './shared.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const impedance: ElementFn = (_w, lnw, p, o) => {
  const q = p[o]!, alpha = p[o + 1]!;
  // 1/(Q (jω)^α) = ω^{−α}/Q · e^{−jαπ/2}
  const z = Cx.polar(exp(-alpha * lnw) / q, -alpha * HALF_PI);
  return { z, grad: [z.div(-q), z.mul(new Cx(-lnw, -HALF_PI))] };
};

export const cpe = {
  spec: {
    symbol: 'CPE', op: 5, name: 'Constant phase element', cdcAliases: ['Q'],
    formula: '1/(Q*(j*w)^alpha)', latex: 'Z = \\frac{1}{Q (j\\omega)^{\\alpha}}',
    source: 'impedance.py 1.7.1 `CPE` (Q = its p[0], alpha = p[1])',
    params: [
      { name: 'Q', unit: 'S s^a', default: 1e-6, lower: 0, upper: Infinity, description: 'CPE magnitude (admittance at ω = 1 rad/s)' },
      { name: 'alpha', unit: '', default: 0.9, lower: 0, upper: 1, description: 'CPE exponent (1 = ideal capacitor)' },
    ],
  } as const,
  kernel: 'elemCPE',
  gradientKernel: 'elemCPEGradient',
  impedance,
  role: 'blocking',
  capacitance: 'cpe',
  guess: {
    // R‖CPE: Q = τ^α/R (= 1/(R ω_p^α))
    inArc: (arc, r) => {
      const alpha = Math.min(arc.alpha, 0.99);
      return [pow(arc.tau, alpha) / r, alpha];
    },
    asTail: (tail) => [tail.q, Math.min(tail.alpha, 0.99)],
    scaled: (s) => [scaledQ(s, DEFAULT_EXPONENT), DEFAULT_EXPONENT],
  },
} as const satisfies ElementDefinition;
