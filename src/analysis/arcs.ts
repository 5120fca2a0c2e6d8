/** The R‖C and R‖CPE arcs of a circuit and their effective capacitances. */
import type { Circuit } from '../circuit/circuit.ts';
import type { CircuitNode } from '../circuit/ast.ts';
import { definitionBySymbol, paramName, type CapacitanceKind, type ElementSymbol } from '../elements/index.ts';
import { effectiveCapacitance } from './conductivity.ts';

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

/** Effective capacitance of an arc from a fit. */
export function arcCapacitance(c: Circuit, arc: Arc, p: Float64Array): number {
  const R = p[c.paramIndex(arc.r)]!;
  if (arc.kind === 'ideal') return p[c.paramIndex(arc.params[0]!)]!;
  const Q = p[c.paramIndex(arc.params[0]!)]!, alpha = p[c.paramIndex(arc.params[1]!)]!;
  return R > 0 && Q > 0 && alpha > 0 && alpha <= 1 ? effectiveCapacitance({ resistance: R, q: Q, alpha }).capacitance : Number.NaN;
}

/** The arc with the largest effective capacitance (an electrode interface rather than the bulk); null without arcs. */
export function largestCapacitanceArc(c: Circuit, p: Float64Array): Arc | null {
  let best: Arc | null = null, bestC = -Infinity;
  for (const a of findArcs(c.ast)) {
    const cap = arcCapacitance(c, a, p);
    if (cap > bestC) {
      best = a;
      bestC = cap;
    }
  }
  return best;
}
