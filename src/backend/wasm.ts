/**
 * The WASM backend: all marshalling between the facade's problems and the kernels' memory.
 * Inputs are copied into the engine's scratch block, records (the fit task, fit outcomes, the
 * Lin-KK summary) are written and read by field name through the ABI layouts
 * (src/abi/descriptor.ts), and results are copied out. Every method checks the size limits
 * (src/backend/limits.ts) and its scratch size before a kernel runs. The feature kernels' marshalling
 * (the DRT: src/backend/wasm-drt.ts) lives beside it, out of the core bundle, on an engine of the
 * feature's own module that belongs to this backend's engine.
 */
import type { Engine, Region } from '../../bindings/engine.ts';
import { FIT_OUTCOME, FIT_TASK, JUDGEMENT, KK_FLAG, KK_RULE, KK_SUMMARY, WASM_MEMORY, type Layout } from '../abi/descriptor.ts';
import { fitJudgeWords, judgeWords, scratchBytes } from '../abi/sizes.ts';
import { sharedFrequencyOrder } from '../stats/order.ts';
import { DEFAULT_FLOOR } from '../stats/judge.ts';
import { checkFits, checkImpedance, checkImpedanceMany, checkJacobian, checkKk } from './limits.ts';
import { newResultBlock, type BackendFit, type FitProblem, type KernelProgram, type KkOutcome, type KkProblem, type Planes, type PlanesWithJacobian, type WarmChain } from '../types/problems.ts';
import type { Backend, GuessKernels } from './types.ts';

const FIT = FIT_OUTCOME.fields;
const TASK = FIT_TASK.fields;
const KK = KK_SUMMARY.fields;

/** Each layout's field names and word indices, listed once (writeRecord runs per kernel call). */
const RECORD_FIELDS = new WeakMap<object, { names: string[]; at: number[] }>();

/** Writes a record's fields by name (every field must be given). Shared with the feature modules' marshalling (./wasm-global.ts). */
export function writeRecord<N extends string>(view: Int32Array | Float64Array, layout: Layout<N>, values: Record<N, number>): void {
  let f = RECORD_FIELDS.get(layout);
  if (f === undefined) {
    const names = Object.keys(layout.fields) as N[];
    f = { names, at: names.map((name) => layout.fields[name]) };
    RECORD_FIELDS.set(layout, f);
  }
  const { names, at } = f;
  for (let i = 0; i < names.length; i++) view[at[i]!] = values[names[i] as N];
}

/** dst[i] = src[from + i] for all of dst: `set` when src is just as long (a region of one fit), else a loop (no temporary subarray views). */
function copyFrom(dst: Float64Array, src: Float64Array, from: number): void {
  if (from === 0 && src.length === dst.length) dst.set(src);
  else for (let i = 0; i < dst.length; i++) dst[i] = src[from + i]!;
}

/**
 * The points of fit problems into their concatenated regions at `offsets`: frequencies, the data
 * in the fit's representation (X_exp: Z itself, Y or M; src/fit/problem.ts) and 1/σ (the kernels
 * multiply). Shared with ./wasm-global.ts.
 */
export function writeSpectra(e: { f64(r: Region): Float64Array }, prs: readonly FitProblem[], offsets: Int32Array, r: { freq: Region; zre: Region; zim: Region; sre: Region; sim: Region }): void {
  writeSpectraTo(e.f64(r.freq), e.f64(r.zre), e.f64(r.zim), e.f64(r.sre), e.f64(r.sim), prs, offsets);
}

function writeSpectraTo(fv: Float64Array, zrv: Float64Array, ziv: Float64Array, srv: Float64Array, siv: Float64Array, prs: readonly FitProblem[], offsets: Int32Array): void {
  for (let k = 0; k < prs.length; k++) {
    const pr = prs[k]!, o = offsets[k]!;
    fv.set(pr.freq, o);
    zrv.set(pr.xre, o);
    ziv.set(pr.xim, o);
    for (let i = 0; i < pr.n; i++) {
      srv[o + i] = 1 / pr.sre[i]!;
      siv[o + i] = 1 / pr.sim[i]!;
    }
  }
}

/**
 * fitBatch's scratch regions and typed-array views for one layout (its `words`, code length, m
 * and K), kept per backend: a repeated fit of the same shape reuses them. The regions hold while
 * the scratch block stays where it is (the engine's scratchEpoch: growth or a new instance moves
 * it); the views while the memory's buffer is the same (memory growth detaches every view).
 */
