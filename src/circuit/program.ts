/**
 * A compiled circuit: a postfix op program over nodes plus the parameter layout.
 *
 * Encoding (Int32Array words), one instruction per node, children before parents, the
 * root last; node ids are instruction ordinals:
 *   ELEM:  [OP_ELEM, elementOp, paramOffset]
 *   SER:   [OP_SER,  k, child_1 … child_k]     Z = Σ Z_i
 *   PAR:   [OP_PAR,  k, child_1 … child_k]     Z = 1 / Σ (1/Z_i)
 * `R0-p(R1,CPE1)` → ELEM R 0 | ELEM R 1 | ELEM CPE 2 | PAR 2 (1,2) | SER 2 (0,3).
 * Kernels evaluate one instruction over all N frequencies at a time (column-wise), then a
 * sensitivity pass walks the nodes in reverse for the Jacobian.
 */
import { OP } from '../abi/descriptor.ts';

// the op codes are shared with the kernels: declared once in the ABI descriptor
export const OP_ELEM = OP.ELEM;
export const OP_SER = OP.SER;
export const OP_PAR = OP.PAR;

/** One element instance of a circuit (e.g. `CPE1`). */
export interface ElementInstance {
  /** Name as written (`CPE1`). */
  readonly name: string;
  /** Table symbol (`CPE`). */
  readonly symbol: string;
  /** Stable op id from the table. */
  readonly op: number;
  /** Offset of its first parameter in the parameter vector. */
  readonly paramOffset: number;
  /** Number of parameters. */
  readonly paramCount: number;
}

export interface Program {
  /** The op words. */
  readonly code: Int32Array;
  /** Number of nodes (instructions). */
  readonly nodeCount: number;
  /** Elements in parameter order. */
  readonly elements: readonly ElementInstance[];
  /** Full parameter names (`R0`, `CPE1.Q`, …). */
  readonly paramNames: readonly string[];
  /** Units per parameter. */
  readonly units: readonly string[];
  /** Default start values per parameter. */
  readonly defaults: Float64Array;
  /** Default lower bounds per parameter. */
  readonly lower: Float64Array;
  /** Default upper bounds per parameter. */
  readonly upper: Float64Array;
}
