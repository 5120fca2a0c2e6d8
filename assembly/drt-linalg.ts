// Dense linear algebra of the DRT kernel: Cholesky (whole, by rows of an index set, solve) and the
// symmetric eigenproblem (tred2 + tql2) — src/reference/drt/cholesky.ts and eigen.ts in the same
// order of operations.
import { ld, st } from './memory';
import { vload, vstore } from './vmath';
import { EPS, IDX, ldi, rowAddScaled, rowSubScaled } from './drt-scratch';

// ---------------------------------------------------------------- Cholesky

/** Factors the k × k matrix h (leading dimension ldh) into l (k × k). */
export function cholesky(h: usize, ldh: i32, k: i32, l: usize, floor: f64): bool {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = ld(h, i * ldh + j);
      for (let t = 0; t < j; t++) s -= ld(l, i * k + t) * ld(l, j * k + t);
      if (i == j) {
        if (!(s > floor)) return false;
        st(l, i * k + i, Math.sqrt(s));
      } else {
        st(l, i * k + j, s / ld(l, j * k + j));
      }
    }
  }
  return true;
}

/**
 * Rows [from, k) of the factor of the block of h picked by IDX, into l (leading dimension ldl);
 * cholesky.ts choleskyRows. Two entries of a row at a time: entry j + 1's sum runs over t < j
 * beside entry j's, then takes its last term t = j — each sum in the scalar order, two
 * independent dependency chains.
 */
export function choleskyRows(h: usize, ldh: i32, from: i32, k: i32, l: usize, ldl: i32, floor: f64): bool {
  for (let i = from; i < k; i++) {
    const hrow = h + (<usize>(ldi(IDX, i) * ldh) << 3);
    const li = l + (<usize>(i * ldl) << 3);
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const l0 = l + (<usize>(j * ldl) << 3), l1 = l0 + (<usize>ldl << 3);
      let s0 = ld(hrow, ldi(IDX, j)), s1 = ld(hrow, ldi(IDX, j + 1));
      for (let t = 0; t < j; t++) {
        const lit = ld(li, t);
        s0 -= lit * ld(l0, t);
        s1 -= lit * ld(l1, t);
      }
      const v0 = s0 / ld(l0, j);
      st(li, j, v0);
      s1 -= v0 * ld(l1, j);
      st(li, j + 1, s1 / ld(l1, j + 1));
    }
    for (; j < i; j++) {
      const lj = l + (<usize>(j * ldl) << 3);
      let s = ld(hrow, ldi(IDX, j));
      for (let t = 0; t < j; t++) s -= ld(li, t) * ld(lj, t);
      st(li, j, s / ld(lj, j));
    }
    let s = ld(hrow, ldi(IDX, i));
    for (let t = 0; t < i; t++) s -= ld(li, t) * ld(li, t);
    if (!(s > floor)) return false;
    st(li, i, Math.sqrt(s));
  }
  return true;
}

/** Solves L Lᵀ x = rhs in place (k × k factor, leading dimension ldl). */
export function cholSolve(l: usize, ldl: i32, k: i32, x: usize): void {
  // forward, two rows at a time: row i + 1's sum runs over t < i beside row i's, then takes t = i
  let i = 0;
  for (; i + 1 < k; i += 2) {
    const r0 = l + (<usize>(i * ldl) << 3), r1 = r0 + (<usize>ldl << 3);
    let s0 = ld(x, i), s1 = ld(x, i + 1);
    for (let t = 0; t < i; t++) {
      const xt = ld(x, t);
      s0 -= ld(r0, t) * xt;
      s1 -= ld(r1, t) * xt;
    }
    const xi = s0 / ld(r0, i);
    st(x, i, xi);
    s1 -= ld(r1, i) * xi;
    st(x, i + 1, s1 / ld(r1, i + 1));
  }
  for (; i < k; i++) {
    let s = ld(x, i);
    for (let t = 0; t < i; t++) s -= ld(l, i * ldl + t) * ld(x, t);
    st(x, i, s / ld(l, i * ldl + i));
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = ld(x, i);
    for (let t = i + 1; t < k; t++) s -= ld(l, t * ldl + i) * ld(x, t);
    st(x, i, s / ld(l, i * ldl + i));
  }
}

// ---------------------------------------------------------------- symmetric eigenproblem (tred2 + tql2)

/**
 * eigen.ts tred2 with the matrix V held transposed (t[j·n + k] = V[k][j]): the same operations in
 * the same order, but V's columns — which the algorithm walks — are contiguous rows here, and the
 * elementwise updates run two lanes at a time. On entry t = the symmetric matrix (its own
 * transpose); on return t = Vᵀ, the eigenvector rows tql2 rotates.
 */
