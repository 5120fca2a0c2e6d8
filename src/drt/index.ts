/**
 * The DRT (issue 12, specs/drt.md). The numerical core (matrices, scaled NNLS, λ scan) lives in
 * src/reference/drt/ behind the Backend; this folder validates, crops and sorts, and turns the
 * coefficients into γ, peaks and bands. `drt`/`drtBatch` are the public API (through the chosen
 * backend); `drtReference` is the same pipeline on the TS core called directly.
 */
export { drt, drtBatch } from './drt.ts';
export { drtReference, drtSettings, drtProblem, assemble, DRT_OPTION_KEYS, DRT_BATCH_OPTION_KEYS, DRT_REFERENCE_OPTION_KEYS, DRT_MIN_POINTS, type DrtSettings, type DrtReferenceOptions, type DrtReferenceResult } from './solve.ts';
export type { DrtOptions, DrtBatchOptions, DrtResult } from './types.ts';
export { buildMatrices, normalEquations, penaltyMatrix, rbfEpsilon, type DrtMatrices, type MatrixOptions } from '../reference/drt/matrices.ts';
export { nnls, type NnlsOptions, type NnlsResult } from '../reference/drt/nnls.ts';
export { lambdaGrid, ridgeScore, ridgeTraces, scanLambda, scanLambdaReIm, selectLambda, type LambdaCurve, type LambdaMethod, type LambdaRule } from '../reference/drt/lambda.ts';
export { drtCore } from '../reference/drt/core.ts';
export { findPeaks, type DrtPeak } from './peaks.ts';
