/**
 * Entries of a ZIP container (.xlsx, .ods) through fflate's unzipSync, the only module that
 * imports fflate. Only the entries asked for are inflated; the entry count and the declared
 * inflated sizes are capped before anything is inflated (fflate writes into a buffer of the
 * declared size, so an entry cannot inflate beyond it): zip bombs are E_FORMAT.
 */
import { unzipSync } from 'fflate';
import { EisError } from '../../errors.ts';
import { fail } from '../fail.ts';

const MAX_ENTRIES = 10_000;
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** Whether the bytes start with a ZIP local-file header ("PK\3\4"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

/** The entries whose names pass `wanted`, inflated. */
export function unzip(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  let entries = 0, total = 0;
  try {
    return unzipSync(bytes, {
      filter(file) {
        if (++entries > MAX_ENTRIES) fail(`the ZIP archive has more than ${MAX_ENTRIES} entries`);
        if (!wanted(file.name)) return false;
        total += file.originalSize;
        if (total > MAX_INFLATED_BYTES) fail(`the ZIP entries to read inflate to more than ${MAX_INFLATED_BYTES / 1048576} MiB (at ${JSON.stringify(file.name.slice(0, 80))})`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof EisError) throw e;
    fail(`not a readable ZIP archive (${e instanceof Error ? e.message.slice(0, 80) : String(e)})`);
  }
}

/** An entry as UTF-8 text. */
export function entryText(files: Record<string, Uint8Array>, name: string): string | undefined {
  // fflate returns a plain object: a name such as "__proto__" or "constructor" must not reach its prototype
  if (!Object.hasOwn(files, name)) return undefined;
  const b = files[name];
  return b instanceof Uint8Array ? new TextDecoder('utf-8').decode(b) : undefined;
}
