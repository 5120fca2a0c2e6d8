// The numbers of a fit's quality verdict inside WASM (issue 14): relative residuals in frequency
// order, the noise model, size, whiteness and the scan of src/stats/judge.ts judgeResiduals (with
// a profile, no design) as fitQuality's relativeResidualJudgement takes them (src/fit/quality.ts).
// The TS code is the reference and the JS backend's path; this is its twin operation for
// operation — scalar f64 in the TS summation order, the same branches and ties, src/math's exp and
// hypot (never Math.exp/hypot) — so every number comes out with the same bits (test/quality-wasm.test.ts).
// Quantiles, limits and bounds, the comparisons with them and the strings stay in TS
// (judgementFromRecord in src/stats/judge.ts).
import { ld, st, ldi } from './memory';
import { dexp, twoProdLo, twoSumLo } from './drt-math';
import {
  JUDGEMENT_WORDS, JUDGEMENT_MAX_ABS, JUDGEMENT_SIZE_RATIO, JUDGEMENT_WHITENESS_P, JUDGEMENT_WHITENESS_TEST,
  JUDGEMENT_RE_NOISE, JUDGEMENT_IM_NOISE,
  JUDGEMENT_SINGLE_INDEX, JUDGEMENT_SINGLE_SCORE, JUDGEMENT_SINGLE_PART,
  JUDGEMENT_WIDE_INDEX, JUDGEMENT_WIDE_WIDTH, JUDGEMENT_WIDE_SCORE, JUDGEMENT_WIDE_PART,
} from './generated/abi';

// 2^500, 2^−500, 2^−400, 2^600, 2^−600 (src/math/hypot.ts)
const BIG: f64 = reinterpret<f64>(<u64>(1023 + 500) << 52);
const SMALL: f64 = reinterpret<f64>(<u64>(1023 - 500) << 52);
const NEGLIGIBLE: f64 = reinterpret<f64>(<u64>(1023 - 400) << 52);
const P600: f64 = reinterpret<f64>(<u64>(1023 + 600) << 52);
const M600: f64 = reinterpret<f64>(<u64>(1023 - 600) << 52);

/** √(a² + b²): src/math/hypot.ts operation for operation. */
function hypot(a0: f64, b0: f64): f64 {
  const a = Math.abs(a0), b = Math.abs(b0);
  if (a == Infinity || b == Infinity) return Infinity;
  if (a != a || b != b) return NaN;
  let big = a > b ? a : b, small = a > b ? b : a;
  if (big == 0) return 0;
  let scale: f64 = 1;
  if (big > BIG) {
    big *= M600;
    small *= M600;
    scale = P600;
  } else if (big < SMALL) {
    big *= P600;
    small *= P600;
    scale = M600;
  }
  const b2 = big * big, b2l = twoProdLo(big, big, b2);
  const s2 = small * small, s2l = small > NEGLIGIBLE ? twoProdLo(small, small, s2) : 0;
  const s = b2 + s2, sl = twoSumLo(b2, s2, s) + b2l + s2l;
  const h = Math.sqrt(s);
  const hh = h * h, hhl = twoProdLo(h, h, hh);
  return (h + ((s - hh) - hhl + sl) / (2 * h)) * scale;
}

/** hypot's constants per lane: 2^500, 2^−500, 2^−400, Veltkamp's splitter, 2. */
const HV: usize = memory.data<f64>([
  reinterpret<f64>(<u64>(1023 + 500) << 52), reinterpret<f64>(<u64>(1023 + 500) << 52),
  reinterpret<f64>(<u64>(1023 - 500) << 52), reinterpret<f64>(<u64>(1023 - 500) << 52),
  reinterpret<f64>(<u64>(1023 - 400) << 52), reinterpret<f64>(<u64>(1023 - 400) << 52),
  134217729, 134217729, 2, 2,
], 16);

