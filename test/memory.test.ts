/** WASM memory stays flat under repeated work; results are copies; growth detaches nothing we hold. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, parseCircuit, logFrequencies } from '../src/index.ts';

describe('memory', () => {
  const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
  const p = [10, 1e4, 1e-9, 0.9, 1e-6, 0.8];
  const f = logFrequencies(1e6, 1, 61);
  let engine: Awaited<ReturnType<typeof createEngine>>;
  beforeAll(async () => {
    engine = await createEngine();
  });

  it('100 000 evaluations leave WASM memory flat', () => {
    c.impedance(f, p, { engine });
    c.jacobian(f, p, { engine });
    const before = engine.memoryBytes;
    let acc = 0;
    for (let k = 0; k < 100_000; k++) {
      const z = k % 10 === 0 ? c.jacobian(f, p, { engine }).z : c.impedance(f, p, { engine });
      acc += z.re[k % 61]!;
    }
    expect(Number.isFinite(acc)).toBe(true);
    expect(engine.memoryBytes).toBe(before);
  });

  it('results are copies, not views of WASM memory, and survive memory.grow', () => {
    const z = c.impedance(f, p, { engine });
    expect(z.re.buffer).not.toBe(engine.raw.memory.buffer);
    const kept = Array.from(z.re);
    const before = engine.memoryBytes;
    // a batch large enough to grow memory (10 000 × 61 points × 16 B ≈ 10 MB of output)
    const rows = new Float64Array(10_000 * 6);
    for (let k = 0; k < 10_000; k++) rows.set(p, k * 6);
    const many = c.impedanceMany(f, rows, { engine });
    expect(engine.memoryBytes).toBeGreaterThan(before);
    expect(Array.from(z.re)).toEqual(kept);
    expect(Array.from(many.re.subarray(61 * 9_999))).toEqual(kept);
    // and the engine's own views were re-created after the growth
    expect(Array.from(c.impedance(f, p, { engine }).re)).toEqual(kept);
  });

  it('a disposed bound circuit refuses to run instead of writing into freed memory', () => {
    const b = engine.bind(c.kernelProgram, f);
    b.setParams(p);
    b.impedance();
    b.dispose();
    expect(() => b.impedance()).toThrowError(expect.objectContaining({ code: 'E_INTERNAL' }));
  });

  it('the grid cache notices changed frequencies', () => {
    const f2 = f.map((x) => x * 2);
    const a = c.impedance(f, p, { engine });
    const b = c.impedance(f2, p, { engine });
    const ref = c.impedance(f2, p, { backend: 'js' });
    expect(Array.from(b.re)).not.toEqual(Array.from(a.re));
    b.re.forEach((v, i) => expect(Math.abs(v - ref.re[i]!)).toBeLessThan(1e-9 * Math.abs(ref.re[i]!)));
  });
});
