import {
  type CodeId,
  type GeneratedActor,
  type GeneratedConstructor,
  type GeneratedEvent,
  type GeneratedFunction,
  type GeneratedService,
  getActorMetadata,
  HEADER_SIZE,
  interfaceIdBytes,
  requireGenerated,
} from '@sprocket/sdk';
import { type RangedCollection, rangedCollections } from './collection-ranges.js';
import { RuntimeError } from './errors.js';
import { codeIdOf } from './ids.js';
import { type NestedField, nestedFields } from './nested-shapes.js';
import { staleDefinitionError } from './stale-definition.js';
import { type RangedField, rangedFields } from './state-ranges.js';

/** A contract class the runtime can instantiate: an `@actor()` class with a no-argument constructor. */
export type ActorClass<T extends object = object> = new () => T;

/** How the runtime dispatches one function: the generated codecs plus the handler's method. */
export interface DispatchEntry {
  readonly service: GeneratedService;
  readonly fn: GeneratedFunction;
  /** The TypeScript method to call. */
  readonly method: string;
  /** Queries run read-only. */
  readonly readOnly: boolean;
  readonly payable: boolean;
  /** `Service.Route`, for errors and traces. */
  readonly route: string;
  /** The 8 interface-id bytes the header must carry. */
  readonly iface: Uint8Array;
  /** The class's method, read once without running any getter (undefined: looked up on the instance, which reports a stale definition). */
  readonly handler: ((...args: unknown[]) => unknown) | undefined;
}

/** A service event with its service, for emit and for decoding. */
export interface EventEntry {
  readonly service: GeneratedService;
  readonly event: GeneratedEvent;
}

/** Registered code: an actor class with its generated definition and dispatch table. */
export class Code {
  /** Deterministic id: sha256 of the program name and IDL. */
  readonly id: CodeId;
  /** Program name. */
  readonly name: string;
  /** Whether instances take exclusive turns. */
  readonly exclusive: boolean;
  /** Integer state fields range-checked when a segment commits. */
  readonly rangedFields: readonly RangedField[];
  /** Collection fields whose integer elements are range-checked when a segment commits (collection-ranges.ts). */
  readonly rangedCollections: readonly RangedCollection[];
  /** Fields with integers nested deeper (structs, Maps of structs), range-checked on commit (nested-ranges.ts). */
  readonly nestedFields: readonly NestedField[];
  private readonly entries = new Map<number, DispatchEntry>();
  /** Entries whose route and entry id another interface already holds in `table` (inherited functions), by route, interface id and entry id. */
  private readonly inherited = new Map<string, DispatchEntry>();
  /** `table[route][entryId]`: the entries again, for the lookup of every message (arrays index faster than a Map). */
  private readonly table: (DispatchEntry | undefined)[][] = [];
  private readonly ctorsById = new Map<number, GeneratedConstructor>();
  private readonly eventsByName: ReadonlyMap<string, EventEntry>;
  private readonly eventsByKey = new Map<number, EventEntry>();

