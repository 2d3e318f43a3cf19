// The ordered input log: the node's only source of truth. Everything that decides execution (inputs, block
// boundaries with their timestamps, dev commands, the genesis) is an entry, so a replicated log can replace it.
import type { ActorId } from '@sprocket/sdk';

/** The first entry of every log: what the chain is and who holds value at the start. */
export interface GenesisEntry {
  readonly kind: 'genesis';
  readonly chainId: string;
  /** Milliseconds since the epoch: the timestamp of block 0. */
  readonly timestamp: number;
  readonly dev: boolean;
  readonly blockTime: number;
  readonly accounts: readonly { readonly address: ActorId; readonly name: string; readonly balance: bigint }[];
  /** Gas a message may use when its transaction gives no `gasLimit` (absent: the runtime's default). */
  readonly gasLimit?: number;
  /** Gas the messages of one block may use together; also the largest `gasLimit` a transaction may ask for (absent: the runtime's default). */
  readonly blockGasLimit?: number;
}

/** A signed transaction as accepted: its bytes and the signature. */
export interface TxEntry {
  readonly kind: 'tx';
  readonly tx: Uint8Array;
  readonly signature: Uint8Array;
}

/** The end of a block: the inputs since the previous block entry run in it, at this timestamp. */
export interface BlockEntry {
  readonly kind: 'block';
  readonly timestamp: number;
}

/** A dev command (dev nodes only): logged like any input, so replay repeats it. */
export type DevCommand =
  | { readonly op: 'mint'; readonly address: ActorId; readonly value: bigint }
  | { readonly op: 'setBlockTime'; readonly ms: number }
  | { readonly op: 'snapshot' }
  | { readonly op: 'revert'; readonly id: number };

/** A dev command entry. */
export interface DevEntry {
  readonly kind: 'dev';
  readonly command: DevCommand;
}

/** One entry of the input log. */
export type LogEntry = GenesisEntry | TxEntry | BlockEntry | DevEntry;

/** An entry with its position (1-based, gap-free). */
export interface Positioned {
  readonly position: number;
  readonly entry: LogEntry;
}

/** An ordered, durable, append-only input log. */
export interface InputLog {
  /** Appends entries in order; resolves with their positions once they are durable (entries appended together may share one commit). */
  append(entries: readonly LogEntry[]): Promise<number[]>;
  /** Entries from `from` (inclusive) up to the head, in order. */
  read(from: number): Iterable<Positioned>;
  /** The position of the last durable entry (0 when empty). */
  readonly head: number;
  /** Flushes what is pending and releases the store. */
  close(): Promise<void>;
}
