// Sails IDL built-in type names and the resolver's size limits.
import type { PrimitiveName } from '@sprocket/sdk';
import type { RawTypeDecl } from './raw-ast.js';
import { NON_ZERO_INNER } from './type-hash.js';

/** Sails IDL primitive spellings (including the lowercase aliases of the grammar) → Sprocket primitive. */
export const PRIMITIVES: Readonly<Record<string, PrimitiveName>> = {
  bool: 'bool',
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  u128: 'u128',
  u256: 'u256',
  U256: 'u256',
  i8: 'i8',
  i16: 'i16',
  i32: 'i32',
  i64: 'i64',
  i128: 'i128',
  String: 'String',
  string: 'String',
  ActorId: 'ActorId',
  actor: 'ActorId',
  CodeId: 'CodeId',
  code: 'CodeId',
  MessageId: 'MessageId',
  messageid: 'MessageId',
  H256: 'H256',
  h256: 'H256',
  H160: 'H160',
  h160: 'H160',
  char: 'char',
  // Not a grammar spelling, but Sails' `PrimitiveType::from_str` knows it, so its validation accepts the name where
  // no interface id is computed (a program, a `@partial` service). `actor_id` and `code_id` never get this far: the
  // grammar reads `actor` / `code` and fails at `_id`.
  message_id: 'MessageId',
};

/** Names Sails accepts but cannot hash, so a service whose id is computed may not use them. */
export const UNHASHABLE_HINTS: Readonly<Record<string, string>> = {
  message_id: 'write `MessageId` or `messageid`',
};

/** Sails primitives that Sprocket has no wire type for (none left; kept for the error path). */
export const UNSUPPORTED = new Set<string>();

/** Built-in generic names a declaration may not take either. */
export const BUILTIN_GENERICS = new Set(['Option', 'Result', 'Compact']);

/** Longest chain of named types (structs, enums, aliases referring to one another) the resolver accepts. */
export const MAX_NAMED_DEPTH = 256;
/** Most type nodes one resolved type expression may expand to (aliases are inlined). */
export const MAX_TYPE_NODES = 65_536;
/** Most variants of an enum or events of a service (the SCALE variant index is one byte). */
export const MAX_VARIANTS = 256;

/**
 * Whether a declaration is the one Sails writes for a `NonZero*` primitive, `struct NonZeroU32(u32);`: then the name
 * means the primitive (and the declaration is not kept as a user type).
 */
export function isNonZeroDecl(d: RawTypeDecl): boolean {
  const inner = NON_ZERO_INNER[d.name];
  if (inner === undefined || d.k !== 'struct' || d.params.length > 0 || d.fields.length !== 1) return false;
  const f = d.fields[0]!;
  return f.name === undefined && f.type.k === 'named' && f.type.args.length === 0 && PRIMITIVES[f.type.name] === inner;
}
