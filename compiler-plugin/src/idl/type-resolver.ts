// The type half of the IDL semantic pass: type expressions and type declarations resolved in a scope, within limits.
import type { FieldDef, PrimitiveName, TypeDef, TypeRef, VariantDef } from '@sprocket/sdk';
import { IdlParseError, type IdlParseErrorCode } from '../errors.js';
import type { ParamDef } from '../manifest/types.js';
import {
  BUILTIN_GENERICS,
  isNonZeroDecl,
  MAX_NAMED_DEPTH,
  MAX_TYPE_NODES,
  MAX_VARIANTS,
  PRIMITIVES,
  UNHASHABLE_HINTS,
  UNSUPPORTED,
} from './builtin-names.js';
import { GRAMMAR_PRIMITIVES, primitivePrefixOf } from './grammar-primitives.js';
import type { Leading, Pos, RawField, RawParam, RawType, RawTypeDecl, RawVariant } from './raw-ast.js';
import { NON_ZERO_INNER, substituteParams, typeChildren } from './type-hash.js';

/** Names resolvable in one scope: declared types (structs, enums) and aliases. */
export interface Scope {
  readonly decls: ReadonlyMap<string, RawTypeDecl>;
  readonly params: ReadonlySet<string>;
}

/** Resolves type expressions and the type declarations of a block; the service and program passes build on it. */
export class TypeResolver {
  constructor(protected readonly file: string) {}

  protected error(code: IdlParseErrorCode, message: string, at: Pos, cause?: unknown): never {
    throw new IdlParseError(code, message, this.file, at.line, at.column, cause === undefined ? {} : { cause });
  }

  protected noDuplicates(items: readonly ({ readonly name?: string | undefined } & Pos)[], what: string): void {
    const seen = new Set<string>();
    for (const item of items) {
      if (item.name === undefined) continue;
      if (seen.has(item.name)) this.error('IDL_DUPLICATE', `duplicate ${what} '${item.name}'`, item);
      seen.add(item.name);
    }
  }

  protected docs(lead: Leading): { docs?: readonly string[] } {
    return lead.docs.length > 0 ? { docs: [...lead.docs] } : {};
  }

  /** Resolved alias targets per scope (with their own parameters left as `param`), computed once each. */
  private readonly aliasTargets = new WeakMap<ReadonlyMap<string, RawTypeDecl>, Map<RawTypeDecl, TypeRef>>();

  /**
   * Refuses chains of named types deeper than {@link MAX_NAMED_DEPTH} (located at the declaration that starts
   * one) before anything recursive walks them; cycles (recursive types) add no depth here.
   */
  private checkNamedDepth(decls: readonly RawTypeDecl[], all: ReadonlyMap<string, RawTypeDecl>): void {
    const depth = new Map<RawTypeDecl, number>();
    const onStack = new Set<RawTypeDecl>();
    const visit = (d: RawTypeDecl, level: number): number => {
      const known = depth.get(d);
      if (known !== undefined) return known;
      if (onStack.has(d)) return 0;
      if (level > MAX_NAMED_DEPTH)
        this.error('IDL_TOO_DEEP', `type '${d.name}' is reached through a chain of more than ${MAX_NAMED_DEPTH} named types`, d);
      onStack.add(d);
      const params = new Set(d.params);
      let deepest = 0;
      for (const name of namedRefs(d)) {
        const next = params.has(name) ? undefined : all.get(name);
        if (next !== undefined) deepest = Math.max(deepest, visit(next, level + 1));
      }
      onStack.delete(d);
      if (deepest + 1 > MAX_NAMED_DEPTH)
        this.error('IDL_TOO_DEEP', `type '${d.name}' starts a chain of more than ${MAX_NAMED_DEPTH} named types`, d);
      depth.set(d, deepest + 1);
      return deepest + 1;
    };
    for (const d of decls) visit(d, 1);
  }

  type(raw: RawType, scope: Scope, aliasStack: readonly string[] = []): TypeRef {
    switch (raw.k) {
      case 'vec':
        return { kind: 'vec', item: this.type(raw.item, scope, aliasStack) };
      case 'array':
        return { kind: 'array', item: this.type(raw.item, scope, aliasStack), length: raw.length };
      case 'tuple':
        return { kind: 'tuple', items: raw.items.map((t) => this.type(t, scope, aliasStack)) };
      case 'named':
        return this.named(raw, scope, aliasStack);
    }
  }

  private arity(raw: Extract<RawType, { k: 'named' }>, n: number): void {
    if (raw.args.length !== n)
      this.error('IDL_GENERIC_ARITY', `expected ${n} type argument(s) for '${raw.name}', found ${raw.args.length}`, raw);
  }

  /** What is being resolved, for messages: "service `Counter`" or "program `Demo`". */
  protected where = 'the IDL';

  /** Names used in one service that Sails cannot hash: an undeclared `NonZero*`, `message_id`; with the fix. */
  protected unhashable: (Pos & { readonly name: string; readonly fix: string })[] = [];

