/**
 * Bytes → text without Node APIs. Instrument software writes UTF-8 (with or without BOM), the
 * Windows code page (BioLogic EC-Lab .mpt and many Gamry .DTA files are windows-1252: "cm²",
 * "µF", "°"), or UTF-16LE (PalmSens sessions, some Windows exports).
 */
import { EisError, show } from '../errors.ts';

/** The input as text: strings are taken as they are (a leading BOM removed), bytes decoded. */
export function decodeInput(input: unknown): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const bytes = toBytes(input);
  if (bytes === undefined) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`input\` must be a string, a Uint8Array or an ArrayBuffer; got ${show(input)}.`, { argument: 'input' });
  }
  return decodeBytes(bytes);
}

/** The bytes of a Uint8Array, ArrayBuffer or other typed-array view (no copy); undefined for anything else. */
export function toBytes(input: unknown): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return undefined;
}

export function decodeBytes(bytes: Uint8Array): string {
  const b0 = bytes[0], b1 = bytes[1], b2 = bytes[2];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return utf8OrLatin1(bytes.subarray(3));
  if (b0 === 0xff && b1 === 0xfe) return utf16(bytes.subarray(2), true);
  if (b0 === 0xfe && b1 === 0xff) return utf16(bytes.subarray(2), false);
  if (looksUtf16le(bytes)) return utf16(bytes, true);
  return utf8OrLatin1(bytes);
}

/** UTF-8 when the bytes are valid UTF-8 (where decoding would produce replacement characters, they are not), else windows-1252. */
function utf8OrLatin1(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return windows1252(bytes);
  }
}

function windows1252(bytes: Uint8Array): string {
  try {
    // the WHATWG label; "latin1" and "iso-8859-1" mean the same decoder there
    return new TextDecoder('windows-1252').decode(bytes);
  } catch {
    // runtimes without the legacy encodings (Node built with small-icu): plain Latin-1
    return fromCodeUnits((i) => bytes[i]!, bytes.length);
  }
}

/** UTF-16 text without BOM: ASCII text in UTF-16LE has a zero in every odd byte. */
function looksUtf16le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return false;
  let oddZero = 0, evenZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  return oddZero >= 0.9 * (n / 2) && evenZero <= 0.1 * (n / 2);
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const n = bytes.length >> 1;
  return fromCodeUnits(littleEndian ? (i) => bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!, n);
}

function fromCodeUnits(unit: (i: number) => number, n: number): string {
  const parts: string[] = [];
  const chunk = new Uint16Array(Math.min(n, 8192));
  for (let start = 0; start < n; start += chunk.length) {
    const len = Math.min(chunk.length, n - start);
    for (let k = 0; k < len; k++) chunk[k] = unit(start + k);
    parts.push(String.fromCharCode(...chunk.subarray(0, len)));
  }
  return parts.join('');
}
