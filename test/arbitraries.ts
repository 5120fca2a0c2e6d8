/**
 * fast-check generators shared by the property tests: random circuits (random trees of
 * random table elements), parameters inside the table bounds, and frequencies.
 */
import fc from 'fast-check';
import { ELEMENTS } from '../src/index.ts';
import type { ElementSpec } from '../src/elements/index.ts';

/** A circuit string with unique element names, and a factory for a parameter vector. */
export interface RandomCircuit {
  readonly source: string;
  readonly specs: readonly ElementSpec[];
}

type Tree = { leaf: ElementSpec } | { kind: 's' | 'p'; children: Tree[] };

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...(ELEMENTS as readonly ElementSpec[])).map((leaf) => ({ leaf })),
    fc.record({ kind: fc.constantFrom('s' as const, 'p' as const), children: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }) }),
  ),
})).tree;

function render(t: Tree, counter: Map<string, number>, specs: ElementSpec[]): string {
  if ('leaf' in t) {
    const k = (counter.get(t.leaf.symbol) ?? 0) + 1;
    counter.set(t.leaf.symbol, k);
    specs.push(t.leaf);
    return `${t.leaf.symbol}${k}`;
  }
  const parts = t.children.map((c) => render(c, counter, specs));
  return t.kind === 's' ? parts.join('-') : `p(${parts.join(',')})`;
}

/** Random circuits of up to ~12 elements. */
export const circuitArb: fc.Arbitrary<RandomCircuit> = treeArb
  .filter((t) => countLeaves(t) <= 12)
  .map((t) => {
    const specs: ElementSpec[] = [];
    const source = render(t, new Map(), specs);
    return { source, specs };
  });

function countLeaves(t: Tree): number {
  return 'leaf' in t ? 1 : t.children.reduce((s, c) => s + countLeaves(c), 0);
}

/** A parameter value inside the element table's bounds, away from 0. */
function paramArb(p: ElementSpec['params'][number]): fc.Arbitrary<number> {
  if (p.upper === 1) return fc.double({ min: 0.05, max: 1, noNaN: true });
  // log-uniform over 8 decades around the table default
  return fc.double({ min: -4, max: 4, noNaN: true }).map((e) => p.default * 10 ** e);
}

/**
 * Parameters for a circuit, in parameter order. Physical constraints beyond the bounds are
 * kept: the Paasch element T has A = d(ρ1² + ρ2²)/(ρ1 + ρ2) ≥ B = 2dρ1ρ2/(ρ1 + ρ2), and
 * with B > A it is not passive, so A and B are ordered.
 */
export function paramsArb(c: RandomCircuit): fc.Arbitrary<number[]> {
  return fc.tuple(...c.specs.flatMap((s) => s.params.map(paramArb))).map((p) => {
    let o = 0;
    for (const s of c.specs) {
      if (s.symbol === 'T' && p[o + 1]! > p[o]!) [p[o], p[o + 1]] = [p[o + 1]!, p[o]!];
      o += s.params.length;
    }
    return p;
  });
}

/** 1–40 frequencies, log-uniform over 1 mHz … 1 MHz. */
export const freqArb = fc.array(fc.double({ min: -3, max: 6, noNaN: true }), { minLength: 1, maxLength: 40 })
  .map((lf) => lf.map((x) => 10 ** x));

/** A circuit with parameters and frequencies. */
export const problemArb = circuitArb.chain((c) => fc.record({ circuit: fc.constant(c), params: paramsArb(c), freq: freqArb }));
