/**
 * The app's additions to the Nyquist and Bode specs of eiskit/plot: points outside the crop range
 * drawn grey (a sibling layer of each data-point layer with the opposite filter), the excluded
 * frequency bands shaded on the Bode plot, and an interval brush (a Vega-Lite selection named
 * {@link BRUSH}) to drag a new range with.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FrequencyRange } from './protocol.ts';

/** Name of the brush selection; its signal holds { freq: [lo, hi] } (Bode) or { re, negIm } (Nyquist). */
export const BRUSH = 'brush';
/** Colour of points outside the range. */
export const EXCLUDED_COLOUR = '#c4c4c4';

type Layer = { name?: string; mark: unknown; encoding: Record<string, unknown>; transform?: unknown[]; params?: unknown[]; data?: unknown };
type Spec = TopLevelSpec & { layer?: Layer[]; vconcat?: { layer: Layer[] }[] };

/** Vega expression: datum.freq inside the range (true when both ends are open). */
export function rangeExpression(r: FrequencyRange): string {
  const parts = [...(r.fmin !== undefined ? [`datum.freq >= ${r.fmin}`] : []), ...(r.fmax !== undefined ? [`datum.freq <= ${r.fmax}`] : [])];
  return parts.length ? parts.join(' && ') : 'true';
}

/** The data-point layers of a Bode panel split into in-range points and grey excluded points. */
function splitPoints(layers: Layer[], r: FrequencyRange, brush: string[] | null): Layer[] {
  const inside = rangeExpression(r);
  let brushed = brush === null;
  return layers.flatMap((l) => {
    if (!l.name?.endsWith('points')) return [l];
    const params = brushed ? {} : { params: [{ name: BRUSH, select: { type: 'interval', encodings: brush, zoom: false } }] };
    brushed = true;
    const kept: Layer = { ...l, transform: [...(l.transform ?? []), { filter: inside }], ...params };
    const grey: Layer = { ...l, name: `${l.name}_excluded`, transform: [...(l.transform ?? []), { filter: `!(${inside})` }], encoding: { ...l.encoding, color: { value: EXCLUDED_COLOUR } } };
    return inside === 'true' ? [kept] : [grey, kept];
  });
}

/**
 * Nyquist spec (made from the points inside the range, so its axes fit them) with the excluded
 * points added grey, clipped to the plot, and a two-dimensional brush to select points with.
 */
export function croppedNyquist(spec: TopLevelSpec, excluded: readonly { series: string; freq: number; re: number; negIm: number }[]): TopLevelSpec {
  const s = spec as Spec;
  const points = s.layer?.find((l) => l.name === 'points');
  if (!s.layer || !points) throw new Error('croppedNyquist: not a Nyquist spec with a points layer');
  const { x, y } = points.encoding;
  const grey: Layer = { name: 'points_excluded', data: { values: excluded }, mark: { ...(points.mark as object), clip: true }, encoding: { x, y, color: { value: EXCLUDED_COLOUR } } };
  const brushed: Layer = { ...points, params: [{ name: BRUSH, select: { type: 'interval', encodings: ['x', 'y'], zoom: false } }] };
  return { ...s, layer: [...(excluded.length ? [grey] : []), ...s.layer.map((l) => (l === points ? brushed : l))] } as TopLevelSpec;
}

/**
 * Bode spec with the excluded points grey, the bands outside [fmin, fmax] shaded in both panels
 * (from the data's lowest to highest frequency), and a frequency brush on the |Z| panel.
 */
export function croppedBode(spec: TopLevelSpec, r: FrequencyRange, dataRange: [number, number]): TopLevelSpec {
  const s = spec as Spec;
  if (!s.vconcat) throw new Error('croppedBode: not a two-panel Bode spec');
  const [lo, hi] = dataRange;
  const bands = [
    ...(r.fmin !== undefined && r.fmin > lo ? [{ lo, hi: Math.min(r.fmin, hi) }] : []),
    ...(r.fmax !== undefined && r.fmax < hi ? [{ lo: Math.max(r.fmax, lo), hi }] : []),
  ];
  return {
    ...s,
    vconcat: s.vconcat.map((panel, k) => {
      const layers = splitPoints(panel.layer, r, k === 0 ? ['x'] : null);
      const x = layers[0]!.encoding.x as { scale?: unknown };
      const shade: Layer = { name: 'excluded_band', data: { values: bands }, mark: { type: 'rect', color: '#888', opacity: 0.14 }, encoding: { x: { field: 'lo', type: 'quantitative', scale: x.scale }, x2: { field: 'hi' } } };
      return { ...panel, layer: bands.length ? [shade, ...layers] : layers };
    }),
  } as TopLevelSpec;
}
