import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { circuitsEqual, type CircuitNode, type CircuitSyntax, type ElementNode } from '../src/circuit/ast.ts';
import { parseCircuitAst } from '../src/circuit/parse.ts';
import { printCdc, printCircuit } from '../src/circuit/print.ts';
import { CDC_SYMBOLS, ELEMENT_SYMBOLS } from '../src/circuit/tokenize.ts';
import type { ElementSymbol } from '../src/elements/table.ts';
import { CircuitSyntaxError, EisError } from '../src/errors.ts';

const FC = { seed: 42, numRuns: 300 } as const;

// ---- tiny AST builders (spans are ignored by circuitsEqual) ----
const el = (name: string): ElementNode => {
  const symbol = /^[A-Za-z]+/.exec(name)![0] as ElementSymbol;
  return { kind: 'element', symbol, name, start: 0, end: 0 };
};
const ser = (...children: CircuitNode[]): CircuitNode => ({ kind: 'series', children, start: 0, end: 0 });
const par = (...children: CircuitNode[]): CircuitNode => ({ kind: 'parallel', children, start: 0, end: 0 });

function nodes(n: CircuitNode): CircuitNode[] {
  return n.kind === 'element' ? [n] : [n, ...n.children.flatMap(nodes)];
}
const leaves = (n: CircuitNode): ElementNode[] => nodes(n).filter((x): x is ElementNode => x.kind === 'element');

