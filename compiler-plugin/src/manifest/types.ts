import type { FieldDef, TypeDef, TypeRef } from '@sprocket/sdk';

/** Where in a source file something was declared: 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A handler parameter. */
export interface ParamDef {
  readonly name: string;
  readonly type: TypeRef;
}

/** A service function: a command (may change state) or a query (read-only). */
export interface FunctionDef {
  /** The route name on the wire and in the IDL: PascalCase (`Add`). */
  readonly name: string;
  /** The TypeScript method name (`add`); for IDL-sourced services the camelCase of `name`. */
  readonly method: string;
  readonly kind: 'command' | 'query';
  readonly params: readonly ParamDef[];
  /** The reply type; the unit tuple for `void`. */
  readonly returns: TypeRef;
  /** The error type of a Sails `throws` clause, when present. */
  readonly throws?: TypeRef;
  /** Entry id on the wire: from `@entry_id` in an IDL, else the index in lowercase-route order. */
  readonly entryId: number;
  /** Whether the handler accepts value (TS actors: `@handler({ payable: true })`). */
  readonly payable: boolean;
  /**
   * TS actors whose method has a parameter with a default value: the method's `Function.length` (its parameters
   * before the first default), which then differs from the number of `params`. Absent otherwise.
   */
  readonly methodLength?: number;
  /** False when an IDL `@codec` annotation leaves SCALE out (an ABI-only function): kept for ids, left out of clients. */
  readonly scale?: boolean;
  readonly docs?: readonly string[];
  readonly location?: SourceLocation;
}

/** A service event; its fields follow the rules of DESIGN.md section 4. */
export interface EventDef {
  readonly name: string;
  readonly fields: readonly FieldDef[];
  /** Entry id on the wire: from `@entry_id`, else the index in lowercase-name order. */
  readonly entryId: number;
  /** False when an IDL `@codec` annotation leaves SCALE out: kept for ids, left out of clients. */
  readonly scale?: boolean;
  readonly docs?: readonly string[];
}

/** One service of a program: a Sails `service Name@0x… { … }` block. */
export interface ServiceDef {
  readonly name: string;
  /** 8-byte interface id as `0x` + 16 lowercase hex digits. */
  readonly interfaceId: string;
  /** Names of the base services of a Sails `extends` clause. */
  readonly extends: readonly string[];
  readonly functions: readonly FunctionDef[];
  readonly events: readonly EventDef[];
  /** Types declared in the service's `types {}` block (or used by it, for TS actors). */
  readonly types: readonly TypeDef[];
  /** A Sails `@partial` service: a subset of a service, with its explicit interface id and entry ids. */
  readonly partial?: boolean;
  /**
   * TS actors: base functions this service answers with its own method on its route (Sails `#[export(overrides =
   * Base)]`); not part of the service's own functions, IDL or interface id.
   */
  readonly overrides?: readonly FunctionOverride[];
  readonly docs?: readonly string[];
}

/** A base service's function that a derived service answers with another method. */
export interface FunctionOverride {
  /** The base service that declares the function. */
  readonly base: string;
  /** The function's route name in the base. */
  readonly name: string;
  /** The TypeScript method that answers it on the derived service's route. */
  readonly method: string;
}

/** A program constructor (`@init` in TypeScript). */
export interface ConstructorDef {
  /** PascalCase name (`New`). */
  readonly name: string;
  /** The TypeScript method name (`new`). */
  readonly method: string;
  readonly params: readonly ParamDef[];
  /** Entry id on the wire: from `@entry_id`, else the constructor's index. */
  readonly entryId: number;
  /** False when an IDL `@codec` annotation leaves SCALE out. */
  readonly scale?: boolean;
  /** The error type of a Sails `throws` clause on the constructor, when present (IDL-sourced programs). */
  readonly throws?: TypeRef;
  readonly docs?: readonly string[];
  readonly location?: SourceLocation;
}

