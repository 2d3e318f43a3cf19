import { type GeneratedActor, type GeneratedFunction, readHeader, type SailsHeader, ScaleReader } from '@sprocket/sdk';

// How unitActor reads a request its handler sends to a mocked target: the function it names in the target's
// definition and its decoded arguments, as the system's target would decode them.

/** A handler answering one mocked call. */
export type MockHandler = (...args: never[]) => unknown;

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
export function describeRequest(kind: 'call' | 'query', mocked: MockedActor | undefined, payload: Uint8Array): string {
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
