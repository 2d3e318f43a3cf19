// The primitive wire types: the sdk's scalar names, the unsigned integers, reserved IDL names and shared type refs.
import type { PrimitiveName, TypeRef } from '@sprocket/sdk';

/** The sdk type names of scalar wire types → their primitive. */
export const SCALARS: Readonly<Record<string, PrimitiveName>> = {
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  u128: 'u128',
  u256: 'u256',
  i8: 'i8',
  i16: 'i16',
  i32: 'i32',
  i64: 'i64',
  i128: 'i128',
  ActorId: 'ActorId',
  CodeId: 'CodeId',
  MessageId: 'MessageId',
  H256: 'H256',
  H160: 'H160',
  HexId: 'H256',
  NonZeroU8: 'NonZeroU8',
  NonZeroU16: 'NonZeroU16',
  NonZeroU32: 'NonZeroU32',
  NonZeroU64: 'NonZeroU64',
  NonZeroU128: 'NonZeroU128',
  NonZeroU256: 'NonZeroU256',
};

/** The unsigned integer primitives (the ones `Compact<T>` accepts). */
export const UNSIGNED: ReadonlySet<string> = new Set(['u8', 'u16', 'u32', 'u64', 'u128', 'u256']);

/** Names a user type may not take: they are spelled by the IDL itself. */
export const RESERVED: ReadonlySet<string> = new Set([
  ...Object.values(SCALARS),
  'bool',
  'String',
  'Option',
  'Result',
  'Vec',
  'char',
  'H160',
  'U256',
]);

/** The `bool` primitive. */
export const BOOL: TypeRef = { kind: 'primitive', name: 'bool' };
/** The `String` primitive. */
export const STRING: TypeRef = { kind: 'primitive', name: 'String' };
/** The `u8` primitive (the item of byte vectors and arrays). */
export const U8: TypeRef = { kind: 'primitive', name: 'u8' };
/** The unit type `()`. */
export const UNIT: TypeRef = { kind: 'tuple', items: [] };
