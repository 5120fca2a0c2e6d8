/**
 * Engine: one WASM instance with its memory, and the only code that touches raw addresses.
 *
 * Memory rules (measured in ../shared/docs/toolchain.md): inputs are copied in and results
 * copied out once per call, never per evaluation inside a loop; one scratch block is reused
 * across calls and only grows; any allocation may grow memory and detach typed-array views,
 * so views are made fresh after every allocation (`f64()`/`i32()` below). Results handed to
 * callers are copies, never views into WASM memory.
 *
 * A trap (a bug) poisons the engine: the call throws EisError E_INTERNAL and the next call
 * runs on a fresh instance, because the state of memory after a trap is unknown.
 */
import { instantiateModule, instantiateSync, type RawExports } from './loader.ts';
import { EisError } from '../src/errors.ts';
import type { FitProblem } from '../src/fit/problem.ts';
import type { BackendFit } from '../src/fit/fit.ts';
import { newResultBlock } from '../src/fit/result-block.ts';
import type { KkOutcome, KkProblem } from '../src/reference/linkk.ts';

/** A compiled circuit as the kernels read it. */
export interface KernelProgram {
  readonly code: Int32Array;
  readonly nodeCount: number;
  readonly paramCount: number;
}

/** A region of the scratch block. */
export interface Region {
  readonly ptr: number;
  readonly length: number;
}

const ALIGN = 16;
const align = (x: number) => Math.ceil(x / ALIGN) * ALIGN;
/** 8-byte words that hold `count` i32 values. */
const i32Words = (count: number) => Math.ceil(count / 2);

export class Engine {
  private ex: RawExports;
  private scratchPtr = 0;
  private scratchBytes = 0;
  private poisoned = false;
  /** Frequencies of the grid currently resident in scratch (to skip recomputing ln ω). */
  private gridFreq: Float64Array | null = null;
  private gridAt = -1;

  private constructor(ex: RawExports) {
    this.ex = ex;
  }

  /** A new engine with its own instance and memory. */
  static async create(): Promise<Engine> {
    return new Engine(await instantiateModule());
  }

  /** The raw exports (advanced use; undocumented). */
  get raw(): RawExports {
    return this.ex;
  }

  /** Current size of WASM linear memory in bytes. */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  /** Fresh Float64Array view of a region (re-created on every call: memory may have grown). */
  f64(r: Region): Float64Array {
    return new Float64Array(this.ex.memory.buffer, r.ptr, r.length);
  }

  /** Fresh Int32Array view. */
  i32(r: Region): Int32Array {
    return new Int32Array(this.ex.memory.buffer, r.ptr, r.length);
  }

  /**
   * Lays out `sizes` (in 8-byte words) in the scratch block, growing it when too small.
   * Returns one region per size. Previous contents are kept only when no growth happened.
   */
  private layout(words: readonly number[]): Region[] {
    let total = 0;
    const offsets = words.map((w) => {
      const at = total;
      total += align(w * 8);
      return at;
    });
    if (total > this.scratchBytes) {
      if (this.scratchPtr) this.ex.eis_free(this.scratchPtr);
      const bytes = Math.max(total, 2 * this.scratchBytes, 64 * 1024);
      this.scratchPtr = this.ex.eis_alloc(bytes) >>> 0;
      this.scratchBytes = bytes;
      this.gridFreq = null;
    }
    return words.map((w, k) => ({ ptr: this.scratchPtr + offsets[k]!, length: w }));
  }

  /**
   * Runs a kernel call. A trap throws E_INTERNAL and replaces the instance with a fresh one
   * (same compiled module, new memory), so the next call works again.
   */
  private guard<T>(fn: () => T): T {
    if (this.poisoned) this.reinstantiate();
    try {
      return fn();
    } catch (e) {
      if (e instanceof EisError) throw e;
      this.poisoned = true;
      throw new EisError('E_INTERNAL', `internal error in the WASM kernel (the engine has been reset): ${(e as Error)?.message ?? String(e)}`, { cause: e });
    } finally {
      if (this.poisoned) this.reinstantiate();
    }
  }

