// A Sprocket node: the input log, admission, the executor and the block producer, wired together.
// Writes are checked, appended durably, then acknowledged; blocks are log entries, executed in log order.
// The parts: tx-intake.ts (writes), block-producer.ts (block entries), execution-feed.ts (log order into the
// executor), checkpoint-policy.ts and checkpoint-load.ts (checkpoints), replay-checks.ts (startup replay).
import type { MessageId, Transaction } from '@sprocket/sdk';
import { Admission } from './admission.js';
import { BlockProducer } from './block-producer.js';
import { type LoadedCheckpoint, loadNewestCheckpoint } from './checkpoint-load.js';
import { CheckpointPolicy } from './checkpoint-policy.js';
import { NodeError } from './errors.js';
import { EventHistory } from './event-history.js';
import { ExecutionFeed } from './execution-feed.js';
import type { BlockOutput, InputResult } from './execution-records.js';
import { blockGasLimitOf, Executor } from './executor.js';
import { genesisOf } from './genesis.js';
import type { HistoryOptions } from './history.js';
import { sqliteHistory, storedBlockOf, storedMessageOf } from './history-codec.js';
import type { DevCommand, GenesisEntry, LogEntry } from './log.js';
import type { NodeOptions } from './node-options.js';
import { checkReplayAtCheckpoint, checkReplayedBlock, rederiveOlderRecords } from './replay-checks.js';
import { SqliteLog } from './sqlite-log.js';
import { TxIntake } from './tx-intake.js';

/** Records queued during replay before they are written in one transaction. */
const REPLAY_WRITE_BATCH = 2_000;

/** A running node. */
export class SprocketNode {
  readonly log: SqliteLog;
  /** The executor (replaced once at startup when a checkpoint is loaded). */
  executor: Executor;
  readonly admission: Admission;
  readonly chainId: string;
  readonly dev: boolean;
  /** Height of the checkpoint the node resumed from at startup (undefined: it replayed from the genesis). */
  resumedFrom: number | undefined = undefined;
  private readonly checkpoints: CheckpointPolicy;
  private readonly producer: BlockProducer;
  private readonly feed: ExecutionFeed;
  private readonly intake: TxIntake;
  private readonly blockListeners = new Set<(out: BlockOutput) => void>();
  /** The recent events, for clients that resubscribe after a lost connection (replay after the loaded checkpoint included). */
  readonly eventHistory: EventHistory;
  private closed = false;
  private readonly history: HistoryOptions;

  private constructor(log: SqliteLog, genesis: GenesisEntry, options: NodeOptions) {
    this.log = log;
    this.chainId = genesis.chainId;
    this.dev = genesis.dev;
    this.checkpoints = new CheckpointPolicy(log, options.checkpointEvery ?? 1000, options.checkpointInputs ?? 10_000);
    this.history = { ...options.history, store: sqliteHistory(log) };
    this.eventHistory = new EventHistory(options.history?.events);
    this.executor = new Executor(genesis, this.history);
    this.feed = new ExecutionFeed(
      () => this.executor,
      (timestamp) => this.blockExecuted(timestamp),
    );
    const host = {
      log,
      now: options.now ?? Date.now,
      executor: () => this.executor,
      feed: (position: number, entry: LogEntry) => this.feed.feed(position, entry),
      closed: () => this.closed,
      failed: options.onError ?? ((error: NodeError) => process.stderr.write(`sprocket node: ${error.code}: ${error.message}\n`)),
    };
    this.producer = new BlockProducer(host, genesis.timestamp);
    this.admission = new Admission(genesis.chainId, (a) => this.executor.system.balanceOf(a), blockGasLimitOf(genesis));
    this.intake = new TxIntake({ ...host, admission: this.admission }, options.verifyThreads);
    this.executor.onBlock = (out) => this.afterBlock(out);
    log.trailer = (batch) => this.producer.trailer(batch);
    log.onTrailer = (items) => {
      for (const item of items) this.feed.feed(item.position, item.entry);
    };
  }

  /** Opens (or creates) the node in `dataDir`, replays its log and starts producing blocks. */
  static async open(options: NodeOptions): Promise<SprocketNode> {
    const blockTime = options.blockTime ?? 1000;
    if (!Number.isSafeInteger(blockTime) || blockTime < 0)
      throw new NodeError('NODE_BAD_OPTION', `--block-time must be a whole number of ms ≥ 0, got ${blockTime}`);
    const log = new SqliteLog(options.dataDir);
    let genesis: GenesisEntry;
    try {
      genesis = await genesisOf(log, options, blockTime);
    } catch (error) {
      await log.close();
      throw error;
    }
    const node = new SprocketNode(log, genesis, options);
    try {
      rederiveOlderRecords(node.log);
      await node.replay();
    } catch (error) {
      await node.close();
      throw error;
    }
    node.executor.live = true;
    node.executor.blockTime = options.blockTime ?? node.executor.blockTime;
    // Startup read and wrote on this thread; from now on group commits run on the log's writer thread.
    await node.log.startWriter();
    node.producer.start();
    return node;
  }

