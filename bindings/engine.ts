/**
 * Engine: one WASM instance with its memory — the arena (one reusable scratch block plus
 * resident regions) and the trap guard. The only code that touches raw addresses besides the
 * WASM backend (src/backend/wasm.ts), which lays its records out in the scratch block.
 *
 * Memory rules (measured in ../shared/docs/toolchain.md): inputs are copied in and results
 * copied out once per call, never per evaluation inside a loop; the scratch block is reused
 * across calls and grows only when a call needs more; any allocation may grow memory and
 * detach typed-array views, so views are made fresh after every allocation (`f64()`/`i32()`).
 * Results handed to callers are copies, never views into WASM memory.
 *
 * A trap (a bug) poisons the engine: the call throws EisError E_INTERNAL and the next call
 * runs on a fresh instance, because the state of memory after a trap is unknown.
 *
 * An engine runs one module: the core (`Engine.create()`, what init() and createEngine() make)
 * or a feature module (`Engine.forModule()`: the DRT's, src/backend/wasm-drt.ts, one per core
 * engine, with its own memory, arena and trap guard).
 */
import { compileFeatures, coreModule, type AllocExports, type RawExports, type WasmModule } from './loader.ts';
import { EisError } from '../src/errors.ts';
import { WASM_MEMORY, type KernelProgram } from '../src/abi/descriptor.ts';
import { evaluationWords, regionBytes, scratchBytes } from '../src/abi/sizes.ts';

/** A region of linear memory, in words of the view made of it. */
export interface Region {
  readonly ptr: number;
  readonly length: number;
}

export class Engine<X extends AllocExports = RawExports> {
  private ex: X;
  private scratchPtr = 0;
  private scratchBytes = 0;
  private poisoned = false;
  /** @internal Bumped whenever the scratch block moves or the instance is replaced (caches keyed on addresses check it). */
  scratchEpoch = 0;
  /** How many times a trap made this engine re-instantiate. */
  resets = 0;

  private constructor(private readonly module: WasmModule<X>, ex: X) {
    this.ex = ex;
  }

  /**
   * A new engine of the core module with its own instance and memory. Also compiles the
   * registered feature modules (src/backend/wasm-drt.ts instantiates them on this engine's
   * behalf, synchronously, on first use); one that cannot be compiled is left to its fallback.
   */
  static async create(): Promise<Engine> {
    await coreModule.compile();
    await compileFeatures();
    return new Engine(coreModule, coreModule.instantiateSync());
  }

  /** @internal An engine of a compiled feature module, instantiated synchronously. */
  static forModule<Y extends AllocExports>(module: WasmModule<Y>): Engine<Y> {
    return new Engine(module, module.instantiateSync());
  }

  /** The raw exports (advanced use; undocumented). */
  get raw(): X {
    return this.ex;
  }

  /** Current size of WASM linear memory in bytes. */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  /** @internal Fresh Float64Array view of a region (re-created on every call: memory may have grown). */
  f64(r: Region): Float64Array {
    return new Float64Array(this.ex.memory.buffer, r.ptr, r.length);
  }

  /** @internal Fresh Int32Array view. */
  i32(r: Region): Int32Array {
    return new Int32Array(this.ex.memory.buffer, r.ptr, r.length);
  }

