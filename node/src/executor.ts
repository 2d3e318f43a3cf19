// Execution: an ActorSystem fed from the input log in order. Inputs wait for their block entry; a block runs
// the due work of its height, then its inputs, then everything that follows from them, and ends with a state root.
import { createHash } from 'node:crypto';
import { blake2b } from '@noble/hashes/blake2b';
import {
  ActorSystem,
  DEFAULT_BLOCK_GAS_LIMIT,
  DEFAULT_GAS_LIMIT,
  dryRunQuery,
  ensureUser,
  installCode,
  type ReplyRecord,
  restoreSnapshot,
  type SystemSnapshot,
  takeSnapshot,
  trackChanges,
  userTransfer,
} from '@sprocket/runtime';
import { type ActorId, type CodeId, decodeTransaction, fromHex, type MessageId, setGasMeter, type Transaction, toHex } from '@sprocket/sdk';
import { ByteSink } from './canonical.js';
import { NodeError } from './errors.js';
import { BlockHistory, type HistoryOptions, MessageHistory } from './history.js';
import type { DevCommand, GenesisEntry, LogEntry, Positioned } from './log.js';
import { BlockClock, type LoadedCode, loadCode } from './sandbox.js';
import { StateRoots } from './state-root.js';

/** What an input did when its block ran. */
export interface InputResult {
  readonly position: number;
  readonly block: number;
  readonly messageId?: MessageId;
  readonly address?: ActorId;
  readonly codeId?: CodeId;
  /** Set when execution refused the input (nothing changed). */
  readonly error?: { readonly code: string; readonly message: string };
  /** A dev command's answer. */
  readonly value?: unknown;
}

/** One input as listed in a block. */
export interface InputView {
  readonly kind: string;
  readonly signer?: string;
  readonly nonce?: string;
  readonly messageId?: string;
}

/** A block as executed. */
export interface BlockRecord {
  readonly height: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly stateRoot: string;
  readonly timestamp: number;
  /** Log position of the block entry (the genesis: 1). */
  readonly position: number;
  readonly inputs: readonly InputView[];
  readonly messages: readonly MessageId[];
}

/** An event as the node reports it. */
export interface EventView {
  readonly actor: ActorId;
  readonly name: string;
  readonly payload: string;
  readonly messageId: string;
  readonly block: number;
}

/** What the node knows about a message a transaction sent. */
export interface MessageInfo {
  readonly messageId: MessageId;
  readonly from: ActorId;
  readonly to: ActorId;
  readonly kind: 'Deploy' | 'Send' | 'Call';
  readonly block: number;
  readonly payload: Uint8Array;
  readonly events: EventView[];
  /** Its reply record once handled (kept so the outcome outlives the runtime's reply window and restarts); absent while in flight. */
  outcome?: ReplyRecord;
}

/** A mailbox entry as the node reports it. */
export interface MailboxView {
  readonly address: ActorId;
  readonly messageId: string;
  readonly from: ActorId;
  readonly payload: string;
  readonly value: string;
  readonly block: number;
}

/** What a block produced, for subscribers. */
export interface BlockOutput {
  readonly block: BlockRecord;
  readonly events: readonly EventView[];
  readonly mailbox: readonly MailboxView[];
  /** Message records the block created or changed (to be stored with it). */
  readonly messages: readonly MessageInfo[];
}

