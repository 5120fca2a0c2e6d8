/**
 * Layouts that are recognised but not read, so the error can name them instead of calling
 * them unknown. Binary containers (spreadsheets, sessions) need an export to text first.
 */

interface Known { label: string; test: (text: string) => boolean }

const KNOWN: readonly Known[] = [
  // ZIP local-file signature "PK\3\4": .xlsx and .ods are ZIP containers
  { label: 'a ZIP archive (an .xlsx or .ods spreadsheet?); save the sheet as CSV', test: (t) => t.startsWith('PK\u0003\u0004') },
  // OLE2 compound file D0 CF 11 E0 (decoded as windows-1252): legacy .xls
  { label: 'an OLE2 compound file (a legacy .xls workbook?); save the sheet as CSV', test: (t) => t.startsWith('\u00d0\u00cf\u0011\u00e0') },
  { label: 'an OpenDocument flat XML spreadsheet (.fods); save the sheet as CSV', test: (t) => /^\s*<\?xml/.test(t) && t.includes('office:document') },
  { label: 'a PalmSens PSTrace session (.pssession); export the curves as CSV', test: (t) => /^\s*\{\s*"Type"\s*:\s*"PalmSens/.test(t) },
  { label: 'JSON that is not an eiskit-spectra document', test: (t) => /^\s*[[{]/.test(t) && isJson(t) },
  // first line "VERSION8.0", then one value per line
  { label: 'an Eco Chemie / Autolab FRA .dfr file', test: (t) => /^VERSION\d/.test(t) },
  { label: 'an Ivium .ids/.idf file', test: (t) => t.includes('primary_data') && /Solarcell=|\u0000/.test(t) },
  { label: 'a BioLogic binary .mpr file passed as text: pass its bytes (Uint8Array or ArrayBuffer) so that they are not decoded', test: (t) => t.startsWith('BIO-LOGIC MODULAR FILE') },
  { label: 'binary data (NUL bytes)', test: (t) => t.includes('\u0000') },
  { label: 'XML or HTML', test: (t) => /^\s*<(?:\?xml|!doctype|html)/i.test(t) },
];

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