  /**
   * @internal Lays out regions of `words` 8-byte words each in the scratch block, growing it when too
   * small (the caller has checked the total against WASM_MEMORY.SCRATCH_BYTES). Previous
   * contents are kept only when no growth happened. Growth at least doubles, but never past
   * the scratch limit, so whether a call fits never depends on the calls before it.
   */
  scratch(words: readonly number[]): Region[] {
    let total = 0;
    const offsets = words.map((w) => {
      const at = total;
      total += regionBytes(w); // 16-byte aligned regions, as scratchBytes counts them
      return at;
    });
    if (total > this.scratchBytes) {
      const bytes = Math.max(total, Math.min(2 * this.scratchBytes, WASM_MEMORY.SCRATCH_BYTES), 64 * 1024);
      if (this.scratchPtr) this.ex.eis_free(this.scratchPtr);
      this.scratchPtr = 0;
      this.scratchBytes = 0;
      this.scratchPtr = this.ex.eis_alloc(bytes) >>> 0;
      this.scratchBytes = bytes;
      this.scratchEpoch++;
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
    this.ex = this.module.instantiateSync();
    this.scratchPtr = 0;
    this.scratchBytes = 0;
    this.scratchEpoch++;
    this.poisoned = false;
    this.resets++;
  }

  /** Runs `fn` on the raw exports under the trap guard (the WASM backend and tests use it). */
  run<T>(fn: (ex: X) => T): T {
    return this.guard(() => fn(this.ex));
  }

  /**
   * Keeps a circuit, its frequency grid and workspace resident in WASM memory for repeated
   * evaluation with changing parameters and no copies (zero-copy advanced path; benchmarks
   * use it to time the kernels alone). Call `dispose()` when done.
   */
  bind(this: Engine, program: KernelProgram, freq: Float64Array): BoundCircuit {
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
    const names = ['code', 'params', 'fr', 'w', 'lnw', 'work', 'zr', 'zi', 'jr', 'ji'] as const;
    const sizes = evaluationWords(program, n, P, [n, n, n * P, n * P]);
    // sizes in f64, checked before anything is allocated (a u32 workspace size could wrap)
    const bytes = scratchBytes(sizes);
    if (!(bytes <= WASM_MEMORY.SCRATCH_BYTES)) {
      throw new EisError('E_ARG_RANGE', `invalid argument. \`freq\`: binding ${program.nodeCount} circuit nodes at ${n} frequencies needs ${bytes} bytes of WASM memory; at most ${WASM_MEMORY.SCRATCH_BYTES} are supported (limit scratchBytes).`,
        { argument: 'freq', limit: 'scratchBytes', value: bytes, max: WASM_MEMORY.SCRATCH_BYTES });
    }
    this.regions = sizes.map((w) => engine.allocRegion(w));
    this.r = Object.fromEntries(names.map((k, i) => [k, this.regions[i]!])) as BoundCircuit['r'];
    const { code, fr, w, lnw } = this.r;
    engine.i32({ ptr: code.ptr, length: program.code.length }).set(program.code);
    engine.f64(fr).set(freq);
    engine.run((ex) => ex.eis_grid(fr.ptr, n, w.ptr, lnw.ptr));
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
    this.engine.run((ex) => ex.eis_impedance(r.code.ptr, g.code.length, g.nodeCount, r.params.ptr, n, r.w.ptr, r.lnw.ptr, r.work.ptr, r.zr.ptr, r.zi.ptr));
  }

  /** Evaluates Z and the Jacobian into resident memory. */
  jacobian(): void {
    this.check();
    const { r, program: g, n } = this;
    this.engine.run((ex) => ex.eis_jacobian(r.code.ptr, g.code.length, g.nodeCount, r.params.ptr, g.paramCount, n,
      r.w.ptr, r.lnw.ptr, r.work.ptr, r.zr.ptr, r.zi.ptr, r.jr.ptr, r.ji.ptr));
  }

  /** Copies of the last Z. */
  readZ(): { re: Float64Array; im: Float64Array } {
    this.check(); // after a reset the old addresses hold someone else's numbers
    return { re: this.engine.f64(this.r.zr).slice(), im: this.engine.f64(this.r.zi).slice() };
  }

  /** Copies of the last Jacobian (N×P row-major). */
  readJacobian(): { re: Float64Array; im: Float64Array } {
    this.check();
    return { re: this.engine.f64(this.r.jr).slice(), im: this.engine.f64(this.r.ji).slice() };
  }

  /** Frees the resident buffers. */
  dispose(): void {
    for (const reg of this.regions) this.engine.freeRegion(reg);
    this.regions = [];
  }
}
