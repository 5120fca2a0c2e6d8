// Interpreter of a circuit program (encoding in src/circuit/program.ts, op codes in the ABI
// descriptor src/abi/descriptor.ts):
//   ELEM: [OP_ELEM, elementOp, paramOffset]   SER: [OP_SER, k, children…]   PAR: [OP_PAR, k, children…]
// Evaluated column-wise: each instruction runs over all N frequencies before the next.
//
// Workspace layout (f64 unless noted), `nodes` = instruction count:
//   Z of node k:        re at work + (2k)·N,  im at work + (2k+1)·N
//   ∂Z_root/∂Z_node k:  re at work + (2·nodes + 2k)·N, im at … + (2·nodes + 2k + 1)·N
//   instruction offsets (i32 × nodes) after that.
import { RE, IM, cdiv, cmul } from './complex';
import { ld, st, GRAD_PARAM_STRIDE, setGradParamStride } from './memory';
import { vload, vstore, recipSafe, ONE } from './vmath';
// the element kernels are called through the generated dispatch (one case per element file in src/elements/)
import { element, elementGradient, valuesDependOnGradient, gradientWithValues } from './generated/dispatch';

import { OP_ELEM, OP_SER } from './generated/abi';

/** Bytes of workspace a program of `nodes` instructions needs for N frequencies. */
export function workspaceBytes(nodes: i32, n: i32): usize {
  return (<usize>nodes * 4 * <usize>n << 3) + (<usize>nodes << 2);
}

// @ts-ignore: decorator
@inline function zre(work: usize, n: i32, k: i32): usize {
  return work + ((<usize>(2 * k) * <usize>n) << 3);
}
// @ts-ignore: decorator
@inline function zim(work: usize, n: i32, k: i32): usize {
  return work + ((<usize>(2 * k + 1) * <usize>n) << 3);
}
// @ts-ignore: decorator
@inline function code_at(code: usize, pos: i32): i32 {
  return load<i32>(code + (<usize>pos << 2));
}

function series(code: usize, pos: i32, n: i32, work: usize, outr: usize, outi: usize): void {
  const k = code_at(code, pos + 1);
  const c0 = code_at(code, pos + 2);
  memory.copy(outr, zre(work, n, c0), <usize>n << 3);
  memory.copy(outi, zim(work, n, c0), <usize>n << 3);
  for (let c = 1; c < k; c++) {
    const ch = code_at(code, pos + 2 + c);
    const cr = zre(work, n, ch), ci = zim(work, n, ch);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      vstore(outr, i, f64x2.add(vload(outr, i), vload(cr, i)));
      vstore(outi, i, f64x2.add(vload(outi, i), vload(ci, i)));
    }
    if (i < n) {
      st(outr, i, ld(outr, i) + ld(cr, i));
      st(outi, i, ld(outi, i) + ld(ci, i));
    }
  }
}

/** y += 1/z at point i by Smith's division; a zero z makes y infinite (the branch shorts the node). */
// @ts-ignore: decorator
@inline function addRecipScalar(yr: usize, yi: usize, i: i32, ar: f64, ai: f64): void {
  if (ar == 0 && ai == 0) {
    st(yr, i, Infinity);
    return;
  }
  cdiv(1, 0, ar, ai);
  st(yr, i, ld(yr, i) + RE);
  st(yi, i, ld(yi, i) + IM);
}

/** out = 1/y at point i; an infinite y (a shorted branch) gives 0. */
// @ts-ignore: decorator
@inline function recipScalar(outr: usize, outi: usize, i: i32): void {
  const yr = ld(outr, i), yi = ld(outi, i);
  if (!isFinite(yr) || !isFinite(yi)) {
    st(outr, i, 0);
    st(outi, i, 0);
    return;
  }
  cdiv(1, 0, yr, yi);
  st(outr, i, RE);
  st(outi, i, IM);
}

/**
 * 1/Σ(1/Z_c), column-wise: the admittances accumulate in the output columns, two points per
 * step with 1/z = conj(z)/|z|² where |z|² is safely in range, Smith's division otherwise.
 * A child equal to 0 shorts the combination to 0. Two children: Z₁Z₂/(Z₁ + Z₂) (parallel2)
 * where every magnitude is in range, this sum of reciprocals for the other pairs of points.
 */
