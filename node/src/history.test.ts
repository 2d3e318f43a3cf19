import type { ActorSystem, ReplyRecord } from '@sprocket/runtime';
import type { ActorId, MessageId } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import type { BlockRecord, MessageInfo } from './execution-records.js';
import { BlockHistory, type HistoryStore, MessageHistory } from './history.js';
import { messageInfoOf, storedMessageOf } from './history-codec.js';

const A = `0x${'aa'.repeat(32)}` as ActorId;
const B = `0x${'bb'.repeat(32)}` as ActorId;

function block(height: number): BlockRecord {
  return {
    height,
    hash: `0x${height}`,
    parentHash: `0x${height - 1}`,
    stateRoot: '0x0',
    timestamp: height,
    position: height + 1,
    inputs: [],
    messages: [],
  };
}

function message(n: number): MessageInfo {
  return {
    messageId: `0x${n.toString(16).padStart(64, '0')}` as MessageId,
    from: A,
    to: B,
    kind: 'Send',
    block: n,
    payload: new Uint8Array([n]),
    events: [],
  };
}

/** A store that keeps what it is given (the database's part in a node). */
function memoryStore(): HistoryStore & { blocks: Map<number, BlockRecord>; messages: Map<string, MessageInfo> } {
  const blocks = new Map<number, BlockRecord>();
  const messages = new Map<string, MessageInfo>();
  return { blocks, messages, block: (h) => blocks.get(h), message: (id) => messages.get(id) };
}

/** Replies as an ActorSystem hands them out. */
function replies(records: Map<string, ReplyRecord>): ActorSystem {
  return { replyOf: (id: string) => records.get(id), replyDropped: () => false } as unknown as ActorSystem;
}

