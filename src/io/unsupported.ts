/**
 * Layouts that are recognised but not read, so the error can name them instead of calling
 * them unknown (legacy .xls, foreign JSON and XML), and binary layouts passed as decoded text.
 */

interface Known { label: string; test: (text: string) => boolean }

const KNOWN: readonly Known[] = [
  // ZIP local-file signature "PK\3\4": .xlsx and .ods are read from bytes, not from decoded text
  { label: 'a ZIP archive (.xlsx or .ods) passed as text: pass its bytes (Uint8Array or ArrayBuffer) so that they are not decoded', test: (t) => t.startsWith('PK\u0003\u0004') },
  // OLE2 compound file D0 CF 11 E0 (decoded as windows-1252): legacy .xls
  { label: 'an OLE2 compound file (a legacy .xls workbook?); save the sheet as .xlsx or CSV', test: (t) => t.startsWith('\u00d0\u00cf\u0011\u00e0') },
  { label: 'JSON that is not an eiskit-spectra document', test: (t) => startsWithAny(t, '{[') && isJson(t) },
  { label: 'a BioLogic binary .mpr file passed as text: pass its bytes (Uint8Array or ArrayBuffer) so that they are not decoded', test: (t) => t.startsWith('BIO-LOGIC MODULAR FILE') },
  { label: 'binary data (NUL bytes)', test: (t) => t.includes('\u0000') },
  { label: 'XML or HTML', test: (t) => startsWithAny(t, '<') && /^\s*<(?:\?xml|!doctype|html)/i.test(t.trimStart().slice(0, 20)) },
];

/** Whether the first non-blank character is one of `chars`. */
function startsWithAny(text: string, chars: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    return chars.includes(c);
  }
  return false;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The name of a recognised layout eiskit does not read, or undefined. */
export function unsupportedLayout(text: string): string | undefined {
  return KNOWN.find((k) => k.test(text))?.label;
}
