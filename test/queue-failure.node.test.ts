/** The failedReason codec of eiskit/queue (src/queue/failure.ts): EisError ↔ `eiskit:{…}`. */
import { describe, expect, it } from 'vitest';
import { CircuitSyntaxError, EisError, parseCircuit } from '../src/index.ts';
import { decodeFailure, encodeFailure } from '../src/queue/failure.ts';

describe('failure codec', () => {
  it('an EisError crosses with its code, message and details', () => {
    const e = new EisError('E_NONFINITE', 'spectra[7]: re[3] = NaN; expected a finite number.', { argument: 'spectra', spectrum: 7, index: 3, value: null });
    const text = encodeFailure(e);
    expect(text.startsWith('eiskit:{"code":"E_NONFINITE","message":')).toBe(true);
    const back = decodeFailure(text);
    expect(back).toBeInstanceOf(EisError);
    expect(back.code).toBe('E_NONFINITE');
    expect(back.message).toBe(e.message);
    expect(back.details).toEqual(e.details);
  });

  it('a CircuitSyntaxError keeps its code, message (with the caret) and span', () => {
    let e: unknown;
    try {
      parseCircuit('R0-p(R1,C1');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(CircuitSyntaxError);
    const back = decodeFailure(encodeFailure(e));
    expect(back.code).toBe('E_SYNTAX');
    expect(back.message).toBe((e as Error).message);
    expect(back.details).toMatchObject({ source: 'R0-p(R1,C1', start: (e as CircuitSyntaxError).start });
  });

  it('details that are not JSON are written as far as they can be', () => {
    const cause = new EisError('E_INTERNAL', 'trap');
    const back = decodeFailure(encodeFailure(new EisError('E_CALLBACK', 'onProgress threw: boom', { cause: new TypeError('boom'), big: 10n, fn: () => 1, nested: { cause } })));
    expect(back.details).toEqual({ cause: { name: 'TypeError', message: 'boom' }, big: '10', nested: { cause: { name: 'EisError', message: 'trap', code: 'E_INTERNAL' } } });
    const loop: Record<string, unknown> = {};
    loop.loop = loop;
    expect(decodeFailure(encodeFailure(new EisError('E_INTERNAL', 'x', { loop }))).details).toEqual({ unserializable: true });
  });

  it('anything else is E_WORKER with its text', () => {
    const plain = decodeFailure(encodeFailure(new RangeError('out of memory')));
    expect(plain.code).toBe('E_WORKER');
    expect(plain.message).toContain('a queue worker failed: out of memory');
    for (const reason of ['job stalled more than allowable limit', 'eiskit:{not json', 'eiskit:{"code":"E_NOPE","message":"x","details":{}}', 'eiskit:{"code":"E_SYNTAX","message":1,"details":{}}', 'eiskit:{"code":"E_SYNTAX","message":"m","details":[]}']) {
      const e = decodeFailure(reason);
      expect(e.code, reason).toBe('E_WORKER');
      expect(e.message).toBe(`a queued job failed: ${reason}`);
      expect(e.details).toEqual({ reason });
    }
    expect(decodeFailure(undefined).code).toBe('E_WORKER');
  });
});
