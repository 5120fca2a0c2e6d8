/**
 * The temperature series section's plots, as the report draws them: the Arrhenius plot of the
 * independent fits' σ with their line and the constrained and two-step lines (arrheniusSpec with
 * `lines`), and the constrained global fit's residuals of every spectrum (residualsPlot).
 */
import { arrheniusSpec, residualsPlot, type TopLevelSpec } from '../src/plot/index.ts';
import type { SeriesOutcome } from './protocol.ts';

export function seriesSpecs(o: SeriesOutcome): { arrhenius: TopLevelSpec; residuals: TopLevelSpec } {
  // a temperature whose bulk R gave no σ is left out of the line (temperatureSeries says so) and of the plot
  const points = o.points.filter((p) => p.sigma > 0).map((p) => ({ temperatureK: p.temperatureK, sigma: p.sigma, ...(p.sigmaStderr > 0 ? { sigmaStderr: p.sigmaStderr } : {}) }));
  return {
    arrhenius: arrheniusSpec(points, o.independent, { title: 'Arrhenius: independent fits, constrained and two-step lines', label: 'independent fits', lines: o.lines }),
    residuals: residualsPlot(o.residuals.map((r) => ({ label: r.label, freq: r.freq, residuals: { re: r.re, im: r.im } })), { title: 'Residuals of every spectrum (constrained global fit)' }),
  };
}
