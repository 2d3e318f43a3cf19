// A Sprocket node: the input log, admission, the executor and the block producer, wired together.
// Writes are checked, appended durably, then acknowledged; blocks are log entries, executed in log order.
import { DEV_ACCOUNT_NAMES, decodeTransaction, devAccount, type MessageId, type Transaction } from '@sprocket/sdk';
import { Admission, type CheckedTx } from './admission.js';
import { encodeCheckpoint, restoreCheckpoint } from './checkpoint.js';
import { NodeError } from './errors.js';
import { EventHistory } from './event-history.js';
import { type BlockOutput, type BlockRecord, blockGasLimitOf, Executor, type InputResult } from './executor.js';
import type { HistoryOptions } from './history.js';
import { blockRecordOf, messageInfoOf, sqliteHistory, storedBlockOf, storedMessageOf } from './history-codec.js';
import type { DevCommand, GenesisEntry, LogEntry, Positioned } from './log.js';
import { codeIdOfBytes, loadCode } from './sandbox.js';
import { SqliteLog, type StoredCheckpoint } from './sqlite-log.js';
import { STATE_TAG, stateRoot } from './state-root.js';
import { VerifyPool } from './verify-pool.js';

/** Options of a node. */
export interface NodeOptions {
  /** Directory of the database. */
  readonly dataDir: string;
  /** Chain id of a new chain (an existing one keeps its own; a different value is refused). */
  readonly chainId?: string;
  /** Dev mode: prefunded dev accounts, dev_* methods. */
  readonly dev?: boolean;
  /** Milliseconds between blocks; 0 = a block whenever inputs are pending. Default 1000. */
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
   * 100,000), the runtime's reply records (default 10,000) and the events replayed to resubscribing clients (default
   * 100,000).
   */
  readonly history?: {
    readonly blocks?: number;
    readonly blockInputs?: number;
    readonly messages?: number;
    readonly trace?: number;
    readonly replies?: number;
    readonly events?: number;
  };
}

/** Records queued during replay before they are written in one transaction. */
const REPLAY_WRITE_BATCH = 2_000;

/** The default chain id of a dev node and of a local one. */
export const DEFAULT_CHAIN_ID = { dev: 'sprocket-dev', local: 'sprocket-local' } as const;

/** A running node. */
export class SprocketNode {
  readonly log: SqliteLog;
  /** The executor (replaced once at startup when a checkpoint is loaded). */
  executor: Executor;
  readonly admission: Admission;
  readonly chainId: string;
  readonly dev: boolean;
  private readonly now: () => number;
  private readonly checkpointEvery: number;
  private readonly checkpointInputs: number;
  private lastCheckpointHeight = 0;
  /** Height of the checkpoint the node resumed from at startup (undefined: it replayed from the genesis). */
  resumedFrom: number | undefined = undefined;
  private inputsSinceCheckpoint = 0;
  private lastTimestamp: number;
  private timer: NodeJS.Timeout | undefined = undefined;
  private inputsSinceBlock = 0;
  /** A block for carried-over work is about to be appended (automine). */
  private carryScheduled = false;
  private readonly unexecuted: Transaction[] = [];
  private readonly ready = new Map<number, Positioned>();
  private feeding = false;
  private appliedPosition = 0;
  private readonly positionWaiters = new Map<number, (() => void)[]>();
  private readonly pendingCodes = new Set<string>();
  private readonly blockListeners = new Set<(out: BlockOutput) => void>();
  /** The recent events, for clients that resubscribe after a lost connection (replay after the loaded checkpoint included). */
  readonly eventHistory: EventHistory;
  private closed = false;
  private readonly verifier: VerifyPool;
  private readonly history: HistoryOptions;

