// The public surface of @sprocket/sdk. Hand-written: anything not listed here is internal.

export { ActorClient, isClientClass, lookupFunction } from './client/actor-client.js';
// Transports that take ownership of freshly encoded payloads (the runtime implements them).
export { CALL_OWNED, callOwned, type OwnedPayloadTransport, SEND_OWNED, sendOwned } from './client/owned.js';
export type {
  CallOptions,
  DeployOptions,
  SendOptions,
  SendResult,
  SendResultOf,
  SentMessage,
  Transport,
  TypedMessageId,
  Unsubscribe,
} from './client/transport.js';
export { typedFailure } from './client/typed-failure.js';
export { Actor, type EventArgs, type EventMap } from './dsl/actor.js';
export type { ActorContext } from './dsl/context.js';
export { actor, handler, init, query } from './dsl/decorators.js';
export {
  type ActorMetadata,
  type ActorOptions,
  findActorClass,
  getActorMetadata,
  type HandlerOptions,
  type InitOptions,
  type MethodMetadata,
} from './dsl/metadata.js';
export { CONTEXT_SLOT } from './dsl/slots.js';
export { CallError, type CallErrorCode, type CallErrorDetails, isCallError, type PendingWrite } from './errors/call-error.js';
export { SdkError, type SdkErrorCode, SprocketError, type SprocketErrorOptions } from './errors/sprocket-error.js';
// The gas hook instrumented contract code calls, and the slot the runtime installs its meter in.
export { __sprocketGas, type GasMeterSlot, setGasMeter } from './gas/hook.js';
export type {
  GeneratedActor,
  GeneratedConstructor,
  GeneratedEvent,
  GeneratedFunction,
  GeneratedNestedField,
  GeneratedService,
  GeneratedStateField,
  StateElement,
  StateShape,
} from './generated/definition.js';
export { EMPTY_REPLY } from './generated/empty-reply.js';
export { findGenerated, registerGenerated, registerInjected, requireGenerated } from './generated/registry.js';
// Helpers called by generated code.
export {
  argumentCountError,
  deployConstructor,
  expectHeader,
  jsonArguments,
  placeScaleError,
  scaleValueError,
  sortMapEntries,
} from './generated/support.js';
export { checkJson, type Static, type TSchema, Type } from './json/index.js';
// The node protocol's accounts and signed transactions (docs/rpc.md).
export {
  type Account,
  accountFromSecret,
  DEV_ACCOUNT_NAMES,
  type DevAccountName,
  devAccount,
  generateAccount,
  type SignedTransaction,
  signTransaction,
  verifySignature,
} from './net/account.js';
// A network Transport to a node (docs/rpc.md).
export { Connection, type ConnectOptions, connect } from './net/connection.js';
export type { AccountState, MailboxEntry, NodeInfo, TxRecord, TxRef } from './net/node-answers.js';
export { NodeError } from './net/node-error.js';
export type { ReconnectOptions } from './net/rpc-socket.js';
export { isSubscriptionNotice, type Topic, type WatchOptions } from './net/subscriptions.js';
export { decodeTransaction, encodeTransaction, type Transaction, type TxCall } from './net/transaction.js';
export type { WebSocketClass } from './net/websocket.js';
export { CONSTRUCTOR_INTERFACE_ID, HEADER_SIZE, interfaceIdBytes, readHeader, type SailsHeader, writeHeader } from './sails/header.js';
export { type Codec, type CodecValue, compareBytes, decode, decodeJson, encode, encodeJson, type Json } from './scale/codec.js';
// The codec core. Combinators live under `codec` (`codec.u32`, `codec.vec(...)`) so that
// they do not collide with the scalar types of the same names (`type u32`).
export * as codec from './scale/codecs.js';
export { variantFieldProp } from './scale/enum.js';
export { isScaleError, ScaleError, type ScaleErrorCode, type ScaleErrorOptions } from './scale/errors.js';
export { fromHex, toHex } from './scale/hex.js';
export { ScaleReader } from './scale/reader.js';
export { ScaleWriter } from './scale/writer.js';
export { codecFromType } from './schema/codec-from-type.js';
export { formatTypeExpr, parseTypeExpr } from './schema/parse-type.js';
export {
  type FieldDef,
  isByteSeq,
  type PrimitiveName,
  substitutedSeq,
  type TypeDef,
  type TypeRef,
  type TypeTable,
  type VariantDef,
} from './schema/type-ref.js';
export {
  type ActorId,
  type bytes,
  type CodeId,
  type Compact,
  err,
  type FixedArray,
  type FixedBytes,
  type H160,
  type H256,
  type HexId,
  type i8,
  type i16,
  type i32,
  type i64,
  type i128,
  type MessageId,
  type NonZeroU8,
  type NonZeroU16,
  type NonZeroU32,
  type NonZeroU64,
  type NonZeroU128,
  type NonZeroU256,
  ok,
  type Result,
  type u8,
  type u16,
  type u32,
  type u64,
  type u128,
  type u256,
  ZERO_ID,
} from './types/scalars.js';
