// The view of a manifest the emitters work on: services with their routes, constructors (with the implicit
// default one), and one type table in which names that two services define differently are made unique.
import type { FieldDef, TypeDef, TypeRef } from '@sprocket/sdk';
import { CompilerError } from '../errors.js';
import type { EventDef, FunctionDef, Manifest, ParamDef, ServiceDef } from '../manifest/types.js';
import { camel, isReservedTypeName, pascal } from './names.js';

/** The implicit constructor of a program without `@init`: route name `Default`, no TS method, entry id 0, no arguments. */
export const DEFAULT_CONSTRUCTOR_NAME = 'Default';

/** A service as exposed by the program. */
export interface ModelService {
  /** The name the program exposes it under (the service name for TS actors). */
  readonly name: string;
  readonly route: number;
  readonly def: ServiceDef;
  /** Its client class (`<Program><Name>Service`) and events interface (`<Program><Name>Events`) in a multi-service client. */
  readonly exportNames: ServiceExportNames;
}

/** The module names one exposed service's client takes. */
export interface ServiceExportNames {
  readonly service: string;
  readonly events: string;
}

/**
 * The client class and events interface names of each exposed service, in route order: `<Program><Name>Service` and
 * `<Program><Name>Events`, with `_` after the name for a service whose names another took first (routes `Send` and
 * `send` are `ProgSendService` and `ProgSend_Service`).
 */
export function serviceExportNames(program: string, exposed: readonly string[]): ServiceExportNames[] {
  const taken = new Set<string>();
  return exposed.map((e) => {
    let stem = `${program}${pascal(e)}`;
    while (taken.has(`${stem}Service`) || taken.has(`${stem}Events`)) stem = `${stem}_`;
    const names = { service: `${stem}Service`, events: `${stem}Events` };
    taken.add(names.service);
    taken.add(names.events);
    return names;
  });
}

/** A constructor, with the key the typed client's `deploy` takes. */
export interface ModelConstructor {
  readonly name: string;
  readonly method: string | undefined;
  /** `deploy(transport, code, key, args)`: the TS method name, or `default` for the implicit constructor. */
  readonly key: string;
  readonly params: readonly ParamDef[];
  readonly entryId: number;
  /** `New(…) throws E`: the error a failing constructor replies with (header ‖ SCALE(E)). */
  readonly throws?: TypeRef;
  readonly docs?: readonly string[];
}

/** Everything an emitter needs about one manifest. */
export interface Model {
  readonly name: string;
  readonly source: string;
  readonly services: readonly ModelService[];
  readonly constructors: readonly ModelConstructor[];
  readonly types: ReadonlyMap<string, TypeDef>;
  /** Every service definition of the manifest by name (exposed or only extended), with `types` names applied. */
  readonly serviceDefs: ReadonlyMap<string, ServiceDef>;
  /** True for TS actors (they register with the runtime); false for IDL-sourced programs. */
  readonly isActor: boolean;
}

/** Rewrites named references through `rename`. */
export function renameRef(ref: TypeRef, rename: ReadonlyMap<string, string>): TypeRef {
  return mapRefNames(
    ref,
    (name) => rename.get(name) ?? name,
    (name) => name,
  );
}

/** Rewrites the type parameters of an expression through `rename`. */
function renameParamRef(ref: TypeRef, rename: ReadonlyMap<string, string>): TypeRef {
  return mapRefNames(
    ref,
    (name) => name,
    (name) => rename.get(name) ?? name,
  );
}

/** A type expression rebuilt with its named types' names passed through `named` and its parameters' through `param`. */
function mapRefNames(ref: TypeRef, named: (name: string) => string, param: (name: string) => string): TypeRef {
  const r = (t: TypeRef): TypeRef => mapRefNames(t, named, param);
  switch (ref.kind) {
    case 'primitive':
      return ref;
    case 'param': {
      const name = param(ref.name);
      return name === ref.name ? ref : { kind: 'param', name };
    }
    case 'vec':
      return { kind: 'vec', item: r(ref.item) };
    case 'array':
      return { kind: 'array', item: r(ref.item), length: ref.length };
    case 'tuple':
      return { kind: 'tuple', items: ref.items.map(r) };
    case 'option':
      return { kind: 'option', some: r(ref.some) };
    case 'result':
      return { kind: 'result', ok: r(ref.ok), err: r(ref.err) };
    case 'map':
      return { kind: 'map', key: r(ref.key), value: r(ref.value) };
    case 'compact':
      return { kind: 'compact', inner: r(ref.inner) };
    case 'named': {
      const name = named(ref.name);
      if (ref.args === undefined) return name === ref.name ? ref : { kind: 'named', name };
      return { kind: 'named', name, args: ref.args.map(r) };
    }
  }
}

