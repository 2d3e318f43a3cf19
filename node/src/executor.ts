// Execution: an ActorSystem fed from the input log in order. Inputs wait for their block entry; a block runs
// the due work of its height, then its inputs, then everything that follows from them, and ends with a state root.
// What inputs do (transaction-effects.ts, dev-commands.ts), what blocks publish (block-events.ts,
// mailbox-reports.ts) and who waits for it (outcome-waiters.ts) live beside this file.
import { createHash } from 'node:crypto';
import { blake2b } from '@noble/hashes/blake2b';
import {
  ActorSystem,
  DEFAULT_BLOCK_GAS_LIMIT,
  DEFAULT_GAS_LIMIT,
  dryRunQuery,
  ensureUser,
  type ReplyRecord,
  trackChanges,
} from '@sprocket/runtime';
import { type ActorId, type CodeId, decodeTransaction, fromHex, isCallError, type MessageId, type Transaction } from '@sprocket/sdk';
import { takeBlockEvents } from './block-events.js';
import { ByteSink } from './canonical.js';
import { DevCommands } from './dev-commands.js';
import type { NodeError } from './errors.js';
import type { BlockOutput, BlockRecord, InputResult, InputView, MessageInfo } from './execution-records.js';
import { BlockHistory, type HistoryOptions, MessageHistory, windowOf } from './history.js';
import type { DevCommand, GenesisEntry, LogEntry, Positioned } from './log.js';
import { MailboxReports } from './mailbox-reports.js';
import { DEFAULT_UNCLAIMED_RESULTS, InputResults, ReplyWaiters } from './outcome-waiters.js';
import { BlockClock, type LoadedCode } from './sandbox.js';
import { StateRoots } from './state-root.js';
import { applyTransaction } from './transaction-effects.js';
import { WALL_CLOCK_MS } from './wall-clock-limit.js';

const ZERO_HASH = `0x${'00'.repeat(32)}`;
/** Trace records kept for dev_trace. */
const TRACE_WINDOW = 100_000;

/** The executor of one chain: deterministic, so the same log always gives the same blocks and roots. */
export class Executor {
  readonly system: ActorSystem;
  readonly genesis: GenesisEntry;
  readonly clock = new BlockClock();
  /** Last executed nonce per signer (part of the state). */
  readonly nonces = new Map<string, bigint>();
  readonly codes = new Map<CodeId, LoadedCode>();
  /** Where each code was uploaded: its block and signer (in upload order, like `codes`). */
  readonly codeUploads = new Map<CodeId, { readonly block: number; readonly uploader: ActorId }>();
  /** Block records: a window of the newest in memory, the rest from the store. */
  readonly blocks: BlockHistory;
  /** Records of messages sent by transactions: a window of the newest (and those in flight), the rest from the store. */
  readonly messages: MessageHistory;
  /** Block time in ms as set by the genesis and dev commands. */
  blockTime: number;
  /** Position of the last applied entry (the genesis is entry 1, applied by the constructor). */
  position = 1;
  private pending: Positioned[] = [];
  private readonly results: InputResults;
  private readonly replyWaiters = new ReplyWaiters();
  private readonly mailboxReports = new MailboxReports();
  private readonly dev: DevCommands;
  private lane: Promise<unknown> = Promise.resolve();
  /** The state root, kept up to date from what each block touched. */
  private readonly roots: StateRoots;
  /** Addresses the runtime reports as changed since the last block was sealed (read by the block, drained by its root). */
  private readonly touched: ReadonlySet<ActorId>;
  /** The system's state maps (the same objects for its life; `busy` is read fresh from `system.internals`). */
  private readonly state: ActorSystem['internals'];
  /** Transactions already decoded by admission or replay, so execution does not decode them twice. */
  private readonly decoded = new WeakMap<LogEntry, Transaction>();
  /** Whether results are kept for late waiters (off while replaying at startup). */
  live = false;
  /** Called after each block with what it produced. */
  onBlock: ((out: BlockOutput) => void) | undefined = undefined;

