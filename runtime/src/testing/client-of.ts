import {
  Actor,
  type ActorId,
  type CallOptions,
  callOwned,
  type GeneratedActor,
  isCallError,
  type MessageId,
  readHeader,
  ScaleReader,
  type SendOptions,
  sendOwned,
  type Transport,
  typedFailure,
  type Unsubscribe,
} from '@sprocket/sdk';
import { RuntimeError } from '../errors.js';

type Fn = (...args: never[]) => unknown;

/** Names of an actor class's public methods. */
export type MethodKeys<T> = { [K in keyof T]-?: T[K] extends Fn ? K : never }[keyof T] & string;

/**
 * The event map of an actor class (`Actor<Events>`), inferred from the base class's phantom events member. An actor
 * without events (or a type that is no actor class) accepts any event name, with an `unknown` payload; `on` checks
 * the name against the generated definition when it is called.
 */
export type EventsOf<T> = T extends Actor<infer E> ? ([keyof E] extends [never] ? Record<string, unknown> : E) : Record<string, unknown>;

/**
 * Members of a `ClientOf` (and what every object inherits) that a handler's method must not shadow: a method named
 * `then` would make the client a thenable (`await sys.deploy(X)` would call it and never settle), `toString` would
 * send a message from a template literal. Such a method is the client member `<name>_`, as in a generated client.
 */
export type ReservedClientKey =
  | 'send'
  | 'on'
  | 'with'
  | 'connect'
  | 'address'
  | 'transport'
  | 'then'
  | 'toString'
  | 'valueOf'
  | 'toJSON'
  | 'toLocaleString'
  | 'hasOwnProperty'
  | 'isPrototypeOf'
  | 'propertyIsEnumerable';

/** The client member of an actor's method `K`: its name, or `K_` when `K` is a {@link ReservedClientKey}. */
export type ClientKey<K extends string> = K extends ReservedClientKey ? `${K}_` : K;

