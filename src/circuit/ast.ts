/**
 * Circuit syntax tree produced by {@link parseCircuitAst} (see `./parse`).
 *
 * Invariants of parser output: series and parallel nodes have at least 2 children, a series
 * node never has a series child (nested series are flattened), parallel nodes are kept as
 * written (a parallel child of a parallel node is preserved, so printing round-trips).
 */
import type { ElementSymbol } from '../elements/table.ts';

/** Half-open range `[start, end)` of indices into the source string. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One circuit element, e.g. `R0`, `CPE1`, `R_0`. */
export interface ElementNode extends Span {
  readonly kind: 'element';
  /** Element table symbol (`R`, `CPE`, `Wo`, …). */
  readonly symbol: ElementSymbol;
  /** Full element name: symbol plus index (`CPE1`). */
  readonly name: string;
}

/** Elements connected in series (at least 2 children, none of them a series node). */
export interface SeriesNode extends Span {
  readonly kind: 'series';
  readonly children: readonly CircuitNode[];
}

/** Elements connected in parallel (at least 2 children). */
export interface ParallelNode extends Span {
  readonly kind: 'parallel';
  readonly children: readonly CircuitNode[];
}

/** Any node of a circuit tree. */
export type CircuitNode = ElementNode | SeriesNode | ParallelNode;

/** Circuit string syntax: impedance.py (`R0-p(R1,C1)`) or Boukamp CDC (`R(RC)`). */
export type CircuitSyntax = 'impedancepy' | 'cdc';

/**
 * Structural equality of two circuit trees, ignoring source spans.
 *
 * Element nodes are equal when symbol and name match; series/parallel nodes when their
 * children are pairwise equal in order.
 */
export function circuitsEqual(a: CircuitNode, b: CircuitNode): boolean {
  if (a.kind === 'element' || b.kind === 'element') {
    return a.kind === 'element' && b.kind === 'element' && a.symbol === b.symbol && a.name === b.name;
  }
  if (a.kind !== b.kind || a.children.length !== b.children.length) return false;
  return a.children.every((child, i) => circuitsEqual(child, b.children[i]!));
}
