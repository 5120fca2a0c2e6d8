/**
 * initialGuess's TS passes that were made cheaper (issue 14) against their definitions:
 * noiseLevel (fourth differences computed once, summed twice) against the two-pass mean written
 * out, value for value by Object.is, on spectra with noise, outliers, NaN, ±Infinity and ranges
 * too short for a difference; prepare (a descending sweep read backwards instead of reversed)
 * against its definition — the usable points sorted by ascending frequency, equal frequencies in
 * the input's order — and a sweep and its reversal giving the same work arrays bit for bit.
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

/** Every array and field prepare fills, for comparing two Works. */
function snapshot(ws: Work): unknown[] {
  const n = ws.n;
  return [n, ws.logStep, ws.zMid, ws.wMin, ws.wMax, ws.wMid, ...[ws.w, ws.lw, ws.x, ws.y, ws.iz].map((a) => Array.from(a.subarray(0, n)))];
}

describe('prepare', () => {
  const rng = new Random(61);
  const draw = (n: number, grid: (i: number) => number) => {
    const freq = Array.from({ length: n }, (_, i) => grid(i));
    return { freq, re: freq.map(() => 100 * rng.uniform()), im: freq.map(() => -100 * rng.uniform()) };
  };
  const bits = (a: unknown[], b: unknown[]): boolean => a.length === b.length && a.every((v, i) => (Array.isArray(v) ? bits(v, b[i] as unknown[]) : Object.is(v, b[i])));

  it('the usable points sorted by ascending frequency, equal frequencies in the input order (descending, shuffled, repeated, invalid points)', () => {
    for (let k = 0; k < 300; k++) {
      const n = 2 + Math.floor(rng.uniform() * 40);
      // frequencies from a few values (ties), in descending, ascending or random order
      const values = Array.from({ length: 1 + Math.floor(rng.uniform() * 8) }, () => 10 ** (6 * rng.uniform()));
      const s = draw(n, () => values[Math.floor(rng.uniform() * values.length)]!);
      if (k % 3 === 0) s.freq.sort((a, b) => b - a);
      else if (k % 3 === 1) s.freq.sort((a, b) => a - b);
      // first above last half of the time: the backwards reading, also for unsorted points
      if (k % 2 === 0 && s.freq[0]! < s.freq[n - 1]!) [s.freq[0], s.freq[n - 1]] = [s.freq[n - 1]!, s.freq[0]!];
      for (let i = 0; i < n; i++) if (rng.uniform() < 0.05) (k % 2 ? s.re : s.freq)[i] = k % 4 < 2 ? Number.NaN : -1;
      const keep = [...Array(n).keys()].filter((i) => s.freq[i]! > 0 && Number.isFinite(s.freq[i]) && Number.isFinite(s.re[i]) && Number.isFinite(s.im[i]));
      keep.sort((a, b) => 2 * Math.PI * s.freq[a]! - 2 * Math.PI * s.freq[b]!);
      const ws = prepare(s);
      expect(ws.n).toBe(keep.length);
      for (let j = 0; j < keep.length; j++) {
        const i = keep[j]!;
        expect(Object.is(ws.w[j], 2 * Math.PI * s.freq[i]!) && Object.is(ws.x[j], s.re[i]) && Object.is(ws.y[j], -s.im[i]!), `draw ${k}, point ${j}`).toBe(true);
      }
      releaseWork(ws);
    }
  });

  it('a sweep and its reversal give the same work, bit for bit (equally log-spaced or not)', () => {
    for (let k = 0; k < 200; k++) {
      const n = 1 + Math.floor(rng.uniform() * 80);
      const lo = 10 ** (4 * rng.uniform() - 2), span = 10 ** (1 + 6 * rng.uniform());
      const s = k % 2 ? draw(n, (i) => lo * span ** (i / Math.max(n - 1, 1))) : draw(n, (i) => lo * (1 + i + 0.3 * rng.uniform()));
      const r = { freq: [...s.freq].reverse(), re: [...s.re].reverse(), im: [...s.im].reverse() };
      const a = prepare(s), sa = snapshot(a);
      releaseWork(a);
      const b = prepare(r), sb = snapshot(b);
      releaseWork(b);
      expect(bits(sa, sb), `sweep ${k}`).toBe(true);
      if (k % 2 && n > 2) expect(sa[1]).not.toBeNaN();
    }
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
