/**
 * readSpectraFile: readSpectra for a path, in Node. node:fs is imported inside the function, so a
 * browser bundle that contains this module (and never calls it) does not break.
 */
import { readSpectra } from './read.ts';
import type { ReadOptions, Spectrum } from './types.ts';

/** The file name of a path (either separator). */
function baseName(path: string): string {
  return path.split(/[/\\]/).pop() ?? path;
}

/**
 * The spectra in the file at `path` (Node only). The file name is passed as the hint
 * (options.fileName overrides it). File-system errors (ENOENT …) are thrown as Node reports them.
 */
export async function readSpectraFile(path: string, options: ReadOptions = {}): Promise<Spectrum[]> {
  const { readFile } = (await import('node:fs/promises')) as typeof import('node:fs/promises');
  const bytes = await readFile(path);
  return readSpectra(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: baseName(path), ...options });
}
