/** C: the ideal capacitor. */
import { Cx } from '../math/complex.ts';
import { tailImagAtLowest } from './shared.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const impedance: ElementFn = (w, _lnw, p, o) => {
  const c = p[o]!;
  // 1/(jωC) = −j/(ωC);  ∂/∂C = j/(ωC²)
  return { z: new Cx(0, -1 / (w * c)), grad: [new Cx(0, 1 / (w * c * c))] };
};

export const capacitor = {
  spec: {
    symbol: 'C', op: 2, name: 'Capacitor', cdcAliases: [],
    formula: '1/(j*w*C)', latex: 'Z = \\frac{1}{j\\omega C}',
    source: 'impedance.py 1.7.1 `C`',
    params: [{ name: 'C', unit: 'F', default: 1e-6, lower: 0, upper: Infinity, description: 'capacitance' }],
  } as const,
  kernel: 'elemC',
  gradientKernel: 'elemCGradient',
  impedance,
  role: 'blocking',
  capacitance: 'ideal',
  guess: {
    // R‖C: C = τ/R
    inArc: (arc, r) => [arc.tau / r],
    // Z'' = −1/(ωC) at the lowest frequency
    asTail: (tail, s) => [1 / (s.wMin * tailImagAtLowest(tail, s))],
    scaled: (s) => [1 / (s.wMid * s.zMid)],
  },
} as const satisfies ElementDefinition;
