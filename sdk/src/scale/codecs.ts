/** The codec combinators, gathered for the sdk's `codec` namespace export. */
export {
  array,
  type Field,
  type FieldsValue,
  lazy,
  option,
  type ResultValue,
  result,
  struct,
  type TupleValue,
  tuple,
  tupleStruct,
  vec,
} from './composite.js';
export { type EnumValue, enumTagged, enumUnit, type VariantSpec, type VariantValue, variantFieldProp } from './enum.js';
export { map } from './map.js';
export { nonZeroU8, nonZeroU16, nonZeroU32, nonZeroU64, nonZeroU128, nonZeroU256 } from './non-zero.js';
export {
  actorId,
  bool,
  bytes,
  type CompactKind,
  codeId,
  compact,
  fixedBytes,
  h256,
  i8,
  i16,
  i32,
  i64,
  i128,
  messageId,
  str,
  u8,
  u16,
  u32,
  u64,
  u128,
  u256,
  unit,
} from './primitives.js';
export { char, h160 } from './sails-primitives.js';
