/**
 * The global fit's kernels on the WASM backend (assembly/global-*.ts, a module of its own:
 * assembly/global-index.ts → bindings/global-module.ts): the marshalling of `eis_global_lm`
 * behind the {@link GlobalKernels} interface. One boundary crossing per global fit: the spectra,
 * bounds, roles and θ go in, the whole Levenberg–Marquardt loop runs inside WASM, θ and a
 * GLOBAL_OUTCOME record come out. The call's memory is one block allocated for it and freed
 * afterwards (also when the kernel traps). Imported only through src/backend/global-kernels.ts,
 * by src/global/; importing bindings/global-module.ts registers the module with the loader, so
 * init() and createEngine() compile it, and each core engine gets its global engine (own
 * instance, memory and trap guard) synchronously on first use.
 */
import { globalModule, type GlobalExports } from '../../bindings/global-module.ts';
import { Engine } from '../../bindings/engine.ts';
import { EisError } from '../errors.ts';
import { FIT_TASK, GLOBAL_LM, GLOBAL_METHOD, GLOBAL_OUTCOME, GLOBAL_TASK } from '../abi/descriptor.ts';
import { regionsAt, scratchBytes, type GlobalRegion } from '../abi/sizes.ts';
import { checkGlobal } from './limits.ts';
import type { GlobalLayout } from '../reference/global-map.ts';
import type { GlobalLmResult, GlobalStepMethod } from '../reference/global-lm.ts';
import type { LmOptions } from '../reference/lm.ts';
import type { FitProblem, KernelProgram } from '../types/problems.ts';
import type { GlobalKernels } from './global-types.ts';
import { writeRecord, writeSpectra, type WasmBackend } from './wasm.ts';

const OUT = GLOBAL_OUTCOME.fields;

/** The regions of one call, written: what eis_global_lm and eis_global_step read. */
export interface GlobalCall {
  readonly r: Record<GlobalRegion, { ptr: number; length: number }>;
  readonly M: number;
}

/**
 * Runs `kernel` on the global engine with the call's inputs written into one block of memory
 * allocated for it and freed afterwards. When the kernel traps (the engine's guard then
 * reinstantiates the module) the block is not freed on the broken instance: a second trap there
 * would replace the first one's message.
 */
function withCall<T>(e: Engine<GlobalExports>, program: KernelProgram, prs: readonly FitProblem[], lay: GlobalLayout, theta: Float64Array, opts: LmOptions, method: GlobalStepMethod,
  denseLimit: number, kernel: (ex: GlobalExports, call: GlobalCall) => T): T {
  const G = lay.G, L = lay.L, S = prs.length;
  const { offsets, nMax, dense, words } = checkGlobal(program, prs, G, L, method === 'dense', denseLimit);
  const pr0 = prs[0]!, m = pr0.free.length, P = program.paramCount, M = G + S * L;
  if (theta.length !== M) throw new EisError('E_INTERNAL', `internal error: θ has ${theta.length} unknowns; the layout needs ${M}.`);
  return e.run((ex) => {
    // one block for the call, its regions 16-byte aligned as src/abi/sizes.ts scratchBytes counts them
    const block = ex.eis_alloc(scratchBytes(Object.values(words))) >>> 0;
    let done = false;
    try {
      const r = regionsAt(block, words);
      e.i32({ ptr: r.code.ptr, length: program.code.length }).set(program.code);
      e.i32({ ptr: r.free.ptr, length: m }).set(pr0.free);
      e.i32({ ptr: r.off.ptr, length: S + 1 }).set(offsets);
      e.i32({ ptr: r.roles.ptr, length: m }).set(lay.roles);
      e.i32({ ptr: r.globalAt.ptr, length: m }).set(lay.globalAt);
      e.i32({ ptr: r.localAt.ptr, length: m }).set(lay.localAt);
      e.f64(r.temperatures).set(lay.temperatures);
      const kv = e.i32({ ptr: r.kinds.ptr, length: S * m }), lv = e.f64(r.lower), uv = e.f64(r.upper), pv = e.f64(r.params);
      prs.forEach((pr, s) => {
        kv.set(pr.kinds, s * m);
        lv.set(pr.lower, s * m);
        uv.set(pr.upper, s * m);
        pv.set(pr.params, s * P);
      });
      writeSpectra(e, prs, offsets, r);
      e.f64(r.theta).set(theta);
      // the per-spectrum fields (n, w, lnw, zre, zim, sre, sim, params, bounds) are set by the kernel
      writeRecord(e.i32({ ptr: r.fitTask.ptr, length: FIT_TASK.words }), FIT_TASK, {
        code: r.code.ptr, codeLen: program.code.length, nodes: program.nodeCount, P, params: r.params.ptr,
        free: r.free.ptr, kinds: r.kinds.ptr, lower: r.lower.ptr, upper: r.upper.ptr, m,
        n: nMax, w: r.w.ptr, lnw: r.lnw.ptr, zre: r.zre.ptr, zim: r.zim.ptr, sre: r.sre.ptr, sim: r.sim.ptr,
        work: r.workspace.ptr, jzr: r.jzr.ptr, jzi: r.jzi.ptr, lm: 0, maxEvaluations: opts.maxEvaluations,
        representation: pr0.representation, automaticStart: 0, noiseStop: 0, eligible: 0, // the global kernel reads none of these
      });
      writeRecord(e.i32({ ptr: r.globalTask.ptr, length: GLOBAL_TASK.words }), GLOBAL_TASK, {
        S, G, L, method: method === 'dense' ? GLOBAL_METHOD.DENSE : GLOBAL_METHOD.SCHUR, dense: dense ? 1 : 0, scratchWords: words.scratch,
        off: r.off.ptr, w: r.w.ptr, lnw: r.lnw.ptr, zre: r.zre.ptr, zim: r.zim.ptr, sre: r.sre.ptr, sim: r.sim.ptr,
        params: r.params.ptr, lower: r.lower.ptr, upper: r.upper.ptr, kinds: r.kinds.ptr,
        roles: r.roles.ptr, globalAt: r.globalAt.ptr, localAt: r.localAt.ptr, temperatures: r.temperatures.ptr, scratch: r.scratch.ptr,
      });
      const result = kernel(ex, { r, M });
      done = true;
      return result;
    } finally {
      if (done) ex.eis_free(block);
      else {
        try {
          ex.eis_free(block);
        } catch {
          // the instance trapped: the guard reinstantiates it; the kernel's error is the one to report
        }
      }
    }
  });
}