// @ts-ignore: decorator
@inline function vTwoSumLo(a: v128, b: v128, s: v128): v128 {
  const bv = f64x2.sub(s, a);
  return f64x2.add(f64x2.sub(a, f64x2.sub(s, bv)), f64x2.sub(b, bv));
}

// @ts-ignore: decorator
@inline function vTwoProdLo(a: v128, b: v128, p: v128, splitter: v128): v128 {
  let t = f64x2.mul(splitter, a);
  const ah = f64x2.sub(t, f64x2.sub(t, a)), al = f64x2.sub(a, ah);
  t = f64x2.mul(splitter, b);
  const bh = f64x2.sub(t, f64x2.sub(t, b)), bl = f64x2.sub(b, bh);
  return f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(ah, bh), p), f64x2.mul(ah, bl)), f64x2.mul(al, bh)), f64x2.mul(al, bl));
}

/** normalCdf of src/stats/residuals.ts (its exp: src/math's, as drt-math's dexp). */
function normalCdf(x: f64): f64 {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * dexp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** f64 words of the judge's scratch for spectra of at most n points (src/abi/sizes.ts judgeScratchWords). */
export function judgeScratchWords(n: i32): i32 {
  return 26 * n + 4;
}

// scratch regions of the spectrum being judged (set by judgeOne)
let RE_: usize = 0, IM_: usize = 0, PRE_: usize = 0, PIM_: usize = 0; // relative residuals, frequency order (PRE, PIM: unused, the profile goes to VAR)
let VAR_: usize = 0, TOTAL_: usize = 0, FIT_: usize = 0, Z_: usize = 0, OWN_: usize = 0; // 2n each (Re rows, then Im rows)
let D2_: usize = 0, G_: usize = 0, KEEP_: usize = 0; // the noise model's rows, 2n each (2(n − 2) used)
let PR_: usize = 0, PI_: usize = 0, CR_: usize = 0, CI_: usize = 0, WR_: usize = 0, WI_: usize = 0; // the scan's sums

/** (2, 2), (1, 1): vector constants from memory (a splat of a constant becomes a v128.const that V8 rematerialises in loops: vexp.ts). */
const V2: usize = memory.data<f64>([2, 2, 1, 1], 16);

/** √k for the counts of points in a window, 0 … 17 (judge.ts SQRT_COUNT: Math.sqrt's values, exact). */
const SQRT_COUNT: usize = memory.data<f64>([
  0, 1, 1.4142135623730951, 1.7320508075688772, 2, 2.23606797749979, 2.449489742783178, 2.6457513110645907, 2.8284271247461903,
  3, 3.1622776601683795, 3.3166247903554, 3.4641016151377544, 3.605551275463989, 3.7416573867739413, 3.872983346207417, 4, 4.123105625617661,
]);

/** The noise model (noiseProfileInto with the profile): variances into VAR (Re n, then Im n). */
function noiseProfile(n: i32): void {
  const RE = RE_, IM = IM_, D2 = D2_, G = G_, KEEP = KEEP_;
  // the profile's squares p², q² are in VAR already (judgeFit)
  const u2 = VAR_, v2 = VAR_ + (<usize>n << 3);
  const count = 2 * (n - 2 > 0 ? n - 2 : 0);
  // the sums over the kept rows, in row order; s11 (36 per kept row, a sum of integers far below
  // 2^53) is 36 × their count, exactly. The first pass keeps every row and is fused with the rows'
  // making (rows k, k + 1 in order); each later pass with the update of the kept rows before it.
  let s12: f64 = 0, s22: f64 = 0, t1: f64 = 0, t2: f64 = 0, kept: i32 = count;
  for (let i = 1; i < n - 1; i++) {
    const k = 2 * (i - 1);
    const dr = ld(RE, i - 1) - 2 * ld(RE, i) + ld(RE, i + 1);
    const d2r = dr * dr, gr = ld(u2, i - 1) + 4 * ld(u2, i) + ld(u2, i + 1);
    st(D2, k, d2r);
    st(G, k, gr);
    const di = ld(IM, i - 1) - 2 * ld(IM, i) + ld(IM, i + 1);
    const d2i = di * di, gi = ld(v2, i - 1) + 4 * ld(v2, i) + ld(v2, i + 1);
    st(D2, k + 1, d2i);
    st(G, k + 1, gi);
    st(KEEP, k, 1);
    st(KEEP, k + 1, 1);
    s12 += 6 * gr;
    s22 += gr * gr;
    t1 += 6 * d2r;
    t2 += gr * d2r;
    s12 += 6 * gi;
    s22 += gi * gi;
    t1 += 6 * d2i;
    t2 += gi * d2i;
  }
  let a: f64 = 0, b: f64 = 0;
  for (let iter = 0; iter < 3; iter++) {
    const s11 = 36 * <f64>kept;
    if (s11 == 0) break;
    const aA = t1 / s11, bA: f64 = 0, aB: f64 = 0, bB = s22 > 0 ? t2 / s22 : 0;
    let sa = aA, sb = bA;
    const det = s11 * s22 - s12 * s12;
    const both = det > 1e-12 * s11 * s22;
    const a2 = both ? (t1 * s22 - t2 * s12) / det : 0, b2 = both ? (s11 * t2 - s12 * t1) / det : 0;
    if (both && a2 >= 0 && b2 >= 0) {
      sa = a2;
      sb = b2;
    } else {
      let sseA: f64 = 0, sseB: f64 = 0;
      for (let k = 0; k < count; k++) {
        const isKept = ld(KEEP, k) != 0;
        const g = ld(G, k), d2 = ld(D2, k);
        const ea = d2 - 6 * aA - g * bA, eb = d2 - 6 * aB - g * bB;
        sseA += isKept ? ea * ea : 0;
        sseB += isKept ? eb * eb : 0;
      }
      if (!(sseA <= sseB)) {
        sa = aB;
        sb = bB;
      }
    }
    a = sa;
    b = sb;
    if (iter == 2) break;
    let changed = false;
    s12 = 0; s22 = 0; t1 = 0; t2 = 0; kept = 0;
    for (let k = 0; k < count; k++) {
      const g = ld(G, k), d2 = ld(D2, k);
      const keep = d2 <= 16 * (6 * a + g * b);
      const kk: f64 = keep ? 1 : 0;
      if (kk != ld(KEEP, k)) {
        st(KEEP, k, kk);
        changed = true;
      }
      if (!keep) continue;
      s12 += 6 * g;
      s22 += g * g;
      t1 += 6 * d2;
      t2 += g * d2;
      kept++;
    }
    if (!changed) break;
  }
  for (let i = 0; i < n; i++) {
    st(u2, i, a + b * ld(u2, i));
    st(v2, i, a + b * ld(v2, i));
  }
}

/**
 * part() of judge.ts for one part (r: its relative residuals, own/variance: its halves): writes
 * noise, rms, runs, expected, z, p, lag1, lag1P at out + field.
 */
function part(r: usize, own: usize, variance: usize, n: i32, q2: f64, out: usize): void {
  let m: i32 = 0, pos: i32 = 0, neg: i32 = 0, runs: i32 = 0, last: i32 = 0;
  let v: f64 = 0, s: f64 = 0, num: f64 = 0, den: f64 = 0, prev: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = ld(r, i);
    s += x * x;
    v += ld(variance, i);
    if (ld(own, i) != 1) continue;
    den += x * x;
    if (m > 0) num += x * prev;
    prev = x;
    m++;
    // the signs without branches (random signs mispredict): counts only, no floating-point change
    const gt = <i32>(x > 0), lt = <i32>(x < 0);
    const sign: i32 = gt - lt;
    pos += gt;
    neg += lt;
    runs += <i32>(sign != 0) & <i32>(sign != last);
    last = select<i32>(sign, last, sign != 0);
  }
  const lag1 = den > 0 ? num / den : 0;
  st(out, 0, Math.sqrt((q2 * v) / <f64>(n > 1 ? n : 1)));
  st(out, 1, n ? Math.sqrt(s / <f64>n) : NaN);
  // runsFromCounts
  const total = pos + neg;
  let expected: f64, z: f64, p: f64;
  if (pos == 0 || neg == 0) {
    expected = <f64>runs;
    z = -Infinity;
    // 2^(1 − total) by exact halvings (the same value as ECMAScript's 2 ** (1 − total), down to 0)
    p = 1;
    if (total >= 2) for (let k = 1; k < total && p != 0; k++) p *= 0.5;
  } else {
    const nf = <f64>total;
    expected = 1 + (2 * <f64>pos * <f64>neg) / nf;
    const variance2 = ((expected - 1) * (expected - 2)) / (nf - 1);
    z = variance2 > 0 ? (<f64>runs - expected + 0.5) / Math.sqrt(variance2) : 0;
    p = min<f64>(1, normalCdf(z));
  }
  st(out, 2, <f64>runs);
  st(out, 3, expected);
  st(out, 4, z);
  st(out, 5, p);
  st(out, 6, lag1);
  st(out, 7, m > 2 ? 1 - normalCdf(lag1 * Math.sqrt(<f64>m)) : 1);
}

