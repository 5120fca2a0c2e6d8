/**
 * The DRT panel's worker (a second instance of app/worker.ts, so that a slider move never cancels
 * a fit job) and its queue: one DRT computes at a time; while it does, only the newest request
 * of each panel waits (a slider dragged across many λ computes the first and the last, not every
 * one in between), and a reply is handed on only when no newer request of its panel is waiting.
 */
import type { DrtReply, DrtRequest } from './protocol.ts';
import { wireWorker } from './worker-wiring.ts';

/** A request of a panel (`key`), without the message fields. */
export type DrtAsk = Omit<DrtRequest, 'type' | 'id'>;

/** One item in flight at a time, the newest per key waiting; sending is injected (tested without a Worker). */
export class LatestQueue<T extends { key: string }> {
  private readonly pending = new Map<string, T>();
  private inFlight: { id: number; item: T } | null = null;
  private nextId = 1;

  constructor(private readonly send: (id: number, item: T) => void) {}

  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Queues `item`, replacing a waiting item of the same key; sends at once when nothing is in flight. */
  ask(item: T): void {
    this.pending.set(item.key, item);
    this.pump();
  }

  /** Drops what waits for `key` (its reply in flight, if any, will be stale). */
  forget(key: string): void {
    this.pending.delete(key);
  }

  /**
   * The reply to `id` arrived: sends the next waiting item and returns the answered one, or null
   * when the reply is not the one in flight or a newer request of its key is waiting.
   */
  settle(id: number): T | null {
    if (this.inFlight === null || this.inFlight.id !== id) return null;
    const { item } = this.inFlight;
    this.inFlight = null;
    const superseded = this.pending.has(item.key);
    this.pump();
    return superseded ? null : item;
  }

  /** The item in flight will never be answered (the worker broke): returns it and sends the next one. */
  abandon(): T | null {
    const item = this.inFlight?.item ?? null;
    this.inFlight = null;
    this.pump();
    return item;
  }

  private pump(): void {
    if (this.inFlight !== null) return;
    const next = this.pending.entries().next();
    if (next.done) return;
    const [key, item] = next.value;
    this.pending.delete(key);
    const id = this.nextId++;
    this.inFlight = { id, item };
    this.send(id, item);
  }
}

export interface DrtHandlers {
  done(key: string, result: Extract<DrtReply, { type: 'drt-done' }>): void;
  failed(key: string, message: string): void;
}

export class DrtJobs {
  private worker: Worker | null = null;
  private readonly queue = new LatestQueue<DrtAsk>((id, item) => {
    const message: DrtRequest = { type: 'drt', id, ...item };
    this.ensureWorker().postMessage(message);
  });

  constructor(private readonly script: URL, private readonly on: DrtHandlers) {}

  ask(request: DrtAsk): void {
    this.queue.ask(request);
  }

  forget(key: string): void {
    this.queue.forget(key);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.worker = wireWorker(new Worker(this.script, { type: 'module' }), 'the DRT worker', (m: DrtReply) => this.reply(m), (message) => this.crash(message));
    return this.worker;
  }

  private reply(m: DrtReply): void {
    if (m.type !== 'drt-done' && m.type !== 'drt-error') return;
    const item = this.queue.settle(m.id);
    if (!item) return;
    if (m.type === 'drt-done') this.on.done(item.key, m);
    else this.on.failed(item.key, m.message);
  }

  private crash(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    const item = this.queue.abandon();
    if (item) this.on.failed(item.key, `DRT: not possible — ${message}; it has been restarted`);
  }
}
