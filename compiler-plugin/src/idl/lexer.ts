import { IdlParseError } from '../errors.js';

/** Kinds of IDL tokens. */
export type TokenKind =
  | 'ident'
  | 'number'
  /** `@0x…` right after a service name: the interface id (value without `@`). */
  | 'id'
  | 'punct'
  /** `/// text` (value: the text, one leading space removed). */
  | 'doc'
  /** `@key` or `@key: value` (value: key; `annValue`: the value). */
  | 'ann'
  /** `!@key: value` at top level. */
  | 'global'
  | 'eof';

/** One token with its 1-based position. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** The value of an annotation (`@entry_id: 3` → `3`), trimmed. */
  readonly annValue?: string;
  readonly line: number;
  readonly column: number;
}

const PUNCT = new Set(['{', '}', '(', ')', '[', ']', '<', '>', ',', ';', ':', '=']);

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
/** Sails' `WHITESPACE`: Unicode `White_Space` and newlines (plus a byte-order mark, which editors add). */
const isSpace = (c: string): boolean => /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(c);

/** An interface id after `@0x`: Sails' `InterfaceId::from_str` takes exactly 16 hex digits. */
const INTERFACE_ID_DIGITS = 16;

/** Splits Sails IDL v2 text into tokens; `//` comments are skipped, `///` doc lines kept. */
export function tokenize(text: string, file = '<idl>'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const advance = (n: number): void => {
    for (let k = 0; k < n; k++) {
      if (text[i] === '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
      i++;
    }
  };
  const restOfLine = (): string => {
    let j = i;
    while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
    return text.slice(i, j);
  };
  const fail = (message: string): never => {
    throw new IdlParseError('IDL_SYNTAX', message, file, line, col);
  };
  // Reads `key` and an optional `: value` to the end of the line.
  const annotation = (kind: 'ann' | 'global', startLine: number, startCol: number): void => {
    if (!isIdentStart(text[i] ?? '')) fail(`expected an annotation name after '${kind === 'ann' ? '@' : '!@'}'`);
    let j = i;
    while (j < text.length && isIdentChar(text[j] ?? '')) j++;
    const key = text.slice(i, j);
    advance(j - i);
    // Sails' `LocalAnn` / `GlobalAnn` are atomic: the `:` of a value follows the name directly.
    if (text[i] === ':') {
      advance(1);
      const value = restOfLine();
      advance(value.length);
      tokens.push({ kind, value: key, annValue: value.trim(), line: startLine, column: startCol });
    } else {
      tokens.push({ kind, value: key, line: startLine, column: startCol });
    }
  };

  while (i < text.length) {
    const c = text[i] ?? '';
    const startLine = line;
    const startCol = col;
    if (isSpace(c)) {
      advance(1);
    } else if (c === '/' && text[i + 1] === '/') {
      if (text[i + 2] === '/') {
        advance(3);
        const rest = restOfLine();
        advance(rest.length);
        tokens.push({ kind: 'doc', value: rest.startsWith(' ') ? rest.slice(1) : rest, line: startLine, column: startCol });
      } else {
        advance(restOfLine().length);
      }
    } else if (c === '/' && text[i + 1] === '*') {
      fail('a block comment: Sails IDL has only `//` line comments (and `///` doc lines)');
    } else if (c === '!' && text[i + 1] === '@') {
      advance(2);
      annotation('global', startLine, startCol);
    } else if (c === '@') {
      const prev = tokens[tokens.length - 1];
      const glued = prev !== undefined && prev.kind === 'ident' && prev.line === line && prev.column + prev.value.length === col;
      // The grammar's `ServiceIdent` spells the prefix `@0x` exactly: `@0X…` does not parse in Sails.
      if (glued && text[i + 1] === '0' && text[i + 2] === 'X') fail("an interface id is written '@0x' with a lowercase 'x'");
      if (glued && text[i + 1] === '0' && text[i + 2] === 'x') {
        let j = i + 3;
        while (j < text.length && /[0-9A-Fa-f]/.test(text[j] ?? '')) j++;
        if (j === i + 3) fail("expected hex digits after '@0x'");
        if (j - i - 3 !== INTERFACE_ID_DIGITS) {
          fail(`an interface id is @0x and ${INTERFACE_ID_DIGITS} hex digits (8 bytes), got ${j - i - 3} digits`);
        }
        const value = text.slice(i + 1, j);
        advance(j - i);
        tokens.push({ kind: 'id', value, line: startLine, column: startCol });
      } else {
        advance(1);
        annotation('ann', startLine, startCol);
      }
    } else if (c === '-' && text[i + 1] === '>') {
      advance(2);
      tokens.push({ kind: 'punct', value: '->', line: startLine, column: startCol });
    } else if (PUNCT.has(c)) {
      advance(1);
      tokens.push({ kind: 'punct', value: c, line: startLine, column: startCol });
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9]/.test(text[j] ?? '')) j++;
      const value = text.slice(i, j);
      advance(j - i);
      tokens.push({ kind: 'number', value, line: startLine, column: startCol });
    } else if (isIdentStart(c)) {
      let j = i;
      while (j < text.length && isIdentChar(text[j] ?? '')) j++;
      const value = text.slice(i, j);
      advance(j - i);
      tokens.push({ kind: 'ident', value, line: startLine, column: startCol });
    } else {
      fail(`unexpected character ${JSON.stringify(c)} (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`);
    }
  }
  tokens.push({ kind: 'eof', value: '', line, column: col });
  return tokens;
}
