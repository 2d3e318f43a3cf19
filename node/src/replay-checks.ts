// Startup replay against the records derived from the input log (block records, checkpoints): records in an older
// state-root format are dropped and rebuilt; the others must match what replay computes, or the node refuses to start.

import { NodeError } from './errors.js';
import type { BlockOutput, BlockRecord } from './execution-records.js';
import { storedBlockOf, storedMessageOf } from './history-codec.js';
import type { SqliteLog, StoredCheckpoint } from './sqlite-log.js';
import { STATE_TAG } from './state-root.js';

/**
 * Block records and checkpoints made by a node with another state-root format cannot match this node's roots: they
 * are derived data, so they are dropped and rebuilt by the replay from the input log (block hashes change with them).
 */
export function rederiveOlderRecords(log: SqliteLog): void {
  const format = log.rootFormat;
  if (format === STATE_TAG) return;
  const dropped = log.rederive(STATE_TAG);
  if (dropped > 0) {
    process.emitWarning(
      `the ${dropped} block records in the store were made with state roots ${format ?? 'sprocket-state-v1'}; they are rebuilt with ${STATE_TAG} by replaying the input log (block hashes change)`,
      { code: 'SPROCKET_STATE_FORMAT' },
    );
  }
}

/** A block replay produced: checked against its stored record, or stored (with its messages) when there is none. */
export function checkReplayedBlock(log: SqliteLog, block: BlockRecord, messages: BlockOutput['messages']): void {
  const s = log.storedBlock(block.height);
  if (s === undefined) {
    log.saveBlocksLater([storedBlockOf(block)], messages.map(storedMessageOf));
    return;
  }
  if (s.stateRoot !== block.stateRoot || s.hash !== block.hash) {
    throw new NodeError(
      'NODE_VERIFY_FAILED',
      `replay gave block ${block.height} the state root ${block.stateRoot}, the store has ${s.stateRoot}`,
      {
        height: block.height,
      },
    );
  }
}

/** Replay reached a checkpoint it did not load (it does not restore): its root must still be the one replay computed. */
export function checkReplayAtCheckpoint(check: StoredCheckpoint, root: string): void {
  if (root !== check.stateRoot) {
    throw new NodeError(
      'NODE_VERIFY_FAILED',
      `replay reached the checkpoint at block ${check.height} with state root ${root}, the checkpoint has ${check.stateRoot}`,
      { height: check.height },
    );
  }
}
