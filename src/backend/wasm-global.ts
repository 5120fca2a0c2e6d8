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
import { Engine, type Region } from '../../bindings/engine.ts';
import { EisError } from '../errors.ts';
import { FIT_TASK, GLOBAL_LM, GLOBAL_METHOD, GLOBAL_OUTCOME, GLOBAL_TASK, type Layout } from '../abi/descriptor.ts';
import { globalDenseFits, globalWords, scratchBytes } from '../abi/sizes.ts';
import { checkFits, checkScratch } from './limits.ts';
import type { GlobalLayout } from '../reference/global-map.ts';
import type { GlobalLmResult, GlobalStepMethod } from '../reference/global-lm.ts';
import type { LmOptions } from '../reference/lm.ts';
import type { FitProblem, KernelProgram } from '../types/problems.ts';
import type { GlobalKernels } from './global-types.ts';
import type { WasmBackend } from './wasm.ts';

const OUT = GLOBAL_OUTCOME.fields;

/** Writes a record's fields by name (every field must be given). */
function writeRecord<N extends string>(view: Int32Array, layout: Layout<N>, values: Record<N, number>): void {
  for (const name of Object.keys(layout.fields) as N[]) view[layout.fields[name]] = values[name];
}

/** The regions of one call, written: what eis_global_lm and eis_global_step read. */
interface Call {
  readonly rs: Region[];
  readonly words: number[];
  readonly M: number;
}

/**
 * Runs `kernel` on the global engine with the call's inputs written into one block of memory
 * allocated for it and freed afterwards (also when the kernel traps).
 */
