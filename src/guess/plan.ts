/**
 * The structure of a circuit as the start-value estimator reads it (cached per Circuit): the
 * root as a series of terms — lone R (high-frequency intercept), arcs (a parallel with a
 * resistive and a capacitive path, or an arc element such as K/Zarc/H/G/Gs/Ws/T), tails (lone
 * blocking elements C/CPE/W/Wo/TLMQ, or a parallel of such) and inductors. Element roles come
 * from the element files (src/elements/*.ts).
 */
import type { Circuit } from '../circuit/circuit.ts';
import type { CircuitNode, ElementNode } from '../circuit/ast.ts';
import type { ElementInstance } from '../circuit/program.ts';
import { definitionBySymbol, type ElementRole } from '../elements/index.ts';

export type TermKind = 'R' | 'arc' | 'tail' | 'L' | 'other';

export interface Plan {
  readonly terms: readonly { kind: TermKind; node: CircuitNode }[];
  readonly arcCount: number;
  /** Resistors that share the high-frequency intercept. */
  readonly rCount: number;
  /** A low-frequency tail is expected (a tail term, or diffusion inside an arc as in Randles). */
  readonly hasTail: boolean;
  readonly hasL: boolean;
  readonly byName: ReadonlyMap<string, ElementInstance>;
}

/** Plans are immutable and derived from the (immutable) circuit alone: a cache, not scratch. */
const PLANS = new WeakMap<Circuit, Plan>();

/** The role of an element symbol (undefined for a symbol the table does not know). */
export function roleOf(symbol: string): ElementRole | undefined {
  return definitionBySymbol(symbol)?.role;
}

/** Elements whose impedance diverges as ω → 0 (capacitive or diffusive). */
export const isBlocking = (symbol: string): boolean => roleOf(symbol) === 'blocking';
/** Elements that are a whole arc by themselves (finite at ω → 0, falling to ~0 at ω → ∞). */
const isArcLike = (symbol: string): boolean => roleOf(symbol) === 'arc';
export const isInductive = (symbol: string): boolean => roleOf(symbol) === 'inductive';
/** R and the arc elements: a finite resistance at ω → 0. */
export const isResistive = (symbol: string): boolean => {
  const role = roleOf(symbol);
  return role === 'resistive' || role === 'arc';
};

export function elementsOf(node: CircuitNode, out: ElementNode[] = []): ElementNode[] {
  if (node.kind === 'element') out.push(node);
  else for (const c of node.children) elementsOf(c, out);
  return out;
}

/** Whether |Z| → ∞ as ω → 0 (no DC path). */
function blocksDc(node: CircuitNode): boolean {
  if (node.kind === 'element') return isBlocking(node.symbol);
  return node.kind === 'series' ? node.children.some(blocksDc) : node.children.every(blocksDc);
}

function termKind(node: CircuitNode): TermKind {
  if (node.kind === 'element') {
    const role = roleOf(node.symbol);
    if (role === 'resistive') return 'R';
    if (role === 'inductive') return 'L';
    if (role === 'blocking') return 'tail';
    return role === 'arc' ? 'arc' : 'other';
  }
  const els = elementsOf(node);
  const resistive = els.some((e) => isResistive(e.symbol));
  const capacitive = els.some((e) => isBlocking(e.symbol) || isArcLike(e.symbol));
  if (resistive && capacitive) return 'arc';
  if (capacitive) return 'tail';
  if (els.every((e) => roleOf(e.symbol) === 'resistive')) return 'R';
  return 'other';
}

export function planFor(circuit: Circuit): Plan {
  let plan = PLANS.get(circuit);
  if (plan) return plan;
  const root = circuit.ast;
  const nodes = root.kind === 'series' ? root.children : [root];
  const terms = nodes.map((node) => ({ kind: termKind(node), node }));
  let rCount = 0;
  for (const t of terms) if (t.kind === 'R') rCount += elementsOf(t.node).length;
  // diffusion inside an arc (Randles p(R1-W1,C1)): the arc term itself blocks DC
  const innerTail = terms.some((t) => t.kind === 'arc' && t.node.kind !== 'element' && blocksDc(t.node));
  plan = {
    terms,
    arcCount: terms.filter((t) => t.kind === 'arc').length,
    rCount,
    hasTail: innerTail || terms.some((t) => t.kind === 'tail'),
    hasL: terms.some((t) => t.kind === 'L'),
    byName: new Map(circuit.elements.map((e) => [e.name, e])),
  };
  PLANS.set(circuit, plan);
  return plan;
}
