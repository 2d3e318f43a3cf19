// What `sprocket encode|decode` and the node verbs address: `<Service>.<Function>` (or an event, or
// `<Program>.<Constructor>`) resolved against the manifests of an actor file or a Sails IDL file, bases included.
import type { FieldDef, TypeDef, TypeRef } from '@sprocket/sdk';
import { buildModel } from '../emit/model.js';
import { serviceRoutes } from '../idl/parser.js';
import type { FunctionDef, Manifest, ServiceDef } from '../manifest/types.js';
import { CliError, CliUsageError } from './errors.js';

/** A resolved function, constructor or event: where its messages go and the types of their parts. */
export interface Target {
  readonly what: string;
  readonly interfaceId: string;
  readonly entryId: number;
  readonly route: number;
  readonly params: readonly { readonly name: string; readonly type: TypeRef }[];
  readonly reply: TypeRef | undefined;
  /** The error type of a `-> T throws E` function or a `New(…) throws E` constructor. */
  readonly error?: TypeRef;
  /** For an event: the type of its payload (the JSON form of `on` listeners). */
  readonly event?: TypeRef;
  readonly types: ReadonlyMap<string, TypeDef>;
}

/** `<Service>.<Function>` → its two names; a usage error (exit 2) otherwise. */
export function splitSpec(spec: string, verb: string): [string, string] {
  const dot = spec.indexOf('.');
  if (dot <= 0 || dot === spec.length - 1) throw new CliUsageError(`expected <Service>.<Function>, got ${spec}`, verb);
  return [spec.slice(0, dot), spec.slice(dot + 1)];
}

/** Resolves `<Service>.<Function>` (an event with `wantEvent`, or `<Program>.<Constructor>`) in the manifests. */
export function findTarget(
  manifests: readonly Manifest[],
  spec: string,
  routeOverride: number | undefined,
  verb: string,
  wantEvent = false,
): Target {
  if (!spec.includes('.')) {
    // `Vote` alone: name the service too, as the programs of the file spell it.
    const matches = manifests.flatMap((m) =>
      m.services.flatMap((s) =>
        [...s.functions.map((f) => [f.name, f.method] as const), ...s.events.map((e) => [e.name, e.name] as const)]
          .filter(([name, method]) => name === spec || method === spec)
          .map(([name]) => `${s.name}.${name}`),
      ),
    );
    if (matches.length > 0)
      throw new CliUsageError(`expected <Service>.<Function>, got ${spec}: did you mean ${[...new Set(matches)].join(' or ')}?`, verb);
  }
  const [serviceName, fnName] = splitSpec(spec, verb);
  for (const manifest of manifests) {
    const model = buildModel(manifest);
    const routes = serviceRoutes(manifest);
    const svc = model.services.find((s) => s.name === serviceName);
    // A service the program does not expose itself (only as a base of another) is found by name too.
    const def = svc?.def ?? model.serviceDefs.get(serviceName);
    if (def !== undefined) {
      const fn = wantEvent ? undefined : (def.functions.find((f) => f.name === fnName) ?? def.functions.find((f) => f.method === fnName));
      const ctorHere =
        fn === undefined && !wantEvent && model.name === serviceName && svc !== undefined
          ? model.constructors.find((c) => c.name === fnName || c.method === fnName || c.key === fnName)
          : undefined;
      if (ctorHere !== undefined) {
        return {
          what: `${serviceName}.${ctorHere.name}`,
          interfaceId: '0x0000000000000000',
          entryId: ctorHere.entryId,
          route: routeOverride ?? 0,
          params: ctorHere.params,
          reply: undefined,
          ...(ctorHere.throws === undefined ? {} : { error: ctorHere.throws }),
          types: model.types,
        };
      }
      const route =
        routeOverride ??
        (svc !== undefined ? (model.services.length === 1 ? 1 : (routes.get(svc.name) ?? svc.route)) : exposingRoute(model, serviceName));
      // A function of a base service (`extends`) is called on the derived service's route with the base's
      // interface id and entry id.
      const found = wantEvent ? undefined : fn !== undefined ? { fn, owner: def } : findInBases(model.serviceDefs, def, fnName);
      if (found !== undefined) {
        const { fn: fnDef, owner } = found;
        return {
          what: `${serviceName}.${fnDef.name}`,
          interfaceId: owner.interfaceId,
          entryId: fnDef.entryId,
          route,
          params: fnDef.params,
          reply: fnDef.returns,
          ...(fnDef.throws === undefined ? {} : { error: fnDef.throws }),
          types: model.types,
        };
      }
      const event = findEvent(model.serviceDefs, def, fnName);
      if (event !== undefined) {
        const { payload, types } = eventPayloadType(event.ev.fields, model.types);
        return {
          what: `${serviceName}.${event.ev.name}`,
          interfaceId: event.owner.interfaceId,
          entryId: event.ev.entryId,
          route,
          params: [],
          reply: undefined,
          event: payload,
          types,
        };
      }
      const all = [def, ...basesOf(model.serviceDefs, def)];
      const known = all.flatMap((s) => s.functions.map((f) => (s === def ? f.name : `${s.name}.${f.name}`))).join(', ');
      const events = all.flatMap((s) => s.events.map((e) => (s === def ? e.name : `${s.name}.${e.name}`))).join(', ');
      if (wantEvent) throw new CliError('CLI_UNKNOWN_EVENT', `${serviceName} has no event ${fnName} (it has: ${events || 'none'})`);
      throw new CliError(
        'CLI_UNKNOWN_FUNCTION',
        `${serviceName} has no function or event ${fnName} (functions: ${known || 'none'}; events: ${events || 'none'})`,
      );
    }
    if (model.name === serviceName && manifest.program !== undefined && !wantEvent) {
      const ctor = model.constructors.find((c) => c.name === fnName || c.method === fnName || c.key === fnName);
      if (ctor !== undefined) {
        return {
          what: `${serviceName}.${ctor.name}`,
          interfaceId: '0x0000000000000000',
          entryId: ctor.entryId,
          route: routeOverride ?? 0,
          params: ctor.params,
          reply: undefined,
          ...(ctor.throws === undefined ? {} : { error: ctor.throws }),
          types: model.types,
        };
      }
    }
  }
  const known = manifests.flatMap((m) => m.services.map((s) => s.name)).join(', ');
  throw new CliError('CLI_UNKNOWN_SERVICE', `no service ${serviceName} (known: ${known || 'none'})`);
}

