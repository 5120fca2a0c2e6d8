/** AST → postfix {@link Program} with its parameter layout. */
import type { CircuitNode } from './ast.ts';
import { OP_ELEM, OP_PAR, OP_SER, type ElementInstance, type Program } from './program.ts';
import { elementBySymbol, paramName } from '../elements/index.ts';
import { EisError } from '../errors.ts';

export function compileCircuit(root: CircuitNode): Program {
  const words: number[] = [];
  const elements: ElementInstance[] = [];
  const paramNames: string[] = [];
  const units: string[] = [];
  const defaults: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let nodeCount = 0;

  const emit = (node: CircuitNode): number => {
    if (node.kind === 'element') {
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
    }
    const children = node.children.map(emit);
    words.push(node.kind === 'series' ? OP_SER : OP_PAR, children.length, ...children);
    return nodeCount++;
  };
  emit(root);

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
