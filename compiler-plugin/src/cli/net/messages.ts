// Messages of the node verbs, with the CLI's encode/decode machinery: JSON arguments to a whole Sails message,
// reply and event payloads back to JSON.
import {
  codecFromType,
  interfaceIdBytes,
  readHeader,
  ScaleReader,
  ScaleWriter,
  type TypeDef,
  type TypeRef,
  toHex,
  writeHeader,
} from '@sprocket/sdk';
import { buildModel, renameRef } from '../../emit/model.js';
import { renderType } from '../../idl/emitter.js';
import type { Manifest, ServiceDef } from '../../manifest/types.js';
import { CliError } from '../errors.js';
import { checkJsonNumbers } from '../json-numbers.js';
import type { CliIo } from '../main.js';
import { basesOf, type Target } from '../target.js';

/** What the node verbs need of a resolved function or constructor (see `Target`). */
export type NetTarget = Pick<Target, 'what' | 'interfaceId' | 'entryId' | 'route' | 'params' | 'reply' | 'types'>;

/** The parts of the CLI the node verbs reuse, handed over by `main` (so that this module does not import it). */
export interface CliMachinery {
  /** The manifests of an actor file or a Sails IDL file; undefined after printing diagnostics. */
  loadManifests(file: string, io: CliIo): Promise<Manifest[] | undefined>;
  /** Resolves `<Service>.<Function>` (or `<Program>.<Constructor>`). */
  findTarget(manifests: readonly Manifest[], spec: string, route: number | undefined, verb: string): NetTarget;
}

