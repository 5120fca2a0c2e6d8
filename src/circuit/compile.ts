/** AST → postfix {@link Program} with its parameter layout. */
import { foldCircuit, MAX_TREE_DEPTH, treeDepth, type CircuitNode } from './ast.ts';
import { OP_ELEM, OP_PAR, OP_SER, type ElementInstance, type Program } from './program.ts';
import { elementBySymbol, paramName } from '../elements/index.ts';
import { EisError } from '../errors.ts';

/**
 * Compiles a tree into the postfix program the kernels run (children before parents, elements
 * in left-to-right order). Walks without recursion; a tree deeper than {@link MAX_TREE_DEPTH}
 * series/parallel levels (which no parsed circuit is) is E_ARG_RANGE.
 */
export function compileCircuit(root: CircuitNode): Program {
  if (treeDepth(root) > MAX_TREE_DEPTH) {
    throw new EisError('E_ARG_RANGE', `invalid argument. a circuit tree may nest at most ${MAX_TREE_DEPTH} series/parallel levels (circuit strings: ${MAX_TREE_DEPTH >> 1} groups); this one is deeper (or cyclic).`, { argument: 'ast', limit: MAX_TREE_DEPTH });
  }
  const words: number[] = [];
  const elements: ElementInstance[] = [];
  const paramNames: string[] = [];
  const units: string[] = [];
  const defaults: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let nodeCount = 0;

  foldCircuit<number>(
    root,
    (node) => {
      const spec = elementBySymbol(node.symbol);
      if (!spec) throw new EisError('E_UNKNOWN_ELEMENT', `unknown element symbol ${node.symbol}`, { symbol: node.symbol });
      const paramOffset = paramNames.length;
      spec.params.forEach((p, k) => {
        paramNames.push(paramName(node.name, spec, k));
        units.push(p.unit);
        defaults.push(p.default);
        lower.push(p.lower);
        upper.push(p.upper);
      });
      elements.push({ name: node.name, symbol: spec.symbol, op: spec.op, paramOffset, paramCount: spec.params.length });
      words.push(OP_ELEM, spec.op, paramOffset);
      return nodeCount++;
    },
    (node, children) => {
      words.push(node.kind === 'series' ? OP_SER : OP_PAR, children.length);
      for (const child of children) words.push(child); // a loop, not a spread: a series may have more children than a call has arguments
      return nodeCount++;
    },
  );

  return {
    code: Int32Array.from(words),
    nodeCount,
    elements,
    paramNames,
    units,
    defaults: Float64Array.from(defaults),
    lower: Float64Array.from(lower),
    upper: Float64Array.from(upper),
  };
}
