/**
 * The validation toolkit: argument checks shared by every entry point. They run before any
 * backend, so kernels only ever see valid input; each failure is an EisError with an `E_*` code
 * and `details.argument`. Numbers and arrays: validate/numbers.ts; options objects:
 * validate/options.ts; spectra and batches: validate/spectrum.ts; documented maxima:
 * validate/limits.ts.
 */
export type { NumericArray } from './types/spectrum.ts';
export { checkNonNegative, finiteNumber, integerInRange, positiveNumber, toFloat64, toFrequencies } from './validate/numbers.ts';
export { booleanOption, checkOptionKeys, checkOptions, functionOption, integerOption, numberOption, objectArgument, oneOfOption } from './validate/options.ts';
export { checkDistinctFrequencies, checkImpedanceScale, checkNonzeroImpedance, checkSpectrumList, distinctFrequencies, SpectrumArena, toSpectrum } from './validate/spectrum.ts';
export { MAX_CHUNK_SIZE, MAX_MAGNITUDE, MAX_SPECTRUM_POINTS, MAX_STARTS, MIN_MAGNITUDE } from './validate/limits.ts';
