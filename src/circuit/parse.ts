/**
 * Recursive-descent parser for circuit strings.
 *
 * impedance.py grammar (default):
 * ```
 * circuit := series EOF
 * series  := term ('-' term)*
 * term    := ELEMENT | 'p(' series (',' series)+ ')'
 * ```
 * Boukamp CDC grammar (`'cdc'`): juxtaposition is series, `( … )` is the parallel of the
 * juxtaposed items inside, `[ … ]` is a series group; a group with a single item is that item.
 * ```
 * circuit := item+ EOF
 * item    := ELEMENT | '(' item+ ')' | '[' item+ ']'
 * ```
 * Groups nest at most {@link MAX_CIRCUIT_DEPTH} deep (an `E_SYNTAX` at the first parenthesis
 * past it), which bounds the recursion here and in every walk over the tree; series are loops,
 * so a circuit may be any number of elements long.
 */
import { CircuitSyntaxError, EisError, show } from '../errors.ts';
import { MAX_CIRCUIT_DEPTH, type CircuitNode, type CircuitSyntax, type ElementNode, type Span } from './ast.ts';
import { describeToken, tokenize, type ElementToken, type Token } from './tokenize.ts';

const ELEMENT = 'element';
const P_OPEN = "'p('";
const DASH = "'-'";
const COMMA = "','";
const RPAREN = "')'";
const LPAREN = "'('";
const LBRACKET = "'['";
const RBRACKET = "']'";
const EOF = 'end of input';

/**
 * Parses a circuit string into a syntax tree with source spans.
 *
 * @param source - Circuit string, e.g. `R0-p(R1,CPE1)-Wo1` or, with `syntax: 'cdc'`, `R(RQ)O`.
 *   Whitespace is ignored anywhere; spans index the original string.
 * @param syntax - `'impedancepy'` (default) or `'cdc'` (Boukamp; elements are named
 *   automatically per table symbol in order of appearance: `R1`, `R2`, `CPE1`, …).
 * @returns The root node: an element, a series node (flattened) or a parallel node.
 * @throws {@link CircuitSyntaxError} with code `E_SYNTAX`, `E_UNKNOWN_ELEMENT` or
 *   `E_DUPLICATE_ELEMENT`, the offending span and the expected tokens; `E_SYNTAX` also for
 *   groups nested deeper than {@link MAX_CIRCUIT_DEPTH}.
 * @throws {@link EisError} `E_ARG_TYPE` / `E_ARG_RANGE` for a non-string source or unknown syntax.
 */
export function parseCircuitAst(source: string, syntax: CircuitSyntax = 'impedancepy'): CircuitNode {
  if (typeof source !== 'string') {
    throw new EisError('E_ARG_TYPE', `circuit must be a string, got ${show(source)}`, { argument: 'source', value: source });
  }
  if (syntax !== 'impedancepy' && syntax !== 'cdc') {
    throw new EisError('E_ARG_RANGE', `syntax must be 'impedancepy' or 'cdc', got ${show(syntax)}`, { argument: 'syntax', value: syntax });
  }
  const tokens = tokenize(source, syntax);
  return syntax === 'cdc' ? new CdcParser(source, tokens).parse() : new PyParser(source, tokens).parse();
}

/** Shared cursor and error helpers. */
abstract class Parser {
  protected i = 0;
  /** Groups open around the cursor. */
  private depth = 0;
  protected readonly source: string;
  private readonly tokens: readonly Token[];

  constructor(source: string, tokens: readonly Token[]) {
    this.source = source;
    this.tokens = tokens;
  }

  protected peek(): Token {
    return this.tokens[this.i]!;
  }

  protected advance(): Token {
    return this.tokens[this.i++]!;
  }

  protected fail(span: Span, problem: string, expected: readonly string[]): never {
    throw new CircuitSyntaxError('E_SYNTAX', problem, this.source, span.start, span.end, expected);
  }

  /** Error for an unexpected token; `open` is the innermost unclosed group, if any. */
  protected unexpected(t: Token, expected: readonly string[], open?: { token: Token; text: string }): never {
    if (t.kind === 'eof') {
      if (this.source.trim() === '') this.fail(t, 'empty circuit string', expected);
      if (open) this.fail(t, `unexpected end of input: '${open.text}' at ${open.token.start} is not closed`, expected);
    }
    this.fail(t, `unexpected ${describeToken(t)}`, expected);
  }

