// Memory a node retains per input: an in-process node runs signed Counter sends as fast as it takes them; the heap
// (after a full GC, the node open) is read after `from` inputs and again after `to`, and the growth is divided by
// the inputs between. Bounded windows that are full by `from` add nothing; a record kept per input would.
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeIdOfBytes, type NodeOptions, SprocketNode } from '@sprocket/node';
import { type ActorId, devAccount, encodeTransaction, type TxCall, toHex } from '@sprocket/sdk';
import { CounterClient } from '../examples/counter/counter.gen.js';

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const add = (CounterClient.definition.services[0]?.functions ?? []).find((f) => f.name === 'Add');

/** What a retained-memory run measured. */
export interface RetainedReport {
  /** Heap in bytes after each checkpoint of `at`. */
  readonly heap: readonly { readonly inputs: number; readonly bytes: number }[];
  /** Heap growth per input between the first and the last point. */
  readonly perInput: number;
  readonly seconds: number;
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Runs `at[at.length - 1]` sends (`concurrency` in flight) and reads the heap after each count in `at`. */
export async function retainedPerInput(
  code: Uint8Array,
  at: readonly number[],
  options: Partial<NodeOptions> = {},
  concurrency = 256,
  probe?: (inputs: number) => void,
): Promise<RetainedReport> {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-bench-retained-'));
  const node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, ...options });
  const started = performance.now();
  try {
    const seed = devAccount('alice').secretKey;
    const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
    const signer = toHex(spki.subarray(spki.length - 32)) as ActorId;
    let nonce = 0n;
    const run = async (call: TxCall) => {
      const data = encodeTransaction({ chainId: node.chainId, signer, nonce: nonce++, call });
      const { position } = await node.submit(data, sign(null, data, key));
      const result = await node.executor.resultOf(position);
      if (result.error !== undefined) throw new Error(`${call.kind}: ${result.error.message}`);
      return result;
    };
    await run({ kind: 'UploadCode', code });
    const ctor = CounterClient.definition.constructors.find((c) => c.name === 'New');
    const payload0 = ctor?.encodeCall([0]) ?? new Uint8Array();
    const deployed = await run({
      kind: 'Deploy',
      codeId: codeIdOfBytes(code),
      payload: payload0,
      value: 0n,
      salt: new Uint8Array(),
      gasLimit: null,
    });
    const counter = deployed.address as ActorId;
    const payload = add?.encodeCall([1]) ?? new Uint8Array();
    const heap: { inputs: number; bytes: number }[] = [];
    let done = 0;
    for (const target of at) {
      const lane = async () => {
        while (done < target) {
          done++;
          await run({ kind: 'Send', to: counter, payload, value: 0n, gasLimit: null, delay: 0 });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      heap.push({ inputs: done, bytes: heapAfterGc() });
      probe?.(done);
    }
    const first = heap[0] as { inputs: number; bytes: number };
    const last = heap[heap.length - 1] as { inputs: number; bytes: number };
    const perInput = (last.bytes - first.bytes) / Math.max(1, last.inputs - first.inputs);
    return { heap, perInput, seconds: (performance.now() - started) / 1000 };
  } finally {
    await node.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
