/**
 * initialGuess(): start values for every parameter of a circuit, estimated from the spectrum
 * by arc geometry — no fitting loop, no random search: a few O(N) passes with closed forms
 * and 2×2 least squares.
 *
 * 1. Structure. The root is read as a series of terms: lone R (high-frequency intercept),
 *    arcs (a parallel with a resistive and a capacitive path, or K/Zarc/H/G/Gs/Ws/T), tails
 *    (lone C/CPE/W/Wo/TLMQ, or a parallel of such) and inductors. Arcs are assigned in
 *    order of decreasing apex frequency, left to right (impedance.py's convention).
 * 2. Features, each measured on the data with the other features' models subtracted:
 *    - inductance from the inductive top of the band: Im Z·ω = ω²L − c over two points;
 *    - low-frequency tail as a CPE, from the lowest points:
 *        α = −d ln|Z''|/d ln ω,   Q = sin(απ/2)/(|Z''| ω^α);
 *    - arcs: peaks of the smoothed −Im Z ranked by prominence over |Z|; a Kåsa circle fit of
 *      each arc's points (exact for an R‖CPE arc, whose Nyquist plot is a depressed circle,
 *      also on a partial arc) gives the real-axis intercepts x_hf, x_hf + ΔR; then per point
 *        u = ΔR/(Z − x_hf) − 1 = (jωτ)^α   →   α = arg(u)/(π/2),  ln τ = ln|u|/α − ln ω,
 *      averaged with weights |u|/(1 + |u|²) (largest near the apex). Several arcs are
 *      measured one at a time with the others' ZARC models subtracted (Gauss–Seidel sweeps);
 *      arcs hidden as shoulders are looked for in what the found arcs leave; arcs not in the
 *      data at all are placed above the band, sharing the high-frequency intercept.
 *    The tail and the arcs alternate: tail → arcs → tail without the arcs → arcs → …, at most
 *    three rounds, fewer when the change is below the noise of the data (a fixed number of
 *    closed-form steps, not an optimisation loop).
 * 3. Parameters from the features: R‖CPE: Q = τ^α/R (= 1/(R ω_p^α)); R‖C: C = τ/R; K, Zarc,
 *    H: τ; anything unmapped gets a default scaled to the data (|Z|, 1/ω in the middle of
 *    the band). Every value ends finite and strictly inside the element table's bounds.
 */
import type { Circuit } from '../circuit/circuit.ts';
import type { CircuitNode, ElementNode } from '../circuit/ast.ts';
import type { ElementInstance } from '../circuit/program.ts';
import { EisError, show } from '../errors.ts';

/** A spectrum: frequencies (Hz), Z = re + j·im with the physical sign (capacitive im < 0). */
export interface GuessSpectrum {
  readonly freq: ArrayLike<number>;
  readonly re: ArrayLike<number>;
  readonly im: ArrayLike<number>;
}

const HALF_PI = Math.PI / 2;
/** Exponent used where the data say nothing about it. */
const DEFAULT_EXPONENT = 0.85;
/** Points at the low-frequency end used for the tail. */
const TAIL_POINTS = 5;
/** Rounds of tail → arcs after the first estimate. */
const TAIL_ROUNDS = 2;

// ---------------------------------------------------------------------------------------------
// Structure of the circuit (cached per Circuit)
// ---------------------------------------------------------------------------------------------

/** Elements whose impedance diverges as ω → 0 (capacitive or diffusive). */
const BLOCKING = new Set(['C', 'CPE', 'W', 'Wo', 'TLMQ']);
/** Elements that are a whole arc by themselves (finite at ω → 0, falling to ~0 at ω → ∞). */
const ARC_LIKE = new Set(['K', 'Zarc', 'H', 'G', 'Gs', 'Ws', 'T']);
const INDUCTIVE = new Set(['L', 'La']);

type TermKind = 'R' | 'arc' | 'tail' | 'L' | 'other';

interface Plan {
  readonly terms: readonly { kind: TermKind; node: CircuitNode }[];
  readonly arcCount: number;
  /** Resistors that share the high-frequency intercept. */
  readonly rCount: number;
  /** A low-frequency tail is expected (a tail term, or diffusion inside an arc as in Randles). */
  readonly hasTail: boolean;
  readonly hasL: boolean;
  readonly byName: ReadonlyMap<string, ElementInstance>;
}

const PLANS = new WeakMap<Circuit, Plan>();

function elementsOf(node: CircuitNode, out: ElementNode[] = []): ElementNode[] {
  if (node.kind === 'element') out.push(node);
  else for (const c of node.children) elementsOf(c, out);
  return out;
}

/** Whether |Z| → ∞ as ω → 0 (no DC path). */
function blocksDc(node: CircuitNode): boolean {
  if (node.kind === 'element') return BLOCKING.has(node.symbol);
  return node.kind === 'series' ? node.children.some(blocksDc) : node.children.every(blocksDc);
}

const isResistive = (symbol: string) => symbol === 'R' || ARC_LIKE.has(symbol);

function termKind(node: CircuitNode): TermKind {
  if (node.kind === 'element') {
    if (node.symbol === 'R') return 'R';
    if (INDUCTIVE.has(node.symbol)) return 'L';
    if (BLOCKING.has(node.symbol)) return 'tail';
    return ARC_LIKE.has(node.symbol) ? 'arc' : 'other';
  }
  const els = elementsOf(node);
  const resistive = els.some((e) => isResistive(e.symbol));
  const capacitive = els.some((e) => BLOCKING.has(e.symbol) || ARC_LIKE.has(e.symbol));
  if (resistive && capacitive) return 'arc';
  if (capacitive) return 'tail';
  if (els.every((e) => e.symbol === 'R')) return 'R';
  return 'other';
}

