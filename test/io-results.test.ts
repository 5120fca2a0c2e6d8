/** Versioned JSON of results (src/io/results-json.ts): round trips, non-finite numbers, versions. */
import { beforeAll, describe, expect, it } from 'vitest';
import { EisError, fit, linKK, logFrequencies, parseCircuit, readResultsJson, simulate, writeResultsJson } from '../src/index.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

describe('writeResultsJson / readResultsJson', () => {
  it('a fit and a Lin-KK result come back with the same numbers, Infinity and NaN included', () => {
    // two resistors in series: their covariance is undeterminable (Infinity), correlations NaN
    const c = parseCircuit('R0-R1-p(R2,C1)');
    const d = simulate(c, logFrequencies(1e5, 1, 30), [10, 20, 1000, 1e-6], { noise: 0.001, seed: 2 });
    const f = fit(c, d);
    expect(f.stderr.some((x) => x === Infinity)).toBe(true);
    const kk = linKK(d);
    const doc = readResultsJson(writeResultsJson('mixed', [f, kk]));
    expect(doc.kind).toBe('mixed');
    const [f2, kk2] = doc.results as [{ params: number[]; stderr: number[]; correlation: number[]; byName: Record<string, { value: number }> }, { residuals: { re: number[] }; M: number }];
    expect(f2.params).toEqual(Array.from(f.params));
    expect(f2.stderr).toEqual(Array.from(f.stderr));
    expect(f2.correlation.map((x) => Number.isNaN(x))).toEqual(Array.from(f.correlation, (x) => Number.isNaN(x)));
    expect(f2.byName.R2!.value).toBe(f.byName.R2!.value);
    expect(kk2.M).toBe(kk.M);
    expect(kk2.residuals.re).toEqual(Array.from(kk.residuals.re));
  });

  it('rejects other formats and versions with E_FORMAT', () => {
    const good = writeResultsJson('fit', []);
    const code = (text: string) => {
      try {
        readResultsJson(text);
      } catch (e) {
        return (e as EisError).code;
      }
      return 'none';
    };
    expect(code(good)).toBe('none');
    expect(code(good.replace('"version":1', '"version":2'))).toBe('E_FORMAT');
    expect(code('{"format":"eiskit-spectra","version":1}')).toBe('E_FORMAT');
    expect(code('not json')).toBe('E_FORMAT');
  });
});