function parallel(code: usize, pos: i32, n: i32, work: usize, outr: usize, outi: usize): void {
  const k = code_at(code, pos + 1);
  if (k == 2) {
    parallel2(code, pos, n, work, outr, outi);
    return;
  }
  memory.fill(outr, 0, <usize>n << 3);
  memory.fill(outi, 0, <usize>n << 3);
  for (let c = 0; c < k; c++) {
    const ch = code_at(code, pos + 2 + c);
    let i = 0;
    for (; i + 1 < n; i += 2) addRecipPair(outr, outi, zre(work, n, ch), zim(work, n, ch), i);
    if (i < n) addRecipScalar(outr, outi, i, ld(zre(work, n, ch), i), ld(zim(work, n, ch), i));
  }
  let i = 0;
  for (; i + 1 < n; i += 2) recipPair(outr, outi, i);
  if (i < n) recipScalar(outr, outi, i);
}

/** y += 1/z at points i, i + 1: conj(z)/|z|² where |z|² is in range in both lanes, else Smith's division per point. */
// @ts-ignore: decorator
@inline function addRecipPair(yr: usize, yi: usize, cr: usize, ci: usize, i: i32): void {
  const a = vload(cr, i), b = vload(ci, i);
  const d = f64x2.add(f64x2.mul(a, a), f64x2.mul(b, b));
  if (recipSafe(d)) {
    const inv = f64x2.div(vload(ONE, 0), d);
    vstore(yr, i, f64x2.add(vload(yr, i), f64x2.mul(a, inv)));
    vstore(yi, i, f64x2.sub(vload(yi, i), f64x2.mul(b, inv)));
  } else {
    addRecipScalar(yr, yi, i, ld(cr, i), ld(ci, i));
    addRecipScalar(yr, yi, i + 1, ld(cr, i + 1), ld(ci, i + 1));
  }
}

/** out = 1/y at points i, i + 1, as addRecipPair divides (an infinite y gives 0). */
// @ts-ignore: decorator
@inline function recipPair(outr: usize, outi: usize, i: i32): void {
  const a = vload(outr, i), b = vload(outi, i);
  const d = f64x2.add(f64x2.mul(a, a), f64x2.mul(b, b));
  if (recipSafe(d)) {
    const inv = f64x2.div(vload(ONE, 0), d);
    vstore(outr, i, f64x2.mul(a, inv));
    vstore(outi, i, f64x2.neg(f64x2.mul(b, inv)));
  } else {
    recipScalar(outr, outi, i);
    recipScalar(outr, outi, i + 1);
  }
}

// [lo, hi] of |Z₁|², |Z₂|² and |Z₁ + Z₂|² for parallel2's one division: with every magnitude in
// [1e-75, 1e75], no square, product or sum in (|Z₁|²Z₂ + |Z₂|²Z₁)/|S|² overflows, nor underflows
// beside its sum (|Z₁|²Z₂ + |Z₂|²Z₁ = Z₁Z₂·conj(S) has magnitude in [1e-225, 1e225]); 0, ∞, NaN
// and resonance (S → 0) fall outside
const PAR2: usize = memory.data<f64>([1e-150, 1e-150, 1e150, 1e150], 16);

/**
 * Z = Z₁Z₂/(Z₁ + Z₂) of a parallel node of two children, two points per step, by one f64x2
 * division: with S = Z₁ + Z₂, Z₁Z₂·conj(S) = |Z₁|²Z₂ + |Z₂|²Z₁, so Z = (|Z₁|²Z₂ + |Z₂|²Z₁)·(1/|S|²)
 * — no cancellation where Z₁ and Z₂ lie in one quadrant (R, C, CPE, Wo: each part as accurate
 * as the sum of reciprocals). Where a lane's |Z₁|², |Z₂|² or
 * |S|² is outside PAR2's range (a shorted or open branch, resonance, overflow), that pair of
 * points takes the sum of reciprocals of parallel(); the last odd point the same in scalars
 * (the same operations as one lane). src/reference/evaluate.ts parallel() takes the same path.
 */
