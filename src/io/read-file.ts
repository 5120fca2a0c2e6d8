/**
 * readSpectraFile: readSpectra for a path, in Node. The file access is in open-file.ts, which the
 * browser build replaces by open-file.browser.ts (an E_UNSUPPORTED error naming readSpectra).
 */
import { EisError, show } from '../errors.ts';
import { checkOptions } from '../validate.ts';
import { readSpectra } from './read.ts';
import { openForReading } from './open-file.ts';
import type { ReadOptions, Spectrum } from './types.ts';

/** The largest file read unless `maxBytes` says otherwise (readers.md §0: capped file sizes). */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export interface ReadFileOptions extends ReadOptions {
  /** The largest file size read, in bytes (default 256 MiB); a larger file is E_FORMAT before any byte is read. */
  maxBytes?: number;
}

/** The file name of a path (either separator). */
function baseName(path: string): string {
  return path.split(/[/\\]/).pop() ?? path;
}

/** A byte count for a message: "26 bytes", "300 MiB (314572800 bytes)". */
function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`;
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB (${bytes} bytes)`;
}

function checkMaxBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BYTES;
  if (typeof value !== 'number') throw new EisError('E_ARG_TYPE', `invalid option. \`maxBytes\` must be a number of bytes; got ${show(value)}.`, { argument: 'maxBytes' });
  if (!Number.isSafeInteger(value) || value < 1) throw new EisError('E_ARG_RANGE', `invalid option. \`maxBytes\` must be an integer ≥ 1; got ${show(value)}.`, { argument: 'maxBytes', value });
  return value;
}

/**
 * The spectra in the file at `path` (Node only). The file name is passed as the hint
 * (options.fileName overrides it). A file larger than `maxBytes` (default 256 MiB) is E_FORMAT,
 * found from its size before it is read. File-system errors (ENOENT …) are thrown as Node reports them.
 */
export async function readSpectraFile(path: string, options: ReadFileOptions = {}): Promise<Spectrum[]> {
  const { maxBytes: rawMax, ...readOptions } = checkOptions('options', options) as ReadFileOptions;
  const maxBytes = checkMaxBytes(rawMax);
  const name = baseName(path);
  // one open file: its size is checked on the handle that is then read, so the size seen is the file read
  const handle = await openForReading(path);
  let bytes: Buffer;
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      const cap = rawMax === undefined ? `${DEFAULT_MAX_BYTES / (1024 * 1024)} MiB eiskit reads by default (options.maxBytes raises the cap)` : `${sizeText(maxBytes)} allowed (maxBytes)`;
      throw new EisError('E_FORMAT', `cannot read ${JSON.stringify(name)}: the file is ${sizeText(size)}, more than the ${cap}`, { fileName: name, size, maxBytes });
    }
    bytes = await handle.readFile();
  } finally {
    await handle.close();
  }
  if (bytes.byteLength > maxBytes) throw new EisError('E_FORMAT', `cannot read ${JSON.stringify(name)}: the file grew to ${sizeText(bytes.byteLength)} while it was read, more than ${sizeText(maxBytes)}`, { fileName: name, maxBytes });
  return readSpectra(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: name, ...readOptions });
}