  private reinstantiate(): void {
    this.ex = instantiateSync();
    this.scratchPtr = 0;
    this.scratchBytes = 0;
    this.gridFreq = null;
    this.poisoned = false;
    this.resets++;
  }

  /** How many times a trap made this engine re-instantiate. */
  resets = 0;

  /** Runs `fn` on the raw exports under the trap guard (tests drive the recovery path with it). */
  run<T>(fn: (ex: RawExports) => T): T {
    return this.guard(() => fn(this.ex));
  }

  private writeInputs(program: KernelProgram, params: Float64Array, freq: Float64Array, regions: Region[]): void {
    const [code, par, fr, w, lnw] = regions as [Region, Region, Region, Region, Region];
    new Int32Array(this.ex.memory.buffer, code.ptr, program.code.length).set(program.code);
    this.f64(par).set(params);
    // ln ω is the costliest part of a cheap circuit: recompute only when the grid changed
    const cached = this.gridFreq !== null && this.gridAt === fr.ptr && sameValues(this.gridFreq, freq);
    if (!cached) {
      this.f64(fr).set(freq);
      this.ex.eis_grid(fr.ptr, freq.length, w.ptr, lnw.ptr);
      this.gridFreq = Float64Array.from(freq);
      this.gridAt = fr.ptr;
    }
  }

  /** Z at the frequencies `freq` (Hz) for one parameter vector. */
  impedance(program: KernelProgram, params: Float64Array, freq: Float64Array): { re: Float64Array; im: Float64Array } {
    return this.guard(() => {
      const n = freq.length;
      const work = (this.ex.eis_workspace_bytes(program.nodeCount, n) >>> 0) / 8;
      const rs = this.layout([i32Words(program.code.length), params.length, n, n, n, work, n, n]);
      this.writeInputs(program, params, freq, rs);
      const [code, par, , w, lnw, wk, outr, outi] = rs as Region[] as [Region, Region, Region, Region, Region, Region, Region, Region];
      this.ex.eis_impedance(code.ptr, program.code.length, program.nodeCount, par.ptr, n, w.ptr, lnw.ptr, wk.ptr, outr.ptr, outi.ptr);
      return { re: this.f64(outr).slice(), im: this.f64(outi).slice() };
    });
  }

  /** Z for K parameter rows (`params` is K×P row-major) → K×N row-major outputs. */
  impedanceMany(program: KernelProgram, params: Float64Array, rows: number, freq: Float64Array): { re: Float64Array; im: Float64Array } {
    return this.guard(() => {
      const n = freq.length;
      const work = (this.ex.eis_workspace_bytes(program.nodeCount, n) >>> 0) / 8;
      const rs = this.layout([i32Words(program.code.length), params.length, n, n, n, work, rows * n, rows * n]);
      this.writeInputs(program, params, freq, rs);
      const [code, par, , w, lnw, wk, outr, outi] = rs as Region[] as [Region, Region, Region, Region, Region, Region, Region, Region];
      this.ex.eis_impedance_many(code.ptr, program.code.length, program.nodeCount, par.ptr, program.paramCount, rows, n,
        w.ptr, lnw.ptr, wk.ptr, outr.ptr, outi.ptr);
      return { re: this.f64(outr).slice(), im: this.f64(outi).slice() };
    });
  }

