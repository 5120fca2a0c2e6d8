/** The app's plots (rendered in the page: SVG strings from the plot module). */
import { bodeSpec, kkResidualsSpec, nyquistSpec, renderSvg } from '../src/plot/index.ts';
import type { SpectrumResult } from './protocol.ts';

/** Nyquist and Bode with the fitted curve, and the Lin-KK residuals. */
export function spectrumPlots(s: SpectrumResult): Promise<string[]> {
  const sp = { freq: s.freq, re: s.re, im: s.im, label: s.label, fit: { fitted: s.fit.fitted } };
  return Promise.all([
    renderSvg(nyquistSpec(sp, { title: 'Nyquist (data and fit)' })),
    renderSvg(bodeSpec(sp, { title: 'Bode' })),
    renderSvg(kkResidualsSpec(s.freq, { residuals: s.kk.residuals, threshold: s.kk.threshold }, { title: 'Lin-KK residuals' })),
  ]);
}
