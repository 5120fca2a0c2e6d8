/**
 * io: spectra from instrument files and tables (bytes or text in, no file system, so the same in
 * Node and browsers), and writers to CSV and to eiskit's versioned JSON.
 */
export { readSpectra } from './read.ts';
export { readSpectraFile, DEFAULT_MAX_BYTES, type ReadFileOptions } from './read-file.ts';
export { detectFormat, readableFormats } from './detect.ts';
export { writeSpectraCsv } from './write-csv.ts';
export { writeJson, readJson, JSON_FORMAT, JSON_VERSION } from './json.ts';
export { writeResultsJson, readResultsJson, RESULTS_FORMAT, RESULTS_VERSION } from './results-json.ts';
export { FORMAT_NAMES, type FormatName, type Spectrum, type Spectrum as MeasuredSpectrum, type SpectrumMeta, type ReadOptions } from './types.ts';
export type { SpectrumLike } from './input.ts';