/** The names a type expression refers to. */
function namedRefs(ref: TypeRef, out: Set<string>): void {
  const inner: readonly TypeRef[] =
    ref.kind === 'vec' || ref.kind === 'array'
      ? [ref.item]
      : ref.kind === 'tuple'
        ? ref.items
        : ref.kind === 'option'
          ? [ref.some]
          : ref.kind === 'result'
            ? [ref.ok, ref.err]
            : ref.kind === 'map'
              ? [ref.key, ref.value]
              : ref.kind === 'compact'
                ? [ref.inner]
                : ref.kind === 'named'
                  ? (ref.args ?? [])
                  : [];
  if (ref.kind === 'named') out.add(ref.name);
  for (const t of inner) namedRefs(t, out);
}

/** The names the fields of a type definition refer to. */
function namedRefsOfDef(def: TypeDef): Set<string> {
  const out = new Set<string>();
  const fields = def.kind === 'struct' ? def.fields : def.variants.flatMap((v) => v.fields);
  for (const f of fields) namedRefs(f.type, out);
  return out;
}

function renameFields(fields: readonly FieldDef[], rename: ReadonlyMap<string, string>): FieldDef[] {
  return fields.map((f) => ({ ...f, type: renameRef(f.type, rename) }));
}

function renameDef(def: TypeDef, rename: ReadonlyMap<string, string>): TypeDef {
  const name = rename.get(def.name) ?? def.name;
  // The name the IDL or the contract wrote stays with the renamed type: errors show it.
  const named = name === def.name ? { name } : { name, idlName: def.idlName ?? def.name };
  if (def.kind === 'struct') return { ...def, ...named, fields: renameFields(def.fields, rename) };
  return { ...def, ...named, variants: def.variants.map((v) => ({ ...v, fields: renameFields(v.fields, rename) })) };
}

function renameService(s: ServiceDef, rename: ReadonlyMap<string, string>): ServiceDef {
  if (rename.size === 0) return s;
  return {
    ...s,
    functions: s.functions.map(
      (f): FunctionDef => ({
        ...f,
        params: f.params.map((p) => ({ ...p, type: renameRef(p.type, rename) })),
        returns: renameRef(f.returns, rename),
        ...(f.throws === undefined ? {} : { throws: renameRef(f.throws, rename) }),
      }),
    ),
    events: s.events.map((e): EventDef => ({ ...e, fields: renameFields(e.fields, rename) })),
    types: s.types.map((t) => renameDef(t, rename)),
  };
}

/** The service as a SCALE client sees it: functions and events whose `@codec` leaves SCALE out are dropped. */
function scaleOnly(s: ServiceDef): ServiceDef {
  if (s.functions.every((f) => f.scale !== false) && s.events.every((e) => e.scale !== false)) return s;
  return { ...s, functions: s.functions.filter((f) => f.scale !== false), events: s.events.filter((e) => e.scale !== false) };
}

/**
 * A generic declaration whose type parameters are all usable as TypeScript type parameters in the module: one named
 * like a type the module writes (`Array`, `Uint8Array`, a declared type) or like a TypeScript keyword (`number`)
 * takes `_`s (`struct W<Uint8Array> { v: Uint8Array, b: [u8] }` is `interface W<Uint8Array_>`). The wire is the same.
 */
function withSafeParams(def: TypeDef, taken: ReadonlySet<string>): TypeDef {
  const params = def.params ?? [];
  const rename = new Map<string, string>();
  for (const p of params) {
    if (!taken.has(p) && !isReservedTypeName(p)) continue;
    let next = `${p}_`;
    while (taken.has(next) || params.includes(next) || [...rename.values()].includes(next)) next = `${next}_`;
    rename.set(p, next);
  }
  if (rename.size === 0) return def;
  const fields = (fs: readonly FieldDef[]): FieldDef[] => fs.map((f) => ({ ...f, type: renameParamRef(f.type, rename) }));
  const renamed = params.map((p) => rename.get(p) ?? p);
  if (def.kind === 'struct') return { ...def, params: renamed, fields: fields(def.fields) };
  return { ...def, params: renamed, variants: def.variants.map((v) => ({ ...v, fields: fields(v.fields) })) };
}

/** The base services of `service` (`extends`, transitively), depth first in `extends` order, each once. */
export function baseServices(
  defs: ReadonlyMap<string, ServiceDef>,
  service: ServiceDef,
  seen: Set<string> = new Set([service.name]),
): ServiceDef[] {
  const out: ServiceDef[] = [];
  for (const name of service.extends) {
    const base = defs.get(name);
    if (base === undefined || seen.has(name)) continue;
    seen.add(name);
    out.push(base, ...baseServices(defs, base, seen));
  }
  return out;
}

