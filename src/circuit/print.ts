/**
 * Printers: circuit tree → impedance.py string or Boukamp CDC string.
 *
 * For parser output, `parseCircuitAst(printCircuit(t))` equals `t`, and
 * `parseCircuitAst(printCdc(t), 'cdc')` equals `t` up to element names (CDC renumbers).
 * Both walk the tree without recursion and join the pieces once, so printing takes time linear
 * in the output at any depth or length.
 */
import { ELEMENTS } from '../elements/table.ts';
import type { CircuitNode } from './ast.ts';

/** Table symbol → CDC letter (first CDC alias, else the symbol). */
const CDC_LETTER: ReadonlyMap<string, string> = new Map(
  ELEMENTS.map((e) => [e.symbol, (e.cdcAliases as readonly string[])[0] ?? e.symbol]),
);

/**
 * Prints a circuit in impedance.py syntax without spaces, e.g. `R0-p(R1,CPE1)-CPE2`.
 *
 * @param node - Root of the circuit tree.
 * @returns The circuit string; element names are printed as stored.
 */
export function printCircuit(node: CircuitNode): string {
  const out: string[] = [];
  // a stack of nodes still to print and text still to write, the next item on top
  const todo: (CircuitNode | string)[] = [node];
  while (todo.length > 0) {
    const item = todo.pop()!;
    if (typeof item === 'string') out.push(item);
    else if (item.kind === 'element') out.push(item.name);
    else {
      if (item.kind === 'parallel') {
        out.push('p(');
        todo.push(')');
      }
      pushChildren(todo, item.children, item.kind === 'series' ? '-' : ',');
    }
  }
  return out.join('');
}

/** Pushes `children` separated by `separator` so that the first child is popped first. */
function pushChildren<T>(todo: (T | string)[], children: readonly T[], separator: string): void {
  for (let i = children.length - 1; i >= 0; i--) {
    todo.push(children[i]!);
    if (i > 0 && separator) todo.push(separator);
  }
}

/**
 * Prints a circuit in Boukamp CDC syntax, e.g. `R(RQ)Q` or `R(C[RW])`.
 *
 * Elements print as the table's first CDC alias if any (CPE → `Q`, Wo → `O`), else their
 * symbol; element indices are dropped. A series inside a parallel is bracketed `[…]`.
 *
 * @param node - Root of the circuit tree.
 * @returns The CDC string.
 */
export function printCdc(node: CircuitNode): string {
  const out: string[] = [];
  const todo: ({ node: CircuitNode; inParallel: boolean } | string)[] = [{ node, inParallel: false }];
  while (todo.length > 0) {
    const item = todo.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const { node: n, inParallel } = item;
    if (n.kind === 'element') {
      out.push(CDC_LETTER.get(n.symbol) ?? n.symbol);
      continue;
    }
    // a series inside a parallel needs brackets; at the top or inside a series it is juxtaposed
    const open = n.kind === 'parallel' ? '(' : inParallel ? '[' : '';
    if (open) {
      out.push(open);
      todo.push(open === '(' ? ')' : ']');
    }
    pushChildren(todo, n.children.map((c) => ({ node: c, inParallel: n.kind === 'parallel' })), '');
  }
  return out.join('');
}
