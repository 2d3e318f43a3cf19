import { IdlParseError } from '../errors.js';
import { type Token, tokenize } from './lexer.js';
import type {
  Leading,
  Pos,
  RawAnnotation,
  RawConstructor,
  RawDocument,
  RawField,
  RawFunction,
  RawParam,
  RawProgram,
  RawService,
  RawServiceExport,
  RawServiceIdent,
  RawType,
  RawTypeDecl,
  RawVariant,
} from './raw-ast.js';

/** Describes a token for an error message. */
function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'doc':
      return 'a doc comment';
    case 'ann':
      return `annotation '@${t.value}'`;
    case 'global':
      return `annotation '!@${t.value}'`;
    case 'id':
      return `'@${t.value}'`;
    default:
      return `'${t.value}'`;
  }
}

/** Deepest type expression nesting (`[[[…`, `Option<Option<…`, `((…`) the parser accepts. */
export const MAX_TYPE_NESTING = 64;
/** Largest fixed array length `[T; N]` the parser accepts. */
export const MAX_ARRAY_LENGTH = 1 << 24;

/** Recursive-descent parser from tokens to the raw AST of an IDL v2 document. */
class SyntaxParser {
  private pos = 0;
  private typeDepth = 0;
  private readonly tokens: readonly Token[];

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.tokens = tokenize(text, file);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private fail(expected: string, at: Token = this.peek()): never {
    throw new IdlParseError('IDL_SYNTAX', `expected ${expected}, found ${describe(at)}`, this.file, at.line, at.column);
  }

  private isPunct(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.value === value;
  }

  private isWord(value: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.value === value;
  }