function planFor(circuit: Circuit): Plan {
  let plan = PLANS.get(circuit);
  if (plan) return plan;
  const root = circuit.ast;
  const nodes = root.kind === 'series' ? root.children : [root];
  const terms = nodes.map((node) => ({ kind: termKind(node), node }));
  let rCount = 0;
  for (const t of terms) if (t.kind === 'R') rCount += elementsOf(t.node).length;
  // diffusion inside an arc (Randles p(R1-W1,C1)): the arc term itself blocks DC
  const innerTail = terms.some((t) => t.kind === 'arc' && t.node.kind !== 'element' && blocksDc(t.node));
  plan = {
    terms,
    arcCount: terms.filter((t) => t.kind === 'arc').length,
    rCount,
    hasTail: innerTail || terms.some((t) => t.kind === 'tail'),
    hasL: terms.some((t) => t.kind === 'L'),
    byName: new Map(circuit.elements.map((e) => [e.name, e])),
  };
  PLANS.set(circuit, plan);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Working copy of the spectrum: ascending frequency, ω, ln ω, x = Re Z, y = −Im Z
// ---------------------------------------------------------------------------------------------

/**
 * Scratch arrays, reused across calls and grown on demand (initialGuess is synchronous, so
 * one module-level instance is never shared). Hot loops read them through local constants.
 */
class Work {
  n = 0;
  w = new Float64Array(0);
  lw = new Float64Array(0);
  x = new Float64Array(0);
  y = new Float64Array(0);
  /** Data minus the current tail (and inductance) model. */
  xr = new Float64Array(0);
  yr = new Float64Array(0);
  /** −Im Z of the arcs at the tail points. */
  tailArcs = new Float64Array(TAIL_POINTS);
  /** 1/|Z| of the data (0 where Z = 0). */
  iz = new Float64Array(0);
  /** Smoothed yr for the peak search. */
  ys = new Float64Array(0);
  /** xr, yr minus the other arcs, for measuring one arc among several. */
  xa = new Float64Array(0);
  ya = new Float64Array(0);
  /** Peak search: candidate indices and prominences. */
  peakI = new Int32Array(0);
  peakP = new Float64Array(0);
  /** Geometric middle of |Z| over the spectrum (Ohm). */
  zMid = 100;
  /** Angular frequency band (rad/s) and its geometric middle. */
  wMin = 1;
  wMax = 1;
  wMid = 1;
  /** ln ω step when the points are equally spaced in ln ω (the usual sweep), else NaN. */
  logStep = Number.NaN;

  grow(n: number): void {
    if (n <= this.w.length) return;
    const c = Math.max(n, 64);
    this.w = new Float64Array(c); this.lw = new Float64Array(c); this.x = new Float64Array(c); this.y = new Float64Array(c);
    this.xr = new Float64Array(c); this.yr = new Float64Array(c); this.ys = new Float64Array(c);
    this.xa = new Float64Array(c); this.ya = new Float64Array(c); this.iz = new Float64Array(c);
    this.peakI = new Int32Array(c); this.peakP = new Float64Array(c);
  }
}

const WORK = new Work();

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * Copies the usable points (finite, f > 0) into the work arrays sorted by ascending
 * frequency; measured spectra come sorted either way, so sorting is usually a reversal.
 */
function prepare(ws: Work, spectrum: GuessSpectrum): void {
  if (spectrum === null || typeof spectrum !== 'object' || !isArrayLike(spectrum.freq) || !isArrayLike(spectrum.re) || !isArrayLike(spectrum.im)) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`spectrum\` must be an object { freq, re, im } of numeric arrays; got ${show(spectrum)}.`, { argument: 'spectrum' });
  }
  const { freq, re, im } = spectrum;
  const N = freq.length;
  if (re.length !== N || im.length !== N) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`spectrum\` has ${N} frequencies but ${re.length} re and ${im.length} im values; they must match.`, { argument: 'spectrum' });
  }
  ws.grow(N);
  const { w, x, y, lw } = ws;
  let n = 0, ascending = true, descending = true, prev = Number.NaN, prev2 = Number.NaN;
  // equally log-spaced (constant ratio f[i]/f[i−1], the usual sweep): then
  // ln ω[i] = ln ω[0] + i·step needs two logarithms instead of n
  let uniform = true;
  for (let i = 0; i < N; i++) {
    const f = freq[i]!, r = re[i]!, m = im[i]!;
    // finite (x − x is NaN for ±Infinity and NaN) and f > 0
    if (!(f > 0 && f - f === 0 && r - r === 0 && m - m === 0)) continue;
    if (n > 0) {
      if (f <= prev) ascending = false;
      if (f >= prev) descending = false;
      if (n > 1 && uniform) uniform = Math.abs(f * prev2 - prev * prev) <= 1e-12 * prev * prev;
    }
    prev2 = prev;
    prev = f;
    w[n] = 2 * Math.PI * f;
    x[n] = r;
    y[n] = -m;
    n++;
  }
  if (descending && n > 1) {
    for (let i = 0, j = n - 1; i < j; i++, j--) {
      let t = w[i]!; w[i] = w[j]!; w[j] = t;
      t = x[i]!; x[i] = x[j]!; x[j] = t;
      t = y[i]!; y[i] = y[j]!; y[j] = t;
    }
  } else if (!ascending && n > 1) {
    sortByFrequency(ws, n);
    uniform = false;
  }
  uniform = uniform && n > 2 && (ascending || descending);
  const l0 = n ? Math.log(w[0]!) : 0, step = uniform ? (Math.log(w[n - 1]!) - l0) / (n - 1) : Number.NaN;
  ws.logStep = step;
  const iz = ws.iz;
  let z2Min = Infinity, z2Max = 0;
  for (let i = 0; i < n; i++) {
    lw[i] = uniform ? l0 + i * step : Math.log(w[i]!);
    const z2 = x[i]! * x[i]! + y[i]! * y[i]!;
    iz[i] = z2 > 0 && z2 < Infinity ? 1 / Math.sqrt(z2) : 0;
    if (z2 > 0) {
      if (z2 < z2Min) z2Min = z2;
      if (z2 > z2Max) z2Max = z2;
    }
  }
  ws.n = n;
  // geometric middle of |Z|: (|Z|min·|Z|max)^(1/2) = (z²min·z²max)^(1/4)
  ws.zMid = z2Max > 0 && z2Max < Infinity ? Math.sqrt(Math.sqrt(z2Min) * Math.sqrt(z2Max)) : 100;
  ws.wMin = n ? w[0]! : 2 * Math.PI;
  ws.wMax = n ? w[n - 1]! : 2 * Math.PI;
  ws.wMid = Math.sqrt(ws.wMin * ws.wMax);
}

