/**
 * The completeness check of an element: every piece eiskit needs of it, so that a new element
 * (or one with a piece forgotten) fails test/elements.test.ts with the piece named instead of
 * failing silently somewhere (a start value left at the table default, a plot axis titled
 * 'unit?', an op the WASM cannot evaluate).
 */
import { paramName, unitOfParamName, type ElementDefinition, type GuessScale } from '../src/elements/index.ts';

/** What the pieces outside src/elements/ are checked against. */
export interface PieceSources {
  /** test/fixtures/elements.golden.json's `elements`. */
  readonly golden: Readonly<Record<string, { paramNames: readonly string[]; cases: readonly unknown[] }>>;
  /** assembly/elements.ts (the kernels). */
  readonly kernelSource: string;
  /** assembly/generated/dispatch.ts (written by npm run gen). */
  readonly dispatchSource: string;
}

const ROLES = ['resistive', 'blocking', 'arc', 'inductive'];
/** A spectrum's scales, features and a frequency to try the rules and the reference at. */
const SCALE: GuessScale = { zMid: 300, wMin: 2 * Math.PI * 0.1, wMid: 2 * Math.PI * 300, wMax: 2 * Math.PI * 1e6 };
const ARC = { r: 1000, tau: 1e-4, alpha: 0.9 };
const TAIL = { q: 1e-5, alpha: 0.8 };

const allFinite = (v: readonly number[] | undefined, atLeast: number): boolean =>
  Array.isArray(v) && v.length >= atLeast && v.every((x) => Number.isFinite(x));

/** The pieces `def` lacks, each named (an empty list for a complete element). */
export function missingPieces(def: ElementDefinition, src: PieceSources): string[] {
  const missing: string[] = [];
  const { spec } = def;
  const P = spec.params.length;

  const defaults = spec.params.map((p) => p.default);
  let reference = typeof def.impedance === 'function';
  if (reference) {
    const v = def.impedance(1e3, Math.log(1e3), defaults, 0);
    reference = Number.isFinite(v.z.re) && Number.isFinite(v.z.im) && v.grad.length === P && v.grad.every((g) => Number.isFinite(g.re) && Number.isFinite(g.im));
  }
  if (!reference) missing.push('reference impedance with one ∂Z/∂p per parameter');

  if (typeof def.kernel !== 'string' || !new RegExp(`^export function ${def.kernel}\\(`, 'm').test(src.kernelSource)) missing.push(`kernel ${def.kernel} in assembly/elements.ts`);
  if (!src.dispatchSource.includes(`case OP_${spec.symbol.toUpperCase()}: E.${def.kernel}(`)) missing.push('case in the generated dispatch (npm run gen)');
  if (def.gradientKernel !== undefined && (!new RegExp(`^export function ${def.gradientKernel}\\(`, 'm').test(src.kernelSource)
    || !src.dispatchSource.includes(`case OP_${spec.symbol.toUpperCase()}: E.${def.gradientKernel}(`))) missing.push(`gradient-only kernel ${def.gradientKernel} in assembly/elements.ts and its case in the generated dispatch`);

  const golden = src.golden[spec.symbol];
  if (!golden || golden.cases.length < 4 || golden.paramNames.join() !== spec.params.map((p) => p.name).join()) missing.push('golden vectors (test/fixtures/gen_golden.py)');

  if (!ROLES.includes(def.role)) missing.push('role');

  const g = def.guess;
  const rules: string[] = [];
  if (!g || typeof g.scaled !== 'function' || !allFinite(g.scaled(SCALE), P)) rules.push('scaled');
  if ((def.role === 'resistive' || def.role === 'arc' || def.role === 'blocking') && !allFinite(g?.inArc?.(ARC, ARC.r), 1)) rules.push('inArc');
  if (def.role === 'blocking' && !allFinite(g?.asTail?.(TAIL, SCALE), 1)) rules.push('asTail');
  if (def.role === 'inductive' && !allFinite(g?.asInductor?.(1e-6, SCALE), 1)) rules.push('asInductor');
  if (rules.length) missing.push(`start-value rule (${rules.join(', ')})`);

  const unitless = spec.params.filter((p, k) => unitOfParamName(paramName(`${spec.symbol}1`, spec, k)) !== p.unit);
  if (unitless.length) missing.push(`plot units (${unitless.map((p) => p.name).join(', ')})`);
  return missing;
}
