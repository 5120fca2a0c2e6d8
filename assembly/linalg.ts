// Small dense linear algebra for the fitter: the algorithms of src/reference/linalg.ts, but
// on COLUMN-major matrices (column k of an rows × cols matrix at a + k·rows words), so that
// the Householder inner loops are contiguous dot products and updates, two lanes at a time.
import { ld, st } from './memory';
import { vload, vstore } from './vmath';

/**
 * Σ x_i·y_i over `len` contiguous words. Two vector accumulators, four words per step: one
 * accumulator makes every add wait for the previous one (latency-bound); two halve that chain.
 */
// @ts-ignore: decorator
@inline function dot(x: usize, y: usize, len: i32): f64 {
  let acc = f64x2.splat(0);
  let acc2 = acc;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    acc = f64x2.add(acc, f64x2.mul(vload(x, i), vload(y, i)));
    acc2 = f64x2.add(acc2, f64x2.mul(vload(x, i + 2), vload(y, i + 2)));
  }
  acc = f64x2.add(acc, acc2);
  for (; i + 1 < len; i += 2) acc = f64x2.add(acc, f64x2.mul(vload(x, i), vload(y, i)));
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (i < len) s += ld(x, i) * ld(y, i);
  return s;
}

/** The two sums of {@link dot2}. */
let D0: f64 = 0;
let D1: f64 = 0;

/**
 * {@link dot}(y, x) into D0 and dot(z, x) into D1 in one pass that loads x once: each sum is
 * dot's, operation for operation (its own two accumulators; x·y = y·x in IEEE), so the same bits.
 */
// @ts-ignore: decorator
@inline function dot2(x: usize, y: usize, z: usize, len: i32): void {
  let ay = f64x2.splat(0), ay2 = ay, az = ay, az2 = ay;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const x0 = vload(x, i), x1 = vload(x, i + 2);
    ay = f64x2.add(ay, f64x2.mul(vload(y, i), x0));
    ay2 = f64x2.add(ay2, f64x2.mul(vload(y, i + 2), x1));
    az = f64x2.add(az, f64x2.mul(vload(z, i), x0));
    az2 = f64x2.add(az2, f64x2.mul(vload(z, i + 2), x1));
  }
  ay = f64x2.add(ay, ay2);
  az = f64x2.add(az, az2);
  for (; i + 1 < len; i += 2) {
    const x0 = vload(x, i);
    ay = f64x2.add(ay, f64x2.mul(vload(y, i), x0));
    az = f64x2.add(az, f64x2.mul(vload(z, i), x0));
  }
  let sy = f64x2.extract_lane(ay, 0) + f64x2.extract_lane(ay, 1);
  let sz = f64x2.extract_lane(az, 0) + f64x2.extract_lane(az, 1);
  if (i < len) {
    sy += ld(y, i) * ld(x, i);
    sz += ld(z, i) * ld(x, i);
  }
  D0 = sy;
  D1 = sz;
}

/** y −= f·x over `len` contiguous words. */
// @ts-ignore: decorator
@inline function axpy(f: f64, x: usize, y: usize, len: i32): void {
  const vf = f64x2.splat(f);
  let i = 0;
  for (; i + 1 < len; i += 2) vstore(y, i, f64x2.sub(vload(y, i), f64x2.mul(vf, vload(x, i))));
  if (i < len) st(y, i, ld(y, i) - f * ld(x, i));
}

/**
 * Applies the reflection I − 2vvᵀ/vᵀv (v = x, `vtv` = vᵀv) to the columns y and z together:
 * one pass for both dot products and one for both updates, sharing the loads of x. Each dot
 * product and update is {@link dot}'s and {@link axpy}'s, operation for operation, so the
 * result is the same as reflecting y and z one after the other.
 */
// @ts-ignore: decorator
@inline function reflect2(x: usize, y: usize, z: usize, len: i32, vtv: f64): void {
  let ay = f64x2.splat(0), az = ay, ay2 = ay, az2 = ay;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const x0 = vload(x, i), x1 = vload(x, i + 2);
    ay = f64x2.add(ay, f64x2.mul(x0, vload(y, i)));
    ay2 = f64x2.add(ay2, f64x2.mul(x1, vload(y, i + 2)));
    az = f64x2.add(az, f64x2.mul(x0, vload(z, i)));
    az2 = f64x2.add(az2, f64x2.mul(x1, vload(z, i + 2)));
  }
  ay = f64x2.add(ay, ay2);
  az = f64x2.add(az, az2);
  for (; i + 1 < len; i += 2) {
    const x0 = vload(x, i);
    ay = f64x2.add(ay, f64x2.mul(x0, vload(y, i)));
    az = f64x2.add(az, f64x2.mul(x0, vload(z, i)));
  }
  let sy = f64x2.extract_lane(ay, 0) + f64x2.extract_lane(ay, 1);
  let sz = f64x2.extract_lane(az, 0) + f64x2.extract_lane(az, 1);
  if (i < len) {
    sy += ld(x, i) * ld(y, i);
    sz += ld(x, i) * ld(z, i);
  }
  const fy = (2 * sy) / vtv, fz = (2 * sz) / vtv;
  const vy = f64x2.splat(fy), vz = f64x2.splat(fz);
  i = 0;
  for (; i + 1 < len; i += 2) {
    const x0 = vload(x, i);
    vstore(y, i, f64x2.sub(vload(y, i), f64x2.mul(vy, x0)));
    vstore(z, i, f64x2.sub(vload(z, i), f64x2.mul(vz, x0)));
  }
  if (i < len) {
    st(y, i, ld(y, i) - fy * ld(x, i));
    st(z, i, ld(z, i) - fz * ld(x, i));
  }
}

