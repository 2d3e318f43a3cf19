// Checkpoints: what restart loads instead of replaying from genesis. A checkpoint is taken after a block at
// which no handler is suspended (so no JS frame needs saving) and holds the uploaded code bytes, the runtime's
// restorable image (actor instances with their prototypes by name), the executed nonces and the block time.
import { type CheckpointImage, checkpointImage, restoreCheckpointImage } from '@sprocket/runtime';
import { type CodeId, setGasMeter } from '@sprocket/sdk';
import { ByteSink } from './canonical.js';
import { NodeError } from './errors.js';
import type { Executor } from './executor.js';
import { HOST_PROTOS, ImageReader, ImageWriter } from './image-codec.js';
import { type LoadedCode, loadCode } from './sandbox.js';

const MAGIC = 'sprocket-checkpoint-v1';

/** The restorable bytes of an executor's state after its newest block, or undefined when it cannot be restored now. */
export function encodeCheckpoint(executor: Executor): Uint8Array | undefined {
  if (executor.hasDevSnapshots) return undefined;
  let image: CheckpointImage;
  try {
    image = checkpointImage(executor.system);
  } catch {
    return undefined;
  }
  const sink = new ByteSink();
  sink.str(MAGIC);
  const codes = [...executor.codes.values()];
  sink.u32(codes.length);
  for (const c of codes) sink.bytes(c.bytes);
  try {
    const top = new ImageWriter(sink, HOST_PROTOS);
    top.value({
      blockTime: executor.blockTime,
      nonces: [...executor.nonces],
      image: { ...image, actors: image.actors.map((a) => ({ ...a, instance: undefined })) },
    });
    for (const a of image.actors) {
      const code = executor.codes.get(a.codeId);
      if (code === undefined) return undefined;
      new ImageWriter(sink, code.protos).value(a.instance);
    }
  } catch {
    return undefined;
  }
  return sink.result().slice();
}

/** Puts a fresh executor (only its genesis applied) into the state a checkpoint holds; throws NODE_STORE when it does not decode. */
export function restoreCheckpoint(executor: Executor, bytes: Uint8Array): void {
  const reader = new ImageReader(bytes, HOST_PROTOS);
  if (reader.str() !== MAGIC) throw new NodeError('NODE_STORE', 'the checkpoint is not in a format this node reads');
  const n = reader.u32();
  const codes = new Map<CodeId, LoadedCode>();
  // Module code runs unmetered here as at its upload (transaction-effects.ts).
  setGasMeter(undefined);
  for (let i = 0; i < n; i++) {
    const loaded = loadCode(reader.bytesOf(), executor.clock);
    codes.set(loaded.codeId, loaded);
  }
  const top = reader.value() as {
    blockTime: number;
    nonces: [string, bigint][];
    image: CheckpointImage;
  };
  const actors = top.image.actors.map((a) => {
    const code = codes.get(a.codeId);
    if (code === undefined) throw new NodeError('NODE_STORE', `the checkpoint's actor ${a.id} runs code ${a.codeId} it does not hold`);
    reader.use(code.protos);
    return { ...a, instance: reader.value() as object | undefined };
  });
  restoreCheckpointImage(executor.system, { ...top.image, actors }, (id) => {
    const code = codes.get(id);
    if (code === undefined) throw new NodeError('NODE_STORE', `the checkpoint names code ${id} it does not hold`);
    return code.code;
  });
  for (const [id, loaded] of codes) executor.codes.set(id, loaded);
  for (const [signer, nonce] of top.nonces) executor.nonces.set(signer, nonce);
  executor.blockTime = top.blockTime;
  executor.stateReplaced();
}
