// The services of an actor class: one service named like the program by default, or the services that
// `@actor({ services, extends, events })` lays out (a Sails program with several services and base services),
// each with its functions, events, types, entry ids and interface id.
import type { TypeDef, TypeRef } from '@sprocket/sdk';
import type { ts } from 'ts-morph';
import { defaultEventEntryIds, functionEntryIds } from '../idl/entry-ids.js';
import { computeInterfaceId } from '../idl/interface-id.js';
import type { EventDef, FunctionDef, FunctionOverride, ServiceDef, ServiceExport } from '../manifest/types.js';
import type { FileHost } from './file-host.js';
import { UNKNOWN_INTERFACE_ID } from './interface-id.js';
import { typesReachableFrom } from './members.js';
import { isWireIdentifier } from './names.js';

/** How an actor's handlers and events are laid out into services. */
export interface ServiceLayout {
  /** The services the program exposes, in route order (route 1 first). */
  readonly exposed: readonly string[];
  /** Base services of each service (Sails `extends`), in order. */
  readonly bases: ReadonlyMap<string, readonly string[]>;
  /** The service of each event named in `@actor({ events })`; other events belong to the first exposed service. */
  readonly eventService: ReadonlyMap<string, string>;
  /** Every service name the layout knows: exposed, bases and the services they extend. */
  readonly known: ReadonlySet<string>;
}

/** The raw `@actor` options that lay out services. */
export interface LayoutOptions {
  readonly services?: readonly string[] | undefined;
  readonly extends?: ReadonlyMap<string, readonly string[]> | undefined;
  readonly events?: ReadonlyMap<string, readonly string[]> | undefined;
}

/** Reads and checks the layout of `@actor({ services, extends, events })` (SPK1035 for each problem). */
export function readLayout(program: string, opts: LayoutOptions, node: ts.Node, className: string, host: FileHost): ServiceLayout {
  const exposed = opts.services ?? [program];
  const bases = opts.extends ?? new Map<string, readonly string[]>();
  const report = (message: string, fix: string) => host.report('SPK1035', node, `${className}: ${message}`, fix);
  if (exposed.length === 0) report('@actor({ services: [] }) exposes no service', "list at least one: services: ['Name']");
  const known = new Set<string>();
  for (const name of [...exposed, ...bases.keys(), ...[...bases.values()].flat()]) {
    if (!isWireIdentifier(name)) report(`service name '${name}' is not an identifier`, 'use an ASCII identifier, e.g. Counter');
    known.add(name);
  }
  if (new Set(exposed).size !== exposed.length)
    report(`@actor({ services }) lists a service twice: ${exposed.join(', ')}`, 'list each service once');
  for (const [name, list] of bases) {
    if (new Set(list).size !== list.length) report(`${name} extends a service twice: ${list.join(', ')}`, 'list each base once');
  }
  const cycle = extendsCycle(bases);
  if (cycle !== undefined)
    report(`cyclic \`extends\`: ${cycle.join(' → ')}`, 'a service cannot extend itself, directly or through its bases');
  // A service neither exposed nor reached as a base of an exposed one would never be on the wire.
  const reached = new Set<string>();
  const visit = (name: string): void => {
    if (reached.has(name)) return;
    reached.add(name);
    for (const base of bases.get(name) ?? []) visit(base);
  };
  for (const name of exposed) visit(name);
  for (const name of known) {
    if (!reached.has(name))
      report(
        `service ${name} is neither exposed nor a base of an exposed service`,
        `add '${name}' to @actor({ services }) or to an extends list`,
      );
  }
  const eventService = new Map<string, string>();
  for (const [service, names] of opts.events ?? []) {
    if (!known.has(service))
      report(`@actor({ events }) names the unknown service ${service}`, `declare it in services or extends: ${[...known].join(', ')}`);
    for (const name of names) {
      const previous = eventService.get(name);
      if (previous !== undefined) report(`event ${name} is given to both ${previous} and ${service}`, 'give each event one service');
      eventService.set(name, service);
    }
  }
  return { exposed, bases, eventService, known };
}