function withCall<T>(e: Engine<GlobalExports>, program: KernelProgram, prs: readonly FitProblem[], lay: GlobalLayout, theta: Float64Array, opts: LmOptions, method: GlobalStepMethod,
  kernel: (ex: GlobalExports, call: Call) => T): T {
  const { offsets, nMax, total } = checkFits(program, prs);
  const S = prs.length, pr0 = prs[0]!, m = pr0.free.length, P = program.paramCount, G = lay.G, L = lay.L;
  const M = G + S * L;
  if (theta.length !== M) throw new EisError('E_INTERNAL', `internal error: θ has ${theta.length} unknowns; the layout needs ${M}.`);
  const dense = method === 'dense' || globalDenseFits(2 * total, M, GLOBAL_LM.DENSE_FALLBACK_LIMIT);
  const words = globalWords(program, S, m, nMax, total, G, L, dense, FIT_TASK.words, GLOBAL_TASK.words, GLOBAL_OUTCOME.words);
  checkScratch(scratchBytes(words), 'spectra', `a global fit of ${S} spectra of ${total} points with ${M} unknowns`);
  return e.run((ex) => {
    // one block for the call, regions 16-byte aligned as src/abi/sizes.ts scratchBytes counts them
    const block = ex.eis_alloc(scratchBytes(words)) >>> 0;
    try {
      let at = block;
      const rs: Region[] = words.map((w) => {
        const r = { ptr: at, length: w };
        at += Math.ceil((w * 8) / 16) * 16;
        return r;
      });
      const [code, free, fitTask, gTask, off, roles, globalAt, localAt, kinds, lower, upper, params, temps, freq, w, lnw, zre, zim, sre, sim, wk, jzr, jzi, th, , scratch] = rs as Region[] & { length: 26 };
      e.i32({ ptr: code!.ptr, length: program.code.length }).set(program.code);
      e.i32({ ptr: free!.ptr, length: m }).set(pr0.free);
      e.i32({ ptr: off!.ptr, length: S + 1 }).set(offsets);
      e.i32({ ptr: roles!.ptr, length: m }).set(lay.roles);
      e.i32({ ptr: globalAt!.ptr, length: m }).set(lay.globalAt);
      e.i32({ ptr: localAt!.ptr, length: m }).set(lay.localAt);
      e.f64(temps!).set(lay.temperatures);
      const kv = e.i32({ ptr: kinds!.ptr, length: S * m }), lv = e.f64(lower!), uv = e.f64(upper!), pv = e.f64(params!);
      const [fv, zrv, ziv, srv, siv] = [freq, zre, zim, sre, sim].map((r) => e.f64(r!)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
      prs.forEach((pr, s) => {
        const o = offsets[s]!;
        kv.set(pr.kinds, s * m);
        lv.set(pr.lower, s * m);
        uv.set(pr.upper, s * m);
        pv.set(pr.params, s * P);
        fv.set(pr.freq, o);
        // the data in the fit's representation (X_exp), and 1/σ (the kernel multiplies)
        zrv.set(pr.xre, o);
        ziv.set(pr.xim, o);
        for (let i = 0; i < pr.n; i++) {
          srv[o + i] = 1 / pr.sre[i]!;
          siv[o + i] = 1 / pr.sim[i]!;
        }
      });
      e.f64(th!).set(theta);
      // the per-spectrum fields (n, w, lnw, zre, zim, sre, sim, params, bounds) are set by the kernel
      writeRecord(e.i32({ ptr: fitTask!.ptr, length: FIT_TASK.words }), FIT_TASK, {
        code: code!.ptr, codeLen: program.code.length, nodes: program.nodeCount, P, params: params!.ptr,
        free: free!.ptr, kinds: kinds!.ptr, lower: lower!.ptr, upper: upper!.ptr, m,
        n: nMax, w: w!.ptr, lnw: lnw!.ptr, zre: zre!.ptr, zim: zim!.ptr, sre: sre!.ptr, sim: sim!.ptr,
        work: wk!.ptr, jzr: jzr!.ptr, jzi: jzi!.ptr, lm: 0, maxEvaluations: opts.maxEvaluations,
        representation: pr0.representation,
      });
      writeRecord(e.i32({ ptr: gTask!.ptr, length: GLOBAL_TASK.words }), GLOBAL_TASK, {
        S, G, L, method: method === 'dense' ? GLOBAL_METHOD.DENSE : GLOBAL_METHOD.SCHUR,
        off: off!.ptr, w: w!.ptr, lnw: lnw!.ptr, zre: zre!.ptr, zim: zim!.ptr, sre: sre!.ptr, sim: sim!.ptr,
        params: params!.ptr, lower: lower!.ptr, upper: upper!.ptr, kinds: kinds!.ptr,
        roles: roles!.ptr, globalAt: globalAt!.ptr, localAt: localAt!.ptr, temperatures: temps!.ptr, scratch: scratch!.ptr,
      });
      return kernel(ex, { rs, words, M });
    } finally {
      ex.eis_free(block);
    }
  });
}

/** Region indices of a call (src/abi/sizes.ts globalWords). */
const R = { fitTask: 2, gTask: 3, freq: 13, theta: 23, out: 24, scratch: 25 } as const;

/** The global LM of `problems` under `lay` from θ (updated in place) in one call of eis_global_lm. */
function globalLm(e: Engine<GlobalExports>, program: KernelProgram, prs: readonly FitProblem[], lay: GlobalLayout, theta: Float64Array, opts: LmOptions, method: GlobalStepMethod): GlobalLmResult {
  return withCall(e, program, prs, lay, theta, opts, method, (ex, { rs }) => {
    const th = rs[R.theta]!, out = rs[R.out]!;
    ex.eis_global_lm(rs[R.fitTask]!.ptr, rs[R.gTask]!.ptr, rs[R.freq]!.ptr, th.ptr, out.ptr, opts.ftol, opts.xtol, opts.gtol, prs[0]!.c0, lay.tRef, lay.tHi);
    theta.set(e.f64(th));
    const o = e.f64(out);
    return { status: o[OUT.status]!, chi2: o[OUT.chi2]!, iterations: o[OUT.iterations]!, nfev: o[OUT.nfev]!, njev: o[OUT.njev]!, denseFallbacks: o[OUT.denseFallbacks]! };
  });
}

/**
 * @internal Test hook: the WASM arrowhead model at θ, factorised (D from zero) and one damped step
 * at λ (eis_global_step), for comparison with ArrowheadSystem / arrowheadModel of the reference.
 */
export function wasmGlobalStep(backend: WasmBackend, program: KernelProgram, prs: readonly FitProblem[], lay: GlobalLayout, theta: Float64Array, lambda: number, method: GlobalStepMethod = 'schur') {
  const e = engineOf(backend);
  const opts = { ftol: 0, xtol: 0, gtol: 0, maxEvaluations: 0 };
  return withCall(e, program, prs, lay, theta, opts, method, (ex, { rs, words, M }) => {
    const out = rs[R.out]!, scratch = rs[R.scratch]!;
    ex.eis_global_step(rs[R.fitTask]!.ptr, rs[R.gTask]!.ptr, rs[R.freq]!.ptr, rs[R.theta]!.ptr, lambda, out.ptr, prs[0]!.c0, lay.tRef, lay.tHi);
    const o = e.f64(out), sv = e.f64(scratch), W = words[R.scratch]!;
    return { chi2: o[0]!, predicted: o[1]!, fallbacks: o[2]!, delta: sv.slice(W - 4 * M, W - 3 * M), d: sv.slice(W - 2 * M, W - M) };
  });
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
  if (!k) kernels.set(backend, (k = { name: 'wasm', globalLm: (program, problems, layout, theta, opts, method = 'schur') => globalLm(engineOf(backend), program, problems, layout, theta, opts, method) }));
  return k;
}