/** The scan of judge.ts: the best single point and the best wide window, into out. */
function scan(n: i32, out: usize): void {
  const zRe = Z_, zIm = Z_ + (<usize>n << 3), ownRe = OWN_, ownIm = OWN_ + (<usize>n << 3);
  const PR = PR_, PI = PI_, CR = CR_, CI = CI_, WR = WR_, WI = WI_;
  const SR2 = D2_, SI2 = G_; // the windows' squares (the noise model's rows are done with)
  st(PR, 0, 0);
  st(PI, 0, 0);
  st(CR, 0, 0);
  st(CI, 0, 0);
  let sIndex: i32 = 0, sScore: f64 = 0, sRe = true, single2: f64 = 0;
  let pr: f64 = 0, pi: f64 = 0, cr: f64 = 0, ci: f64 = 0;
  for (let i = 0; i < n; i++) {
    const zr = ld(zRe, i), zi = ld(zIm, i);
    if (!(zr * zr + zi * zi < single2)) {
      const t = hypot(zr, zi);
      if (t > sScore) {
        sIndex = i;
        sScore = t;
        sRe = Math.abs(zr) >= Math.abs(zi);
        single2 = t > 1e-150 && t < 1e150 ? t * t * (1 - 1e-9) : 0;
      }
    }
    const or = ld(ownRe, i), oi = ld(ownIm, i);
    // the running sums in registers (the same additions in the same order; stored, not reloaded)
    pr += or != 0 ? zr : 0;
    pi += oi != 0 ? zi : 0;
    cr += or;
    ci += oi;
    st(PR, i + 1, pr);
    st(PI, i + 1, pi);
    st(CR, i + 1, cr);
    st(CI, i + 1, ci);
  }
  let bestIndex: i32 = 0, bestWidth: i32 = 3, bestScore: f64 = 0, bestRe = true, best2: f64 = 0;
  for (let iw = 0; iw < 4; iw++) {
    const w: i32 = iw == 0 ? 3 : iw == 1 ? 5 : iw == 2 ? 9 : 17; // SCAN_WIDTHS without 1
    if (w > n) continue;
    // the windows i and i + 1 in the two lanes where every point of the four counts (the usual
    // case: √w in every lane, the table's value); else window i alone (0 where fewer than 2 points count)
    const wv = f64x2.splat(<f64>w), qw = f64x2.splat(ld(SQRT_COUNT, w));
    for (let i = 0; i + w <= n; ) {
      const o = <usize>i << 3, ow = <usize>(i + w) << 3;
      if (i + 1 + w <= n) {
        const kr = f64x2.sub(v128.load(CR + ow), v128.load(CR + o));
        const ki = f64x2.sub(v128.load(CI + ow), v128.load(CI + o));
        if (i64x2.all_true(v128.and(f64x2.eq(kr, wv), f64x2.eq(ki, wv)))) {
          const sr = f64x2.div(f64x2.sub(v128.load(PR + ow), v128.load(PR + o)), qw);
          const si = f64x2.div(f64x2.sub(v128.load(PI + ow), v128.load(PI + o)), qw);
          v128.store(WR + o, sr);
          v128.store(WI + o, si);
          v128.store(SR2 + o, f64x2.mul(sr, sr));
          v128.store(SI2 + o, f64x2.mul(si, si));
          i += 2;
          continue;
        }
      }
      const kr = ld(CR, i + w) - ld(CR, i), ki = ld(CI, i + w) - ld(CI, i);
      const mr = kr >= 2 ? (ld(PR, i + w) - ld(PR, i)) / ld(SQRT_COUNT, <i32>kr) : 0;
      const mi = ki >= 2 ? (ld(PI, i + w) - ld(PI, i)) / ld(SQRT_COUNT, <i32>ki) : 0;
      st(WR, i, mr);
      st(WI, i, mi);
      st(SR2, i, mr * mr);
      st(SI2, i, mi * mi);
      i++;
    }
    const half = (w + 1) >> 1;
    for (let s = 0; s < 3; s++) {
      const shift = s == 0 ? 0 : s == 1 ? -half : half;
      const last = min(n - w, n - w - shift);
      for (let i = max(0, -shift); i <= last; i++) {
        const j = i + shift;
        // four windows at once: all below best2 (the same sums of squares per lane, from
        // the squares stored above) are skipped as the scalar test skips them
        if (i + 3 <= last) {
          const b2v = f64x2.splat(best2), oi = <usize>i << 3, oj = <usize>j << 3;
          const x0 = f64x2.add(v128.load(SR2 + oi), v128.load(SI2 + oj));
          const x1 = f64x2.add(v128.load(SR2 + oi, 16), v128.load(SI2 + oj, 16));
          if (i64x2.all_true(v128.and(f64x2.lt(x0, b2v), f64x2.lt(x1, b2v)))) {
            i += 3;
            continue;
          }
        }
        if (ld(SR2, i) + ld(SI2, j) < best2) continue;
        const sr = ld(WR, i), si = ld(WI, j);
        const t = hypot(sr, si);
        if (t > bestScore) {
          best2 = t > 1e-150 && t < 1e150 ? t * t * (1 - 1e-9) : 0;
          bestRe = Math.abs(sr) >= Math.abs(si);
          bestIndex = bestRe ? i : j;
          bestWidth = w;
          bestScore = t;
        }
      }
    }
  }
  st(out, JUDGEMENT_SINGLE_INDEX, <f64>sIndex);
  st(out, JUDGEMENT_SINGLE_SCORE, sScore);
  st(out, JUDGEMENT_SINGLE_PART, sRe ? 0 : 1);
  st(out, JUDGEMENT_WIDE_INDEX, <f64>bestIndex);
  st(out, JUDGEMENT_WIDE_WIDTH, <f64>bestWidth);
  st(out, JUDGEMENT_WIDE_SCORE, bestScore);
  st(out, JUDGEMENT_WIDE_PART, bestRe ? 0 : 1);
}