  private named(raw: Extract<RawType, { k: 'named' }>, scope: Scope, aliasStack: readonly string[]): TypeRef {
    const args = (): TypeRef[] => raw.args.map((t) => this.type(t, scope, aliasStack));
    const prefix = primitivePrefixOf(raw.name);
    if (prefix !== undefined) {
      const fix =
        raw.name === 'actor_id' || raw.name === 'code_id'
          ? `write '${prefix}' or '${prefix === 'actor' ? 'ActorId' : prefix === 'code' ? 'CodeId' : prefix}'`
          : `rename the type so that it does not begin with '${prefix}'`;
      this.error(
        'IDL_SYNTAX',
        `type '${raw.name}' does not parse in Sails: its grammar reads the primitive '${prefix}' and fails at '${raw.name.slice(prefix.length)}'; ${fix}`,
        raw,
      );
    }
    // Sails binds a name to a type parameter only when it has no arguments: in `struct W<T> { a: T, b: T<u8> }`, `b`
    // names the declared generic `T` (or `Option`, `Result`), whatever the parameter is called.
    if (scope.params.has(raw.name) && raw.args.length === 0) return { kind: 'param', name: raw.name };
    const decl = scope.decls.get(raw.name);
    const nonZero = NON_ZERO_INNER[raw.name];
    if (nonZero !== undefined && (decl === undefined || isNonZeroDecl(decl))) {
      // Sails knows the `NonZero*` names without a declaration; a service's interface id needs the declaration.
      this.arity(raw, 0);
      if (decl === undefined)
        this.unhashable.push({
          name: raw.name,
          line: raw.line,
          column: raw.column,
          fix: `add \`struct ${raw.name}(${NON_ZERO_INNER[raw.name] === 'u256' ? 'U256' : NON_ZERO_INNER[raw.name]});\` to the service's types block`,
        });
      return { kind: 'primitive', name: raw.name as PrimitiveName };
    }
    if (decl !== undefined) {
      this.arity(raw, decl.params.length);
      if (decl.k === 'alias') {
        if (aliasStack.includes(decl.name)) this.error('IDL_INVALID', `alias '${decl.name}' refers to itself`, raw);
        let targets = this.aliasTargets.get(scope.decls);
        if (targets === undefined) {
          targets = new Map();
          this.aliasTargets.set(scope.decls, targets);
        }
        let target = targets.get(decl);
        if (target === undefined) {
          target = this.type(decl.target, { decls: scope.decls, params: new Set(decl.params) }, [...aliasStack, decl.name]);
          targets.set(decl, target);
        }
        if (decl.params.length === 0) return target;
        const resolvedArgs = args();
        const bindings = new Map(decl.params.map((p, i) => [p, resolvedArgs[i]!] as const));
        const size = boundedSize(target, bindings);
        if (size > MAX_TYPE_NODES)
          this.error(
            'IDL_TOO_LARGE',
            `'${raw.name}<…>' expands to more than ${MAX_TYPE_NODES} type nodes (aliases doubling at each level?)`,
            raw,
          );
        return substituteParams(target, bindings);
      }
      return raw.args.length === 0 ? { kind: 'named', name: raw.name } : { kind: 'named', name: raw.name, args: args() };
    }
    const primitive = PRIMITIVES[raw.name];
    if (primitive !== undefined) {
      this.arity(raw, 0);
      const hint = UNHASHABLE_HINTS[raw.name];
      if (hint !== undefined) this.unhashable.push({ name: raw.name, line: raw.line, column: raw.column, fix: hint });
      return { kind: 'primitive', name: primitive };
    }
    switch (raw.name) {
      case 'Option': {
        this.arity(raw, 1);
        const [some] = args();
        return { kind: 'option', some: some! };
      }
      case 'Result': {
        this.arity(raw, 2);
        const [ok, err] = args();
        return { kind: 'result', ok: ok!, err: err! };
      }
      case 'Compact': {
        this.arity(raw, 1);
        const [inner] = args();
        return { kind: 'compact', inner: inner! };
      }
    }
    if (UNSUPPORTED.has(raw.name)) this.error('IDL_UNSUPPORTED_TYPE', `type '${raw.name}' has no Sprocket wire type`, raw);
    return this.error(
      'IDL_UNKNOWN_TYPE',
      `Unknown type '${raw.name}' in ${this.where}: not a primitive, Option, Result or NonZero*, and not declared in ${this.where === 'the program' || this.where.startsWith('program') ? "the program's" : "this service's"} types block (a service sees only its own types, the program only its own)`,
      raw,
    );
  }

