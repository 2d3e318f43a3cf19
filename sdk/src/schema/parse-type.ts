import { ScaleError } from '../scale/errors.js';
import type { PrimitiveName, TypeRef } from './type-ref.js';

const PRIMITIVES: ReadonlySet<string> = new Set<PrimitiveName>([
  'bool',
  'u8',
  'u16',
  'u32',
  'u64',
  'u128',
  'u256',
  'i8',
  'i16',
  'i32',
  'i64',
  'i128',
  'String',
  'ActorId',
  'CodeId',
  'MessageId',
  'H256',
  'H160',
  'char',
  'NonZeroU8',
  'NonZeroU16',
  'NonZeroU32',
  'NonZeroU64',
  'NonZeroU128',
  'NonZeroU256',
]);

interface Token {
  readonly text: string;
  readonly col: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if ('[];(),<>'.includes(c)) {
      out.push({ text: c, col: i + 1 });
      i++;
    } else if (/[A-Za-z_0-9]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z_0-9]/.test(text[i] as string)) i++;
      // Qualified names such as `module::Type`.
      while (text.startsWith('::', i) && /[A-Za-z_]/.test(text[i + 2] ?? '')) {
        i += 2;
        while (i < text.length && /[A-Za-z_0-9]/.test(text[i] as string)) i++;
      }
      out.push({ text: text.slice(start, i), col: start + 1 });
    } else {
      throw new ScaleError(
        'SCALE_BAD_TYPE_EXPR',
        '',
        `unexpected character ${JSON.stringify(c)} at column ${i + 1} in ${JSON.stringify(text)}`,
      );
    }
  }
  return out;
}

/**
 * Parses a Sails IDL v2 type expression (`u32`, `String`, `[T]`, `[T; N]`, `(A, B)`, `()`, `Option<T>`,
 * `Result<T, E>`, `compact<T>` or `Compact<T>`, `Name`, `Name<A, B>`) into a TypeRef; errors give the column.
 * `[(K, V)]` is a vec of tuples (maps come only from the TS extractor); `(T)` is `T`, `(T,)` a one-tuple.
 */
export function parseTypeExpr(text: string): TypeRef {
  const tokens = tokenize(text);
  let pos = 0;
  const fail = (what: string, tok: Token | undefined = tokens[pos]): never => {
    const where = tok === undefined ? 'at the end' : `at column ${tok.col} (${JSON.stringify(tok.text)})`;
    throw new ScaleError('SCALE_BAD_TYPE_EXPR', '', `${what} ${where} in ${JSON.stringify(text)}`);
  };
  const peek = (): string | undefined => tokens[pos]?.text;
  const expect = (t: string): void => {
    if (peek() !== t) fail(`expected ${JSON.stringify(t)}`);
    pos++;
  };
  const typeList = (close: string): TypeRef[] => {
    const items: TypeRef[] = [];
    while (peek() !== close) {
      items.push(type());
      if (peek() === ',') pos++;
      else if (peek() !== close) fail(`expected "," or ${JSON.stringify(close)}`);
    }
    pos++;
    return items;
  };
  const type = (): TypeRef => {
    const tok = tokens[pos];
    if (tok === undefined) return fail('expected a type');
    pos++;
    if (tok.text === '[') {
      const item = type();
      if (peek() === ';') {
        pos++;
        const n = tokens[pos];
        if (n === undefined || !/^[0-9]+$/.test(n.text)) return fail('expected an array length');
        pos++;
        expect(']');
        return { kind: 'array', item, length: Number(n.text) };
      }
      expect(']');
      return { kind: 'vec', item };
    }
    if (tok.text === '(') {
      const start = pos;
      const items = typeList(')');
      const trailingComma = tokens[pos - 2]?.text === ',' && pos - 2 >= start;
      if (items.length === 1 && !trailingComma) return items[0] as TypeRef;
      return { kind: 'tuple', items };
    }
    if (!/^[A-Za-z_]/.test(tok.text)) return fail('expected a type', tok);
    let args: TypeRef[] | undefined;
    if (peek() === '<') {
      pos++;
      args = typeList('>');
      if (args.length === 0) fail('expected type arguments', tok);
    }
    const arity = (n: number): TypeRef[] => {
      if (args?.length !== n) fail(`${tok.text} takes ${n} type argument${n === 1 ? '' : 's'}`, tok);
      return args as TypeRef[];
    };
    if (PRIMITIVES.has(tok.text)) {
      if (args !== undefined) fail(`${tok.text} takes no type arguments`, tok);
      return { kind: 'primitive', name: tok.text as PrimitiveName };
    }
    switch (tok.text) {
      case 'Option':
        return { kind: 'option', some: arity(1)[0] as TypeRef };
      case 'Result': {
        const [ok, err] = arity(2) as [TypeRef, TypeRef];
        return { kind: 'result', ok, err };
      }
      case 'compact':
      case 'Compact':
        return { kind: 'compact', inner: arity(1)[0] as TypeRef };
      default:
        return args === undefined ? { kind: 'named', name: tok.text } : { kind: 'named', name: tok.text, args };
    }
  };
  const ref = type();
  if (pos < tokens.length) fail('unexpected token');
  return ref;
}

/**
 * Formats a TypeRef as a Sails IDL v2 type expression (maps as `[(K, V)]`, compact as `compact<T>`); `nameOf` gives
 * the name shown for a named type (the identity by default).
 */
export function formatTypeExpr(ref: TypeRef, nameOf: (name: string) => string = (name) => name): string {
  const f = (r: TypeRef): string => formatTypeExpr(r, nameOf);
  switch (ref.kind) {
    case 'primitive':
      return ref.name;
    case 'vec':
      return `[${f(ref.item)}]`;
    case 'array':
      return `[${f(ref.item)}; ${ref.length}]`;
    case 'tuple':
      return ref.items.length === 1 ? `(${f(ref.items[0] as TypeRef)},)` : `(${ref.items.map(f).join(', ')})`;
    case 'option':
      return `Option<${f(ref.some)}>`;
    case 'result':
      return `Result<${f(ref.ok)}, ${f(ref.err)}>`;
    case 'map':
      return `[(${f(ref.key)}, ${f(ref.value)})]`;
    case 'compact':
      return `compact<${f(ref.inner)}>`;
    case 'named': {
      const name = nameOf(ref.name);
      return ref.args === undefined || ref.args.length === 0 ? name : `${name}<${ref.args.map(f).join(', ')}>`;
    }
    case 'param':
      return ref.name;
  }
}