  constructor(genesis: GenesisEntry, history: HistoryOptions = {}) {
    this.genesis = genesis;
    this.blocks = new BlockHistory(history);
    this.messages = new MessageHistory(history);
    this.results = new InputResults(windowOf(history.results, DEFAULT_UNCLAIMED_RESULTS, 1, 'results'));
    this.blockTime = genesis.blockTime;
    this.system = new ActorSystem({
      seed: genesis.chainId,
      record: true,
      // dev_trace reads the newest trace records; events are taken out after every block.
      traceWindow: history.trace ?? TRACE_WINDOW,
      ...(history.replies === undefined ? {} : { replyWindow: history.replies }),
      eventWindow: 100_000,
      blockTimeMs: Math.max(1, genesis.blockTime),
      genesisTimestamp: genesis.timestamp,
      gasLimit: genesis.gasLimit ?? DEFAULT_GAS_LIMIT,
      blockGasLimit: blockGasLimitOf(genesis),
      // Contract code runs in vm contexts with their own deterministic globals (sandbox.ts); handlers are entered
      // under the wall-clock backstop (code that escaped metering is stopped, not waited for).
      sandboxGlobals: false,
      limits: { wallClockMs: WALL_CLOCK_MS },
    });
    this.roots = new StateRoots(this.system, this.nonces);
    this.touched = trackChanges(this.system);
    this.state = this.system.internals;
    this.dev = new DevCommands({
      system: this.system,
      codes: this.codes,
      // Dev commands run inside the block after the newest one.
      height: () => this.height + 1,
      setBlockTime: (ms) => {
        this.blockTime = ms;
      },
      reverted: () => {
        this.roots.reset();
        this.mailboxReports.sync(this.state.users);
      },
    });
    this.clock.enter(genesis.timestamp, this.seedOf(0));
    for (const account of genesis.accounts) {
      ensureUser(this.system, account.address, account.name);
      if (account.balance > 0n) this.system.mint(account.address, account.balance);
    }
    this.blocks.push(this.seal(0, genesis.timestamp, 1, ZERO_HASH, [], []));
  }

  /** Height of the newest executed block. */
  get height(): number {
    return this.blocks.height;
  }