/**
 * Type names a generated module cannot declare: TypeScript's global types it writes (`Promise<…>`, `Uint8Array`,
 * `Record<…>`), the sdk names it imports, and its own exports (`<Program>Client`, …). Sails accepts them all as names.
 */
const MODULE_NAMES: ReadonlySet<string> = new Set([
  // TypeScript globals
  'Array',
  'ArrayBuffer',
  'Awaited',
  'BigInt',
  'Boolean',
  'DataView',
  'Date',
  'Error',
  'Exclude',
  'Extract',
  'Function',
  'Iterable',
  'IterableIterator',
  'JSON',
  'Map',
  'Math',
  'NonNullable',
  'Number',
  'Object',
  'Omit',
  'Parameters',
  'Partial',
  'Pick',
  'Promise',
  'PromiseLike',
  'Readonly',
  'ReadonlyArray',
  'ReadonlyMap',
  'ReadonlySet',
  'Record',
  'Required',
  'ReturnType',
  'Set',
  'String',
  'Symbol',
  'Uint8Array',
  'WeakMap',
  'WeakSet',
  // @sprocket/sdk names a generated module imports
  'ActorClient',
  'CallOptions',
  'DeployOptions',
  'GeneratedActor',
  'GeneratedConstructor',
  'GeneratedEvent',
  'GeneratedFunction',
  'GeneratedService',
  'ScaleReader',
  'ScaleWriter',
  'SdkError',
  'SendOptions',
  'SendResult',
  'SendResultOf',
  'Transport',
  'Type',
  'TypeDef',
  'TypeRef',
  'Unsubscribe',
]);

/** The names a manifest's generated module declares itself (`<Program>Client`, `<Program><Service>Service`, …). */
function exportNames(program: string, exposed: readonly string[]): string[] {
  const own = ['Client', 'Events', 'Constructors', 'Definition', 'Schemas', 'Codecs'].map((suffix) => `${program}${suffix}`);
  const perService = serviceExportNames(program, exposed).flatMap((n) => [n.service, n.events]);
  return [...own, ...perService];
}

/** What a manifest's generated code declares for itself, which the types of every actor of its module must avoid. */
export function moduleExportNames(manifest: Manifest): string[] {
  const { programName, exposed } = programNames(manifest);
  return exportNames(programName, exposed);
}

function programNames(manifest: Manifest): { programName: string; exposed: string[] } {
  const program = manifest.program;
  const programName = program?.name ?? manifest.actor?.className ?? manifest.services[0]?.name ?? 'Program';
  const exposed =
    program !== undefined
      ? [...program.services].sort((a, b) => a.route - b.route).map((e) => e.name)
      : manifest.services.map((s) => s.name);
  return { programName, exposed };
}

/** Renames (`Promise` → `Promise_`) for the declared types whose names the generated module needs for itself. */
function moduleNameRenames(
  manifest: Manifest,
  programName: string,
  exposed: readonly string[],
  moduleExports: Iterable<string>,
): Map<string, string> {
  const reserved = new Set([...MODULE_NAMES, ...exportNames(programName, exposed), ...moduleExports]);
  const declared = new Set([...(manifest.program?.types ?? []), ...manifest.services.flatMap((s) => s.types)].map((t) => t.name));
  const rename = new Map<string, string>();
  for (const name of [...declared].sort()) {
    // A TypeScript keyword (`class`, `void`, `any`) cannot name a declaration at all.
    if (!reserved.has(name) && !isReservedTypeName(name)) continue;
    let next = `${name}_`;
    while (declared.has(next) || reserved.has(next)) next = `${next}_`;
    declared.add(next);
    rename.set(name, next);
  }
  return rename;
}

/**
 * Builds the emit model of a manifest; `moduleExports` are the names the other actors of the same module declare
 * ({@link moduleExportNames}): a type the actors share is emitted once, so it must avoid those too.
 */
