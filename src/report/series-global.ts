/**
 * The global fit of a temperature series in words, tables and plots (temperatureSeries({ global }),
 * issue 13): Ea by the constrained global fit and by the two-step GLS route side by side, the
 * lack-of-fit verdict with its reason, the lines for the Arrhenius plot and the residuals of
 * every spectrum. Shared by the HTML report (seriesBlocks) and `eiskit series --global`.
 */
import { BOLTZMANN_EV } from '../analysis/arrhenius.ts';
import type { TemperatureSeriesResult } from '../analysis/series.ts';
import { pText, type SeriesGlobal } from '../analysis/series-global.ts';
import { eaText, renderSvg, residualsPlot, type ArrheniusLineLike } from '../plot/index.ts';
import type { Block } from './html.ts';

/** The role of the bulk resistance in words, e.g. "R1 ∝ e^{Ea/k_B T} (σ form)". */
function lawText(g: SeriesGlobal): string {
  const form = g.constrained.form;
  const law = form === 'sigma' ? 'σ law' : form === 'sigmaT' ? 'σT law' : 'VTF law';
  return `${g.bulk} on the ${law}${g.shared.length ? `, ${g.shared.join(', ')} shared` : ', nothing shared'}`;
}

/** Rows [route, Ea (eV) ± stderr, 95 % interval (eV)] of both routes and of the per-spectrum line. */
export function globalRouteRows(s: TemperatureSeriesResult): string[][] {
  const g = s.global;
  if (!g) return [];
  const ci = (c: readonly [number, number]) => `${c[0].toFixed(4)} – ${c[1].toFixed(4)}`;
  const c = g.constrained, t = g.twoStep, a = s.arrhenius;
  const what = c.form === 'vtf' ? 'B' : 'Ea';
  return [
    [`constrained global fit (${lawText(g)})`, `${what} = ${eaText(c.activationEnergyEv, c.stderr)}`, ci(c.ci95)],
    ['two-step: GLS of ln σ with the full covariance of ln R from the global fit with the bulk local', t ? `Ea = ${eaText(t.activationEnergyEv, t.stderr)}` : 'no Ea (see warnings)', t ? ci(t.ci95) : '—'],
    [`independent fits, ${a.weighted ? 'weighted' : 'unweighted'} line`, `Ea = ${eaText(a.activationEnergyEv, a.stderr)}`, ci(a.ci95)],
  ];
}

/** "Lack of fit of the temperature law: consistent — reason." */
export function lackOfFitText(g: SeriesGlobal): string {
  const l = g.lackOfFit;
  if (!l) return 'Lack of fit of the temperature law: not tested.';
  const caveat = l.verdict === 'violated' || l.verdict === 'suspect'
    ? ' Neither Ea then describes the data, and the two routes need not agree: the errors of ln R across temperatures are strongly correlated through the shared parameters (a common shift costs little: correlations 0.86–0.92 on a synthetic 7-temperature series under a VTF truth), so the GLS line may lie on one side of all its points (there, all seven above it, by up to 1.8 standard errors).'
    : '';
  return `Lack of fit of the temperature law: ${l.verdict} (p = ${pText(l.p)}) — ${l.reason}.${caveat}`;
}

/** The constrained and two-step lines for arrheniusSpec's `lines` (in the series' Arrhenius form; a VTF law has no straight line). */
export function globalArrheniusLines(s: TemperatureSeriesResult): ArrheniusLineLike[] {
  const g = s.global;
  if (!g) return [];
  const out: ArrheniusLineLike[] = [];
  const c = g.constrained;
  if (c.form === s.arrhenius.form && c.prefactor !== null && c.prefactor > 0) {
    out.push({ label: `constrained: Ea = ${eaText(c.activationEnergyEv, c.stderr)}`, slope: -c.activationEnergyEv / BOLTZMANN_EV, intercept: Math.log(c.prefactor) });
  }
  if (g.twoStep) out.push({ label: `two-step GLS: Ea = ${eaText(g.twoStep.activationEnergyEv, g.twoStep.stderr)}`, slope: g.twoStep.arrhenius.slope, intercept: g.twoStep.arrhenius.intercept });
  return out;
}

/** The report blocks of the global fit: both routes, the verdict, the residuals of every spectrum. */
export async function seriesGlobalBlocks(s: TemperatureSeriesResult): Promise<Block[]> {
  const g = s.global;
  if (!g) return [];
  const f = g.constrained.fit;
  return [
    { kind: 'heading', text: 'Global fit of the series', level: 3 },
    { kind: 'paragraph', text: `One fit of all ${f.spectra.length} spectra with ${lawText(g)} (χ²/ν = ${f.reducedChi2.toPrecision(4)}, ν = ${f.dof}, ${f.quality.verdict}), against the two-step route done properly: the same global fit with ${g.bulk} free per temperature, then generalised least squares of ln σ on 1/T with the full covariance of ln ${g.bulk} across temperatures (the shared parameters correlate it).` },
    { kind: 'table', caption: `Activation energy of ${g.bulk} by each route`, columns: ['route', 'Ea (eV)', '95 % interval (eV)'], rows: globalRouteRows(s) },
    { kind: 'paragraph', text: lackOfFitText(g) },
    {
      kind: 'plots', svgs: [await renderSvg(residualsPlot(g.residuals.map((r) => ({ label: `${(r.temperatureK - 273.15).toFixed(1)} °C`, freq: r.freq, residuals: r })), { title: 'Residuals of every spectrum (constrained global fit)' }))],
    },
  ];
}
