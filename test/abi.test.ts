/**
 * The ABI descriptor (src/abi/descriptor.ts) is the one source of the constants and record
 * layouts both sides use: the generated AS module says the same, the module's exports agree
 * with the layouts and workspace formulas, and the public status table comes from it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, FIT_MESSAGES, FIT_STATUS } from '../src/index.ts';
import { ABI_CONSTANTS, ABI_RECORDS, FIT_OUTCOME, FIT_TASK, KK_SUMMARY, layout, WARM_START } from '../src/abi/descriptor.ts';
import { fitScratchWords, judgeScratchWords, kkScratchWords, workspaceBytes } from '../src/abi/sizes.ts';
import { BOUND_BOTH, BOUND_LOWER, BOUND_NONE, BOUND_UPPER } from '../src/reference/transform.ts';
import generated from '../assembly/generated/abi.ts?raw';

describe('ABI descriptor', () => {
  let engine: Awaited<ReturnType<typeof createEngine>>;
  beforeAll(async () => {
    engine = await createEngine();
  });

  it('the WASM fit task has the layout\'s size', () => {
    expect(engine.raw.eis_fit_task_words()).toBe(FIT_TASK.words);
    expect(FIT_TASK.words).toBe(26); // issue 14: automaticStart, noiseStop, eligible (phase B)
  });

  it('assembly/generated/abi.ts declares every constant and record field with the descriptor\'s value', () => {
    for (const [group, { type, values }] of Object.entries(ABI_CONSTANTS)) {
      for (const [name, v] of Object.entries(values)) {
        const m = generated.match(new RegExp(`export const ${group}_${name}: ${type} = ([^;]+);`));
        expect(m, `${group}_${name}`).not.toBeNull();
        expect(Number(m![1]), `${group}_${name}`).toBe(v);
      }
    }
    for (const [record, { layout: l }] of Object.entries(ABI_RECORDS)) {
      expect(generated).toContain(`export const ${record}_WORDS: i32 = ${l.words};`);
      for (const [field, index] of Object.entries(l.fields as Record<string, number>)) {
        const name = field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
        expect(generated, `${record}.${field}`).toContain(`export const ${record}_${name}: i32 = ${index};`);
      }
    }
    // the fit task struct lists the fields in the descriptor's order
    const body = generated.slice(generated.indexOf('export class FitTask {'));
    const fields = [...body.slice(0, body.indexOf('}')).matchAll(/^\s+(\w+): (usize|i32);$/gm)].map((m) => m[1]);
    expect(fields).toEqual(Object.keys(FIT_TASK.fields));
  });

  it('the WASM workspace sizes match the f64 formulas the limits are checked with', () => {
    for (const [nodes, n] of [[1, 1], [5, 61], [37, 200], [3, 4097]] as const) {
      expect(engine.raw.eis_workspace_bytes(nodes, n)).toBe(workspaceBytes(nodes, n));
    }
    for (const [n, m] of [[1, 1], [61, 6], [200, 20], [5, 40]] as const) {
      expect(engine.raw.eis_fit_scratch_words(n, m)).toBe(fitScratchWords(n, m));
    }
    for (const [n, cols] of [[1, 4], [61, 53], [500, 203]] as const) {
      expect(engine.raw.eis_linkk_scratch_words(n, cols)).toBe(kkScratchWords(n, cols));
    }
    for (const n of [1, 3, 61, 4097]) expect(engine.raw.eis_judge_scratch_words(n)).toBe(judgeScratchWords(n));
  });

  it('records have named, dense fields and one width', () => {
    expect(FIT_OUTCOME.fields).toEqual({ status: 0, chi2: 1, iterations: 2, nfev: 3, njev: 4, warmFallback: 5, covarianceDetermined: 6, phaseB: 7 });
    expect(FIT_OUTCOME.wordBytes).toBe(8);
    expect(KK_SUMMARY.words).toBe(7);
    expect(FIT_TASK.wordBytes).toBe(4);
    expect(() => layout({ a: 'i32', b: 'f64' })).toThrow(/mixes field widths/);
  });

  it('the public status table and the transform kinds come from the descriptor', () => {
    expect(FIT_STATUS.GTOL).toBe(1);
    expect(FIT_STATUS.SINGULAR).toBe(-2);
    for (const code of Object.values(FIT_STATUS)) expect(FIT_MESSAGES[code], `status ${code}`).toMatch(/\w/);
    expect([BOUND_NONE, BOUND_LOWER, BOUND_UPPER, BOUND_BOTH]).toEqual([0, 1, 2, 3]);
    // the warm-start limit is ln 1e6 written as a literal both sides read
    expect(WARM_START.LIMIT).toBe(Math.log(1e6));
  });
});
