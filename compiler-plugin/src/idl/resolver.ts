import type { FieldDef, PrimitiveName, TypeDef, TypeRef, VariantDef } from '@sprocket/sdk';
import { CompilerError, IdlParseError, type IdlParseErrorCode } from '../errors.js';
import type {
  ConstructorDef,
  EventDef,
  FunctionDef,
  Manifest,
  ParamDef,
  ProgramDef,
  ServiceDef,
  ServiceExport,
} from '../manifest/types.js';
import { eventEntryIds, functionEntryIds, methodNameOfRoute } from './entry-ids.js';
import { primitivePrefixOf } from './grammar-primitives.js';
import { computeInterfaceId } from './interface-id.js';
import type {
  Leading,
  Pos,
  RawAnnotation,
  RawDocument,
  RawField,
  RawParam,
  RawService,
  RawType,
  RawTypeDecl,
  RawVariant,
} from './raw-ast.js';
import { NON_ZERO_INNER, substituteParams, typeChildren } from './type-hash.js';

/** Options of the semantic pass. */
export interface ResolveOptions {
  /** Check every `Name@0x…` against the computed interface id (default true). */
  readonly verifyIds?: boolean;
}

/** Sails IDL primitive spellings (including the lowercase aliases of the grammar) → Sprocket primitive. */
const PRIMITIVES: Readonly<Record<string, PrimitiveName>> = {
  bool: 'bool',
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  u128: 'u128',
  u256: 'u256',
  U256: 'u256',
  i8: 'i8',
  i16: 'i16',
  i32: 'i32',
  i64: 'i64',
  i128: 'i128',
  String: 'String',
  string: 'String',
  ActorId: 'ActorId',
  actor: 'ActorId',
  CodeId: 'CodeId',
  code: 'CodeId',
  MessageId: 'MessageId',
  messageid: 'MessageId',
  H256: 'H256',
  h256: 'H256',
  H160: 'H160',
  h160: 'H160',
  char: 'char',
  // Not a grammar spelling, but Sails' `PrimitiveType::from_str` knows it, so its validation accepts the name where
  // no interface id is computed (a program, a `@partial` service). `actor_id` and `code_id` never get this far: the
  // grammar reads `actor` / `code` and fails at `_id`.
  message_id: 'MessageId',
};

/** Names Sails accepts but cannot hash, so a service whose id is computed may not use them. */
const UNHASHABLE_HINTS: Readonly<Record<string, string>> = {
  message_id: 'write `MessageId` or `messageid`',
};

/**
 * Whether an item is reachable through SCALE, by its `@codec` annotations: none means every codec; a bare `@codec`
 * too; otherwise the union of the comma-separated tokens must name `scale` (unknown tokens are ignored).
 */
export function hasScaleCodec(annotations: readonly RawAnnotation[]): boolean {
  const codecs = annotations.filter((a) => a.key === 'codec');
  if (codecs.length === 0) return true;
  return codecs.some((a) => a.value === undefined || a.value.split(',').some((t) => t.trim() === 'scale'));
}

/** Sails primitives that Sprocket has no wire type for (none left; kept for the error path). */
const UNSUPPORTED = new Set<string>();

/** Built-in generic names a declaration may not take either. */
const BUILTIN_GENERICS = new Set(['Option', 'Result', 'Compact']);

/** Longest chain of named types (structs, enums, aliases referring to one another) the resolver accepts. */
export const MAX_NAMED_DEPTH = 256;
/** Most type nodes one resolved type expression may expand to (aliases are inlined). */
export const MAX_TYPE_NODES = 65_536;
/** Most variants of an enum or events of a service (the SCALE variant index is one byte). */
export const MAX_VARIANTS = 256;

/**
 * Whether a declaration is the one Sails writes for a `NonZero*` primitive, `struct NonZeroU32(u32);`: then the name
 * means the primitive (and the declaration is not kept as a user type).
 */