const ZERO_HASH = `0x${'00'.repeat(32)}`;
/** The wall-clock backstop in ms (a handler's synchronous run is stopped after 3/4 of it to all of it; docs/gas.md): a backstop only, gas stops metered code long before. */
const WALL_CLOCK_MS = 2_000;
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
  private readonly results = new Map<number, (r: InputResult) => void>();
  /** Results nobody waited for yet (a waiter may register after its block ran); the oldest are dropped. */
  private readonly unclaimed = new Map<number, InputResult>();
  private readonly replyWaiters = new Map<MessageId, ((r: ReplyRecord) => void)[]>();
  /** Per user, the newest mailbox message reported (mailboxes keep their newest messages, so a length is no cursor). */
  private readonly mailboxCursor = new Map<ActorId, object>();
  private readonly snapshots: SystemSnapshot[] = [];
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
    const known = this.unclaimed.get(position);
    if (known !== undefined) {
      this.unclaimed.delete(position);
      return Promise.resolve(known);
    }
    return new Promise((resolve) => this.results.set(position, resolve));
  }

  /** Resolves with the reply record of a message once it exists. */
  replyOf(messageId: MessageId): Promise<ReplyRecord> {
    const known = this.system.replyOf(messageId);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const list = this.replyWaiters.get(messageId);
      if (list === undefined) this.replyWaiters.set(messageId, [resolve]);
      else list.push(resolve);
    });
  }

  /** Forgets a reply waiter (a caller that gave up). */
  dropReplyWaiter(messageId: MessageId, waiter: (r: ReplyRecord) => void): void {
    const list = this.replyWaiters.get(messageId);
    if (list === undefined) return;
    const i = list.indexOf(waiter);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.replyWaiters.delete(messageId);
  }

  /** A read-only dry run on the state after the newest block. */
  query(from: ActorId, to: ActorId, payload: Uint8Array): Promise<Uint8Array> {
    return this.exclusive(() => dryRunQuery(this.system, from, to, payload));
  }

  /** Tells the executor that its state was replaced wholesale (a checkpoint was restored): the next root is computed from all of it. */
  stateReplaced(): void {
    this.roots.reset();
  }

  /** Whether dev snapshots are held (they are not part of a checkpoint, so none is taken while they exist). */
  get hasDevSnapshots(): boolean {
    return this.snapshots.length > 0;
  }

  /**
   * Continues from a restored checkpoint: the position and record of its block (older ones are in the store) and the
   * messages in flight at it. Mailboxes were reported when their blocks ran.
   */
  resumeAt(position: number, head: BlockRecord, inFlight: readonly MessageInfo[]): void {
    this.position = position;
    this.blocks.resume(head);
    this.messages.resume(inFlight);
    this.syncMailboxCursors();
  }

  /** Every mailbox counts as reported up to its newest message (after its state was replaced). */
  private syncMailboxCursors(): void {
    this.mailboxCursor.clear();
    for (const [address, user] of this.state.users) {
      const newest = user.mailbox.at(-1);
      if (newest !== undefined) this.mailboxCursor.set(address, newest);
    }
  }

  /** Whether messages are queued that a full block left for the next one (a self-send loop, a large fan-out). */
  get carriesWork(): boolean {
    return this.state.queue.size > 0;
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
    const events = this.collectEvents();
    const mailbox = this.collectMailbox();
    this.messages.settle(this.system);
    const messages = this.messages.takeChanged();
    const parent = this.blocks.head;
    const block = this.seal(height, timestamp, position, parent.hash, views, sent);
    this.blocks.push(block);
    for (const [pos, result] of done) {
      const resolve = this.results.get(pos);
      if (resolve !== undefined) {
        this.results.delete(pos);
        resolve(result);
      } else if (this.live) {
        this.unclaimed.set(pos, result);
        if (this.unclaimed.size > 100_000) this.unclaimed.delete(this.unclaimed.keys().next().value as number);
      }
    }
    this.settleReplies();
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

  private applyInput(item: Positioned, height: number): { view: InputView; result: InputResult } {
    const entry = item.entry as LogEntry;
    const base = { position: item.position, block: height };
    if (entry.kind === 'dev') {
      const view: InputView = { kind: `dev_${entry.command.op}` };
      try {
        return { view, result: { ...base, value: this.applyDev(entry.command) } };
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
      return { view, result: { ...base, error: { code: 'BAD_NONCE', message: `nonce ${tx.nonce} is not above ${last}` } } };
    }
    this.nonces.set(tx.signer, tx.nonce);
    this.roots.touch(tx.signer);
    try {
      const result = this.applyTx(tx, base);
      return { view: result.messageId === undefined ? view : { ...view, messageId: result.messageId }, result };
    } catch (error) {
      return { view, result: { ...base, error: errorOf(error) } };
    }
  }

  private applyTx(tx: Transaction, base: { position: number; block: number }): InputResult {
    const sys = this.system;
    const signer = tx.signer;
    if (sys.userAt(signer) === undefined && sys.actor(signer) === undefined) ensureUser(sys, signer, `${signer.slice(0, 10)}…`);
    const call = tx.call;
    switch (call.kind) {
      case 'UploadCode': {
        // Module code runs unmetered, the same at every replay, whatever ran before it (gas.ts, detached work).
        setGasMeter(undefined);
        const loaded = loadCode(call.code, this.clock);
        if (!this.codes.has(loaded.codeId)) {
          this.codes.set(loaded.codeId, loaded);
          this.codeUploads.set(loaded.codeId, { block: base.block, uploader: signer });
        }
        installCode(sys, (this.codes.get(loaded.codeId) as LoadedCode).code);
        return { ...base, codeId: loaded.codeId };
      }
      case 'Deploy': {
        const salt = call.salt.length === 0 ? undefined : call.salt;
        const { address, messageId } = sys.userDeploySend(signer, call.codeId, call.payload, {
          value: call.value,
          ...(salt ? { salt } : {}),
          ...gasOption(call.gasLimit),
        });
        this.track(messageId, signer, address, 'Deploy', base.block, call.payload);
        return { ...base, messageId, address };
      }
      case 'Send':
      case 'Call': {
        const delay = call.kind === 'Send' ? call.delay : 0;
        const messageId = sys.userSend(signer, call.to, call.payload, { value: call.value, delay, ...gasOption(call.gasLimit) });
        this.track(messageId, signer, call.to, call.kind, base.block, call.payload);
        return { ...base, messageId };
      }
      case 'Transfer':
        userTransfer(sys, signer, call.to, call.value);
        return base;
    }
  }

  private track(messageId: MessageId, from: ActorId, to: ActorId, kind: MessageInfo['kind'], block: number, payload: Uint8Array): void {
    this.messages.track({ messageId, from, to, kind, block, payload, events: [] });
  }

  private applyDev(command: DevCommand): unknown {
    const sys = this.system;
    switch (command.op) {
      case 'mint':
        sys.mint(command.address, command.value);
        return { balance: sys.balanceOf(command.address).toString() };
      case 'setBlockTime':
        this.blockTime = command.ms;
        return {};
      case 'snapshot':
        this.snapshots.push(takeSnapshot(sys));
        return { id: this.snapshots.length };
      case 'revert': {
        const snapshot = this.snapshots[command.id - 1];
        if (snapshot === undefined) throw new NodeError('INVALID_PARAMS', `no snapshot ${command.id}`, { path: 'id' });
        restoreSnapshot(sys, snapshot);
        this.snapshots.length = command.id - 1;
        for (const loaded of this.codes.values()) installCode(sys, loaded.code);
        this.roots.reset();
        this.syncMailboxCursors();
        return { height: this.height + 1 };
      }
    }
  }

  /** Takes the events the block published (the runtime's event log is emptied: the node keeps them per message). */
  private collectEvents(): EventView[] {
    const out: EventView[] = [];
    // Events are published when a segment commits, which marks its actor touched: only those logs can hold new ones.
    // Actors in address order, each actor's events in publication order: the same order however the state was reached.
    const logs = this.state.eventLog;
    const publishing: ActorId[] = [];
    for (const address of this.touched) if ((logs.get(address)?.size ?? 0) > 0) publishing.push(address);
    for (const address of publishing.sort()) {
      const log = logs.get(address) as NonNullable<ReturnType<typeof logs.get>>;
      for (const e of log.toArray()) {
        const view: EventView = {
          actor: e.actor,
          name: e.name,
          payload: toHex(e.payload),
          messageId: e.messageId,
          block: this.blocks.height + 1,
        };
        out.push(view);
        this.messages.event(view);
      }
      log.clear();
    }
    return out;
  }

  /** The messages that reached users' mailboxes since the last block (a delivery marks its user touched), users in address order. */
  private collectMailbox(): MailboxView[] {
    const out: MailboxView[] = [];
    const users = this.state.users;
    const receiving: ActorId[] = [];
    for (const address of this.touched) {
      const newest = users.get(address)?.mailbox.at(-1);
      if (newest !== undefined && newest !== this.mailboxCursor.get(address)) receiving.push(address);
    }
    for (const address of receiving.sort()) {
      const box = (users.get(address) as NonNullable<ReturnType<typeof users.get>>).mailbox;
      // New since the last block: after the last one reported. A block that brought more than the mailbox keeps
      // (the runtime's mailboxWindow) reports the ones kept.
      const cursor = this.mailboxCursor.get(address);
      let from = box.length;
      while (from > 0 && box[from - 1] !== cursor) from--;
      for (let i = from; i < box.length; i++) {
        const m = box[i] as (typeof box)[number];
        out.push({ address, messageId: m.id, from: m.source, payload: toHex(m.payload), value: m.value.toString(), block: m.block });
      }
      this.mailboxCursor.set(address, box[box.length - 1] as object);
    }
    return out;
  }

  private settleReplies(): void {
    if (this.replyWaiters.size === 0) return;
    for (const [messageId, waiters] of this.replyWaiters) {
      const record = this.system.replyOf(messageId);
      if (record === undefined) continue;
      this.replyWaiters.delete(messageId);
      for (const w of waiters) w(record);
    }
  }
}

/** The block gas limit of a chain: its genesis's, else the runtime's default. */
export function blockGasLimitOf(genesis: GenesisEntry): number {
  return genesis.blockGasLimit ?? DEFAULT_BLOCK_GAS_LIMIT;
}

/** A transaction's gas limit as a runtime option (admission has checked that it is a safe integer). */
function gasOption(limit: bigint | null): { gasLimit?: number } {
  return limit === null ? {} : { gasLimit: Number(limit) };
}

/** The code and message of an error, for results. */
export function errorOf(error: unknown): { code: string; message: string } {
  if (error !== null && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown };
    return { code: typeof e.code === 'string' ? e.code : 'INTERNAL', message: typeof e.message === 'string' ? e.message : String(error) };
  }
  return { code: 'INTERNAL', message: String(error) };
}

/** Bytes of a 0x hex string (for callers that hold hex). */
export const hexBytes = fromHex;
