/**
 * Parameters from features: lone resistors share the high-frequency intercept, arcs map onto
 * their elements (R‖CPE: Q = τ^α/R, R‖C: C = τ/R, K/Zarc/H: τ, …), tail and inductive elements
 * take the tail's CPE and the inductance. The per-element rules live in the element files
 * (src/elements/*.ts, `guess`); anything unmapped gets a default scaled to the data.
 */
import type { Circuit } from '../circuit/circuit.ts';
import type { CircuitNode, ElementNode } from '../circuit/ast.ts';
import { definitionBySymbol, type GuessRule, type GuessScale } from '../elements/index.ts';
import type { Arc, Features } from './model.ts';
import { elementsOf, isBlocking, isInductive, isResistive, type Plan } from './plan.ts';

const ruleOf = (symbol: string): GuessRule | undefined => definitionBySymbol(symbol)?.guess;

/** Writes start values into `p`; `NaN` slots are filled with data-scaled defaults later. */
export class Assigner {
  constructor(
    private readonly p: Float64Array,
    private readonly plan: Plan,
    private readonly scale: GuessScale,
    private readonly feat: Features,
  ) {}

  /** The first values of an element's parameters (as many as it has). */
  private set(el: ElementNode, values: readonly number[] | undefined): void {
    const inst = this.plan.byName.get(el.name);
    if (!inst || !values) return;
    for (let k = 0; k < values.length && k < inst.paramCount; k++) this.p[inst.paramOffset + k] = values[k]!;
  }

  run(): void {
    let arcIndex = 0;
    const { rCount } = this.plan;
    for (const t of this.plan.terms) {
      switch (t.kind) {
        case 'R':
          this.resistors(t.node, this.feat.rInf / Math.max(rCount, 1));
          break;
        case 'arc': {
          const arc = this.feat.arcs[arcIndex++]!;
          this.arc(t.node, arc, arc.r);
          break;
        }
        case 'tail':
          for (const el of elementsOf(t.node)) this.tailElement(el);
          break;
        case 'L':
          this.inductor(t.node as ElementNode);
          break;
        default:
          break;
      }
    }
  }

  /** Lone resistors (or a parallel of resistors) sharing resistance `r`. */
  private resistors(node: CircuitNode, r: number): void {
    if (node.kind === 'element') this.set(node, [r]);
    else if (node.kind === 'parallel') for (const c of node.children) this.resistors(c, r * node.children.length);
    else for (const c of node.children) this.resistors(c, r / node.children.length);
  }

  /**
   * An arc term: R‖C, R‖CPE, Randles p(R-W, C), or an arc-like element; `r` is the share of
   * the arc's ΔR that `node` takes (the rules read ΔR from their second argument, never from
   * the arc: no copy of the arc per branch).
   */
  private arc(node: CircuitNode, arc: Arc, r: number): void {
    if (node.kind === 'element') {
      this.set(node, ruleOf(node.symbol)?.inArc?.(arc, r));
      return;
    }
    if (node.kind === 'series') {
      // a series inside an arc: resistive parts share ΔR, blocking parts are the tail
      let nRes = 0;
      for (const c of node.children) if (c.kind !== 'element' || isResistive(c.symbol)) nRes++;
      for (const c of node.children) {
        if (c.kind === 'element' && !isResistive(c.symbol)) {
          if (isBlocking(c.symbol)) this.tailElement(c);
          else if (isInductive(c.symbol)) this.inductor(c);
        } else this.arc(c, arc, r / Math.max(nRes, 1));
      }
      return;
    }
    // parallel: resistive branches split 1/R, capacitive elements split the capacitance
    const branches = node.children;
    let nRes = 0;
    for (const c of branches) if (!(c.kind === 'element' && (isBlocking(c.symbol) || isInductive(c.symbol)))) nRes++;
    const nCap = branches.length - nRes;
    for (const c of branches) {
      if (c.kind === 'element' && isBlocking(c.symbol)) this.capacitor(c, arc, r, nCap);
      else if (c.kind === 'element' && isInductive(c.symbol)) this.inductor(c);
      else this.arc(c, arc, r * Math.max(nRes, 1));
    }
  }

  /** The capacitive element of an arc whose share of ΔR is `r`, one of `share` that split the capacitance. */
  private capacitor(el: ElementNode, arc: Arc, r: number, share: number): void {
    this.set(el, ruleOf(el.symbol)?.inArc?.(arc, r * Math.max(share, 1)));
  }

  /** A tail element from the tail's CPE (Q, α), matched at the lowest frequency ω₀. */
  private tailElement(el: ElementNode): void {
    const tail = this.feat.tail;
    if (!tail) return;
    this.set(el, ruleOf(el.symbol)?.asTail?.(tail, this.scale));
  }

  private inductor(el: ElementNode): void {
    const L = this.feat.inductance;
    if (el.kind !== 'element' || !(L > 0)) return;
    this.set(el, ruleOf(el.symbol)?.asInductor?.(L, this.scale));
  }
}

const inside = (v: number, lo: number, hi: number) => v - v === 0 && v > lo && v < hi;

/** Every value finite and strictly inside [lower, upper]: else the scaled default, else the table default. */
export function finishParams(circuit: Circuit, p: Float64Array, scale: GuessScale): void {
  const { lower, upper, defaults } = circuit.program;
  for (const el of circuit.elements) {
    let scaled: readonly number[] | undefined;
    for (let k = 0; k < el.paramCount; k++) {
      const i = el.paramOffset + k;
      const lo = lower[i]!, hi = upper[i]!;
      let v = p[i]!;
      if (!inside(v, lo, hi)) {
        scaled ??= ruleOf(el.symbol)?.scaled(scale) ?? [];
        v = scaled[k] ?? Number.NaN;
      }
      if (!inside(v, lo, hi)) v = defaults[i]!;
      if (!inside(v, lo, hi)) v = Number.isFinite(hi) ? (Number.isFinite(lo) ? (lo + hi) / 2 : hi - 1) : Number.isFinite(lo) ? lo + 1 : 0;
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        // bounded (exponents): keep a margin from both ends
        const m = 1e-3 * (hi - lo);
        v = Math.min(Math.max(v, lo + m), hi - m);
      }
      p[i] = v;
    }
  }
}
