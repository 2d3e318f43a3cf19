// Dev commands (dev nodes only): minting, the block time, and snapshots to revert to. Snapshots live only in memory
// and are not part of a checkpoint, which is why the executor asks whether any are held before one is taken.
import { type ActorSystem, installCode, restoreSnapshot, type SystemSnapshot, takeSnapshot } from '@sprocket/runtime';
import type { CodeId } from '@sprocket/sdk';
import { NodeError } from './errors.js';
import type { DevCommand } from './log.js';
import type { LoadedCode } from './sandbox.js';

const U128_MAX = (1n << 128n) - 1n;

/** What a dev command reads and changes besides the actor system. */
export interface DevTarget {
  readonly system: ActorSystem;
  /** The uploaded code, installed again after a revert. */
  readonly codes: ReadonlyMap<CodeId, LoadedCode>;
  /** Height of the block the command runs in. */
  height(): number;
  setBlockTime(ms: number): void;
  /** The state was replaced by a revert: whatever is derived from it must be rebuilt. */
  reverted(): void;
}

/** Applies dev commands and holds the snapshots they take. */
export class DevCommands {
  private readonly snapshots: SystemSnapshot[] = [];

  constructor(private readonly target: DevTarget) {}

  /** Whether snapshots are held. */
  get holdsSnapshots(): boolean {
    return this.snapshots.length > 0;
  }

  /**
   * Why `command` would be refused on the current state, checked before it is logged so that a refused command makes
   * no block (the same checks run again when it is applied).
   */
  refusal(command: DevCommand): NodeError | undefined {
    switch (command.op) {
      case 'mint': {
        const supply = this.target.system.totalSupply();
        if (command.value > U128_MAX - supply)
          return new NodeError(
            'INVALID_PARAMS',
            `value: mint of ${command.value} to ${command.address} refused: the total supply ${supply} would exceed u128 (${U128_MAX})`,
            { path: 'value' },
          );
        return undefined;
      }
      case 'revert':
        return this.snapshots[command.id - 1] === undefined
          ? new NodeError('INVALID_PARAMS', `id: no snapshot ${command.id}`, { path: 'id' })
          : undefined;
      default:
        return undefined;
    }
  }

  /** Applies a command; returns its answer, throws INVALID_PARAMS for a snapshot that does not exist. */
  apply(command: DevCommand): unknown {
    const sys = this.target.system;
    switch (command.op) {
      case 'mint':
        sys.mint(command.address, command.value);
        return { balance: sys.balanceOf(command.address).toString() };
      case 'setBlockTime':
        this.target.setBlockTime(command.ms);
        return {};
      case 'snapshot':
        this.snapshots.push(takeSnapshot(sys));
        return { id: this.snapshots.length };
      case 'revert': {
        const snapshot = this.snapshots[command.id - 1];
        if (snapshot === undefined) throw new NodeError('INVALID_PARAMS', `no snapshot ${command.id}`, { path: 'id' });
        restoreSnapshot(sys, snapshot);
        this.snapshots.length = command.id - 1;
        for (const loaded of this.target.codes.values()) installCode(sys, loaded.code);
        this.target.reverted();
        return { height: this.target.height() };
      }
    }
  }
}
