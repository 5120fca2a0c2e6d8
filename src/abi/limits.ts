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
  /**
   * Frequencies of one DRT. Its matrices are 2N × (N + 2) and (N + 2)²; the cost is O(N³) (the λ
   * scan's eigendecomposition, and an NNLS of ~N active-set steps of O(N²) each) and runs on the
   * calling thread without an abort: CPU time in WASM (Node 20, 2 shared cores, log-uniform 1 MHz …
   * 10 mHz, two arcs, 0.5 % noise), automatic λ / λ = 1e-3 / λ = 1e-7: N = 100 4 / 1 / 1 ms,
   * 200 25 / 7 / 4 ms, 400 0.23 / 0.06 / 0.03 s, 800 2.0 / 0.76 / 0.22 s, 1000 3.9 / 1.8 / 0.48 s
   * (×8 per doubling); the JS backend about 5× that (800: 9.9 / 4.2 / 1.4 s). At 2000 a fixed λ took
   * 23.5 s in WASM and 82 s in JS, hence 1000 (docs/drt.md "Cost").
   */
  drtPoints: 1_000,
  /** Bytes of WASM scratch one call may use. */
  scratchBytes: WASM_MEMORY.SCRATCH_BYTES,
} as const;

export type LimitName = keyof typeof LIMITS;