function isNonZeroDecl(d: RawTypeDecl): boolean {
  const inner = NON_ZERO_INNER[d.name];
  if (inner === undefined || d.k !== 'struct' || d.params.length > 0 || d.fields.length !== 1) return false;
  const f = d.fields[0]!;
  return f.name === undefined && f.type.k === 'named' && f.type.args.length === 0 && PRIMITIVES[f.type.name] === inner;
}

/** Names resolvable in one scope: declared types (structs, enums) and aliases. */
interface Scope {
  readonly decls: ReadonlyMap<string, RawTypeDecl>;
  readonly params: ReadonlySet<string>;
}

/** Semantic pass: resolves names, checks duplicates, assigns entry ids and routes, computes and checks interface ids. */
class Resolver {
  constructor(
    private readonly file: string,
    private readonly options: ResolveOptions,
  ) {}

  private error(code: IdlParseErrorCode, message: string, at: Pos, cause?: unknown): never {
    throw new IdlParseError(code, message, this.file, at.line, at.column, cause === undefined ? {} : { cause });
  }

  private noDuplicates(items: readonly ({ readonly name?: string | undefined } & Pos)[], what: string): void {
    const seen = new Set<string>();
    for (const item of items) {
      if (item.name === undefined) continue;
      if (seen.has(item.name)) this.error('IDL_DUPLICATE', `duplicate ${what} '${item.name}'`, item);
      seen.add(item.name);
    }
  }

