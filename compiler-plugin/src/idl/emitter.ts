import type { FieldDef, TypeDef, TypeRef, TypeTable, VariantDef } from '@sprocket/sdk';
import { DEFAULT_CONSTRUCTOR_NAME } from '../emit/model.js';
import type { ConstructorDef, EventDef, FunctionDef, Manifest, ServiceDef } from '../manifest/types.js';
import { defaultEventEntryIds, defaultFunctionEntryIds } from './entry-ids.js';
import { computeInterfaceId } from './interface-id.js';
import { NON_ZERO_INNER, typeChildren } from './type-hash.js';

/** The IDL version written in the `!@sails:` header. */
export const SAILS_IDL_VERSION = '2.0.0';

const INDENT = '    ';

/** Renders a type expression in IDL v2 syntax (`[u8]`, `(A, B)`, `Option<T>`, `[T; N]`, maps as `[(K, V)]`). */
export function renderType(ref: TypeRef): string {
  switch (ref.kind) {
    case 'primitive':
      // Sails' canonical spelling of the 256-bit integer is `U256` (it also reads `u256`).
      return ref.name === 'u256' ? 'U256' : ref.name;
    case 'vec':
      return `[${renderType(ref.item)}]`;
    case 'array':
      return `[${renderType(ref.item)}; ${ref.length}]`;
    case 'tuple':
      return `(${ref.items.map(renderType).join(', ')})`;
    case 'option':
      return `Option<${renderType(ref.some)}>`;
    case 'result':
      return `Result<${renderType(ref.ok)}, ${renderType(ref.err)}>`;
    case 'map':
      return `[(${renderType(ref.key)}, ${renderType(ref.value)})]`;
    case 'compact':
      return `Compact<${renderType(ref.inner)}>`;
    case 'named':
      return ref.args === undefined || ref.args.length === 0 ? ref.name : `${ref.name}<${ref.args.map(renderType).join(', ')}>`;
    case 'param':
      return ref.name;
  }
}

/** Collects output lines at an indentation depth. */
class Writer {
  readonly lines: string[] = [];

  line(depth: number, text: string): void {
    this.lines.push(INDENT.repeat(depth) + text);
  }

  /**
   * One `///` line per doc line. A doc string that still holds a line break is split there: Sails ends a doc line at
   * `\n`, `\r\n` or `\r`, so the rest would be read as IDL.
   */
  docs(depth: number, docs: readonly string[] | undefined): void {
    for (const d of (docs ?? []).flatMap((x) => x.split(/\r\n|\r|\n/))) this.line(depth, d === '' ? '///' : `/// ${d}`);
  }

  /** Writes `head` followed by its fields (`{…}`, `(…)` or nothing) and `tail`. */
  fields(depth: number, head: string, fields: readonly FieldDef[], tail: string, unitTail = tail): void {
    if (fields.length === 0) {
      this.line(depth, head + unitTail);
      return;
    }
    const named = fields[0]?.name !== undefined;
    const documented = fields.some((f) => (f.docs?.length ?? 0) > 0);
    if (!named && !documented) {
      this.line(depth, `${head}(${fields.map((f) => renderType(f.type)).join(', ')})${tail}`);
      return;
    }
    this.line(depth, named ? `${head} {` : `${head}(`);
    for (const f of fields) {
      this.docs(depth + 1, f.docs);
      this.line(depth + 1, `${f.name === undefined ? '' : `${f.name}: `}${renderType(f.type)},`);
    }
    this.line(depth, `${named ? '}' : ')'}${tail}`);
  }

  variant(depth: number, v: VariantDef | EventDef, extra: readonly string[] = []): void {
    this.docs(depth, v.docs);
    for (const e of extra) this.line(depth, e);
    this.fields(depth, v.name, v.fields, ',');
  }

  typeDef(depth: number, t: TypeDef): void {
    this.docs(depth, t.docs);
    const params = t.params !== undefined && t.params.length > 0 ? `<${t.params.join(', ')}>` : '';
    if (t.kind === 'struct') {
      const named = t.fields[0]?.name !== undefined;
      this.fields(depth, `struct ${t.name}${params}`, t.fields, named ? '' : ';', ';');
      return;
    }
    this.line(depth, `enum ${t.name}${params} {`);
    for (const v of t.variants) this.variant(depth + 1, v);
    this.line(depth, '}');
  }

  types(depth: number, types: readonly TypeDef[]): void {
    if (types.length === 0) return;
    this.line(depth, 'types {');
    for (const t of types) this.typeDef(depth + 1, t);
    this.line(depth, '}');
  }
}

const params = (ps: readonly { readonly name: string; readonly type: TypeRef }[]): string =>
  ps.map((p) => `${p.name}: ${renderType(p.type)}`).join(', ');

const isUnit = (t: TypeRef): boolean => t.kind === 'tuple' && t.items.length === 0;

const byEntryId = <T extends { readonly entryId: number }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.entryId - b.entryId);

/** The `Name@0x…` of a service; the id is computed when the manifest leaves it empty. */
function serviceIdent(name: string, services: ReadonlyMap<string, ServiceDef>, table: TypeTable): string {
  const s = services.get(name);
  if (s === undefined) return name;
  const id = s.interfaceId !== '' ? s.interfaceId : computeInterfaceId(s, (n) => services.get(n), table);
  return `${name}@${id}`;
}

/**
 * The declarations Sails writes for the `NonZero*` primitives a block uses (`struct NonZeroU32(u32);`, as the Sails
 * IDL generator emits them): without one, Sails cannot hash a service that names the type. Sorted by name; a name the
 * block already declares is left to that declaration.
 */
