/**
 * Reference interpreter of a compiled circuit program (src/circuit/program.ts): column-wise values pass, then a
 * sensitivity pass for the analytic Jacobian. Same algorithm as the WASM kernel
 * (assembly/program.ts), written for clarity.
 *
 * Sensitivity pass: with d_node = ∂Z_root/∂Z_node (d_root = 1), a series node passes d to
 * each child unchanged, a parallel node passes d·(Z_node/Z_child)², and the Jacobian column
 * of parameter p of element e is d_e·∂Z_e/∂p.
 */
import { Cx } from '../math/complex.ts';
import { log } from '../math/index.ts';
import { REFERENCE_ELEMENTS } from './elements.ts';
import { OP, type KernelProgram } from '../abi/descriptor.ts';
import { elementByOp } from '../elements/index.ts';

/** Angular frequencies and their logarithms, computed once per frequency array. */
export interface Grid {
  readonly n: number;
  readonly w: Float64Array;
  readonly lnw: Float64Array;
}

export function makeGrid(freq: ArrayLike<number>): Grid {
  const n = freq.length;
  const w = new Float64Array(n);
  const lnw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    w[i] = 2 * Math.PI * freq[i]!;
    lnw[i] = log(w[i]!);
  }
  return { n, w, lnw };
}

/** One decoded instruction. */
export type Instruction =
  | { readonly kind: 'element'; readonly op: number; readonly offset: number }
  | { readonly kind: 'series' | 'parallel'; readonly children: readonly number[] };

function decodeProgram(program: Pick<KernelProgram, 'code'>): Instruction[] {
  const out: Instruction[] = [];
  const c = program.code;
  for (let pos = 0; pos < c.length;) {
    if (c[pos] === OP.ELEM) {
      out.push({ kind: 'element', op: c[pos + 1]!, offset: c[pos + 2]! });
      pos += 3;
    } else {
      const k = c[pos + 1]!;
      out.push({ kind: c[pos] === OP.SER ? 'series' : 'parallel', children: Array.from(c.subarray(pos + 2, pos + 2 + k)) });
      pos += 2 + k;
    }
  }
  return out;
}

export interface ReferenceResult {
  re: Float64Array;
  im: Float64Array;
  /** N×P row-major, when requested. */
  jre?: Float64Array;
  jim?: Float64Array;
  /**
   * Per frequency, Σ over elements of |∂Z/∂Z_e|·|Z_e|: the magnitude that rounding errors in
   * the element values propagate to. Tests scale their tolerances by it (condition number).
   */
  scale?: Float64Array;
}

/** [lo, hi] of |Z₁|², |Z₂|², |Z₁ + Z₂|² for the one-division form of two children (assembly/program.ts PAR2). */
const PAR2_LO = 1e-150, PAR2_HI = 1e150;

/**
 * Z of a parallel combination; children equal to 0 short-circuit it to 0. Two children:
 * Z₁Z₂/(Z₁ + Z₂) = (|Z₁|²Z₂ + |Z₂|²Z₁)/|Z₁ + Z₂|² where every magnitude is in range, in the
 * WASM kernel's operations and order (assembly/program.ts parallel2), else the sum of reciprocals.
 */
function parallel(zs: readonly Cx[]): Cx {
  if (zs.length === 2) {
    const a = zs[0]!.re, b = zs[0]!.im, c = zs[1]!.re, d = zs[1]!.im;
    const sr = a + c, si = b + d;
    const m1 = a * a + b * b, m2 = c * c + d * d, ms = sr * sr + si * si;
    if (m1 >= PAR2_LO && m1 <= PAR2_HI && m2 >= PAR2_LO && m2 <= PAR2_HI && ms >= PAR2_LO && ms <= PAR2_HI) {
      const inv = 1 / ms;
      return new Cx((m1 * c + m2 * a) * inv, (m1 * d + m2 * b) * inv);
    }
  }
  let y = Cx.ZERO;
  for (const z of zs) {
    if (z.re === 0 && z.im === 0) return Cx.ZERO;
    y = y.add(z.inv());
  }
  return y.inv();
}

/** Z (and with `jacobian`, ∂Z/∂p for the P = params.length parameters) of a program's op words. */
export function evaluateReference(
  program: Pick<KernelProgram, 'code'>,
  params: ArrayLike<number>,
  grid: Grid,
  options: { jacobian?: boolean; scale?: boolean } = {},
): ReferenceResult {
  const { n, w, lnw } = grid;
  const P = params.length;
  const code = decodeProgram(program);
  const z: Cx[][] = [];
  const wantJ = options.jacobian === true || options.scale === true;
  const jac: Cx[][] = wantJ ? Array.from({ length: n }, () => new Array<Cx>(P).fill(Cx.ZERO)) : [];

  // values pass (element gradients go straight into their Jacobian columns)
  for (const ins of code) {
    if (ins.kind === 'element') {
      const fn = REFERENCE_ELEMENTS[elementByOp(ins.op)!.symbol]!;
      const col: Cx[] = [];
      for (let i = 0; i < n; i++) {
        const v = fn(w[i]!, lnw[i]!, params, ins.offset);
        col.push(v.z);
        if (wantJ) v.grad.forEach((g, k) => { jac[i]![ins.offset + k] = g; });
      }
      z.push(col);
    } else if (ins.kind === 'series') {
      z.push(Array.from({ length: n }, (_, i) => ins.children.reduce((s, c) => s.add(z[c]![i]!), Cx.ZERO)));
    } else {
      z.push(Array.from({ length: n }, (_, i) => parallel(ins.children.map((c) => z[c]![i]!))));
    }
  }
  const root = z[z.length - 1]!;
  const result: ReferenceResult = { re: Float64Array.from(root, (c) => c.re), im: Float64Array.from(root, (c) => c.im) };
  if (!wantJ) return result;

  // sensitivity pass
  const d: Cx[][] = new Array(code.length);
  d[code.length - 1] = new Array<Cx>(n).fill(Cx.ONE);
  const scale = new Float64Array(n);
  for (let node = code.length - 1; node >= 0; node--) {
    const ins = code[node]!;
    const dn = d[node]!;
    if (ins.kind === 'element') {
      const spec = elementByOp(ins.op)!;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < spec.params.length; k++) jac[i]![ins.offset + k] = jac[i]![ins.offset + k]!.mul(dn[i]!);
        scale[i] += dn[i]!.abs() * z[node]![i]!.abs();
      }
    } else if (ins.kind === 'series') {
      for (const c of ins.children) d[c] = dn;
    } else {
      for (const c of ins.children) {
        d[c] = dn.map((dv, i) => {
          const zc = z[c]![i]!;
          if (zc.re === 0 && zc.im === 0) {
            // a shorted branch: Z_node ≈ Z_c/m over the m shorted children
            const m = ins.children.filter((cc) => z[cc]![i]!.re === 0 && z[cc]![i]!.im === 0).length;
            return dv.div(m * m);
          }
          return dv.mul(z[node]![i]!.div(zc).sq());
        });
      }
    }
  }
  if (options.jacobian) {
    result.jre = new Float64Array(n * P);
    result.jim = new Float64Array(n * P);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < P; k++) {
        result.jre[i * P + k] = jac[i]![k]!.re;
        result.jim[i * P + k] = jac[i]![k]!.im;
      }
    }
  }
  if (options.scale) result.scale = scale;
  return result;
}