/** Unsorted input (rare): sort the first n work points by ω. */
function sortByFrequency(ws: Work, n: number): void {
  const { w, x, y } = ws;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => w[a]! - w[b]!);
  const w0 = w.slice(0, n), x0 = x.slice(0, n), y0 = y.slice(0, n);
  for (let i = 0; i < n; i++) {
    w[i] = w0[idx[i]!]!;
    x[i] = x0[idx[i]!]!;
    y[i] = y0[idx[i]!]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Features
// ---------------------------------------------------------------------------------------------

/** An arc as a ZARC, R/(1 + (jωτ)^α), starting at x_hf on the real axis. */
interface Arc {
  r: number;
  tau: number;
  alpha: number;
  xhf: number;
  /** Whether it came from the data (a peak and a circle) rather than a fallback. */
  measured: boolean;
  /** Its points [a, b] and peak p (work indices); a0 is a before trimming on the tail's side. */
  a: number;
  a0: number;
  b: number;
  p: number;
  /** Whether it is the lowest-frequency arc, whose low side borders the tail. */
  tailSide: boolean;
}

/** A low-frequency tail as a CPE, 1/(Q (jω)^α). */
interface Tail {
  q: number;
  alpha: number;
  /** Whether the data show a rising tail (else q is a small placeholder). */
  seen: boolean;
}

interface Features {
  rInf: number;
  arcs: Arc[];
  tail: Tail | null;
  inductance: number;
}

function newArc(p: number, a: number, b: number): Arc {
  return { r: Number.NaN, tau: Number.NaN, alpha: DEFAULT_EXPONENT, xhf: Number.NaN, measured: true, a, a0: a, b, p, tailSide: false };
}

/**
 * −Im Z of the measured arcs (ZARCs) at the tail points into ws.tailArcs: with s = (ωτ)^α,
 * −Im R/(1 + s e^{jαπ/2}) = R s sin(απ/2)/(1 + 2s cos(απ/2) + s²).
 */
function arcsAtTail(ws: Work, arcs: readonly Arc[]): void {
  const m = Math.min(TAIL_POINTS, ws.n), out = ws.tailArcs, lw = ws.lw;
  out.fill(0);
  for (const a of arcs) {
    if (!a.measured) continue;
    const lt = Math.log(a.tau), c = Math.cos(a.alpha * HALF_PI), sn = Math.sin(a.alpha * HALF_PI);
    for (let i = 0; i < m; i++) {
      const s = Math.exp(a.alpha * (lw[i]! + lt));
      out[i] = out[i]! + (a.r * s * sn) / (1 + 2 * s * c + s * s);
    }
  }
}

/** Re Z of one ZARC at ln ω = lw: R(1 + s cos(απ/2))/(1 + 2s cos(απ/2) + s²). */
function arcReAt(a: Arc, lw: number): number {
  const s = Math.exp(a.alpha * (lw + Math.log(a.tau))), c = Math.cos(a.alpha * HALF_PI);
  return (a.r * (1 + s * c)) / (1 + 2 * s * c + s * s);
}

/**
 * xa, ya ← xr, yr minus every measured arc but `skip` (ZARC models) over [a, b], so that an arc
 * can be measured without its neighbours' flanks (or, with skip = null, what the arcs leave).
 */
function subtractOtherArcs(ws: Work, arcs: readonly Arc[], skip: Arc | null, a: number, b: number): void {
  const { xr, yr, xa, ya, lw } = ws;
  for (let i = a; i <= b; i++) {
    xa[i] = xr[i]!;
    ya[i] = yr[i]!;
  }
  for (const arc of arcs) {
    if (arc === skip || !arc.measured) continue;
    const al = arc.alpha, lt = Math.log(arc.tau), r = arc.r;
    const c = Math.cos(al * HALF_PI), sn = Math.sin(al * HALF_PI);
    // s = (ωτ)^α; on an equally log-spaced grid it grows by the same factor per point
    const ratio = ws.logStep === ws.logStep ? Math.exp(al * ws.logStep) : Number.NaN;
    let s = Math.exp(al * (lw[a]! + lt));
    for (let i = a; i <= b; i++) {
      if (i > a) s = ratio === ratio ? s * ratio : Math.exp(al * (lw[i]! + lt));
      const d = 1 + 2 * s * c + s * s;
      xa[i] = xa[i]! - (r * (1 + s * c)) / d;
      ya[i] = ya[i]! - (r * s * sn) / d;
    }
  }
}

/**
 * The tail as a CPE from the lowest points (with the arcs' models, ws.tailArcs, subtracted):
 * α = −slope of ln|Z''| against ln ω (least squares), Q = sin(απ/2)/(|Z''| ω^α) (geometric mean).
 */
function estimateTail(ws: Work, withArcs: boolean): Tail {
  const { n, y, lw, tailArcs } = ws;
  const m = Math.min(TAIL_POINTS, n);
  let s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0;
  for (let i = 0; i < m; i++) {
    const yt = y[i]! - (withArcs ? tailArcs[i]! : 0);
    if (!(yt > 0)) continue;
    const ly = Math.log(yt), l = lw[i]!;
    s0++; s1 += l; s2 += l * l; t0 += ly; t1 += l * ly;
  }
  const det = s0 * s2 - s1 * s1;
  let alpha = s0 >= 2 && det > 1e-12 * s0 * s0 ? -(s0 * t1 - s1 * t0) / det : Number.NaN;
  if (!(alpha > 0.2)) {
    // no rising tail in the data: a small CPE (|Z| = 1 % of the lowest-frequency |Z|)
    const z0 = n ? Math.sqrt(ws.x[0]! * ws.x[0]! + y[0]! * y[0]!) || ws.zMid : ws.zMid;
    return { q: 1 / (0.01 * z0 * Math.pow(ws.wMin, DEFAULT_EXPONENT)), alpha: DEFAULT_EXPONENT, seen: false };
  }
  alpha = Math.min(alpha, 1);
  // ln Q = ln sin(απ/2) − mean(ln|Z''| + α ln ω)
  const lnQ = Math.log(Math.sin(alpha * HALF_PI)) - (t0 + alpha * s1) / s0;
  return { q: Math.exp(lnQ), alpha, seen: true };
}

/** xr, yr ← data minus the tail (CPE, |Z| = 1/(Q ω^α) at angle −απ/2) and the inductance. */
function subtractTail(ws: Work, tail: Tail | null, inductance: number): void {
  const { n, x, y, w, lw, xr, yr } = ws;
  if (!tail) {
    for (let i = 0; i < n; i++) {
      xr[i] = x[i]!;
      yr[i] = y[i]! + w[i]! * inductance;
    }
    return;
  }
  const c = Math.cos(tail.alpha * HALF_PI), s = Math.sin(tail.alpha * HALF_PI);
  const lq = Math.log(tail.q), al = tail.alpha;
  // on an equally log-spaced grid |Z_CPE| changes by the same factor from point to point
  const ratio = ws.logStep === ws.logStep ? Math.exp(-al * ws.logStep) : Number.NaN;
  let mag = Math.exp(-lq - al * lw[0]!);
  for (let i = 0; i < n; i++) {
    if (i > 0) mag = ratio === ratio ? mag * ratio : Math.exp(-lq - al * lw[i]!);
    xr[i] = x[i]! - mag * c;
    yr[i] = y[i]! + w[i]! * inductance - mag * s;
  }
}

/**
 * Peaks of the smoothed −Im Z (ys) in [lo, hi]: interior local maxima and maxima at the ends of
 * the band (arcs whose apex lies outside it; the low end only with `lowEnd`), ranked by
 * topographic prominence — the height above the higher of the lowest points on either side
 * before a higher point, a side with no higher point not counting — over |Z|. Up to `k`
 * indices, ascending; the most prominent must exceed `minFirst`, the others `minProminence`.
 */
function findPeaks(ws: Work, lo: number, hi: number, k: number, lowEnd: boolean, minProminence: number, minFirst = 0): number[] {
  const { ys, peakI, peakP, iz } = ws;
  let nc = 0;
  for (let i = lowEnd ? lo : lo + 1; i <= hi; i++) {
    const v = ys[i]!;
    if (!(v > 0)) continue;
    const left = i > lo ? ys[i - 1]! : -Infinity, right = i < hi ? ys[i + 1]! : -Infinity;
    if (!((v >= left && v > right) || (v > left && v >= right))) continue;
    // noise wiggles: a peak must also top the points two steps away
    if ((i - 2 >= lo && ys[i - 2]! > v) || (i + 2 <= hi && ys[i + 2]! > v)) continue;
    let minL = v, minR = v, j = i - 1;
    for (; j >= lo && ys[j]! <= v; j--) if (ys[j]! < minL) minL = ys[j]!;
    const higherL = j >= lo;
    for (j = i + 1; j <= hi && ys[j]! <= v; j++) if (ys[j]! < minR) minR = ys[j]!;
    const higherR = j <= hi;
    const base = higherL && higherR ? Math.max(minL, minR) : higherL ? minL : higherR ? minR : Math.min(minL, minR);
    peakI[nc] = i;
    // relative to |Z| there: noise (and model error) scales with |Z|, so a wiggle on a large
    // impedance must not outrank a small arc
    peakP[nc] = (v - Math.max(base, 0)) * (iz[i]! || 1);
    nc++;
  }
  const out: number[] = [];
  for (let r = 0; r < k && r < nc; r++) {
    let best = -1;
    for (let c = 0; c < nc; c++) if (peakP[c]! >= 0 && (best < 0 || peakP[c]! > peakP[best]!)) best = c;
    if (best < 0 || !(peakP[best]! > (r > 0 ? minProminence : minFirst))) break;
    out.push(peakI[best]!);
    peakP[best] = -1;
  }
  return out.sort((a, b) => a - b);
}

/**
 * Kåsa circle fit: least squares of x² + y² + Dx + Ey + F over points [a, b] of (xs, ys)
 * (centred, so it reduces to a 2×2 solve). Writes centre and radius into `out`; false when
 * degenerate (collinear points).
 */
function circleFit(xs: Float64Array, ys: Float64Array, a: number, b: number, out: { cx: number; cy: number; r: number }): boolean {
  const m = b - a + 1;
  if (m < 3) return false;
  let mx = 0, my = 0;
  for (let i = a; i <= b; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= m;
  my /= m;
  let suu = 0, suv = 0, svv = 0, suz = 0, svz = 0, sz = 0;
  for (let i = a; i <= b; i++) {
    const u = xs[i]! - mx, v = ys[i]! - my, z = u * u + v * v;
    suu += u * u; suv += u * v; svv += v * v; suz += u * z; svz += v * z; sz += z;
  }
  const det = suu * svv - suv * suv;
  if (!(det > 1e-14 * (suu + svv) * (suu + svv))) return false;
  const D = -(suz * svv - svz * suv) / det, E = -(svz * suu - suz * suv) / det, F = -sz / m;
  const r2 = (D * D + E * E) / 4 - F;
  if (!(r2 > 0 && r2 < Infinity)) return false;
  out.cx = mx - D / 2;
  out.cy = my - E / 2;
  out.r = Math.sqrt(r2);
  return true;
}

const circle = { cx: 0, cy: 0, r: 0 };

/**
 * α and τ of an arc from its points, given its intercepts: u = ΔR/(Z − x_hf) − 1 = (jωτ)^α for
 * a ZARC, so α = arg(u)/(π/2) and ln τ = ln|u|/α − ln ω, averaged with weights |u|/(1+|u|²)
 * (one pass: arg of the weighted sum of u/|u|, and mean ln τ = mean(ln|u|)/α − mean(ln ω)).
 */
function arcShape(xs: Float64Array, ys: Float64Array, lw: Float64Array, arc: Arc): boolean {
  const xhf = arc.xhf, r = arc.r;
  let sw = 0, sc = 0, ss = 0, su = 0, sl = 0;
  for (let i = arc.a; i <= arc.b; i++) {
    const dx = xs[i]! - xhf, dy = ys[i]!, d2 = dx * dx + dy * dy;
    if (!(d2 > 0) || !(dy > 0)) continue;
    const ur = (r * dx) / d2 - 1, ui = (r * dy) / d2;
    const m2 = ur * ur + ui * ui;
    // points far from the apex carry little weight: skip their logarithm
    if (!(m2 > 1e-8 && m2 < 1e8)) continue;
    const mag = Math.sqrt(m2), wt = mag / (1 + m2);
    sw += wt;
    sc += (wt * ur) / mag; // weighted sum of unit vectors u/|u|: its angle is the mean arg(u)
    ss += (wt * ui) / mag;
    su += wt * Math.log(m2);
    sl += wt * lw[i]!;
  }
  if (!(sw > 0)) return false;
  const alpha = Math.min(Math.max(Math.atan2(ss, sc) / HALF_PI, 0.05), 1);
  const tau = Math.exp((0.5 * su) / sw / alpha - sl / sw);
  if (!(tau > 0 && tau < Infinity)) return false;
  arc.alpha = alpha;
  arc.tau = tau;
  return true;
}

/**
 * Measures an arc on its points [a, b] of (xs, ys): intercepts x_hf, x_hf + ΔR from the circle,
 * else from the apex geometry h/(ΔR/2) = tan(απ/4) with the default α; then α, τ from the points.
 */
function measureArc(ws: Work, arc: Arc, xs: Float64Array, ys: Float64Array): void {
  const p = arc.p;
  arc.r = arc.xhf = Number.NaN;
  arc.alpha = DEFAULT_EXPONENT;
  arc.tau = 1 / ws.w[p]!;
  if (circleFit(xs, ys, arc.a, arc.b, circle) && circle.r > Math.abs(circle.cy)) {
    const half = Math.sqrt(circle.r * circle.r - circle.cy * circle.cy);
    arc.xhf = circle.cx - half;
    arc.r = 2 * half;
  }
  const h = ys[p]!;
  if (!(arc.r > 0 && arc.r < 50 * h) || !(arc.xhf - arc.xhf === 0)) {
    arc.r = (2 * h) / Math.tan(DEFAULT_EXPONENT * (Math.PI / 4));
    arc.xhf = xs[p]! - arc.r / 2;
  }
  arcShape(xs, ys, ws.lw, arc);
}

/**
 * Relative noise of −Im Z (sd over |Z|), from fourth differences, which cancel the smooth
 * spectrum up to its fourth derivative: for white noise of sd σ the difference
 * y[i−2] − 4y[i−1] + 6y[i] − 4y[i+1] + y[i+2] has sd √70·σ, and E|N(0, s)| = s·√(2/π).
 * The mean is taken twice, the second time without values above 3× the first (outliers).
 */
function noiseLevel(ws: Work, lo: number, hi: number): number {
  const { iz, yr } = ws;
  let s = 0, m = 0;
  for (let pass = 0; pass < 2; pass++) {
    const cut = 3 * (m > 0 ? s / m : Infinity);
    let s2 = 0, m2 = 0;
    for (let i = lo + 2; i <= hi - 2; i++) {
      const d = Math.abs(yr[i - 2]! - 4 * yr[i - 1]! + 6 * yr[i]! - 4 * yr[i + 1]! + yr[i + 2]!) * (iz[i]! || 1);
      if (d <= cut) {
        s2 += d;
        m2++;
      }
    }
    s = s2;
    m = m2;
  }
  return m > 0 ? s / m / (Math.sqrt(70) * Math.sqrt(2 / Math.PI)) : 0;
}

/** 1-2-1 smoothing of v[lo..hi] into out (for the peak search). */
function smooth(v: Float64Array, out: Float64Array, lo: number, hi: number): void {
  out[lo] = 0.75 * v[lo]! + 0.25 * v[lo + 1]!;
  for (let i = lo + 1; i < hi; i++) out[i] = 0.25 * v[i - 1]! + 0.5 * v[i]! + 0.25 * v[i + 1]!;
  out[hi] = 0.75 * v[hi]! + 0.25 * v[hi - 1]!;
}

/** New arcs at `peaks` (ascending), each spanning the valleys towards its neighbours in ys. */
function arcsAtPeaks(ys: Float64Array, peaks: readonly number[], lo: number, hi: number): Arc[] {
  return peaks.map((p, k) => newArc(p, valley(ys, p, k > 0 ? peaks[k - 1]! : lo, -1), valley(ys, p, k < peaks.length - 1 ? peaks[k + 1]! : hi, 1)));
}

/**
 * First measurement of arcs among several, on their upper halves (points ≥ half the peak of
 * the smoothed ws.ys), where the neighbours' flanks matter least. With `keep` the upper half
 * stays the arc's points (arcs found in what other arcs leave: elsewhere that is noise).
 */
function measureCores(ws: Work, arcs: readonly Arc[], xs: Float64Array, ys: Float64Array, keep: boolean): void {
  const sm = ws.ys;
  for (const arc of arcs) {
    const half = 0.5 * sm[arc.p]!;
    let a = arc.p, b = arc.p;
    while (a > arc.a0 && sm[a - 1]! >= half) a--;
    while (b < arc.b && sm[b + 1]! >= half) b++;
    const full = arc.b;
    arc.a = Math.max(Math.min(a, arc.p - 1), arc.a0);
    arc.b = Math.min(Math.max(b, arc.p + 1), full);
    measureArc(ws, arc, xs, ys);
    if (keep) arc.a0 = arc.a;
    else arc.b = full;
  }
}

/**
 * The arcs of the (tail-free) data: the `count` most prominent peaks of −Im Z, each with its
 * points between the valleys on either side (the lowest points before a higher peak). Arcs
 * hidden as shoulders of others are looked for as peaks of what the found arcs leave. With
 * several arcs each is first measured on its upper half, then again on all its points with
 * the others' models subtracted. Arcs still missing are placed above the band. Sorted by
 * increasing τ.
 */
function findArcs(ws: Work, count: number, tail: Tail | null): Arc[] {
  const { n, xr, yr, ys } = ws;
  // arcs live where −Im Z > 0; inductive points at the top of the band are left out
  let hi = n - 1;
  while (hi >= 0 && !(yr[hi]! > 0)) hi--;
  let lo = 0;
  while (lo < hi && !(yr[lo]! > 0)) lo++;
  const arcs: Arc[] = [];
  if (hi - lo >= 2) {
    smooth(yr, ys, lo, hi);
    // below a tail that was subtracted, an arc cannot be told from the tail's residue
    const lowEnd = !tail;
    // beyond the most prominent peak, peaks must stand out of the noise (≈ 3σ for the
    // largest of ~60 noise wiggles after smoothing)
    const minProminence = count > 1 ? Math.max(4 * noiseLevel(ws, lo, hi), 1e-3) : 0;
    arcs.push(...arcsAtPeaks(ys, findPeaks(ws, lo, hi, count, lowEnd, minProminence), lo, hi));
    if (arcs.length > 1) measureCores(ws, arcs, xr, yr, false);
    if (arcs.length > 0 && arcs.length < count) {
      if (arcs.length === 1) refineArcs(ws, arcs, tail);
      subtractOtherArcs(ws, arcs, null, lo, hi);
      smooth(ws.ya, ys, lo, hi);
      const extra = arcsAtPeaks(ys, findPeaks(ws, lo, hi, count - arcs.length, lowEnd, minProminence, minProminence), lo, hi);
      measureCores(ws, extra, ws.xa, ws.ya, true);
      arcs.push(...extra);
    }
    // the lowest-frequency arc borders the tail
    let low: Arc | undefined;
    for (const arc of arcs) if (!low || arc.p < low.p) low = arc;
    if (low) low.tailSide = true;
    // a second sweep when the first one still moved the arcs (overlapping arcs)
    if (refineArcs(ws, arcs, tail) > 0.01 && arcs.length > 1) refineArcs(ws, arcs, tail);
  }
  fillMissingArcs(ws, arcs, count);
  return arcs.sort((u, v) => u.tau - v.tau);
}

/** Lowest smoothed point between peak p and `limit` (direction dir), up to a higher point. */
function valley(ys: Float64Array, p: number, limit: number, dir: 1 | -1): number {
  const top = ys[p]!;
  let best = p;
  for (let i = p + dir; dir > 0 ? i <= limit : i >= limit; i += dir) {
    const v = ys[i]!;
    if (v > top) break;
    if (v < ys[best]!) best = i;
  }
  return best;
}

/**
 * Each arc measured on all its points (trimmed on the tail's side), with the other arcs'
 * models subtracted when there are several (one Gauss–Seidel sweep, largest arc first).
 * Returns the largest relative change of ΔR or x_hf (in units of ΔR) of the arcs after the first.
 */
function refineArcs(ws: Work, arcs: Arc[], tail: Tail | null): number {
  let measured = 0, change = 0, first = true;
  for (const arc of arcs) if (arc.measured) measured++;
  // largest first: its model is the most reliable one to subtract from the others
  if (measured > 1) arcs.sort((u, v) => v.r - u.r);
  for (const arc of arcs) {
    if (!arc.measured) continue;
    const r0 = arc.r, x0 = arc.xhf;
    trimTailSide(ws, arc, tail);
    if (measured > 1) {
      subtractOtherArcs(ws, arcs, arc, arc.a, arc.b);
      measureArc(ws, arc, ws.xa, ws.ya);
    } else measureArc(ws, arc, ws.xr, ws.yr);
    // the first (largest) arc's own change does not matter: the others were measured with
    // it subtracted; theirs does, as it was subtracted from it
    const d = first ? 0 : Math.max(Math.abs(arc.r - r0), Math.abs(arc.xhf - x0)) / arc.r;
    change = d > change || d !== d ? d : change;
    first = false;
  }
  arcs.sort((u, v) => u.tau - v.tau);
  return change;
}

/**
 * On the low-frequency side the subtracted tail leaves errors proportional to |Z_tail|: keep
 * points where the arc's −Im Z is still ≥ 5 % of the tail's |Z| and ≥ 1 % of the peak.
 */
function trimTailSide(ws: Work, arc: Arc, tail: Tail | null): void {
  arc.a = arc.a0;
  if (!arc.tailSide || !tail) return;
  const { yr, lw } = ws;
  const { p, a0 } = arc;
  const peak = yr[p]!;
  const lq = Math.log(tail.q);
  // |Z_CPE| = 1/(Q ω^α), growing by a constant factor per point on an equally log-spaced grid
  const ratio = ws.logStep === ws.logStep ? Math.exp(tail.alpha * ws.logStep) : Number.NaN;
  let zt = Math.exp(-lq - tail.alpha * lw[p]!);
  let i = p;
  while (i > a0) {
    zt = ratio === ratio ? zt * ratio : Math.exp(-lq - tail.alpha * lw[i - 1]!);
    const y = yr[i - 1]!;
    if (!(y >= 0.05 * zt) || !(y >= 0.01 * peak)) break;
    i--;
  }
  arc.a = Math.min(i, Math.max(p - 2, a0));
}

/**
 * Arcs the peak search did not find. Without any arc in the data they are spread log-evenly
 * over the band, sharing |Z|; otherwise they are taken to lie above the band (apex beyond the
 * highest frequency, e.g. a bulk arc), where they would look like part of the high-frequency
 * intercept: their ΔR is left NaN here and split off that intercept later.
 */
function fillMissingArcs(ws: Work, arcs: Arc[], count: number): void {
  const missing = count - arcs.length;
  if (missing <= 0) return;
  const none = arcs.length === 0;
  const lmin = -Math.log(ws.wMax), lmax = -Math.log(ws.wMin);
  for (let k = 0; k < missing; k++) {
    const arc = newArc(0, 0, 0);
    arc.measured = false;
    arc.r = none ? ws.zMid / count : Number.NaN;
    arc.tau = none ? Math.exp(lmin + ((lmax - lmin) * (k + 1)) / (missing + 1)) : Math.exp(lmin - (k + 1) * Math.LN2);
    arcs.push(arc);
  }
}

/**
 * Inductance from the inductive top of the band (Im Z > 0). With two such points the arcs'
 * capacitive flank there, ≈ −c/ω, is taken out: Im Z·ω = ω²L − c gives
 * L = (Im₁ω₁ − Im₂ω₂)/(ω₁² − ω₂²); with one, L = Im Z/ω.
 */
function estimateInductance(ws: Work): number {
  const { n, x, y, w } = ws;
  if (n === 0) return 0;
  const top = n - 1;
  if (y[top]! < 0) {
    const single = -y[top]! / w[top]!;
    if (n < 2 || !(y[top - 1]! < 0)) return single;
    const w1 = w[top]!, w2 = w[top - 1]!;
    const L = (-y[top]! * w1 + y[top - 1]! * w2) / (w1 * w1 - w2 * w2);
    return L > single && L < Infinity ? L : single;
  }
  // no inductive points: a small L, 1e-3 of |Z| at the top frequency
  return (1e-3 * Math.max(Math.sqrt(x[top]! * x[top]! + y[top]! * y[top]!), ws.zMid * 1e-6)) / w[top]!;
}

/**
 * High-frequency intercept: the first arc's left intercept; when that is not within
 * (0, Re Z at the top], Re Z at the top less the arcs' share there; without arcs, Re Z at the top.
 */
function highFrequencyIntercept(ws: Work, arcs: readonly Arc[]): number {
  const { n, xr, yr, lw } = ws;
  if (n === 0) return Number.NaN;
  let top = n - 1;
  while (top > 0 && !(yr[top]! > 0)) top--;
  const xTop = xr[top]!;
  const first = arcs[0];
  if (first && first.measured && first.xhf - first.xhf === 0) {
    if (first.xhf > 0 && first.xhf <= Math.max(xTop, 0) * 1.000001) return first.xhf;
    let rest = xTop;
    for (const arc of arcs) if (arc.measured) rest -= arcReAt(arc, lw[top]!);
    if (rest > 0 && rest < xTop) return rest;
    // the intercept is lost in the arcs: a small resistance
    if (xTop > 0) return 0.01 * xTop;
  }
  return xTop > 0 ? xTop : Number.NaN;
}

/** Whether the arcs' −Im Z at the tail points, relative to the data's, exceeds `share` (it biases the tail). */
function arcsMatterAtTail(ws: Work, arcs: readonly Arc[], share: number): boolean {
  arcsAtTail(ws, arcs);
  const m = Math.min(TAIL_POINTS, ws.n);
  for (let i = 0; i < m; i++) if (!(ws.tailArcs[i]! <= share * Math.abs(ws.y[i]!))) return true;
  return false;
}

function extractFeatures(ws: Work, plan: Plan): Features {
  const inductance = plan.hasL ? estimateInductance(ws) : 0;
  let tail: Tail | null = plan.hasTail ? estimateTail(ws, false) : null;
  let arcs: Arc[] = [];
  // a tail the data do not show is only a placeholder for its elements: nothing to subtract
  subtractTail(ws, tail?.seen ? tail : null, inductance);
  if (plan.arcCount > 0) arcs = findArcs(ws, plan.arcCount, tail?.seen ? tail : null);
  // more rounds: the tail without the arcs' low-frequency share, then the arcs again. Each
  // round shrinks the error of a noise-free guess ~100× (the fit then needs 1–2 steps); they
  // stop once the tail changes far less than the noise of the data, where it no longer matters
  // (even a share of 1e-9 of the arcs in the tail points matters: the tail's α is
  // extrapolated over decades)
  if (plan.hasTail && plan.arcCount > 0) {
    const enough = Math.max(0.1 * noiseLevel(ws, 0, ws.n - 1), 1e-12);
    for (let round = 0; round < TAIL_ROUNDS && tail && arcsMatterAtTail(ws, arcs, 1e-12); round++) {
      const before = tail;
      tail = estimateTail(ws, true);
      subtractTail(ws, tail.seen ? tail : null, inductance);
      refineArcs(ws, arcs, tail.seen ? tail : null);
      if (Math.abs(tail.alpha - before.alpha) + Math.abs(Math.log(tail.q / before.q)) < enough) break;
    }
  }
  let rInf = highFrequencyIntercept(ws, arcs);
  // arcs taken to lie above the band share the high-frequency intercept with the resistors
  let above = 0;
  for (const arc of arcs) if (arc.r !== arc.r) above++;
  if (above > 0) {
    rInf /= above + 1;
    for (const arc of arcs) if (arc.r !== arc.r) arc.r = rInf;
  }
  return { rInf, arcs, tail, inductance };
}

// ---------------------------------------------------------------------------------------------
// Parameters from features
// ---------------------------------------------------------------------------------------------

/** Writes start values into `p`; `NaN` slots are filled with data-scaled defaults later. */
class Assigner {
  constructor(
    private readonly p: Float64Array,
    private readonly plan: Plan,
    private readonly ws: Work,
    private readonly feat: Features,
  ) {}

  private set(el: ElementNode, k: number, v: number): void {
    const inst = this.plan.byName.get(el.name);
    if (inst && k < inst.paramCount) this.p[inst.paramOffset + k] = v;
  }

  run(): void {
    let arcIndex = 0;
    const { rCount } = this.plan;
    for (const t of this.plan.terms) {
      switch (t.kind) {
        case 'R':
          this.resistors(t.node, this.feat.rInf / Math.max(rCount, 1));
          break;
        case 'arc':
          this.arc(t.node, this.feat.arcs[arcIndex++]!);
          break;
        case 'tail':
          for (const el of elementsOf(t.node)) this.tailElement(el);
          break;
        case 'L':
          this.inductor(t.node as ElementNode);
          break;
        default:
          break;
      }
    }
  }

  /** Lone resistors (or a parallel of resistors) sharing resistance `r`. */
  private resistors(node: CircuitNode, r: number): void {
    if (node.kind === 'element') this.set(node, 0, r);
    else if (node.kind === 'parallel') for (const c of node.children) this.resistors(c, r * node.children.length);
    else for (const c of node.children) this.resistors(c, r / node.children.length);
  }

  /** An arc term: R‖C, R‖CPE, Randles p(R-W, C), or an arc-like element. */
  private arc(node: CircuitNode, arc: Arc): void {
    if (node.kind === 'element') {
      this.arcElement(node, arc, arc.r);
      return;
    }
    if (node.kind === 'series') {
      // a series inside an arc: resistive parts share ΔR, blocking parts are the tail
      const nRes = node.children.filter((c) => c.kind !== 'element' || isResistive(c.symbol)).length;
      for (const c of node.children) {
        if (c.kind === 'element' && !isResistive(c.symbol)) {
          if (BLOCKING.has(c.symbol)) this.tailElement(c);
          else if (INDUCTIVE.has(c.symbol)) this.inductor(c);
        } else this.arc(c, { ...arc, r: arc.r / Math.max(nRes, 1) });
      }
      return;
    }
    // parallel: resistive branches split 1/R, capacitive elements split the capacitance
    const branches = node.children;
    const nRes = branches.filter((c) => !(c.kind === 'element' && (BLOCKING.has(c.symbol) || INDUCTIVE.has(c.symbol)))).length;
    const nCap = branches.length - nRes;
    for (const c of branches) {
      if (c.kind === 'element' && BLOCKING.has(c.symbol)) this.capacitor(c, arc, nCap);
      else if (c.kind === 'element' && INDUCTIVE.has(c.symbol)) this.inductor(c);
      else this.arc(c, { ...arc, r: arc.r * Math.max(nRes, 1) });
    }
  }

  /** The capacitive element of an arc: C = τ/R, CPE: Q = τ^α/R (= 1/(R ω_p^α)). */
  private capacitor(el: ElementNode, arc: Arc, share: number): void {
    const r = arc.r * Math.max(share, 1);
    switch (el.symbol) {
      case 'C': this.set(el, 0, arc.tau / r); break;
      case 'CPE': {
        const alpha = Math.min(arc.alpha, 0.99);
        this.set(el, 0, Math.pow(arc.tau, alpha) / r);
        this.set(el, 1, alpha);
        break;
      }
      case 'W': this.set(el, 0, r / Math.sqrt(arc.tau)); break; // |Z| = R at ω = 1/τ
      case 'Wo': this.set(el, 0, r); this.set(el, 1, arc.tau); break;
      case 'TLMQ': this.set(el, 0, r); this.set(el, 1, Math.pow(arc.tau, DEFAULT_EXPONENT) / r); this.set(el, 2, DEFAULT_EXPONENT); break;
      default: break;
    }
  }

  /** Arc-like elements and resistors inside an arc. */
  private arcElement(el: ElementNode, arc: Arc, r: number): void {
    const alpha = Math.min(arc.alpha, 0.99);
    switch (el.symbol) {
      case 'R': this.set(el, 0, r); break;
      case 'K': this.set(el, 0, r); this.set(el, 1, arc.tau); break;
      case 'Zarc': this.set(el, 0, r); this.set(el, 1, arc.tau); this.set(el, 2, alpha); break;
      case 'H': this.set(el, 0, r); this.set(el, 1, arc.tau); this.set(el, 2, alpha); this.set(el, 3, 0.95); break;
      case 'G': this.set(el, 0, r); this.set(el, 1, arc.tau); break;
      case 'Gs': this.set(el, 0, r); this.set(el, 1, arc.tau); this.set(el, 2, 2); break;
      // finite-length Warburg: −Im Z peaks near ωτ ≈ 2.5
      case 'Ws': this.set(el, 0, r); this.set(el, 1, 2.5 * arc.tau); break;
      case 'T': this.set(el, 0, r); this.set(el, 1, r); this.set(el, 2, 1); this.set(el, 3, arc.tau); break;
      default: break;
    }
  }

  /** A tail element from the tail's CPE (Q, α), matched at the lowest frequency ω₀. */
  private tailElement(el: ElementNode): void {
    const tail = this.feat.tail;
    if (!tail) return;
    const w0 = this.ws.wMin;
    const zim = Math.sin(tail.alpha * HALF_PI) / (tail.q * Math.pow(w0, tail.alpha)); // |Z''| at ω₀
    const zmag = 1 / (tail.q * Math.pow(w0, tail.alpha));
    switch (el.symbol) {
      case 'CPE': this.set(el, 0, tail.q); this.set(el, 1, Math.min(tail.alpha, 0.99)); break;
      case 'C': this.set(el, 0, 1 / (w0 * zim)); break; // Z'' = −1/(ωC)
      case 'W': this.set(el, 0, zim * Math.sqrt(w0)); break; // Z'' = −A/√ω
      case 'Wo': {
        // capacitive regime R/(jωτ) (C = τ/R) or Warburg regime R/√(jωτ), τ at the band's end
        const tau = 1 / w0;
        const r = tail.alpha > 0.75 ? zim : zmag;
        this.set(el, 0, r); this.set(el, 1, tau); break;
      }
      case 'TLMQ': this.set(el, 0, 0.1 * this.ws.zMid); this.set(el, 1, tail.q); this.set(el, 2, Math.min(tail.alpha, 0.99)); break;
      default: break;
    }
  }

  private inductor(el: ElementNode): void {
    const L = this.feat.inductance;
    if (el.kind !== 'element' || !(L > 0)) return;
    if (el.symbol === 'L') this.set(el, 0, L);
    else if (el.symbol === 'La') {
      // (jωL')^α with |Z| = ωL at the top frequency: L' = (ωL)^{1/α}/ω
      const w = this.ws.wMax, alpha = 0.9;
      this.set(el, 0, Math.pow(w * L, 1 / alpha) / w);
      this.set(el, 1, alpha);
    }
  }
}

/** A default scaled to the data for parameter k of an element (R ~ |Z|, τ ~ 1/ω_mid, …). */
function scaledDefault(symbol: string, k: number, ws: Work): number {
  const z = ws.zMid, w = ws.wMid, tau = 1 / w, a = DEFAULT_EXPONENT;
  switch (symbol) {
    case 'R': return z;
    case 'C': return 1 / (w * z);
    case 'L': return (1e-3 * z) / ws.wMax;
    case 'W': return z * Math.sqrt(w);
    case 'CPE': return k === 0 ? 1 / (z * Math.pow(w, a)) : a;
    case 'Wo': case 'Ws': case 'G': case 'K': return k === 0 ? z : tau;
    case 'La': return k === 0 ? Math.pow(1e-3 * z, 1 / 0.9) / ws.wMax : 0.9;
    case 'Gs': return k === 0 ? z : k === 1 ? tau : 2;
    case 'Zarc': return k === 0 ? z : k === 1 ? tau : a;
    case 'TLMQ': return k === 0 ? z : k === 1 ? 1 / (z * Math.pow(w, a)) : a;
    case 'T': return k <= 1 ? z : k === 2 ? 1 : tau;
    case 'H': return k === 0 ? z : k === 1 ? tau : k === 2 ? a : 0.95;
    default: return Number.NaN;
  }
}

const inside = (v: number, lo: number, hi: number) => v - v === 0 && v > lo && v < hi;

/** Every value finite and strictly inside [lower, upper]: else the scaled default, else the table default. */
function finishParams(circuit: Circuit, p: Float64Array, ws: Work): void {
  const { lower, upper, defaults } = circuit.program;
  for (const el of circuit.elements) {
    for (let k = 0; k < el.paramCount; k++) {
      const i = el.paramOffset + k;
      const lo = lower[i]!, hi = upper[i]!;
      let v = p[i]!;
      if (!inside(v, lo, hi)) v = scaledDefault(el.symbol, k, ws);
      if (!inside(v, lo, hi)) v = defaults[i]!;
      if (!inside(v, lo, hi)) v = Number.isFinite(hi) ? (Number.isFinite(lo) ? (lo + hi) / 2 : hi - 1) : Number.isFinite(lo) ? lo + 1 : 0;
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        // bounded (exponents): keep a margin from both ends
        const m = 1e-3 * (hi - lo);
        v = Math.min(Math.max(v, lo + m), hi - m);
      }
      p[i] = v;
    }
  }
}

/**
 * Start values for every parameter of `circuit`, estimated from the spectrum (freq Hz,
 * Z = re + j·im, physical sign: capacitive im < 0). Never throws for valid input; always
 * returns finite values inside the element table bounds (strictly inside for bounded ones).
 * Cheap (a few passes over the points), so it can precede every fit of a batch.
 * @throws EisError when `spectrum` is not { freq, re, im } of equal-length numeric arrays.
 * @example
 * const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
 * const r = fit(c, data, { initial: initialGuess(c, data) });
 */
export function initialGuess(circuit: Circuit, spectrum: GuessSpectrum): Float64Array {
  const plan = planFor(circuit);
  const ws = WORK;
  prepare(ws, spectrum);
  const p = new Float64Array(circuit.paramNames.length).fill(Number.NaN);
  if (ws.n > 0) new Assigner(p, plan, ws, extractFeatures(ws, plan)).run();
  finishParams(circuit, p, ws);
  return p;
}
