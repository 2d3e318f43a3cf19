// The stored forms of block and message records (rows of the node database), and the store that reads them back.
import type { ReplyRecord } from '@sprocket/runtime';
import { type ActorId, fromHex, type MessageId, toHex } from '@sprocket/sdk';
import type { BlockRecord, EventView, MessageInfo } from './execution-records.js';
import type { HistoryStore } from './history.js';
import type { SqliteLog, StoredBlock, StoredMessage } from './sqlite-log.js';
import { txRowsOf } from './tx-index.js';

const ZERO_HASH = `0x${'00'.repeat(32)}`;

/** The stored form of a block record. */
export function storedBlockOf(b: BlockRecord): StoredBlock {
  return {
    height: b.height,
    hash: b.hash,
    stateRoot: b.stateRoot,
    position: b.position,
    body: JSON.stringify({ parentHash: b.parentHash, timestamp: b.timestamp, inputs: b.inputs, messages: b.messages }),
    txs: txRowsOf(b.inputs),
  };
}

/** A block record from its stored form; an older store without the body gives empty inputs and asks `parentOf` for the parent hash. */
export function blockRecordOf(s: StoredBlock, parentOf: (height: number) => StoredBlock | undefined): BlockRecord {
  const body = (s.body === undefined ? {} : JSON.parse(s.body)) as Partial<
    Pick<BlockRecord, 'parentHash' | 'timestamp' | 'inputs' | 'messages'>
  >;
  return {
    height: s.height,
    hash: s.hash,
    stateRoot: s.stateRoot,
    position: s.position,
    parentHash: body.parentHash ?? (s.height === 0 ? undefined : parentOf(s.height - 1)?.hash) ?? ZERO_HASH,
    timestamp: body.timestamp ?? 0,
    inputs: body.inputs ?? [],
    messages: body.messages ?? [],
  };
}

/** A reply record as JSON (payload as hex). */
type StoredOutcome =
  | { ok: true; payload: string; block: number; gasUsed: number }
  | (Omit<Extract<ReplyRecord, { ok: false }>, 'route' | 'payload'> & { route?: string; payload?: string });

interface MessageBody {
  from: ActorId;
  to: ActorId;
  kind: MessageInfo['kind'];
  events: { actor: ActorId; name: string; payload: string; block: number }[];
  outcome?: StoredOutcome;
  /** The block a message to a user reached its mailbox. */
  delivered?: number;
}

function outcomeOf(r: ReplyRecord): StoredOutcome {
  if (r.ok) return { ok: true, payload: toHex(r.payload), block: r.block, gasUsed: r.gasUsed };
  const { route, payload, ...rest } = r;
  return { ...rest, ...(route === undefined ? {} : { route }), ...(payload.length === 0 ? {} : { payload: toHex(payload) }) };
}

function replyRecordOf(o: StoredOutcome): ReplyRecord {
  if (o.ok) return { ok: true, payload: fromHex(o.payload), block: o.block, gasUsed: o.gasUsed };
  const payload = o.payload === undefined ? new Uint8Array(0) : fromHex(o.payload);
  return { ok: false, actor: o.actor, code: o.code, reason: o.reason, route: o.route, block: o.block, gasUsed: o.gasUsed, payload };
}

/** The stored form of a message record (its payload as a blob, the rest as JSON). */
export function storedMessageOf(m: MessageInfo): StoredMessage {
  const body: MessageBody = {
    from: m.from,
    to: m.to,
    kind: m.kind,
    events: m.events.map((e) => ({ actor: e.actor, name: e.name, payload: e.payload, block: e.block })),
  };
  if (m.outcome !== undefined) body.outcome = outcomeOf(m.outcome);
  if (m.delivered !== undefined) body.delivered = m.delivered;
  // Settled rows are not read back as in flight after a restart: a delivered message waits for nothing more either.
  const settled = m.outcome !== undefined || m.delivered !== undefined;
  return { id: m.messageId, block: m.block, settled, payload: m.payload, body: JSON.stringify(body) };
}

/** A message record from its stored form; with `upTo`, as it was after that block (later events left out). */
export function messageInfoOf(s: StoredMessage, upTo?: number): MessageInfo {
  const body = JSON.parse(s.body) as MessageBody;
  const messageId = s.id as MessageId;
  const events: EventView[] = [];
  for (const e of body.events) {
    if (upTo === undefined || e.block <= upTo) events.push({ actor: e.actor, name: e.name, payload: e.payload, messageId, block: e.block });
  }
  const info: MessageInfo = { messageId, from: body.from, to: body.to, kind: body.kind, block: s.block, payload: s.payload, events };
  if (body.outcome !== undefined && upTo === undefined) info.outcome = replyRecordOf(body.outcome);
  if (body.delivered !== undefined && (upTo === undefined || body.delivered <= upTo)) info.delivered = body.delivered;
  return info;
}

/** The history store of a node: records read back from its database. */
export function sqliteHistory(log: SqliteLog): HistoryStore {
  return {
    block: (height) => {
      const s = log.storedBlock(height);
      return s === undefined ? undefined : blockRecordOf(s, (h) => log.storedBlock(h));
    },
    message: (id) => {
      const s = log.storedMessage(id);
      return s === undefined ? undefined : messageInfoOf(s);
    },
  };
}
