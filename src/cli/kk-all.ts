/** Lin-KK checks that accompany fits in `fit` and `report`: the default test on the same frequency window, per spectrum. */
import { linKK, linKKBatch, type LinKKOptions, type LinKKResult } from '../kk/linkk.ts';
import { EisError } from '../errors.ts';
import type { LabelledSpectrum } from './context.ts';

/**
 * The Lin-KK result of every spectrum, in one batch; when a spectrum cannot be tested (too few
 * points for the test), null for it and a note saying why, so the fits are still shown.
 */
export async function kkForAll(spectra: readonly LabelledSpectrum[], options: LinKKOptions, onProgress?: (done: number, total: number) => void): Promise<{ results: (LinKKResult | null)[]; notes: string[] }> {
  try {
    return { results: await linKKBatch(spectra, { ...options, ...(onProgress ? { onProgress } : {}) }), notes: [] };
  } catch (e) {
    if (!(e instanceof EisError)) throw e;
    const notes: string[] = [];
    const results = spectra.map((s) => {
      try {
        return linKK(s, options);
      } catch (err) {
        if (!(err instanceof EisError)) throw err;
        notes.push(`note (${s.label}): no Lin-KK check: ${err.message}`);
        return null;
      }
    });
    return { results, notes };
  }
}