/** judgeResiduals' numbers for the n relative residuals in RE, IM (rss = Σ r² + m², maxAbs their largest |r|) and the profile's squares in VAR. */
function judgeOne(n: i32, parameters: i32, floor: f64, out: usize, rss: f64, maxAbs: f64): void {
  const VAR = VAR_, TOTAL = TOTAL_, FIT = FIT_, Z = Z_, OWN = OWN_, RE = RE_, IM = IM_;
  const rows = 2 * n;
  noiseProfile(n);
  const varRe = VAR, varIm = VAR + (<usize>n << 3);
  const h = min<f64>(<f64>parameters / <f64>rows, 1);
  // row i and row n + i share fit[i] (h/2 of the point's two variances); two points per lane pair
  const hh = h * 0.5, c = 1 - 2 * h, nb = <usize>n << 3;
  const hv = f64x2.splat(hh), cv = f64x2.splat(c), zero = f64x2.sub(hv, hv);
  // expected = Σ total over the rows in order: the Re rows' part summed as they are made
  let expected: f64 = 0;
  let k = 0;
  for (; k + 1 < n; k += 2) {
    const o = <usize>k << 3;
    const vr = v128.load(varRe + o), vi = v128.load(varIm + o);
    const f = f64x2.mul(hv, f64x2.add(vr, vi));
    const tr = f64x2.max(f64x2.add(f64x2.mul(vr, cv), f), zero);
    v128.store(FIT + o, f);
    v128.store(FIT + nb + o, f);
    v128.store(TOTAL + o, tr);
    v128.store(TOTAL + nb + o, f64x2.max(f64x2.add(f64x2.mul(vi, cv), f), zero));
    expected += f64x2.extract_lane(tr, 0);
    expected += f64x2.extract_lane(tr, 1);
  }
  for (; k < n; k++) {
    const f = hh * (ld(varRe, k) + ld(varIm, k));
    const tr = max<f64>(ld(varRe, k) * c + f, 0);
    st(FIT, k, f);
    st(FIT, n + k, f);
    st(TOTAL, k, tr);
    st(TOTAL, n + k, max<f64>(ld(varIm, k) * c + f, 0));
    expected += tr;
  }
  for (let i = n; i < rows; i++) expected += ld(TOTAL, i);
  const sizeRatio = expected > 0 ? Math.sqrt(rss / expected) : rss > 0 ? Infinity : 0;
  let q2 = min<f64>(1, sizeRatio * sizeRatio);
  if (q2 == 0 || q2 != q2) q2 = 1; // `|| 1`
  const f10 = floor / 10, minVar = f10 * f10;
  // z and own of every row, two rows per lane pair (the same operations per lane)
  const q2v = f64x2.splat(q2), mv = f64x2.splat(minVar), one = v128.load(V2, 16);
  for (let part = 0; part < 2; part++) {
    const src = part == 0 ? RE : IM, at: usize = part == 0 ? 0 : nb;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const o = <usize>i << 3;
      const total = v128.load(TOTAL + at + o), f = v128.load(FIT + at + o);
      v128.store(Z + at + o, f64x2.div(v128.load(src + o), f64x2.sqrt(f64x2.max(f64x2.mul(q2v, total), mv))));
      v128.store(OWN + at + o, v128.and(f64x2.ge(f64x2.sub(total, f), f), one));
    }
    for (; i < n; i++) {
      const o = (<usize>i << 3) + at;
      const total = load<f64>(TOTAL + o), f = load<f64>(FIT + o);
      store<f64>(Z + o, ld(src, i) / Math.sqrt(max<f64>(q2 * total, minVar)));
      store<f64>(OWN + o, total - f >= f ? 1 : 0);
    }
  }
  part(RE, OWN, varRe, n, q2, out + (<usize>JUDGEMENT_RE_NOISE << 3));
  part(IM, OWN + (<usize>n << 3), varIm, n, q2, out + (<usize>JUDGEMENT_IM_NOISE << 3));
  // the smallest of runs Re, runs Im, lag-1 Re, lag-1 Im (the first on ties)
  const ps = out + (<usize>JUDGEMENT_RE_NOISE << 3), qs = out + (<usize>JUDGEMENT_IM_NOISE << 3);
  let wp = ld(ps, 5), wt: i32 = 0;
  if (ld(qs, 5) < wp) { wp = ld(qs, 5); wt = 1; }
  if (ld(ps, 7) < wp) { wp = ld(ps, 7); wt = 2; }
  if (ld(qs, 7) < wp) { wp = ld(qs, 7); wt = 3; }
  scan(n, out);
  st(out, JUDGEMENT_MAX_ABS, maxAbs);
  st(out, JUDGEMENT_SIZE_RATIO, sizeRatio);
  st(out, JUDGEMENT_WHITENESS_P, wp);
  st(out, JUDGEMENT_WHITENESS_TEST, <f64>wt);
}

