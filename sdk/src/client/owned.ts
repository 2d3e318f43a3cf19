import type { ActorId } from '../types/scalars.js';
import type { CallOptions, SendOptions, SendResult, Transport } from './transport.js';

/** Key of a transport's `send` that keeps the payload it is given without copying it (see {@link sendOwned}). */
export const SEND_OWNED: unique symbol = Symbol.for('sprocket.sendOwned');
/** Key of a transport's `call`/`query` that keeps the payload it is given without copying it (see {@link callOwned}). */
export const CALL_OWNED: unique symbol = Symbol.for('sprocket.callOwned');

/**
 * A transport that can take ownership of a payload: a transport copies what `send` and `call` get (the sender
 * may change its buffer afterwards); bytes that only the sending client ever saw need no copy.
 */
export interface OwnedPayloadTransport {
  /** `send` of a payload the transport may keep as it is. */
  [SEND_OWNED]?(target: ActorId, payload: Uint8Array, options: SendOptions | undefined): SendResult;
  /** `call` (or `query`) of a payload the transport may keep as it is. */
  [CALL_OWNED]?(target: ActorId, payload: Uint8Array, options: CallOptions | undefined, query: boolean): Promise<Uint8Array>;
}

/**
 * Sends bytes the caller has just encoded and hands to nobody else (generated clients): a transport that can
 * take ownership keeps them without a copy, any other gets a plain `send`.
 */
export function sendOwned<S extends SendResult>(
  transport: Transport<S>,
  target: ActorId,
  payload: Uint8Array,
  options: SendOptions | undefined,
): S {
  const owner = transport as Transport<S> & OwnedPayloadTransport;
  if (owner[SEND_OWNED] !== undefined) return owner[SEND_OWNED](target, payload, options) as S;
  return transport.send(target, payload, options);
}

/** `call` (or `query`) of bytes the caller has just encoded and hands to nobody else; see {@link sendOwned}. */
export function callOwned(
  transport: Transport<SendResult>,
  target: ActorId,
  payload: Uint8Array,
  options: CallOptions | undefined,
  query: boolean,
): Promise<Uint8Array> {
  const owner = transport as Transport<SendResult> & OwnedPayloadTransport;
  if (owner[CALL_OWNED] !== undefined) return owner[CALL_OWNED](target, payload, options, query);
  return query ? transport.query(target, payload, options) : transport.call(target, payload, options);
}
