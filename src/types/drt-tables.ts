/**
 * The small DRT tables both backends share (specs/drt.md §2, §3): the λ grid, the words of the
 * scan's and the NNLS's warnings, the λ methods' names. A leaf beside the DRT types so that the WASM backend's
 * marshalling (src/backend/wasm-drt.ts), which rebuilds the warnings from DRT_WARN bits, needs
 * nothing of the TS solver (src/reference/drt/), which uses the same tables.
 */
import { exp10 } from '../math/index.ts';
import type { LambdaCurve, LambdaCurveMethod } from './drt.ts';

const LAMBDA_METHOD_NAMES: Readonly<Record<LambdaCurveMethod, string>> = { mgcv: 'mGCV', gcv: 'GCV', rgcv: 'rGCV', 're-im': 'Re–Im cross-prediction', lcurve: 'L-curve', 'norm-corner': '‖g‖ corner' };

/** A λ selection method's name in texts (CLI, plots); an unknown one as given. */
export function lambdaMethodName(method: string): string {
  return (LAMBDA_METHOD_NAMES as Readonly<Record<string, string>>)[method] ?? method;
}

/** The grid of §3: 71 values 10^{−7+0.1k}. */
export function lambdaGrid(): Float64Array {
  const g = new Float64Array(71);
  for (let k = 0; k < 71; k++) g[k] = exp10(-7 + 0.1 * k);
  return g;
}

/** The scan's warnings: every score NaN, or λ at an end of the grid. */
export function scanWarnings(curve: LambdaCurve, allNaN: boolean, warnings: string[]): void {
  const k = curve.index, last = curve.lambda.length - 1;
  if (allNaN) warnings.push('Every λ score was undefined (singular ridge systems); the largest λ of the grid is used.');
  else if (k === 0 || k === last) warnings.push(`The chosen λ = ${curve.lambda[k]!.toPrecision(3)} is at the ${k === 0 ? 'lower' : 'upper'} end of the grid [1e-7, 1]; the score may keep falling beyond it.`);
}

/** The NNLS solver's warnings, word for word. */
export const NNLS_MESSAGES = {
  freeSingular: 'NNLS: the free columns alone give a singular system; their values are 0.',
  cap: (maxOuter: number) => `NNLS: stopped at the cap of ${maxOuter} outer iterations; the last feasible solution is returned.`,
  blocked: 'NNLS: some columns were left out because they made the passive system singular.',
} as const;