  private fields(raw: readonly RawField[], scope: Scope, owner: Pos & { readonly name: string }): FieldDef[] {
    const named = raw.filter((f) => f.name !== undefined).length;
    if (named !== 0 && named !== raw.length)
      this.error(
        'IDL_MIXED_FIELDS',
        `Mixing named and unnamed fields in a struct or enum variant is not allowed. ('${owner.name}' in ${this.where} mixes them)`,
        owner,
      );
    this.noDuplicates(raw, 'field');
    return raw.map((f) => ({ ...(f.name === undefined ? {} : { name: f.name }), type: this.type(f.type, scope), ...this.docs(f) }));
  }

  protected variants(raw: readonly RawVariant[], scope: Scope, what: string): VariantDef[] {
    if (raw.length > MAX_VARIANTS)
      this.error(
        'IDL_INVALID',
        `expected at most ${MAX_VARIANTS} ${what}s (the SCALE variant index is one byte), found ${raw.length}`,
        raw[MAX_VARIANTS]!,
      );
    this.noDuplicates(raw, what);
    return raw.map((v) => ({ name: v.name, fields: this.fields(v.fields, scope, v), ...this.docs(v) }));
  }

  /** Resolves the struct and enum declarations of a block; aliases are inlined and not kept. */
  typeDefs(decls: readonly RawTypeDecl[], outer: ReadonlyMap<string, RawTypeDecl>): { defs: TypeDef[]; scope: Scope } {
    this.noDuplicates(decls, 'type');
    for (const d of decls) {
      if (PRIMITIVES[d.name] !== undefined || UNSUPPORTED.has(d.name) || BUILTIN_GENERICS.has(d.name))
        this.error('IDL_INVALID', `type name '${d.name}' is reserved for a built-in type: rename the ${d.k}`, d);
      // The Sails grammar reads a primitive spelling as the primitive before it tries a name, so in `struct W<u16> {
      // v: u16 }` the field is the primitive u16 and never the parameter: refused rather than read another way.
      const primitive = d.params.find((p) => GRAMMAR_PRIMITIVES.includes(p));
      if (primitive !== undefined)
        this.error(
          'IDL_INVALID',
          `type parameter '${primitive}' of '${d.name}' is spelled like the primitive '${primitive}': Sails reads '${primitive}' in the ${d.k} as the primitive, never as the parameter; rename the parameter`,
          d,
        );
    }
    const all = new Map(outer);
    for (const d of decls) all.set(d.name, d);
    this.checkNamedDepth(decls, all);
    const scope: Scope = { decls: all, params: new Set() };
    const defs: TypeDef[] = [];
    for (const d of decls) {
      if (d.k === 'alias') {
        this.type(d.target, { decls: all, params: new Set(d.params) }, [d.name]);
        continue;
      }
      if (isNonZeroDecl(d)) continue;
      const inner: Scope = { decls: all, params: new Set(d.params) };
      const params = d.params.length > 0 ? { params: [...d.params] } : {};
      if (d.k === 'struct')
        defs.push({ kind: 'struct', name: d.name, ...params, fields: this.fields(d.fields, inner, d), ...this.docs(d) });
      else defs.push({ kind: 'enum', name: d.name, ...params, variants: this.variants(d.variants, inner, 'variant'), ...this.docs(d) });
    }
    return { defs, scope };
  }

  protected params(raw: readonly RawParam[], scope: Scope): ParamDef[] {
    this.noDuplicates(raw, 'parameter');
    return raw.map((p) => ({ name: p.name, type: this.type(p.type, scope) }));
  }
}

/** Names referred to by a declaration's types (iterative: nesting adds no stack depth). */
function namedRefs(d: RawTypeDecl): string[] {
  const todo: RawType[] =
    d.k === 'alias' ? [d.target] : d.k === 'struct' ? d.fields.map((f) => f.type) : d.variants.flatMap((v) => v.fields.map((f) => f.type));
  const out: string[] = [];
  for (let t = todo.pop(); t !== undefined; t = todo.pop()) {
    if (t.k === 'named') {
      out.push(t.name);
      todo.push(...t.args);
    } else if (t.k === 'tuple') todo.push(...t.items);
    else todo.push(t.item);
  }
  return out;
}

/** Tree size of `ref` with `bindings` substituted, counting up to just past {@link MAX_TYPE_NODES} (shared subtrees count each time). */
function boundedSize(ref: TypeRef, bindings: ReadonlyMap<string, TypeRef>): number {
  const sizes = new Map([...bindings].map(([name, bound]) => [name, treeSize(bound, new Map())] as const));
  return treeSize(ref, sizes);
}

/** Tree size of `ref`, where a parameter in `params` counts as the given size; stops just past {@link MAX_TYPE_NODES}. */
function treeSize(ref: TypeRef, params: ReadonlyMap<string, number>): number {
  let n = 0;
  const todo: TypeRef[] = [ref];
  for (let t = todo.pop(); t !== undefined && n <= MAX_TYPE_NODES; t = todo.pop()) {
    n++;
    if (t.kind === 'param') n += (params.get(t.name) ?? 1) - 1;
    else todo.push(...typeChildren(t));
  }
  return n;
}