/**
 * The route of the first exposed service that is `name` (under another route name) or extends it (transitively); 0
 * ("infer the route") if none does. Sails infers route 0 only for an interface on one route, so a route is named.
 */
function exposingRoute(model: ReturnType<typeof buildModel>, name: string): number {
  for (const s of model.services) if (s.def.name === name) return s.route;
  for (const s of model.services) if (basesOf(model.serviceDefs, s.def).some((b) => b.name === name)) return s.route;
  return 0;
}

/** An event of a service or of its bases, by name: the nearest service that declares it. */
function findEvent(
  defs: ReadonlyMap<string, ServiceDef>,
  service: ServiceDef,
  name: string,
): { ev: ServiceDef['events'][number]; owner: ServiceDef } | undefined {
  for (const s of [service, ...basesOf(defs, service)]) {
    const ev = s.events.find((e) => e.name === name);
    if (ev !== undefined) return { ev, owner: s };
  }
  return undefined;
}

/** The payload type of an event: `()` without fields, the field's type for one positional field, a tuple for several, a struct for named fields. */
function eventPayloadType(
  fields: readonly FieldDef[],
  types: ReadonlyMap<string, TypeDef>,
): { payload: TypeRef; types: ReadonlyMap<string, TypeDef> } {
  if (fields.length === 0) return { payload: { kind: 'tuple', items: [] }, types };
  if (fields.every((f) => f.name !== undefined)) {
    const name = '$EventPayload';
    const table = new Map(types);
    table.set(name, { kind: 'struct', name, fields });
    return { payload: { kind: 'named', name }, types: table };
  }
  if (fields.length === 1) return { payload: (fields[0] as FieldDef).type, types };
  return { payload: { kind: 'tuple', items: fields.map((f) => f.type) }, types };
}

/** The base services of `service`, transitively, depth first in `extends` order, each once. */
export function basesOf(defs: ReadonlyMap<string, ServiceDef>, service: ServiceDef, seen = new Set<string>([service.name])): ServiceDef[] {
  const out: ServiceDef[] = [];
  for (const name of service.extends) {
    const base = defs.get(name);
    if (base === undefined || seen.has(name)) continue;
    seen.add(name);
    out.push(base, ...basesOf(defs, base, seen));
  }
  return out;
}

/** A function inherited through `extends`, by route name or method name: the nearest base that declares it. */
function findInBases(
  defs: ReadonlyMap<string, ServiceDef>,
  service: ServiceDef,
  fnName: string,
): { fn: FunctionDef; owner: ServiceDef } | undefined {
  for (const base of basesOf(defs, service)) {
    const fn = base.functions.find((f) => f.name === fnName) ?? base.functions.find((f) => f.method === fnName);
    if (fn !== undefined) return { fn, owner: base };
  }
  return undefined;
}

/** Whether a type is the unit `()`. */
export function isUnitRef(t: TypeRef): boolean {
  return t.kind === 'tuple' && t.items.length === 0;
}

/** `--route N`: a service's route index, 0..255 (0: infer it). */
export function parseRoute(text: string | undefined, verb: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new CliUsageError(`--route must be an integer 0..255, got ${text}`, verb);
  return n;
}
