/** Lookups over the element table. */
import { ELEMENTS, type ElementSpec } from './table.ts';

const BY_SYMBOL = new Map<string, ElementSpec>(ELEMENTS.map((e) => [e.symbol, e]));
const BY_OP = new Map<number, ElementSpec>(ELEMENTS.map((e) => [e.op, e]));

/** The table entry of a symbol, or undefined. */
export function elementBySymbol(symbol: string): ElementSpec | undefined {
  return BY_SYMBOL.get(symbol);
}

/** The table entry of an op id, or undefined. */
export function elementByOp(op: number): ElementSpec | undefined {
  return BY_OP.get(op);
}

/** Full parameter name: `R1` for one-parameter elements, `CPE1.alpha` otherwise. */
export function paramName(elementName: string, spec: ElementSpec, k: number): string {
  return spec.params.length === 1 ? elementName : `${elementName}.${spec.params[k]!.name}`;
}

/** impedance.py's positional alias: `R1` / `CPE1_0`. */
export function paramAlias(elementName: string, spec: ElementSpec, k: number): string {
  return spec.params.length === 1 ? elementName : `${elementName}_${k}`;
}

export { ELEMENTS };
export type { ElementSpec, ParamSpec, ElementSymbol } from './table.ts';
