/**
 * eiskit: electrochemical impedance spectroscopy for solid electrolytes, with WebAssembly
 * kernels and a TypeScript reference that runs the same in Node, browsers and workers.
 */
export { init, createEngine, Engine, type BackendChoice, type ComputeOptions, type InitOptions, type InitResult } from './backend/select.ts';
export { parseCircuit, Circuit, type ParamInput, type ComplexArray, type Jacobian, type ImpedanceMatrix, type ParseOptions } from './circuit/circuit.ts';
export { fit, type FitResult, type FittedParameter } from './fit/fit.ts';
export type { FitQuality } from './fit/quality.ts';
export { fitBatch, type FitBatchOptions } from './fit/batch.ts';
export { globalFit, type ActivationEnergy, type ArrheniusRole, type GlobalFitOptions, type GlobalFitResult, type GlobalSpectrumInput, type LackOfFit } from './global/index.ts';
export { terminateFitWorkers } from './runtime/workers.ts';
export { initialGuess, type GuessSpectrum } from './guess/index.ts';
export type { FitOptions, FitRepresentation, Weighting, SpectrumInput } from './fit/problem.ts';
export { FIT_STATUS, FIT_MESSAGES } from './fit/status.ts';
export { linKK, linKKBatch, type LinKKOptions, type LinKKBatchOptions, type LinKKResult } from './kk/linkk.ts';
export { zhit, type ZhitOptions, type ZhitResult, type ZhitWindow } from './zhit/zhit.ts';
export { drt, drtBatch } from './drt/drt.ts';
export type { DrtOptions, DrtBatchOptions, DrtResult, DrtPeak, LambdaCurve, LambdaMethod, LambdaRule } from './drt/types.ts';
export type { LambdaCurveMethod, LambdaCurveRule } from './types/drt.ts';
export { simulate, logFrequencies, type Spectrum, type SimulateOptions } from './simulate.ts';
export { cropSpectrum, type FrequencyRange } from './crop.ts';
export { toAdmittance, toCapacitance, toPermittivity, toModulus, toConductivity, EPSILON_0, type CellGeometry, type RepresentedSpectrum } from './representation/index.ts';
export { EisError, CircuitSyntaxError, type EisErrorCode } from './errors.ts';
export { ELEMENTS, type ElementSpec, type ParamSpec, type ElementSymbol } from './elements/index.ts';
export type { CircuitNode, CircuitSyntax } from './circuit/ast.ts';
export { WASM_HASH } from '../bindings/loader.ts';
export * from './analysis/index.ts';
export { readSpectra, readSpectraFile, detectFormat, readableFormats, writeSpectraCsv, writeJson, readJson, writeResultsJson, readResultsJson, FORMAT_NAMES, type FormatName, type MeasuredSpectrum, type SpectrumMeta, type ReadOptions, type ReadFileOptions } from './io/index.ts';
