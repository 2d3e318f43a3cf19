// What a node is opened with.
import type { NodeError } from './errors.js';

/** Options of a node. */
export interface NodeOptions {
  /** Directory of the database. */
  readonly dataDir: string;
  /**
   * Told of a failure no request can report: a block the node decided to make could not be appended (the store
   * failed). The node keeps serving; blocks resume with the next input or tick. Default: written to stderr.
   */
  readonly onError?: (error: NodeError) => void;
  /** Chain id of a new chain (an existing one keeps its own; a different value is refused). */
  readonly chainId?: string;
  /** Dev mode: prefunded dev accounts, dev_* methods. */
  readonly dev?: boolean;
  /** Milliseconds between blocks; 0 = a block whenever inputs are pending (and on while a caller awaits scheduled work). Default 1000. */
  readonly blockTime?: number;
  /** Balance of each dev account at genesis. Default 10^24. */
  readonly devBalance?: bigint;
  /** A checkpoint after at least this many blocks since the previous one (at a block with no handler suspended). Default 1000. */
  readonly checkpointEvery?: number;
  /** …or after at least this many inputs since the previous one. Default 10,000. */
  readonly checkpointInputs?: number;
  /** Worker threads that verify signatures (0: on the main thread). Default: one per spare core, at most 2. */
  readonly verifyThreads?: number;
  /** The local clock (milliseconds since the epoch); only the block producer reads it. */
  readonly now?: () => number;
  /** Gas of a new chain (kept in its genesis): a message's default `gasLimit` and the block gas limit. Default: the runtime's. */
  readonly gas?: { readonly gasLimit?: number; readonly blockGasLimit?: number };
  /**
   * Block and message records kept in memory (the rest is read from the database; default 1,000 blocks listing at
   * most 10,000 inputs together, 10,000 messages), and the recent windows that are not stored: trace records (default
   * 100,000), the runtime's reply records (default 10,000), the events replayed to resubscribing clients (default
   * 100,000) and the results of inputs kept for a caller that asks after the input's block ran (default 10,000, the
   * oldest dropped).
   */
  readonly history?: {
    readonly blocks?: number;
    readonly blockInputs?: number;
    readonly messages?: number;
    readonly trace?: number;
    readonly replies?: number;
    readonly events?: number;
    readonly results?: number;
  };
}

/** The default chain id of a dev node and of a local one. */
export const DEFAULT_CHAIN_ID = { dev: 'sprocket-dev', local: 'sprocket-local' } as const;
