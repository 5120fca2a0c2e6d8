/**
 * Tokenizer for circuit strings in impedance.py and Boukamp CDC syntax.
 *
 * Whitespace is ignored anywhere (as impedance.py does with `replace(' ', '')`): the source is
 * compacted first and every token span is mapped back to indices into the original string.
 * Lexical errors (unknown element symbol, missing index) throw {@link CircuitSyntaxError};
 * any other unrecognised character becomes a `stray` token so the parser can report it with
 * the tokens it expected at that point.
 */
import { ELEMENTS, type ElementSymbol } from '../elements/table.ts';
import { CircuitSyntaxError } from '../errors.ts';
import type { CircuitSyntax, Span } from './ast.ts';

/** Punctuation token kinds. `pOpen` is impedance.py's `p(`. */
export type PunctKind = 'pOpen' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'dash';

/** An element: `R0` in impedance.py, or `R` in CDC (named automatically, `R1`, `R2`, …). */
export interface ElementToken extends Span {
  readonly kind: 'element';
  readonly symbol: ElementSymbol;
  readonly name: string;
}

/** A punctuation token. */
export interface PunctToken extends Span {
  readonly kind: PunctKind;
}

/** A character that is not part of either grammar (reported by the parser). */
export interface StrayToken extends Span {
  readonly kind: 'stray';
  readonly text: string;
}

/** End of input; its span is empty and sits at `source.length`. */
export interface EofToken extends Span {
  readonly kind: 'eof';
}

/** One token of a circuit string. */
export type Token = ElementToken | PunctToken | StrayToken | EofToken;

/** Element symbols in table order. */
export const ELEMENT_SYMBOLS: readonly ElementSymbol[] = ELEMENTS.map((e) => e.symbol);

const SYMBOL_SET: ReadonlySet<string> = new Set(ELEMENT_SYMBOLS);

/** CDC spelling (symbol or alias) → table symbol. */
const CDC_SPELLINGS: ReadonlyMap<string, ElementSymbol> = new Map(
  ELEMENTS.flatMap((e) => [e.symbol, ...(e.cdcAliases as readonly string[])].map((s) => [s, e.symbol] as const)),
);

/** Every CDC spelling, in table order (symbols then aliases of each element). */
export const CDC_SYMBOLS: readonly string[] = [...CDC_SPELLINGS.keys()];

/** CDC spellings, longest first, for longest-match scanning. */
const CDC_BY_LENGTH: readonly string[] = [...CDC_SYMBOLS].sort((a, b) => b.length - a.length);

const PUNCT: Readonly<Record<string, PunctKind>> = {
  '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket', ',': 'comma', '-': 'dash',
};

const isLetter = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);
const isIndexChar = (c: string | undefined): boolean => c !== undefined && /^[0-9_]$/.test(c);

/** A token scanned from the compacted text, and the compacted index just after it. */
interface Scanned {
  readonly token: Token;
  readonly next: number;
}

/** Source with whitespace removed, plus the original index of every kept character. */
interface Compacted {
  readonly text: string;
  /** `pos[i]` = original index of `text[i]`; `pos[text.length]` = `source.length`. */
  readonly pos: readonly number[];
}

function compact(source: string): Compacted {
  let text = '';
  const pos: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (/\s/.test(c)) continue;
    text += c;
    pos.push(i);
  }
  pos.push(source.length);
  return { text, pos };
}

/**
 * Splits a circuit string into tokens, always ending with one `eof` token.
 *
 * @param source - The circuit string.
 * @param syntax - `'impedancepy'` (elements need an index, `p(` opens a parallel block) or
 *   `'cdc'` (longest match over symbols and CDC aliases, elements numbered per symbol from 1).
 * @throws {@link CircuitSyntaxError} `E_UNKNOWN_ELEMENT` for letters that are not an element
 *   symbol, `E_SYNTAX` for an impedance.py element without index.
 */
export function tokenize(source: string, syntax: CircuitSyntax): Token[] {
  const { text, pos } = compact(source);
  const span = (a: number, b: number): Span => ({ start: pos[a]!, end: b > a ? pos[b - 1]! + 1 : pos[a]! });
  const tokens: Token[] = [];
  const counters = new Map<ElementSymbol, number>();
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const punct = PUNCT[c];
    if (punct !== undefined) {
      tokens.push({ kind: punct, ...span(i, i + 1) });
      i += 1;
    } else if (isLetter(c)) {
      const { token, next } = syntax === 'cdc' ? cdcElement(i) : pyWord(i);
      tokens.push(token);
      i = next;
    } else {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      tokens.push({ kind: 'stray', text: ch, ...span(i, i + ch.length) });
      i += ch.length;
    }
  }
  tokens.push({ kind: 'eof', start: source.length, end: source.length });
  return tokens;

  /** impedance.py: a letter run is `p(`, or a symbol followed by an index. */
  function pyWord(at: number): Scanned {
    let j = at;
    while (isLetter(text[j])) j++;
    const word = text.slice(at, j);
    if (word === 'p' && text[j] === '(') return { token: { kind: 'pOpen', ...span(at, j + 1) }, next: j + 1 };
    if (!SYMBOL_SET.has(word)) {
      const hint = word === 'p' ? ' (a parallel block is written `p(`)' : '';
      const s = span(at, j);
      throw new CircuitSyntaxError('E_UNKNOWN_ELEMENT', `unknown element \`${word}\`${hint}`, source, s.start, s.end, ELEMENT_SYMBOLS);
    }
    let k = j;
    while (isIndexChar(text[k])) k++;
    const s = span(at, k);
    if (!/[0-9]/.test(text.slice(j, k))) {
      throw new CircuitSyntaxError('E_SYNTAX', `element \`${word}\` needs an index, e.g. ${word}1`, source, s.start, s.end, ['index']);
    }
    return { token: { kind: 'element', symbol: word as ElementSymbol, name: text.slice(at, k), ...s }, next: k };
  }

  /** CDC: the longest symbol or alias at `at`; numbered per table symbol. */
  function cdcElement(at: number): Scanned {
    const spelling = CDC_BY_LENGTH.find((s) => text.startsWith(s, at));
    if (spelling === undefined) {
      const s = span(at, at + 1);
      throw new CircuitSyntaxError('E_UNKNOWN_ELEMENT', `unknown element \`${text[at]!}\``, source, s.start, s.end, CDC_SYMBOLS);
    }
    const symbol = CDC_SPELLINGS.get(spelling)!;
    const n = (counters.get(symbol) ?? 0) + 1;
    counters.set(symbol, n);
    const end = at + spelling.length;
    return { token: { kind: 'element', symbol, name: `${symbol}${n}`, ...span(at, end) }, next: end };
  }
}

/** Human-readable description of a token for error messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'element': return `element \`${t.name}\``;
    case 'stray': return `character '${t.text}'`;
    case 'eof': return 'end of input';
    case 'pOpen': return "'p('";
    default: return `'${PUNCT_TEXT[t.kind]}'`;
  }
}

const PUNCT_TEXT: Readonly<Record<Exclude<PunctKind, 'pOpen'>, string>> = {
  lparen: '(', rparen: ')', lbracket: '[', rbracket: ']', comma: ',', dash: '-',
};
