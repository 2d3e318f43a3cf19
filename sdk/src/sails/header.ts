import { ScaleError } from '../scale/errors.js';
import type { ScaleReader } from '../scale/reader.js';
import type { ScaleWriter } from '../scale/writer.js';

/** Length of the Sails 1.x message header in bytes. */
export const HEADER_SIZE = 16;

/** The decoded fields of a Sails header. */
export interface SailsHeader {
  /** `0x` + 16 hex digits; all zeros for constructors. */
  readonly interfaceId: string;
  readonly entryId: number;
  /** The service's route index (0 for constructors). */
  readonly route: number;
}

/** The interface id of constructors: eight zero bytes. */
export const CONSTRUCTOR_INTERFACE_ID = '0x0000000000000000';

/** Parses `0x` + 16 hex digits into the 8 header bytes. */
export function interfaceIdBytes(interfaceId: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{16}$/.test(interfaceId)) {
    throw new ScaleError('SCALE_BAD_VALUE', 'interfaceId', `an interface id is 0x and 16 hex digits, got ${interfaceId}`);
  }
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = Number.parseInt(interfaceId.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

/** Writes the 16-byte header: magic `GM`, version 1, length 16, interface id, entry id (u16 LE), route (u8), reserved 0. */
export function writeHeader(writer: ScaleWriter, interfaceId: Uint8Array, entryId: number, route: number): void {
  writer.u8(0x47);
  writer.u8(0x4d);
  writer.u8(0x01);
  writer.u8(HEADER_SIZE);
  writer.raw(interfaceId);
  writer.u16(entryId, 'header.entryId');
  writer.u8(route, 'header.route');
  writer.u8(0);
}

/** Reads and checks a header: wrong magic, version, length or reserved byte is a ScaleError at `header`. */
export function readHeader(reader: ScaleReader): SailsHeader {
  // Each refusal carries the offset of the byte it is about, as every other decode error does.
  const start = reader.offset;
  if (reader.remaining < HEADER_SIZE) {
    throw reader.error('SCALE_SHORT_INPUT', 'header', `a Sails header is ${HEADER_SIZE} bytes, the payload has ${reader.remaining}`);
  }
  const magic0 = reader.u8('header');
  const magic1 = reader.u8('header');
  if (magic0 !== 0x47 || magic1 !== 0x4d) {
    throw reader.error('SCALE_BAD_TAG', 'header.magic', `expected 0x474d ("GM"), got 0x${hex2(magic0)}${hex2(magic1)}`, start);
  }
  const version = reader.u8('header.version');
  if (version !== 1) throw reader.error('SCALE_BAD_TAG', 'header.version', `expected version 1, got ${version}`, start + 2);
  const length = reader.u8('header.length');
  if (length !== HEADER_SIZE) {
    throw reader.error('SCALE_BAD_TAG', 'header.length', `expected header length 16, got ${length}`, start + 3);
  }
  const id = reader.raw(8, 'header.interfaceId');
  let interfaceId = '0x';
  for (const byte of id) interfaceId += hex2(byte);
  const entryId = reader.u16('header.entryId');
  const route = reader.u8('header.route');
  const reserved = reader.u8('header.reserved');
  if (reserved !== 0) throw reader.error('SCALE_BAD_TAG', 'header.reserved', `expected 0, got ${reserved}`, start + 15);
  return { interfaceId, entryId, route };
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