  /** Z and the Jacobian (N×P row-major re and im planes). */
  jacobian(program: KernelProgram, params: Float64Array, freq: Float64Array) {
    return this.guard(() => {
      const n = freq.length, P = program.paramCount;
      const work = (this.ex.eis_workspace_bytes(program.nodeCount, n) >>> 0) / 8;
      const rs = this.layout([i32Words(program.code.length), params.length, n, n, n, work, n, n, n * P, n * P]);
      this.writeInputs(program, params, freq, rs);
      const [code, par, , w, lnw, wk, outr, outi, jr, ji] = rs as Region[] as [Region, Region, Region, Region, Region, Region, Region, Region, Region, Region];
      this.ex.eis_jacobian(code.ptr, program.code.length, program.nodeCount, par.ptr, P, n, w.ptr, lnw.ptr, wk.ptr,
        outr.ptr, outi.ptr, jr.ptr, ji.ptr);
      return { re: this.f64(outr).slice(), im: this.f64(outi).slice(), jre: this.f64(jr).slice(), jim: this.f64(ji).slice() };
    });
  }

  /**
   * One complete fit inside WASM (one boundary crossing): copies the problem in, runs the
   * Levenberg–Marquardt loop, copies the solution, counters, fitted Z and final Jacobian out.
   */
  fit(program: KernelProgram, pr: FitProblem): BackendFit {
    return this.fitBatch(program, [pr], false)[0]!;
  }

  /**
   * K fits of one circuit in one call (the loop runs inside WASM). All problems must share
   * the free set and bounds (they come from one options object). With `warmStart`, a fit
   * starts from the previous solution when that fit succeeded.
   */
  fitBatch(program: KernelProgram, prs: readonly FitProblem[], warmStart: boolean, previous?: BackendFit): BackendFit[] {
    return this.guard(() => {
      const ex = this.ex;
      const K = prs.length, P = program.paramCount, m = prs[0]!.free.length;
      const offsets = new Int32Array(K + 1);
      prs.forEach((pr, k) => (offsets[k + 1] = offsets[k]! + pr.n));
      const total = offsets[K]!;
      const nMax = Math.max(...prs.map((pr) => pr.n));
      const taskWords = ex.eis_fit_task_words();
      const work = (ex.eis_workspace_bytes(program.nodeCount, nMax) >>> 0) / 8;
      const rs = this.layout([
        i32Words(program.code.length), i32Words(m), i32Words(m), m, m, i32Words(taskWords), i32Words(K + 1), // code free kinds lower upper task off
        work, nMax * P, nMax * P, ex.eis_fit_scratch_words(nMax, m), // workspace
        total, total, total, total, total, total, total, // freq w lnw zre zim sre sim
        K * P, (K + 1) * m, (K + 1) * 7, 2 * total * m, total, total, K * m * m, // params u out jac fr fi cov (u, out: row −1 = previous fit)
      ]);
      this.gridFreq = null; // this layout overwrites the cached grid's place
      const [code, free, kinds, lower, upper, task, off, wk, jzr, jzi, lm, freq, w, lnw, zre, zim, sre, sim, params, uAll, outAll, jac, fr, fi, cov] = rs as Region[] & { length: 25 };
      // rows 1… of u/out are the fits; row 0 holds the previous fit for a warm start across calls
      const u = { ptr: uAll!.ptr + 8 * m, length: K * m }, out = { ptr: outAll!.ptr + 56, length: K * 7 };
      const outPrev = this.f64({ ptr: outAll!.ptr, length: 7 });
      outPrev.fill(0);
      if (previous) {
        this.f64({ ptr: uAll!.ptr, length: m }).set(previous.block.u);
        outPrev[0] = previous.status;
        outPrev[1] = previous.chi2;
      }
      const pr0 = prs[0]!;
      this.i32({ ptr: code!.ptr, length: program.code.length }).set(program.code);
      this.i32({ ptr: free!.ptr, length: m }).set(pr0.free);
      this.i32({ ptr: kinds!.ptr, length: m }).set(pr0.kinds);
      this.f64(lower!).set(pr0.lower);
      this.f64(upper!).set(pr0.upper);
      this.i32({ ptr: off!.ptr, length: K + 1 }).set(offsets);
      const views = [freq, zre, zim, sre, sim].map((r) => this.f64(r!));
      const pv = this.f64(params!), uv = this.f64(u);
      prs.forEach((pr, k) => {
        const o = offsets[k]!;
        views[0]!.set(pr.freq, o);
        views[1]!.set(pr.zre, o);
        views[2]!.set(pr.zim, o);
        // the kernel multiplies by 1/σ
        for (let i = 0; i < pr.n; i++) {
          views[3]![o + i] = 1 / pr.sre[i]!;
          views[4]![o + i] = 1 / pr.sim[i]!;
        }
        pv.set(pr.params, k * P);
        uv.set(pr.u0, k * m);
      });
      // FitTask words in the order of assembly/lm.ts; the per-spectrum fields are set by the kernel
      const desc = [code!.ptr, program.code.length, program.nodeCount, P, params!.ptr, free!.ptr, kinds!.ptr, lower!.ptr, upper!.ptr, m,
        nMax, w!.ptr, lnw!.ptr, zre!.ptr, zim!.ptr, sre!.ptr, sim!.ptr, wk!.ptr, jzr!.ptr, jzi!.ptr, lm!.ptr, pr0.maxEvaluations];
      if (desc.length !== taskWords) throw new EisError('E_INTERNAL', `fit task layout mismatch: ${desc.length} words here, ${taskWords} in WASM`);
      this.i32({ ptr: task!.ptr, length: taskWords }).set(desc);
      ex.eis_fit_batch(task!.ptr, K, off!.ptr, freq!.ptr, w!.ptr, lnw!.ptr, zre!.ptr, zim!.ptr, sre!.ptr, sim!.ptr,
        params!.ptr, u.ptr, out.ptr, jac!.ptr, fr!.ptr, fi!.ptr, cov!.ptr, warmStart, previous !== undefined, pr0.ftol, pr0.xtol, pr0.gtol);
      const o = this.f64(out), pOut = this.f64(params!), uOut = this.f64(u), cv = this.f64(cov!), frv = this.f64(fr!), fiv = this.f64(fi!);
      return prs.map((pr, k) => {
        const a = offsets[k]!, b = offsets[k + 1]!;
        const block = newResultBlock(P, m, pr.n);
        copyFrom(block.params, pOut, k * P);
        copyFrom(block.u, uOut, k * m);
        copyFrom(block.unscaled, cv, k * m * m);
        copyFrom(block.fittedRe, frv, a);
        copyFrom(block.fittedIm, fiv, a);
        return {
          status: o[k * 7]!, chi2: o[k * 7 + 1]!, iterations: o[k * 7 + 2]!, nfev: o[k * 7 + 3]!, njev: o[k * 7 + 4]!,
          warmFallback: o[k * 7 + 5] === 1,
          covarianceDetermined: o[k * 7 + 6] === 1,
          block,
        };
      });
    });
  }

