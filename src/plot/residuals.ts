/**
 * Fit residuals of several spectra in one plot (a temperature series' global fit): the relative
 * residuals (Z_exp − Z_fit)/|Z_exp| in % against log f, one colour per spectrum, the real part
 * as solid lines and the imaginary part dashed, around a zero line.
 */
import type { TopLevelSpec } from 'vega-lite';
import { EisError, show } from '../errors.ts';
import { complex, frequencies, options as checkOpts, pixels, sameLength, text, type ComplexLike } from './input.ts';
import { frequencyX } from './scale.ts';
import { SIZE, colours, frame } from './theme.ts';

/** One spectrum's residuals: fractions of |Z| (0.01 = 1 %) at its frequencies. */
export interface ResidualSpectrumLike {
  label: string;
  freq: ArrayLike<number>;
  residuals: ComplexLike;
}

export interface ResidualsPlotOptions {
  /** Data rectangle (px). @default 420 × 240 */
  width?: number;
  height?: number;
  title?: string;
}

/** A row: f (Hz), residual (%), spectrum label and part ('Re' or 'Im'). */
export interface ResidualRow {
  freq: number;
  percent: number;
  series: string;
  part: string;
}

const PARTS = ['Re (solid)', 'Im (dashed)'] as const;

/**
 * The residuals of every spectrum. Labels must be distinct (they are the legend).
 * @example renderSvg(residualsPlot(s.global.residuals.map((r) => ({ label: `${r.temperatureK} K`, freq: r.freq, residuals: r }))))
 */
export function residualsPlot(spectra: readonly ResidualSpectrumLike[], options: ResidualsPlotOptions = {}): TopLevelSpec {
  const o = checkOpts('options', options);
  if (!Array.isArray(spectra) || spectra.length === 0) throw new EisError('E_ARG_TYPE', `invalid argument. \`spectra\` must be a non-empty array of { label, freq, residuals }; got ${show(spectra)}.`, { argument: 'spectra' });
  const rows: ResidualRow[] = [];
  const labels: string[] = [];
  const freqs: Float64Array[] = [];
  Array.from(spectra, (s, k) => {
    if (s === null || typeof s !== 'object') throw new EisError('E_ARG_TYPE', `invalid argument. \`spectra[${k}]\` must be { label, freq, residuals }; got ${show(s)}.`, { argument: `spectra[${k}]` });
    const label = text(`spectra[${k}].label`, s.label);
    if (label === undefined) throw new EisError('E_ARG_TYPE', `invalid argument. \`spectra[${k}].label\` must be a string; got ${show(s.label)}.`, { argument: `spectra[${k}].label` });
    if (labels.includes(label)) throw new EisError('E_ARG_RANGE', `invalid argument. \`spectra[${k}].label\` "${label}" is used twice; labels tell the spectra apart.`, { argument: `spectra[${k}].label` });
    const f = frequencies(`spectra[${k}].freq`, s.freq);
    const r = complex(`spectra[${k}].residuals`, s.residuals);
    sameLength(`spectra[${k}].freq`, f, `spectra[${k}].residuals.re`, r.re);
    labels.push(label);
    freqs.push(f);
    for (let i = 0; i < f.length; i++) {
      rows.push({ freq: f[i]!, percent: 100 * r.re[i]!, series: label, part: PARTS[0] });
      rows.push({ freq: f[i]!, percent: 100 * r.im[i]!, series: label, part: PARTS[1] });
    }
  });
  const width = pixels('width', o.width, SIZE.width), height = pixels('height', o.height, 240);
  const title = text('title', o.title);
  const x = frequencyX(freqs);
  const y = { field: 'percent', type: 'quantitative' as const, scale: { zero: false }, axis: { title: '(Z − Z_fit) / |Z| (%)' } };
  const color = { field: 'series', type: 'nominal' as const, scale: { domain: labels, range: colours(labels.length) }, legend: { title: null } };
  const strokeDash = { field: 'part', type: 'nominal' as const, scale: { domain: [...PARTS], range: [[1, 0], [4, 3]] }, legend: { title: null } };
  return {
    ...frame(title, width, height),
    layer: [
      { name: 'zero', data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeWidth: 1 }, encoding: { y: { field: 'zero', type: 'quantitative' as const } } },
      {
        name: 'residuals', data: { values: rows }, mark: { type: 'line', strokeWidth: 1.2, point: { filled: true, size: 10 } },
        encoding: {
          x, y, color, strokeDash, detail: [{ field: 'series', type: 'nominal' as const }, { field: 'part', type: 'nominal' as const }], order: { field: 'freq', type: 'quantitative' as const },
          tooltip: [{ field: 'series', type: 'nominal' as const }, { field: 'part', type: 'nominal' as const }, { field: 'freq', type: 'quantitative' as const, title: 'f (Hz)', format: '.4~s' }, { field: 'percent', type: 'quantitative' as const, title: 'residual (%)', format: '.3~f' }],
        },
      },
    ],
  };
}