function parallel2(code: usize, pos: i32, n: i32, work: usize, outr: usize, outi: usize): void {
  const c1 = code_at(code, pos + 2), c2 = code_at(code, pos + 3);
  const ar = zre(work, n, c1), ai = zim(work, n, c1), br = zre(work, n, c2), bi = zim(work, n, c2);
  const lo = v128.load(PAR2, 0), hi = v128.load(PAR2, 16);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a = vload(ar, i), b = vload(ai, i), c = vload(br, i), d = vload(bi, i);
    const sr = f64x2.add(a, c), si = f64x2.add(b, d);
    const m1 = f64x2.add(f64x2.mul(a, a), f64x2.mul(b, b));
    const m2 = f64x2.add(f64x2.mul(c, c), f64x2.mul(d, d));
    const ms = f64x2.add(f64x2.mul(sr, sr), f64x2.mul(si, si));
    const ok = v128.and(v128.and(v128.and(f64x2.ge(m1, lo), f64x2.le(m1, hi)), v128.and(f64x2.ge(m2, lo), f64x2.le(m2, hi))),
      v128.and(f64x2.ge(ms, lo), f64x2.le(ms, hi)));
    if (i64x2.all_true(ok)) {
      const inv = f64x2.div(vload(ONE, 0), ms);
      vstore(outr, i, f64x2.mul(f64x2.add(f64x2.mul(m1, c), f64x2.mul(m2, a)), inv));
      vstore(outi, i, f64x2.mul(f64x2.add(f64x2.mul(m1, d), f64x2.mul(m2, b)), inv));
    } else {
      v128.store(outr + (<usize>i << 3), f64x2.splat(0));
      v128.store(outi + (<usize>i << 3), f64x2.splat(0));
      addRecipPair(outr, outi, ar, ai, i);
      addRecipPair(outr, outi, br, bi, i);
      recipPair(outr, outi, i);
    }
  }
  if (i < n) {
    const a = ld(ar, i), b = ld(ai, i), c = ld(br, i), d = ld(bi, i);
    const sr = a + c, si = b + d;
    const m1 = a * a + b * b, m2 = c * c + d * d, ms = sr * sr + si * si;
    if (m1 >= 1e-150 && m1 <= 1e150 && m2 >= 1e-150 && m2 <= 1e150 && ms >= 1e-150 && ms <= 1e150) {
      const inv = 1 / ms;
      st(outr, i, (m1 * c + m2 * a) * inv);
      st(outi, i, (m1 * d + m2 * b) * inv);
    } else {
      st(outr, i, 0);
      st(outi, i, 0);
      addRecipScalar(outr, outi, i, a, b);
      addRecipScalar(outr, outi, i, c, d);
      recipScalar(outr, outi, i);
    }
  }
}

// The last values pass (the memo): its workspace, program, grid and parameter values. A pass with
// a gradient at exactly these (the Jacobian after an accepted trial, at the trial's parameters)
// keeps the node values the trial left and writes only the element gradients (gradientPass). The
// memo lives for one call of an exported kernel: every entry that evaluates a program starts with
// forgetValues() (the TS side may write another program, grid or parameters at the same addresses
// between calls), and eis_grid forgets it too.
const MEMO_MAX_PARAMS = 64;
const MEMO_PARAMS = memory.data(MEMO_MAX_PARAMS << 3, 16);
let memoWork: usize = 0; // 0: no memo
let memoCode: usize = 0;
let memoCodeLen: i32 = 0;
let memoN: i32 = 0;
let memoW: usize = 0;
let memoLnw: usize = 0;
let memoParams: i32 = 0;
/** Whether the memo's program lets a Jacobian reuse its values (no element's Z depends on the gradient flag). */
let memoReusable = false;
// Where the memo's pass left the gradients of its gradientWithValues elements (a trial's stash,
// or a pass with a gradient: every element's), 0 if nowhere; the Jacobian at the memo's
// parameters into the same columns keeps them. sensitivityPass scales gradients in place: it forgets them.
let memoStashRe: usize = 0;
let memoStashIm: usize = 0;
let memoStride: usize = 0;
let memoParamStride: usize = 0;