interface FitLayout {
  words: readonly number[];
  codeLen: number;
  m: number;
  K: number;
  epoch: number;
  rs: Region[];
  buffer: ArrayBuffer | null;
  code: Int32Array; free: Int32Array; kinds: Int32Array; eligible: Int32Array; off: Int32Array; task: Int32Array;
  lower: Float64Array; upper: Float64Array;
  freq: Float64Array; zre: Float64Array; zim: Float64Array; sre: Float64Array; sim: Float64Array;
  params: Float64Array; uAll: Float64Array; outAll: Float64Array; cov: Float64Array; fr: Float64Array; fi: Float64Array;
  /** The verdicts' regions when the layout has them (fitJudgeWords: order, measured Z, JUDGEMENT records); else null. */
  judge: { order: Uint32Array; mre: Float64Array; mim: Float64Array; out: Float64Array } | null;
}

function sameWords(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}

/**
 * initialGuess's passes on an engine (assembly/guess.ts, assembly/guess-passes.ts). A guess keeps
 * its Work arrays in a region of their own outside the scratch block (the fit kernels' cached grid
 * lives there; `memory`), allocated once per instance and size, so the passes run on them in place:
 * each takes the arrays' addresses (their views' byteOffset) and copies nothing.
 * A trap inside a pass is reported as any kernel's (E_INTERNAL, the instance replaced): the calls
 * go to the exports directly and only a throw goes through the engine's guard. The kernels' records
 * (GUESS_INPUT, GUESS_POINTS, GUESS_MEASURE, GUESS_ARC_SUMS, GUESS_TAIL_SUMS) come back as they are:
 * layout() numbers their fields in declaration order, the order GuessKernels' `out`s promise
 * (test/guess-wasm.test.ts checks it).
 */
class WasmGuess implements GuessKernels {
  /** The Work region, the instance it belongs to (a trap replaces it), its view (memory may grow) and whether a guess holds it. */
  private home: Region | null = null;
  private homeOwner: unknown = null;
  private homeView: Float64Array | null = null;
  private busy = false;

  constructor(private readonly engine: Engine) {}

  /** A pass threw (a trap): through the engine's guard, which replaces the instance and throws E_INTERNAL. */
  private trapped(err: unknown): never {
    return this.engine.run(() => {
      throw err;
    });
  }

  memory(words: number): Float64Array | null {
    const e = this.engine, ex = e.raw;
    if (this.homeOwner !== ex) {
      // a new instance (a trap): the old region's address means nothing in its memory
      this.home = null;
      this.homeView = null;
      this.busy = false;
      this.homeOwner = ex;
    }
    if (this.busy) return null;
    let reg = this.home, v = this.homeView;
    if (reg === null || reg.length !== words) {
      if (reg !== null) e.freeRegion(reg);
      reg = this.home = e.allocRegion(words);
      v = null;
    }
    if (v === null || v.buffer !== ex.memory.buffer) v = this.homeView = e.f64(reg);
    this.busy = true;
    return v;
  }

  release(): void {
    this.busy = false;
  }

  input(freq: Float64Array, re: Float64Array, im: Float64Array, N: number, w: Float64Array, x: Float64Array, y: Float64Array, lw: Float64Array, iz: Float64Array, out: Float64Array): void {
    try {
      this.engine.raw.eis_guess_input(freq.byteOffset, re.byteOffset, im.byteOffset, N, w.byteOffset, x.byteOffset, y.byteOffset, lw.byteOffset, iz.byteOffset, out.byteOffset);
    } catch (err) {
      this.trapped(err);
    }
  }

  points(w: Float64Array, x: Float64Array, y: Float64Array, lw: Float64Array, iz: Float64Array, n: number, uniform: boolean, l0: number, step: number, out: Float64Array): void {
    try {
      this.engine.raw.eis_guess_points(w.byteOffset, x.byteOffset, y.byteOffset, lw.byteOffset, iz.byteOffset, n, uniform ? 1 : 0, l0, step, out.byteOffset);
    } catch (err) {
      this.trapped(err);
    }
  }

  noise(yr: Float64Array, iz: Float64Array, dev: Float64Array, lo: number, hi: number): number {
    try {
      return this.engine.raw.eis_guess_noise(yr.byteOffset, iz.byteOffset, dev.byteOffset, lo, hi);
    } catch (err) {
      return this.trapped(err);
    }
  }