  private constructor(log: SqliteLog, genesis: GenesisEntry, options: NodeOptions) {
    this.log = log;
    this.chainId = genesis.chainId;
    this.dev = genesis.dev;
    this.now = options.now ?? Date.now;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.checkpointInputs = options.checkpointInputs ?? 10_000;
    this.history = { ...options.history, store: sqliteHistory(log) };
    this.eventHistory = new EventHistory(options.history?.events);
    this.executor = new Executor(genesis, this.history);
    this.lastTimestamp = genesis.timestamp;
    this.admission = new Admission(genesis.chainId, (a) => this.executor.system.balanceOf(a), blockGasLimitOf(genesis));
    this.verifier = new VerifyPool(options.verifyThreads);
    this.executor.onBlock = (out) => this.afterBlock(out);
    // Block time 0: each group commit that holds inputs ends with its block entry (one commit, one fsync).
    log.trailer = (batch) => {
      if (this.executor.blockTime !== 0 || this.closed || !batch.some((e) => e.kind === 'tx' || e.kind === 'dev')) return [];
      this.inputsSinceBlock = 0;
      return [{ kind: 'block', timestamp: this.nextTimestamp() }];
    };
    log.onTrailer = (items) => {
      for (const item of items) this.feed(item.position, item.entry);
    };
  }

  private nextTimestamp(): number {
    this.lastTimestamp = Math.max(this.lastTimestamp + 1, this.now());
    return this.lastTimestamp;
  }

  /** Opens (or creates) the node in `dataDir`, replays its log and starts producing blocks. */
  static async open(options: NodeOptions): Promise<SprocketNode> {
    const blockTime = options.blockTime ?? 1000;
    if (!Number.isSafeInteger(blockTime) || blockTime < 0)
      throw new NodeError('NODE_BAD_OPTION', `--block-time must be a whole number of ms ≥ 0, got ${blockTime}`);
    const log = new SqliteLog(options.dataDir);
    let genesis: GenesisEntry;
    try {
      genesis = await SprocketNode.genesisOf(log, options, blockTime);
    } catch (error) {
      await log.close();
      throw error;
    }
    const node = new SprocketNode(log, genesis, options);
    try {
      node.rederiveOlderRecords();
      await node.replay();
    } catch (error) {
      await node.close();
      throw error;
    }
    node.executor.live = true;
    node.executor.blockTime = options.blockTime ?? node.executor.blockTime;
    // Startup read and wrote on this thread; from now on group commits run on the log's writer thread.
    await node.log.startWriter();
    node.startProducer();
    return node;
  }

  private static async genesisOf(log: SqliteLog, options: NodeOptions, blockTime: number): Promise<GenesisEntry> {
    const first = log.head === 0 ? undefined : log.read(1)[Symbol.iterator]().next().value;
    if (first !== undefined) {
      if (first.entry.kind !== 'genesis') throw new NodeError('NODE_STORE', 'the input log does not start with a genesis entry');
      const genesis = first.entry;
      if (options.chainId !== undefined && options.chainId !== genesis.chainId) {
        throw new NodeError(
          'NODE_BAD_OPTION',
          `the data directory holds chain ${JSON.stringify(genesis.chainId)}, not ${JSON.stringify(options.chainId)}`,
        );
      }
      return genesis;
    }
    const dev = options.dev ?? false;
    const balance = options.devBalance ?? 10n ** 24n;
    const genesis: GenesisEntry = {
      kind: 'genesis',
      chainId: options.chainId ?? (dev ? DEFAULT_CHAIN_ID.dev : DEFAULT_CHAIN_ID.local),
      timestamp: (options.now ?? Date.now)(),
      dev,
      blockTime,
      accounts: dev ? DEV_ACCOUNT_NAMES.map((name) => ({ address: devAccount(name).address, name, balance })) : [],
      ...options.gas,
    };
    await log.append([genesis]);
    return genesis;
  }

  /**
   * Block records and checkpoints made by a node with another state-root format cannot match this node's roots: they
   * are derived data, so they are dropped and rebuilt by the replay from the input log (block hashes change with them).
   */
  private rederiveOlderRecords(): void {
    const format = this.log.rootFormat;
    if (format === STATE_TAG) return;
    const dropped = this.log.rederive(STATE_TAG);
    if (dropped > 0) {
      process.emitWarning(
        `the ${dropped} block records in the store were made with state roots ${format ?? 'sprocket-state-v1'}; they are rebuilt with ${STATE_TAG} by replaying the input log (block hashes change)`,
        { code: 'SPROCKET_STATE_FORMAT' },
      );
    }
  }