  private eat(value: string): boolean {
    if (this.isPunct(value)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(value: string, context = ''): Token {
    if (!this.isPunct(value)) this.fail(`'${value}'${context}`);
    return this.next();
  }

  private expectWord(value: string): Token {
    if (!this.isWord(value)) this.fail(`'${value}'`);
    return this.next();
  }

  private ident(what: string): Token {
    if (this.peek().kind !== 'ident') this.fail(what);
    return this.next();
  }

  private leading(): Leading {
    const docs: string[] = [];
    const annotations: RawAnnotation[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'doc') {
        docs.push(t.value);
      } else if (t.kind === 'ann') {
        if (t.value === 'doc') {
          if (t.annValue !== undefined) docs.push(t.annValue);
        } else {
          annotations.push(
            t.annValue === undefined
              ? { key: t.value, line: t.line, column: t.column }
              : { key: t.value, value: t.annValue, line: t.line, column: t.column },
          );
        }
      } else {
        return { docs, annotations };
      }
      this.pos++;
    }
  }

  document(): RawDocument {
    const globals: RawAnnotation[] = [];
    const services: RawService[] = [];
    let program: RawProgram | undefined;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'global') {
        this.pos++;
        globals.push(
          t.annValue === undefined
            ? { key: t.value, line: t.line, column: t.column }
            : { key: t.value, value: t.annValue, line: t.line, column: t.column },
        );
        continue;
      }
      const lead = this.leading();
      if (this.isWord('service')) {
        services.push(this.service(lead));
      } else if (this.isWord('program')) {
        const at = this.peek();
        if (program !== undefined)
          throw new IdlParseError('IDL_DUPLICATE', 'expected at most one program per IDL document', this.file, at.line, at.column);
        program = this.program(lead);
      } else {
        const t = this.peek();
        if (t.kind === 'ident' && (t.value === 'type' || t.value === 'constructor')) this.legacy(t);
        if (t.kind === 'ident' && (t.value === 'struct' || t.value === 'enum' || t.value === 'alias'))
          throw new IdlParseError(
            'IDL_SYNTAX',
            `expected 'service' or 'program', found '${t.value}': Sails IDL v2 has no top-level types; declare it inside the \`types { … }\` block of the service or program that uses it (in an included file too)`,
            this.file,
            t.line,
            t.column,
          );
        this.fail("'service' or 'program'");
      }
    }
    return program === undefined ? { globals, services } : { globals, services, program };
  }

  private serviceIdent(what: string): RawServiceIdent {
    const name = this.ident(what);
    const id = this.peek();
    if (id.kind === 'id') {
      this.pos++;
      return { name: name.value, id: id.value.toLowerCase(), line: name.line, column: name.column };
    }
    return { name: name.value, line: name.line, column: name.column };
  }

  /** Refuses a file in the legacy (Sails 0.x) IDL syntax, at the token that shows it. */
  private legacy(at: Token): never {
    throw new IdlParseError(
      'IDL_LEGACY',
      `found ${describe(at)}: this is the legacy Sails IDL syntax (written by Sails 0.x: \`type Name = struct { … };\`, \`constructor { … };\`, \`service Name { Fn : (args) -> T; };\`), which Sprocket does not read. Regenerate the IDL with Sails 1.0 or later, which writes IDL v2 (\`!@sails: …\`, \`service Name { functions { Fn(args) -> T; } }\`, \`program Name { constructors { … } services { … } }\`)`,
      this.file,
      at.line,
      at.column,
    );
  }

  private service(lead: Leading): RawService {
    const kw = this.expectWord('service');
    if (this.isPunct('{')) this.legacy(kw); // a legacy file's unnamed service
    const ident = this.serviceIdent('a service name');
    this.expect('{', ' after the service name');
    const ext: RawServiceIdent[] = [];
    const events: RawVariant[] = [];
    const functions: RawFunction[] = [];
    const types: RawTypeDecl[] = [];
    while (!this.eat('}')) {
      const t = this.peek();
      if (t.kind !== 'ident') this.fail("'extends', 'events', 'functions', 'types' or '}'");
      // `Fn : (args) -> T;` and `query Fn : …` are legacy service members.
      if (t.value === 'query' || this.isPunct(':', 1)) this.legacy(t);
      this.pos++;
      this.expect('{', ` after '${t.value}'`);
      switch (t.value) {
        case 'extends':
          // The Sails grammar has no empty `extends {}` or `events {}`: each holds at least one entry.
          if (this.isPunct('}')) this.fail('a base service name (an `extends` block is never empty in Sails IDL)');
          while (!this.eat('}')) {
            ext.push(this.serviceIdent('a base service name'));
            if (!this.eat(',') && !this.isPunct('}')) this.fail("',' or '}'");
          }
          break;
        case 'events':
          if (this.isPunct('}')) this.fail('an event (an `events` block is never empty in Sails IDL; leave the block out)');
          while (!this.eat('}')) {
            events.push(this.variant());
            if (!this.eat(',') && !this.isPunct('}')) this.fail("',' or '}' after an event");
          }
          break;
        case 'functions':
          while (!this.eat('}')) functions.push(this.func());
          break;
        case 'types':
          while (!this.eat('}')) types.push(this.typeDecl());
          break;
        default:
          this.fail("'extends', 'events', 'functions', 'types' or '}'", t);
      }
    }
    return { ...lead, ident, extends: ext, events, functions, types, line: kw.line, column: kw.column };
  }

  private program(lead: Leading): RawProgram {
    const kw = this.expectWord('program');
    const name = this.ident('a program name');
    this.expect('{', ' after the program name');
    const constructors: RawConstructor[] = [];
    const services: RawServiceExport[] = [];
    const types: RawTypeDecl[] = [];
    while (!this.eat('}')) {
      const t = this.peek();
      if (t.kind !== 'ident') this.fail("'constructors', 'services', 'types' or '}'");
      this.pos++;
      this.expect('{', ` after '${t.value}'`);
      switch (t.value) {
        case 'constructors':
          while (!this.eat('}')) constructors.push(this.ctor());
          break;
        case 'services':
          while (!this.eat('}')) {
            const l = this.leading();
            const ident = this.serviceIdent('a service name');
            let route: string | undefined;
            if (this.eat(':')) route = this.ident('a route name after ":"').value;
            // `,` separates exports (the spec's examples also write `;`).
            if (!this.eat(',')) this.eat(';');
            services.push(
              route === undefined
                ? { ...l, ident, line: ident.line, column: ident.column }
                : { ...l, ident, route, line: ident.line, column: ident.column },
            );
          }
          break;
        case 'types':
          while (!this.eat('}')) types.push(this.typeDecl());
          break;
        default:
          this.fail("'constructors', 'services', 'types' or '}'", t);
      }
    }
    return { ...lead, name: name.value, constructors, services, types, line: kw.line, column: kw.column };
  }

  private params(): RawParam[] {
    this.expect('(');
    const params: RawParam[] = [];
    while (!this.eat(')')) {
      const name = this.ident("a parameter name or ')'");
      this.expect(':', ` after parameter '${name.value}'`);
      params.push({ name: name.value, type: this.type(), line: name.line, column: name.column });
      if (!this.eat(',') && !this.isPunct(')')) this.fail("',' or ')'");
    }
    return params;
  }

  private func(): RawFunction {
    const lead = this.leading();
    const name = this.ident("a function name or '}'");
    const params = this.params();
    let returns: RawType | undefined;
    let throws: RawType | undefined;
    if (this.eat('->')) returns = this.type();
    if (this.isWord('throws')) {
      this.pos++;
      throws = this.type();
    }
    if (!this.eat(';') && !this.isPunct('}') && this.peek().kind === 'punct') this.fail("';' after the function");
    const base = { ...lead, name: name.value, params, line: name.line, column: name.column };
    return { ...base, ...(returns === undefined ? {} : { returns }), ...(throws === undefined ? {} : { throws }) };
  }

  private ctor(): RawConstructor {
    const lead = this.leading();
    const name = this.ident("a constructor name or '}'");
    const params = this.params();
    let throws: RawType | undefined;
    if (this.isWord('throws')) {
      this.pos++;
      throws = this.type();
    }
    if (!this.eat(';') && !this.isPunct('}') && this.peek().kind === 'punct') this.fail("';' after the constructor");
    const base = { ...lead, name: name.value, params, line: name.line, column: name.column };
    return throws === undefined ? base : { ...base, throws };
  }

  private typeParams(): string[] {
    const params: string[] = [];
    if (!this.eat('<')) return params;
    do {
      params.push(this.ident('a type parameter name').value);
    } while (this.eat(','));
    this.expect('>', ' after the type parameters');
    return params;
  }

  private fields(close: '}' | ')'): RawField[] {
    const fields: RawField[] = [];
    while (!this.eat(close)) {
      const lead = this.leading();
      const at = this.peek();
      let name: string | undefined;
      if (at.kind === 'ident' && this.isPunct(':', 1)) {
        name = at.value;
        this.pos += 2;
      }
      const type = this.type();
      fields.push(
        name === undefined
          ? { ...lead, type, line: at.line, column: at.column }
          : { ...lead, name, type, line: at.line, column: at.column },
      );
      if (!this.eat(',') && !this.isPunct(close)) this.fail(`',' or '${close}'`);
    }
    return fields;
  }

  private variant(): RawVariant {
    const lead = this.leading();
    const name = this.ident('a variant name');
    let fields: RawField[] = [];
    // The Sails grammar lets a `;` follow a variant's `{…}` or `(…)` payload (`ThirdDone(String);`).
    if (this.eat('{')) {
      fields = this.fields('}');
      this.eat(';');
    } else if (this.eat('(')) {
      fields = this.fields(')');
      this.eat(';');
    }
    return { ...lead, name: name.value, fields, line: name.line, column: name.column };
  }

  private typeDecl(): RawTypeDecl {
    const lead = this.leading();
    const kw = this.peek();
    if (this.isWord('struct')) {
      this.pos++;
      const name = this.ident('a struct name');
      const params = this.typeParams();
      let fields: RawField[] = [];
      if (this.eat('{')) {
        fields = this.fields('}');
        this.eat(';');
      } else if (this.eat('(')) {
        fields = this.fields(')');
        this.eat(';');
      } else {
        this.expect(';', ", '{' or '(' after the struct name");
      }
      return { ...lead, k: 'struct', name: name.value, params, fields, line: name.line, column: name.column };
    }
    if (this.isWord('enum')) {
      this.pos++;
      const name = this.ident('an enum name');
      const params = this.typeParams();
      this.expect('{', ' after the enum name');
      const variants: RawVariant[] = [];
      while (!this.eat('}')) {
        variants.push(this.variant());
        if (!this.eat(',') && !this.isPunct('}')) this.fail("',' or '}' after a variant");
      }
      return { ...lead, k: 'enum', name: name.value, params, variants, line: name.line, column: name.column };
    }
    if (this.isWord('alias')) {
      this.pos++;
      const name = this.ident('an alias name');
      const params = this.typeParams();
      this.expect('=', ' after the alias name');
      const target = this.type();
      this.expect(';', ' after the alias');
      return { ...lead, k: 'alias', name: name.value, params, target, line: name.line, column: name.column };
    }
    return this.fail("'struct', 'enum', 'alias' or '}'", kw);
  }

  type(): RawType {
    // The one place type expressions recurse: nesting is bounded here, before the stack is.
    const t = this.peek();
    if (this.typeDepth >= MAX_TYPE_NESTING)
      throw new IdlParseError('IDL_TOO_DEEP', `type expression nested deeper than ${MAX_TYPE_NESTING} levels`, this.file, t.line, t.column);
    this.typeDepth++;
    try {
      return this.typeBody(t);
    } finally {
      this.typeDepth--;
    }
  }

  private typeBody(t: Token): RawType {
    const pos: Pos = { line: t.line, column: t.column };
    if (this.eat('(')) {
      const close = this.peek();
      // Sails reads the unit type only as the literal `()`; its tuple rule needs at least one type.
      if (close.kind === 'punct' && close.value === ')' && (close.line !== t.line || close.column !== t.column + 1)) {
        this.fail("a type, or '()' written without a space for the unit type", close);
      }
      const items: RawType[] = [];
      while (!this.eat(')')) {
        items.push(this.type());
        if (!this.eat(',') && !this.isPunct(')')) this.fail("',' or ')' in a tuple");
      }
      return { k: 'tuple', items, ...pos };
    }
    if (this.eat('[')) {
      const item = this.type();
      if (this.eat(';')) {
        const n = this.peek();
        if (n.kind !== 'number') this.fail('an array length');
        if (Number(n.value) > MAX_ARRAY_LENGTH)
          throw new IdlParseError(
            'IDL_INVALID',
            `array length ${n.value.length > 20 ? `${n.value.slice(0, 20)}...` : n.value} exceeds the limit of ${MAX_ARRAY_LENGTH} items`,
            this.file,
            n.line,
            n.column,
          );
        this.pos++;
        this.expect(']', ' after the array length');
        return { k: 'array', item, length: Number(n.value), ...pos };
      }
      this.expect(']', " or ';' in a slice type");
      return { k: 'vec', item, ...pos };
    }
    if (t.kind === 'ident') {
      this.pos++;
      const args: RawType[] = [];
      if (this.eat('<')) {
        do {
          args.push(this.type());
        } while (this.eat(','));
        this.expect('>', ' after the type arguments');
      }
      return { k: 'named', name: t.value, args, ...pos };
    }
    return this.fail('a type');
  }
}

/** Parses IDL v2 text into its raw syntax tree (no name resolution). */
export function parseSyntax(text: string, file = '<idl>'): RawDocument {
  return new SyntaxParser(text, file).document();
}
