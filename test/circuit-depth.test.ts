/**
 * Deep and long circuits: nesting past MAX_CIRCUIT_DEPTH is a clean E_SYNTAX at the parenthesis
 * that opens one level too many (never a stack overflow), the limit itself parses, prints,
 * compiles and evaluates, and a series of many thousand elements works end to end.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Circuit, CircuitSyntaxError, EisError, initialGuess, logFrequencies, parseCircuit, simulate, type CircuitNode } from '../src/index.ts';
import { parseCircuitAst } from '../src/circuit/parse.ts';
import { printCdc, printCircuit } from '../src/circuit/print.ts';
import { circuitsEqual, MAX_CIRCUIT_DEPTH, MAX_TREE_DEPTH } from '../src/circuit/ast.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

/** `p(p(…p(R0,R1),R2)…,Rdepth)`: `depth` nested parallel blocks of resistors. */
function nestedParallel(depth: number): string {
  const parts = ['p('.repeat(depth), 'R0,R1)'];
  for (let k = 2; k <= depth; k++) parts.push(`,R${k})`);
  return parts.join('');
}

/** CDC `((…(RR)R)…R)`. */
function nestedCdc(depth: number, open = '(', close = ')'): string {
  return `${open.repeat(depth)}RR${close}${`R${close}`.repeat(depth - 1)}`;
}

const series = (n: number) => Array.from({ length: n }, (_, k) => `R${k}`).join('-');

function syntaxError(fn: () => unknown): CircuitSyntaxError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CircuitSyntaxError);
  expect((err as EisError).code).toBe('E_SYNTAX');
  return err as CircuitSyntaxError;
}

