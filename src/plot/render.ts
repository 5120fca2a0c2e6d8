/**
 * Headless rendering: Vega-Lite spec → Vega spec → SVG text, with vega's 'none' renderer (no
 * canvas or DOM needed, so it runs in Node, browsers and workers alike).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View, Warn } from 'vega';
import { EisError, show } from '../errors.ts';
import { options as checkOpts } from './input.ts';

export interface RenderOptions {
  /** Scale factor of the SVG's width and height. @default 1 */
  scale?: number;
}

/**
 * Renders a Vega-Lite spec (from nyquistSpec(), bodeSpec() … or your own) to an SVG string.
 * Element ids (clip paths, gradients) are numbered per document, so the same spec gives the same
 * text in every call. Text widths come from a canvas where there is one (browsers) and from an
 * estimate elsewhere (Node), so the layout can differ by a few pixels between the two.
 * @example const svg = await renderSvg(nyquistSpec(spectrum));
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`spec\` must be a Vega-Lite spec object; got ${show(spec)}.`, { argument: 'spec' });
  }
  const o = checkOpts('options', options);
  const scale = o.scale ?? 1;
  if (typeof scale !== 'number' || !(scale > 0 && scale <= 100)) {
    throw new EisError('E_ARG_RANGE', `invalid option. \`scale\` must be a number in (0, 100]; got ${show(scale)}.`, { argument: 'scale', value: scale });
  }
  let vg;
  try {
    vg = compile(spec).spec;
  } catch (e) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`spec\` is not a valid Vega-Lite spec: ${(e as Error).message}`, { argument: 'spec', cause: e });
  }
  const view = new View(parse(vg), { renderer: 'none', logLevel: Warn });
  try {
    return renumberIds(await view.toSVG(scale));
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers clip paths and gradients with process-wide counters; renumbered in order of
 * appearance (and their references with them) the text no longer depends on earlier renders.
 */
export function renumberIds(svg: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `eiskit-${ids.size + 1}`);
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (all, lead: string, id: string) => {
    const to = ids.get(id);
    return to === undefined ? all : lead + to;
  });
}
