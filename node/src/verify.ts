// `sprocket node verify`: re-executes the stored inputs from genesis and checks every stored block root.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NodeError } from './errors.js';
import { Executor } from './executor.js';
import { SqliteLog } from './sqlite-log.js';
import { STATE_TAG } from './state-root.js';

/** What a verification found. */
export interface VerifyReport {
  readonly blocks: number;
  readonly inputs: number;
  readonly checked: number;
  readonly checkpoints: number;
  readonly headRoot: string;
}

/** Replays the log in `dataDir` from genesis; throws NODE_VERIFY_FAILED at the first block whose root or hash differs. */
export async function verifyChain(dataDir: string): Promise<VerifyReport> {
  // Opening the store creates it: a mistyped directory would be left holding an empty database.
  if (!existsSync(join(dataDir, 'node.db'))) {
    const why = !existsSync(dataDir)
      ? 'no such directory'
      : statSync(dataDir).isDirectory()
        ? 'it holds no node database (node.db)'
        : 'a file, not a directory';
    throw new NodeError('NODE_VERIFY_FAILED', `${dataDir} holds no chain: ${why}`);
  }
  const log = new SqliteLog(dataDir);
  try {
    if (log.head === 0) throw new NodeError('NODE_VERIFY_FAILED', `${dataDir} holds no chain (the input log is empty)`);
    if (log.storedBlock(0) !== undefined && log.rootFormat !== STATE_TAG) {
      throw new NodeError(
        'NODE_VERIFY_FAILED',
        `the block records in ${dataDir} were made with state roots ${log.rootFormat ?? 'sprocket-state-v1'}, this node computes ${STATE_TAG}: start the node on it once (it rebuilds them from the input log), then verify`,
      );
    }
    const checkpoint = log.latestCheckpoint();
    let executor: Executor | undefined;
    let inputs = 0;
    let checked = 0;
    let checkpoints = 0;
    for (const item of log.read(1)) {
      if (item.entry.kind === 'genesis') {
        executor = new Executor(item.entry);
        const genesis = log.storedBlock(0);
        if (genesis !== undefined) {
          if (genesis.stateRoot !== executor.blocks.head.stateRoot) {
            throw new NodeError(
              'NODE_VERIFY_FAILED',
              `block 0: the genesis gives state root ${executor.blocks.head.stateRoot}, the store has ${genesis.stateRoot}`,
              {
                height: 0,
              },
            );
          }
          checked++;
        }
        continue;
      }
      if (executor === undefined) throw new NodeError('NODE_VERIFY_FAILED', 'the input log does not start with a genesis entry');
      if (item.entry.kind !== 'block') inputs++;
      await executor.apply(item);
      if (item.entry.kind === 'block') {
        const block = executor.blocks.head;
        const s = log.storedBlock(block.height);
        if (s !== undefined) {
          if (s.stateRoot !== block.stateRoot || s.hash !== block.hash) {
            throw new NodeError(
              'NODE_VERIFY_FAILED',
              `block ${block.height}: replay gives state root ${block.stateRoot}, the store has ${s.stateRoot}`,
              {
                height: block.height,
              },
            );
          }
          checked++;
        }
        if (checkpoint !== undefined && checkpoint.position === item.position) {
          if (block.stateRoot !== checkpoint.stateRoot) {
            throw new NodeError(
              'NODE_VERIFY_FAILED',
              `the checkpoint at block ${block.height} has root ${checkpoint.stateRoot}, replay gives ${block.stateRoot}`,
            );
          }
          checkpoints++;
        }
      }
    }
    return {
      blocks: executor?.height ?? 0,
      inputs,
      checked,
      checkpoints,
      headRoot: executor?.blocks.head.stateRoot ?? '',
    };
  } finally {
    await log.close();
  }
}
