/**
 * The file-system access of readSpectraFile, in a file of its own so that the browser build
 * (scripts/bundle.mjs) can swap it for open-file.browser.ts. node:fs is imported inside the
 * function, so a bundle that contains this module and never calls it does not load it.
 */
import type { FileHandle } from 'node:fs/promises';

/** Opens `path` for reading (Node's fs). File-system errors (ENOENT …) are thrown as Node reports them. */
export async function openForReading(path: string): Promise<FileHandle> {
  const { open } = (await import('node:fs/promises')) as typeof import('node:fs/promises');
  return open(path, 'r');
}
