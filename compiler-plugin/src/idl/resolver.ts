// The IDL semantic pass over services and the program: entry ids, routes, and interface ids computed and checked.
import type { TypeDef } from '@sprocket/sdk';
import { CompilerError } from '../errors.js';
import type { ConstructorDef, EventDef, FunctionDef, Manifest, ProgramDef, ServiceDef, ServiceExport } from '../manifest/types.js';
import { eventEntryIds, functionEntryIds, methodNameOfRoute } from './entry-ids.js';
import { computeInterfaceId } from './interface-id.js';
import type { Pos, RawAnnotation, RawDocument, RawService, RawTypeDecl } from './raw-ast.js';
import { TypeResolver } from './type-resolver.js';

/** Options of the semantic pass. */
export interface ResolveOptions {
  /** Check every `Name@0x…` against the computed interface id (default true). */
  readonly verifyIds?: boolean;
}

/**
 * Whether an item is reachable through SCALE, by its `@codec` annotations: none means every codec; a bare `@codec`
 * too; otherwise the union of the comma-separated tokens must name `scale` (unknown tokens are ignored).
 */
export function hasScaleCodec(annotations: readonly RawAnnotation[]): boolean {
  const codecs = annotations.filter((a) => a.key === 'codec');
  if (codecs.length === 0) return true;
  return codecs.some((a) => a.value === undefined || a.value.split(',').some((t) => t.trim() === 'scale'));
}

/** Semantic pass: resolves names, checks duplicates, assigns entry ids and routes, computes and checks interface ids. */
class Resolver extends TypeResolver {
  constructor(
    file: string,
    private readonly options: ResolveOptions,
  ) {
    super(file);
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