  /**
   * Loads the newest checkpoint that restores to its own state root (older ones, then the genesis, when it
   * does not), replays the log after it (nothing is sent to clients), checking each replayed block against its
   * stored record and storing the records that are missing. Only the checkpoint's block record is read whole.
   */
  private async replay(): Promise<void> {
    const checkpoints = this.log.checkpoints();
    const loaded = this.loadCheckpoint(checkpoints);
    const check = loaded === undefined ? checkpoints[0] : undefined;
    if (loaded === undefined) this.replayed(this.executor.blocks.head, []);
    for (const item of this.log.read(this.executor.position + 1)) {
      this.noteLogged(item.entry);
      await this.executor.apply(item);
      this.appliedPosition = item.position;
      if (item.entry.kind === 'block') {
        this.noteBlockExecuted(item.entry.timestamp);
        const block = this.executor.blocks.head;
        // A checkpoint is usable only with every block record before it stored.
        if (this.checkpointDue(block) || this.log.queuedRecords >= REPLAY_WRITE_BATCH) this.log.writeLaterBlocks();
        this.maybeCheckpoint(block);
      }
      if (check !== undefined && item.position === check.position) {
        const root = this.executor.blocks.head.stateRoot;
        if (root !== check.stateRoot) {
          throw new NodeError(
            'NODE_VERIFY_FAILED',
            `replay reached the checkpoint at block ${check.height} with state root ${root}, the checkpoint has ${check.stateRoot}`,
            { height: check.height },
          );
        }
      }
    }
    this.log.writeLaterBlocks();
  }

