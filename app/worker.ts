/**
 * The app's worker: answers each analyse request with analyse() (read files, fit, Lin-KK and
 * Z-HIT with the WASM engine) and each DRT request of the DRT panel with runDrt() (the page runs
 * a second instance of this worker for those). Every failure becomes an error reply, so the page
 * is never left waiting.
 */
import { init } from '../src/index.ts';
import { analyse, errorText, runDrt } from './analyse.ts';
import type { AnalyseReply, AnalyseRequest, DrtReply, DrtRequest } from './protocol.ts';

const scope = self as unknown as { postMessage(m: AnalyseReply | DrtReply): void; onmessage: ((e: MessageEvent<AnalyseRequest | DrtRequest>) => void) | null; onmessageerror: (() => void) | null };
const post = (m: AnalyseReply | DrtReply) => scope.postMessage(m);
const ready = init();
ready.catch(() => {}); // reported with the first request

scope.onmessage = async (e) => {
  const request = e.data;
  if (request.type === 'drt') {
    try {
      await ready;
    } catch (err) {
      post({ type: 'drt-error', id: request.id, message: `DRT: not possible — ${errorText(err)}` });
      return;
    }
    post(runDrt(request));
    return;
  }
  const id = request.id;
  try {
    await ready;
    post(await analyse(request, (message, file) => post({ type: 'progress', id, message, ...(file !== undefined ? { file } : {}) })));
  } catch (err) {
    post({ type: 'error', id, message: errorText(err) });
  }
};

scope.onmessageerror = () => post({ type: 'error', id: null, message: 'the worker could not read the request (messageerror)' });
