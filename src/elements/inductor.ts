/** L: the inductor; La: impedance.py's modified inductance (L·jω)^α. */
import { Cx } from '../math/complex.ts';
import { exp, log, pow } from '../math/index.ts';
import { HALF_PI } from './shared.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

const inductorImpedance: ElementFn = (w, _lnw, p, o) => ({ z: new Cx(0, w * p[o]!), grad: [new Cx(0, w)] });

export const inductor = {
  spec: {
    symbol: 'L', op: 3, name: 'Inductor', cdcAliases: [],
    formula: 'j*w*L', latex: 'Z = j\\omega L',
    source: 'impedance.py 1.7.1 `L`',
    params: [{ name: 'L', unit: 'H', default: 1e-6, lower: 0, upper: Infinity, description: 'inductance' }],
  } as const,
  kernel: 'elemL',
  gradientKernel: 'elemLGradient',
  impedance: inductorImpedance,
  role: 'inductive',
  guess: {
    asInductor: (L) => [L],
    // 1e-3 of |Z| at the top frequency
    scaled: (s) => [(1e-3 * s.zMid) / s.wMax],
  },
} as const satisfies ElementDefinition;

const modifiedImpedance: ElementFn = (_w, lnw, p, o) => {
  const l = p[o]!, alpha = p[o + 1]!;
  // impedance.py computes (L·jω)^α = (Lω)^α e^{jαπ/2}
  const lnLw = log(l) + lnw;
  const z = Cx.polar(exp(alpha * lnLw), alpha * HALF_PI);
  return { z, grad: [z.mul(alpha / l), z.mul(new Cx(lnLw, HALF_PI))] };
};

/** Start exponent of La. */
const LA_ALPHA = 0.9;

export const modifiedInductor = {
  spec: {
    symbol: 'La', op: 8, name: 'Modified inductance', cdcAliases: [],
    formula: '(L*j*w)^alpha', latex: 'Z = (j\\omega L)^{\\alpha}',
    source: 'impedance.py 1.7.1 `La` as its code computes it, (L·jω)^α (its docstring says L(jω)^α; impedance.py issues #286, #312)',
    params: [
      { name: 'L', unit: 'H', default: 1e-6, lower: 0, upper: Infinity, description: 'inductance' },
      { name: 'alpha', unit: '', default: 0.9, lower: 0, upper: 1, description: 'exponent' },
    ],
  } as const,
  kernel: 'elemLa',
  gradientKernel: 'elemLaGradient',
  impedance: modifiedImpedance,
  role: 'inductive',
  guess: {
    // (jωL')^α with |Z| = ωL at the top frequency: L' = (ωL)^{1/α}/ω
    asInductor: (L, s) => [pow(s.wMax * L, 1 / LA_ALPHA) / s.wMax, LA_ALPHA],
    scaled: (s) => [pow(1e-3 * s.zMid, 1 / LA_ALPHA) / s.wMax, LA_ALPHA],
  },
} as const satisfies ElementDefinition;