const RESERVED: ReadonlySet<string> = new Set<ReservedClientKey>([
  'send',
  'on',
  'with',
  'connect',
  'address',
  'transport',
  'then',
  'toString',
  'valueOf',
  'toJSON',
  'toLocaleString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

/** {@link ClientKey} at run time. */
export function clientKey(method: string): string {
  return RESERVED.has(method) ? `${method}_` : method;
}

/** Per-call options of a dynamic client: value, reply timeout, gas limit and (for `send`) delay. */
export type ClientOptions = CallOptions & SendOptions;

/**
 * A typed client built from an actor class: every public method returns a Promise of its result and,
 * like a generated client, takes per-call options (value, reply timeout) after its arguments.
 */
export type ClientOf<T> = {
  readonly [K in MethodKeys<T> as ClientKey<K>]: T[K] extends (...args: infer A) => infer R
    ? (...args: [...A, options?: CallOptions]) => Promise<Awaited<R>>
    : never;
} & {
  /** The actor's address. */
  readonly address: ActorId;
  /** The transport calls go through. */
  readonly transport: Transport;
  /** Fire-and-forget: each method sends and returns the MessageId. */
  readonly send: {
    readonly [K in MethodKeys<T> as ClientKey<K>]: T[K] extends (...args: infer A) => unknown
      ? (...args: [...A, options?: SendOptions]) => MessageId
      : never;
  };
  /** The same client with per-call options (value, timeout, delay). */
  with(options: ClientOptions): ClientOf<T>;
  /** The same client over another transport (another user, an actor's context). */
  connect(transport: Transport): ClientOf<T>;
  /** Subscribes to one event of the actor (committed segments only). */
  on<E extends keyof EventsOf<T> & string>(event: E, listener: (payload: EventsOf<T>[E]) => void): Unsubscribe;
};

/** Builds a typed client from a generated definition (what `sys.deploy(ActorClass, ...)` returns). */
export function clientFor<T>(
  definition: GeneratedActor,
  transport: Transport,
  address: ActorId,
  options: ClientOptions = {},
  actorClass?: abstract new () => object,
): ClientOf<T> {
  const client: Record<string, unknown> = { address, transport, definition };
  const send: Record<string, unknown> = {};
  const callOptions: CallOptions = { value: options.value, timeout: options.timeout, gasLimit: options.gasLimit };
  const sendOptions: SendOptions = { value: options.value, delay: options.delay, gasLimit: options.gasLimit };
  for (const service of definition.services) {
    for (const fn of service.functions) {
      // A base service's function inherited by several services is called on the first one's route.
      const key = clientKey(fn.method);
      if (Object.hasOwn(client, key)) continue;
      client[key] = (...args: unknown[]): Promise<unknown> => {
        const extra = args.length > fn.arity ? (args[fn.arity] as CallOptions | undefined) : undefined;
        const options = extra === undefined ? callOptions : { ...callOptions, ...extra };
        let payload: Uint8Array;
        try {
          payload = fn.encodeCall(args.length > fn.arity ? args.slice(0, fn.arity) : args);
        } catch (error) {
          return Promise.reject(error);
        }
        // The payload is fresh and nobody else sees it: the transport may keep it without a copy.
        const reply = callOwned(transport, address, payload, options, fn.kind === 'query');
        if (fn.decodeError !== undefined) {
          // A `throws` method, typed by the class as returning Result<T, E>: resolves { ok } or { err } like it.
          return reply.then(
            (bytes) => ({ ok: fn.decodeReply(bytes) }),
            (error: unknown) => {
              const failure = typedFailure(fn, error);
              if (isCallError(failure) && failure.payload !== undefined) return { err: failure.payload };
              throw failure;
            },
          );
        }
        return reply.then((bytes) => fn.decodeReply(bytes));
      };
      send[key] = (...args: unknown[]): MessageId => {
        const extra = args.length > fn.arity ? (args[fn.arity] as SendOptions | undefined) : undefined;
        const payload = fn.encodeCall(args.length > fn.arity ? args.slice(0, fn.arity) : args);
        return sendOwned(transport, address, payload, extra === undefined ? sendOptions : { ...sendOptions, ...extra });
      };
    }
  }
  if (actorClass !== undefined) unlistedMethods(actorClass, definition, client, send);
  client.send = send;
  client.with = (more: ClientOptions) => clientFor<T>(definition, transport, address, { ...options, ...more }, actorClass);
  client.connect = (other: Transport) => clientFor<T>(definition, other, address, options, actorClass);
  client.on = (name: string, listener: (payload: unknown) => void): Unsubscribe => {
    for (const service of definition.services) {
      const event = service.events.find((e) => e.name === name);
      if (event === undefined) continue;
      return transport.subscribe(address, (bytes) => {
        const reader = new ScaleReader(bytes);
        const header = readHeader(reader);
        const iface = event.interfaceId ?? service.interfaceId;
        if (header.interfaceId !== iface || header.entryId !== event.entryId || header.route !== service.route) return;
        listener(event.decodeFields(reader));
      });
    }
    throw new RuntimeError('RUNTIME_UNKNOWN_EVENT', `${definition.name} has no event ${name}`);
  };
  return client as ClientOf<T>;
}

/**
 * A method of the class that the generated definition does not list is in `ClientOf` (typed from the class) but
 * has no route: the class gained it after `sprocket gen` ran. Calling it rejects with RUNTIME_STALE_DEFINITION,
 * saying so, instead of `client.x is not a function`. (Private helpers get the same stub; their type hides it.)
 */
function unlistedMethods(
  actorClass: abstract new () => object,
  definition: GeneratedActor,
  client: Record<string, unknown>,
  send: Record<string, unknown>,
): void {
  const ctors = new Set(definition.constructors.map((ctor) => ctor.method));
  for (let proto = actorClass.prototype as object | null; proto !== null && proto !== Actor.prototype && proto !== Object.prototype; ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const key = clientKey(name);
      if (name === 'constructor' || ctors.has(name) || Object.hasOwn(client, key)) continue;
      if (typeof Object.getOwnPropertyDescriptor(proto, name)?.value !== 'function') continue;
      const error = (): RuntimeError =>
        new RuntimeError(
          'RUNTIME_STALE_DEFINITION',
          `${actorClass.name}.${name} is not in the generated code of ${definition.name} (from ${definition.source}): ` +
            'a public method added after `sprocket gen` ran has no route yet. Run `npx sprocket gen` and run again ' +
            '(a private method is no handler)',
        );
      client[key] = (): Promise<never> => Promise.reject(error());
      send[key] = (): never => {
        throw error();
      };
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
}