  /**
   * Lin-KK tests of K spectra in one call (assembly/linkk.ts). All problems share the options
   * (representation, fit type, series elements, rule, c, β, F_ext candidates); each has its own
   * points and largest M.
   */
  linKKBatch(prs: readonly KkProblem[]): KkOutcome[] {
    return this.guard(() => {
      const ex = this.ex;
      const K = prs.length, p0 = prs[0]!;
      const offsets = new Int32Array(K + 1);
      prs.forEach((pr, k) => (offsets[k + 1] = offsets[k]! + pr.n));
      const total = offsets[K]!;
      let nMax = 0, maxTau = 1;
      for (const pr of prs) {
        nMax = Math.max(nMax, pr.n);
        maxTau = Math.max(maxTau, pr.maxM, pr.fixedM);
      }
      const maxCols = maxTau + 3, E = p0.extensions.length;
      const rs = this.layout([
        i32Words(K + 1), total, total, total, i32Words(K), E, ex.eis_linkk_scratch_words(nMax, maxCols), // off w xre xim maxMs exts scratch
        K * KK_SUMMARY, K * maxCols, K * maxTau, total, total, total, total, K * maxTau, K * maxTau, // summary coef tau fre fim rre rim curves
      ]);
      this.gridFreq = null; // this layout overwrites the cached grid's place
      const [off, w, xre, xim, maxMs, exts, scratch, summary, coef, tau, fre, fim, rre, rim, cMu, cChi2] = rs as Region[] & { length: 16 };
      this.i32({ ptr: off!.ptr, length: K + 1 }).set(offsets);
      this.i32({ ptr: maxMs!.ptr, length: K }).set(prs.map((pr) => pr.maxM));
      this.f64(exts!).set(p0.extensions);
      const wv = this.f64(w!), rv = this.f64(xre!), iv = this.f64(xim!);
      prs.forEach((pr, k) => {
        wv.set(pr.w, offsets[k]!);
        rv.set(pr.xre, offsets[k]!);
        iv.set(pr.xim, offsets[k]!);
      });
      const flags = (p0.admittance ? 1 : 0) | (p0.addC ? 2 : 0) | (p0.addL ? 4 : 0);
      ex.eis_linkk_batch(K, off!.ptr, w!.ptr, xre!.ptr, xim!.ptr, flags, p0.fitType, p0.rule, p0.fixedM, maxMs!.ptr, p0.c, p0.beta,
        exts!.ptr, E, scratch!.ptr, nMax, maxCols, summary!.ptr, coef!.ptr, maxCols, tau!.ptr, maxTau,
        fre!.ptr, fim!.ptr, rre!.ptr, rim!.ptr, cMu!.ptr, cChi2!.ptr);
      const sv = this.f64(summary!), cv = this.f64(coef!), tv = this.f64(tau!);
      const [frv, fiv, rrv, riv, cmv, ccv] = [fre, fim, rre, rim, cMu, cChi2].map((r) => this.f64(r!));
      return prs.map((pr, k) => {
        const o = k * KK_SUMMARY, M = sv[o]!, count = sv[o + 5]!, a = offsets[k]!, b = offsets[k + 1]!;
        const nCoef = 1 + M + (p0.addC ? 1 : 0) + (p0.addL ? 1 : 0);
        return {
          M, mu: sv[o + 1]!, chi2: sv[o + 2]!, extIndex: sv[o + 3]!, found: sv[o + 4] === 1, rankDeficient: sv[o + 6] === 1,
          coef: cv.slice(k * maxCols, k * maxCols + nCoef), tau: tv.slice(k * maxTau, k * maxTau + M),
          fittedRe: frv!.slice(a, b), fittedIm: fiv!.slice(a, b), residualsRe: rrv!.slice(a, b), residualsIm: riv!.slice(a, b),
          curveM: p0.rule === 2 ? Int32Array.of(p0.fixedM) : Int32Array.from({ length: count }, (_, i) => i + 1),
          curveMu: cmv!.slice(k * maxTau, k * maxTau + count), curveChi2: ccv!.slice(k * maxTau, k * maxTau + count),
        };
      });
    });
  }

