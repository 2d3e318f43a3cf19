import type { TypeDef, TypeTable } from '@sprocket/sdk';
import { CompilerError } from '../errors.js';
import type { FunctionDef, ServiceDef } from '../manifest/types.js';
import { compareRouteNames } from './entry-ids.js';
import { keccak, structHash, typeHash } from './type-hash.js';

/** Finds a service definition by name (for `extends`). */
export type ServiceLookup = (name: string) => ServiceDef | undefined;

/** The type table a service's types are resolved in: `outer` (e.g. program types) overlaid with the service's own `types`. */
export function serviceTypeTable(service: ServiceDef, outer: TypeTable = new Map()): Map<string, TypeDef> {
  const table = new Map(outer);
  for (const t of service.types) table.set(t.name, t);
  return table;
}

/** Hash of one function: kind, route name, argument type hashes, `res` and the reply type, then `throws` and the error type. */
export function functionHash(fn: FunctionDef, table: TypeTable): Uint8Array {
  const parts: (string | Uint8Array)[] = [fn.kind, fn.name];
  for (const p of fn.params) parts.push(typeHash(p.type, table));
  parts.push('res', typeHash(fn.returns, table));
  if (fn.throws !== undefined) parts.push('throws', typeHash(fn.throws, table));
  return keccak(...parts);
}

/**
 * Hash of the events of a service, as the hash of an enum of them (variant hashes only, in lowercase-name order,
 * whatever their entry ids), or undefined if it has none.
 */
export function eventsHash(service: ServiceDef, table: TypeTable): Uint8Array | undefined {
  if (service.events.length === 0) return undefined;
  const ordered = [...service.events].sort((a, b) => compareRouteNames(a.name, b.name));
  return keccak(...ordered.map((e) => structHash(e.name, e.fields, table)));
}

/** The 8-byte interface id of a service as raw bytes (see README.md for the rules). */
export function interfaceIdBytes(
  service: ServiceDef,
  lookup: ServiceLookup,
  types: TypeTable = new Map(),
  visiting: readonly string[] = [],
): Uint8Array {
  if (visiting.includes(service.name)) {
    throw new CompilerError(
      'HASH_EXTENDS_CYCLE',
      `cyclic \`extends\` graph: service \`${service.name}\` (transitively) extends itself (${[...visiting, service.name].join(' -> ')})`,
    );
  }
  const table = serviceTypeTable(service, types);
  const parts: Uint8Array[] = [];
  const fns = [...service.functions].sort((a, b) => compareRouteNames(a.name, b.name));
  for (const fn of fns) parts.push(functionHash(fn, table));
  const events = eventsHash(service, table);
  if (events !== undefined) parts.push(events);
  const bases = [...service.extends].sort(compareRouteNames);
  for (const baseName of bases) {
    const base = lookup(baseName);
    if (base === undefined) throw new CompilerError('HASH_UNKNOWN_SERVICE', `service ${service.name} extends unknown service ${baseName}`);
    // A `@partial` base is a subset: its id is the one written in the IDL, which Sails folds in as it is.
    const written = base.partial === true ? writtenIdBytes(base.interfaceId) : undefined;
    parts.push(written ?? interfaceIdBytes(base, lookup, types, [...visiting, service.name]));
  }
  return keccak(...parts).slice(0, 8);
}

/** The 8 bytes of a written interface id (`0x` + 16 hex digits), or undefined when there is none. */
function writtenIdBytes(id: string): Uint8Array | undefined {
  if (!/^0x[0-9a-fA-F]{16}$/.test(id)) return undefined;
  return Uint8Array.from({ length: 8 }, (_, i) => Number.parseInt(id.slice(2 + 2 * i, 4 + 2 * i), 16));
}

/** The interface id of a service as `0x` + 16 lowercase hex digits, following Sails' reflect-hash rules. */
export function computeInterfaceId(service: ServiceDef, lookup: ServiceLookup, types: TypeTable = new Map()): string {
  const bytes = interfaceIdBytes(service, lookup, types);
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