  private docs(lead: Leading): { docs?: readonly string[] } {
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
  private where = 'the IDL';

  /** Names used in one service that Sails cannot hash: an undeclared `NonZero*`, `message_id`; with the fix. */
  private unhashable: (Pos & { readonly name: string; readonly fix: string })[] = [];

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
    if (scope.params.has(raw.name)) {
      this.arity(raw, 0);
      return { kind: 'param', name: raw.name };
    }
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

  private variants(raw: readonly RawVariant[], scope: Scope, what: string): VariantDef[] {
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

  private params(raw: readonly RawParam[], scope: Scope): ParamDef[] {
    this.noDuplicates(raw, 'parameter');
    return raw.map((p) => ({ name: p.name, type: this.type(p.type, scope) }));
  }

  /**
   * The `@entry_id` of an item, as Sails reads it: a decimal u16 (`+` allowed, as Rust parses it). `owner` names the
   * item in errors (`service \`Canvas\`: function \`Draw\``); `required` is set inside a `@partial` service.
   */
  private entryIdOf(annotations: readonly RawAnnotation[], owner: string, at: Pos, required = false): number | undefined {
    const ann = annotations.find((a) => a.key === 'entry_id');
    if (ann === undefined) {
      if (required) this.error('IDL_PARTIAL', `${owner} is missing \`@entry_id\` annotation (required for @partial services)`, at);
      return undefined;
    }
    const text = ann.value;
    if (text === undefined) this.error('IDL_INVALID', `${owner} has invalid \`@entry_id\` value (expected a u16)`, ann);
    const value = /^\+?[0-9]+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(value) || value < 0 || value > 0xffff)
      this.error('IDL_INVALID', `${owner} has invalid \`@entry_id\` value \`${text}\` (expected a u16)`, ann);
    return value;
  }

  /** Refuses two entries with one entry id (they would encode to identical bytes), located at the second. */
  private distinctIds(ids: readonly number[], items: readonly ({ readonly name: string } & Pos)[], what: string): void {
    const first = new Map<number, string>();
    ids.forEach((id, i) => {
      const item = items[i]!;
      const other = first.get(id);
      if (other !== undefined)
        this.error('IDL_DUPLICATE', `${this.where}: duplicate entry_id ${id} among ${what}s ('${other}' and '${item.name}')`, item);
      first.set(id, item.name);
    });
  }

  service(raw: RawService): ServiceDef {
    this.unhashable = [];
    this.where = `service \`${raw.ident.name}\``;
    const def = this.serviceBody(raw);
    const missing = this.unhashable[0];
    // Sails hashes a named type through its declaration: without one (an undeclared `NonZero*`, `message_id`) the
    // interface id cannot be computed, and Sails refuses the file.
    if (missing !== undefined && def.partial !== true) {
      this.error(
        'IDL_INVALID',
        `type \`${missing.name}\` not supported: service \`${raw.ident.name}\` cannot get its interface id computed with it; ${missing.fix}`,
        missing,
      );
    }
    return def;
  }

  private serviceBody(raw: RawService): ServiceDef {
    // A service sees only its own types: program types are not an ambient scope (Sails IDL v2).
    const { defs, scope } = this.typeDefs(raw.types, new Map());
    this.noDuplicates(raw.functions, 'function');
    this.noDuplicates(raw.extends, 'base service');
    const partial = raw.annotations.some((a) => a.key === 'partial');
    const owner = `service \`${raw.ident.name}\``;
    if (partial && raw.ident.id === undefined)
      this.error(
        'IDL_PARTIAL',
        `${owner} is marked as \`@partial\` but does not have an explicit \`interface_id\` (e.g. \`service ${raw.ident.name}@0x...\`)`,
        raw.ident,
      );
    const fnIds = functionEntryIds(
      raw.functions.map((f) => ({ name: f.name, explicit: this.entryIdOf(f.annotations, `${owner}: function \`${f.name}\``, f, partial) })),
    );
    const functions: FunctionDef[] = raw.functions.map((f, i) => {
      const has = (key: string): boolean => f.annotations.some((a) => a.key === key);
      const fn: FunctionDef = {
        name: f.name,
        method: methodNameOfRoute(f.name),
        kind: has('query') ? 'query' : 'command',
        params: this.params(f.params, scope),
        returns: f.returns === undefined ? { kind: 'tuple', items: [] } : this.type(f.returns, scope),
        ...(f.throws === undefined ? {} : { throws: this.type(f.throws, scope) }),
        entryId: fnIds[i] ?? i,
        payable: has('payable'),
        ...(hasScaleCodec(f.annotations) ? {} : { scale: false }),
        ...this.docs(f),
      };
      return fn;
    });
    this.distinctIds(fnIds, raw.functions, 'function');
    const evIds = eventEntryIds(
      raw.events.map((e) => ({ name: e.name, explicit: this.entryIdOf(e.annotations, `${owner}: event \`${e.name}\``, e, partial) })),
    );
    this.distinctIds(evIds, raw.events, 'event');
    const events: EventDef[] = this.variants(raw.events, scope, 'event').map((v, i) => ({
      name: v.name,
      fields: v.fields,
      entryId: evIds[i] ?? i,
      ...(hasScaleCodec(raw.events[i]?.annotations ?? []) ? {} : { scale: false }),
      ...(v.docs === undefined ? {} : { docs: v.docs }),
    }));
    return {
      name: raw.ident.name,
      interfaceId: raw.ident.id ?? '',
      extends: raw.extends.map((e) => e.name),
      functions,
      events,
      types: defs,
      ...(partial ? { partial: true } : {}),
      ...this.docs(raw),
    };
  }

  private inProgram<T>(name: string, f: () => T): T {
    this.where = `program \`${name}\``;
    return f();
  }

  resolve(doc: RawDocument): Manifest {
    const verify = this.options.verifyIds ?? true;
    const program = doc.program;
    const programTypes =
      program === undefined
        ? { defs: [] as TypeDef[], scope: { decls: new Map<string, RawTypeDecl>(), params: new Set<string>() } }
        : this.inProgram(program.name, () => this.typeDefs(program.types, new Map()));

    const seenServices = new Set<string>();
    for (const s of doc.services) {
      if (seenServices.has(s.ident.name))
        this.error('IDL_DUPLICATE', `duplicate service definition: service \`${s.ident.name}\` is declared more than once`, s.ident);
      seenServices.add(s.ident.name);
    }
    const rawByName = new Map(doc.services.map((s) => [s.ident.name, s] as const));
    const parsed = doc.services.map((s) => this.service(s));
    const byName = new Map(parsed.map((s) => [s.name, s] as const));

    for (const s of doc.services) {
      for (const base of s.extends) {
        if (!rawByName.has(base.name))
          this.error(
            'IDL_UNKNOWN_SERVICE',
            `service \`${base.name}\` not found in IDL: service \`${s.ident.name}\` extends it, but this file does not declare it`,
            base,
          );
      }
    }
    const computed = new Map<string, string>();
    for (const s of doc.services) {
      const def = byName.get(s.ident.name)!;
      try {
        // A `@partial` service keeps its written id: its functions are a subset, the id cannot be recomputed.
        computed.set(
          def.name,
          def.partial === true && def.interfaceId !== '' ? def.interfaceId : computeInterfaceId(def, (n) => byName.get(n)),
        );
      } catch (e) {
        if (e instanceof CompilerError)
          this.error(
            e.code === 'HASH_TOO_DEEP' ? 'IDL_TOO_DEEP' : 'IDL_INVALID',
            `cannot compute the interface id of '${def.name}': ${e.message}`,
            s.ident,
            e,
          );
        throw e;
      }
    }
    const seenIds = new Map<string, string>();
    for (const s of doc.services) {
      const id = computed.get(s.ident.name);
      if (id === undefined) continue;
      const other = seenIds.get(id);
      if (other !== undefined)
        this.error('IDL_DUPLICATE', `duplicate interface_id ${id} found for services \`${other}\` and \`${s.ident.name}\``, s.ident);
      seenIds.set(id, s.ident.name);
    }
    const checkId = (ident: { name: string; id?: string } & Pos): void => {
      const actual = computed.get(ident.name);
      if (verify && ident.id !== undefined && actual !== undefined && ident.id !== actual) {
        this.error(
          'IDL_ID_MISMATCH',
          `service \`${ident.name}\` computed interface_id ${actual} is not equal to ${ident.id} in IDL`,
          ident,
        );
      }
    };
    const services = parsed.map((def, i) => {
      const raw = doc.services[i]!;
      checkId(raw.ident);
      for (const base of raw.extends) checkId(base);
      return raw.ident.id === undefined || verify ? { ...def, interfaceId: computed.get(def.name) ?? def.interfaceId } : def;
    });

    let programDef: ProgramDef | undefined;
    if (program !== undefined) {
      this.where = `program \`${program.name}\``;
      this.noDuplicates(program.constructors, 'constructor');
      const owner = `program \`${program.name}\``;
      const constructors: ConstructorDef[] = program.constructors.map((c, i) => ({
        name: c.name,
        method: methodNameOfRoute(c.name),
        params: this.params(c.params, programTypes.scope),
        entryId: this.entryIdOf(c.annotations, `${owner}: constructor \`${c.name}\``, c) ?? i,
        ...(c.throws === undefined ? {} : { throws: this.type(c.throws, programTypes.scope) }),
        ...(hasScaleCodec(c.annotations) ? {} : { scale: false }),
        ...this.docs(c),
      }));
      this.distinctIds(
        constructors.map((c) => c.entryId),
        program.constructors,
        'constructor',
      );
      if (program.services.length > 255) this.error('IDL_INVALID', 'Too many services in program. Max: 255', program.services[255]!);
      const exports: ServiceExport[] = program.services.map((e, i) => {
        if (!byName.has(e.ident.name))
          this.error(
            'IDL_UNKNOWN_SERVICE',
            `service \`${e.ident.name}\` not found in IDL: program \`${program.name}\` exposes it, but this file does not declare it`,
            e.ident,
          );
        checkId(e.ident);
        return { name: e.route ?? e.ident.name, service: e.ident.name, route: i + 1 };
      });
      this.noDuplicates(
        exports.map((e, i) => ({ name: e.name, line: program.services[i]!.line, column: program.services[i]!.column })),
        'route',
      );
      programDef = { name: program.name, constructors, services: exports, types: programTypes.defs, ...this.docs(program) };
    }
    const manifest: Manifest = { version: 1, source: this.file, ...(programDef === undefined ? {} : { program: programDef }), services };
    return manifest;
  }
}

/** Resolves a raw IDL document into a manifest (names, duplicates, entry ids, routes, interface ids). */
export function resolveDocument(doc: RawDocument, file: string, options: ResolveOptions = {}): Manifest {
  return new Resolver(file, options).resolve(doc);
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
