/**
 * The app's plot specs for one spectrum: Nyquist of the points in the cropped range (the others
 * grey where they fall inside) and Bode of the whole spectrum (points outside the range grey,
 * the excluded bands shaded), both with the fitted curve and a brush to choose a new range; and
 * the Lin-KK and Z-HIT residuals over the cropped range.
 */
import { bodeSpec, kkResidualsSpec, nyquistSpec, zhitPlot, type TopLevelSpec } from '../src/plot/index.ts';
import { croppedBode, croppedNyquist } from './crop-spec.ts';
import type { FrequencyRange, SpectrumResult } from './protocol.ts';
import { inRange } from './range.ts';

export interface SpectrumSpecs {
  nyquist: TopLevelSpec;
  bode: TopLevelSpec;
  /** Absent when Lin-KK failed. */
  kk?: TopLevelSpec;
  /** The Z-HIT residuals; absent when Z-HIT failed (or the result has none). */
  zhit?: TopLevelSpec;
}

export function spectrumSpecs(s: SpectrumResult, range: FrequencyRange): SpectrumSpecs {
  const fitted = 'error' in s.fit ? null : { freq: s.fit.freq, re: s.fit.fitted.re, im: s.fit.fitted.im };
  const all = { freq: s.freq, re: s.re, im: s.im, label: s.label, fit: fitted };
  const keep = s.freq.map((f) => inRange(f, range));
  const pick = (a: number[], inside: boolean) => a.filter((_, i) => keep[i] === inside);
  const inside = s.used > 0 ? { ...all, freq: pick(s.freq, true), re: pick(s.re, true), im: pick(s.im, true) } : all;
  const excluded = s.used > 0 ? s.freq.flatMap((freq, i) => (keep[i] ? [] : [{ series: s.label, freq, re: s.re[i]!, negIm: -s.im[i]! }])) : [];
  return {
    nyquist: croppedNyquist(nyquistSpec(inside, { title: 'Nyquist — drag a box to keep the points in it' }), excluded),
    bode: croppedBode(bodeSpec(all, { title: 'Bode — drag across |Z| to crop' }), range, [s.freq.reduce((a, f) => Math.min(a, f), Infinity), s.freq.reduce((a, f) => Math.max(a, f), -Infinity)]),
    ...('error' in s.kk ? {} : { kk: kkResidualsSpec(s.kk.freq, { residuals: s.kk.residuals, threshold: s.kk.threshold, verdict: s.kk.verdict, noiseSigma: s.kk.noiseSigma }, { title: s.used < s.freq.length ? 'Lin-KK residuals (cropped range)' : 'Lin-KK residuals' }) }),
    // zhitPlot gets the points Z-HIT used (those in the range) and the rebuilt |Z| on them
    ...(s.zhit === undefined || 'error' in s.zhit ? {} : { zhit: zhitPlot({ freq: inside.freq, re: inside.re, im: inside.im }, { modulus: Float64Array.from(s.zhit.modulus), threshold: s.zhit.threshold, window: s.zhit.window, pass: s.zhit.pass, maxResidual: s.zhit.maxResidual }, { title: s.used < s.freq.length ? 'Z-HIT (cropped range)' : 'Z-HIT' }) }),
  };
}
