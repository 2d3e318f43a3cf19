import { SdkError } from '../errors/sprocket-error.js';
import type { GeneratedActor, GeneratedEvent, GeneratedFunction, GeneratedService } from '../generated/definition.js';
import { readHeader } from '../sails/header.js';
import { ScaleReader } from '../scale/reader.js';
import type { ActorId, MessageId } from '../types/scalars.js';
import { callOwned, sendOwned } from './owned.js';
import type { CallOptions, SendOptions, SendResult, SendResultOf, Transport, Unsubscribe } from './transport.js';
import { typedFailure } from './typed-failure.js';

/** Where a client class holds its newest instance (see the constructor). */
const NEWEST: unique symbol = Symbol('sprocket.newestClient');

/**
 * Marks every generated client class (a static that subclasses inherit). A key of the global symbol registry, so that
 * a client class is recognised even when a script loads two copies of this package (an ES module importing CommonJS
 * modules gets one copy each way, and `instanceof ActorClient` then fails).
 */
const CLIENT_CLASS: unique symbol = Symbol.for('sprocket.clientClass');

/** Whether `x` is a generated client class (a subclass of any copy of {@link ActorClient}). */
export function isClientClass(x: unknown): boolean {
  return typeof x === 'function' && (x as unknown as Record<symbol, unknown>)[CLIENT_CLASS] === true;
}

/**
 * The base of every generated `<Name>Client`: it binds a transport to an
 * actor address and turns typed calls into Sails messages.
 */
export abstract class ActorClient<S extends SendResult = MessageId> {
  /** See {@link isClientClass}. */
  static readonly [CLIENT_CLASS] = true;
  /** The transport calls go through (a test system, a user, another actor's context, a node connection). */
  readonly transport: Transport<SendResultOf<S>>;
  /** The address of the actor this client talks to. */
  readonly address: ActorId;

  constructor(transport: Transport<S>, address: ActorId) {
    // `SendResultOf<S>` is `S` for every transport; spelled so that a client class used without knowing its
    // transport (`S` left at its constraint) reads as an in-process client.
    this.transport = transport as Transport<SendResultOf<S>>;
    this.address = address;
    // The newest client of each class is held by its class: V8 refers to the object layouts its optimised code relies
    // on only weakly, so a full GC that found no client of a class alive (a contract makes one per handler) would
    // throw away the optimised calls through it. One object per class, replaced by the next.
    (new.target as unknown as Record<symbol, unknown>)[NEWEST] = this;
  }

  /** Sends a request and decodes the reply. */
  protected callFunction(fn: GeneratedFunction, args: readonly unknown[], options?: CallOptions): Promise<unknown> {
    let payload: Uint8Array;
    try {
      payload = fn.encodeCall(args);
    } catch (error) {
      // An out-of-range argument rejects the awaited call like any other failure.
      return Promise.reject(error);
    }
    // The payload is fresh and nobody else sees it: the transport may keep it without a copy.
    const reply = callOwned(this.transport, this.address, payload, options, fn.kind === 'query');
    const handlers = replyHandlers(fn);
    return reply.then(handlers.decode, handlers.fail);
  }

  /** Sends a message without waiting for the reply; what it returns depends on the transport (see `SendResult`). */
  protected sendFunction(fn: GeneratedFunction, args: readonly unknown[], options?: SendOptions): SendResultOf<S> {
    return sendOwned(this.transport, this.address, fn.encodeCall(args), options);
  }

  /** Subscribes to one event of one service, decoding its payload. */
  protected subscribeEvent(service: GeneratedService, event: GeneratedEvent, listener: (payload: unknown) => void): Unsubscribe {
    return this.transport.subscribe(this.address, (bytes) => {
      const reader = new ScaleReader(bytes);
      const header = readHeader(reader);
      const iface = event.interfaceId ?? service.interfaceId;
      // Route 0 means "infer the route" (Sails): accepted for this service's interface.
      if (header.interfaceId !== iface || header.entryId !== event.entryId || (header.route !== service.route && header.route !== 0))
        return;
      const payload = event.decodeFields(reader);
      reader.end(`${service.name}.${event.name}`);
      listener(payload);
    });
  }
}

/** The reply callbacks of one generated function: made once, not per call. */
interface ReplyHandlers {
  readonly decode: (bytes: Uint8Array) => unknown;
  readonly fail: (error: unknown) => never;
}

const handlersByFunction = new WeakMap<GeneratedFunction, ReplyHandlers>();
// A loop of calls to one function skips the WeakMap lookup.
let lastFunction: GeneratedFunction | undefined;
let lastHandlers: ReplyHandlers | undefined;

function replyHandlers(fn: GeneratedFunction): ReplyHandlers {
  if (fn === lastFunction) return lastHandlers as ReplyHandlers;
  let handlers = handlersByFunction.get(fn);
  if (handlers === undefined) {
    handlers = {
      decode: (bytes) => fn.decodeReply(bytes),
      fail: (error) => {
        throw typedFailure(fn, error);
      },
    };
    handlersByFunction.set(fn, handlers);
  }
  lastFunction = fn;
  lastHandlers = handlers;
  return handlers;
}

/** Finds a generated function by service and method or route name; a clear error if there is none. */
export function lookupFunction(
  definition: GeneratedActor,
  service: string,
  name: string,
): { service: GeneratedService; fn: GeneratedFunction } {
  const svc = definition.services.find((s) => s.name === service);
  const fn = svc?.functions.find((f) => f.name === name || f.method === name);
  if (svc === undefined || fn === undefined) {
    throw new SdkError('SDK_UNKNOWN_ROUTE', `${definition.name} has no function ${service}.${name}`);
  }
  return { service: svc, fn };
}