  constructor(
    readonly actorClass: ActorClass,
    readonly definition: GeneratedActor,
    /** An explicit id (a node names uploaded code by the hash of its bytes); default: {@link codeIdOf} the definition. */
    id?: CodeId,
  ) {
    const meta = getActorMetadata(actorClass);
    if (meta === undefined) {
      throw new RuntimeError('RUNTIME_NOT_AN_ACTOR', `${actorClass.name} has no @actor() decorator: only actor classes can be deployed`);
    }
    const stale = staleDefinitionError(actorClass, definition);
    if (stale !== undefined) throw stale;
    this.id = id ?? codeIdOf(definition);
    this.name = definition.name;
    this.exclusive = meta.exclusive;
    this.rangedFields = rangedFields(definition.state);
    this.rangedCollections = rangedCollections(definition.state);
    this.nestedFields = nestedFields(definition.nested);
    this.eventsByName = eventsByName(definition.services);
    for (const service of definition.services) {
      const own = interfaceIdBytes(service.interfaceId);
      for (const fn of service.functions) {
        // A function inherited through `extends` carries its base's interface id (and the base's entry id).
        const iface = fn.interfaceId === undefined ? own : interfaceIdBytes(fn.interfaceId);
        const readOnly = fn.kind === 'query' || meta.methods.get(fn.method)?.kind === 'query';
        const entry: DispatchEntry = {
          service,
          fn,
          method: fn.method,
          readOnly,
          payable: fn.payable,
          route: `${service.name}.${fn.name}`,
          iface,
          handler: methodOf(actorClass.prototype as object, fn.method),
        };
        const row = this.table[service.route] ?? [];
        this.table[service.route] = row;
        if (row[fn.entryId] === undefined) {
          row[fn.entryId] = entry;
          this.entries.set(service.route * 65536 + fn.entryId, entry);
        } else {
          // Another interface's function with the same entry id on this route (a base service's).
          this.inherited.set(inheritedKey(service.route, iface, fn.entryId), entry);
        }
      }
      for (const event of service.events) {
        const entry = { service, event };
        const key = service.route * 65536 + event.entryId;
        if (!this.eventsByKey.has(key)) this.eventsByKey.set(key, entry);
      }
    }
    for (const ctor of definition.constructors) this.ctorsById.set(ctor.entryId, ctor);
  }

  /** Builds the code of an actor class from its registered generated definition (a clear error if generation is missing). */
  static of(actorClass: ActorClass): Code {
    const meta = getActorMetadata(actorClass);
    if (meta === undefined) {
      throw new RuntimeError('RUNTIME_NOT_AN_ACTOR', `${actorClass.name} has no @actor() decorator: only actor classes can be deployed`);
    }
    return new Code(actorClass, requireGenerated(meta.name, `deploying ${actorClass.name}`));
  }

  /**
   * The route index a received header addresses: its route byte, or, when that is 0 ("infer the route", as Sails
   * reads it), the route of the one service whose interface id the header names (0 if none or several do).
   */
  routeOf(payload: Uint8Array): number {
    const route = payload[14] as number;
    if (route !== 0) return route;
    let found = 0;
    for (const service of this.definition.services) {
      const iface = interfaceIdBytes(service.interfaceId);
      let same = true;
      for (let i = 0; i < 8; i++) if (iface[i] !== payload[4 + i]) same = false;
      if (!same) continue;
      if (found !== 0) return 0;
      found = service.route;
    }
    return found;
  }

  /** The function at a route index and entry id. */
  entry(route: number, entryId: number): DispatchEntry | undefined {
    return this.table[route]?.[entryId];
  }

  /**
   * The function a received header addresses: by route and entry id, then by the interface id too when a base
   * service's function shares them (undefined when none matches, the interface id included).
   */
  entryOf(payload: Uint8Array): DispatchEntry | undefined {
    const route = this.routeOf(payload);
    const entryId = (payload[12] as number) | ((payload[13] as number) << 8);
    const first = this.table[route]?.[entryId];
    if (first === undefined || sameIface(first.iface, payload)) return first;
    return this.inherited.size === 0 ? undefined : this.inherited.get(inheritedKey(route, payload.subarray(4, 12), entryId));
  }

  /** Every dispatch entry. */
  allEntries(): IterableIterator<DispatchEntry> {
    return [...this.entries.values(), ...this.inherited.values()].values();
  }

  /**
   * The route (`Program.New`) of the constructor an init payload runs: its header's entry id (bytes 12–13,
   * little-endian), or the one constructor an empty payload runs; undefined for a payload that names none.
   */
  ctorRouteOf(payload: Uint8Array): string | undefined {
    const ctors = this.definition.constructors;
    const ctor =
      payload.length >= HEADER_SIZE
        ? this.ctorsById.get((payload[12] as number) | ((payload[13] as number) << 8))
        : payload.length === 0 && ctors.length === 1
          ? ctors[0]
          : undefined;
    return ctor === undefined ? undefined : `${this.name}.${ctor.name}`;
  }

