/** H: the Havriliak–Negami element; its formula is shared with the ZARC (β = 1). */
import { Cx } from '../math/complex.ts';
import { exp, log } from '../math/index.ts';
import { DEFAULT_EXPONENT, HALF_PI } from './shared.ts';
import type { ElementDefinition, ElementFn } from './types.ts';

/** Z = R/(1 + u)^β with u = (jωτ)^α; K-like elements share it (Zarc is β = 1). */
export function havriliakNegami(_w: number, lnw: number, r: number, tau: number, alpha: number, beta: number) {
  const lnWt = lnw + log(tau);
  const u = Cx.polar(exp(alpha * lnWt), alpha * HALF_PI);
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

const impedance: ElementFn = (w, lnw, p, o) => {
  const hn = havriliakNegami(w, lnw, p[o]!, p[o + 1]!, p[o + 2]!, p[o + 3]!);
  return { z: hn.z, grad: [hn.unit, hn.dTau, hn.dAlpha, hn.z.mul(hn.log1pU).neg()] };
};

/** Start value of β: slightly asymmetric. */
const START_BETA = 0.95;

export const havriliakNegamiElement = {
  spec: {
    symbol: 'H', op: 15, name: 'Havriliak–Negami', cdcAliases: [],
    formula: 'R/(1 + (j*w*tau)^alpha)^beta', latex: 'Z = \\frac{R}{\\left(1 + (j\\omega\\tau)^{\\alpha}\\right)^{\\beta}}',
    source: 'Havriliak & Negami, Polymer 8 (1967) 161 (impedance form; α = β = 1 gives the RC element K)',
    params: [
      { name: 'R', unit: 'Ohm', default: 100, lower: 0, upper: Infinity, description: 'resistance (ω → 0 limit)' },
      { name: 'tau', unit: 's', default: 1e-3, lower: 0, upper: Infinity, description: 'time constant' },
      { name: 'alpha', unit: '', default: 0.9, lower: 0, upper: 1, description: 'symmetric broadening exponent' },
      { name: 'beta', unit: '', default: 0.9, lower: 0, upper: 1, description: 'asymmetric broadening exponent' },
    ],
  } as const,
  kernel: 'elemH',
  impedance,
  role: 'arc',
  guess: {
    inArc: (arc, r) => [r, arc.tau, Math.min(arc.alpha, 0.99), START_BETA],
    scaled: (s) => [s.zMid, 1 / s.wMid, DEFAULT_EXPONENT, START_BETA],
  },
} as const satisfies ElementDefinition;