/** The global LM of `problems` under `lay` from θ (updated in place) in one call of eis_global_lm. */
function globalLm(e: Engine<GlobalExports>, program: KernelProgram, prs: readonly FitProblem[], lay: GlobalLayout, theta: Float64Array, opts: LmOptions, method: GlobalStepMethod, denseLimit: number): GlobalLmResult {
  return withCall(e, program, prs, lay, theta, opts, method, denseLimit, (ex, { r }) => {
    ex.eis_global_lm(r.fitTask.ptr, r.globalTask.ptr, r.freq.ptr, r.theta.ptr, r.out.ptr, opts.ftol, opts.xtol, opts.gtol, prs[0]!.c0, lay.tRef, lay.tHi);
    theta.set(e.f64(r.theta));
    const o = e.f64(r.out);
    return { status: o[OUT.status]!, chi2: o[OUT.chi2]!, iterations: o[OUT.iterations]!, nfev: o[OUT.nfev]!, njev: o[OUT.njev]!, denseFallbacks: o[OUT.denseFallbacks]! };
  });
}

/**
 * @internal Test hook: the WASM arrowhead model at θ, factorised (D from zero) and one damped step
 * at λ (eis_global_step), for comparison with ArrowheadSystem / arrowheadModel of the reference.
 */
export function wasmGlobalStep(backend: WasmBackend, program: KernelProgram, prs: readonly FitProblem[], lay: GlobalLayout, theta: Float64Array, lambda: number, method: GlobalStepMethod = 'schur', denseLimit: number = GLOBAL_LM.DENSE_FALLBACK_LIMIT) {
  const e = engineOf(backend);
  const opts = { ftol: 0, xtol: 0, gtol: 0, maxEvaluations: 0 };
  return withCall(e, program, prs, lay, theta, opts, method, denseLimit, (ex, { r, M }) => {
    // [χ², predicted reduction, fallbacks, δ (M), D (M)]
    const res = e.allocRegion(3 + 2 * M);
    ex.eis_global_step(r.fitTask.ptr, r.globalTask.ptr, r.freq.ptr, r.theta.ptr, lambda, res.ptr, prs[0]!.c0, lay.tRef, lay.tHi);
    const o = e.f64(res);
    const out = { chi2: o[0]!, predicted: o[1]!, fallbacks: o[2]!, delta: o.slice(3, 3 + M), d: o.slice(3 + M, 3 + 2 * M) };
    e.freeRegion(res); // (not after a trap: the guard reinstantiates the module)
    return out;
  });
}

/**
 * @internal Test hook: runs `kernel` on a global call of `problems` written as globalLm writes it
 * (e.g. to change a GLOBAL_TASK field before eis_global_lm), on the backend's global engine.
 */
export function wasmGlobalCall<T>(backend: WasmBackend, program: KernelProgram, prs: readonly FitProblem[], lay: GlobalLayout, theta: Float64Array, opts: LmOptions,
  kernel: (ex: GlobalExports, call: GlobalCall, e: Engine<GlobalExports>) => T): T {
  const e = engineOf(backend);
  return withCall(e, program, prs, lay, theta, opts, 'schur', GLOBAL_LM.DENSE_FALLBACK_LIMIT, (ex, call) => kernel(ex, call, e));
}

/** Whether the global module is compiled in this realm (init() or createEngine() after this file was loaded). */
export function wasmGlobalReady(): boolean {
  return globalModule.ready;
}

const engines = new WeakMap<WasmBackend, Engine<GlobalExports>>();

/** @internal The global engine of a WASM backend (one per core engine), instantiated on first use. */
export function engineOf(backend: WasmBackend): Engine<GlobalExports> {
  let e = engines.get(backend);
  if (!e) engines.set(backend, (e = Engine.forModule(globalModule)));
  return e;
}

const kernels = new WeakMap<WasmBackend, GlobalKernels>();

/**
 * The global kernels of a WASM backend (one per backend, i.e. per core engine): a global engine of
 * its own, instantiated on the first call (the module must be compiled: {@link wasmGlobalReady}).
 */
export function wasmGlobalKernels(backend: WasmBackend): GlobalKernels {
  let k = kernels.get(backend);
  if (!k) kernels.set(backend, (k = { name: 'wasm', globalLm: (program, problems, layout, theta, opts, method = 'schur', denseLimit = GLOBAL_LM.DENSE_FALLBACK_LIMIT) => globalLm(engineOf(backend), program, problems, layout, theta, opts, method, denseLimit) }));
  return k;
}