/** Parses JSON given on the command line: unsafe integers and syntax errors refused with `CLI_BAD_JSON`. */
export function parseJsonArgument(jsonText: string): unknown {
  checkJsonNumbers(jsonText);
  try {
    return JSON.parse(jsonText);
  } catch (e) {
    throw new CliError('CLI_BAD_JSON', `the arguments are not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `Poll.Vote(option: u32, note: String)`: the target with its parameters' IDL types, for messages. */
function signatureOf(target: NetTarget): string {
  // A type the generated module renamed (`Promise_`, `SvcKind`) is shown as the IDL or the contract names it.
  const shown = new Map<string, string>();
  for (const [name, def] of target.types) if (def.idlName !== undefined) shown.set(name, def.idlName);
  return `${target.what}(${target.params.map((p) => `${p.name}: ${renderType(renameRef(p.type, shown))}`).join(', ')})`;
}

/**
 * Encodes a JSON array of arguments as the whole message for `target`; `undefined` (no argument given on the
 * command line) stands for `[]` when the target takes none.
 */
export function encodeJsonCall(target: NetTarget, jsonText: string | undefined): Uint8Array {
  const n = target.params.length;
  const expected = `${signatureOf(target)} takes ${n === 1 ? '1 argument' : `${n} arguments`}, as a JSON array in that order`;
  if (jsonText === undefined && n > 0) throw new CliError('CLI_BAD_JSON', `no arguments given: ${expected}`);
  const json = parseJsonArgument(jsonText ?? '[]');
  if (!Array.isArray(json)) {
    throw new CliError('CLI_BAD_JSON', `the arguments must be a JSON array, got ${json === null ? 'null' : typeof json}: ${expected}`);
  }
  if (json.length !== n) throw new CliError('CLI_BAD_JSON', `${expected}, got ${json.length}`);
  const w = new ScaleWriter(64);
  writeHeader(w, interfaceIdBytes(target.interfaceId), target.entryId, target.route);
  target.params.forEach((p, i) => {
    const codec = codecFromType(p.type, target.types);
    const path = `${target.what}.${p.name}`;
    codec.encodeTo(w, codec.fromJson(json[i], path), path);
  });
  return w.finish();
}

/** Decodes a reply payload of `target` (header checked, trailing bytes refused) to its JSON form. */
export function decodeJsonReply(target: NetTarget, bytes: Uint8Array): unknown {
  if (target.reply === undefined) return null;
  const r = new ScaleReader(bytes);
  // A unit reply may come as an empty payload.
  if (bytes.length === 0) return null;
  const header = readHeader(r);
  if (header.interfaceId !== target.interfaceId || header.entryId !== target.entryId) {
    throw new CliError(
      'CLI_HEADER_MISMATCH',
      `the reply is for interface ${header.interfaceId} entry ${header.entryId}, ${target.what} is interface ${target.interfaceId} entry ${target.entryId} (payload ${toHex(bytes)})`,
    );
  }
  const codec = codecFromType(target.reply, target.types);
  const value = codec.decodeFrom(r, `${target.what}.reply`);
  r.end(`${target.what}.reply`);
  return codec.toJson(value);
}

/** An event decoded to JSON, or undefined when no service of the manifests declares it. */
export function decodeJsonEvent(
  manifests: readonly Manifest[],
  bytes: Uint8Array,
): { service: string; event: string; data: unknown } | undefined {
  const r = new ScaleReader(bytes);
  const header = readHeader(r);
  for (const manifest of manifests) {
    const model = buildModel(manifest);
    for (const def of model.serviceDefs.values()) {
      if (def.interfaceId !== header.interfaceId) continue;
      const event = def.events.find((e) => e.entryId === header.entryId);
      if (event === undefined) continue;
      const where = `${def.name}.${event.name}`;
      const { ref, types } = eventType(def, event.name, model.types);
      const codec = codecFromType(ref, types);
      const value = codec.decodeFrom(r, where);
      r.end(where);
      const service = serviceName(model, def, header.route);
      return { service, event: eventName(model, service, def, event.name), data: codec.toJson(value) };
    }
  }
  return undefined;
}

/**
 * The service an event of `def` came from: the one at its route when that one declares or inherits it (a service
 * exposed on two routes, a base's event on a derived route), else the first exposed one of `def`, else `def` itself.
 */
function serviceName(model: ReturnType<typeof buildModel>, def: ServiceDef, route: number): string {
  const at = route === 0 ? undefined : model.services.find((s) => s.route === route);
  if (at !== undefined && (at.def === def || basesOf(model.serviceDefs, at.def).includes(def))) return at.name;
  return model.services.find((s) => s.def === def)?.name ?? def.name;
}

/**
 * The name of an event of `def` as the client of `service` knows it: `<Base>.<Event>` for a base's event that an event
 * of the same name (the service's own, or a nearer base's) hides, its own name otherwise.
 */
function eventName(model: ReturnType<typeof buildModel>, service: string, def: ServiceDef, name: string): string {
  const at = model.services.find((s) => s.name === service)?.def;
  if (at === undefined || at === def) return name;
  const chain = [at, ...basesOf(model.serviceDefs, at)];
  const nearer = chain.slice(0, Math.max(0, chain.indexOf(def)));
  return nearer.some((s) => s.events.some((e) => e.name === name)) ? `${def.name}.${name}` : name;
}

/** The payload type of an event: nothing, its one unnamed field, a tuple of unnamed fields, or a struct of named ones. */
function eventType(
  def: ServiceDef,
  name: string,
  types: ReadonlyMap<string, TypeDef>,
): { ref: TypeRef; types: ReadonlyMap<string, TypeDef> } {
  const fields = def.events.find((e) => e.name === name)?.fields ?? [];
  if (fields.length === 0) return { ref: { kind: 'tuple', items: [] }, types };
  if (fields.every((f) => f.name === undefined)) {
    const first = fields[0];
    if (fields.length === 1 && first !== undefined) return { ref: first.type, types };
    return { ref: { kind: 'tuple', items: fields.map((f) => f.type) }, types };
  }
  const structName = `${def.name}.${name}`;
  const table = new Map(types);
  table.set(structName, { kind: 'struct', name: structName, fields });
  return { ref: { kind: 'named', name: structName }, types: table };
}
