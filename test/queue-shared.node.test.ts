/** src/queue/shared.ts's clean-up bound: a close that never answers (Redis gone) must not keep a batch from settling. */
import { describe, expect, it } from 'vitest';
import { within } from '../src/queue/shared.ts';

describe('within(work, ms)', () => {
  it('returns after about ms when the work never settles', async () => {
    const t0 = performance.now();
    await within(new Promise(() => {}), 50);
    const dt = performance.now() - t0;
    expect(dt).toBeGreaterThanOrEqual(45);
    expect(dt).toBeLessThan(5000);
  });
  it('returns as soon as the work settles, and swallows its rejection', async () => {
    const t0 = performance.now();
    await expect(within(Promise.reject(new Error('gone')), 60_000)).resolves.toBeUndefined();
    await expect(within(Promise.resolve(1), 60_000)).resolves.toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
