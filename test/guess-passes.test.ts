/**
 * initialGuess's TS passes that were made cheaper (issue 14) against their definitions:
 * noiseLevel (fourth differences computed once, summed twice) against the two-pass mean written
 * out, value for value by Object.is, on spectra with noise, outliers, NaN, ±Infinity and ranges
 * too short for a difference.
 */
import { describe, expect, it } from 'vitest';
import { noiseLevel } from '../src/guess/peaks.ts';
import { prepare, releaseWork, type Work } from '../src/guess/work.ts';
import { Random } from '../src/random.ts';

/** The definition: the mean of |4th difference|·(1/|Z|) twice, the second without values above 3× the first. */
function noiseReference(ws: Work, lo: number, hi: number): number {
  const { iz, yr } = ws;
  let s = 0, m = 0;
  for (let pass = 0; pass < 2; pass++) {
    const cut = 3 * (m > 0 ? s / m : Infinity);
    let s2 = 0, m2 = 0;
    for (let i = lo + 2; i <= hi - 2; i++) {
      const d = Math.abs(yr[i - 2]! - 4 * yr[i - 1]! + 6 * yr[i]! - 4 * yr[i + 1]! + yr[i + 2]!) * (iz[i]! || 1);
      if (d <= cut) {
        s2 += d;
        m2++;
      }
    }
    s = s2;
    m = m2;
  }
  return m > 0 ? s / m / (Math.sqrt(70) * Math.sqrt(2 / Math.PI)) : 0;
}

describe('noiseLevel', () => {
  it('equals the two-pass mean written out, on noise, outliers, NaN, ±Infinity and short ranges', () => {
    const rng = new Random(14);
    let outliersCut = 0;
    for (let k = 0; k < 400; k++) {
      const n = 1 + Math.floor(rng.uniform() * 70);
      const freq = Array.from({ length: n }, (_, i) => 10 ** (6 - (6 * i) / Math.max(n - 1, 1)));
      const re = Array.from({ length: n }, () => 100 * rng.uniform());
      const im = Array.from({ length: n }, () => -100 * rng.uniform());
      const ws = prepare({ freq, re, im });
      for (let i = 0; i < ws.n; i++) {
        const u = rng.uniform();
        // smooth arc-like values, some with noise, a few outliers and non-finite values
        let v = 50 * Math.sin((Math.PI * i) / Math.max(ws.n - 1, 1)) + (k % 2 ? rng.normal() : 0);
        if (u < 0.05) v *= 1000;
        else if (u < 0.07 && k % 5 === 0) v = Number.NaN;
        else if (u < 0.08 && k % 7 === 0) v = u < 0.075 ? Infinity : -Infinity;
        ws.yr[i] = v;
      }
      const lo = Math.floor(rng.uniform() * 3), hi = ws.n - 1 - Math.floor(rng.uniform() * 3);
      const want = noiseReference(ws, lo, hi), got = noiseLevel(ws, lo, hi);
      expect(Object.is(got, want), `spectrum ${k}: ${got} ≠ ${want}`).toBe(true);
      // the second pass does drop values (the case the stored differences serve)
      if (want !== 0 && want === want && want !== noiseReference1(ws, lo, hi)) outliersCut++;
      releaseWork(ws);
    }
    expect(outliersCut).toBeGreaterThan(50);
  });
});

/** The first mean alone (to see that the second pass mattered). */
function noiseReference1(ws: Work, lo: number, hi: number): number {
  const { iz, yr } = ws;
  let s = 0, m = 0;
  for (let i = lo + 2; i <= hi - 2; i++) {
    const d = Math.abs(yr[i - 2]! - 4 * yr[i - 1]! + 6 * yr[i]! - 4 * yr[i + 1]! + yr[i + 2]!) * (iz[i]! || 1);
    if (d <= Infinity) {
      s += d;
      m++;
    }
  }
  return m > 0 ? s / m / (Math.sqrt(70) * Math.sqrt(2 / Math.PI)) : 0;
}
