/**
 * A plot rendered in the page as a live vega View (SVG elements built through the DOM, never
 * from markup), so that a brush can be dragged on it. `onBrush` gets the brush's value when
 * the pointer is released after a drag; dispose() finalises the view and drops its listeners.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View, Warn } from 'vega';
import { BRUSH } from './crop-spec.ts';

export type BrushValue = Record<string, number[]>;

export async function livePlot(container: HTMLElement, spec: TopLevelSpec, onBrush?: (value: BrushValue) => void): Promise<() => void> {
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container, hover: true, logLevel: Warn });
  await view.runAsync();
  let pending: BrushValue | null = null;
  const release = () => {
    const value = pending;
    pending = null;
    if (value) onBrush?.(value);
  };
  if (onBrush) {
    view.addSignalListener(BRUSH, (_name, value) => {
      pending = value && Object.keys(value).length ? (value as BrushValue) : null;
    });
    window.addEventListener('pointerup', release);
  }
  return () => {
    window.removeEventListener('pointerup', release);
    view.finalize();
  };
}