  /**
   * Keeps a circuit, its frequency grid and workspace resident in WASM memory for repeated
   * evaluation with changing parameters and no copies (zero-copy advanced path; benchmarks
   * use it to time the kernels alone). Call `dispose()` when done.
   */
  bind(program: KernelProgram, freq: Float64Array): BoundCircuit {
    return new BoundCircuit(this, program, freq);
  }

  /** @internal allocation for BoundCircuit (outside the scratch block). */
  allocRegion(words: number): Region {
    return { ptr: this.ex.eis_alloc(words * 8) >>> 0, length: words };
  }

  /** @internal */
  freeRegion(r: Region): void {
    this.ex.eis_free(r.ptr);
  }

  /** @internal guarded access for BoundCircuit. */
  call<T>(fn: (ex: RawExports) => T): T {
    return this.guard(() => fn(this.ex));
  }
}

/** dst[i] = src[from + i] for all of dst (a loop: no temporary subarray views). */
/** f64 words per spectrum in the Lin-KK summary (assembly/linkk.ts KK_SUMMARY_WORDS). */
const KK_SUMMARY = 7;

function copyFrom(dst: Float64Array, src: Float64Array, from: number): void {
  for (let i = 0; i < dst.length; i++) dst[i] = src[from + i]!;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}

/** A circuit resident in one engine's memory: see {@link Engine.bind}. */
export class BoundCircuit {
  private regions: Region[];
  private readonly r: Record<'code' | 'params' | 'fr' | 'w' | 'lnw' | 'work' | 'zr' | 'zi' | 'jr' | 'ji', Region>;
  readonly n: number;