  /**
   * Loads the newest checkpoint that restores to its own state root (older ones, then the genesis, when it
   * does not), replays the log after it (nothing is sent to clients), checking each replayed block against its
   * stored record and storing the records that are missing. Only the checkpoint's block record is read whole.
   */
  private async replay(): Promise<void> {
    const checkpoints = this.log.checkpoints();
    const loaded = loadNewestCheckpoint(this.log, checkpoints, this.executor.genesis, this.history);
    if (loaded !== undefined) this.resume(loaded);
    const check = loaded === undefined ? checkpoints[0] : undefined;
    if (loaded === undefined) checkReplayedBlock(this.log, this.executor.blocks.head, []);
    for (const item of this.log.read(this.executor.position + 1)) {
      if (this.intake.noteLogged(item.entry)) this.producer.inputLogged();
      await this.executor.apply(item);
      this.feed.appliedPosition = item.position;
      if (item.entry.kind === 'block') {
        this.blockExecuted(item.entry.timestamp);
        const block = this.executor.blocks.head;
        // A checkpoint is usable only with every block record before it stored.
        if (this.checkpoints.due(block) || this.log.queuedRecords >= REPLAY_WRITE_BATCH) this.log.writeLaterBlocks();
        this.checkpoints.maybeTake(block, this.executor);
      }
      if (check !== undefined && item.position === check.position) checkReplayAtCheckpoint(check, this.executor.blocks.head.stateRoot);
    }
    this.log.writeLaterBlocks();
  }

  /** Continues from a loaded checkpoint: its executor replaces the genesis one, and every part takes up its state. */
  private resume(loaded: LoadedCheckpoint): void {
    const { checkpoint: cp, executor, head } = loaded;
    this.executor = executor;
    this.executor.onBlock = (out) => this.afterBlock(out);
    this.intake.resumeFrom(executor);
    this.feed.appliedPosition = cp.position;
    // Its block was executed: later timestamps follow it.
    this.producer.blockExecuted(head.timestamp);
    this.checkpoints.lastHeight = cp.height;
    this.resumedFrom = cp.height;
  }

  private blockExecuted(timestamp: number): void {
    this.intake.blockExecuted();
    this.producer.blockExecuted(timestamp);
  }

  // ------------------------------------------------------------------ writes

  /** Checks a signed transaction, appends it durably and returns its position; nothing changes when a check fails. */
  submit(bytes: Uint8Array, signature: Uint8Array): Promise<{ position: number; tx: Transaction; duplicateCode?: string }> {
    return this.intake.submit(bytes, signature);
  }

  /** Appends a dev command (dev nodes only) and resolves with its result once its block ran. */
  async devCommand(command: DevCommand): Promise<InputResult> {
    if (!this.dev) throw new NodeError('DEV_ONLY', 'dev_* methods exist only on a --dev node');
    // A command the current state refuses is not logged: it would make a block and change nothing else.
    const refusal = this.executor.devRefusal(command);
    if (refusal !== undefined) throw refusal;
    const entry: LogEntry = { kind: 'dev', command };
    const [position] = (await this.log.append([entry])) as [number];
    const result = this.executor.resultOf(position);
    this.feed.feed(position, entry);
    // A dev command runs in the next block. With a block time, that is a wait of up to a block time (and an hour-long
    // one set by dev_setBlockTime could not be set back in less): its block is made now, as dev_mine makes one.
    if (this.executor.blockTime !== 0) await this.producer.append();
    return result;
  }

  /** Appends `n` block entries now (dev_mine) and resolves once they ran. */
  async mine(n: number): Promise<number> {
    if (!this.dev) throw new NodeError('DEV_ONLY', 'dev_* methods exist only on a --dev node');
    let last = 0;
    for (let i = 0; i < n; i++) last = await this.producer.append();
    await this.executed(last);
    return this.executor.height;
  }

  /** Changes the block time (dev_setBlockTime): logged, and the producer follows it. */
  async setBlockTime(ms: number): Promise<void> {
    await this.devCommand({ op: 'setBlockTime', ms });
    this.producer.restart();
  }

  /** Resolves once the entry at `position` has been executed. */
  executed(position: number): Promise<void> {
    return this.feed.executed(position);
  }

  /** Subscribes to executed blocks (with their events and mailbox entries). */
  onBlock(listener: (out: BlockOutput) => void): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  /** Waits for the reply of a message (deploy, send or call). */
  reply(messageId: MessageId): ReturnType<Executor['replyOf']> {
    return this.executor.replyOf(messageId);
  }

  // ------------------------------------------------------------------ blocks

  private afterBlock(out: BlockOutput): void {
    this.eventHistory.addBlock(out.block.height, out.events);
    // While replaying at startup, blocks are checked against their stored records; nothing goes to subscribers.
    if (!this.executor.live) {
      checkReplayedBlock(this.log, out.block, out.messages);
      return;
    }
    const b = out.block;
    if (!this.closed) {
      this.log.saveBlocksLater([storedBlockOf(b)], out.messages.map(storedMessageOf));
      // Blocks before a checkpoint must be stored for a restart to rebuild their records.
      if (this.checkpoints.due(b)) this.log.writeLaterBlocks();
      this.checkpoints.maybeTake(b, this.executor);
      this.producer.carryOver();
    }
    for (const listener of this.blockListeners) {
      try {
        listener(out);
      } catch {
        // A subscriber's failure is its own.
      }
    }
  }

  /** Stops producing blocks, finishes the executing block and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.producer.stop();
    await this.executor.exclusive(() => undefined);
    this.closed = true;
    await this.intake.close();
    await this.log.close();
  }
}
