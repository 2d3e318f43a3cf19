// Every JSON-RPC method of docs/rpc.md: params checked, node called, result shaped.
import type { ReplyRecord } from '@sprocket/runtime';
import { type ActorId, decodeTransaction, isCallError, type MessageId, type TxCall, toHex } from '@sprocket/sdk';
import { NodeError } from '../errors.js';
import type { EventCursor } from '../event-history.js';
import type { InputResult } from '../execution-records.js';
import type { SprocketNode } from '../node.js';
import { accountList, codeList } from './lists.js';
import { addressParam, hexParam, intParam, onlyParams, optionalAddress, type Params, shown, u128Param } from './params.js';
import { stateView } from './state-view.js';
import { txGet } from './tx-get.js';
import { blockView, messageInDepth, routeOf } from './views.js';

/** The node's version as `node_info` reports it. */
export const NODE_VERSION = '0.1.0';

/** What a method may use besides its params. */
export interface MethodContext {
  readonly node: SprocketNode;
  /** Subscriptions of the calling connection (WebSocket only). */
  readonly subscriptions?: {
    subscribe(topic: string, filter: string | undefined, after?: EventCursor): string;
    unsubscribe(id: string): boolean;
  };
  /** Largest code upload in bytes. */
  readonly maxCode: number;
  /** Aborted when the caller is gone (its connection closed): a wait for a reply it can no longer receive ends. */
  readonly gone?: AbortSignal;
}

type Method = (p: Params, ctx: MethodContext) => unknown;

const ZERO: ActorId = `0x${'00'.repeat(32)}` as ActorId;

/**
 * The signed transaction of a write method, refused (INVALID_PARAMS, before anything is logged) when it is another kind
 * than the method takes. Bytes that do not decode are left to admission, which refuses them with BAD_TX.
 */
function signed(p: Params, ctx: MethodContext, method: string, takes: TxCall['kind']): { tx: Uint8Array; signature: Uint8Array } {
  const tx = hexParam(p, 'tx', { max: ctx.maxCode + 4096 });
  const signature = hexParam(p, 'signature', { length: 64 });
  let kind: TxCall['kind'] | undefined;
  try {
    kind = decodeTransaction(tx).call.kind;
  } catch {
    kind = undefined;
  }
  if (kind !== undefined && kind !== takes)
    throw new NodeError('INVALID_PARAMS', `tx: ${method} takes a signed ${takes} transaction, not ${kind}`, {
      path: 'tx',
      expected: takes,
      kind,
    });
  return { tx, signature };
}

