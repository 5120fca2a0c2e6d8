/**
 * The DRT TS reference (issue 12, specs/drt.md): the oracle the WASM kernels will be held to.
 * Not exported from the package yet: the public `drt()`/`drtBatch()` land together with the WASM
 * kernels (matrix assembly, NNLS, λ scan) in the next step, and then call the backend.
 * One job per file: matrices.ts (RBF discretisation, penalty), cholesky.ts, nnls.ts (scaled
 * active-set NNLS), lambda.ts (grid, scores, rule), peaks.ts, solve.ts (drtReference).
 */
export { drtReference, type DrtReferenceOptions, type DrtReferenceResult } from './solve.ts';
export { buildMatrices, normalEquations, penaltyMatrix, rbfEpsilon, type DrtMatrices, type MatrixOptions } from './matrices.ts';
export { nnls, type NnlsOptions, type NnlsResult } from './nnls.ts';
export { lambdaGrid, ridgeScore, ridgeTraces, scanLambda, scanLambdaReIm, selectLambda, type LambdaCurve, type LambdaMethod, type LambdaRule } from './lambda.ts';
export { findPeaks, type DrtPeak } from './peaks.ts';
