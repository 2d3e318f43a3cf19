import { describe, expect, it } from 'vitest';
import { ExecutionFeed } from './execution-feed.js';
import type { Executor } from './executor.js';
import type { LogEntry, Positioned } from './log.js';

/** An executor stand-in that records the positions it applied (the genesis is position 1). */
function fakeExecutor(): { executor: Executor; applied: number[] } {
  const applied: number[] = [];
  const fake = {
    position: 1,
    async apply(item: Positioned): Promise<void> {
      fake.position = item.position;
      applied.push(item.position);
    },
  };
  return { executor: fake as unknown as Executor, applied };
}

const block = (timestamp: number): LogEntry => ({ kind: 'block', timestamp });

describe('ExecutionFeed', () => {
  it('applies entries in log order whatever order they arrive in, and reports each block entry', async () => {
    const { executor, applied } = fakeExecutor();
    const blocks: number[] = [];
    const feed = new ExecutionFeed(
      () => executor,
      (timestamp) => blocks.push(timestamp),
    );
    feed.feed(4, block(40));
    feed.feed(3, { kind: 'dev', command: { op: 'setBlockTime', ms: 5 } });
    expect(applied).toEqual([]);
    feed.feed(2, block(20));
    await feed.executed(4);
    expect(applied).toEqual([2, 3, 4]);
    expect(blocks).toEqual([20, 40]);
    expect(feed.appliedPosition).toBe(4);
  });

  it('resolves a wait for a position already executed at once, and a later one when it runs', async () => {
    const { executor } = fakeExecutor();
    const feed = new ExecutionFeed(
      () => executor,
      () => undefined,
    );
    feed.appliedPosition = 1;
    await feed.executed(1);
    let done = false;
    const waiting = feed.executed(2).then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    feed.feed(2, block(1));
    await waiting;
    expect(done).toBe(true);
  });
});