  /** A block replay produced: checked against its stored record, or stored (with its messages) when there is none. */
  private replayed(block: BlockRecord, messages: BlockOutput['messages']): void {
    const s = this.log.storedBlock(block.height);
    if (s === undefined) {
      this.log.saveBlocksLater([storedBlockOf(block)], messages.map(storedMessageOf));
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

  /** Restores the newest usable checkpoint into the executor; undefined when none restores (replay starts at the genesis). */
  private loadCheckpoint(checkpoints: readonly StoredCheckpoint[]): StoredCheckpoint | undefined {
    for (const cp of checkpoints) {
      if (cp.state.length === 0) continue;
      const s = this.log.storedBlock(cp.height);
      if (s === undefined || s.position !== cp.position || this.log.storedBlockCount(cp.height) !== cp.height + 1) continue;
      const executor = new Executor(this.executor.genesis, this.history);
      try {
        restoreCheckpoint(executor, cp.state);
      } catch {
        continue;
      }
      if (stateRoot(executor.system, executor.nonces) !== cp.stateRoot) continue;
      const head = blockRecordOf(s, (h) => this.log.storedBlock(h));
      // Messages in flight at the checkpoint, as they were then: replay adds what happened to them after it.
      const inFlight = this.log.messagesInFlight(cp.height).map((m) => messageInfoOf(m, cp.height));
      executor.resumeAt(cp.position, head, inFlight);
      this.executor = executor;
      this.executor.onBlock = (out) => this.afterBlock(out);
      for (const [signer, nonce] of executor.nonces) this.admission.noteNonce(signer, nonce);
      for (const codeId of executor.codes.keys()) this.pendingCodes.add(codeId);
      this.appliedPosition = cp.position;
      this.lastTimestamp = Math.max(this.lastTimestamp, head.timestamp);
      this.lastCheckpointHeight = cp.height;
      this.resumedFrom = cp.height;
      return cp;
    }
    return undefined;
  }

  /** Takes a checkpoint after `block` when enough blocks or inputs passed since the last one and none is suspended. */
  private maybeCheckpoint(block: BlockRecord): void {
    this.inputsSinceCheckpoint += block.inputs.length;
    if (this.checkpointEvery <= 0) return;
    if (block.height - this.lastCheckpointHeight < this.checkpointEvery && this.inputsSinceCheckpoint < this.checkpointInputs) return;
    if (!this.executor.quiet) return;
    // The block's root was kept incrementally: check it against the whole state once per checkpoint. A checkpoint
    // whose root the state does not give could never be loaded, so none is kept then (restarts replay further).
    const full = stateRoot(this.executor.system, this.executor.nonces);
    if (full !== block.stateRoot) {
      process.emitWarning(
        `block ${block.height}: the incremental state root ${block.stateRoot} differs from the root of the whole state ${full}; no checkpoint is kept`,
        { code: 'SPROCKET_STATE_ROOT' },
      );
    }
    const state = (full === block.stateRoot ? encodeCheckpoint(this.executor) : undefined) ?? new Uint8Array();
    this.log.saveCheckpoint({ position: block.position, height: block.height, stateRoot: block.stateRoot, state });
    this.lastCheckpointHeight = block.height;
    this.inputsSinceCheckpoint = 0;
  }

  private noteLogged(entry: LogEntry): void {
    if (entry.kind === 'tx') {
      try {
        const tx = decodeTransaction(entry.tx);
        this.executor.remember(entry, tx);
        this.admission.note(tx);
        this.unexecuted.push(tx);
        if (tx.call.kind === 'UploadCode') this.pendingCodes.add(codeIdOfBytes(tx.call.code));
      } catch {
        // An entry that does not decode is refused again at execution.
      }
      this.inputsSinceBlock++;
    } else if (entry.kind === 'dev') this.inputsSinceBlock++;
  }

  private noteBlockExecuted(timestamp: number): void {
    for (const tx of this.unexecuted.splice(0)) this.admission.executed(tx);
    this.inputsSinceBlock = 0;
    this.lastTimestamp = Math.max(this.lastTimestamp, timestamp);
  }

  // ------------------------------------------------------------------ writes

  /** Checks a signed transaction, appends it durably and returns its position; nothing changes when a check fails. */
  async submit(bytes: Uint8Array, signature: Uint8Array): Promise<{ position: number; tx: Transaction; duplicateCode?: string }> {
    if (this.closed) throw new NodeError('OVERLOADED', 'the node is shutting down');
    const checked = await this.admission.checkWith(bytes, signature, (signer, data, sig) => this.verifier.verify(signer, data, sig));
    if (this.closed) throw new NodeError('OVERLOADED', 'the node is shutting down');
    const call = checked.tx.call;
    if (call.kind === 'UploadCode') {
      const codeId = codeIdOfBytes(call.code);
      if (this.pendingCodes.has(codeId)) return { position: 0, tx: checked.tx, duplicateCode: codeId };
      loadCode(call.code, this.executor.clock);
    } else if (call.kind === 'Deploy') {
      if (!this.pendingCodes.has(call.codeId))
        throw new NodeError('UNKNOWN_CODE', `no code ${call.codeId} was uploaded`, { codeId: call.codeId });
    } else if (call.kind === 'Call') {
      if (this.executor.system.actor(call.to) === undefined)
        throw new NodeError('UNKNOWN_ACTOR', `no actor at ${call.to}`, { address: call.to });
    }
    return { position: await this.appendTx(checked), tx: checked.tx };
  }

  private async appendTx(checked: CheckedTx): Promise<number> {
    const previousNext = this.admission.nextNonce(checked.tx.signer);
    this.admission.accept(checked);
    const call = checked.tx.call;
    const codeId = call.kind === 'UploadCode' ? codeIdOfBytes(call.code) : undefined;
    if (codeId !== undefined) this.pendingCodes.add(codeId);
    let positions: number[];
    try {
      positions = await this.log.append([{ kind: 'tx', tx: checked.bytes, signature: checked.signature }]);
    } catch (error) {
      this.admission.release(checked, previousNext);
      if (codeId !== undefined) this.pendingCodes.delete(codeId);
      throw error;
    }
    const position = positions[0] as number;
    this.unexecuted.push(checked.tx);
    const entry: LogEntry = { kind: 'tx', tx: checked.bytes, signature: checked.signature };
    this.executor.remember(entry, checked.tx);
    this.feed(position, entry);
    return position;
  }

  /** Appends a dev command (dev nodes only) and resolves with its result once its block ran. */
  async devCommand(command: DevCommand): Promise<InputResult> {
    if (!this.dev) throw new NodeError('DEV_ONLY', 'dev_* methods exist only on a --dev node');
    const entry: LogEntry = { kind: 'dev', command };
    const [position] = (await this.log.append([entry])) as [number];
    const result = this.executor.resultOf(position);
    this.feed(position, entry);
    return result;
  }

  /** Appends `n` block entries now (dev_mine) and resolves once they ran. */
  async mine(n: number): Promise<number> {
    if (!this.dev) throw new NodeError('DEV_ONLY', 'dev_* methods exist only on a --dev node');
    let last = 0;
    for (let i = 0; i < n; i++) last = await this.appendBlock();
    await this.executed(last);
    return this.executor.height;
  }

  /** Changes the block time (dev_setBlockTime): logged, and the producer follows it. */
  async setBlockTime(ms: number): Promise<void> {
    await this.devCommand({ op: 'setBlockTime', ms });
    this.restartProducer();
  }

  /** Resolves once the entry at `position` has been executed. */
  executed(position: number): Promise<void> {
    if (position <= this.appliedPosition) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.positionWaiters.get(position);
      if (list === undefined) this.positionWaiters.set(position, [resolve]);
      else list.push(resolve);
    });
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

  private startProducer(): void {
    if (this.closed) return;
    const ms = this.executor.blockTime;
    if (ms > 0) {
      this.timer = setInterval(() => {
        void this.appendBlock().catch(() => undefined);
      }, ms);
      this.timer.unref?.();
    } else if (this.inputsSinceBlock > 0) void this.appendBlock().catch(() => undefined);
  }

  private restartProducer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.startProducer();
  }

