/** SCALE codec core: errors, writer/reader, hex, codec combinators. */
export { type Codec, type CodecValue, compareBytes, decode, decodeJson, encode, encodeJson, type Json } from './codec.js';
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
export { type EnumValue, enumTagged, enumUnit, type VariantSpec, type VariantValue } from './enum.js';
export { isScaleError, ScaleError, type ScaleErrorCode, type ScaleErrorOptions } from './errors.js';
export { fromHex, toHex } from './hex.js';
export { map } from './map.js';
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
export { ScaleReader } from './reader.js';
export { ScaleWriter } from './writer.js';