export function buildModel(manifest: Manifest, moduleExports: Iterable<string> = []): Model {
  const program = manifest.program;
  const { programName, exposed } = programNames(manifest);
  const exposedNames = serviceExportNames(programName, exposed);
  const moduleRename = moduleNameRenames(manifest, programName, exposed, moduleExports);
  // One type table: program types first, then each service's; a name two services define differently is
  // prefixed with the service name inside that service.
  const defsByName = new Map<string, { owner: string | undefined; json: string }[]>();
  const note = (owner: string | undefined, def: TypeDef): void => {
    const list = defsByName.get(def.name) ?? [];
    list.push({ owner, json: JSON.stringify(def) });
    defsByName.set(def.name, list);
  };
  for (const t of program?.types ?? []) note(undefined, t);
  for (const s of manifest.services) for (const t of s.types) note(s.name, t);
  const conflicting = new Set<string>();
  for (const [name, list] of defsByName) if (new Set(list.map((d) => d.json)).size > 1) conflicting.add(name);
  // Names resolve in their own scope, so two definitions written alike still differ when they name a type that
  // differs between the scopes (`struct P { data: Common }` with a `Common` of each scope): mark them too.
  const refsByName = new Map<string, ReadonlySet<string>>();
  for (const t of [...(program?.types ?? []), ...manifest.services.flatMap((s) => s.types)])
    if (!refsByName.has(t.name)) refsByName.set(t.name, namedRefsOfDef(t));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, list] of defsByName) {
      if (list.length < 2 || conflicting.has(name)) continue;
      if ([...(refsByName.get(name) ?? [])].some((r) => conflicting.has(r))) {
        conflicting.add(name);
        changed = true;
      }
    }
  }

  const types = new Map<string, TypeDef>();
  const renamedServices = new Map<string, ServiceDef>();
  for (const t of program?.types ?? []) {
    const def = moduleRename.size === 0 ? t : renameDef(t, moduleRename);
    types.set(def.name, def);
  }
  // Names a prefixed type must not take: every declared name, and those the module needs for itself.
  const taken = new Set<string>([...defsByName.keys(), ...moduleRename.values(), ...MODULE_NAMES, ...exportNames(programName, exposed)]);
  for (const s of manifest.services) {
    const rename = new Map<string, string>(moduleRename);
    for (const t of s.types) {
      if (!conflicting.has(t.name)) continue;
      let unique = `${s.name}${t.name}`;
      while (taken.has(unique)) unique = `${unique}_`;
      taken.add(unique);
      rename.set(t.name, unique);
    }
    const rs = scaleOnly(renameService(s, rename));
    renamedServices.set(s.name, rs);
    for (const t of rs.types) if (!types.has(t.name)) types.set(t.name, t);
  }
  // `Result` too: the sdk type a `Result<T, E>` field is written with (no declaration may take that name).
  const paramTaken = new Set<string>([...taken, ...types.keys(), 'Result']);
  for (const [name, def] of types) types.set(name, withSafeParams(def, paramTaken));
  for (const [name, s] of renamedServices) renamedServices.set(name, { ...s, types: s.types.map((d) => withSafeParams(d, paramTaken)) });

  const lookup = (name: string): ServiceDef => {
    const s = renamedServices.get(name);
    if (s === undefined)
      throw new CompilerError('EMIT_UNKNOWN_SERVICE', `${manifest.source}: the program exposes an unknown service ${name}`);
    return s;
  };
  const services: ModelService[] =
    program !== undefined
      ? [...program.services]
          .sort((a, b) => a.route - b.route)
          .map((e, i) => ({ name: e.name, route: e.route, def: lookup(e.service), exportNames: exposedNames[i]! }))
      : manifest.services.map((s, i) => ({ name: s.name, route: i + 1, def: lookup(s.name), exportNames: exposedNames[i]! }));

  // `deploy` keys: the constructors' method names, `_` appended to one another took first (IDL `New` and `new`).
  const keys = new Set<string>();
  const uniqueKey = (method: string): string => {
    let key = method;
    while (keys.has(key)) key = `${key}_`;
    keys.add(key);
    return key;
  };
  const constructors: ModelConstructor[] =
    program === undefined
      ? []
      : program.constructors.length === 0
        ? [{ name: DEFAULT_CONSTRUCTOR_NAME, method: undefined, key: camel(DEFAULT_CONSTRUCTOR_NAME), params: [], entryId: 0 }]
        : [...program.constructors]
            .filter((c) => c.scale !== false)
            .sort((a, b) => a.entryId - b.entryId)
            .map((c) => ({
              name: c.name,
              method: c.method,
              key: uniqueKey(c.method),
              params: moduleRename.size === 0 ? c.params : c.params.map((p) => ({ ...p, type: renameRef(p.type, moduleRename) })),
              entryId: c.entryId,
              ...(c.throws === undefined ? {} : { throws: renameRef(c.throws, moduleRename) }),
              ...(c.docs === undefined ? {} : { docs: c.docs }),
            }));

  return {
    name: programName,
    source: manifest.source,
    services,
    constructors,
    types,
    serviceDefs: renamedServices,
    isActor: manifest.actor !== undefined,
  };
}
