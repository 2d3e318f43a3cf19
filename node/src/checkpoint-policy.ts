// When a node takes a checkpoint: after enough blocks or inputs since the last one, at a block where no handler is
// suspended, and only when the block's incrementally kept root matches the root of the whole state.
import { encodeCheckpoint } from './checkpoint.js';
import type { BlockRecord } from './execution-records.js';
import type { Executor } from './executor.js';
import type { SqliteLog } from './sqlite-log.js';
import { stateRoot } from './state-root.js';

/** Decides when checkpoints are due and stores them. */
export class CheckpointPolicy {
  /** Height of the newest checkpoint taken or loaded. */
  lastHeight = 0;
  private inputsSince = 0;

  /** `every` blocks or `inputs` inputs since the last checkpoint make the next one due (`every` ≤ 0: never). */
  constructor(
    private readonly log: SqliteLog,
    private readonly every: number,
    private readonly inputs: number,
  ) {}

  /** Whether a checkpoint is due after `block` (so the blocks before it must be stored first). */
  due(block: BlockRecord): boolean {
    return this.every > 0 && (block.height - this.lastHeight >= this.every || this.inputsSince + block.inputs.length >= this.inputs);
  }

  /** Takes a checkpoint after `block` when enough blocks or inputs passed since the last one and none is suspended. */
  maybeTake(block: BlockRecord, executor: Executor): void {
    this.inputsSince += block.inputs.length;
    if (this.every <= 0) return;
    if (block.height - this.lastHeight < this.every && this.inputsSince < this.inputs) return;
    if (!executor.quiet) return;
    // The block's root was kept incrementally: check it against the whole state once per checkpoint. A checkpoint
    // whose root the state does not give could never be loaded, so none is kept then (restarts replay further).
    const full = stateRoot(executor.system, executor.nonces);
    if (full !== block.stateRoot) {
      process.emitWarning(
        `block ${block.height}: the incremental state root ${block.stateRoot} differs from the root of the whole state ${full}; no checkpoint is kept`,
        { code: 'SPROCKET_STATE_ROOT' },
      );
    }
    const state = (full === block.stateRoot ? encodeCheckpoint(executor) : undefined) ?? new Uint8Array();
    this.log.saveCheckpoint({ position: block.position, height: block.height, stateRoot: block.stateRoot, state });
    this.lastHeight = block.height;
    this.inputsSince = 0;
  }
}
