/** R: the resistor. */
import { Cx } from '../math/complex.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const impedance: ElementFn = (_w, _lnw, p, o) => ({ z: new Cx(p[o]!, 0), grad: [Cx.ONE] });

export const resistor = {
  spec: {
    symbol: 'R', op: 1, name: 'Resistor', cdcAliases: [],
    formula: 'R', latex: 'Z = R',
    source: 'impedance.py 1.7.1 `R`',
    params: [{ name: 'R', unit: 'Ohm', default: 100, lower: 0, upper: Infinity, description: 'resistance' }],
  } as const,
  kernel: 'elemR',
  gradientKernel: 'elemRGradient',
  impedance,
  role: 'resistive',
  guess: {
    inArc: (_arc, r) => [r],
    scaled: (s) => [s.zMid],
  },
} as const satisfies ElementDefinition;