/** The first cycle of an extends graph, as the names along it, or undefined. */
function extendsCycle(bases: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const walk = (name: string, path: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    for (const base of bases.get(name) ?? []) {
      const found = walk(base, [...path, name]);
      if (found !== undefined) return found;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of bases.keys()) {
    const found = walk(name, []);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A function before its entry id is known, with the service it belongs to. */
export interface PlacedFunction {
  readonly fn: Omit<FunctionDef, 'entryId'>;
  readonly service: string;
  /** Where the route is named (for diagnostics). */
  readonly routeNode: ts.Node;
  /** `@handler({ entryId })`. */
  readonly entryId?: number;
  /** `@handler({ overrides })`: the base service whose function of this route it answers on `service`'s route. */
  readonly overrides?: string;
}

/** What {@link assembleServices} needs besides the layout. */
export interface ServiceParts {
  readonly functions: readonly PlacedFunction[];
  readonly events: readonly EventDef[];
  /** Every type the actor's signatures use. */
  readonly types: readonly TypeDef[];
  /** The types of the program block (the constructors'). */
  readonly programTypes: readonly TypeDef[];
  readonly docs?: readonly string[];
  /** Reports a problem of one handler (SPK1035); `message` starts with the method name. */
  readonly report: (node: ts.Node, message: string, fix: string) => void;
}

/**
 * The services of the layout with their members, types and ids, and the program's exports (route i + 1 for the
 * i-th exposed service). Entry ids and event indexes are per service (lowercase-name order, as Sails numbers them).
 */
export function assembleServices(layout: ServiceLayout, parts: ServiceParts): { services: ServiceDef[]; exports: ServiceExport[] } {
  const primary = layout.exposed[0] ?? '';
  // IDL order as Sails writes it: each exposed service after its bases (depth first, each once).
  const order: string[] = [];
  const place = (name: string): void => {
    if (order.includes(name)) return;
    for (const base of layout.bases.get(name) ?? []) place(base);
    order.push(name);
  };
  for (const name of layout.exposed) place(name);
  for (const name of layout.known) place(name);
  const draft = new Map<string, ServiceDef>();
  const reachableBy = new Map<string, readonly TypeDef[]>();
  for (const name of order) {
    const placed = parts.functions.filter((f) => f.service === name && f.overrides === undefined);
    const own = placed.map((f) => f.fn);
    const fnIds = functionEntryIds(placed.map((f) => ({ name: f.fn.name, explicit: f.entryId })));
    placed.forEach((f, i) => {
      const clash = fnIds.findIndex((other, j) => j < i && other === fnIds[i]);
      if (clash >= 0)
        parts.report(
          f.routeNode,
          `${f.fn.method}: entry id ${fnIds[i]} of ${name}.${f.fn.name} is already the entry id of ${name}.${placed[clash]?.fn.name}`,
          'give each function of a service its own entry id (@handler({ entryId }))',
        );
    });
    const functions = own.map((f, i): FunctionDef => withEntryId(f, fnIds[i] ?? i)).sort((a, b) => a.entryId - b.entryId);
    const ownEvents = parts.events.filter((e) => (layout.eventService.get(e.name) ?? primary) === name);
    const evIds = defaultEventEntryIds(ownEvents.map((e) => e.name));
    const events = ownEvents.map((e, i) => ({ ...e, entryId: evIds[i] ?? i }));
    const roots: TypeRef[] = [
      ...functions.flatMap((f) => [...f.params.map((p) => p.type), f.returns, ...(f.throws === undefined ? [] : [f.throws])]),
      ...events.flatMap((e) => e.fields.map((f) => f.type)),
    ];
    reachableBy.set(name, typesReachableFrom(roots, parts.types));
    draft.set(name, {
      name,
      interfaceId: UNKNOWN_INTERFACE_ID,
      extends: layout.bases.get(name) ?? [],
      functions,
      events,
      types: [],
      ...(name === primary && parts.docs ? { docs: parts.docs } : {}),
    });
  }
  // Each service declares the types its signatures use; types used by none (declared for the client only, and not by
  // the constructors) stay with the first service.
  const used = new Set([...reachableBy.values()].flat());
  for (const [name, svc] of draft) {
    const reachable = reachableBy.get(name) ?? [];
    const types =
      name === primary ? parts.types.filter((t) => reachable.includes(t) || (!used.has(t) && !parts.programTypes.includes(t))) : reachable;
    draft.set(name, { ...svc, types });
  }
  for (const [name, svc] of draft) {
    const overrides = overridesOf(name, draft, layout, parts);
    if (overrides.length > 0) draft.set(name, { ...svc, overrides });
  }
  // Interface ids: bases first (a service's id hashes its bases' ids).
  const done = new Map<string, ServiceDef>();
  const idOf = (name: string): ServiceDef | undefined => {
    const found = done.get(name);
    if (found !== undefined) return found;
    const svc = draft.get(name);
    if (svc === undefined) return undefined;
    for (const base of svc.extends) idOf(base);
    let interfaceId = UNKNOWN_INTERFACE_ID;
    try {
      interfaceId = computeInterfaceId(svc, (n) => done.get(n));
    } catch {
      // A broken service was reported where it was read.
    }
    const withId = { ...svc, interfaceId };
    done.set(name, withId);
    return withId;
  };
  const services = order.map((name) => idOf(name)).filter((s): s is ServiceDef => s !== undefined);
  const exports = layout.exposed.map((name, i): ServiceExport => ({ name, service: name, route: i + 1 }));
  return { services, exports };
}

/** A function with its entry id, its fields in the manifest's order. */
function withEntryId(fn: Omit<FunctionDef, 'entryId'>, entryId: number): FunctionDef {
  const { name, method, kind, params, returns, throws, payable, methodLength, docs, location } = fn;
  return {
    name,
    method,
    kind,
    params,
    returns,
    ...(throws === undefined ? {} : { throws }),
    entryId,
    payable,
    ...(methodLength === undefined ? {} : { methodLength }),
    ...(docs ? { docs } : {}),
    ...(location ? { location } : {}),
  };
}

/**
 * The overrides of service `name` (`@handler({ service, overrides: 'Base' })`), each checked: `Base` is a base of
 * the service, directly or through its bases, and declares a function of that route with the same parameters and
 * results (Sails dispatches the base's interface id and entry id to the override).
 */
function overridesOf(name: string, draft: ReadonlyMap<string, ServiceDef>, layout: ServiceLayout, parts: ServiceParts): FunctionOverride[] {
  const bases = new Set<string>();
  const walk = (n: string): void => {
    for (const b of layout.bases.get(n) ?? []) {
      if (bases.has(b)) continue;
      bases.add(b);
      walk(b);
    }
  };
  walk(name);
  const out: FunctionOverride[] = [];
  for (const f of parts.functions) {
    if (f.service !== name || f.overrides === undefined) continue;
    const where = `${f.fn.method}: @handler({ overrides: '${f.overrides}' })`;
    if (!bases.has(f.overrides)) {
      parts.report(
        f.routeNode,
        `${where}: ${f.overrides} is not a base service of ${name}`,
        `override a function of one of: ${[...bases].join(', ') || 'none'}`,
      );
      continue;
    }
    const base = draft.get(f.overrides)?.functions.find((g) => g.name === f.fn.name);
    const shape = (g: Omit<FunctionDef, 'entryId'>): string => JSON.stringify([g.params.map((p) => p.type), g.returns, g.throws ?? null]);
    if (base === undefined) {
      parts.report(
        f.routeNode,
        `${where}: ${f.overrides} has no function ${f.fn.name}`,
        "name the base's function with @handler({ route })",
      );
    } else if (shape(base) !== shape(f.fn)) {
      parts.report(
        f.routeNode,
        `${where}: the signature differs from ${f.overrides}.${f.fn.name}'s`,
        'take the same parameter types and return the same type as the base function',
      );
    } else if (out.some((o) => o.base === f.overrides && o.name === f.fn.name)) {
      parts.report(f.routeNode, `${where}: ${f.overrides}.${f.fn.name} is overridden twice in ${name}`, 'keep one override');
    } else {
      out.push({ base: f.overrides, name: f.fn.name, method: f.fn.method });
    }
  }
  return out;
}
