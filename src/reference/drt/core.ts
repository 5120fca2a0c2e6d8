/**
 * The numerical core of the DRT (specs/drt.md §1–§3) in readable TS, behind the JS backend and
 * the oracle of the WASM kernels: the matrices, λ by the grid scan or as given, the scaled NNLS at
 * that λ, and A·x. The facade (src/drt/) crops, sorts and validates before, and builds γ, peaks
 * and bands after. Never throws on numerical trouble: it says so in `warnings`.
 */
import type { DrtOutcome, DrtProblem, LambdaCurve } from '../../types/drt.ts';
import { scanLambda, scanLambdaReIm } from './lambda.ts';
import { buildMatrices, normalEquations } from './matrices.ts';
import { nnls } from './nnls.ts';
import { scanWarnings } from '../../types/drt-tables.ts';

export { scanWarnings } from '../../types/drt-tables.ts';

/** The DRT coefficients of one validated problem (see the module comment). */
export function drtCore(pr: DrtProblem): DrtOutcome {
  const n = pr.freq.length;
  const mode = pr.mode;
  const mx = buildMatrices(pr.freq, pr.re, pr.im, { rbfShape: pr.rbfShape, penalty: pr.penalty, inductance: pr.inductance, build: pr.build, mode });
  const [row0, row1] = mode === 'real' ? [0, n] : mode === 'imag' ? [n, 2 * n] : [0, 2 * n];
  const { g, c } = normalEquations(mx.a, mx.b, mx.p, row0, row1);
  const warnings: string[] = [];
  let lambda: number;
  let lambdaCurve: LambdaCurve | undefined;
  if (pr.lambda === null) {
    lambdaCurve = pr.lambdaMethod === 're-im'
      ? scanLambdaReIm(mx.a, mx.b, mx.m, n, mx.p, pr.lambdaRule)
      : scanLambda({ a: mx.a.subarray(row0 * mx.p, row1 * mx.p), b: mx.b.subarray(row0, row1), g, c, m: mx.m, rows: row1 - row0, p: mx.p }, pr.lambdaMethod, pr.lambdaRule);
    const allNaN = lambdaCurve.index < 0;
    if (allNaN) lambdaCurve.index = lambdaCurve.lambda.length - 1;
    scanWarnings(lambdaCurve, allNaN, warnings);
    lambda = lambdaCurve.lambda[lambdaCurve.index]!;
  } else {
    lambda = pr.lambda;
  }
  const p = mx.p;
  const h = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) h[i] = g[i]! + lambda * mx.m[i]!;
  const free = new Uint8Array(p);
  if (pr.freeColumns) for (let i = n; i < p; i++) free[i] = 1;
  const sol = nnls(h, c, p, { free });
  for (const w of sol.warnings) warnings.push(w);
  const x = sol.x;
  const fittedRe = new Float64Array(n), fittedIm = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let vr = 0, vi = 0;
    for (let j = 0; j < p; j++) {
      vr += mx.a[r * p + j]! * x[j]!;
      vi += mx.a[(n + r) * p + j]! * x[j]!;
    }
    fittedRe[r] = vr;
    fittedIm[r] = vi;
  }
  return {
    x, n, p, rInfColumn: mx.rInfColumn, lColumn: mx.lColumn, epsilon: mx.epsilon, y: mx.y, toeplitz: mx.toeplitz,
    lambda, ...(lambdaCurve ? { lambdaCurve } : {}), fittedRe, fittedIm,
    iterations: sol.iterations, converged: sol.converged, warnings,
  };
}
