import type { ActorId, CodeId } from '@sprocket/sdk';
import type { ActorRecord } from './actor-record.js';
import type { Code } from './code.js';
import type { Fifo } from './fifo.js';
import type { GasBook } from './gas.js';
import type { IdSequence } from './ids.js';
import type { StateTracker } from './journal.js';
import type { Envelope, Waiter } from './message.js';
import type { EventRecord, ReplyRecord, UserAccount } from './records.js';
import type { BlockSchedule } from './schedule.js';
import type { TraceRecord } from './trace.js';
import type { Window, WindowMap } from './window.js';

/** The mutable internals of a system, for snapshot/restore. */
export interface SystemInternals {
  readonly codes: Map<CodeId, Code>;
  readonly actors: Map<ActorId, ActorRecord>;
  readonly users: Map<ActorId, UserAccount>;
  readonly usersByName: Map<string, UserAccount>;
  readonly others: Map<ActorId, bigint>;
  readonly labels: Map<string, string>;
  readonly labelCounts: Map<string, number>;
  readonly queue: Fifo<Envelope>;
  readonly schedule: BlockSchedule<Envelope, Waiter>;
  readonly messageIds: IdSequence;
  readonly actorIds: IdSequence;
  readonly eventLog: Map<ActorId, Window<EventRecord>>;
  readonly replyLog: WindowMap<ReplyRecord>;
  readonly traceLog: Window<TraceRecord>;
  readonly tracker: StateTracker;
  /** Gas used per handled message (`sys.gasOf`). */
  readonly gasLog: WindowMap<number>;
  /** Gas limits and the gas the current block used. */
  readonly gasBook: GasBook;
  /** Messages the segments of a block sent: `[block height, count]`. */
  blockSent: [number, number];
  blockCount: number;
  escrow: bigint;
  /** `touched`: addresses whose account may have changed since a host drained the set; undefined unless tracked (`trackChanges`). */
  readonly changes: { touched: Set<ActorId> | undefined };
  readonly busy: boolean;
  /** What keeps it busy: handlers started and not finished, and calls of the host (the test) awaiting their reply. */
  readonly pending: { readonly handlers: number; readonly calls: number };
}
