import type { ScaleReader } from '../scale/reader.js';

/** One service function as generated code describes it: specialized codecs plus routing data. */
export interface GeneratedFunction {
  /** Route name (`Add`). */
  readonly name: string;
  /** TypeScript method name (`add`). */
  readonly method: string;
  readonly entryId: number;
  /** For a function inherited through `extends`: the base service's interface id, which its header carries. */
  readonly interfaceId?: string;
  readonly kind: 'command' | 'query';
  readonly payable: boolean;
  /** How many arguments the function takes. */
  readonly arity: number;
  /**
   * The method's `Function.length` when it differs from `arity` (a parameter with a default value, and those after
   * it, are not counted); absent when they agree.
   */
  readonly methodLength?: number;
  /**
   * Encodes the whole message: Sails header ‖ SCALE(arguments). Range errors name the argument. Returns fresh
   * bytes that nothing else references (clients hand them to the transport without a copy).
   */
  encodeCall(args: readonly unknown[]): Uint8Array;
  /** Decodes the arguments that follow the 16-byte header; strict (trailing bytes fail). */
  decodeArgs(reader: ScaleReader): unknown[];
  /** Encodes the whole reply: Sails header ‖ SCALE(result). */
  encodeReply(value: unknown): Uint8Array;
  /** Decodes a whole reply (header checked); strict. */
  decodeReply(payload: Uint8Array): unknown;
  /** The arguments in the JSON form (for traces and the CLI). */
  argsToJson(args: readonly unknown[]): unknown;
  /** Arguments from the JSON form, validated with errors that name the field. */
  argsFromJson(json: unknown): unknown[];
  /** The reply in the JSON form. */
  replyToJson(value: unknown): unknown;
  /** `-> T throws E` only: encodes the payload of the failure reply, Sails header ‖ SCALE(E). */
  encodeError?(error: unknown): Uint8Array;
  /** `-> T throws E` only: decodes the payload of a failure reply (header checked); strict. */
  decodeError?(payload: Uint8Array): unknown;
  /** `-> T throws E` only: the error in the JSON form. */
  errorToJson?(error: unknown): unknown;
}

/** One service event as generated code describes it. */
export interface GeneratedEvent {
  readonly name: string;
  readonly entryId: number;
  /** For an event inherited through `extends`: the base service's interface id, which its header carries. */
  readonly interfaceId?: string;
  /** Encodes the whole event payload: Sails header ‖ SCALE(fields). */
  encode(payload: unknown): Uint8Array;
  /** Decodes the fields that follow the header; strict. */
  decodeFields(reader: ScaleReader): unknown;
  /** The payload in the JSON form. */
  toJson(payload: unknown): unknown;
}

/** A service of a generated program. */
export interface GeneratedService {
  readonly name: string;
  /** The service's position in the program, from 1. */
  readonly route: number;
  /** `0x` + 16 hex digits. */
  readonly interfaceId: string;
  readonly functions: readonly GeneratedFunction[];
  readonly events: readonly GeneratedEvent[];
}

/** A program constructor as generated code describes it. */
export interface GeneratedConstructor {
  /** PascalCase name (`New`). */
  readonly name: string;
  /** TypeScript method name (`new`); `undefined` for the implicit default constructor. */
  readonly method: string | undefined;
  readonly entryId: number;
  /** Encodes the whole constructor message (interface id 0, route 0). */
  encodeCall(args: readonly unknown[]): Uint8Array;
  /** Decodes the arguments after the header; strict. */
  decodeArgs(reader: ScaleReader): unknown[];
  argsToJson(args: readonly unknown[]): unknown;
  argsFromJson(json: unknown): unknown[];
  /** `New(…) throws E` only: the error payload of a failed init (this constructor's header ‖ SCALE(E)). */
  encodeError?(error: unknown): Uint8Array;
  /** `New(…) throws E` only: decodes the error payload of a failed init. */
  decodeError?(payload: Uint8Array): unknown;
  /** `New(…) throws E` only: the JSON form of the error. */
  errorToJson?(error: unknown): unknown;
}

