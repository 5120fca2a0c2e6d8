/**
 * The one spectrum type of eiskit. Every spectrum-shaped name in the API (`SpectrumInput`,
 * `GuessSpectrum`, io's `MeasuredSpectrum`, the plot and report inputs) is this type or an
 * extension of it. A leaf module: it imports nothing, so every layer can use it.
 */

/** Numbers as users pass them: a typed array or a plain array. */
export type NumericArray = Float64Array | Float32Array | readonly number[] | ArrayLike<number>;

/**
 * An impedance spectrum: frequencies `freq` (Hz) and Z = re + j·im (Ω) with the physical sign
 * (capacitive: im < 0), one value of each per frequency. `Data` is the array type: plain or typed
 * arrays as users pass them (`SpectrumInput`), Float64Array once validated (`Spectrum`).
 */
export interface SpectrumOf<Data> {
  freq: Data;
  re: Data;
  im: Data;
}

/** A spectrum as the API takes it (plain or typed arrays); checked by the validation toolkit. */
export type SpectrumInput = SpectrumOf<NumericArray>;

/** A spectrum as eiskit returns it (simulate, cropSpectrum, the readers): Float64Array copies. */
export type Spectrum = SpectrumOf<Float64Array>;

/**
 * A spectrum with what its source says about it: io's readers fill `meta` with their
 * SpectrumMeta (format, sweep, columns, instrument, temperature …; see src/io/types.ts).
 */
export interface MeasuredSpectrum<Meta extends object> extends Spectrum {
  meta: Meta;
}
