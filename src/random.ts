/**
 * Seeded pseudo-random numbers, identical in every runtime: SplitMix32 for seeding and
 * uniforms (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014, with 32-bit constants), Box–Muller for normals (with src/math's log, sin and cos:
 * V8's differ in the last bit between Node and Chromium).
 */
import { cos, log, sin } from './math/index.ts';

export class Random {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  }

  /** Standard normal (mean 0, sd 1). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * log(u));
    this.spare = r * sin(2 * Math.PI * v);
    return r * cos(2 * Math.PI * v);
  }
}
