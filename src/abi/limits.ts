/**
 * The documented maxima of a backend call (why these values: src/backend/limits.ts, which
 * checks them before a kernel runs). Plain data in a leaf, so both the backends and the
 * validation toolkit (src/validate/limits.ts) read the same numbers without one importing
 * the other.
 */
import { WASM_MEMORY } from './descriptor.ts';

export const LIMITS = {
  /** Frequencies of one spectrum (impedance, jacobian, a fit or a Lin-KK test). */
  pointsPerSpectrum: 1_000_000,
  /** Parameters of a circuit. */
  parameters: 10_000,
  /** Free parameters of one fit (its normal matrices are m × m). */
  freeParameters: 1_000,
  /** Points of all spectra in one backend call (a fitBatch chunk with its multi-starts, a linKKBatch chunk). */
  pointsPerCall: 16_000_000,
  /** Values of one impedanceMany result (rows × frequencies) or one Jacobian (frequencies × parameters). */
  valuesPerResult: 50_000_000,
  /** Time constants M of a Lin-KK test. */
  kkTimeConstants: 10_000,
  /** Frequencies of one DRT (its matrices are 2N × (N + 2) and (N + 2)², its λ scan O(71·N³)). */
  drtPoints: 2_000,
  /** Bytes of WASM scratch one call may use. */
  scratchBytes: WASM_MEMORY.SCRATCH_BYTES,
} as const;

export type LimitName = keyof typeof LIMITS;
