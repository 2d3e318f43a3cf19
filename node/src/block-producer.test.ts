import { describe, expect, it } from 'vitest';
import { BlockProducer, type ProducerHost } from './block-producer.js';
import { isNodeError, type NodeError } from './errors.js';
import type { Executor } from './executor.js';
import type { LogEntry } from './log.js';
import type { SqliteLog } from './sqlite-log.js';

/** A host whose log refuses every append with `failure`, recording what the producer reports. */
function failingHost(failure: unknown, closed = false) {
  const reported: NodeError[] = [];
  const fed: LogEntry[] = [];
  const host: ProducerHost = {
    log: { append: () => Promise.reject(failure) } as unknown as SqliteLog,
    now: () => 1_000,
    executor: () => ({ blockTime: 0, carriesWork: true, awaitsScheduledWork: false }) as unknown as Executor,
    feed: (_position, entry) => fed.push(entry),
    closed: () => closed,
    failed: (error) => reported.push(error),
  };
  return { host, reported, fed };
}

/** Lets the producer's setImmediate and the rejected append run. */
const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

describe('BlockProducer', () => {
  it('reports a block it could not append as NODE_STORE instead of dropping the failure', async () => {
    const { host, reported, fed } = failingHost(new Error('disk I/O error'));
    const producer = new BlockProducer(host, 0);
    producer.carryOver();
    await settle();
    expect(fed).toEqual([]);
    expect(reported).toHaveLength(1);
    expect(isNodeError(reported[0], 'NODE_STORE')).toBe(true);
    expect(reported[0]?.message).toBe('a block could not be appended to the log: disk I/O error');
    expect((reported[0] as { cause?: unknown }).cause).toBeInstanceOf(Error);
  });

  it('passes a NodeError of the store on as it is', async () => {
    const { NodeError } = await import('./errors.js');
    const original = new NodeError('NODE_STORE', 'the database is closed');
    const { host, reported } = failingHost(original);
    const producer = new BlockProducer(host, 0);
    producer.inputLogged();
    producer.start();
    await settle();
    expect(reported).toEqual([original]);
  });

  it('says nothing while the node is closing (an append then fails by design)', async () => {
    const { host, reported } = failingHost(new Error('closed'), true);
    const producer = new BlockProducer(host, 0);
    await expect(producer.append()).rejects.toThrow('closed');
    producer.carryOver();
    await settle();
    expect(reported).toEqual([]);
  });
});