export function tred2(t: usize, n: i32, d: usize, e: usize): void {
  for (let j = 0; j < n; j++) st(d, j, ld(t, j * n + n - 1));
  for (let i = n - 1; i > 0; i--) {
    let scale: f64 = 0, h: f64 = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(ld(d, k));
    if (scale == 0) {
      st(e, i, ld(d, i - 1));
      for (let j = 0; j < i; j++) {
        st(d, j, ld(t, j * n + i - 1));
        st(t, j * n + i, 0);
        st(t, i * n + j, 0);
      }
    } else {
      for (let k = 0; k < i; k++) {
        st(d, k, ld(d, k) / scale);
        h += ld(d, k) * ld(d, k);
      }
      let f = ld(d, i - 1);
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      st(e, i, scale * g);
      h -= f * g;
      st(d, i - 1, f - g);
      for (let j = 0; j < i; j++) st(e, j, 0);
      for (let j = 0; j < i; j++) {
        f = ld(d, j);
        st(t, i * n + j, f);
        const tj = t + (<usize>(j * n) << 3);
        g = ld(e, j) + ld(tj, j) * f;
        for (let k = j + 1; k <= i - 1; k++) g += ld(tj, k) * ld(d, k);
        // e[k] += V[k][j]·f for k in (j, i)
        if (i - 1 > j) rowAddScaled(e + (<usize>(j + 1) << 3), f, tj + (<usize>(j + 1) << 3), i - 1 - j);
        st(e, j, g);
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        st(e, j, ld(e, j) / h);
        f += ld(e, j) * ld(d, j);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) st(e, j, ld(e, j) - hh * ld(d, j));
      for (let j = 0; j < i; j++) {
        f = ld(d, j);
        g = ld(e, j);
        const tj = t + (<usize>(j * n) << 3);
        // V[k][j] −= f·e[k] + g·d[k] for k in [j, i)
        const vf = f64x2.splat(f), vg = f64x2.splat(g);
        let k = j;
        for (; k + 1 <= i - 1; k += 2) vstore(tj, k, f64x2.sub(vload(tj, k), f64x2.add(f64x2.mul(vf, vload(e, k)), f64x2.mul(vg, vload(d, k)))));
        for (; k <= i - 1; k++) st(tj, k, ld(tj, k) - (f * ld(e, k) + g * ld(d, k)));
        st(d, j, ld(tj, i - 1));
        st(tj, i, 0);
      }
    }
    st(d, i, h);
  }
  for (let i = 0; i < n - 1; i++) {
    st(t, i * n + n - 1, ld(t, i * n + i));
    st(t, i * n + i, 1);
    const h = ld(d, i + 1);
    const ti1 = t + (<usize>((i + 1) * n) << 3);
    if (h != 0) {
      for (let k = 0; k <= i; k++) st(d, k, ld(ti1, k) / h);
      for (let j = 0; j <= i; j++) {
        const tj = t + (<usize>(j * n) << 3);
        let g: f64 = 0;
        for (let k = 0; k <= i; k++) g += ld(ti1, k) * ld(tj, k);
        rowSubScaled(tj, g, d, i + 1);
      }
    }
    for (let k = 0; k <= i; k++) st(ti1, k, 0);
  }
  for (let j = 0; j < n; j++) {
    st(d, j, ld(t, j * n + n - 1));
    st(t, j * n + n - 1, 0);
  }
  st(t, (n - 1) * n + n - 1, 1);
  st(e, 0, 0);
}

// @ts-ignore: decorator
@inline function pyth(a: f64, b: f64): f64 {
  return Math.sqrt(a * a + b * b);
}

export function tql2(vt: usize, n: i32, d: usize, e: usize): bool {
  for (let i = 1; i < n; i++) st(e, i - 1, ld(e, i));
  st(e, n - 1, 0);
  let f: f64 = 0, tst1: f64 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(ld(d, l)) + Math.abs(ld(e, l)));
    let m = l;
    while (m < n - 1 && !(Math.abs(ld(e, m)) <= EPS * tst1)) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) return false;
        let g = ld(d, l);
        let p = (ld(d, l + 1) - g) / (2 * ld(e, l));
        let r = pyth(p, 1);
        if (p < 0) r = -r;
        st(d, l, ld(e, l) / (p + r));
        st(d, l + 1, ld(e, l) * (p + r));
        const dl1 = ld(d, l + 1);
        let h = g - ld(d, l);
        for (let i = l + 2; i < n; i++) st(d, i, ld(d, i) - h);
        f += h;
        p = ld(d, m);
        let c: f64 = 1, c2: f64 = 1, c3: f64 = 1, s: f64 = 0, s2: f64 = 0;
        const el1 = ld(e, l + 1);
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * ld(e, i);
          h = c * p;
          r = pyth(p, ld(e, i));
          st(e, i + 1, s * r);
          s = ld(e, i) / r;
          c = p / r;
          p = c * ld(d, i) - s * g;
          st(d, i + 1, h + s * (c * g + s * ld(d, i)));
          const ri = vt + (<usize>(i * n) << 3), rj = vt + (<usize>((i + 1) * n) << 3);
          const vs = f64x2.splat(s), vc = f64x2.splat(c);
          let k = 0;
          for (; k + 1 < n; k += 2) {
            const hk = vload(rj, k), vk = vload(ri, k);
            vstore(rj, k, f64x2.add(f64x2.mul(vs, vk), f64x2.mul(vc, hk)));
            vstore(ri, k, f64x2.sub(f64x2.mul(vc, vk), f64x2.mul(vs, hk)));
          }
          for (; k < n; k++) {
            const hk = ld(rj, k);
            const vk = ld(ri, k);
            st(rj, k, s * vk + c * hk);
            st(ri, k, c * vk - s * hk);
          }
        }
        p = (-s * s2 * c3 * el1 * ld(e, l)) / dl1;
        st(e, l, s * p);
        st(d, l, c * p);
      } while (Math.abs(ld(e, l)) > EPS * tst1);
    }
    st(d, l, ld(d, l) + f);
    st(e, l, 0);
  }
  for (let i = 0; i < n; i++) if (ld(d, i) != ld(d, i)) return false;
  return true;
}
