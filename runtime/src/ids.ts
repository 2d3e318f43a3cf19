import { createHash } from 'node:crypto';
import type { ActorId, CodeId, GeneratedActor, MessageId } from '@sprocket/sdk';

const HEX16 = '0000000000000000';
/** The low 12 bits of a counter as three hex digits: an id is then one concatenation, no number formatting. */
const LOW3: readonly string[] = Array.from({ length: 4096 }, (_, i) => i.toString(16).padStart(3, '0'));

const asciiEncoder = new TextEncoder();
const asciiDecoder = new TextDecoder();

/**
 * The same ids as one flat string each. Concatenation makes a rope that the engine copies into one piece the first
 * time it is hashed, and ids are Map keys on every message's path; an id decoded from its bytes starts out flat.
 */
export function flatId<T extends string>(id: T): T {
  return asciiDecoder.decode(asciiEncoder.encode(id)) as T;
}

/** sha256 of the parts (joined with NUL), as a 0x-prefixed 64-digit hex id. */
export function hashId(...parts: readonly (string | Uint8Array)[]): `0x${string}` {
  const h = createHash('sha256');
  parts.forEach((part, i) => {
    if (i > 0) h.update('\0');
    h.update(part);
  });
  return flatId(`0x${h.digest('hex')}`);
}

/** The CodeId of an actor's code: sha256 of its program name and IDL, so one definition always gets one id. */
export function codeIdOf(definition: GeneratedActor): CodeId {
  return hashId('sprocket:code', definition.name, definition.idl);
}

/** The address of a named user: independent of the seed, so tests can write it down. */
export function userIdOf(name: string): ActorId {
  return hashId('sprocket:user', name);
}

/**
 * Seeded id source: a 24-byte prefix derived once from the seed and a kind,
 * then an 8-byte big-endian counter, so ids cost no hashing per message.
 */
export class IdSequence {
  /** The 48 hex digits of the prefix, with `0x`. */
  readonly prefix: string;
  /** How many ids have been issued. */
  counter = 0;
  /** `padded[k]`: the prefix and k zeros, so an id is one concatenation. */
  private readonly padded: string[];
  /** The counter's bits above the low 12 of the last id formatted, and its id up to the last three digits. */
  private highKey = -1;
  private highPart = '';

  constructor(seed: string, kind: string) {
    this.prefix = hashId('sprocket:ids', kind, seed).slice(0, 50);
    this.padded = Array.from({ length: 17 }, (_, k) => this.prefix + HEX16.slice(0, k));
  }

  /** Reserves the next counter value (the id string is built on demand by {@link IdSequence.format}). */
  next(): number {
    return ++this.counter;
  }

  /** The id of a counter value. */
  format(n: number): MessageId {
    // Consecutive ids share all but their last three digits: those are formatted once per 4096 ids.
    const high = Math.floor(n / 4096);
    if (high !== this.highKey) {
      const hex = high === 0 ? '' : high.toString(16);
      this.highPart = (this.padded[13 - hex.length] as string) + hex;
      this.highKey = high;
    }
    return (this.highPart + (LOW3[n - high * 4096] as string)) as MessageId;
  }
}
