/**
 * Who made a queued job or result: the eiskit version and the WASM hash. A worker runs a job only
 * when both equal its own (src/queue/payload.ts), since only the same code gives the same bits.
 */
import { WASM_HASH } from '../../bindings/loader.ts';
import { version } from '../../package.json';

/** The eiskit version and WASM hash written into, and checked against, every job and result. */
export interface QueueIdentity {
  eiskitVersion: string;
  wasmHash: string;
}

let forTests: QueueIdentity | null = null;

/** This process's identity (or the one a test set). */
export function queueIdentity(): QueueIdentity {
  return forTests ?? { eiskitVersion: version, wasmHash: WASM_HASH };
}

/** Test hook: pretend to be another eiskit (`null` restores the real identity). */
export function setQueueIdentityForTests(identity: QueueIdentity | null): void {
  forTests = identity;
}