/** Expects `fn` to throw a CircuitSyntaxError and returns it. */
function syntaxError(source: string, syntax?: CircuitSyntax): CircuitSyntaxError {
  try {
    parseCircuitAst(source, syntax);
  } catch (e) {
    expect(e).toBeInstanceOf(CircuitSyntaxError);
    return e as CircuitSyntaxError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

interface ErrCase {
  readonly source: string;
  readonly syntax?: CircuitSyntax;
  readonly code: CircuitSyntaxError['code'];
  readonly start: number;
  readonly end: number;
  readonly expected: readonly string[];
  readonly message?: string;
}

function checkError(c: ErrCase): void {
  const e = syntaxError(c.source, c.syntax);
  expect({ code: e.code, start: e.start, end: e.end, expected: e.expected }).toEqual({
    code: c.code, start: c.start, end: c.end, expected: c.expected,
  });
  expect(e).toBeInstanceOf(EisError);
  expect(e.source).toBe(c.source);
  const caret = `\n  ${c.source}\n  ${' '.repeat(c.start)}${'^'.repeat(Math.max(1, c.end - c.start))}`;
  expect(e.message).toContain(caret);
  if (c.message !== undefined) expect(e.message).toContain(c.message);
}

describe('impedance.py syntax', () => {
  it('parses R0-p(R1-Wo1,CPE1) with spans', () => {
    const src = 'R0-p(R1-Wo1,CPE1)';
    const ast = parseCircuitAst(src);
    expect(circuitsEqual(ast, ser(el('R0'), par(ser(el('R1'), el('Wo1')), el('CPE1'))))).toBe(true);
    expect(ast).toMatchObject({ kind: 'series', start: 0, end: 17 });
    const p = (ast as { children: readonly CircuitNode[] }).children[1]!;
    expect(p).toMatchObject({ kind: 'parallel', start: 3, end: 17 });
    expect((p as { children: readonly CircuitNode[] }).children[0]).toMatchObject({ kind: 'series', start: 5, end: 11 });
    expect(leaves(ast).map((l) => [l.symbol, l.name, l.start, l.end])).toEqual([
      ['R', 'R0', 0, 2], ['R', 'R1', 5, 7], ['Wo', 'Wo1', 8, 11], ['CPE', 'CPE1', 12, 16],
    ]);
    expect(printCircuit(ast)).toBe(src);
    expect(printCdc(ast)).toBe('R([RO]Q)');
  });

  it('parses a three-way parallel R0-p(C1,R1,R2)', () => {
    const ast = parseCircuitAst('R0-p(C1,R1,R2)');
    expect(circuitsEqual(ast, ser(el('R0'), par(el('C1'), el('R1'), el('R2'))))).toBe(true);
    expect(printCircuit(ast)).toBe('R0-p(C1,R1,R2)');
  });

  it('parses nested parallels with whitespace: R0-p(p(R1, C1)-R2, C2)', () => {
    const src = 'R0-p(p(R1, C1)-R2, C2)';
    const ast = parseCircuitAst(src);
    expect(circuitsEqual(ast, ser(el('R0'), par(ser(par(el('R1'), el('C1')), el('R2')), el('C2'))))).toBe(true);
    expect(printCircuit(ast)).toBe('R0-p(p(R1,C1)-R2,C2)');
    for (const l of leaves(ast)) expect(src.slice(l.start, l.end)).toBe(l.name);
    expect(leaves(ast).find((l) => l.name === 'C2')).toMatchObject({ start: 19, end: 21 });
    expect(ast).toMatchObject({ start: 0, end: src.length });
  });

  it('parses a series of parallels p(C1,R1)-p(C2,R2)', () => {
    const ast = parseCircuitAst('p(C1,R1)-p(C2,R2)');
    expect(circuitsEqual(ast, ser(par(el('C1'), el('R1')), par(el('C2'), el('R2'))))).toBe(true);
    expect(printCdc(ast)).toBe('(CR)(CR)');
  });

  it('parses a single element as the root', () => {
    const ast = parseCircuitAst('R1');
    expect(ast).toEqual({ kind: 'element', symbol: 'R', name: 'R1', start: 0, end: 2 });
  });

  it('accepts underscore indices: R_0-p(R_1,C_1)-Wo_1', () => {
    const ast = parseCircuitAst('R_0-p(R_1,C_1)-Wo_1');
    expect(circuitsEqual(ast, ser(el('R_0'), par(el('R_1'), el('C_1')), el('Wo_1')))).toBe(true);
    expect(printCircuit(ast)).toBe('R_0-p(R_1,C_1)-Wo_1');
  });

  it('matches the longest letter run, case-sensitively', () => {
    const ast = parseCircuitAst('TLMQ1-Zarc2-La3-Ws4-Gs5-T6-H7-K8-G9-L10-W11-C12');
    expect(leaves(ast).map((l) => l.symbol)).toEqual(['TLMQ', 'Zarc', 'La', 'Ws', 'Gs', 'T', 'H', 'K', 'G', 'L', 'W', 'C']);
  });

  it('ignores whitespace anywhere, spans index the original string', () => {
    const src = ' R 0 -\tp (R1 ,\nC1 ) ';
    const ast = parseCircuitAst(src);
    expect(circuitsEqual(ast, ser(el('R0'), par(el('R1'), el('C1'))))).toBe(true);
    expect(leaves(ast)[0]).toMatchObject({ name: 'R0', start: 1, end: 4 });
    expect(ast).toMatchObject({ start: 1, end: 19 });
    expect((ast as { children: readonly CircuitNode[] }).children[1]).toMatchObject({ kind: 'parallel', start: 7, end: 19 });
  });

  it('keeps parallel-in-parallel as written', () => {
    const ast = parseCircuitAst('p(p(R1,C1),R2)');
    expect(circuitsEqual(ast, par(par(el('R1'), el('C1')), el('R2')))).toBe(true);
  });
});

describe('CDC syntax', () => {
  it('parses R(RQ)(RQ)W with automatic numbering', () => {
    const ast = parseCircuitAst('R(RQ)(RQ)W', 'cdc');
    const want = ser(el('R1'), par(el('R2'), el('CPE1')), par(el('R3'), el('CPE2')), el('W1'));
    expect(circuitsEqual(ast, want)).toBe(true);
    expect(printCircuit(ast)).toBe('R1-p(R2,CPE1)-p(R3,CPE2)-W1');
    expect(printCdc(ast)).toBe('R(RQ)(RQ)W');
    expect(leaves(ast).map((l) => [l.name, l.start, l.end])).toEqual([
      ['R1', 0, 1], ['R2', 2, 3], ['CPE1', 3, 4], ['R3', 6, 7], ['CPE2', 7, 8], ['W1', 9, 10],
    ]);
    expect((ast as { children: readonly CircuitNode[] }).children[1]).toMatchObject({ kind: 'parallel', start: 1, end: 5 });
  });

  it('parses a series group in a parallel: R(C[RW])', () => {
    const ast = parseCircuitAst('R(C[RW])', 'cdc');
    expect(circuitsEqual(ast, ser(el('R1'), par(el('C1'), ser(el('R2'), el('W1')))))).toBe(true);
    expect(printCdc(ast)).toBe('R(C[RW])');
    const inner = ((ast as { children: readonly CircuitNode[] }).children[1] as { children: readonly CircuitNode[] }).children[1];
    expect(inner).toMatchObject({ kind: 'series', start: 3, end: 7 });
  });

  it('parses a bare parallel (RC)', () => {
    const ast = parseCircuitAst('(RC)', 'cdc');
    expect(circuitsEqual(ast, par(el('R1'), el('C1')))).toBe(true);
    expect(ast).toMatchObject({ start: 0, end: 4 });
  });

  it('uses longest match over symbols and aliases', () => {
    const ast = parseCircuitAst('RCPECQWoWOZarcTLMQTLa', 'cdc');
    expect(leaves(ast).map((l) => l.name)).toEqual([
      'R1', 'CPE1', 'C1', 'CPE2', 'Wo1', 'W1', 'Wo2', 'Zarc1', 'TLMQ1', 'T1', 'La1',
    ]);
  });

  it('collapses single-item groups and flattens series groups into series', () => {
    expect(circuitsEqual(parseCircuitAst('(R)', 'cdc'), el('R1'))).toBe(true);
    expect(circuitsEqual(parseCircuitAst('R[CL]W', 'cdc'), ser(el('R1'), el('C1'), el('L1'), el('W1')))).toBe(true);
    expect(circuitsEqual(parseCircuitAst('((RC)Q)', 'cdc'), par(par(el('R1'), el('C1')), el('CPE1')))).toBe(true);
    expect(circuitsEqual(parseCircuitAst(' R ( R Q ) ', 'cdc'), ser(el('R1'), par(el('R2'), el('CPE1'))))).toBe(true);
  });
});

describe('errors', () => {
  const ITEM = ['element', "'p('"];
  const cases: readonly ErrCase[] = [
    // E_UNKNOWN_ELEMENT
    { source: 'R0-p(R1,X1)', code: 'E_UNKNOWN_ELEMENT', start: 8, end: 9, expected: ELEMENT_SYMBOLS, message: 'unknown element `X`' },
    { source: 'R0-CPEX1', code: 'E_UNKNOWN_ELEMENT', start: 3, end: 7, expected: ELEMENT_SYMBOLS, message: '`CPEX`' },
    { source: 'R0-Q1', code: 'E_UNKNOWN_ELEMENT', start: 3, end: 4, expected: ELEMENT_SYMBOLS },
    { source: 'r1', code: 'E_UNKNOWN_ELEMENT', start: 0, end: 1, expected: ELEMENT_SYMBOLS },
    { source: 'p1', code: 'E_UNKNOWN_ELEMENT', start: 0, end: 1, expected: ELEMENT_SYMBOLS, message: 'written `p(`' },
    { source: 'R(RX)', syntax: 'cdc', code: 'E_UNKNOWN_ELEMENT', start: 3, end: 4, expected: CDC_SYMBOLS, message: 'unknown element `X`' },
    // E_DUPLICATE_ELEMENT
    { source: 'R0-p(R1,R0)', code: 'E_DUPLICATE_ELEMENT', start: 8, end: 10, expected: [], message: 'duplicate element `R0` (first at 0..2)' },
    { source: 'R_1 - R_1', code: 'E_DUPLICATE_ELEMENT', start: 6, end: 9, expected: [] },
    // E_SYNTAX, impedance.py
    { source: 'R0-R', code: 'E_SYNTAX', start: 3, end: 4, expected: ['index'], message: 'element `R` needs an index, e.g. R1' },
    { source: 'R_-C1', code: 'E_SYNTAX', start: 0, end: 2, expected: ['index'] },
    { source: '', code: 'E_SYNTAX', start: 0, end: 0, expected: ITEM, message: 'empty circuit string' },
    { source: '   ', code: 'E_SYNTAX', start: 3, end: 3, expected: ITEM, message: 'empty circuit string' },
    { source: 'R0-', code: 'E_SYNTAX', start: 3, end: 3, expected: ITEM, message: 'unexpected end of input' },
    { source: 'p()', code: 'E_SYNTAX', start: 2, end: 3, expected: ITEM, message: "unexpected ')'" },
    { source: 'R0-p(R1)', code: 'E_SYNTAX', start: 3, end: 8, expected: ["','"], message: 'at least 2 branches' },
    { source: 'p(R1,C1', code: 'E_SYNTAX', start: 7, end: 7, expected: ["'-'", "','", "')'"], message: "'p(' at 0 is not closed" },
    { source: 'p(R1,p(C1,R2)', code: 'E_SYNTAX', start: 13, end: 13, expected: ["'-'", "','", "')'"], message: "'p(' at 0 is not closed" },
    { source: 'R1)', code: 'E_SYNTAX', start: 2, end: 3, expected: ["'-'", 'end of input'], message: "unexpected ')'" },
    { source: 'R1-(C1)', code: 'E_SYNTAX', start: 3, end: 4, expected: ITEM, message: "unexpected '('" },
    { source: 'R1+C1', code: 'E_SYNTAX', start: 2, end: 3, expected: ["'-'", 'end of input'], message: "unexpected character '+'" },
    { source: 'R1C1', code: 'E_SYNTAX', start: 2, end: 4, expected: ["'-'", 'end of input'], message: 'unexpected element `C1`' },
    { source: 'p(R1,C1,)', code: 'E_SYNTAX', start: 8, end: 9, expected: ITEM },
    { source: 'R1--C1', code: 'E_SYNTAX', start: 3, end: 4, expected: ITEM, message: "unexpected '-'" },
    // E_SYNTAX, CDC
    { source: '', syntax: 'cdc', code: 'E_SYNTAX', start: 0, end: 0, expected: ['element', "'('", "'['"], message: 'empty circuit string' },
    { source: 'R(RC', syntax: 'cdc', code: 'E_SYNTAX', start: 4, end: 4, expected: ['element', "'('", "'['", "')'"], message: "'(' at 1 is not closed" },
    { source: 'R()', syntax: 'cdc', code: 'E_SYNTAX', start: 1, end: 3, expected: ['element', "'('", "'['"], message: "empty group '()'" },
    { source: '[]', syntax: 'cdc', code: 'E_SYNTAX', start: 0, end: 2, expected: ['element', "'('", "'['"], message: "empty group '[]'" },
    { source: 'RC)', syntax: 'cdc', code: 'E_SYNTAX', start: 2, end: 3, expected: ['element', "'('", "'['", 'end of input'] },
    { source: '(R]', syntax: 'cdc', code: 'E_SYNTAX', start: 2, end: 3, expected: ['element', "'('", "'['", "')'"] },
    { source: 'R1', syntax: 'cdc', code: 'E_SYNTAX', start: 1, end: 2, expected: ['element', "'('", "'['", 'end of input'], message: "character '1'" },
    { source: 'R-C', syntax: 'cdc', code: 'E_SYNTAX', start: 1, end: 2, expected: ['element', "'('", "'['", 'end of input'] },
  ];
  for (const c of cases) {
    it(`${c.syntax ?? 'impedancepy'} ${JSON.stringify(c.source)} → ${c.code} ${c.start}..${c.end}`, () => checkError(c));
  }

  it('rejects non-string input and unknown syntax', () => {
    expect(() => parseCircuitAst(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'E_ARG_TYPE' }));
    expect(() => parseCircuitAst('R1', 'xml' as CircuitSyntax)).toThrow(expect.objectContaining({ code: 'E_ARG_RANGE' }));
  });
});

// ---- random circuits ----

const leafArb: fc.Arbitrary<CircuitNode> = fc
  .tuple(fc.constantFrom(...ELEMENT_SYMBOLS), fc.constantFrom('', '_', '__'), fc.nat(999), fc.constantFrom('', '_', '_0'))
  .map(([symbol, pre, n, post]): CircuitNode => ({ kind: 'element', symbol, name: `${symbol}${pre}${n}${post}`, start: 0, end: 0 }));

const depth = { maxDepth: 4, depthIdentifier: 'circuit' } as const;
const { node: rawCircuitArb } = fc.letrec<{ node: CircuitNode; series: CircuitNode; parallel: CircuitNode }>((tie) => ({
  node: fc.oneof(depth, leafArb, tie('series'), tie('parallel')),
  series: fc
    .array(fc.oneof(depth, leafArb, tie('parallel')), { minLength: 2, maxLength: 4 })
    .map((children): CircuitNode => ({ kind: 'series', children, start: 0, end: 0 })),
  parallel: fc
    .array(tie('node'), { minLength: 2, maxLength: 4 })
    .map((children): CircuitNode => ({ kind: 'parallel', children, start: 0, end: 0 })),
}));

/** Makes element names unique (appending `_k` keeps them valid indices). */
function uniquify(root: CircuitNode): CircuitNode {
  const used = new Set<string>();
  const go = (n: CircuitNode): CircuitNode => {
    if (n.kind !== 'element') return { ...n, children: n.children.map(go) };
    let name = n.name;
    for (let k = 1; used.has(name); k++) name = `${n.name}_${k}`;
    used.add(name);
    return { ...n, name };
  };
  return go(root);
}
const circuitArb = rawCircuitArb.map(uniquify);

/** CDC naming: per symbol, numbered from 1 in order of appearance. */
function cdcRename(root: CircuitNode): CircuitNode {
  const counts = new Map<string, number>();
  const go = (n: CircuitNode): CircuitNode => {
    if (n.kind !== 'element') return { ...n, children: n.children.map(go) };
    const k = (counts.get(n.symbol) ?? 0) + 1;
    counts.set(n.symbol, k);
    return { ...n, name: `${n.symbol}${k}` };
  };
  return go(root);
}

describe('properties', () => {
  it('parse ∘ printCircuit is the identity, and every span slices to its own print', () => {
    fc.assert(
      fc.property(circuitArb, (ast) => {
        const src = printCircuit(ast);
        const parsed = parseCircuitAst(src);
        expect(circuitsEqual(parsed, ast)).toBe(true);
        expect(printCircuit(parsed)).toBe(src);
        for (const n of nodes(parsed)) expect(src.slice(n.start, n.end)).toBe(printCircuit(n));
      }),
      FC,
    );
  });

  it('whitespace inserted anywhere changes nothing but the spans', () => {
    const wsArb = fc.array(fc.constantFrom('', '', '', ' ', '\t', '\n '), { maxLength: 300 });
    fc.assert(
      fc.property(circuitArb, wsArb, (ast, ws) => {
        const plain = printCircuit(ast);
        const src = [...plain].map((c, i) => (ws[i] ?? '') + c).join('') + (ws[plain.length] ?? '');
        const parsed = parseCircuitAst(src);
        expect(circuitsEqual(parsed, ast)).toBe(true);
        for (const n of nodes(parsed)) {
          const text = src.slice(n.start, n.end);
          expect(text.replace(/\s/g, '')).toBe(printCircuit(n));
          expect(text.trim()).toBe(text);
        }
      }),
      FC,
    );
  });

  it('parse(printCdc(ast), "cdc") equals ast up to CDC renumbering', () => {
    fc.assert(
      fc.property(circuitArb, (ast) => {
        const cdc = printCdc(ast);
        const parsed = parseCircuitAst(cdc, 'cdc');
        expect(circuitsEqual(parsed, cdcRename(ast))).toBe(true);
        expect(leaves(parsed).map((l) => l.symbol)).toEqual(leaves(ast).map((l) => l.symbol));
        expect(printCdc(parsed)).toBe(cdc);
        for (const l of leaves(parsed)) expect(cdc.slice(l.start, l.end)).toBe(printCdc(l));
      }),
      FC,
    );
  });

  it('mutated circuits either parse to a well-formed, stable tree or throw a CircuitSyntaxError with a valid span', () => {
    const tokenArb = fc.constantFrom('R', 'C1', 'Q', 'Wo', 'CPE', 'p(', 'p', '(', ')', '[', ']', ',', '-', '1', '_', ' ', 'x');
    const editArb = fc.record({ at: fc.nat(), del: fc.boolean(), insert: tokenArb });
    const outcomes = { parsed: 0, failed: 0 };
    fc.assert(
      fc.property(circuitArb, fc.constantFrom<CircuitSyntax>('impedancepy', 'cdc'), fc.array(editArb, { maxLength: 2 }), (base, syntax, edits) => {
        let src = syntax === 'cdc' ? printCdc(base) : printCircuit(base);
        for (const { at, del, insert } of edits) {
          const i = at % (src.length + 1);
          src = del ? src.slice(0, i) + src.slice(i + 1) : src.slice(0, i) + insert + src.slice(i);
        }
        let ast: CircuitNode;
        try {
          ast = parseCircuitAst(src, syntax);
        } catch (e) {
          expect(e).toBeInstanceOf(CircuitSyntaxError);
          const err = e as CircuitSyntaxError;
          expect(0 <= err.start && err.start <= err.end && err.end <= src.length).toBe(true);
          outcomes.failed++;
          return;
        }
        outcomes.parsed++;
        for (const n of nodes(ast)) {
          expect(0 <= n.start && n.start < n.end && n.end <= src.length).toBe(true);
          if (n.kind !== 'element') expect(n.children.length).toBeGreaterThanOrEqual(2);
          if (n.kind === 'series') expect(n.children.some((c) => c.kind === 'series')).toBe(false);
        }
        expect(new Set(leaves(ast).map((l) => l.name)).size).toBe(leaves(ast).length);
        expect(circuitsEqual(parseCircuitAst(printCircuit(ast)), ast)).toBe(true);
      }),
      FC,
    );
    // both outcomes must actually be exercised
    expect(outcomes.parsed).toBeGreaterThan(30);
    expect(outcomes.failed).toBeGreaterThan(30);
  });
});
