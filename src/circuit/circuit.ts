/**
 * Circuit: an immutable compiled circuit with its parameter layout, evaluated by the WASM
 * kernels or the TS reference.
 */
import { parseCircuitAst } from './parse.ts';
import { printCdc, printCircuit } from './print.ts';
import { compileCircuit } from './compile.ts';
import type { CircuitNode, CircuitSyntax } from './ast.ts';
import type { ElementInstance, Program } from './program.ts';
import { elementBySymbol, paramAlias } from '../elements/index.ts';
import { EisError, show } from '../errors.ts';
import { toFloat64, toFrequencies, checkOptions, type NumericArray } from '../validate.ts';
import { selectBackend, type ComputeOptions } from '../backend/select.ts';
import type { KernelProgram } from '../abi/descriptor.ts';

/** Parameter values: positional (in `paramNames` order) or by name (`R1`, `CPE1.Q`, or impedance.py's `CPE1_0`). */
export type ParamInput = NumericArray | Readonly<Record<string, number>>;

/** Complex values in planar form, physical sign (Im < 0 for capacitive). */
export interface ComplexArray {
  re: Float64Array;
  im: Float64Array;
}

/** A Jacobian ∂Z/∂p: N×P row-major planes. */
export interface Jacobian extends ComplexArray {
  readonly rows: number;
  readonly cols: number;
  readonly paramNames: readonly string[];
  /** Z at the same point (computed in the same pass). */
  readonly z: ComplexArray;
}

/** Many spectra: K×N row-major planes. */
export interface ImpedanceMatrix extends ComplexArray {
  readonly rows: number;
  readonly cols: number;
}

export interface ParseOptions {
  /** `'impedancepy'` (`R0-p(R1,CPE1)`, default) or `'cdc'` (Boukamp, `R(RQ)`). */
  syntax?: CircuitSyntax;
}

export class Circuit {
  /** The circuit as parsed (impedance.py syntax, no spaces). */
  readonly source: string;
  readonly ast: CircuitNode;
  readonly program: Program;
  private readonly index: ReadonlyMap<string, number>;

  constructor(ast: CircuitNode) {
    this.ast = ast;
    this.program = compileCircuit(ast); // first: it rejects trees too deep (or cyclic) to print
    this.source = printCircuit(ast);
    const index = new Map<string, number>();
    for (const el of this.program.elements) {
      const spec = elementBySymbol(el.symbol)!;
      for (let k = 0; k < el.paramCount; k++) {
        index.set(this.program.paramNames[el.paramOffset + k]!, el.paramOffset + k);
        index.set(paramAlias(el.name, spec, k), el.paramOffset + k);
      }
    }
    this.index = index;
  }

  /** Parameter names in vector order: `['R0', 'R1', 'CPE1.Q', 'CPE1.alpha', …]`. */
  get paramNames(): readonly string[] {
    return this.program.paramNames;
  }

  /** Units per parameter (`'Ohm'`, `'S s^a'`, `''`, …). */
  get units(): readonly string[] {
    return this.program.units;
  }

  /** Element instances in parameter order. */
  get elements(): readonly ElementInstance[] {
    return this.program.elements;
  }

  /** Default start values by name (from the element table). */
  get defaults(): Record<string, number> {
    return Object.fromEntries(this.paramNames.map((n, k) => [n, this.program.defaults[k]!]));
  }

  /** Default fit bounds by name (from the element table). */
  get bounds(): Record<string, readonly [number, number]> {
    return Object.fromEntries(this.paramNames.map((n, k) => [n, [this.program.lower[k]!, this.program.upper[k]!] as const]));
  }

  /** impedance.py syntax, e.g. `R0-p(R1,CPE1)-CPE2`; parseCircuit(c.toString()) gives the same circuit. */
  toString(): string {
    return this.source;
  }

  /** Boukamp CDC, e.g. `R(RQ)Q`. */
  toCDC(): string {
    return printCdc(this.ast);
  }