  /** Runs `fn` when no block is executing (blocks and dry runs take turns). */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.lane.then(fn, fn);
    this.lane = run.catch(() => undefined);
    return run;
  }

  /** Applies log entries in order (the genesis entry is the constructor's). */
  async apply(item: Positioned): Promise<void> {
    if (item.position <= this.position) return;
    this.position = item.position;
    const entry = item.entry;
    if (entry.kind === 'genesis') return;
    if (entry.kind === 'block') await this.exclusive(() => this.runBlock(entry.timestamp, item.position));
    else this.pending.push(item);
  }

  /** Remembers the decoded form of a logged transaction entry. */
  remember(entry: LogEntry, tx: Transaction): void {
    this.decoded.set(entry, tx);
  }

  /** Resolves with the result of the input at `position` once its block ran. */
  resultOf(position: number): Promise<InputResult> {
    return this.results.resultOf(position);
  }

  /** Resolves with the reply record of a message once it exists. */
  replyOf(messageId: MessageId): Promise<ReplyRecord> {
    return this.replyWaiters.replyOf(this.system, messageId);
  }

  /** Calls `waiter` with the reply record of a message once it exists; returns what forgets the waiter (a caller that gave up). */
  onReply(messageId: MessageId, waiter: (r: ReplyRecord) => void): () => void {
    return this.replyWaiters.wait(this.system, messageId, waiter);
  }

  /** Input results kept for a caller that has not asked for them yet (at most `history.results`). */
  get unclaimedResults(): number {
    return this.results.unclaimedCount;
  }

  /** Messages a caller waits for the reply of. */
  get replyWaiterCount(): number {
    return this.replyWaiters.size;
  }

  /** A read-only dry run on the state after the newest block. */
  query(from: ActorId, to: ActorId, payload: Uint8Array): Promise<Uint8Array> {
    return this.exclusive(() => dryRunQuery(this.system, from, to, payload));
  }

  /** Tells the executor that its state was replaced wholesale (a checkpoint was restored): the next root is computed from all of it. */
  stateReplaced(): void {
    this.roots.reset();
  }

  /** Why a dev command would be refused on the state after the newest block (undefined: it would run). */
  devRefusal(command: DevCommand): NodeError | undefined {
    return this.dev.refusal(command);
  }

  /** Whether dev snapshots are held (they are not part of a checkpoint, so none is taken while they exist). */
  get hasDevSnapshots(): boolean {
    return this.dev.holdsSnapshots;
  }

  /**
   * Continues from a restored checkpoint: the position and record of its block (older ones are in the store) and the
   * messages in flight at it. Mailboxes were reported when their blocks ran.
   */
  resumeAt(position: number, head: BlockRecord, inFlight: readonly MessageInfo[]): void {
    this.position = position;
    this.blocks.resume(head);
    this.messages.resume(inFlight);
    this.mailboxReports.sync(this.state.users);
  }

  /** Whether messages are queued that a full block left for the next one (a self-send loop, a large fan-out). */
  get carriesWork(): boolean {
    return this.state.queue.size > 0;
  }

  /**
   * Whether a caller waits for a reply while work is scheduled for a later block (a sleep, a delayed message, a
   * reply timeout): with block time 0 the node mines on for it, as the test kit runs blocks for an awaited call.
   * The caller's own timeout bounds it: a caller that gives up is forgotten, and the mining stops.
   */
  get awaitsScheduledWork(): boolean {
    return this.replyWaiters.size > 0 && this.state.schedule.nextDue() !== undefined;
  }

  /** Whether no handler is suspended at an await (a checkpoint taken now needs no frames). */
  get quiet(): boolean {
    return !this.system.internals.busy;
  }

  private seedOf(height: number): Uint8Array {
    const sink = new ByteSink();
    sink.str(this.genesis.chainId);
    sink.u32(height);
    return blake2b(sink.result(), { dkLen: 32 });
  }

  private async runBlock(timestamp: number, position: number): Promise<void> {
    const height = this.blocks.height + 1;
    this.clock.enter(timestamp, this.seedOf(height));
    await this.system.runBlocks(1);
    const inputs = this.pending;
    this.pending = [];
    const views: InputView[] = [];
    const sent: MessageId[] = [];
    const done: [number, InputResult][] = [];
    for (const item of inputs) {
      const { view, result } = this.applyInput(item, height);
      views.push(view);
      if (result.messageId !== undefined) sent.push(result.messageId);
      done.push([item.position, result]);
    }
    await this.system.runBlocks(0);
    const events = takeBlockEvents(this.state, this.touched, height, this.messages);
    const mailbox = this.mailboxReports.collect(this.state.users, this.touched);
    this.messages.settle(this.system, mailbox, this.mailboxReports.overflowed);
    const messages = this.messages.takeChanged();
    const parent = this.blocks.head;
    const block = this.seal(height, timestamp, position, parent.hash, views, sent);
    this.blocks.push(block);
    this.results.deliver(done, this.live);
    this.replyWaiters.settle(this.system);
    this.onBlock?.({ block, events, mailbox, messages });
  }

  private seal(
    height: number,
    timestamp: number,
    position: number,
    parentHash: string,
    inputs: InputView[],
    messages: MessageId[],
  ): BlockRecord {
    const stateRoot = this.roots.root();
    const h = createHash('sha256');
    h.update(`${parentHash}|${height}|${timestamp}|${stateRoot}`);
    for (const input of inputs) h.update(`|${input.kind}|${input.signer ?? ''}|${input.nonce ?? ''}|${input.messageId ?? ''}`);
    return { height, hash: `0x${h.digest('hex')}`, parentHash, stateRoot, timestamp, position, inputs, messages };
  }

  /** Applies one input of the block at `height`: a dev command, or a transaction whose nonce is above its signer's last. */
  private applyInput(item: Positioned, height: number): { view: InputView; result: InputResult } {
    const entry = item.entry as LogEntry;
    const base = { position: item.position, block: height };
    if (entry.kind === 'dev') {
      const view: InputView = { kind: `dev_${entry.command.op}` };
      try {
        return { view, result: { ...base, value: this.dev.apply(entry.command) } };
      } catch (error) {
        return { view, result: { ...base, error: errorOf(error) } };
      }
    }
    if (entry.kind !== 'tx') return { view: { kind: entry.kind }, result: base };
    let tx: Transaction;
    try {
      tx = this.decoded.get(entry) ?? decodeTransaction(entry.tx);
    } catch (error) {
      return { view: { kind: 'invalid' }, result: { ...base, error: errorOf(error) } };
    }
    const view: InputView = { kind: tx.call.kind, signer: tx.signer, nonce: tx.nonce.toString() };
    const last = this.nonces.get(tx.signer) ?? -1n;
    if (tx.nonce <= last) {
      // Admission let it through (its own last nonce was lower: the log came from elsewhere); nothing ran.
      const next = (last + 1n).toString();
      const message = `nonce ${tx.nonce} of ${tx.signer} is not above its last executed nonce ${last} when its block ran; use ${next}`;
      const data = { signer: tx.signer, nonce: tx.nonce.toString(), executed: last.toString(), next };
      return { view: { ...view, error: 'BAD_NONCE' }, result: { ...base, error: { code: 'BAD_NONCE', message, data } } };
    }
    this.nonces.set(tx.signer, tx.nonce);
    this.roots.touch(tx.signer);
    try {
      const result = applyTransaction(this, tx, base);
      return { view: result.messageId === undefined ? view : { ...view, messageId: result.messageId }, result };
    } catch (error) {
      const failure = errorOf(error);
      // Listed with its code so tx_get can tell a transaction that took its nonce and failed from one that ran.
      return { view: { ...view, error: failure.code }, result: { ...base, error: failure } };
    }
  }
}

/** The block gas limit of a chain: its genesis's, else the runtime's default. */
export function blockGasLimitOf(genesis: GenesisEntry): number {
  return genesis.blockGasLimit ?? DEFAULT_BLOCK_GAS_LIMIT;
}

/**
 * The code and message of an error, for results. A CallError gives its reason alone: its message repeats the code and
 * the callee, which the answer (`data.error`) and the client's CallError state again.
 */
export function errorOf(error: unknown): { code: string; message: string } {
  if (isCallError(error)) return { code: error.code, message: error.reason };
  if (error !== null && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown };
    return { code: typeof e.code === 'string' ? e.code : 'INTERNAL', message: typeof e.message === 'string' ? e.message : String(error) };
  }
  return { code: 'INTERNAL', message: String(error) };
}

/** Bytes of a 0x hex string (for callers that hold hex). */
export const hexBytes = fromHex;
