import { describe, expect, it } from 'vitest';
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
