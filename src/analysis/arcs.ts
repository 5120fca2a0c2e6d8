/** The R‖C and R‖CPE arcs of a circuit and their effective capacitances. */
import type { Circuit } from '../circuit/circuit.ts';
import type { CircuitNode } from '../circuit/ast.ts';
import { effectiveCapacitance } from './conductivity.ts';

/** An R‖C or R‖CPE arc of the circuit: the names of its R, capacitive parameters and element. */
export interface Arc {
  r: string;
  element: string;
  symbol: 'C' | 'CPE';
  params: string[];
}

/** Arcs at the top level of the circuit (series children of the form p(R, C) or p(R, CPE)). */
export function findArcs(ast: CircuitNode): Arc[] {
  const tops = ast.kind === 'series' ? ast.children : [ast];
  const arcs: Arc[] = [];
  for (const node of tops) {
    if (node.kind !== 'parallel' || node.children.length !== 2) continue;
    const [a, b] = node.children;
    if (a?.kind !== 'element' || b?.kind !== 'element') continue;
    const r = a.symbol === 'R' ? a : b.symbol === 'R' ? b : null;
    const q = r === a ? b : a;
    if (!r || (q.symbol !== 'C' && q.symbol !== 'CPE')) continue;
    arcs.push({ r: r.name, element: q.name, symbol: q.symbol, params: q.symbol === 'C' ? [q.name] : [`${q.name}.Q`, `${q.name}.alpha`] });
  }
  return arcs;
}

/** Effective capacitance of an arc from a fit. */
export function arcCapacitance(c: Circuit, arc: Arc, p: Float64Array): number {
  const R = p[c.paramIndex(arc.r)]!;
  if (arc.symbol === 'C') return p[c.paramIndex(arc.params[0]!)]!;
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
