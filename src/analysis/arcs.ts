/** The R‖C and R‖CPE arcs of a circuit and their effective capacitances. */
import type { Circuit } from '../circuit/circuit.ts';
import { findArcs, type Arc } from '../circuit/arcs.ts';
import { effectiveCapacitance } from './conductivity.ts';

// the arc finder reads only the circuit, so it lives in src/circuit/ (below src/fit/, which uses it too)
export { findArcs, type Arc };

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