  /** Opens a group at `open`; past {@link MAX_CIRCUIT_DEPTH} levels that parenthesis is the error. */
  protected enter(open: Token): void {
    if (++this.depth > MAX_CIRCUIT_DEPTH) {
      this.fail(open, `groups nested deeper than ${MAX_CIRCUIT_DEPTH} levels (the limit; this one opens level ${this.depth})`, []);
    }
  }

  protected leave(): void {
    this.depth--;
  }

  protected element(t: ElementToken): ElementNode {
    return { kind: 'element', symbol: t.symbol, name: t.name, start: t.start, end: t.end };
  }
}

/** impedance.py syntax: `R0-p(R1,C1)-Wo1`. */
class PyParser extends Parser {
  private readonly seen = new Map<string, ElementToken>();

  parse(): CircuitNode {
    const root = this.series(undefined);
    const t = this.peek();
    if (t.kind !== 'eof') this.unexpected(t, [DASH, EOF]);
    return root;
  }

  private series(open: Token | undefined): CircuitNode {
    const children = [this.term(open)];
    while (this.peek().kind === 'dash') {
      this.advance();
      children.push(this.term(open));
    }
    if (children.length === 1) return children[0]!;
    return { kind: 'series', children, start: children[0]!.start, end: children[children.length - 1]!.end };
  }

  private term(open: Token | undefined): CircuitNode {
    const t = this.advance();
    if (t.kind === 'element') {
      const first = this.seen.get(t.name);
      if (first) {
        const problem = `duplicate element \`${t.name}\` (first at ${first.start}..${first.end})`;
        throw new CircuitSyntaxError('E_DUPLICATE_ELEMENT', problem, this.source, t.start, t.end);
      }
      this.seen.set(t.name, t);
      return this.element(t);
    }
    if (t.kind === 'pOpen') return this.parallel(t);
    this.unexpected(t, [ELEMENT, P_OPEN], open && { token: open, text: 'p(' });
  }

  private parallel(open: Token): CircuitNode {
    this.enter(open);
    const children = [this.series(open)];
    while (this.peek().kind === 'comma') {
      this.advance();
      children.push(this.series(open));
    }
    const close = this.peek();
    if (close.kind !== 'rparen') this.unexpected(close, [DASH, COMMA, RPAREN], { token: open, text: 'p(' });
    this.advance();
    if (children.length < 2) {
      this.fail({ start: open.start, end: close.end }, `parallel block needs at least 2 branches, got ${children.length}`, [COMMA]);
    }
    this.leave();
    return { kind: 'parallel', children, start: open.start, end: close.end };
  }
}

/** Boukamp CDC syntax: `R(RQ)(R[CW])`. */
class CdcParser extends Parser {
  parse(): CircuitNode {
    return this.group('series', undefined);
  }

  /** Items up to the closer of `open` (or end of input at top level), combined per `mode`. */
  private group(mode: 'series' | 'parallel', open: Token | undefined): CircuitNode {
    const closer = open === undefined ? 'eof' : mode === 'parallel' ? 'rparen' : 'rbracket';
    if (open) this.enter(open);
    const items: CircuitNode[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === closer) break;
      this.advance();
      if (t.kind === 'element') items.push(this.element(t));
      else if (t.kind === 'lparen') items.push(this.group('parallel', t));
      else if (t.kind === 'lbracket') items.push(this.group('series', t));
      else this.unexpected(t, this.expected(closer, items.length > 0), open && { token: open, text: open.kind === 'lparen' ? '(' : '[' });
    }
    if (items.length === 0) {
      const t = this.peek();
      if (open === undefined) this.unexpected(t, this.expected(closer, false));
      this.fail({ start: open.start, end: t.end }, `empty group '${open.kind === 'lparen' ? '()' : '[]'}'`, this.expected(closer, false));
    }
    const start = open?.start ?? items[0]!.start;
    const end = open === undefined ? items[items.length - 1]!.end : this.advance().end;
    if (open) this.leave();
    if (items.length === 1) return items[0]!;
    const children = mode === 'series' ? items.flatMap((c) => (c.kind === 'series' ? c.children : [c])) : items;
    return { kind: mode, children, start, end };
  }

  private expected(closer: 'eof' | 'rparen' | 'rbracket', allowClose: boolean): string[] {
    const items = [ELEMENT, LPAREN, LBRACKET];
    if (!allowClose) return items;
    return [...items, closer === 'eof' ? EOF : closer === 'rparen' ? RPAREN : RBRACKET];
  }
}
