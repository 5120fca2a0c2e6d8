/**
 * The look shared by every eiskit plot: fixed generic font, fixed palette, sizes. Nothing here
 * depends on the runtime, so a spec renders the same way every time in one environment.
 */
import type { Config } from 'vega-lite';

/** Vega-Lite schema the specs are written against (vega-lite 6). */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Series colours in order (Tableau 10, colour-blind friendly enough for a handful of series). */
export const PALETTE: readonly string[] = [
  '#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac',
];

/** A colour per label, cycling through {@link PALETTE}. */
export function colours(n: number): string[] {
  return Array.from({ length: n }, (_, i) => PALETTE[i % PALETTE.length]!);
}

/** Plot config: generic font (no font files needed), white background, quiet grid. */
export function config(): Config {
  return {
    font: 'sans-serif',
    background: 'white',
    padding: 8,
    view: { stroke: '#888' },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', tickColor: '#888', domainColor: '#888' },
    legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 320, titleLimit: 320 },
    title: { fontSize: 13, fontWeight: 'normal', subtitleFontSize: 11, anchor: 'start' },
    point: { size: 28 },
    line: { strokeWidth: 1.5 },
  };
}

/** Point and line styles of data and fitted curves. */
export const DATA_POINT = { type: 'point', filled: true, size: 28, opacity: 0.85 } as const;
export const FIT_LINE = { type: 'line', strokeWidth: 1.6 } as const;

/** Default plot sizes (px of the data rectangle). */
export const SIZE = { width: 420, height: 420, bodeMagnitude: 220, bodePhase: 160, kk: 200, panelWidth: 200, panelHeight: 140 } as const;

/**
 * Colour by spectrum label, the palette in the spectra's order. The legend shows when there is
 * something to tell apart: several spectra, labels given, or fitted curves next to the data.
 */
export function seriesColor(labels: readonly string[], showLegend: boolean, anyFit: boolean) {
  return {
    field: 'series', type: 'nominal' as const,
    scale: { domain: [...labels], range: colours(labels.length) },
    legend: showLegend || anyFit ? { title: anyFit ? 'points: data, lines: fit' : null } : null,
  };
}

/** The common top of a single-view spec: schema, theme, optional title, size of the data rectangle. */
export function frame(title: string | undefined, width: number, height: number) {
  return { $schema: SCHEMA, config: config(), ...(title !== undefined ? { title } : {}), width, height };
}