/** Whether the last values pass with a gradient kept the memo's values (gradientPass); read by a test hook. */
export let valuesReused = false;

/** Drops the memo of the last values pass (at the start of every exported kernel that evaluates programs). */
export function forgetValues(): void {
  memoWork = 0;
}

/** Whether the last values pass was of this program in this workspace at this grid and at these parameter bits. */
function memoHolds(code: usize, codeLen: i32, params: usize, n: i32, w: usize, lnw: usize, work: usize): bool {
  if (memoWork != work || memoCode != code || memoCodeLen != codeLen || memoN != n || memoW != w || memoLnw != lnw || !memoReusable) return false;
  for (let k = 0; k < memoParams; k++) {
    if (load<i64>(params + (<usize>k << 3)) != load<i64>(MEMO_PARAMS + (<usize>k << 3))) return false;
  }
  return true;
}

/**
 * Values pass over the whole program; with `jr != 0` element gradients go into their
 * Jacobian columns: parameter k's gradient at point i at jr + i·stride + k·paramStride (row-major
 * N×P: stride = P·8, paramStride = 8; the fit's column-major P×N: stride = 8, paramStride = N·8).
 * Returns the root node id.
 * With a gradient at the parameters of the last pass (memoHolds) the values stay and only the
 * gradients are written (gradientPass): the same bits as a full pass.
 */
export function valuesPass(code: usize, codeLen: i32, nodes: i32, params: usize, n: i32, w: usize, lnw: usize,
  work: usize, jr: usize, ji: usize, stride: usize, paramStride: usize = 8): i32 {
  return pass(code, codeLen, nodes, params, n, w, lnw, work, jr, ji, stride, paramStride, false);
}

/**
 * A values pass (valuesPass without gradients, the same Z bits) that also writes the gradients of
 * the elements with gradientWithValues into the Jacobian columns at sr/si (`stride` bytes per
 * point, `paramStride` per parameter as valuesPass; the LM's trial, sr/si the Jacobian's element
 * gradients): the Jacobian after an accepted trial then keeps them (gradientPass) instead of
 * running those kernels again.
 */
export function trialPass(code: usize, codeLen: i32, nodes: i32, params: usize, n: i32, w: usize, lnw: usize,
  work: usize, sr: usize, si: usize, stride: usize, paramStride: usize = 8): i32 {
  return pass(code, codeLen, nodes, params, n, w, lnw, work, sr, si, stride, paramStride, true);
}

function pass(code: usize, codeLen: i32, nodes: i32, params: usize, n: i32, w: usize, lnw: usize,
  work: usize, jr: usize, ji: usize, stride: usize, paramStride: usize, stash: bool): i32 {
  setGradParamStride(paramStride);
  valuesReused = !stash && jr != 0 && memoHolds(code, codeLen, params, n, w, lnw, work);
  if (valuesReused) return gradientPass(code, nodes, params, n, w, lnw, work, jr, ji, stride, paramStride);
  const offsets = work + ((<usize>nodes * 4 * <usize>n) << 3);
  let node = 0, pEnd = 0;
  let reusable = true;
  for (let pos = 0; pos < codeLen;) {
    store<i32>(offsets + (<usize>node << 2), pos);
    const op = code_at(code, pos);
    const outr = zre(work, n, node), outi = zim(work, n, node);
    if (op == OP_ELEM) {
      const eop = code_at(code, pos + 1);
      const poff = code_at(code, pos + 2);
      const pj = <usize>poff << 3, gj = <usize>poff * paramStride;
      const g = jr != 0 && (!stash || gradientWithValues(eop));
      element(eop, n, w, lnw, params + pj, outr, outi, g ? jr + gj : 0, g ? ji + gj : 0, stride);
      if (valuesDependOnGradient(eop)) reusable = false;
      const end = poff + E_paramCount(eop);
      if (end > pEnd) pEnd = end;
      pos += 3;
    } else {
      if (op == OP_SER) series(code, pos, n, work, outr, outi);
      else parallel(code, pos, n, work, outr, outi);
      pos += 2 + code_at(code, pos + 1);
    }
    node++;
  }
  if (pEnd <= MEMO_MAX_PARAMS) {
    memory.copy(MEMO_PARAMS, params, <usize>pEnd << 3);
    memoWork = work;
    memoCode = code;
    memoCodeLen = codeLen;
    memoN = n;
    memoW = w;
    memoLnw = lnw;
    memoParams = pEnd;
    memoReusable = reusable;
    memoStashRe = jr;
    memoStashIm = ji;
    memoStride = stride;
    memoParamStride = paramStride;
  } else memoWork = 0;
  return node - 1;
}