describe('circuit nesting depth', () => {
  it(`100 000 nested p( is E_SYNTAX at the parenthesis opening level ${MAX_CIRCUIT_DEPTH + 1}, not a stack overflow`, () => {
    const e = syntaxError(() => parseCircuit(nestedParallel(100_000)));
    expect(e.start).toBe(2 * MAX_CIRCUIT_DEPTH); // each level is the two characters 'p('
    expect(e.end).toBe(2 * MAX_CIRCUIT_DEPTH + 2);
    expect(e.message).toMatch(new RegExp(`deeper than ${MAX_CIRCUIT_DEPTH} levels`));
  });

  it('one level past the limit is rejected there, in both syntaxes and for [ groups', () => {
    expect(syntaxError(() => parseCircuitAst(nestedParallel(MAX_CIRCUIT_DEPTH + 1))).start).toBe(2 * MAX_CIRCUIT_DEPTH);
    expect(syntaxError(() => parseCircuitAst(nestedCdc(MAX_CIRCUIT_DEPTH + 1), 'cdc')).start).toBe(MAX_CIRCUIT_DEPTH);
    expect(syntaxError(() => parseCircuitAst(nestedCdc(100_000), 'cdc')).start).toBe(MAX_CIRCUIT_DEPTH);
    // brackets count too, though a one-item series group adds no tree node
    expect(syntaxError(() => parseCircuitAst(`${'['.repeat(MAX_CIRCUIT_DEPTH + 1)}R${']'.repeat(MAX_CIRCUIT_DEPTH + 1)}`, 'cdc')).start).toBe(MAX_CIRCUIT_DEPTH);
    // closed groups do not count: the depth is the nesting, not the number of groups
    const siblings = Array.from({ length: 2 * MAX_CIRCUIT_DEPTH }, (_, k) => `p(R${2 * k},R${2 * k + 1})`).join('-');
    expect(parseCircuit(siblings).paramNames.length).toBe(4 * MAX_CIRCUIT_DEPTH);
  });

  it(`exactly ${MAX_CIRCUIT_DEPTH} levels parse, print, round-trip, compile and evaluate on both backends`, () => {
    const source = nestedParallel(MAX_CIRCUIT_DEPTH);
    const c = parseCircuit(source);
    expect(c.toString()).toBe(source);
    expect(circuitsEqual(parseCircuitAst(c.toString()), c.ast)).toBe(true);
    const cdc = c.toCDC();
    expect(cdc).toBe(nestedCdc(MAX_CIRCUIT_DEPTH));
    expect(circuitsEqual(parseCircuitAst(cdc, 'cdc'), parseCircuitAst(nestedCdc(MAX_CIRCUIT_DEPTH), 'cdc'))).toBe(true);
    // 257 resistors of 1 kΩ in parallel
    const params = new Float64Array(MAX_CIRCUIT_DEPTH + 1).fill(1000);
    for (const backend of ['wasm', 'js'] as const) {
      const z = c.impedance([1, 1e3], params, { backend });
      expect(z.re[0]).toBeCloseTo(1000 / (MAX_CIRCUIT_DEPTH + 1), 9);
      expect(Math.abs(z.im[1]!)).toBe(0); // resistors only
    }
  });

  it('start values are estimated for a circuit at the limit (the estimator walks the tree recursively)', () => {
    const c = parseCircuit(nestedParallel(MAX_CIRCUIT_DEPTH).replace('R0,R1)', 'R0,C1)'));
    const f = logFrequencies(1e5, 1, 20);
    const truth = c.paramNames.map((n) => (n === 'C1' ? 1e-6 : 1e5));
    const guess = initialGuess(c, simulate(c, f, truth));
    expect(guess.length).toBe(MAX_CIRCUIT_DEPTH + 1);
    guess.forEach((v) => expect(Number.isFinite(v)).toBe(true));
  });

  it(`a hand-built tree deeper than ${MAX_TREE_DEPTH} levels, or cyclic, is E_ARG_RANGE from new Circuit()`, () => {
    let deep: CircuitNode = { kind: 'element', symbol: 'R', name: 'R0', start: 0, end: 0 };
    for (let k = 1; k <= 50_000; k++) {
      const leaf: CircuitNode = { kind: 'element', symbol: 'R', name: `R${k}`, start: 0, end: 0 };
      deep = { kind: k % 2 ? 'parallel' : 'series', children: [deep, leaf], start: 0, end: 0 };
    }
    let err: unknown;
    try {
      new Circuit(deep);
    } catch (e) {
      err = e;
    }
    expect((err as EisError).code).toBe('E_ARG_RANGE');
    expect((err as EisError).details).toMatchObject({ limit: MAX_TREE_DEPTH });
    const children: CircuitNode[] = [{ kind: 'element', symbol: 'R', name: 'R0', start: 0, end: 0 }];
    const cyclic = { kind: 'series', children, start: 0, end: 0 } as const;
    children.push(cyclic);
    expect(() => new Circuit(cyclic)).toThrowError(expect.objectContaining({ code: 'E_ARG_RANGE' }) as never);
  });
});

describe('long circuits', () => {
  it('10 000 elements in series parse, print, round-trip and evaluate', () => {
    const source = series(10_000);
    const c = parseCircuit(source);
    expect(c.paramNames.length).toBe(10_000);
    expect(c.toString()).toBe(source);
    expect(circuitsEqual(parseCircuitAst(printCircuit(c.ast)), c.ast)).toBe(true);
    expect(c.toCDC()).toBe('R'.repeat(10_000));
    expect(parseCircuit(c.toCDC(), { syntax: 'cdc' }).paramNames.length).toBe(10_000);
    const params = Float64Array.from({ length: 10_000 }, (_, k) => k + 1);
    for (const backend of ['wasm', 'js'] as const) expect(c.impedance([10], params, { backend }).re[0]).toBe(10_000 * 10_001 / 2);
  });

  it('200 000 branches in one parallel block compile (no spread of the children into a call)', () => {
    const n = 200_000;
    const ast = parseCircuitAst(`p(${Array.from({ length: n }, (_, k) => `R${k}`).join(',')})`);
    expect(printCdc(ast)).toBe(`(${'R'.repeat(n)})`);
    const c = new Circuit(ast);
    expect(c.program.code.length).toBe(3 * n + 2 + n);
    expect(c.program.code[3 * n + 1]).toBe(n);
    expect(c.program.code[4 * n + 1]).toBe(n - 1); // the last child is the last element's node
  });
});
