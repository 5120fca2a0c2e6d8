/**
 * The module list of a BioLogic .mpr file (readers.md §1.1–1.2): a 52-byte magic, then modules
 * back to back, each "MODULE" + a header + `length` payload bytes. Header v1 (EC-Lab < 11.50,
 * 51 bytes): shortname 10 B, longname 25 B, length u32, version u32, date 8 B. Header v2
 * (EC-Lab ≥ 11.50, 59 bytes), marked by FF FF FF FF after the longname: shortname, longname,
 * max length u32, length u32, version u32, an unknown u32, date. Little-endian.
 */
import { fail } from '../fail.ts';

const MPR_MAGIC = 'BIO-LOGIC MODULAR FILE\u001a';
const MAGIC_LENGTH = 52;
const MODULE = 'MODULE';

export interface MprModule {
  shortname: string;
  longname: string;
  version: number;
  /** "mm/dd/yy" as written (also with '-' or '.'). */
  date: string;
  /** 1 or 2: the header layout. */
  headerVersion: 1 | 2;
  /** The payload (a view into the file's bytes). */
  data: Uint8Array;
  /** Offset of the payload in the file. */
  offset: number;
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  let s = '';
  for (let i = from; i < from + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Whether the bytes start with the .mpr magic. */
export function isMpr(bytes: Uint8Array): boolean {
  return bytes.length >= MPR_MAGIC.length && ascii(bytes, 0, MPR_MAGIC.length) === MPR_MAGIC;
}

export function readModules(bytes: Uint8Array): MprModule[] {
  if (!isMpr(bytes)) fail('no "BIO-LOGIC MODULAR FILE" magic at offset 0');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const modules: MprModule[] = [];
  let at = MAGIC_LENGTH;
  while (at < bytes.length) {
    if (ascii(bytes, at, MODULE.length) !== MODULE) fail(`expected "MODULE" at offset ${at}, found ${JSON.stringify(ascii(bytes, at, 6).replace(/[^\x20-\x7e]/g, '?'))}`, { offset: at });
    const h = at + MODULE.length;
    if (h + 51 > bytes.length) fail(`the file ends inside the module header at offset ${at}`, { offset: at });
    const shortname = ascii(bytes, h, 10).trim();
    const longname = ascii(bytes, h + 10, 25).replace(/\0+$/, '').trim();
    const v2 = view.getUint32(h + 35, true) === 0xffffffff;
    if (v2 && h + 59 > bytes.length) fail(`the file ends inside the module header at offset ${at}`, { offset: at });
    const length = view.getUint32(h + (v2 ? 39 : 35), true);
    const version = view.getUint32(h + (v2 ? 43 : 39), true);
    const date = ascii(bytes, h + (v2 ? 51 : 43), 8);
    const offset = h + (v2 ? 59 : 51);
    if (offset + length > bytes.length) {
      fail(`module "${shortname}" at offset ${at} announces ${length} bytes, but the file ends ${bytes.length - offset} bytes after its header (a truncated file?)`, { offset: at });
    }
    modules.push({ shortname, longname, version, date, headerVersion: v2 ? 2 : 1, data: bytes.subarray(offset, offset + length), offset });
    at = offset + length;
  }
  return modules;
}
