/**
 * Report blocks for the usual results: one spectrum (fit table, Nyquist, Bode, Lin-KK residuals)
 * and a temperature series (σ table, Arrhenius plot, parameters against temperature).
 */
import type { FitResult } from '../fit/fit.ts';
import type { LinKKResult } from '../kk/linkk.ts';
import type { TemperatureSeriesResult } from '../analysis/series.ts';
import { arrheniusSpec, bodeSpec, eaText, kkResidualsSpec, nyquistSpec, parameterSpec, renderSvg } from '../plot/index.ts';
import type { Block } from './html.ts';

export interface SpectrumData {
  freq: ArrayLike<number>;
  re: ArrayLike<number>;
  im: ArrayLike<number>;
}

/** Heading, fit and KK summary, the parameter table and the three plots of one spectrum. */
export async function spectrumBlocks(label: string, s: SpectrumData, fit?: FitResult | null, kk?: LinKKResult | null): Promise<Block[]> {
  const blocks: Block[] = [{ kind: 'heading', text: label }];
  const lines: string[] = [];
  if (fit) lines.push(`Fit of ${fit.circuit} (${fit.weighting} weighting): ${fit.success ? 'converged' : `did not converge — ${fit.message}`}; χ² = ${fit.chi2.toPrecision(5)}, reduced χ² = ${fit.reducedChi2.toPrecision(4)}, ${fit.iterations} iterations.`);
  if (kk) lines.push(`Lin-KK (${kk.fitType}, ${kk.representation}, M = ${kk.M}, μ = ${kk.mu.toFixed(3)}): ${kk.pass ? 'pass' : 'FAIL'} — largest residual ${(100 * kk.maxResidual).toFixed(2)} % (threshold ${(100 * kk.threshold).toFixed(2)} %), noise estimate ${kk.noiseEstimate.toFixed(3)} %.`);
  for (const l of lines) blocks.push({ kind: 'paragraph', text: l });
  if (fit) {
    blocks.push({ kind: 'table', columns: ['parameter', 'value', 'std. error', 'unit'], rows: fit.paramNames.map((n, k) => [n, fit.params[k]!, fit.stderr[k]!, fit.units[k]!]) });
    if (fit.warnings.length) blocks.push({ kind: 'list', items: fit.warnings });
  }
  const sp = { freq: s.freq, re: s.re, im: s.im, label, fit: fit ? { fitted: fit.fitted } : null };
  const svgs = [await renderSvg(nyquistSpec(sp, { title: 'Nyquist' })), await renderSvg(bodeSpec(sp, { title: 'Bode' }))];
  if (kk) svgs.push(await renderSvg(kkResidualsSpec(s.freq, kk, { title: 'Lin-KK residuals' })));
  blocks.push({ kind: 'plots', svgs });
  return blocks;
}

/** σ(T) table, Arrhenius plot and parameters against temperature of a series. */
export async function seriesBlocks(s: TemperatureSeriesResult, labels?: readonly string[]): Promise<Block[]> {
  const a = s.arrhenius;
  const blocks: Block[] = [
    { kind: 'heading', text: 'Temperature series' },
    { kind: 'paragraph', text: `Ea = ${eaText(a.activationEnergyEv, a.stderr)} (95 % interval ${a.ci95[0].toFixed(4)} – ${a.ci95[1].toFixed(4)} eV), prefactor ${a.prefactor.toPrecision(4)}, r² = ${a.r2.toFixed(5)}; ${a.form === 'sigma' ? 'ln σ' : 'ln σT'} against 1/T over ${a.n} temperatures${a.weighted ? ', weighted by the σ uncertainties' : ''}.` },
    {
      kind: 'table', columns: ['spectrum', 'T (°C)', 'R_bulk (Ω)', '± (Ω)', 'σ (S/cm)', '± (S/cm)', 'bulk arc', 'Lin-KK'],
      rows: s.points.map((p) => [labels?.[p.index] ?? `#${p.index + 1}`, (p.temperatureK - 273.15).toFixed(1), p.bulkResistance, p.bulkStderr, p.sigma, p.sigmaStderr, p.bulkKind ?? '—', p.kk ? (p.kk.pass ? 'pass' : 'FAIL') : '—']),
    },
    {
      kind: 'plots', svgs: [
        await renderSvg(arrheniusSpec(s.points.map((p) => ({ temperatureK: p.temperatureK, sigma: p.sigma, sigmaStderr: p.sigmaStderr })), a, { title: 'Arrhenius' })),
        await renderSvg(parameterSpec(s, null, { title: 'Parameters against temperature', temperature: 'C' })),
      ],
    },
    { kind: 'table', caption: 'Every fitted parameter', columns: s.table.columns, rows: s.table.rows },
  ];
  if (s.warnings.length) blocks.push({ kind: 'list', items: s.warnings });
  return blocks;
}
