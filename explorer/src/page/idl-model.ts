import { parseIdl, serviceRoutes } from '@sprocket/compiler-plugin/idl';
import {
  CONSTRUCTOR_INTERFACE_ID,
  codecFromType,
  fromHex,
  HEADER_SIZE,
  interfaceIdBytes,
  type Json,
  readHeader,
  ScaleReader,
  ScaleWriter,
  type TypeDef,
  type TypeRef,
  type TypeTable,
  toHex,
  writeHeader,
} from '@sprocket/sdk';

/** A parameter of a callable. */
export interface Param {
  readonly name: string;
  readonly type: TypeRef;
}

/** A function or constructor the page can call, with what it needs to encode the call and decode the reply. */
export interface Callable {
  /** `Service.Function` or `Program.Constructor`. */
  readonly what: string;
  readonly name: string;
  readonly kind: 'command' | 'query' | 'constructor';
  readonly interfaceId: string;
  readonly entryId: number;
  readonly route: number;
  readonly params: readonly Param[];
  /** The reply type (`()` for none); a `throws` error type is in `throws`. */
  readonly returns: TypeRef;
  readonly throws?: TypeRef;
  readonly payable: boolean;
  readonly docs?: readonly string[];
}

/** An event of a service. */
export interface EventInfo {
  readonly what: string;
  readonly name: string;
  readonly interfaceId: string;
  readonly entryId: number;
  readonly fields: readonly { readonly name?: string; readonly type: TypeRef }[];
}

/** What a parsed IDL offers: callables, events and the type table, with decoders for payloads. */
export interface ActorModel {
  readonly program: string;
  readonly idl: string;
  readonly types: TypeTable;
  readonly constructors: readonly Callable[];
  readonly functions: readonly Callable[];
  readonly events: readonly EventInfo[];
}

/** A decoded payload: which callable or event and its JSON form; `error` when the bytes do not fit. */
export interface Decoded {
  readonly what?: string;
  readonly json?: Json;
  readonly error?: string;
}

const UNIT: TypeRef = { kind: 'tuple', items: [] };

/** Parses Sails IDL text into an ActorModel (throws the parser's located IdlParseError). */
export function modelFromIdl(idl: string, file = '<idl>'): ActorModel {
  const manifest = parseIdl(idl, file);
  const types = new Map<string, TypeDef>();
  for (const t of manifest.program?.types ?? []) types.set(t.name, t);
  for (const s of manifest.services) for (const t of s.types) types.set(t.name, t);
  const routes = serviceRoutes(manifest);
  const byName = new Map(manifest.services.map((s) => [s.name, s] as const));
  const functions: Callable[] = [];
  const events: EventInfo[] = [];
  const exported = manifest.program?.services ?? manifest.services.map((s, i) => ({ name: s.name, service: s.name, route: i + 1 }));
  for (const exp of exported) {
    const svc = byName.get(exp.service);
    if (svc === undefined) continue;
    const route = routes.get(exp.name) ?? exp.route;
    // The service's own functions, then those of its bases (called on the derived route with the base's ids).
    const chain = [svc];
    for (let i = 0; i < chain.length; i++)
      for (const b of (chain[i] as (typeof chain)[number]).extends) {
        const base = byName.get(b);
        if (base !== undefined && !chain.includes(base)) chain.push(base);
      }
    const seen = new Set<string>();
    const seenEvents = new Set<string>();
    for (const owner of chain) {
      for (const fn of owner.functions) {
        if (seen.has(fn.name)) continue;
        seen.add(fn.name);
        functions.push({
          what: `${exp.name}.${fn.name}`,
          name: fn.name,
          kind: fn.kind,
          interfaceId: owner.interfaceId,
          entryId: fn.entryId,
          route,
          params: fn.params,
          returns: fn.returns,
          ...(fn.throws === undefined ? {} : { throws: fn.throws }),
          payable: fn.payable,
          ...(fn.docs === undefined ? {} : { docs: fn.docs }),
        });
      }
      for (const ev of owner.events) {
        // A base's event that an event of the same name hides (the service's own, or a nearer base's) keeps its own
        // ids on the wire: it is `<Base>.<Event>`, as generated clients name it.
        const name = seenEvents.has(ev.name) ? `${owner.name}.${ev.name}` : ev.name;
        seenEvents.add(name);
        events.push({
          what: `${exp.name}.${name}`,
          name,
          interfaceId: owner.interfaceId,
          entryId: ev.entryId,
          fields: ev.fields,
        });
      }
    }
  }
  const program = manifest.program?.name ?? manifest.services[0]?.name ?? 'Program';
  const constructors: Callable[] = (manifest.program?.constructors ?? []).map((c) => ({
    what: `${program}.${c.name}`,
    name: c.name,
    kind: 'constructor' as const,
    interfaceId: CONSTRUCTOR_INTERFACE_ID,
    entryId: c.entryId,
    route: 0,
    params: c.params,
    returns: UNIT,
    ...(c.throws === undefined ? {} : { throws: c.throws }),
    payable: true,
  }));
  return { program, idl, types, constructors, functions, events };
}

