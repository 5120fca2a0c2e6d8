/**
 * The ABI descriptor (src/abi/descriptor.ts) is the only place its constants get a value: no
 * module of assembly/ (outside the generated folder) or of src/ (outside src/abi/) binds one of
 * their names to a number literal again. The kernels import the generated `GROUP_NAME`, the TS
 * side reads the descriptor; a hand copy would drift from it unnoticed (the generator's check
 * only compares the generated file).
 */
import { describe, expect, it } from 'vitest';
import { ABI_CONSTANTS } from '../src/abi/descriptor.ts';

const outside = (files: Record<string, unknown>, folder: string) =>
  Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith(folder))) as Record<string, string>;
const kernels = outside(import.meta.glob('../assembly/**/*.ts', { query: '?raw', import: 'default', eager: true }), '../assembly/generated/');
const sources = outside(import.meta.glob('../src/**/*.ts', { query: '?raw', import: 'default', eager: true }), '../src/abi/');

/**
 * Names a hand copy would use: `GROUP_NAME` for every group (the generated spelling), and the bare
 * `NAME` for the algorithm constants (their spelling before the descriptor held them). Bare names of
 * the other groups (GTOL, NONE, …) mean other things elsewhere: the fit tolerances are `GTOL` too.
 */
const NAMES = Object.entries(ABI_CONSTANTS).flatMap(([group, { values }]) =>
  Object.keys(values).flatMap((name) => (group === 'ALGORITHM' ? [`${group}_${name}`, name] : [`${group}_${name}`])));

/** `const NAME: f64 = 1e-3`, `export let NAME = 0.5`, … : the names of `names` bound to a number literal in `text`. */
function literalCopies(text: string, names: readonly string[]): string[] {
  return names.filter((name) => new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*(?::\\s*\\w+\\s*)?=\\s*[-+]?\\.?\\d`).test(text));
}

describe('the ABI descriptor is the single source of its constants', () => {
  it('reads the kernels and the sources, and knows the names', () => {
    expect(Object.keys(kernels)).toEqual(expect.arrayContaining(['../assembly/lm.ts', '../assembly/linkk.ts', '../assembly/program.ts', '../assembly/elements.ts']));
    expect(Object.keys(kernels).some((p) => p.includes('/generated/'))).toBe(false);
    expect(Object.keys(sources).some((p) => p.includes('/abi/'))).toBe(false);
    expect(Object.keys(sources)).toEqual(expect.arrayContaining(['../src/reference/lm.ts', '../src/circuit/program.ts']));
    expect(NAMES).toEqual(expect.arrayContaining(['OP_ELEM', 'ALGORITHM_LAMBDA0', 'LAMBDA0', 'RANK_TOLERANCE', 'SERIES_LIMIT', 'WARM_START_TIE', 'BOUND_BOTH']));
    expect(NAMES).not.toContain('GTOL');
  });

  it('the check finds a copy (so an empty answer means something)', () => {
    expect(literalCopies('const RANK_TOLERANCE: f64 = 1e-10;\nexport const OP_SER: i32 = 2;', NAMES)).toEqual(['OP_SER', 'RANK_TOLERANCE']);
    expect(literalCopies('export const LAMBDA0 = 1e-3;', NAMES)).toEqual(['LAMBDA0']);
    expect(literalCopies('export const LAMBDA0 = ALGORITHM.LAMBDA0;\nimport { OP_SER } from "./generated/abi";', NAMES)).toEqual([]);
  });

  it('assembly/ imports every shared constant from the generated module instead of declaring it', () => {
    const copies = Object.entries(kernels).flatMap(([path, text]) => literalCopies(text, NAMES).map((n) => `${path}: ${n}`));
    expect(copies).toEqual([]);
  });

  it('src/ reads every shared constant from the descriptor instead of declaring it', () => {
    const copies = Object.entries(sources).flatMap(([path, text]) => literalCopies(text, NAMES).map((n) => `${path}: ${n}`));
    expect(copies).toEqual([]);
  });
});
