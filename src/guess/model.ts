/**
 * The features the estimator measures — arcs as ZARCs, the low-frequency tail as a CPE — and
 * the ZARC model evaluated on the work grid, to take measured arcs out of the data.
 */
import { DEFAULT_EXPONENT, HALF_PI } from '../elements/shared.ts';
import { cos, exp, log, sin } from '../math/index.ts';
import { TAIL_POINTS, type Work } from './work.ts';

/** An arc as a ZARC, R/(1 + (jωτ)^α), starting at x_hf on the real axis. */
export interface Arc {
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
export interface Tail {
  q: number;
  alpha: number;
  /** Whether the data show a rising tail (else q is a small placeholder). */
  seen: boolean;
  /**
   * What the passes that take a seen tail out of the data (subtractTail, trimTailSide) need,
   * computed once per tail: ln Q (the log of q itself, not the exponent q came from: the same
   * bits as log(q)) and sin(απ/2). NaN for an unseen tail.
   */
  lq: number;
  sin: number;
}

export interface Features {
  rInf: number;
  arcs: Arc[];
  tail: Tail | null;
  inductance: number;
}

export function newArc(p: number, a: number, b: number): Arc {
  return { r: Number.NaN, tau: Number.NaN, alpha: DEFAULT_EXPONENT, xhf: Number.NaN, measured: true, a, a0: a, b, p, tailSide: false };
}

/**
 * −Im Z of the measured arcs (ZARCs) at the tail points into ws.tailArcs: with s = (ωτ)^α,
 * −Im R/(1 + s e^{jαπ/2}) = R s sin(απ/2)/(1 + 2s cos(απ/2) + s²).
 */
export function arcsAtTail(ws: Work, arcs: readonly Arc[]): void {
  const m = Math.min(TAIL_POINTS, ws.n), out = ws.tailArcs, lw = ws.lw;
  out.fill(0);
  for (const a of arcs) {
    if (!a.measured) continue;
    const lt = log(a.tau), c = cos(a.alpha * HALF_PI), sn = sin(a.alpha * HALF_PI);
    if (ws.kernels !== null) ws.kernels.arcAtTail(lw, out, m, a.r, a.alpha, lt, c, sn);
    else for (let i = 0; i < m; i++) {
      const s = exp(a.alpha * (lw[i]! + lt));
      out[i] = out[i]! + (a.r * s * sn) / (1 + 2 * s * c + s * s);
    }
  }
}

/** Re Z of one ZARC at ln ω = lw: R(1 + s cos(απ/2))/(1 + 2s cos(απ/2) + s²). */
export function arcReAt(a: Arc, lw: number): number {
  const s = exp(a.alpha * (lw + log(a.tau))), c = cos(a.alpha * HALF_PI);
  return (a.r * (1 + s * c)) / (1 + 2 * s * c + s * s);
}

/**
 * xa, ya ← xr, yr minus every measured arc but `skip` (ZARC models) over [a, b], so that an arc
 * can be measured without its neighbours' flanks (or, with skip = null, what the arcs leave).
 */
export function subtractOtherArcs(ws: Work, arcs: readonly Arc[], skip: Arc | null, a: number, b: number): void {
  const { xr, yr, xa, ya, lw } = ws;
  for (let i = a; i <= b; i++) {
    xa[i] = xr[i]!;
    ya[i] = yr[i]!;
  }
  for (const arc of arcs) {
    if (arc === skip || !arc.measured) continue;
    const al = arc.alpha, lt = log(arc.tau), r = arc.r;
    const c = cos(al * HALF_PI), sn = sin(al * HALF_PI);
    // s = (ωτ)^α; on an equally log-spaced grid it grows by the same factor per point
    if (ws.kernels !== null) {
      ws.kernels.subArc(xa, ya, lw, a, b, r, al, lt, c, sn, ws.logStep);
      continue;
    }
    const ratio = ws.logStep === ws.logStep ? exp(al * ws.logStep) : Number.NaN;
    // two loops, not one with the choice inside (a phi of a product and a call result kept s boxed)
    if (ratio === ratio) {
      let s = exp(al * (lw[a]! + lt));
      for (let i = a; i <= b; i++) {
        const d = 1 + 2 * s * c + s * s;
        xa[i] = xa[i]! - (r * (1 + s * c)) / d;
        ya[i] = ya[i]! - (r * s * sn) / d;
        s *= ratio;
      }
    } else {
      for (let i = a; i <= b; i++) {
        const s = exp(al * (lw[i]! + lt));
        const d = 1 + 2 * s * c + s * s;
        xa[i] = xa[i]! - (r * (1 + s * c)) / d;
        ya[i] = ya[i]! - (r * s * sn) / d;
      }
    }
  }
}
