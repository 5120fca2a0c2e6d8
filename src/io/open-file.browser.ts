/**
 * open-file.ts in the browser build (scripts/bundle.mjs): browsers, web workers and edge
 * runtimes have no file system to read a path from, so readSpectraFile fails with a typed
 * error that says what to call instead.
 */
import { EisError, show } from '../errors.ts';
import type { openForReading as nodeOpenForReading } from './open-file.ts';

export const openForReading: typeof nodeOpenForReading = async (path) => {
  throw new EisError('E_UNSUPPORTED',
    `readSpectraFile needs Node's file system, which this runtime (a browser build of eiskit) does not have; got the path ${show(path)}. Read the file's bytes yourself and call readSpectra(bytes, { fileName }), e.g. with new Uint8Array(await file.arrayBuffer()) for a File from an <input type="file">.`,
    { argument: 'path', runtime: 'browser' });
};