/** Encodes a call: header ‖ SCALE(arguments) from the arguments' JSON form; errors name `Service.Function.param`. */
export function encodeCall(model: ActorModel, fn: Callable, args: readonly unknown[]): Uint8Array {
  const w = new ScaleWriter(64);
  writeHeader(w, interfaceIdBytes(fn.interfaceId), fn.entryId, fn.route);
  fn.params.forEach((p, i) => {
    const codec = codecFromType(p.type, model.types);
    const path = `${fn.what}.${p.name}`;
    codec.encodeTo(w, codec.fromJson(args[i], path), path);
  });
  return w.finish();
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The callable a payload's header names (function by interface id, entry id and route; constructor by entry id). */
export function callableOf(model: ActorModel, payload: Uint8Array): Callable | undefined {
  if (payload.length < HEADER_SIZE) return undefined;
  try {
    const h = readHeader(new ScaleReader(payload));
    if (h.interfaceId === CONSTRUCTOR_INTERFACE_ID && h.route === 0) return model.constructors.find((c) => c.entryId === h.entryId);
    return model.functions.find(
      (f) => f.interfaceId === h.interfaceId && f.entryId === h.entryId && (h.route === 0 || f.route === h.route),
    );
  } catch {
    return undefined;
  }
}

/** Decodes a call's arguments (JSON array), naming the callable. */
export function decodeCall(model: ActorModel, payloadHex: string): Decoded {
  try {
    const bytes = fromHex(payloadHex, 'payload');
    const fn = callableOf(model, bytes);
    if (fn === undefined) return { error: `${bytes.length} bytes: no function of ${model.program} matches the header` };
    const r = new ScaleReader(bytes);
    r.offset = HEADER_SIZE;
    const json = fn.params.map((p) => {
      const codec = codecFromType(p.type, model.types);
      return codec.toJson(codec.decodeFrom(r, `${fn.what}.${p.name}`));
    });
    r.end(fn.what);
    return { what: fn.what, json };
  } catch (e) {
    return { error: message(e) };
  }
}

/** Decodes a reply payload of `fn` (an ok reply, or with `isError` the `throws` payload of an error reply). */
export function decodeReply(model: ActorModel, fn: Callable, replyHex: string, isError = false): Decoded {
  try {
    const bytes = fromHex(replyHex, 'reply');
    const type = isError ? fn.throws : fn.returns;
    if (type === undefined) return { error: `${bytes.length} bytes` };
    if (bytes.length === 0 && type.kind === 'tuple' && type.items.length === 0) return { what: fn.what, json: null };
    const r = new ScaleReader(bytes);
    readHeader(r);
    const codec = codecFromType(type, model.types);
    const v = codec.decodeFrom(r, `${fn.what}.reply`);
    r.end(`${fn.what}.reply`);
    return { what: fn.what, json: codec.toJson(v) };
  } catch (e) {
    return { error: message(e) };
  }
}

/** Decodes an event message (header ‖ fields) into `{ name: fields }`. */
export function decodeEvent(model: ActorModel, payloadHex: string): Decoded {
  try {
    const bytes = fromHex(payloadHex, 'event');
    const r = new ScaleReader(bytes);
    const h = readHeader(r);
    const ev = model.events.find((e) => e.interfaceId === h.interfaceId && e.entryId === h.entryId);
    if (ev === undefined) return { error: `${bytes.length} bytes: no event of ${model.program} matches the header` };
    let json: Json;
    if (ev.fields.length === 0) json = null;
    else if (ev.fields.every((f) => f.name !== undefined)) {
      const obj: Record<string, Json> = {};
      for (const f of ev.fields) {
        const codec = codecFromType(f.type, model.types);
        obj[f.name as string] = codec.toJson(codec.decodeFrom(r, `${ev.what}.${f.name}`));
      }
      json = obj;
    } else {
      const items = ev.fields.map((f, i) => {
        const codec = codecFromType(f.type, model.types);
        return codec.toJson(codec.decodeFrom(r, `${ev.what}[${i}]`));
      });
      json = items.length === 1 ? (items[0] as Json) : items;
    }
    r.end(ev.what);
    return { what: ev.what, json };
  } catch (e) {
    return { error: message(e) };
  }
}

/** `0x` hex of bytes (re-exported for views). */
export const hex = toHex;