/** Lays the verdict's scratch out at `scratch` (judgeScratchWords(nMax) f64 words) for fits of at most nMax points. */
export function judgeScratchAt(scratch: usize, nMax: i32): void {
  const nb = <usize>nMax << 3;
  const RE = scratch, IM = RE + nb, PRE = IM + nb, PIM = PRE + nb;
  RE_ = RE; IM_ = IM; PRE_ = PRE; PIM_ = PIM;
  VAR_ = PIM + nb; TOTAL_ = VAR_ + 2 * nb; FIT_ = TOTAL_ + 2 * nb; Z_ = FIT_ + 2 * nb; OWN_ = Z_ + 2 * nb;
  D2_ = OWN_ + 2 * nb; G_ = D2_ + 2 * nb; KEEP_ = G_ + 2 * nb;
  PR_ = KEEP_ + 2 * nb; PI_ = PR_ + nb + 8; CR_ = PI_ + nb + 8; CI_ = CR_ + nb + 8; WR_ = CI_ + nb + 8; WI_ = WR_ + nb;
}

/**
 * The verdict's numbers of one fit of n points into the JUDGEMENT record at `out`: zr/zi the
 * measured Z, fr/fi the fitted Z, ord (i32 per point) the points' indices in increasing frequency,
 * `parameters` its free parameters; the scratch laid out by judgeScratchAt for at least n points.
 */