  /** The engine's reset count when the buffers were made: a trap replaces the memory. */
  private readonly generation: number;

  constructor(private readonly engine: Engine, private readonly program: KernelProgram, freq: Float64Array) {
    this.generation = engine.resets;
    const n = (this.n = freq.length);
    const P = program.paramCount;
    const workWords = engine.call((ex) => (ex.eis_workspace_bytes(program.nodeCount, n) >>> 0) / 8);
    const names = ['code', 'params', 'fr', 'w', 'lnw', 'work', 'zr', 'zi', 'jr', 'ji'] as const;
    const sizes = [i32Words(program.code.length), P, n, n, n, workWords, n, n, n * P, n * P];
    this.regions = sizes.map((w) => engine.allocRegion(w));
    this.r = Object.fromEntries(names.map((k, i) => [k, this.regions[i]!])) as BoundCircuit['r'];
    const { code, fr, w, lnw } = this.r;
    engine.i32({ ptr: code.ptr, length: program.code.length }).set(program.code);
    engine.f64(fr).set(freq);
    engine.call((ex) => ex.eis_grid(fr.ptr, n, w.ptr, lnw.ptr));
  }

  private check(): void {
    if (this.engine.resets !== this.generation || this.regions.length === 0) {
      throw new EisError('E_INTERNAL', 'this bound circuit is no longer valid (disposed, or its engine was reset after an internal error); bind it again');
    }
  }

  /** Sets the parameter vector (P values). */
  setParams(p: ArrayLike<number>): void {
    this.check();
    this.engine.f64(this.r.params).set(p);
  }

  /** Evaluates Z into resident memory (read it with {@link readZ}). */
  impedance(): void {
    this.check();
    const { r, program: g, n } = this;
    this.engine.call((ex) => ex.eis_impedance(r.code.ptr, g.code.length, g.nodeCount, r.params.ptr, n, r.w.ptr, r.lnw.ptr, r.work.ptr, r.zr.ptr, r.zi.ptr));
  }

  /** Evaluates Z and the Jacobian into resident memory. */
  jacobian(): void {
    this.check();
    const { r, program: g, n } = this;
    this.engine.call((ex) => ex.eis_jacobian(r.code.ptr, g.code.length, g.nodeCount, r.params.ptr, g.paramCount, n,
      r.w.ptr, r.lnw.ptr, r.work.ptr, r.zr.ptr, r.zi.ptr, r.jr.ptr, r.ji.ptr));
  }

  /** Copies of the last Z. */
  readZ(): { re: Float64Array; im: Float64Array } {
    return { re: this.engine.f64(this.r.zr).slice(), im: this.engine.f64(this.r.zi).slice() };
  }

  /** Copies of the last Jacobian (N×P row-major). */
  readJacobian(): { re: Float64Array; im: Float64Array } {
    return { re: this.engine.f64(this.r.jr).slice(), im: this.engine.f64(this.r.ji).slice() };
  }

  /** Frees the resident buffers. */
  dispose(): void {
    for (const reg of this.regions) this.engine.freeRegion(reg);
    this.regions = [];
  }
}