  /** Index of a parameter by name or impedance.py alias; EisError E_UNKNOWN_PARAM otherwise. */
  paramIndex(name: string): number {
    const k = this.index.get(name);
    if (k === undefined) {
      throw new EisError('E_UNKNOWN_PARAM', `unknown parameter ${show(name)} for circuit ${this.source}; its parameters are ${this.paramNames.join(', ')}.`, { name, circuit: this.source });
    }
    return k;
  }

  /** A full parameter vector from positional or named values (all parameters required). */
  resolveParams(params: unknown, name = 'params'): Float64Array {
    const P = this.paramNames.length;
    if (params !== null && typeof params === 'object' && !Array.isArray(params) && !ArrayBuffer.isView(params)) {
      const out = new Float64Array(P).fill(Number.NaN);
      for (const [key, v] of Object.entries(params)) {
        const k = this.paramIndex(key);
        if (!Number.isNaN(out[k]!)) {
          throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` gives ${this.paramNames[k]} twice (as ${key} and by its other name).`, { argument: name, name: key });
        }
        if (typeof v !== 'number') throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}.${key}\` must be a number; got ${show(v)}.`, { argument: name, name: key, value: v });
        if (!Number.isFinite(v)) throw new EisError('E_NONFINITE', `invalid argument. \`${name}.${key}\` must be finite; got ${show(v)}.`, { argument: name, name: key, value: v });
        out[k] = v;
      }
      const missing = this.paramNames.filter((_, k) => Number.isNaN(out[k]!));
      if (missing.length) {
        throw new EisError('E_MISSING_PARAM', `invalid argument. \`${name}\` is missing ${missing.join(', ')} (circuit ${this.source} has ${P} parameters).`, { argument: name, missing });
      }
      return out;
    }
    const v = toFloat64(name, params);
    if (v.length !== P) {
      throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` must have ${P} values (${this.paramNames.join(', ')}) for circuit ${this.source}; got ${v.length}.`, { argument: name, expected: P, length: v.length });
    }
    return v;
  }

  /**
   * Z at frequencies `freq` (Hz).
   * @throws EisError on invalid input; E_MODEL_NONFINITE when the model is not finite there.
   * @example
   * const c = parseCircuit('R0-p(R1,CPE1)');
   * const { re, im } = c.impedance([1, 10, 100], { R0: 10, R1: 1e3, 'CPE1.Q': 1e-6, 'CPE1.alpha': 0.9 });
   */
  impedance(freq: NumericArray, params: ParamInput, options?: ComputeOptions): ComplexArray {
    checkOptions('options', options);
    const f = toFrequencies(freq);
    const p = this.resolveParams(params);
    const z = selectBackend(options).impedance(this.kernelProgram, p, f);
    this.checkFinite(z.re, z.im, f, p, 'impedance');
    return { re: z.re, im: z.im };
  }

  /** Analytic Jacobian ∂Z/∂p (N×P row-major) and Z, in one values + sensitivity pass. */
  jacobian(freq: NumericArray, params: ParamInput, options?: ComputeOptions): Jacobian {
    checkOptions('options', options);
    const f = toFrequencies(freq);
    const p = this.resolveParams(params);
    const r = selectBackend(options).jacobian(this.kernelProgram, p, f);
    this.checkFinite(r.re, r.im, f, p, 'impedance');
    this.checkFinite(r.jre, r.jim, f, p, 'Jacobian');
    return { re: r.jre, im: r.jim, rows: f.length, cols: this.paramNames.length, paramNames: this.paramNames, z: { re: r.re, im: r.im } };
  }

  /**
   * Z for many parameter sets at once (one boundary crossing): `paramRows` is an array of
   * parameter inputs, or a flat K×P array. Returns K×N row-major planes.
   */
  impedanceMany(freq: NumericArray, paramRows: readonly ParamInput[] | Float64Array, options?: ComputeOptions): ImpedanceMatrix {
    checkOptions('options', options);
    const f = toFrequencies(freq);
    const P = this.paramNames.length;
    let flat: Float64Array;
    if (paramRows instanceof Float64Array) {
      flat = toFloat64('paramRows', paramRows);
      if (flat.length % P !== 0) {
        throw new EisError('E_ARG_LENGTH', `invalid argument. flat \`paramRows\` must have a multiple of ${P} values; got ${flat.length}.`, { argument: 'paramRows', length: flat.length });
      }
    } else if (Array.isArray(paramRows)) {
      if (paramRows.length === 0) throw new EisError('E_ARG_LENGTH', 'invalid argument. `paramRows` must have at least one row; got 0.', { argument: 'paramRows' });
      flat = new Float64Array(paramRows.length * P);
      // a loop, not forEach: forEach skips a hole ([p0, , p2]), which then stayed a row of zeros
      for (let k = 0; k < paramRows.length; k++) flat.set(this.resolveParams(paramRows[k]!, `paramRows[${k}]`), k * P);
    } else {
      throw new EisError('E_ARG_TYPE', `invalid argument. \`paramRows\` must be an array of parameter sets or a Float64Array; got ${show(paramRows)}.`, { argument: 'paramRows' });
    }
    const K = flat.length / P;
    const { re, im } = selectBackend(options).impedanceMany(this.kernelProgram, flat, K, f);
    for (let k = 0; k < K; k++) {
      const s = k * f.length, e = s + f.length;
      this.checkFinite(re.subarray(s, e), im.subarray(s, e), f, flat.subarray(k * P, (k + 1) * P), `impedance of paramRows[${k}]`);
    }
    return { re, im, rows: K, cols: f.length };
  }

  /** What the backends read. */
  get kernelProgram(): KernelProgram {
    return { code: this.program.code, nodeCount: this.program.nodeCount, paramCount: this.paramNames.length };
  }

  private checkFinite(re: Float64Array, im: Float64Array, f: Float64Array, p: Float64Array, what: string): void {
    const n = f.length;
    const cols = re.length / n;
    for (let i = 0; i < re.length; i++) {
      if (Number.isFinite(re[i]!) && Number.isFinite(im[i]!)) continue;
      const row = Math.floor(i / cols);
      const col = cols > 1 ? ` (∂/∂${this.paramNames[i % cols]})` : '';
      const outside = this.paramNames
        .map((name, k) => ({ name, v: p[k]!, lo: this.program.lower[k]!, hi: this.program.upper[k]! }))
        .filter(({ v, lo, hi }) => v < lo || v > hi || v === 0);
      const hint = outside.length
        ? ` Parameters at zero or outside the element table's range: ${outside.map(({ name, v, lo, hi }) => `${name} = ${v} (range [${lo}, ${hi}])`).join(', ')}.`
        : '';
      throw new EisError('E_MODEL_NONFINITE',
        `the ${what}${col} of ${this.source} is not finite at freq[${row}] = ${f[row]} Hz (${re[i]} + ${im[i]}j).${hint}`,
        { argument: 'params', circuit: this.source, index: row, freq: f[row], params: Array.from(p) });
    }
  }
}

/**
 * Parses a circuit string.
 * @param source impedance.py syntax (`R0-p(R1,CPE1)-CPE2`) or, with `{ syntax: 'cdc' }`, Boukamp CDC (`R(RQ)Q`).
 * @throws CircuitSyntaxError (E_SYNTAX, E_UNKNOWN_ELEMENT, E_DUPLICATE_ELEMENT) with the span and a caret line.
 * @example
 * const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
 * c.paramNames; // ['R0', 'R1', 'CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha']
 */
export function parseCircuit(source: string, options: ParseOptions = {}): Circuit {
  checkOptions('options', options);
  return new Circuit(parseCircuitAst(source, options.syntax ?? 'impedancepy'));
}
