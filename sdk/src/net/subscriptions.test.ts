import { describe, expect, it } from 'vitest';
import { CallError } from '../errors/call-error.js';
import { SdkError } from '../errors/sprocket-error.js';
import { Subscriptions, type Topic } from './subscriptions.js';

const ACTOR = `0x${'11'.repeat(32)}` as const;

/** Subscriptions over a host that records its requests and confirms every subscribe. */
function subscriptions(): { subs: Subscriptions; reads: { method: string; params: unknown; actor: string }[] } {
  const reads: { method: string; params: unknown; actor: string }[] = [];
  const subs = new Subscriptions({
    url: 'ws://node.test/rpc',
    read: async (method, params, actor) => {
      reads.push({ method, params, actor });
      return method === 'node_info' ? { height: 3 } : `sub-${reads.length}`;
    },
    onError: () => {},
  });
  return { subs, reads };
}

async function refusal(params: unknown): Promise<unknown> {
  const { subs, reads } = subscriptions();
  const error = await subs
    .watch(params as Topic, () => {})
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  // Refused before anything reached the node.
  expect(reads).toEqual([]);
  expect(subs.active).toBe(false);
  return error;
}

describe('Subscriptions.watch', () => {
  it('refuses an unknown topic with SDK_BAD_OPTION naming it and the known ones, instead of labelling it blocks', async () => {
    for (const [topic, shown] of [
      ['nope', '"nope"'],
      ['toString', '"toString"'],
      ['Blocks', '"Blocks"'],
      [undefined, 'nothing'],
      [7, 'number'],
    ] as const) {
      const error = await refusal({ topic });
      expect(error).toBeInstanceOf(SdkError);
      expect(error).toMatchObject({
        code: 'SDK_BAD_OPTION',
        message: `watch(): topic must be one of blocks, events, mailbox, got ${shown}`,
      });
    }
    expect(await refusal(null)).toMatchObject({
      code: 'SDK_BAD_OPTION',
      message: 'watch(): expected { topic } with a topic of blocks, events, mailbox, got null',
    });
  });

  it('refuses an events or mailbox topic without the address it is about', async () => {
    expect(await refusal({ topic: 'events' })).toMatchObject({
      code: 'SDK_BAD_OPTION',
      message: 'watch(): the events topic needs an actor (a 0x address), got nothing',
    });
    expect(await refusal({ topic: 'mailbox', address: 5 })).toMatchObject({
      code: 'SDK_BAD_OPTION',
      message: 'watch(): the mailbox topic needs an address (a 0x address), got number',
    });
  });

  it('subscribes a known topic, labelling requests with who it is about', async () => {
    const { subs, reads } = subscriptions();
    await subs.watch({ topic: 'blocks' }, () => {});
    await subs.watch({ topic: 'mailbox', address: ACTOR }, () => {});
    expect(reads).toEqual([
      { method: 'subscribe', params: { topic: 'blocks' }, actor: 'blocks' },
      { method: 'subscribe', params: { topic: 'mailbox', address: ACTOR }, actor: ACTOR },
    ]);
  });
});

describe('Subscriptions.resubscribe', () => {
  it('keeps a subscription whose resubscribe was lost with the connection, tells its watcher, and restores it next time', async () => {
    let down = false;
    const reported: unknown[] = [];
    const subs = new Subscriptions({
      url: 'ws://node.test/rpc',
      read: async (method) => {
        if (down) throw new CallError('NODE_UNAVAILABLE', { actor: 'ws://node.test/rpc', reason: 'lost again' });
        return method === 'node_info' ? { height: 3, genesis: '0x00' } : 'sub-1';
      },
      onError: (e) => reported.push(e),
    });
    const own: unknown[] = [];
    const got: unknown[] = [];
    await subs.watch({ topic: 'blocks' }, (r) => got.push(r), { onError: (e) => own.push(e) });
    down = true;
    subs.resubscribe();
    for (let i = 0; i < 100 && own.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    expect((own[0] as CallError).code).toBe('NODE_UNAVAILABLE');
    expect(reported).toEqual(own);
    expect(subs.active).toBe(true);
    down = false;
    subs.resubscribe();
    for (let i = 0; i < 100 && got.length === 0; i++) {
      subs.notified('subscription', { subscription: 'sub-1', result: { height: 4 } });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(got).toEqual([{ height: 4 }]);
  });

  it('ends a subscription the node refuses to restore, and tells its watcher', async () => {
    let refuse = false;
    const own: unknown[] = [];
    const subs = new Subscriptions({
      url: 'ws://node.test/rpc',
      read: async (method) => {
        if (refuse && method === 'subscribe') throw new CallError('NODE_REFUSED', { actor: 'x', reason: 'no' });
        return method === 'node_info' ? { height: 3 } : 'sub-1';
      },
      onError: () => {},
    });
    await subs.watch({ topic: 'blocks' }, () => {}, { onError: (e) => own.push(e) });
    refuse = true;
    subs.resubscribe();
    for (let i = 0; i < 100 && own.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    expect((own[0] as CallError).code).toBe('NODE_REFUSED');
    expect(subs.active).toBe(false);
  });
});