export function nonZeroDecls(refs: readonly TypeRef[], types: readonly TypeDef[]): TypeDef[] {
  const used = new Set<string>();
  const todo: TypeRef[] = [...refs];
  for (const t of types) {
    const fields = t.kind === 'struct' ? t.fields : t.variants.flatMap((v) => v.fields);
    todo.push(...fields.map((f) => f.type));
  }
  for (let t = todo.pop(); t !== undefined; t = todo.pop()) {
    if (t.kind === 'primitive' && NON_ZERO_INNER[t.name] !== undefined) used.add(t.name);
    else todo.push(...typeChildren(t));
  }
  const declared = new Set(types.map((t) => t.name));
  return [...used]
    .filter((n) => !declared.has(n))
    .sort()
    .map((name) => ({ kind: 'struct', name, fields: [{ type: { kind: 'primitive', name: NON_ZERO_INNER[name]! } }] }));
}

function writeFunction(w: Writer, fn: FunctionDef, defaultId: number): void {
  w.docs(2, fn.docs);
  if (fn.kind === 'query') w.line(2, '@query');
  if (fn.payable) w.line(2, '@payable');
  if (fn.entryId !== defaultId) w.line(2, `@entry_id: ${fn.entryId}`);
  const ret = isUnit(fn.returns) ? '' : ` -> ${renderType(fn.returns)}`;
  const throws = fn.throws === undefined ? '' : ` throws ${renderType(fn.throws)}`;
  w.line(2, `${fn.name}(${params(fn.params)})${ret}${throws};`);
}

function writeService(w: Writer, s: ServiceDef, services: ReadonlyMap<string, ServiceDef>, table: TypeTable): void {
  w.docs(0, s.docs);
  w.line(0, `service ${serviceIdent(s.name, services, table)} {`);
  if (s.extends.length > 0) {
    w.line(1, 'extends {');
    for (const b of s.extends) w.line(2, `${serviceIdent(b, services, table)},`);
    w.line(1, '}');
  }
  if (s.events.length > 0) {
    w.line(1, 'events {');
    const evDefaults = defaultEventEntryIds(s.events.map((e) => e.name));
    const evDefaultOf = new Map(s.events.map((e, i) => [e, evDefaults[i] ?? i] as const));
    for (const e of byEntryId(s.events)) {
      w.variant(2, e, e.entryId !== evDefaultOf.get(e) ? [`@entry_id: ${e.entryId}`] : []);
    }
    w.line(1, '}');
  }
  if (s.functions.length > 0) {
    const defaults = defaultFunctionEntryIds(s.functions.map((f) => f.name));
    const defaultOf = new Map(s.functions.map((f, i) => [f, defaults[i] ?? i] as const));
    w.line(1, 'functions {');
    for (const fn of byEntryId(s.functions)) writeFunction(w, fn, defaultOf.get(fn) ?? fn.entryId);
    w.line(1, '}');
  }
  const refs = [
    ...s.functions.flatMap((f) => [...f.params.map((p) => p.type), f.returns, ...(f.throws === undefined ? [] : [f.throws])]),
    ...s.events.flatMap((e) => e.fields.map((f) => f.type)),
  ];
  w.types(1, [...s.types, ...nonZeroDecls(refs, s.types)]);
  w.line(0, '}');
}

function writeConstructor(w: Writer, c: ConstructorDef): void {
  w.docs(2, c.docs);
  const throws = c.throws === undefined ? '' : ` throws ${renderType(c.throws)}`;
  w.line(2, `${c.name}(${params(c.params)})${throws};`);
}

/** Emits canonical, deterministic Sails IDL v2 text for a manifest: the header, its services, then its program. */
export function emitIdl(manifest: Manifest): string {
  const services = new Map(manifest.services.map((s) => [s.name, s] as const));
  const table: TypeTable = new Map((manifest.program?.types ?? []).map((t) => [t.name, t] as const));
  const blocks: string[] = [];
  for (const s of manifest.services) {
    const w = new Writer();
    writeService(w, s, services, table);
    blocks.push(w.lines.join('\n'));
  }
  const p = manifest.program;
  if (p !== undefined) {
    const w = new Writer();
    w.docs(0, p.docs);
    w.line(0, `program ${p.name} {`);
    w.line(1, 'constructors {');
    // A program without constructors is deployed through its implicit one (entry 0, no arguments); Sails declares
    // its implicit `Create()` the same way, so a client read from the IDL has a constructor to call.
    if (p.constructors.length === 0) w.line(2, `${DEFAULT_CONSTRUCTOR_NAME}();`);
    for (const c of byEntryId(p.constructors)) writeConstructor(w, c);
    w.line(1, '}');
    if (p.services.length > 0) {
      w.line(1, 'services {');
      for (const e of [...p.services].sort((a, b) => a.route - b.route)) {
        w.line(2, `${serviceIdent(e.service, services, table)}${e.name === e.service ? '' : `: ${e.name}`},`);
      }
      w.line(1, '}');
    }
    const refs = p.constructors.flatMap((c) => [...c.params.map((x) => x.type), ...(c.throws === undefined ? [] : [c.throws])]);
    w.types(1, [...p.types, ...nonZeroDecls(refs, p.types)]);
    w.line(0, '}');
    blocks.push(w.lines.join('\n'));
  }
  return `!@sails: ${SAILS_IDL_VERSION}\n${blocks.map((b) => `${b}\n`).join('\n')}`;
}
