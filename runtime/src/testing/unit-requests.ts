import {
  type ActorId,
  type CallOptions,
  type GeneratedActor,
  type GeneratedFunction,
  readHeader,
  type SailsHeader,
  ScaleReader,
  type SendOptions,
} from '@sprocket/sdk';
import { type EventEntry, eventsByName, findEvent } from '../code.js';
import { RuntimeError } from '../errors.js';
import { ACTOR_ID } from '../values.js';

// How unitActor reads a request its handler sends to a mocked target: the function it names in the target's
// definition and its decoded arguments, as the system's target would decode them.

/** A handler answering one mocked call. */
export type MockHandler = (...args: never[]) => unknown;

/**
 * What a mock function is given after the call's arguments (`(to, amount, call) => ...`): the sender and the value
 * a test may assert on, as the target in the system would see them as `ctx.source` and `ctx.value`.
 */
export interface MockCall {
  /** An awaited `call` or `query`, or a fire-and-forget `send`. */
  readonly kind: 'call' | 'query' | 'send';
  /** The sender: the actor under test (`ctx.self` when it sent). */
  readonly source: ActorId;
  /** The mocked target. */
  readonly target: ActorId;
  /** `Service.Function` called; undefined for a call only `onCall` answers without a definition. */
  readonly route: string | undefined;
  /** The value sent with the call (0n without one). */
  readonly value: bigint;
  /** The options the handler passed (`value`, `timeout`, `gasLimit`, `delay`), if any. */
  readonly options: CallOptions | SendOptions | undefined;
}

/** A client method's parameters without its trailing `options?`: the arguments a mock function is given. */
type ArgsOf<A extends unknown[]> = Required<A> extends [...infer P, CallOptions | SendOptions | undefined] ? P : A;

/**
 * Handlers that answer calls to a mocked peer, typed from its client: each call method `m(a, b, options?)`
 * that resolves with `R` may be answered by `(a, b, call?) => R` (or a Promise of it), `call` being the
 * {@link MockCall}. Unknown names do not compile.
 */
export type MockHandlers<I> = {
  [K in keyof I as I[K] extends (...args: never[]) => Promise<unknown> ? K : never]?: I[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: [...ArgsOf<A>, call: MockCall]) => R | Promise<R>
    : never;
};

/** Runs a mock function with the decoded arguments and, after them, what it is told of the call. */
export function runMock(handler: MockHandler, args: readonly unknown[], call: MockCall): unknown {
  return (handler as (...all: unknown[]) => unknown)(...args, Object.freeze({ ...call }));
}

/** A mocked target: its generated definition and the handlers that answer it. */
export interface MockedActor {
  readonly definition: GeneratedActor;
  readonly handlers: Readonly<Record<string, MockHandler>>;
}

/** A request matched to a function of its mocked target, with its decoded arguments. */
export interface ResolvedRequest {
  readonly fn: GeneratedFunction;
  readonly route: string;
  readonly args: unknown[];
  readonly mocked: MockedActor;
}

/** A request the target's definition cannot decode: the system's target refuses it with DECODE_FAILED. */
export interface Undecodable {
  readonly undecodable: unknown;
  readonly route: undefined;
  readonly args: undefined;
  readonly mocked: undefined;
}

/** The function `payload` names on `mocked` and its arguments; undefined for no mock or no such function; throws when it does not decode. */
export function resolveRequest(mocked: MockedActor | undefined, payload: Uint8Array): ResolvedRequest | undefined {
  if (mocked === undefined) return undefined;
  const reader = new ScaleReader(payload);
  const header = readHeader(reader);
  const service = mocked.definition.services.find((s) => s.route === header.route && s.interfaceId === header.interfaceId);
  const fn = service?.functions.find((f) => f.entryId === header.entryId);
  if (service === undefined || fn === undefined) return undefined;
  return { fn, route: `${service.name}.${fn.name}`, args: fn.decodeArgs(reader), mocked };
}

/** {@link resolveRequest}, or `{ undecodable }` with the decode failure when the payload does not decode. */
export function decodeRequest(mocked: MockedActor | undefined, payload: Uint8Array): ResolvedRequest | Undecodable | undefined {
  try {
    return resolveRequest(mocked, payload);
  } catch (error) {
    return { undecodable: error, route: undefined, args: undefined, mocked: undefined };
  }
}

/** What a request no mock understood asks for, from its header: enough to find the mock that is missing. */
export function describeRequest(kind: MockCall['kind'], mocked: MockedActor | undefined, payload: Uint8Array): string {
  let header: SailsHeader;
  try {
    header = readHeader(new ScaleReader(payload));
  } catch {
    return `a ${kind} whose payload has no Sails header`;
  }
  const where = `interface ${header.interfaceId}, entry ${header.entryId}, route ${header.route}`;
  if (mocked === undefined) return `the ${kind} (${where})`;
  return `the ${kind} (${where}): ${mocked.definition.name} has no function there`;
}

/**
 * Refuses a target that is not an ActorId (short, upper case, a user's name): no mock can answer it, and in the system
 * the request fails with ACTOR_NOT_FOUND; reporting it as an unmocked call would send the test after a missing mock.
 */
export function checkTarget(what: string, target: unknown): void {
  if (typeof target === 'string' && ACTOR_ID.test(target)) return;
  const shown = typeof target === 'string' ? JSON.stringify(target.length > 80 ? `${target.slice(0, 80)}…` : target) : typeof target;
  throw new RuntimeError(
    'RUNTIME_UNKNOWN_ADDRESS',
    `${what} ${shown}: not an address (an ActorId is 0x and 64 lowercase hex digits); in the system it fails with ACTOR_NOT_FOUND. Pass a client's .address or a User's .id`,
  );
}

/**
 * Encodes an emitted event as the system does (`ctx.emitEvent`): found by name, on the service of the running handler
 * in a program of several services, and encoded with its generated codec, whose ScaleError fails the handler.
 */
export function eventEncoder(definition: GeneratedActor, method: () => string | undefined): (name: string, payload: unknown) => number {
  const byName: ReadonlyMap<string, EventEntry> = eventsByName(definition.services);
  const several = definition.services.length > 1;
  return (name, payload) => {
    const running = several ? method() : undefined;
    const via = running === undefined ? undefined : definition.services.find((s) => s.functions.some((f) => f.method === running));
    return findEvent(definition, byName, name, via).event.encode(payload).length;
  };
}