/**
 * Householder QR of A (rows × cols, column-major) in place, applying the reflections to b
 * (Golub & Van Loan, 4th ed., Alg. 5.2.1): R in the upper triangle, Qᵀb in b, zeros below.
 * A zero column is left as it is (R_kk = 0); returns false when that happened.
 */
export function householder(a: usize, b: usize, rows: i32, cols: i32): bool {
  let fullRank = true;
  for (let k = 0; k < cols; k++) {
    const col = a + ((<usize>k * <usize>rows + <usize>k) << 3); // a[k.., k]
    const len = rows - k;
    const norm = Math.sqrt(dot(col, col, len));
    if (norm == 0) {
      fullRank = false;
      continue;
    }
    const akk = load<f64>(col);
    const alpha = akk > 0 ? -norm : norm;
    store<f64>(col, akk - alpha); // v = a[k:,k] − alpha·e1
    const vtv = 2 * norm * (norm + Math.abs(akk));
    // the columns right of k and then b, two at a time
    const bk = b + (<usize>k << 3);
    let j = k + 1;
    for (; j + 1 < cols; j += 2) {
      const cj = a + ((<usize>j * <usize>rows + <usize>k) << 3);
      reflect2(col, cj, cj + (<usize>rows << 3), len, vtv);
    }
    if (j < cols) reflect2(col, a + ((<usize>j * <usize>rows + <usize>k) << 3), bk, len, vtv);
    else axpy((2 * dot(col, bk, len)) / vtv, col, bk, len);
    store<f64>(col, alpha);
    memory.fill(col + 8, 0, <usize>(len - 1) << 3);
  }
  return fullRank;
}

/**
 * R and Qᵀb of A = QR (rows × cols, column-major) by the normal equations, where they are
 * accurate enough (src/reference/linalg.ts gramCholesky, the same algorithm): G = AᵀA and c = Aᵀb
 * (`g`: cols² + cols words of scratch), G = LLᵀ (Cholesky), then R = Lᵀ into A's upper triangle
 * and L⁻¹c, the first cols entries of Qᵀb up to the signs of R's rows, into b. Returns false,
 * with A and b unchanged, when a pivot is not above `guard` times its diagonal entry of G.
 */
export function gramCholesky(a: usize, b: usize, rows: i32, cols: i32, g: usize, guard: f64): bool {
  // G's lower triangle (column-major, cols × cols) and c
  const c = g + (<usize>(cols * cols) << 3);
  for (let k = 0; k < cols; k++) {
    const ak = a + ((<usize>k * <usize>rows) << 3);
    // the columns i ≥ k and then b, two at a time sharing the loads of column k (dot2)
    let i = k;
    for (; i + 1 < cols; i += 2) {
      const ai = a + ((<usize>i * <usize>rows) << 3);
      dot2(ak, ai, ai + (<usize>rows << 3), rows);
      st(g, k * cols + i, D0);
      st(g, k * cols + i + 1, D1);
    }
    if (i < cols) {
      dot2(ak, a + ((<usize>i * <usize>rows) << 3), b, rows);
      st(g, k * cols + i, D0);
      st(c, k, D1);
    } else st(c, k, dot(ak, b, rows));
  }
  // G = LLᵀ, column by column (left-looking), L over G's lower triangle
  for (let k = 0; k < cols; k++) {
    const gkk = ld(g, k * cols + k);
    let p = gkk;
    for (let j = 0; j < k; j++) p -= ld(g, j * cols + k) * ld(g, j * cols + k);
    if (!(p > guard * gkk)) return false;
    const lkk = Math.sqrt(p);
    st(g, k * cols + k, lkk);
    for (let i = k + 1; i < cols; i++) {
      let s = ld(g, k * cols + i);
      for (let j = 0; j < k; j++) s -= ld(g, j * cols + i) * ld(g, j * cols + k);
      st(g, k * cols + i, s / lkk);
    }
  }
  // L⁻¹c into b, Lᵀ into A's upper triangle (R_ik = L_ki)
  for (let k = 0; k < cols; k++) {
    let s = ld(c, k);
    for (let j = 0; j < k; j++) s -= ld(g, j * cols + k) * ld(b, j);
    st(b, k, s / ld(g, k * cols + k));
  }
  for (let k = 0; k < cols; k++) for (let i = 0; i <= k; i++) st(a, k * rows + i, ld(g, i * cols + k));
  return true;
}

/** x = R⁻¹c for the upper triangle R of the column-major a (`rows` rows). */
export function backSubstitute(a: usize, rows: i32, c: usize, cols: i32, x: usize): void {
  for (let k = cols - 1; k >= 0; k--) {
    let s = ld(c, k);
    for (let j = k + 1; j < cols; j++) s -= ld(a, j * rows + k) * ld(x, j);
    st(x, k, s / ld(a, k * rows + k));
  }
}