  /** The constructor with that entry id. */
  ctorById(entryId: number): GeneratedConstructor | undefined {
    return this.ctorsById.get(entryId);
  }

  /** The constructor named by method or PascalCase name; without a name, the default (argument-less) one. */
  ctor(name: string | undefined): GeneratedConstructor {
    const ctors = this.definition.constructors;
    const found =
      name === undefined
        ? (ctors.find((c) => c.method === undefined) ?? (ctors.length === 1 ? ctors[0] : undefined))
        : ctors.find((c) => c.method === name || c.name === name);
    if (found === undefined) {
      const known = ctors.map((c) => c.method ?? c.name).join(', ') || 'none';
      throw new RuntimeError(
        'RUNTIME_UNKNOWN_CONSTRUCTOR',
        `${this.name} has no constructor ${name ?? '(default)'}; constructors: ${known}`,
      );
    }
    return found;
  }

  /**
   * An event by name. In a program of several services, an event emitted while `via` (the service that received the
   * message) handles it goes out on that service's route when `via` declares or inherits it.
   */
  event(name: string, via?: GeneratedService): EventEntry {
    return findEvent(this.definition, this.eventsByName, name, via);
  }

  /** An event by route and entry id (decoding published payloads). */
  eventAt(route: number, entryId: number): EventEntry | undefined {
    return this.eventsByKey.get(route * 65536 + entryId);
  }
}

/** The events of a program by name, each on the first service that exposes it (where it goes outside such a service's handler). */
export function eventsByName(services: readonly GeneratedService[]): Map<string, EventEntry> {
  const byName = new Map<string, EventEntry>();
  for (const service of services) {
    for (const event of service.events) if (!byName.has(event.name)) byName.set(event.name, { service, event });
  }
  return byName;
}

/**
 * The event `name` of `definition` (`byName` from {@link eventsByName}) as `ctx.emitEvent` sends it: in a program of
 * several services, on `via` (the service whose handler runs) when `via` declares or inherits it. The system and
 * `unitActor` both encode with it, so a unit test fails where the system would.
 */
export function findEvent(
  definition: GeneratedActor,
  byName: ReadonlyMap<string, EventEntry>,
  name: string,
  via: GeneratedService | undefined,
): EventEntry {
  if (via !== undefined && definition.services.length > 1) {
    const event = via.events.find((e) => e.name === name);
    if (event !== undefined) return { service: via, event };
  }
  const found = byName.get(name);
  if (found === undefined) {
    const known = [...byName.keys()].join(', ') || 'none';
    throw new RuntimeError('RUNTIME_UNKNOWN_EVENT', `${definition.name} has no event ${name}; events: ${known}`);
  }
  return found;
}

/** The key of an inherited entry: route, interface id bytes and entry id. */
function inheritedKey(route: number, iface: Uint8Array, entryId: number): string {
  let hex = '';
  for (let i = 0; i < 8; i++) hex += ((iface[i] as number) + 256).toString(16).slice(1);
  return `${route}:${hex}:${entryId}`;
}

/** Whether a header (bytes 4..12) carries these interface id bytes. */
function sameIface(iface: Uint8Array, payload: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (iface[i] !== payload[4 + i]) return false;
  return true;
}

/**
 * The method `name` of a class prototype (or of one it extends), read from its property descriptor so that no getter
 * of uploaded code runs outside a handler; undefined when it is not a plain function.
 */
function methodOf(prototype: object, name: string): ((...args: unknown[]) => unknown) | undefined {
  for (let p: object | null = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d !== undefined) return typeof d.value === 'function' ? (d.value as (...args: unknown[]) => unknown) : undefined;
  }
  return undefined;
}
