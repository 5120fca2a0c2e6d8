/**
 * Printers: circuit tree → impedance.py string or Boukamp CDC string.
 *
 * For parser output, `parseCircuitAst(printCircuit(t))` equals `t`, and
 * `parseCircuitAst(printCdc(t), 'cdc')` equals `t` up to element names (CDC renumbers).
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
  switch (node.kind) {
    case 'element': return node.name;
    case 'series': return node.children.map(printCircuit).join('-');
    case 'parallel': return `p(${node.children.map(printCircuit).join(',')})`;
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
  return cdc(node, 'series');
}

function cdc(node: CircuitNode, context: 'series' | 'parallel'): string {
  switch (node.kind) {
    case 'element': return CDC_LETTER.get(node.symbol) ?? node.symbol;
    case 'series': {
      const inner = node.children.map((c) => cdc(c, 'series')).join('');
      return context === 'parallel' ? `[${inner}]` : inner;
    }
    case 'parallel': return `(${node.children.map((c) => cdc(c, 'parallel')).join('')})`;
  }
}