/** Everything the generator emits about one actor: the runtime's dispatch table and the client's codecs. */
export interface GeneratedActor {
  /** Program name (the class name unless `@actor({ name })` says otherwise). */
  readonly name: string;
  /** The actor's source file, relative to the project root, for error messages. */
  readonly source: string;
  /** The Sails IDL v2 text. */
  readonly idl: string;
  readonly constructors: readonly GeneratedConstructor[];
  readonly services: readonly GeneratedService[];
  /**
   * Integer state fields, and the integers inside collection fields, with their wire types: the runtime range-checks
   * them when a segment commits.
   */
  readonly state?: readonly GeneratedStateField[];
  /**
   * State fields with integers nested deeper than a field or a collection's elements (a struct, a Map of structs or
   * tuples, an array of arrays), each with the shape of where its integers sit: the runtime range-checks what a
   * segment writes there when it commits.
   */
  readonly nested?: readonly GeneratedNestedField[];
  /**
   * Every instance field the class declares, when the extractor saw them all (the class extends `Actor` itself):
   * handlers then reach state through accessors for exactly these fields instead of a proxy.
   */
  readonly fields?: readonly string[];
}

/** An integer wire type a state field may be declared with. */
export type StateIntegerType = 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256' | 'i8' | 'i16' | 'i32' | 'i64' | 'i128';

/**
 * Where the integers of a listed collection field sit: the items of an array (`u32[]`) or a Set, the keys or the
 * values of a Map, the values of a string-keyed object (`Record<string, u32>`).
 */
export type StateElement = 'array-item' | 'set-item' | 'map-key' | 'map-value' | 'record-value';

/**
 * One integer field of an actor's state, as the extractor typed it (e.g. `{ name: 'count', type: 'u32' }`), or the
 * integers inside one collection field (`{ name: 'balances', type: 'u128', element: 'map-value', declared:
 * 'Map<ActorId, u128>' }`; a Map with integer keys and values is listed twice, once per `element`). A type declared
 * `u8 | null` is `'u8 | null'`: null passes the range check there, and only there.
 */
export interface GeneratedStateField {
  /** The field's name on the actor instance. */
  readonly name: string;
  /** The integer type of the field, or of its collection's `element` when that is set. */
  readonly type: StateIntegerType | `${StateIntegerType} | null`;
  /** Absent: the field itself holds the integer. Set: the field is a collection and its elements of this kind do. */
  readonly element?: StateElement;
  /** A collection field's type as the source declares it (`Map<ActorId, u128>`), for messages. */
  readonly declared?: string;
}

/**
 * Where the integers sit inside a value of state: an integer type (a leaf), or a container whose parts are shapes.
 * Only the parts that hold integers are listed (an object's other members, a tuple's other items are absent or null).
 * `nullable`: the place is declared `T | null`, so null passes there; `optional` and a leaf's `| undefined`: the place
 * is a collection's element or a tuple item declared `T | undefined` (or `[u8, u16?]`), so undefined passes there.
 * `{ kind: 'ref', up: n }`: a type that refers to itself; the place has the shape of the n-th container above it
 * (1: the one it sits in), so the shape is a finite tree the runtime reads as a cyclic graph.
 */
export type StateShape =
  | StateIntegerType
  | `${StateIntegerType} | null`
  | `${StateIntegerType} | undefined`
  | `${StateIntegerType} | null | undefined`
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, StateShape>>; readonly nullable?: true; readonly optional?: true }
  | { readonly kind: 'tuple'; readonly items: readonly (StateShape | null)[]; readonly nullable?: true; readonly optional?: true }
  | { readonly kind: 'array' | 'set' | 'record'; readonly item: StateShape; readonly nullable?: true; readonly optional?: true }
  | { readonly kind: 'map'; readonly key?: StateShape; readonly value?: StateShape; readonly nullable?: true; readonly optional?: true }
  | { readonly kind: 'ref'; readonly up: number; readonly nullable?: true; readonly optional?: true };

/**
 * One state field whose integers are nested (`accounts: Map<ActorId, { balance: u128; nonce: u64 }>`), with the
 * shape of its type: `{ name: 'accounts', declared: 'Map<ActorId, Account>', shape: { kind: 'map', value: { kind:
 * 'object', fields: { balance: 'u128', nonce: 'u64' } } } }`.
 */
export interface GeneratedNestedField {
  /** The field's name on the actor instance. */
  readonly name: string;
  /** The field's type as the source declares it, for messages. */
  readonly declared: string;
  /** Where the integers of the field's value sit. */
  readonly shape: StateShape;
}
