/**
 * The R‖C and R‖CPE arcs of a circuit, read from its structure: the fit quality (src/fit/)
 * and the solid-electrolyte workflow (src/analysis/) both need them, so they live with the
 * circuit, below both.
 */
import type { CircuitNode } from './ast.ts';
import { definitionBySymbol, paramName, type CapacitanceKind, type ElementSymbol } from '../elements/index.ts';

/**
 * An R‖X arc of the circuit whose X has a capacitance (its element file declares
 * `capacitance`: C is 'ideal', CPE is 'cpe'): the names of its R, X's parameters and X.
 */
export interface Arc {
  r: string;
  element: string;
  symbol: ElementSymbol;
  /** How the effective capacitance is read from X's parameters. */
  kind: CapacitanceKind;
  params: string[];
}

/** Arcs at the top level of the circuit (series children of the form p(R, X), X with a capacitance). */
export function findArcs(ast: CircuitNode): Arc[] {
  const tops = ast.kind === 'series' ? ast.children : [ast];
  const arcs: Arc[] = [];
  const isResistor = (symbol: string) => definitionBySymbol(symbol)?.role === 'resistive';
  for (const node of tops) {
    if (node.kind !== 'parallel' || node.children.length !== 2) continue;
    const [a, b] = node.children;
    if (a?.kind !== 'element' || b?.kind !== 'element') continue;
    const r = isResistor(a.symbol) ? a : isResistor(b.symbol) ? b : null;
    const q = r === a ? b : a;
    const def = definitionBySymbol(q.symbol);
    if (!r || !def?.capacitance) continue;
    arcs.push({ r: r.name, element: q.name, symbol: q.symbol, kind: def.capacitance, params: def.spec.params.map((_p, k) => paramName(q.name, def.spec, k)) });
  }
  return arcs;
}
