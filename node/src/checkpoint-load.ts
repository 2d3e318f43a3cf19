// Loading a checkpoint at startup: the newest one that restores to its own state root wins; one that does not
// decode, or whose block records are not all stored, is passed over for an older one (or the genesis).
import { restoreCheckpoint } from './checkpoint.js';
import type { BlockRecord } from './execution-records.js';
import { Executor } from './executor.js';
import type { HistoryOptions } from './history.js';
import { blockRecordOf, messageInfoOf } from './history-codec.js';
import type { GenesisEntry } from './log.js';
import type { SqliteLog, StoredCheckpoint } from './sqlite-log.js';
import { stateRoot } from './state-root.js';

/** A checkpoint restored into a fresh executor, resumed at its block. */
export interface LoadedCheckpoint {
  readonly checkpoint: StoredCheckpoint;
  readonly executor: Executor;
  /** The record of the checkpoint's block. */
  readonly head: BlockRecord;
}

/** Restores the newest usable checkpoint of `checkpoints` (newest first); undefined when none restores (replay starts at the genesis). */
export function loadNewestCheckpoint(
  log: SqliteLog,
  checkpoints: readonly StoredCheckpoint[],
  genesis: GenesisEntry,
  history: HistoryOptions,
): LoadedCheckpoint | undefined {
  for (const cp of checkpoints) {
    if (cp.state.length === 0) continue;
    const s = log.storedBlock(cp.height);
    if (s === undefined || s.position !== cp.position || log.storedBlockCount(cp.height) !== cp.height + 1) continue;
    const executor = new Executor(genesis, history);
    try {
      restoreCheckpoint(executor, cp.state);
    } catch {
      continue;
    }
    if (stateRoot(executor.system, executor.nonces) !== cp.stateRoot) continue;
    const head = blockRecordOf(s, (h) => log.storedBlock(h));
    // Messages in flight at the checkpoint, as they were then: replay adds what happened to them after it.
    const inFlight = log.messagesInFlight(cp.height).map((m) => messageInfoOf(m, cp.height));
    executor.resumeAt(cp.position, head, inFlight);
    return { checkpoint: cp, executor, head };
  }
  return undefined;
}