  peaks(ys: Float64Array, iz: Float64Array, peakI: Float64Array, peakP: Float64Array, lo: number, hi: number, k: number, lowEnd: boolean, minProminence: number, minFirst: number,
    smoothFrom: Float64Array | null, out: Float64Array): number {
    try {
      return this.engine.raw.eis_guess_peaks(ys.byteOffset, iz.byteOffset, peakI.byteOffset, peakP.byteOffset, lo, hi, k, lowEnd ? 1 : 0, minProminence, minFirst,
        smoothFrom !== null ? 1 : 0, smoothFrom !== null ? smoothFrom.byteOffset : 0, out.byteOffset);
    } catch (err) {
      return this.trapped(err);
    }
  }

  subtractTail(x: Float64Array, y: Float64Array, w: Float64Array, lw: Float64Array, xr: Float64Array, yr: Float64Array, n: number, inductance: number, seen: boolean, c: number, s: number, lq: number, al: number, logStep: number): void {
    try {
      this.engine.raw.eis_guess_subtract_tail(x.byteOffset, y.byteOffset, w.byteOffset, lw.byteOffset, xr.byteOffset, yr.byteOffset, n, inductance, seen ? 1 : 0, c, s, lq, al, logStep);
    } catch (err) {
      this.trapped(err);
    }
  }

  trim(yr: Float64Array, lw: Float64Array, p: number, a0: number, lq: number, alpha: number, logStep: number): number {
    try {
      return this.engine.raw.eis_guess_trim(yr.byteOffset, lw.byteOffset, p, a0, lq, alpha, logStep);
    } catch (err) {
      return this.trapped(err);
    }
  }

  measure(xs: Float64Array, ys: Float64Array, lw: Float64Array, a: number, b: number, p: number, tanDefault: number,
    trim: boolean, yr: Float64Array, lq: number, alpha: number, logStep: number, out: Float64Array): void {
    try {
      this.engine.raw.eis_guess_measure(xs.byteOffset, ys.byteOffset, lw.byteOffset, a, b, p, tanDefault, trim ? 1 : 0, yr.byteOffset, lq, alpha, logStep, out.byteOffset);
    } catch (err) {
      this.trapped(err);
    }
  }

  subArc(xa: Float64Array, ya: Float64Array, lw: Float64Array, a: number, b: number, r: number, al: number, lt: number, c: number, sn: number, logStep: number): void {
    try {
      this.engine.raw.eis_guess_sub_arc(xa.byteOffset, ya.byteOffset, lw.byteOffset, a, b, r, al, lt, c, sn, logStep);
    } catch (err) {
      this.trapped(err);
    }
  }

  arcSums(xs: Float64Array, ys: Float64Array, lw: Float64Array, a: number, b: number, xhf: number, r: number, out: Float64Array): void {
    const n = Math.max(b - a + 1, 0), o = 8 * a;
    try {
      this.engine.raw.eis_guess_arc_sums(xs.byteOffset + o, ys.byteOffset + o, lw.byteOffset + o, n, xhf, r, out.byteOffset);
    } catch (err) {
      this.trapped(err);
    }
  }

  tailSums(y: Float64Array, lw: Float64Array, tailArcs: Float64Array, m: number, withArcs: boolean, out: Float64Array): void {
    try {
      this.engine.raw.eis_guess_tail_sums(y.byteOffset, lw.byteOffset, tailArcs.byteOffset, m, withArcs ? 1 : 0, out.byteOffset);
    } catch (err) {
      this.trapped(err);
    }
  }

  arcAtTail(lw: Float64Array, out: Float64Array, m: number, r: number, alpha: number, lt: number, c: number, sn: number): void {
    try {
      this.engine.raw.eis_guess_arc_at_tail(lw.byteOffset, out.byteOffset, m, r, alpha, lt, c, sn);
    } catch (err) {
      this.trapped(err);
    }
  }
}