  private async appendBlock(): Promise<number> {
    const entry: LogEntry = { kind: 'block', timestamp: this.nextTimestamp() };
    this.inputsSinceBlock = 0;
    const [position] = (await this.log.append([entry])) as [number];
    this.feed(position, entry);
    return position;
  }

  /** Feeds durable entries to the executor strictly in position order. */
  private feed(position: number, entry: LogEntry): void {
    this.ready.set(position, { position, entry });
    if (this.feeding) return;
    this.feeding = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const next = this.ready.get(this.executor.position + 1);
        if (next === undefined) break;
        this.ready.delete(next.position);
        await this.executor.apply(next);
        this.appliedPosition = next.position;
        if (next.entry.kind === 'block') this.noteBlockExecuted(next.entry.timestamp);
        const waiters = this.positionWaiters.get(next.position);
        if (waiters !== undefined) {
          this.positionWaiters.delete(next.position);
          for (const w of waiters) w();
        }
      }
    } finally {
      this.feeding = false;
    }
    if (this.ready.has(this.executor.position + 1))
      this.feed(this.executor.position + 1, (this.ready.get(this.executor.position + 1) as Positioned).entry);
  }

  private afterBlock(out: BlockOutput): void {
    this.eventHistory.addBlock(out.block.height, out.events);
    // While replaying at startup, blocks are checked against their stored records; nothing goes to subscribers.
    if (!this.executor.live) {
      this.replayed(out.block, out.messages);
      return;
    }
    const b = out.block;
    if (!this.closed) {
      this.log.saveBlocksLater([storedBlockOf(b)], out.messages.map(storedMessageOf));
      // Blocks before a checkpoint must be stored for a restart to rebuild their records.
      if (this.checkpointDue(b)) this.log.writeLaterBlocks();
      this.maybeCheckpoint(b);
      // Automine: a full block left queued messages for the next one; produce it even if no input comes, so that
      // a self-send loop cannot hold back the messages queued behind it (each block still holds at most its limit).
      if (this.executor.blockTime === 0 && this.executor.carriesWork && !this.carryScheduled) {
        this.carryScheduled = true;
        setImmediate(() => {
          this.carryScheduled = false;
          if (!this.closed && this.executor.carriesWork) void this.appendBlock().catch(() => undefined);
        });
      }
    }
    for (const listener of this.blockListeners) {
      try {
        listener(out);
      } catch {
        // A subscriber's failure is its own.
      }
    }
  }

  private checkpointDue(block: BlockRecord): boolean {
    return (
      this.checkpointEvery > 0 &&
      (block.height - this.lastCheckpointHeight >= this.checkpointEvery ||
        this.inputsSinceCheckpoint + block.inputs.length >= this.checkpointInputs)
    );
  }

  /** Stops producing blocks, finishes the executing block and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.executor.exclusive(() => undefined);
    this.closed = true;
    await this.verifier.close();
    await this.log.close();
  }
}