export function judgeFit(n: i32, zr: usize, zi: usize, fr: usize, fi: usize, ord: usize, parameters: i32, floor: f64, out: usize): void {
  // the profile p = |Z'|/|Z|, q = |Z''|/|Z| goes straight to the noise model as p², q² (VAR, Re then Im)
  const RE = RE_, IM = IM_, u2 = VAR_, v2 = VAR_ + (<usize>n << 3);
  let rss: f64 = 0, maxAbs: f64 = 0, ma = f64x2.splat(0);
  let j = 0;
  for (; j + 1 < n; j += 2) {
    // points j and j + 1 in the two lanes: hypot's operations per lane where neither needs its
    // rescaling or has a tiny or zero part (then scalar, as hypot itself)
    const i0 = ldi(ord, j), i1 = ldi(ord, j + 1);
    const zrv = f64x2.replace_lane(f64x2.splat(ld(zr, i0)), 1, ld(zr, i1));
    const ziv = f64x2.replace_lane(f64x2.splat(ld(zi, i0)), 1, ld(zi, i1));
    const frv = f64x2.replace_lane(f64x2.splat(ld(fr, i0)), 1, ld(fr, i1));
    const fiv = f64x2.replace_lane(f64x2.splat(ld(fi, i0)), 1, ld(fi, i1));
    const a = f64x2.abs(zrv), b = f64x2.abs(ziv);
    const gt = f64x2.gt(a, b);
    const big = v128.bitselect(a, b, gt), small = v128.bitselect(b, a, gt);
    const regular = v128.and(v128.and(f64x2.le(big, v128.load(HV, 0)), f64x2.ge(big, v128.load(HV, 16))), f64x2.gt(small, v128.load(HV, 32)));
    if (!i64x2.all_true(regular)) break;
    const sp = v128.load(HV, 48);
    const b2 = f64x2.mul(big, big), b2l = vTwoProdLo(big, big, b2, sp);
    const s2 = f64x2.mul(small, small), s2l = vTwoProdLo(small, small, s2, sp);
    const sum = f64x2.add(b2, s2), sl = f64x2.add(f64x2.add(vTwoSumLo(b2, s2, sum), b2l), s2l);
    const h = f64x2.sqrt(sum);
    const hh = f64x2.mul(h, h), hhl = vTwoProdLo(h, h, hh, sp);
    const m = f64x2.add(h, f64x2.div(f64x2.add(f64x2.sub(f64x2.sub(sum, hh), hhl), sl), f64x2.mul(v128.load(HV, 64), h)));
    const o = <usize>j << 3;
    const rv = f64x2.div(f64x2.sub(zrv, frv), m), iv = f64x2.div(f64x2.sub(ziv, fiv), m);
    v128.store(RE + o, rv);
    v128.store(IM + o, iv);
    // rss = Σ (r² + m²) in point order (per lane the scalar operations); the largest |r| (in any order the same value)
    const sq = f64x2.add(f64x2.mul(rv, rv), f64x2.mul(iv, iv));
    rss += f64x2.extract_lane(sq, 0);
    rss += f64x2.extract_lane(sq, 1);
    ma = f64x2.max(ma, f64x2.max(f64x2.abs(rv), f64x2.abs(iv)));
    const pr = f64x2.div(a, m), pi = f64x2.div(b, m);
    v128.store(u2 + o, f64x2.mul(pr, pr));
    v128.store(v2 + o, f64x2.mul(pi, pi));
  }
  for (; j < n; j++) {
    const i = ldi(ord, j);
    const zri = ld(zr, i), zii = ld(zi, i);
    // Z_exp − Z_fit as the result's residuals (assembleResult), over |Z_exp| (0 where Z = 0)
    const m = hypot(zri, zii);
    const r = m > 0 ? (zri - ld(fr, i)) / m : 0, q = m > 0 ? (zii - ld(fi, i)) / m : 0;
    st(RE, j, r);
    st(IM, j, q);
    rss += r * r + q * q;
    maxAbs = max(max(maxAbs, Math.abs(r)), Math.abs(q));
    const pr = m > 0 ? Math.abs(zri) / m : 0, pi = m > 0 ? Math.abs(zii) / m : 0;
    st(u2, j, pr * pr);
    st(v2, j, pi * pi);
  }
  maxAbs = max(maxAbs, max(f64x2.extract_lane(ma, 0), f64x2.extract_lane(ma, 1)));
  judgeOne(n, parameters, floor, out, rss, maxAbs);
}