describe('history windows', () => {
  it('keeps the newest blocks in memory and reads older ones from the store', () => {
    const store = memoryStore();
    const history = new BlockHistory({ blocks: 3, store });
    for (let h = 0; h < 20; h++) {
      history.push(block(h));
      store.blocks.set(h, block(h));
      expect(history.size).toBeLessThanOrEqual(3);
    }
    expect(history.height).toBe(19);
    expect(history.get(2)).toEqual(block(2));
    expect(history.get(19)).toBe(history.head);
    expect(history.get(20)).toBeUndefined();
    // Without a store the window is all there is.
    const alone = new BlockHistory({ blocks: 2 });
    for (let h = 0; h < 5; h++) alone.push(block(h));
    expect(alone.get(4)?.height).toBe(4);
    expect(alone.get(1)).toBeUndefined();
    expect(() => new BlockHistory({ blocks: 0 })).toThrow(/history.blocks/);
    // Large blocks: the records in memory list at most `blockInputs` inputs together (the head always stays).
    const big = new BlockHistory({ blocks: 100, blockInputs: 10, store });
    const withInputs = (h: number, n: number): BlockRecord => ({
      ...block(h),
      inputs: Array.from({ length: n }, () => ({ kind: 'Send' })),
    });
    for (let h = 0; h < 10; h++) big.push(withInputs(h, 4));
    expect(big.size).toBe(2);
    big.push(withInputs(10, 50));
    expect(big.size).toBe(1);
    expect(big.head.height).toBe(10);
    expect(big.get(3)).toEqual(block(3));
  });

  it('keeps the newest messages and those in flight, hands out each change once, and reads older ones from the store', () => {
    const store = memoryStore();
    const history = new MessageHistory({ messages: 2, store });
    const records = new Map<string, ReplyRecord>();
    const system = replies(records);
    const all = Array.from({ length: 6 }, (_, i) => message(i + 1));
    for (const m of all) history.track(m);
    const ok: ReplyRecord = { ok: true, payload: new Uint8Array([7]), block: 1, gasUsed: 5 };
    // Every message but the first got its reply; the first stays in flight (in memory beside the window).
    for (const m of all.slice(1)) records.set(m.messageId, ok);
    history.event({ actor: B, name: 'Added', payload: '0x01', messageId: all[0]!.messageId, block: 1 });
    history.settle(system);
    const changed = history.takeChanged();
    expect(changed).toHaveLength(6);
    expect(history.takeChanged()).toEqual([]);
    for (const m of changed) store.messages.set(m.messageId, messageInfoOf(storedMessageOf(m)));
    expect(history.size).toBe(3);
    expect(history.get(all[1]!.messageId)).toEqual({ ...all[1], outcome: ok });
    expect(history.get(all[0]!.messageId)?.events).toHaveLength(1);
    // A late event of the message in flight still reaches it, though it left the window.
    history.event({ actor: B, name: 'Added', payload: '0x02', messageId: all[0]!.messageId, block: 2 });
    expect(history.takeChanged().map((m) => m.events.length)).toEqual([2]);
  });

  it('holds no record beyond its window for messages to users: they reach a mailbox and no reply ever comes', () => {
    const history = new MessageHistory({ messages: 10, store: memoryStore() });
    const system = replies(new Map());
    for (let n = 1; n <= 1_000; n++) {
      const m = message(n);
      history.track(m);
      history.settle(system, [{ address: B, messageId: m.messageId, from: A, payload: '0x01', value: '0', block: n }]);
    }
    expect(history.size).toBe(10);
    const last = history.get(message(1_000).messageId);
    expect(last?.delivered).toBe(1_000);
    const stored = storedMessageOf(last as MessageInfo);
    expect(stored.settled).toBe(true);
    expect(messageInfoOf(stored).delivered).toBe(1_000);
  });

  it('takes a message to a user as delivered once it left the queue, when its mailbox overflowed before it was reported', () => {
    const history = new MessageHistory({ messages: 10, store: memoryStore() });
    const all = Array.from({ length: 30 }, (_, i) => message(i + 1));
    for (const m of all) history.track(m);
    // Message 30 is still queued; the rest reached B's mailbox, which kept none of them long enough to be reported.
    const system = {
      replyOf: () => undefined,
      replyDropped: () => false,
      blockHeight: 7,
      messageId: (seq: number) => message(seq).messageId,
      internals: { queue: { toArray: () => [{ seq: 30 }] }, schedule: { entries: () => [] } },
    } as unknown as ActorSystem;
    history.settle(system, [], new Set([A]));
    expect(history.size).toBe(30);
    history.settle(system, [], new Set([B]));
    expect(history.size).toBe(10);
    expect(history.get(all[0]!.messageId)).toBeUndefined();
    expect(history.get(all[28]!.messageId)?.delivered).toBe(7);
    expect(history.get(all[29]!.messageId)?.delivered).toBeUndefined();
  });

  it('stops waiting for a message whose reply fell out of the runtime window before a block could take it', () => {
    const history = new MessageHistory({ messages: 10, store: memoryStore() });
    const system = { replyOf: () => undefined, replyDropped: () => true } as unknown as ActorSystem;
    for (let n = 1; n <= 1_000; n++) {
      history.track(message(n));
      history.settle(system);
    }
    expect(history.size).toBe(10);
  });

  it('stores a message record and reads it back as it was, or as it was at an earlier block', () => {
    const m: MessageInfo = {
      ...message(9),
      events: [
        { actor: B, name: 'Added', payload: '0x01', messageId: message(9).messageId, block: 9 },
        { actor: B, name: 'Added', payload: '0x02', messageId: message(9).messageId, block: 11 },
      ],
      outcome: {
        ok: false,
        actor: B,
        code: 'HANDLER_FAILED',
        reason: 'boom',
        route: undefined,
        block: 11,
        gasUsed: 3,
        payload: new Uint8Array([4, 5]),
      },
    };
    const stored = storedMessageOf(m);
    expect(stored.settled).toBe(true);
    expect(messageInfoOf(stored)).toEqual(m);
    const earlier = messageInfoOf(stored, 10);
    expect(earlier.events).toHaveLength(1);
    expect(earlier.outcome).toBeUndefined();
  });
});
