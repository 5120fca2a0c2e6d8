/**
 * Documented maxima and the numeric domain of spectra, checked before any backend runs so a
 * kernel never sees input it cannot size or represent. Each limit is named in the TSDoc of the
 * options it bounds and in the E_ARG_RANGE error that reports it.
 */
import { LIMITS } from '../abi/limits.ts';

/**
 * Most frequencies in one spectrum: the backends' own limit (src/abi/limits.ts,
 * pointsPerSpectrum), checked here too so a spectrum is refused before it is copied. Far above
 * any sweep (instruments record ≤ ~10⁴ points).
 */
export const MAX_SPECTRUM_POINTS = LIMITS.pointsPerSpectrum;

/** Most starts of a multi-start fit (`starts`): each start is a full fit. */
export const MAX_STARTS = 1000;

/** Most spectra per kernel call in fitBatch/linKKBatch (`chunkSize`). */
export const MAX_CHUNK_SIZE = 1_000_000;

/**
 * Largest magnitude of a frequency (Hz) or of Re Z, Im Z (Ω) in an analysed spectrum; the
 * smallest frequency is its reciprocal, and so is the least a spectrum's largest |Re Z|, |Im Z|
 * may be (Lin-KK, which weights by 1/|Z|: every point's |Z|). Squares and products of such values (|Z|², ω·τ, τ/R in Lin-KK) must stay inside the
 * double range with room to spare: measured on the R‖CPE test spectrum scaled to every corner
 * (f and |Z| both at 10^±60), linKK in every representation and fit type and fit() stay finite
 * on both backends; at 10^±80 some Lin-KK representations return non-finite residuals
 * (test/degenerate.test.ts checks 10^±50).
 * Real data lie far inside (µHz–THz, µΩ–10¹⁶ Ω).
 */
export const MAX_MAGNITUDE = 1e50;
/** Smallest frequency (Hz) and smallest largest-|Z| (Ω) of an analysed spectrum: 1/MAX_MAGNITUDE. */
export const MIN_MAGNITUDE = 1e-50;