/**
 * The gradients of a values pass whose values are already in the workspace (the memo's): each
 * element's gradient-only kernel from its stored Z, or its kernel again (the same Z bits: no
 * element of a reusable program has a Z that depends on the gradient flag), or nothing for the
 * gradientWithValues elements whose gradients the memo's pass (a trial's stash) left in these
 * columns; series and parallel nodes keep their values. The instruction offsets are the memo's. Returns the root node id.
 */
function gradientPass(code: usize, nodes: i32, params: usize, n: i32, w: usize, lnw: usize, work: usize,
  jr: usize, ji: usize, stride: usize, paramStride: usize): i32 {
  const offsets = work + ((<usize>nodes * 4 * <usize>n) << 3);
  // the memo's pass left the gradientWithValues elements' gradients in these very columns
  const kept = memoStashRe == jr && memoStashIm == ji && memoStride == stride && memoParamStride == paramStride;
  for (let node = 0; node < nodes; node++) {
    const pos = load<i32>(offsets + (<usize>node << 2));
    if (code_at(code, pos) != OP_ELEM) continue;
    const eop = code_at(code, pos + 1);
    if (kept && gradientWithValues(eop)) continue;
    const poff = <usize>code_at(code, pos + 2), pj = poff << 3, gj = poff * paramStride;
    const outr = zre(work, n, node), outi = zim(work, n, node);
    if (!elementGradient(eop, n, w, lnw, params + pj, outr, outi, jr + gj, ji + gj, stride)) {
      element(eop, n, w, lnw, params + pj, outr, outi, jr + gj, ji + gj, stride);
    }
  }
  return nodes - 1;
}

/**
 * Sensitivity pass (after valuesPass with gradients, in the layout that pass left:
 * GRAD_PARAM_STRIDE bytes per parameter): d_root = 1; series passes d to each
 * child, parallel passes d·(Z_node/Z_child)²; each element's Jacobian columns are
 * multiplied by its d.
 */
export function sensitivityPass(code: usize, nodes: i32, n: i32, work: usize, jr: usize, ji: usize, stride: usize): void {
  memoStashRe = 0; // the element gradients are scaled in place below: no longer the kernels' own
  memoStashIm = 0;
  sensitivities(code, nodes, n, work);
  const offsets = work + ((<usize>nodes * 4 * <usize>n) << 3);
  for (let node = nodes - 1; node >= 0; node--) {
    const pos = load<i32>(offsets + (<usize>node << 2));
    if (code_at(code, pos) != OP_ELEM) continue;
    const dr = sensitivityRe(work, nodes, n, node), di = sensitivityIm(work, nodes, n, node);
    const poff = code_at(code, pos + 2);
    const cnt = E_paramCount(code_at(code, pos + 1));
    const ks = GRAD_PARAM_STRIDE;
    // d = 1 + 0j exactly (unitSensitivity; its columns are not written): g·1 − g_i·0 is g − g_i·0
    const unit = unitSensitivity(node);
    for (let i = 0; i < n; i++) {
      const a = unit ? 1 : ld(dr, i), b = unit ? 0 : ld(di, i);
      const row = <usize>i * stride + <usize>poff * ks;
      for (let k = 0; k < cnt; k++) {
        const o = row + <usize>k * ks;
        const gr = load<f64>(jr + o), gi = load<f64>(ji + o);
        store<f64>(jr + o, unit ? gr - gi * b : gr * a - gi * b);
        store<f64>(ji + o, unit ? gr * b + gi : gr * b + gi * a);
      }
    }
  }
}

