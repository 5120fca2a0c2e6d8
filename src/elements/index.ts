/** Lookups over the element table. */
import { ELEMENT_DEFINITIONS, ELEMENTS, type ElementSpec } from './table.ts';
import type { ElementDefinition } from './types.ts';

const BY_SYMBOL = new Map<string, ElementSpec>(ELEMENTS.map((e) => [e.symbol, e]));
const BY_OP = new Map<number, ElementSpec>(ELEMENTS.map((e) => [e.op, e]));
const DEFINITION_BY_SYMBOL = new Map<string, ElementDefinition>(ELEMENT_DEFINITIONS.map((d) => [d.spec.symbol, d]));

/** The table entry of a symbol, or undefined. */
export function elementBySymbol(symbol: string): ElementSpec | undefined {
  return BY_SYMBOL.get(symbol);
}

/** The table entry of an op id, or undefined. */
export function elementByOp(op: number): ElementSpec | undefined {
  return BY_OP.get(op);
}

/** The full definition (reference, role, start-value rule, …) of a symbol, or undefined. */
export function definitionBySymbol(symbol: string): ElementDefinition | undefined {
  return DEFINITION_BY_SYMBOL.get(symbol);
}

/** Full parameter name: `R1` for one-parameter elements, `CPE1.alpha` otherwise. */
export function paramName(elementName: string, spec: ElementSpec, k: number): string {
  return spec.params.length === 1 ? elementName : `${elementName}.${spec.params[k]!.name}`;
}

/** impedance.py's positional alias: `R1` / `CPE1_0`. */
export function paramAlias(elementName: string, spec: ElementSpec, k: number): string {
  return spec.params.length === 1 ? elementName : `${elementName}_${k}`;
}

/** An element name (symbol letters + index of digits and `_`), optionally `.param`. */
const PARAM_NAME = /^([A-Za-z]+)[0-9_]+(?:\.([A-Za-z]+))?$/;

/**
 * The table unit (`'Ohm'`, `'S s^a'`, `''`, …) of a full parameter name as {@link paramName}
 * writes it (`R1`, `CPE1.alpha`), or undefined when the name is not one.
 */
export function unitOfParamName(name: string): string | undefined {
  const m = PARAM_NAME.exec(name);
  const spec = m ? BY_SYMBOL.get(m[1]!) : undefined;
  if (!spec) return undefined;
  const k = m![2] === undefined ? (spec.params.length === 1 ? 0 : -1) : spec.params.length > 1 ? spec.params.findIndex((p) => p.name === m![2]) : -1;
  return k >= 0 ? spec.params[k]!.unit : undefined;
}

export { ELEMENTS, ELEMENT_DEFINITIONS };
export type { ElementSpec, ParamSpec, ElementSymbol } from './table.ts';
export type { ElementDefinition, ElementRole, GuessRule, GuessScale, ArcFeature, TailFeature, CapacitanceKind } from './types.ts';
