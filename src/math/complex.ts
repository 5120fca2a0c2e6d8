/**
 * A small immutable complex type for the readable TypeScript reference (the oracle): the
 * element files (src/elements/) and the reference evaluator (src/reference/) use it. Clarity over speed: every operation returns a new value. The WASM kernels do the same
 * maths with scalar registers; the two are written independently on purpose.
 */
import { atan2, cos, exp, expm1, hypot, log, log1p, sin } from './index.ts';
export class Cx {
  constructor(readonly re: number, readonly im: number) {}

  static readonly ZERO = new Cx(0, 0);
  static readonly ONE = new Cx(1, 0);
  static readonly J = new Cx(0, 1);

  /** e^{jθ} */
  static cis(theta: number): Cx {
    return new Cx(cos(theta), sin(theta));
  }

  /** m·e^{jθ} */
  static polar(m: number, theta: number): Cx {
    return new Cx(m * cos(theta), m * sin(theta));
  }

  add(b: Cx | number): Cx {
    return typeof b === 'number' ? new Cx(this.re + b, this.im) : new Cx(this.re + b.re, this.im + b.im);
  }

  sub(b: Cx | number): Cx {
    return typeof b === 'number' ? new Cx(this.re - b, this.im) : new Cx(this.re - b.re, this.im - b.im);
  }

  mul(b: Cx | number): Cx {
    if (typeof b === 'number') return new Cx(this.re * b, this.im * b);
    return new Cx(this.re * b.re - this.im * b.im, this.re * b.im + this.im * b.re);
  }

  /** Division by Smith's algorithm (avoids overflow in |b|²). */
  div(b: Cx | number): Cx {
    if (typeof b === 'number') return new Cx(this.re / b, this.im / b);
    if (Math.abs(b.re) >= Math.abs(b.im)) {
      const r = b.im / b.re;
      const d = b.re + b.im * r;
      return new Cx((this.re + this.im * r) / d, (this.im - this.re * r) / d);
    }
    const r = b.re / b.im;
    const d = b.re * r + b.im;
    return new Cx((this.re * r + this.im) / d, (this.im * r - this.re) / d);
  }

  inv(): Cx {
    return Cx.ONE.div(this);
  }

  neg(): Cx {
    return new Cx(-this.re, -this.im);
  }

  sq(): Cx {
    return this.mul(this);
  }

  abs(): number {
    return hypot(this.re, this.im);
  }

  exp(): Cx {
    return Cx.polar(exp(this.re), this.im);
  }

  /** e^z − 1 without cancellation for small |z| (expm1 on the real part, 2 sin²(b/2) on the angle). */
  expm1(): Cx {
    const s = sin(this.im / 2);
    return new Cx(expm1(this.re) * cos(this.im) - 2 * s * s, exp(this.re) * sin(this.im));
  }

  /** Principal square root (cut along the negative real axis), without cancellation. */
  sqrt(): Cx {
    const { re, im } = this;
    if (re === 0 && im === 0) return Cx.ZERO;
    const m = this.abs();
    if (re >= 0) {
      const t = Math.sqrt((m + re) / 2);
      return new Cx(t, im / (2 * t));
    }
    const t = Math.sqrt((m - re) / 2);
    return new Cx(Math.abs(im) / (2 * t), im < 0 ? -t : t);
  }

  /** Principal log(1 + z), accurate for small |z|. */
  log1p(): Cx {
    const { re, im } = this;
    const mag = hypot(re, im) < 0.5 ? 0.5 * log1p(2 * re + re * re + im * im) : log(hypot(1 + re, im));
    return new Cx(mag, atan2(im, 1 + re));
  }
}

/**
 * Hyperbolic functions of z with Re z ≥ 0, written through q = e^{−2z} and e = expm1(−2z)
 * = q − 1 (each computed directly, so that neither 1 − q for small |z| nor q for large |z|
 * loses digits) so they neither overflow nor cancel:
 * tanh z = −e/(2+e), coth z = (2+e)/(−e), sech²z = 4q/(2+e)², csch²z = 4q/e²,
 * csch z = 2e^{−z}/(−e).
 */
export function hyperbolic(z: Cx): { tanh: Cx; coth: Cx; sech2: Cx; csch2: Cx; csch: Cx } {
  const e = z.mul(-2).expm1();
  const twoPlusE = e.add(2);
  const q4 = z.mul(-2).exp().mul(4);
  return {
    tanh: e.neg().div(twoPlusE),
    coth: twoPlusE.div(e.neg()),
    sech2: q4.div(twoPlusE.sq()),
    csch2: q4.div(e.sq()),
    csch: z.neg().exp().mul(2).div(e.neg()),
  };
}

/**
 * sinh z − z for |z| < 1 by its Taylor series z³/3! + z⁵/5! + … (10 terms: the next is
 * below 1e-19 relative). Used where the closed forms cancel catastrophically.
 */
export function sinhMinusZSmall(z: Cx): Cx {
  const z2 = z.sq();
  let term = z.mul(z2).div(6);
  let sum = term;
  for (let k = 2; k <= 10; k++) {
    term = term.mul(z2).div((2 * k) * (2 * k + 1));
    sum = sum.add(term);
  }
  return sum;
}