/**
 * The verdict's numbers of K fits (relativeResidualJudgement of src/fit/quality.ts). Fit k has
 * n_k = off[k+1] − off[k] points from point off[k] of the concatenated zre/zim (the measured Z)
 * and fre/fim (the fitted Z); order (i32 per point) lists, per fit, its points' indices (0 … n_k − 1)
 * in increasing frequency; free (i32 per fit): its free parameters; `floor`: judgeResiduals' floor.
 * Writes one JUDGEMENT record per fit to out; scratch: judgeScratchWords(max n_k) f64 words.
 * (eis_fit_batch runs judgeFit itself after each fit when asked to: the data are in place there.)
 */
export function eis_judge_batch(K: i32, off: usize, free: usize, order: usize, zre: usize, zim: usize, fre: usize, fim: usize,
  floor: f64, scratch: usize, nMax: i32, out: usize): void {
  judgeScratchAt(scratch, nMax);
  for (let k = 0; k < K; k++) {
    const base = ldi(off, k), n = ldi(off, k + 1) - base;
    const b8 = <usize>base << 3;
    judgeFit(n, zre + b8, zim + b8, fre + b8, fim + b8, order + (<usize>base << 2), ldi(free, k), floor, out + (<usize>k * <usize>JUDGEMENT_WORDS << 3));
  }
}
