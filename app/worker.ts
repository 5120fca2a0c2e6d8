/**
 * The app's worker: answers each request with analyse() (read files, fit, Lin-KK with the WASM
 * engine). Every failure becomes an error reply, so the page is never left waiting.
 */
import { init } from '../src/index.ts';
import { analyse, errorText } from './analyse.ts';
import type { AnalyseReply, AnalyseRequest } from './protocol.ts';

const scope = self as unknown as { postMessage(m: AnalyseReply): void; onmessage: ((e: MessageEvent<AnalyseRequest>) => void) | null; onmessageerror: (() => void) | null };
const post = (m: AnalyseReply) => scope.postMessage(m);
const ready = init();
ready.catch(() => {}); // reported with the first request

scope.onmessage = async (e) => {
  const id = e.data.id;
  try {
    await ready;
    post(await analyse(e.data, (message, file) => post({ type: 'progress', id, message, ...(file !== undefined ? { file } : {}) })));
  } catch (err) {
    post({ type: 'error', id, message: errorText(err) });
  }
};

scope.onmessageerror = () => post({ type: 'error', id: null, message: 'the worker could not read the request (messageerror)' });
