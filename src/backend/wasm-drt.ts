/**
 * The DRT kernels of the WASM backend (assembly/drt*.ts, a module of their own:
 * assembly/drt-index.ts → bindings/drt-module.ts): the marshalling of `eis_drt_batch` behind the
 * {@link DrtKernels} interface. Imported only through src/backend/drt-kernels.ts, by src/drt/, so
 * a bundle that never calls drt() contains none of it, nor the DRT module (the core `Backend` of
 * src/backend/wasm.ts keeps the core kernels only). Importing bindings/drt-module.ts registers the
 * DRT module with the loader, so init() and createEngine() compile it; each core engine gets its DRT engine
 * (own instance, memory, arena and trap guard) synchronously on first use. The warnings are
 * worded from the shared tables (src/types/drt-tables.ts), as the TS core words them.
 */
import { drtModule, type DrtExports } from '../../bindings/drt-module.ts';
import { Engine, type Region } from '../../bindings/engine.ts';
import { DRT_GRID, DRT_METHOD, DRT_MODE, DRT_OUTCOME, DRT_RULE, DRT_TASK, DRT_WARN } from '../abi/descriptor.ts';
import { lambdaGrid, NNLS_MESSAGES, scanWarnings } from '../types/drt-tables.ts';
import { checkDrt } from './limits.ts';
import type { DrtMode, DrtOutcome, DrtProblem, LambdaCurve, LambdaMethod } from '../types/drt.ts';
import type { DrtKernels } from './types.ts';
import type { WasmBackend } from './wasm.ts';

const TASK = DRT_TASK.fields;
const OUT = DRT_OUTCOME.fields;
const MODE_KEY: Record<DrtMode, keyof typeof DRT_MODE> = { complex: 'COMPLEX', real: 'REAL', imag: 'IMAG' };
const METHOD_KEY: Record<LambdaMethod, keyof typeof DRT_METHOD> = { mgcv: 'MGCV', gcv: 'GCV', rgcv: 'RGCV', 're-im': 'RE_IM', lcurve: 'LCURVE' };

/**
 * DRTs of K problems in one call (assembly/drt.ts; one boundary crossing): the points go in
 * concatenated, each problem's options as a DRT_TASK record; the coefficients, y, A·x, the
 * λ scores and a DRT_OUTCOME record per problem come out. Warnings come back as DRT_WARN bits
 * and are worded as the TS core words them.
 */
function drtBatch(e: Engine<DrtExports>, prs: readonly DrtProblem[]): DrtOutcome[] {
  const { offsets, nMax, words } = checkDrt(prs); // regions in the order of src/abi/sizes.ts drtWords
  if (prs.length === 0) return [];
  const K = prs.length, G = DRT_GRID.POINTS, xStride = nMax + 2;
  const grid = lambdaGrid();
  return e.run((ex) => {
    const rs = e.scratch(words);
    const [off, freq, zre, zim, tasks, gridR, scratch, outs, x, y, fre, fim, scores] = rs as Region[] & { length: 13 };
    e.i32({ ptr: off!.ptr, length: K + 1 }).set(offsets);
    const fv = e.f64(freq!), rv = e.f64(zre!), iv = e.f64(zim!), tv = e.f64(tasks!);
    e.f64(gridR!).set(grid);
    prs.forEach((pr, k) => {
      const o = offsets[k]!;
      fv.set(pr.freq, o);
      rv.set(pr.re, o);
      iv.set(pr.im, o);
      const t = k * DRT_TASK.words;
      tv[t + TASK.rbfShape] = pr.rbfShape;
      tv[t + TASK.penalty] = pr.penalty;
      tv[t + TASK.inductance] = pr.inductance ? 1 : 0;
      tv[t + TASK.freeColumns] = pr.freeColumns ? 1 : 0;
      tv[t + TASK.mode] = DRT_MODE[MODE_KEY[pr.mode]];
      tv[t + TASK.toeplitzAllowed] = pr.build === 'auto' ? 1 : 0;
      tv[t + TASK.lambda] = pr.lambda === null ? Number.NaN : pr.lambda;
      tv[t + TASK.method] = DRT_METHOD[METHOD_KEY[pr.lambdaMethod]];
      tv[t + TASK.rule] = pr.lambdaRule === 'argmin' ? DRT_RULE.ARGMIN : DRT_RULE.PLATEAU;
    });
    ex.eis_drt_batch(K, off!.ptr, freq!.ptr, zre!.ptr, zim!.ptr, tasks!.ptr, gridR!.ptr, scratch!.ptr, nMax,
      outs!.ptr, x!.ptr, xStride, y!.ptr, fre!.ptr, fim!.ptr, scores!.ptr);
    const ov = e.f64(outs!), xv = e.f64(x!), yv = e.f64(y!), frv = e.f64(fre!), fiv = e.f64(fim!), sv = e.f64(scores!);
    return prs.map((pr, k): DrtOutcome => {
      const o = k * DRT_OUTCOME.words, a = offsets[k]!, b = offsets[k + 1]!;
      const p = ov[o + OUT.p]!, bits = ov[o + OUT.warnings]!;
      const warnings: string[] = [];
      let lambdaCurve: LambdaCurve | undefined;
      if (pr.lambda === null) {
        const delta = pr.lambdaMethod === 're-im' ? 1e-2 : 1e-3;
        lambdaCurve = { lambda: grid, score: sv.slice(k * G, (k + 1) * G), method: pr.lambdaMethod, rule: pr.lambdaRule, delta, index: ov[o + OUT.index]! };
        scanWarnings(lambdaCurve, (bits & DRT_WARN.ALL_NAN) !== 0, warnings);
      }
      if (bits & DRT_WARN.NNLS_FREE_SINGULAR) warnings.push(NNLS_MESSAGES.freeSingular);
      if (bits & DRT_WARN.NNLS_CAP) warnings.push(NNLS_MESSAGES.cap(3 * p));
      if (bits & DRT_WARN.NNLS_BLOCKED) warnings.push(NNLS_MESSAGES.blocked);
      return {
        x: xv.slice(k * xStride, k * xStride + p), n: b - a, p, rInfColumn: ov[o + OUT.rInfColumn]!, lColumn: ov[o + OUT.lColumn]!,
        epsilon: ov[o + OUT.epsilon]!, y: yv.slice(a, b), toeplitz: ov[o + OUT.toeplitz] === 1, lambda: ov[o + OUT.lambda]!,
        ...(lambdaCurve ? { lambdaCurve } : {}), fittedRe: frv.slice(a, b), fittedIm: fiv.slice(a, b),
        iterations: ov[o + OUT.iterations]!, converged: ov[o + OUT.converged] === 1, warnings,
      };
    });
  });
}

/** Whether the DRT module is compiled in this realm (init() or createEngine() after this file was loaded). */
export function wasmDrtReady(): boolean {
  return drtModule.ready;
}

const kernels = new WeakMap<WasmBackend, DrtKernels>();

/**
 * The DRT kernels of a WASM backend (one per backend, i.e. per core engine): a DRT engine of its
 * own, instantiated on the first call (the module must be compiled: {@link wasmDrtReady}).
 */
export function wasmDrtKernels(backend: WasmBackend): DrtKernels {
  let k = kernels.get(backend);
  if (!k) {
    let engine: Engine<DrtExports> | undefined;
    kernels.set(backend, (k = { name: 'wasm', drt: (problems) => drtBatch((engine ??= Engine.forModule(drtModule)), problems) }));
  }
  return k;
}
