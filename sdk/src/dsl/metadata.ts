import 'reflect-metadata';

/** Options of `@actor()`. */
export interface ActorOptions {
  /** The program and service name; defaults to the class name. */
  readonly name?: string;
  /** Exclusive turns: no other message runs until the current handler finishes. */
  readonly exclusive?: boolean;
  /**
   * The services the program exposes, in route order (route index 1 first), as a Sails program with several services;
   * default: one service named like the program. A handler picks its service with `@handler({ service })`.
   */
  readonly services?: readonly string[];
  /** Base services (Sails `extends`): service name → its base services, in order. Bases are reached on the route of the service that extends them. */
  readonly extends?: Readonly<Record<string, readonly string[]>>;
  /** Which service declares each event: service name → event names; an event not listed belongs to the first service. */
  readonly events?: Readonly<Record<string, readonly string[]>>;
}

/** Options of `@handler()`. */
export interface HandlerOptions {
  /** The route name on the wire; defaults to the PascalCase of the method name. */
  readonly route?: string;
  /** Whether the handler accepts value with the message. */
  readonly payable?: boolean;
  /** The service the handler belongs to (one of `@actor({ services, extends })`); defaults to the program's first service. */
  readonly service?: string;
  /** An explicit entry id (Sails `#[export(entry_id = N)]`, IDL `@entry_id: N`); default: the position in lowercase-route order. */
  readonly entryId?: number;
  /**
   * The base service (of `service`, directly or through its bases) whose function of the same route this handler
   * answers on `service`'s route, as Sails' `#[export(overrides = Base)]`: same parameters and result, the base's
   * interface id and entry id on the wire; not part of `service`'s own functions.
   */
  readonly overrides?: string;
  /**
   * The handler returns `Result<T, E>` and replies like Sails' `#[export(unwrap_result)]` (IDL `-> T throws E`):
   * `ok(v)` replies with `v`; `err(e)` rolls the segment back and fails the call with `e` as its typed error payload.
   */
  readonly throws?: boolean;
}

/** Options of `@init()`. */
export interface InitOptions {
  /**
   * The constructor returns `Result<void, E>` (IDL `New(…) throws E`, Sails' `fn new(…) -> Result<Self, E>`):
   * `ok(undefined)` completes the init; `err(e)` fails it (the actor stays failed) with `e` as its typed error payload.
   */
  readonly throws?: boolean;
}

/** What the decorators record about a method. */
export interface MethodMetadata {
  readonly kind: 'command' | 'query' | 'init';
  readonly route?: string;
  readonly payable?: boolean;
  readonly throws?: boolean;
}

/** What the decorators record about an actor class. */
export interface ActorMetadata {
  readonly name: string;
  readonly exclusive: boolean;
  readonly methods: ReadonlyMap<string, MethodMetadata>;
}

const ACTOR_KEY = 'sprocket:actor';
const METHODS_KEY = 'sprocket:methods';

/** Records the `@actor` options of a class. */
export function setActorOptions(target: object, options: ActorOptions, className: string): void {
  const name = options.name ?? className;
  Reflect.defineMetadata(ACTOR_KEY, { name, exclusive: options.exclusive ?? false }, target);
  actorClasses().set(name, target);
}

// Actor classes by program name, on globalThis like the generated registry, so
// a runtime can deploy through a generated client class (which imports only the sdk).
const CLASSES_KEY = Symbol.for('sprocket.actor-classes');

function actorClasses(): Map<string, object> {
  const holder = globalThis as { [CLASSES_KEY]?: Map<string, object> };
  holder[CLASSES_KEY] ??= new Map();
  return holder[CLASSES_KEY];
}

/** The `@actor` class registered under a program name, if its module was loaded. */
export function findActorClass(name: string): object | undefined {
  return actorClasses().get(name);
}

/** Merges decorator configuration into a method's record. */
export function setMethodMetadata(target: object, method: string, patch: Partial<MethodMetadata>): void {
  const own: Map<string, MethodMetadata> = Reflect.getOwnMetadata(METHODS_KEY, target) ?? new Map();
  const previous = own.get(method) ?? { kind: 'command' };
  own.set(method, { ...previous, ...patch });
  Reflect.defineMetadata(METHODS_KEY, own, target);
}

/** Reads what the decorators recorded about an actor class, or undefined if it has no `@actor`. */
export function getActorMetadata(actorClass: abstract new (...args: never[]) => unknown): ActorMetadata | undefined {
  const options: { name: string; exclusive: boolean } | undefined = Reflect.getOwnMetadata(ACTOR_KEY, actorClass);
  if (options === undefined) return undefined;
  const methods: Map<string, MethodMetadata> = Reflect.getOwnMetadata(METHODS_KEY, actorClass.prototype) ?? new Map();
  return { ...options, methods };
}
