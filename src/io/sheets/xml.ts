/**
 * A small XML scanner for spreadsheet parts, linear in the input: one pass, no regular
 * expressions, no DTD processing and no entity expansion beyond the five predefined entities
 * and numeric character references (anything else is kept as written), so "billion laughs"
 * documents cost what they weigh.
 */
import { fail } from '../fail.ts';

export interface XmlHandler {
  open(name: string, attrs: Readonly<Record<string, string>>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with the predefined entities and &#…; references decoded; other entities kept verbatim. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const amp = s.indexOf('&', i);
    if (amp < 0) { out += s.slice(i); break; }
    out += s.slice(i, amp);
    // an entity is short: look for its ';' within 12 characters only (an unbounded search per '&'
    // would be quadratic on text with many '&' and no ';')
    const window = s.slice(amp + 1, amp + 13);
    const rel = window.indexOf(';');
    if (rel < 0) { out += '&'; i = amp + 1; continue; }
    const semi = amp + 1 + rel;
    const name = s.slice(amp + 1, semi);
    let rep: string | undefined = PREDEFINED[name];
    if (rep === undefined && name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) rep = String.fromCodePoint(code);
    }
    if (rep === undefined) { out += '&'; i = amp + 1; continue; }
    out += rep;
    i = semi + 1;
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Attributes of a start tag's inside (after the name). */
function attributes(s: string, from: number, to: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  let i = from;
  while (i < to) {
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < to && s[i] !== '=' && !isSpace(s.charCodeAt(i))) i++;
    const name = s.slice(nameStart, i);
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    if (s[i] !== '=') { i++; continue; }
    i++;
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    const q = s[i];
    if (q !== '"' && q !== "'") { i++; continue; }
    // the closing quote is looked for inside the tag only
    const rel = s.slice(i + 1, to).indexOf(q);
    if (rel < 0) break;
    const end = i + 1 + rel;
    if (name !== '') attrs[name] = decodeEntities(s.slice(i + 1, end));
    i = end + 1;
  }
  return attrs;
}

/** Calls the handler for every start tag, end tag and text run, in document order. */
export function scanXml(xml: string, on: XmlHandler): void {
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) { if (i < n) on.text(decodeEntities(xml.slice(i))); break; }
    if (lt > i) on.text(decodeEntities(xml.slice(i, lt)));
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      on.text(xml.slice(lt + 9, end < 0 ? n : end));
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (xml[lt + 1] === '?' || xml[lt + 1] === '!') {
      // processing instructions and declarations (a DOCTYPE's internal subset is skipped, never used)
      const close = xml.indexOf('>', lt);
      const bracket = close < 0 ? -1 : xml.slice(lt, close).indexOf('[');
      const end = xml[lt + 1] === '!' && bracket >= 0 ? xml.indexOf(']>', lt + bracket) : close;
      i = end < 0 ? n : end + (xml[end] === ']' ? 2 : 1);
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) fail(`XML: a tag at character ${lt} is not closed`);
    if (xml[lt + 1] === '/') {
      on.close(xml.slice(lt + 2, gt).trim());
    } else {
      const selfClosing = xml[gt - 1] === '/';
      const inner = selfClosing ? gt - 1 : gt;
      let k = lt + 1;
      while (k < inner && !isSpace(xml.charCodeAt(k))) k++;
      on.open(xml.slice(lt + 1, k), attributes(xml, k, inner), selfClosing);
    }
    i = gt + 1;
  }
}