/** A service exposed by a program, with its route index (the position in the program, from 1). */
export interface ServiceExport {
  /** The name the program exposes it under. */
  readonly name: string;
  /** The service definition it refers to. */
  readonly service: string;
  readonly route: number;
}

/** A program: the unit one actor deploys. */
export interface ProgramDef {
  readonly name: string;
  readonly constructors: readonly ConstructorDef[];
  readonly services: readonly ServiceExport[];
  /** Types declared in the program's `types {}` block. */
  readonly types: readonly TypeDef[];
  readonly docs?: readonly string[];
}

/** The manifest: the plain-JSON IR every front end produces and every emitter consumes. */
export interface Manifest {
  readonly version: 1;
  /** The file it was made from, relative to the project root, with `/` separators. */
  readonly source: string;
  /** Present for a program (a TS actor always has one; an IDL file may declare services only). */
  readonly program?: ProgramDef;
  readonly services: readonly ServiceDef[];
  /** For TS actors: the class name, the `@actor` options that change codegen, and the integer state fields. */
  readonly actor?: {
    readonly className: string;
    readonly exclusive: boolean;
    /**
     * State fields declared with an integer wire type (`count: u32`), directly or through an alias, and collection
     * fields of integers (`Map<ActorId, u128>`): the runtime range-checks them on commit.
     */
    readonly state?: readonly StateFieldDef[];
    /** State fields with integers nested deeper (structs, Maps of structs or tuples), with their shapes. */
    readonly nested?: readonly NestedFieldDef[];
    /** Every declared instance field, when the class extends `Actor` itself: the runtime's state view covers exactly these. */
    readonly fields?: readonly string[];
  };
}

/**
 * An integer state field of an actor and its wire type (`'u8 | null'` when it may also hold null), or the integers
 * of one kind inside a collection field (`element`): the SDK's GeneratedStateField.
 */
export interface StateFieldDef {
  /** The field's name. */
  readonly name: string;
  /** The integer type of the field, or of its collection's `element` when that is set. */
  readonly type: StateIntegerType | `${StateIntegerType} | null`;
  /** Set for a collection field: which of its elements have `type`. */
  readonly element?: StateElement;
  /** A collection field's type as the source declares it, for the runtime's messages. */
  readonly declared?: string;
}

/** A state field with integers nested deeper than its elements, and where they sit (the SDK's GeneratedNestedField). */
export interface NestedFieldDef {
  /** The field's name. */
  readonly name: string;
  /** The field's type as the source declares it, for the runtime's messages. */
  readonly declared: string;
  /** Where the integers of its value sit. */
  readonly shape: StateShapeDef;
}

/**
 * Where the integers sit in a value of state (the SDK's StateShape): a leaf's integer type, or a container's parts, or
 * (`ref`) the shape of the `up`-th container above, for a type that refers to itself.
 */
export type StateShapeDef =
  | StateIntegerType
  | `${StateIntegerType} | null`
  | `${StateIntegerType} | undefined`
  | `${StateIntegerType} | null | undefined`
  | {
      readonly kind: 'object';
      readonly fields: Readonly<Record<string, StateShapeDef>>;
      readonly nullable?: true;
      readonly optional?: true;
    }
  | { readonly kind: 'tuple'; readonly items: readonly (StateShapeDef | null)[]; readonly nullable?: true; readonly optional?: true }
  | { readonly kind: 'array' | 'set' | 'record'; readonly item: StateShapeDef; readonly nullable?: true; readonly optional?: true }
  | {
      readonly kind: 'map';
      readonly key?: StateShapeDef;
      readonly value?: StateShapeDef;
      readonly nullable?: true;
      readonly optional?: true;
    }
  | { readonly kind: 'ref'; readonly up: number; readonly nullable?: true; readonly optional?: true };

/** Where the integers of a collection field sit (the SDK's StateElement). */
export type StateElement = 'array-item' | 'set-item' | 'map-key' | 'map-value' | 'record-value';

/** An integer wire type a state field may be declared with. */
export type StateIntegerType = 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256' | 'i8' | 'i16' | 'i32' | 'i64' | 'i128';
