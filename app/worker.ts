/**
 * The app's worker: answers each analyse request with analyse() (read files, fit, Lin-KK and
 * Z-HIT with the WASM engine), each DRT request of the DRT panel with runDrt() (the page runs
 * a second instance of this worker for those) and each series request of the temperature series
 * section with runSeries() (a third instance). Every failure becomes an error reply, so the page
 * is never left waiting.
 */
import { init } from '../src/index.ts';
import { analyse, errorText, runDrt } from './analyse.ts';
import { runSeries, seriesErrorText } from './series.ts';
import type { AnalyseReply, AnalyseRequest, DrtReply, DrtRequest, SeriesReply, SeriesRequest } from './protocol.ts';

type Reply = AnalyseReply | DrtReply | SeriesReply;
const scope = self as unknown as { postMessage(m: Reply): void; onmessage: ((e: MessageEvent<AnalyseRequest | DrtRequest | SeriesRequest>) => void) | null; onmessageerror: (() => void) | null };
const post = (m: Reply) => scope.postMessage(m);
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
  if (request.type === 'series') {
    try {
      await ready;
    } catch (err) {
      post({ type: 'series-error', id: request.id, message: seriesErrorText(err) });
      return;
    }
    post(await runSeries(request, (done, total) => post({ type: 'series-progress', id: request.id, done, total })));
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
