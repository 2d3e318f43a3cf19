/** SCALE codec core: errors, writer/reader, hex, and the codec combinators of ./codecs.ts. */
export { type Codec, type CodecValue, compareBytes, decode, decodeJson, encode, encodeJson, type Json } from './codec.js';
export * from './codecs.js';
export { isScaleError, ScaleError, type ScaleErrorCode, type ScaleErrorOptions } from './errors.js';
export { fromHex, toHex } from './hex.js';
export { ScaleReader } from './reader.js';
export { ScaleWriter } from './writer.js';
