// The state root: blake2b-256 over the canonical encoding of the whole node state (the runtime's state image,
// the accepted nonces and the chain's code ids).
import { blake2b } from '@noble/hashes/blake2b';
import { type ActorSystem, stateImage } from '@sprocket/runtime';
import { toHex } from '@sprocket/sdk';
import { ByteSink, encodeValue } from './canonical.js';

/** The canonical bytes of the state of a node: its runtime and its nonces. */
export function encodeState(system: ActorSystem, nonces: ReadonlyMap<string, bigint>): Uint8Array {
  const sink = new ByteSink();
  const image = stateImage(system);
  sink.str('sprocket-state-v1');
  encodeValue(sink, image.blockHeight);
  encodeValue(sink, image.blockCount);
  encodeValue(sink, image.messageCounter);
  encodeValue(sink, image.actorCounter);
  encodeValue(sink, image.escrow);
  encodeValue(sink, image.codes);
  sink.u32(image.actors.length);
  for (const a of image.actors) {
    encodeValue(sink, [a.id, a.codeId, a.label, a.status, a.balance, a.deferred]);
    // Each instance is encoded on its own: references across actors cannot exist.
    encodeValue(sink, a.instance);
  }
  encodeValue(sink, image.users);
  encodeValue(sink, image.others);
  encodeValue(sink, image.queue);
  encodeValue(sink, image.schedule);
  encodeValue(
    sink,
    [...nonces].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  );
  return sink.result();
}

/** blake2b-256 of bytes as 0x hex. */
export function hash256(bytes: Uint8Array): string {
  return toHex(blake2b(bytes, { dkLen: 32 }));
}

/** The state root of a node's state. */
export function stateRoot(system: ActorSystem, nonces: ReadonlyMap<string, bigint>): string {
  return hash256(encodeState(system, nonces));
}