/** Re of d = ∂Z_root/∂Z_node of `node` (N words, after {@link sensitivities}); Im at {@link sensitivityIm}. */
// @ts-ignore: decorator
@inline export function sensitivityRe(work: usize, nodes: i32, n: i32, node: i32): usize {
  return work + ((<usize>(2 * nodes + 2 * node) * <usize>n) << 3);
}
// @ts-ignore: decorator
@inline export function sensitivityIm(work: usize, nodes: i32, n: i32, node: i32): usize {
  return work + ((<usize>(2 * nodes + 2 * node + 1) * <usize>n) << 3);
}

/**
 * The node of the element that holds parameter `idx` (after valuesPass, which records the
 * instruction offsets); −1 if no element does.
 */
// @ts-ignore: decorator
@inline export function elementNodeOf(code: usize, nodes: i32, n: i32, work: usize, idx: i32): i32 {
  const offsets = work + ((<usize>nodes * 4 * <usize>n) << 3);
  for (let node = 0; node < nodes; node++) {
    const pos = load<i32>(offsets + (<usize>node << 2));
    if (code_at(code, pos) != OP_ELEM) continue;
    const poff = code_at(code, pos + 2);
    if (idx >= poff && idx < poff + E_paramCount(code_at(code, pos + 1))) return node;
  }
  return -1;
}

// Whether d of node k (k < UNIT_MAX) is exactly 1 + 0j at every point: the root and the children
// of series nodes whose d is (the elements of the root series), set by sensitivities, which
// leaves their d columns unwritten; their readers take 1 + 0j instead, with the same operations
// minus the exact ·1 (x·1 is x; the ±0 and NaN of the ·0 products are kept).
const UNIT_MAX = 256;
const UNIT_D = memory.data(UNIT_MAX);

/** Whether d of `node` (after {@link sensitivities}) is exactly 1 + 0j at every point (known for the first UNIT_MAX nodes). */
// @ts-ignore: decorator
@inline export function unitSensitivity(node: i32): bool {
  return node >= 0 && node < UNIT_MAX && load<u8>(UNIT_D + <usize>node) != 0;
}

/**
 * d = ∂Z_root/∂Z_node of every node (after valuesPass): d_root = 1; series passes d to each
 * child, parallel passes d·(Z_node/Z_child)². An element's ∂Z_root/∂p is then d·∂Z_element/∂p
 * (sensitivityPass applies it in place; the LM's jacobianAtParams, ./lm.ts, as it scales the
 * columns of its Jacobian). The d of the nodes with d = 1 + 0j exactly (unitSensitivity) is not
 * written: the root's and the series copies below it.
 */
