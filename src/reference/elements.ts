/**
 * Readable TypeScript impedance of every element and its analytic gradient, at one
 * frequency: the oracle the WASM kernels are tested against, and the no-WASM fallback.
 * Each function lives in its element's file in src/elements/ (written from the formulas in
 * the element table, not from the AssemblyScript code); this is the lookup by symbol.
 */
import { ELEMENT_DEFINITIONS } from '../elements/table.ts';
import type { ElementFn } from '../elements/types.ts';

export type { ElementValue } from '../elements/types.ts';

/** Reference element functions by table symbol. */
export const REFERENCE_ELEMENTS: Readonly<Record<string, ElementFn>> = Object.fromEntries(
  ELEMENT_DEFINITIONS.map((d) => [d.spec.symbol, d.impedance]),
);
