/**
 * The frequency window of an analysis (`fmin`/`fmax`, cropped in src/crop.ts) and what it kept.
 * A leaf module like spectrum.ts: the backends' problem types carry a FrequencyRange, so it
 * lives below them and below the facade that crops.
 */

/** The limits asked for (Hz, inclusive); null where a side is open. */
export interface FrequencyWindow {
  fmin: number | null;
  fmax: number | null;
}

/** What an analysis used: the limits asked for and how many frequencies were kept. */
export interface FrequencyRange extends FrequencyWindow {
  /** Frequencies kept (the analysis ran on these only). */
  points: number;
  /** Frequencies in the spectrum as given. */
  total: number;
}
