// The context a type mapping runs in: bindings, names for messages and generated types, and the diagnostic sink.
import type { TypeRef } from '@sprocket/sdk';
import type { ts } from 'ts-morph';
import type { ExtractCode } from './codes.js';

/** Reports a diagnostic at a node. */
export type Report = (code: ExtractCode, node: ts.Node, message: string, fix: string) => void;

/** Type parameter declarations bound to type expressions. */
export type Env = ReadonlyMap<ts.Node, TypeRef>;

/** Where the mapper is: bindings, generic params of the definition being built, names for messages and generated types. */
export interface MapContext {
  readonly env: Env;
  /** Type parameters of the named definition being built (inline types inside it become generic over them). */
  readonly params: readonly string[];
  /** What is being mapped, for messages (`Counter.add(value)`, `Point.x`). */
  readonly where: string;
  /** The handler or event the walk started from, for messages inside named types. */
  readonly origin: string;
  /** Base name of generated type names (`AddArgs`). */
  readonly hint: string;
  readonly depth: number;
}

/** A top-level context (a handler parameter, a return, an event). */
export function rootContext(where: string, hint: string, env: Env = new Map()): MapContext {
  return { env, params: [], where, origin: where, hint, depth: 0 };
}

/** A member of an object type with the type-parameter bindings it is read in. */
export interface ShapeMember {
  readonly member: ts.TypeElement;
  readonly env: Env;
}