/** `after: { block, index }` of an events subscription: replay what came after that event first. */
function cursorParam(p: Params): EventCursor | undefined {
  const raw = p.after;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new NodeError('INVALID_PARAMS', 'after: expected { block, index } of the last event received', { path: 'after' });
  const cursor = raw as Params;
  // A misspelt field (`indx`) is refused like a misspelt param, not read as absent.
  for (const key of Object.keys(cursor)) {
    if (key === 'block' || key === 'index') continue;
    const shown = key.length > 80 ? key.slice(0, 80) : key;
    throw new NodeError('INVALID_PARAMS', `after: unknown field ${JSON.stringify(shown)} (it takes: block, index)`, {
      path: `after.${shown}`,
    });
  }
  const block = cursor.block;
  const index = cursor.index;
  for (const [name, value] of [
    ['block', block],
    ['index', index],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      throw new NodeError('INVALID_PARAMS', `after.${name}: expected an integer >= 0`, { path: `after.${name}` });
  }
  return { block: block as number, index: index as number };
}

function refused(ctx: MethodContext, result: InputResult): never {
  const e = result.error as NonNullable<InputResult['error']>;
  if (e.code === 'BAD_NONCE') {
    // Admitted, then refused when its block ran (its signer's executed nonce was already there): nothing ran. Admission
    // takes the executed nonce, so that the next nonce it names (here and in account_get) is one execution takes.
    const signer = e.data?.signer;
    if (signer !== undefined) ctx.node.admission.noteNonce(signer, BigInt(e.data?.executed ?? '-1'));
    const next = signer === undefined ? e.data?.next : ctx.node.admission.nextNonce(signer).toString();
    throw new NodeError('BAD_NONCE', e.message, { ...e.data, ...(next === undefined ? {} : { next }) });
  }
  if (e.code === 'VALUE_REJECTED') throw new NodeError('INSUFFICIENT_BALANCE', e.message, {});
  if (e.code === 'BAD_CODE') throw new NodeError('BAD_CODE', e.message, { reason: e.message });
  if (e.code === 'SPAWN_FAILED' || e.code === 'ACTOR_NOT_FOUND')
    throw new NodeError('CALL_FAILED', e.message, { error: e.code, reason: e.message, payload: '0x' });
  throw new NodeError('CALL_FAILED', e.message, { error: e.code, reason: e.message, payload: '0x' });
}

function failed(record: Extract<ReplyRecord, { ok: false }>, messageId: string, address?: string): never {
  throw new NodeError('CALL_FAILED', `${record.code}: ${record.reason}`, {
    error: record.code,
    reason: record.reason,
    route: record.route ?? null,
    payload: toHex(record.payload),
    messageId,
    gasUsed: record.gasUsed,
    // A failed deploy still made an actor (status failed): its address is what the caller asks about next.
    ...(address === undefined ? {} : { address }),
  });
}

async function executedInput(ctx: MethodContext, position: number): Promise<InputResult> {
  const result = await ctx.node.executor.resultOf(position);
  if (result.error !== undefined) refused(ctx, result);
  return result;
}

/** `1 block`, `2 blocks`. */
function blocksText(n: number): string {
  return `${n} ${n === 1 ? 'block' : 'blocks'}`;
}

/**
 * Waits for a reply, or for `timeout` blocks after the message's block (then CALL_FAILED/TIMEOUT naming `route`, as a
 * TIMEOUT in process does; the message stays in flight).
 */
function replyWithin(
  ctx: MethodContext,
  messageId: MessageId,
  fromBlock: number,
  timeout: number,
  route: string | undefined,
  address?: string,
): Promise<ReplyRecord> {
  const node = ctx.node;
  return new Promise((resolve, reject) => {
    let forget: () => void = () => undefined;
    // A caller that closed its connection cannot receive the reply: its wait goes at once (a --block-time 0 node
    // would otherwise mine on for it until the reply or the timeout came).
    const gone = ctx.gone;
    const leave = (): void => {
      stop();
      forget();
      reject(new NodeError('CALL_FAILED', 'the caller closed its connection before the reply came', { messageId }));
    };
    const stop = node.onBlock((out) => {
      if (out.block.height >= fromBlock + timeout && node.executor.system.replyOf(messageId) === undefined) {
        stop();
        // The caller gives up: its reply waiter goes too (the reply may never come).
        forget();
        reject(
          new NodeError(
            'CALL_FAILED',
            `TIMEOUT: no reply within ${blocksText(timeout)} (the message stays in flight: message_get shows its outcome)`,
            {
              error: 'TIMEOUT',
              reason: `no reply within ${blocksText(timeout)}`,
              route: route ?? null,
              payload: '0x',
              messageId,
              // A deploy that timed out made its actor (still initializing): the caller asks about it next.
              ...(address === undefined ? {} : { address }),
            },
          ),
        );
      }
    });
    forget = node.executor.onReply(messageId, (record) => {
      stop();
      gone?.removeEventListener('abort', leave);
      resolve(record);
    });
    if (gone?.aborted === true) leave();
    else gone?.addEventListener('abort', leave, { once: true });
  });
}

function blockAt(ctx: MethodContext, height: number): Record<string, unknown> {
  const block = ctx.node.executor.blocks.get(height);
  if (block === undefined)
    throw new NodeError('INVALID_PARAMS', `height: no block ${height} (the head is ${ctx.node.executor.height})`, { path: 'height' });
  return blockView(ctx.node.executor, block);
}

function requireSubscriptions(ctx: MethodContext): NonNullable<MethodContext['subscriptions']> {
  if (ctx.subscriptions === undefined) throw new NodeError('INVALID_REQUEST', 'subscriptions need a WebSocket connection', {});
  return ctx.subscriptions;
}

function devOnly(ctx: MethodContext): void {
  if (!ctx.node.dev) throw new NodeError('DEV_ONLY', 'dev_* methods exist only on a --dev node', {});
}

/** The method table: what each method does (the params it takes are in {@link METHOD_PARAMS}). */
const TABLE = {
  node_info: (_p, { node }) => ({
    chainId: node.chainId,
    version: NODE_VERSION,
    dev: node.dev,
    blockTime: node.executor.blockTime,
    height: node.executor.height,
    genesis: node.executor.blocks.get(0)?.hash,
    // Clients name it when a call without its own timeout outlasts their request timeout (sdk replyWaitNote).
    replyTimeout: node.executor.system.replyTimeout,
  }),
  chain_head: (_p, ctx) => blockAt(ctx, ctx.node.executor.height),
  chain_block: (p, ctx) => blockAt(ctx, intParam(p, 'height', 0, Number.MAX_SAFE_INTEGER)),
  account_get: (p, { node }) => {
    const address = addressParam(p, 'address');
    return { address, balance: node.executor.system.balanceOf(address).toString(), nonce: node.admission.nextNonce(address).toString() };
  },
  code_upload: async (p, ctx) => {
    const { tx, signature } = signed(p, ctx, 'code_upload', 'UploadCode');
    const submitted = await ctx.node.submit(tx, signature);
    if (submitted.duplicateCode !== undefined) return { codeId: submitted.duplicateCode };
    const result = await executedInput(ctx, submitted.position);
    return { codeId: result.codeId };
  },
  code_get: (p, { node }) => {
    const codeId = hexParam(p, 'codeId', { length: 32 }) && (p.codeId as string).toLowerCase();
    const loaded = node.executor.codes.get(codeId as never);
    if (loaded === undefined) throw new NodeError('UNKNOWN_CODE', `no code ${codeId}`, { codeId });
    const upload = node.executor.codeUploads.get(codeId as never);
    return {
      codeId,
      size: loaded.size,
      actors: [loaded.actor],
      idl: { [loaded.actor]: loaded.idl },
      block: upload?.block ?? null,
      uploader: upload?.uploader ?? null,
    };
  },
  code_list: (p, { node }) => codeList(p, node),
  account_list: (p, { node }) => accountList(p, node),
  actor_deploy: async (p, ctx) => {
    const { tx, signature } = signed(p, ctx, 'actor_deploy', 'Deploy');
    // How long to wait is the caller's business, not the chain's: unsigned, beside the transaction.
    const timeout = intParam(p, 'timeout', 1, 0xffff_ffff, ctx.node.executor.system.replyTimeout);
    const submitted = await ctx.node.submit(tx, signature);
    const result = await executedInput(ctx, submitted.position);
    const messageId = result.messageId as MessageId;
    const call = submitted.tx.call;
    const route =
      call.kind === 'Deploy' && result.address !== undefined
        ? ctx.node.executor.system.actor(result.address)?.code.ctorRouteOf(call.payload)
        : undefined;
    const record = await replyWithin(ctx, messageId, result.block, timeout, route, result.address);
    if (!record.ok) failed(record, messageId, result.address);
    return { address: result.address, messageId, gasUsed: record.gasUsed };
  },
  message_send: async (p, ctx) => {
    const { tx, signature } = signed(p, ctx, 'message_send', 'Send');
    const submitted = await ctx.node.submit(tx, signature);
    const result = await executedInput(ctx, submitted.position);
    return { messageId: result.messageId };
  },
  message_call: async (p, ctx) => {
    const { tx, signature } = signed(p, ctx, 'message_call', 'Call');
    const submitted = await ctx.node.submit(tx, signature);
    const result = await executedInput(ctx, submitted.position);
    const messageId = result.messageId as MessageId;
    const call = submitted.tx.call;
    const timeout = call.kind === 'Call' && call.timeout !== null ? call.timeout : ctx.node.executor.system.replyTimeout;
    const route = call.kind === 'Call' ? routeOf(ctx.node.executor, call.to, call.payload) : undefined;
    const record = await replyWithin(ctx, messageId, result.block, timeout, route);
    if (!record.ok) failed(record, messageId);
    return { messageId, reply: toHex(record.payload), gasUsed: record.gasUsed };
  },
  balance_transfer: async (p, ctx) => {
    const { tx, signature } = signed(p, ctx, 'balance_transfer', 'Transfer');
    const { position } = await ctx.node.submit(tx, signature);
    // Answered once accepted: its result is taken when its block ran, so it does not wait unread among the results.
    void ctx.node.executor.resultOf(position);
    return {};
  },
  actor_query: async (p, { node }) => {
    const to = addressParam(p, 'to');
    const payload = hexParam(p, 'payload', { max: node.executor.system.maxPayloadBytes });
    const from = optionalAddress(p, 'from') ?? ZERO;
    if (u128Param(p, 'value', 0n) !== 0n)
      throw new NodeError('INVALID_PARAMS', 'value: a query moves no value; leave it out or 0', { path: 'value' });
    if (node.executor.system.actor(to) === undefined) throw new NodeError('UNKNOWN_ACTOR', `no actor at ${to}`, { address: to });
    try {
      return { reply: toHex(await node.executor.query(from, to, payload)) };
    } catch (error) {
      if (isCallError(error)) {
        throw new NodeError('CALL_FAILED', error.message, {
          error: error.code,
          reason: error.reason,
          route: error.route ?? null,
          payload: toHex(error.replyPayload ?? new Uint8Array(0)),
        });
      }
      throw error;
    }
  },
  actor_get: (p, { node }) => {
    const address = addressParam(p, 'address');
    const actor = node.executor.system.actor(address);
    if (actor === undefined) throw new NodeError('UNKNOWN_ACTOR', `no actor at ${address}`, { address });
    return {
      address,
      codeId: actor.code.id,
      actor: actor.code.name,
      label: actor.label,
      balance: actor.balance.toString(),
      status: actor.status,
      // The fields of the actor as JSON, cut to a readable size (state-view.ts); null before its constructor ran.
      state: actor.instance === undefined ? null : stateView(actor.instance),
    };
  },
  actor_list: (_p, { node }) =>
    node.executor.system.actorIdsList().map((address) => {
      const actor = node.executor.system.actor(address);
      return { address, codeId: actor?.code.id, actor: actor?.code.name, label: actor?.label };
    }),
  mailbox_get: (p, { node }) => {
    const address = addressParam(p, 'address');
    const user = node.executor.system.userAt(address);
    return (user?.mailbox ?? []).map((m) => ({
      messageId: m.id,
      from: m.source,
      payload: toHex(m.payload),
      value: m.value.toString(),
      block: m.block,
    }));
  },
  message_get: (p, { node }) => {
    const messageId = hexParam(p, 'messageId', { length: 32 }) && ((p.messageId as string).toLowerCase() as MessageId);
    const info = node.executor.messages.get(messageId);
    if (info === undefined)
      throw new NodeError('INVALID_PARAMS', `messageId: no message ${messageId} was sent by a transaction`, { path: 'messageId' });
    return messageInDepth(node.executor, info);
  },
  tx_get: (p, { node }) => txGet(p, node),
  subscribe: (p, ctx) => {
    const subs = requireSubscriptions(ctx);
    const topic = p.topic;
    // A param of another topic (`actor` beside `blocks`) would be ignored: refused as a misspelt one is.
    if (typeof topic === 'string' && Object.hasOwn(TOPIC_PARAMS, topic))
      onlyParams(p, TOPIC_PARAMS[topic] as readonly string[], `subscribe to ${topic}`);
    if (topic === 'blocks') return subs.subscribe('blocks', undefined);
    if (topic === 'events') {
      const actor = addressParam(p, 'actor');
      const after = cursorParam(p);
      // A place beyond the head comes from another chain (this node's data was wiped, or a dev_revert went back):
      // refused, so a client resuming from it learns so instead of waiting silently for events that never come.
      const head = ctx.node.executor.height;
      if (after !== undefined && after.block > head)
        throw new NodeError(
          'INVALID_PARAMS',
          `after.block: block ${after.block} is beyond the head, block ${head} (was the node's data reset?); subscribe from block ${head} or below`,
          { path: 'after.block', block: after.block, head },
        );
      return subs.subscribe('events', actor, after);
    }
    if (topic === 'mailbox') return subs.subscribe('mailbox', addressParam(p, 'address'));
    throw new NodeError('INVALID_PARAMS', `topic: expected one of blocks, events, mailbox, got ${shown(topic)}`, { path: 'topic' });
  },
  unsubscribe: (p, ctx) => {
    const subs = requireSubscriptions(ctx);
    const id = p.subscription;
    if (typeof id !== 'string')
      throw new NodeError('INVALID_PARAMS', 'subscription: expected the id subscribe returned', { path: 'subscription' });
    return subs.unsubscribe(id);
  },
  dev_mine: async (p, ctx) => {
    devOnly(ctx);
    return { height: await ctx.node.mine(intParam(p, 'blocks', 1, 10_000, 1)) };
  },
  dev_setBlockTime: async (p, ctx) => {
    devOnly(ctx);
    await ctx.node.setBlockTime(intParam(p, 'ms', 0, 86_400_000));
    return {};
  },
  dev_snapshot: async (_p, ctx) => {
    devOnly(ctx);
    const result = await ctx.node.devCommand({ op: 'snapshot' });
    if (result.error !== undefined)
      throw new NodeError('INVALID_REQUEST', `dev_snapshot: ${result.error.message}`, { reason: result.error.message });
    return result.value;
  },
  dev_revert: async (p, ctx) => {
    devOnly(ctx);
    const result = await ctx.node.devCommand({ op: 'revert', id: intParam(p, 'id', 1, Number.MAX_SAFE_INTEGER) });
    if (result.error !== undefined) throw new NodeError('INVALID_PARAMS', `id: ${result.error.message}`, { path: 'id' });
    return result.value;
  },
  dev_mint: async (p, ctx) => {
    devOnly(ctx);
    const address = addressParam(p, 'address');
    const value = u128Param(p, 'value');
    const result = await ctx.node.devCommand({ op: 'mint', address, value });
    if (result.error !== undefined) throw new NodeError('INVALID_PARAMS', `value: ${result.error.message}`, { path: 'value' });
    return result.value;
  },
  dev_trace: (p, ctx) => {
    devOnly(ctx);
    const messageId = hexParam(p, 'messageId', { length: 32 }) && ((p.messageId as string).toLowerCase() as MessageId);
    const system = ctx.node.executor.system;
    if (!system.gaveMessageId(messageId))
      throw new NodeError('INVALID_PARAMS', `messageId: no message ${messageId} was sent on this chain`, { path: 'messageId' });
    const lines = system.traceEntries().filter((e) => e.messageId === messageId);
    return { text: lines.map((e) => e.text).join('\n') };
  },
} satisfies Record<string, Method>;

/** The methods of docs/rpc.md by name. */
export const METHODS: Readonly<Record<string, Method>> = TABLE;

const SIGNED = ['tx', 'signature'] as const;
const PAGE = ['offset', 'limit'] as const;

/**
 * The param names each method takes; the server refuses any other name (INVALID_PARAMS) before the method runs, so a
 * misspelt optional param is an error instead of reading as absent.
 */
export const METHOD_PARAMS: { readonly [M in keyof typeof TABLE]: readonly string[] } = {
  node_info: [],
  chain_head: [],
  chain_block: ['height'],
  account_get: ['address'],
  code_upload: SIGNED,
  code_get: ['codeId'],
  code_list: PAGE,
  account_list: PAGE,
  actor_deploy: [...SIGNED, 'timeout'],
  message_send: SIGNED,
  message_call: SIGNED,
  balance_transfer: SIGNED,
  actor_query: ['to', 'payload', 'from', 'value'],
  actor_get: ['address'],
  actor_list: [],
  mailbox_get: ['address'],
  message_get: ['messageId'],
  tx_get: ['signer', 'nonce'],
  subscribe: ['topic', 'actor', 'after', 'address'],
  unsubscribe: ['subscription'],
  dev_mine: ['blocks'],
  dev_setBlockTime: ['ms'],
  dev_snapshot: [],
  dev_revert: ['id'],
  dev_mint: ['address', 'value'],
  dev_trace: ['messageId'],
};

/** The params of each topic of `subscribe`. */
const TOPIC_PARAMS: Readonly<Record<string, readonly string[]>> = {
  blocks: ['topic'],
  events: ['topic', 'actor', 'after'],
  mailbox: ['topic', 'address'],
};