export function sensitivities(code: usize, nodes: i32, n: i32, work: usize): void {
  const offsets = work + ((<usize>nodes * 4 * <usize>n) << 3);
  const dbase = work + ((<usize>nodes * 2 * <usize>n) << 3);
  const root = nodes - 1;
  if (root < UNIT_MAX) store<u8>(UNIT_D + <usize>root, 1);
  else {
    const rootr = zre(dbase, n, root), rooti = zim(dbase, n, root);
    const one = vload(ONE, 0);
    let i = 0;
    for (; i + 1 < n; i += 2) vstore(rootr, i, one);
    if (i < n) st(rootr, i, 1);
    memory.fill(rooti, 0, <usize>n << 3);
  }
  const zero = f64x2.splat(0);
  for (let node = root; node >= 0; node--) {
    const pos = load<i32>(offsets + (<usize>node << 2));
    const op = code_at(code, pos);
    if (op == OP_ELEM) continue;
    const dr = zre(dbase, n, node), di = zim(dbase, n, node);
    const k = code_at(code, pos + 1);
    const unit = unitSensitivity(node);
    for (let c = 0; c < k; c++) {
      const ch = code_at(code, pos + 2 + c);
      const cdr = zre(dbase, n, ch), cdi = zim(dbase, n, ch);
      // a child is below UNIT_MAX when its parent is unit (children come before their parent)
      if (ch < UNIT_MAX) store<u8>(UNIT_D + <usize>ch, op == OP_SER && unit ? 1 : 0);
      if (op == OP_SER) {
        if (unit) continue;
        memory.copy(cdr, dr, <usize>n << 3);
        memory.copy(cdi, di, <usize>n << 3);
        continue;
      }
      const nzr = zre(work, n, node), nzi = zim(work, n, node);
      const czr = zre(work, n, ch), czi = zim(work, n, ch);
      let i = 0;
      // d_c = d·(Z_node/Z_c)² = d·(Z_node·conj(Z_c)/|Z_c|²)², two points per step
      for (; i + 1 < n; i += 2) {
        const a = vload(czr, i), b = vload(czi, i);
        const dd = f64x2.add(f64x2.mul(a, a), f64x2.mul(b, b));
        if (!recipSafe(dd)) {
          parallelSensitivity(code, pos, k, n, work, i, nzr, nzi, czr, czi, unit, dr, di, cdr, cdi);
          parallelSensitivity(code, pos, k, n, work, i + 1, nzr, nzi, czr, czi, unit, dr, di, cdr, cdi);
          continue;
        }
        const inv = f64x2.div(vload(ONE, 0), dd);
        const zr = vload(nzr, i), zi = vload(nzi, i);
        // Z_node·conj(Z_c)/|Z_c|²
        const qr = f64x2.mul(f64x2.add(f64x2.mul(zr, a), f64x2.mul(zi, b)), inv);
        const qi = f64x2.mul(f64x2.sub(f64x2.mul(zi, a), f64x2.mul(zr, b)), inv);
        const fr = f64x2.sub(f64x2.mul(qr, qr), f64x2.mul(qi, qi));
        const fi = f64x2.mul(f64x2.add(qr, qr), qi);
        if (unit) {
          // d = 1 + 0j: 1·f − 0·f_i, 1·f_i + 0·f
          vstore(cdr, i, f64x2.sub(fr, f64x2.mul(zero, fi)));
          vstore(cdi, i, f64x2.add(fi, f64x2.mul(zero, fr)));
          continue;
        }
        const pr = vload(dr, i), pi = vload(di, i);
        vstore(cdr, i, f64x2.sub(f64x2.mul(pr, fr), f64x2.mul(pi, fi)));
        vstore(cdi, i, f64x2.add(f64x2.mul(pr, fi), f64x2.mul(pi, fr)));
      }
      if (i < n) parallelSensitivity(code, pos, k, n, work, i, nzr, nzi, czr, czi, unit, dr, di, cdr, cdi);
    }
  }
}

/** One point of d_c = d·(Z_node/Z_c)², exact-division path, with shorted branches handled; `unit`: d = 1 + 0j, not stored. */
function parallelSensitivity(code: usize, pos: i32, k: i32, n: i32, work: usize, i: i32, nzr: usize, nzi: usize,
  czr: usize, czi: usize, unit: bool, dr: usize, di: usize, cdr: usize, cdi: usize): void {
  const ar = ld(czr, i), ai = ld(czi, i);
  let fr: f64, fi: f64;
  if (ar == 0 && ai == 0) {
    // a shorted branch: Z_node ≈ Z_c/m over the m shorted children
    let m = 0;
    for (let cc = 0; cc < k; cc++) {
      const o = code_at(code, pos + 2 + cc);
      if (ld(zre(work, n, o), i) == 0 && ld(zim(work, n, o), i) == 0) m++;
    }
    fr = 1 / f64(m * m);
    fi = 0;
  } else {
    cdiv(ld(nzr, i), ld(nzi, i), ar, ai);
    cmul(RE, IM, RE, IM);
    fr = RE;
    fi = IM;
  }
  if (unit) cmul(1, 0, fr, fi);
  else cmul(ld(dr, i), ld(di, i), fr, fi);
  st(cdr, i, RE);
  st(cdi, i, IM);
}

import { paramCount as E_paramCount } from './generated/elements';