export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  /** Frequencies of the grid resident in scratch (to skip recomputing ln ω), its address and the scratch epoch it belongs to. */
  private gridFreq: Float64Array | null = null;
  private gridAt = -1;
  private gridEpoch = -1;
  /** fitBatch's last layout: its regions and views (FitLayout). */
  private fitCache: FitLayout | null = null;
  /** The verdict record of a fitBatch call with `judge` of one fit: valid until the next such call (fitChunk reads it at once). */
  private readonly singleRecord = new Float64Array(JUDGEMENT.words);
  /** fitBatch's last regions with the verdicts' (`all`: the fit's `base` words and fitJudgeWords'; `fits`: within the scratch limit). */
  private judgeWords: { base: readonly number[]; K: number; total: number; nMax: number; measured: boolean; all: readonly number[]; fits: boolean } | null = null;

  /** initialGuess's passes on this engine (fit and fitBatch's automatic start values). */
  readonly guess: GuessKernels;

  constructor(readonly engine: Engine) {
    this.guess = new WasmGuess(engine);
  }

  private writeInputs(program: KernelProgram, params: Float64Array, freq: Float64Array, regions: readonly Region[]): void {
    const [code, par, fr, w, lnw] = regions as [Region, Region, Region, Region, Region];
    const e = this.engine;
    e.i32({ ptr: code.ptr, length: program.code.length }).set(program.code);
    e.f64(par).set(params);
    // ln ω is the costliest part of a cheap circuit: recompute only when the grid changed
    const cached = this.gridFreq !== null && this.gridAt === fr.ptr && this.gridEpoch === e.scratchEpoch && sameValues(this.gridFreq, freq);
    if (!cached) {
      e.f64(fr).set(freq);
      e.raw.eis_grid(fr.ptr, freq.length, w.ptr, lnw.ptr);
      this.gridFreq = Float64Array.from(freq);
      this.gridAt = fr.ptr;
      this.gridEpoch = e.scratchEpoch;
    }
  }

  impedance(program: KernelProgram, params: Float64Array, freq: Float64Array): Planes {
    const n = freq.length;
    const words = checkImpedance(program, params.length, n);
    return this.engine.run((ex) => {
      const rs = this.engine.scratch(words);
      this.writeInputs(program, params, freq, rs);
      const [code, par, , w, lnw, wk, outr, outi] = rs as [Region, Region, Region, Region, Region, Region, Region, Region];
      ex.eis_impedance(code.ptr, program.code.length, program.nodeCount, par.ptr, n, w.ptr, lnw.ptr, wk.ptr, outr.ptr, outi.ptr);
      return { re: this.engine.f64(outr).slice(), im: this.engine.f64(outi).slice() };
    });
  }

  impedanceMany(program: KernelProgram, params: Float64Array, rows: number, freq: Float64Array): Planes {
    const n = freq.length;
    const words = checkImpedanceMany(program, params.length, rows, n);
    return this.engine.run((ex) => {
      const rs = this.engine.scratch(words);
      this.writeInputs(program, params, freq, rs);
      const [code, par, , w, lnw, wk, outr, outi] = rs as [Region, Region, Region, Region, Region, Region, Region, Region];
      ex.eis_impedance_many(code.ptr, program.code.length, program.nodeCount, par.ptr, program.paramCount, rows, n,
        w.ptr, lnw.ptr, wk.ptr, outr.ptr, outi.ptr);
      return { re: this.engine.f64(outr).slice(), im: this.engine.f64(outi).slice() };
    });
  }

  jacobian(program: KernelProgram, params: Float64Array, freq: Float64Array): PlanesWithJacobian {
    const n = freq.length, P = program.paramCount;
    const words = checkJacobian(program, params.length, n);
    return this.engine.run((ex) => {
      const rs = this.engine.scratch(words);
      this.writeInputs(program, params, freq, rs);
      const [code, par, , w, lnw, wk, outr, outi, jr, ji] = rs as [Region, Region, Region, Region, Region, Region, Region, Region, Region, Region];
      ex.eis_jacobian(code.ptr, program.code.length, program.nodeCount, par.ptr, P, n, w.ptr, lnw.ptr, wk.ptr,
        outr.ptr, outi.ptr, jr.ptr, ji.ptr);
      const f = (r: Region) => this.engine.f64(r).slice();
      return { re: f(outr), im: f(outi), jre: f(jr), jim: f(ji) };
    });
  }

  /**
   * K fits of one circuit in one call (the loop runs inside WASM, one boundary crossing):
   * copies the problems in, runs Levenberg–Marquardt per spectrum, copies solutions, counters,
   * fitted Z and the unscaled covariance out. With `judge`, the quality verdicts' numbers in the
   * same call (eis_fit_batch judges each fit from the data and fitted Z already in its memory:
   * judgeFits' numbers without its copies), else by judgeFits when their regions would not fit.
   * A call of one fit with `judge` leaves its verdict's numbers in a record the next such call
   * overwrites: read them first (fitChunk assembles its results right after the call).
   */
  fitBatch(program: KernelProgram, prs: readonly FitProblem[], chain?: WarmChain, judge = false): BackendFit[] {
    const P = program.paramCount;
    const checked = checkFits(program, prs); // regions in the order of src/abi/sizes.ts fitWords
    const { offsets, nMax, total } = checked;
    if (prs.length === 0) return [];
    const K = prs.length, m = prs[0]!.free.length;
    const warmStart = chain?.warmStart ?? false, previous = chain?.previous;
    // the verdicts' regions after the fit's (the measured Z only where the fit's data are not Z itself)
    let words: readonly number[] = checked.words, orders: Readonly<Uint32Array>[] | null = null, measured = false;
    if (judge) {
      for (let k = 0; k < K && !measured; k++) measured = prs[k]!.xre !== prs[k]!.zre || prs[k]!.xim !== prs[k]!.zim;
      // the fit's regions with the verdicts': the last call's when its shape was the same (fit() in a loop)
      let jw = this.judgeWords;
      if (jw === null || jw.K !== K || jw.total !== total || jw.nMax !== nMax || jw.measured !== measured || !sameWords(jw.base, words)) {
        const all = words.concat(fitJudgeWords(K, total, nMax, measured, JUDGEMENT.words));
        jw = this.judgeWords = { base: words, K, total, nMax, measured, all, fits: scratchBytes(all) <= WASM_MEMORY.SCRATCH_BYTES };
      }
      if (jw.fits) {
        words = jw.all;
        orders = [];
        for (let k = 0; k < K; k++) orders.push(sharedFrequencyOrder(prs[k]!.freq));
      }
    }
    this.gridFreq = null; // this layout overwrites the cached grid's place
    let record: Float64Array | null = null;
    const fits = this.engine.run((ex) => {
      const L = this.fitLayout(program.code.length, m, K, words);
      const [code, , , lower, upper, task, off, wk, jzr, jzi, lm, freq, w, lnw, zre, zim, sre, sim, params, uAll, outAll, jac, fr, fi, cov, eligible,
        order, mre, mim, jscratch, jout] = L.rs as Region[] & { length: 26 };
      const W = FIT_OUTCOME.words;
      // rows 1… of u/out are the fits; row 0 holds the previous fit for a warm start across calls
      const uPtr = uAll!.ptr + 8 * m, outPtr = outAll!.ptr + 8 * W;
      const uv = L.uAll, ov = L.outAll;
      ov.fill(0, 0, W);
      if (previous) {
        uv.set(previous.block.u);
        ov[FIT.status] = previous.status;
        ov[FIT.chi2] = previous.chi2;
      }
      const pr0 = prs[0]!;
      L.code.set(program.code);
      L.free.set(pr0.free);
      L.kinds.set(pr0.kinds);
      // Uint8Array into Int32Array: a loop (set between element types takes V8's slow path)
      const el = pr0.eligible, ev = L.eligible;
      for (let i = 0; i < m; i++) ev[i] = el ? el[i]! : 0;
      L.lower.set(pr0.lower);
      L.upper.set(pr0.upper);
      L.off.set(offsets);
      writeSpectraTo(L.freq, L.zre, L.zim, L.sre, L.sim, prs, offsets);
      const J = L.judge;
      if (orders !== null && J !== null) {
        for (let k = 0; k < K; k++) {
          const pr = prs[k]!, o = offsets[k]!;
          J.order.set(orders[k]!, o);
          if (measured) {
            J.mre.set(pr.zre, o);
            J.mim.set(pr.zim, o);
          }
        }
      }
      const pv = L.params;
      for (let k = 0; k < K; k++) {
        const pr = prs[k]!;
        pv.set(pr.params, k * P);
        uv.set(pr.u0, m + k * m);
      }
      // the per-spectrum fields (n, w, lnw, zre, zim, sre, sim, params) are set by the kernel
      // field by field (writeRecord's object literal and name loop cost ~0.3 µs per call)
      const t = L.task;
      t[TASK.code] = code!.ptr;
      t[TASK.codeLen] = program.code.length;
      t[TASK.nodes] = program.nodeCount;
      t[TASK.P] = P;
      t[TASK.params] = params!.ptr;
      t[TASK.free] = L.rs[1]!.ptr;
      t[TASK.kinds] = L.rs[2]!.ptr;
      t[TASK.lower] = lower!.ptr;
      t[TASK.upper] = upper!.ptr;
      t[TASK.m] = m;
      t[TASK.n] = nMax;
      t[TASK.w] = w!.ptr;
      t[TASK.lnw] = lnw!.ptr;
      t[TASK.zre] = zre!.ptr;
      t[TASK.zim] = zim!.ptr;
      t[TASK.sre] = sre!.ptr;
      t[TASK.sim] = sim!.ptr;
      t[TASK.work] = wk!.ptr;
      t[TASK.jzr] = jzr!.ptr;
      t[TASK.jzi] = jzi!.ptr;
      t[TASK.lm] = lm!.ptr;
      t[TASK.maxEvaluations] = pr0.maxEvaluations;
      t[TASK.representation] = pr0.representation;
      t[TASK.automaticStart] = pr0.automaticStart === true ? 1 : 0;
      t[TASK.noiseStop] = pr0.noiseStop === true ? 1 : 0;
      t[TASK.eligible] = eligible!.ptr;
      ex.eis_fit_batch(task!.ptr, K, off!.ptr, freq!.ptr, w!.ptr, lnw!.ptr, zre!.ptr, zim!.ptr, sre!.ptr, sim!.ptr,
        params!.ptr, uPtr, outPtr, jac!.ptr, fr!.ptr, fi!.ptr, cov!.ptr, warmStart, previous !== undefined, pr0.ftol, pr0.xtol, pr0.gtol, pr0.c0,
        J !== null ? jout!.ptr : 0, measured ? mre!.ptr : zre!.ptr, measured ? mim!.ptr : zim!.ptr, J !== null ? order!.ptr : 0,
        J !== null ? jscratch!.ptr : 0, nMax, DEFAULT_FLOOR);
      // the kernel allocates nothing, but views are re-checked against the buffer all the same
      const V = ex.memory.buffer === L.buffer ? L : this.fitLayout(program.code.length, m, K, words);
      const cv = V.cov, frv = V.fr, fiv = V.fi, pOut = V.params, uOut = V.uAll, o = V.outAll;
      // the verdicts' records: a chunk's in a copy of its own; one fit's (fit()) in the backend's
      // reused record, read by fitChunk before the next call (a new buffer over 64 bytes is ~0.7 µs in V8)
      if (V.judge !== null) {
        if (K === 1) copyFrom((record = this.singleRecord), V.judge.out, 0);
        else record = V.judge.out.slice();
      }
      const res: BackendFit[] = [];
      for (let k = 0; k < K; k++) {
        const pr = prs[k]!, a = offsets[k]!, r = W + k * W;
        const block = newResultBlock(P, m, pr.n);
        copyFrom(block.params, pOut, k * P);
        copyFrom(block.u, uOut, m + k * m);
        copyFrom(block.unscaled, cv, k * m * m);
        copyFrom(block.fittedRe, frv, a);
        copyFrom(block.fittedIm, fiv, a);
        res.push({
          status: o[r + FIT.status]!, chi2: o[r + FIT.chi2]!, iterations: o[r + FIT.iterations]!, nfev: o[r + FIT.nfev]!, njev: o[r + FIT.njev]!,
          warmFallback: o[r + FIT.warmFallback] === 1,
          covarianceDetermined: o[r + FIT.covarianceDetermined] === 1,
          phaseB: o[r + FIT.phaseB] === 1,
          block,
        });
      }
      return res;
    });
    if (chain) {
      const last = fits[fits.length - 1]!;
      chain.previous = chain.warmStart && last.status > 0 ? last : undefined;
    }
    if (record !== null) {
      for (let k = 0; k < K; k++) fits[k]!.verdictNumbers = { record, at: k * JUDGEMENT.words, order: orders![k]! };
    } else if (judge) this.judgeFits(prs, fits);
    return fits;
  }

  /** The scratch regions and views of fitBatch's layout (FitLayout): the cached ones while they hold, else laid out anew. */
  private fitLayout(codeLen: number, m: number, K: number, words: readonly number[]): FitLayout {
    const e = this.engine, buffer = e.raw.memory.buffer;
    let L = this.fitCache;
    if (L === null || L.epoch !== e.scratchEpoch || L.codeLen !== codeLen || L.m !== m || L.K !== K || (L.words !== words && !sameWords(L.words, words))) {
      const rs = e.scratch(words);
      L = { words, codeLen, m, K, epoch: e.scratchEpoch, rs, buffer: null } as unknown as FitLayout;
      this.fitCache = L;
    }
    if (L.buffer !== buffer) {
      const [code, free, kinds, lower, upper, task, off, , , , , freq, , , zre, zim, sre, sim, params, uAll, outAll, , fr, fi, cov, eligible] = L.rs as Region[] & { length: 26 };
      L.code = e.i32({ ptr: code!.ptr, length: codeLen });
      L.free = e.i32({ ptr: free!.ptr, length: m });
      L.kinds = e.i32({ ptr: kinds!.ptr, length: m });
      L.eligible = e.i32({ ptr: eligible!.ptr, length: m });
      L.off = e.i32({ ptr: off!.ptr, length: K + 1 });
      L.task = e.i32({ ptr: task!.ptr, length: FIT_TASK.words });
      L.lower = e.f64(lower!);
      L.upper = e.f64(upper!);
      L.freq = e.f64(freq!);
      L.zre = e.f64(zre!);
      L.zim = e.f64(zim!);
      L.sre = e.f64(sre!);
      L.sim = e.f64(sim!);
      L.params = e.f64(params!);
      L.uAll = e.f64(uAll!);
      L.outAll = e.f64(outAll!);
      L.cov = e.f64(cov!);
      L.fr = e.f64(fr!);
      L.fi = e.f64(fi!);
      const [order, mre, mim, , jout] = L.rs.slice(26);
      L.judge = jout === undefined ? null : {
        order: new Uint32Array(e.raw.memory.buffer, order!.ptr, order!.length * 2), mre: e.f64(mre!), mim: e.f64(mim!), out: e.f64(jout),
      };
      L.buffer = buffer;
    }
    return L;
  }

  /**
   * The quality verdicts' numbers of K fits in one call (assembly/judge.ts, the twin of
   * relativeResidualJudgement in src/fit/quality.ts: the same bits): the measured and the fitted Z
   * of every fit and its points' frequency order go in, one JUDGEMENT record per fit comes out;
   * fits[k].verdictNumbers points at record k. A call whose scratch would exceed the limit is left
   * to fitQuality's own TS computation (the same numbers).
   */
  judgeFits(prs: readonly FitProblem[], fits: readonly BackendFit[]): void {
    const K = prs.length;
    if (K === 0 || fits.length !== K) return;
    const offsets = new Int32Array(K + 1);
    let nMax = 0;
    for (let k = 0; k < K; k++) {
      const n = prs[k]!.n;
      offsets[k + 1] = offsets[k]! + n;
      if (n > nMax) nMax = n;
    }
    const total = offsets[K]!;
    const words = judgeWords(K, total, nMax, JUDGEMENT.words);
    if (!(scratchBytes(words) <= WASM_MEMORY.SCRATCH_BYTES)) return;
    this.gridFreq = null; // this layout overwrites the cached grid's place
    const orders = prs.map((pr) => sharedFrequencyOrder(pr.freq));
    const record = this.engine.run((ex) => {
      const e = this.engine;
      const [off, free, order, zre, zim, fre, fim, scratch, out] = e.scratch(words) as Region[] & { length: 9 };
      e.i32({ ptr: off!.ptr, length: K + 1 }).set(offsets);
      const fv = e.i32({ ptr: free!.ptr, length: K }), ov = e.i32({ ptr: order!.ptr, length: total });
      const zrv = e.f64(zre!), ziv = e.f64(zim!), frv = e.f64(fre!), fiv = e.f64(fim!);
      for (let k = 0; k < K; k++) {
        const pr = prs[k]!, b = fits[k]!.block, o = offsets[k]!;
        fv[k] = pr.free.length;
        ov.set(orders[k]!, o);
        zrv.set(pr.zre, o);
        ziv.set(pr.zim, o);
        frv.set(b.fittedRe, o);
        fiv.set(b.fittedIm, o);
      }
      ex.eis_judge_batch(K, off!.ptr, free!.ptr, order!.ptr, zre!.ptr, zim!.ptr, fre!.ptr, fim!.ptr, DEFAULT_FLOOR, scratch!.ptr, nMax, out!.ptr);
      return e.f64(out!).slice();
    });
    for (let k = 0; k < K; k++) fits[k]!.verdictNumbers = { record, at: k * JUDGEMENT.words, order: orders[k]! };
  }

  /**
   * Lin-KK tests of K spectra in one call (assembly/linkk.ts). All problems share the options
   * (representation, fit type, series elements, rule, c, β, F_ext candidates); each has its own
   * points and largest M.
   */
  linKKBatch(prs: readonly KkProblem[]): KkOutcome[] {
    const { offsets, nMax, maxTau, words } = checkKk(prs); // regions in the order of src/abi/sizes.ts kkWords
    if (prs.length === 0) return [];
    const K = prs.length, p0 = prs[0]!;
    const maxCols = maxTau + 3, E = p0.extensions.length;
    this.gridFreq = null; // this layout overwrites the cached grid's place
    return this.engine.run((ex) => {
      const e = this.engine;
      const rs = e.scratch(words);
      const [off, w, xre, xim, maxMs, exts, scratch, summary, coef, tau, fre, fim, rre, rim, cMu, cChi2] = rs as Region[] & { length: 16 };
      e.i32({ ptr: off!.ptr, length: K + 1 }).set(offsets);
      e.i32({ ptr: maxMs!.ptr, length: K }).set(prs.map((pr) => pr.maxM));
      e.f64(exts!).set(p0.extensions);
      const wv = e.f64(w!), rv = e.f64(xre!), iv = e.f64(xim!);
      prs.forEach((pr, k) => {
        wv.set(pr.w, offsets[k]!);
        rv.set(pr.xre, offsets[k]!);
        iv.set(pr.xim, offsets[k]!);
      });
      const flags = (p0.admittance ? KK_FLAG.ADMITTANCE : 0) | (p0.addC ? KK_FLAG.ADD_C : 0) | (p0.addL ? KK_FLAG.ADD_L : 0);
      ex.eis_linkk_batch(K, off!.ptr, w!.ptr, xre!.ptr, xim!.ptr, flags, p0.fitType, p0.rule, p0.fixedM, maxMs!.ptr, p0.c, p0.beta,
        exts!.ptr, E, scratch!.ptr, nMax, maxCols, summary!.ptr, coef!.ptr, maxCols, tau!.ptr, maxTau,
        fre!.ptr, fim!.ptr, rre!.ptr, rim!.ptr, cMu!.ptr, cChi2!.ptr);
      const sv = e.f64(summary!), cv = e.f64(coef!), tv = e.f64(tau!);
      const [frv, fiv, rrv, riv, cmv, ccv] = [fre, fim, rre, rim, cMu, cChi2].map((r) => e.f64(r!)) as Float64Array[] as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
      return prs.map((_, k): KkOutcome => {
        const o = k * KK_SUMMARY.words, M = sv[o + KK.M]!, count = sv[o + KK.curveLength]!, a = offsets[k]!, b = offsets[k + 1]!;
        const nCoef = 1 + M + (p0.addC ? 1 : 0) + (p0.addL ? 1 : 0);
        return {
          M, mu: sv[o + KK.mu]!, chi2: sv[o + KK.chi2]!, extIndex: sv[o + KK.extIndex]!, found: sv[o + KK.found] === 1, rankDeficient: sv[o + KK.rankDeficient] === 1,
          coef: cv.slice(k * maxCols, k * maxCols + nCoef), tau: tv.slice(k * maxTau, k * maxTau + M),
          fittedRe: frv.slice(a, b), fittedIm: fiv.slice(a, b), residualsRe: rrv.slice(a, b), residualsIm: riv.slice(a, b),
          curveM: p0.rule === KK_RULE.FIXED ? Int32Array.of(p0.fixedM) : Int32Array.from({ length: count }, (_, i) => i + 1),
          curveMu: cmv.slice(k * maxTau, k * maxTau + count), curveChi2: ccv.slice(k * maxTau, k * maxTau + count),
        };
      });
    });
  }
}

const backends = new WeakMap<Engine, WasmBackend>();

/** The WASM backend of an engine (one per engine: it caches the engine's resident grid). */
export function wasmBackend(engine: Engine): WasmBackend {
  let b = backends.get(engine);
  if (!b) backends.set(engine, (b = new WasmBackend(engine)));
  return b;
}
