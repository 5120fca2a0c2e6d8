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
 * Deepest nesting of groups a circuit string may have: `p(` in impedance.py syntax, `(` and `[`
 * in CDC. Deeper strings are rejected with `E_SYNTAX` at the opening parenthesis past the limit,
 * so no recursion over a parsed tree (here or in the fit, analysis and reference code) can
 * overflow the stack.
 */
export const MAX_CIRCUIT_DEPTH = 256;

/**
 * Deepest chain of series/parallel nodes a tree may have: within {@link MAX_CIRCUIT_DEPTH}
 * nesting levels a parsed tree alternates parallel and series nodes, so at most twice as many
 * plus the root. Hand-built trees (`new Circuit(ast)`) are held to it by the compiler.
 */
export const MAX_TREE_DEPTH = 2 * MAX_CIRCUIT_DEPTH + 1;

/** A series or parallel node. */
export type GroupNode = SeriesNode | ParallelNode;

/**
 * Post-order fold over a tree without recursion (any depth): `leaf` for every element, `group`
 * for every series/parallel node with its children's results in order; elements are visited
 * left to right. `parent` is the kind of the enclosing node (undefined at the root).
 */
export function foldCircuit<T>(
  root: CircuitNode,
  leaf: (node: ElementNode, parent: GroupNode['kind'] | undefined) => T,
  group: (node: GroupNode, results: T[], parent: GroupNode['kind'] | undefined) => T,
): T {
  if (root.kind === 'element') return leaf(root, undefined);
  const frames: { node: GroupNode; results: T[] }[] = [{ node: root, results: [] }];
  for (;;) {
    const top = frames[frames.length - 1]!;
    const { children } = top.node;
    if (top.results.length < children.length) {
      const child = children[top.results.length]!;
      if (child.kind === 'element') top.results.push(leaf(child, top.node.kind));
      else frames.push({ node: child, results: [] });
      continue;
    }
    frames.pop();
    const parent = frames[frames.length - 1];
    const value = group(top.node, top.results, parent?.node.kind);
    if (!parent) return value;
    parent.results.push(value);
  }
}

/**
 * The number of series/parallel nodes on the longest root-to-leaf path, counted without
 * recursion and only up to `cap`: a deeper (or cyclic, hand-built) tree returns `cap + 1`.
 */
export function treeDepth(root: CircuitNode, cap: number = MAX_TREE_DEPTH): number {
  if (root.kind === 'element') return 0;
  const frames: { node: GroupNode; next: number }[] = [{ node: root, next: 0 }];
  let deepest = 1;
  while (frames.length > 0) {
    const top = frames[frames.length - 1]!;
    const child = top.node.children[top.next++];
    if (child === undefined) frames.pop();
    else if (child.kind !== 'element') {
      frames.push({ node: child, next: 0 });
      if (frames.length > deepest) deepest = frames.length;
      if (deepest > cap) return cap + 1;
    }
  }
  return deepest;
}

/**
 * Structural equality of two circuit trees, ignoring source spans (without recursion).
 *
 * Element nodes are equal when symbol and name match; series/parallel nodes when their
 * children are pairwise equal in order.
 */
export function circuitsEqual(a: CircuitNode, b: CircuitNode): boolean {
  const pairs: [CircuitNode, CircuitNode][] = [[a, b]];
  while (pairs.length > 0) {
    const [x, y] = pairs.pop()!;
    if (x.kind === 'element' || y.kind === 'element') {
      if (!(x.kind === 'element' && y.kind === 'element' && x.symbol === y.symbol && x.name === y.name)) return false;
      continue;
    }
    if (x.kind !== y.kind || x.children.length !== y.children.length) return false;
    for (let i = 0; i < x.children.length; i++) pairs.push([x.children[i]!, y.children[i]!]);
  }
  return true;
}
