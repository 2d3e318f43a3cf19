// connect(): the network Transport against a fake node (test/net/fake-node.ts) — generated clients unchanged,
// signed writes with local nonces, error mapping, reconnect with resubscribe, per-call timeouts.
import { type CallError, type CodeId, connect, devAccount, isSubscriptionNotice, NodeError, type SprocketError } from '@sprocket/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { rejection } from '../call-rejection.js';
import { CODE_ID, COUNTER_ADDRESS, FakeNode, RpcFailure, STALL } from './fake-node.js';

let node: FakeNode;
const alice = devAccount('alice');

beforeEach(async () => {
  node = await FakeNode.start();
});

afterEach(async () => {
  await node.stop();
});

function open(options: Parameters<typeof connect>[1] = {}) {
  return connect(node.url, { account: alice, WebSocket, timeout: 5000, ...options });
}

/** Resolves when `check` holds, polling the event loop (bounded). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('connect()', () => {
  it('deploys, calls, queries, sends and receives events through a generated client', async () => {
    const conn = open();
    try {
      const code = await conn.uploadCode(new TextEncoder().encode('module.exports = {}'));
      expect(code).toBe(CODE_ID);
      const counter = await CounterClient.deploy(conn, code as CodeId, 'new', [10]);
      expect(counter.address).toBe(COUNTER_ADDRESS);
      const added: number[] = [];
      const stop = counter.on('Added', (n) => added.push(n));
      await until(() => node.subscriptionCount === 1, 'the subscription');
      expect(await counter.add(5)).toBe(15);
      expect(await counter.value()).toBe(15);
      const id = await counter.send.add(2);
      expect(id).toMatch(/^0x[0-9a-f]{64}$/);
      expect(await counter.value()).toBe(17);
      await until(() => added.length === 2, 'two events');
      expect(added).toEqual([5, 2]);
      stop();
      await until(() => node.subscriptionCount === 0, 'the unsubscribe');
      // Writes are signed transactions with increasing nonces; queries are unsigned.
      const methods = node.requests.map((r) => r.method);
      expect(methods).toContain('actor_query');
      expect(node.requests.find((r) => r.method === 'actor_query')?.params).not.toHaveProperty('signature');
      expect(node.lastNonce.get(alice.address)).toBe(3n);
    } finally {
      conn.close();
    }
  });

  it('reads balances and mailboxes, and adds /rpc to a bare URL', async () => {
    const conn = connect(node.url.replace('/rpc', ''), { WebSocket });
    try {
      expect(await conn.balance(alice.address)).toBe(10n ** 21n);
      const [entry] = await conn.mailbox(alice.address);
      expect(entry?.payload).toEqual(new Uint8Array([1, 2]));
      expect(entry?.value).toBe(5n);
      expect(entry?.from).toBe(COUNTER_ADDRESS);
    } finally {
      conn.close();
    }
  });

  it('maps node errors to CallErrors with the in-process codes', async () => {
    const conn = open();
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      const failed = await rejection(counter.sub(1));
      expect(failed.code).toBe('HANDLER_FAILED');
      expect(failed.reason).toBe('underflow: 0 - 1');
      expect(failed.cause).toBeInstanceOf(NodeError);
      expect((failed.cause as NodeError).code).toBe('CALL_FAILED');

      const missing = await rejection(CounterClient.at(conn, `0x${'11'.repeat(32)}`).add(1));
      expect(missing.code).toBe('ACTOR_NOT_FOUND');

      node.overrides.set('message_send', () => {
        throw new RpcFailure(1005, 'not enough', { code: 'INSUFFICIENT_BALANCE' });
      });
      expect((await rejection(counter.send.add(1, { value: 10n ** 30n }))).code).toBe('VALUE_REJECTED');

      node.overrides.set('actor_query', () => {
        throw new RpcFailure(-32602, 'bad hex', { code: 'INVALID_PARAMS', path: 'payload' });
      });
      const refused = await rejection(counter.value());
      expect(refused.code).toBe('NODE_REFUSED');
      expect((refused.cause as NodeError).code).toBe('INVALID_PARAMS');
      expect((refused.cause as NodeError).data.path).toBe('payload');

      node.overrides.set('actor_query', () => ({ reply: 'not hex' }));
      expect((await rejection(counter.value())).code).toBe('BAD_REPLY');

      node.overrides.set('message_call', () => {
        throw new RpcFailure(1008, 'failed', { code: 'CALL_FAILED', error: 'TIMEOUT', reason: 'no reply in 10 blocks' });
      });
      expect((await rejection(counter.add(1))).code).toBe('TIMEOUT');
    } finally {
      conn.close();
    }
  });

  it('fails a call that gets no answer within its timeout with TIMEOUT, and keeps serving', async () => {
    const conn = open({ timeout: 200 });
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      node.overrides.set('actor_query', () => STALL);
      const timedOut = await rejection(counter.value());
      expect(timedOut.code).toBe('TIMEOUT');
      expect(timedOut.reason).toContain('actor_query');
      // A query waits for no reply in blocks: nothing to add.
      expect(timedOut.reason).not.toContain('blocks');
      // A query has no outcome to look up; a write that timed out may still run: it says how to find it.
      expect(timedOut.pendingWrite).toBeUndefined();
      node.overrides.set('message_send', () => STALL);
      const write = await rejection(counter.send.add(1));
      expect(write.code).toBe('TIMEOUT');
      expect(write.pendingWrite).toEqual({ method: 'message_send', signer: alice.address, nonce: 0n, chainId: 'fake-chain' });
      node.overrides.clear();
      expect(await counter.value()).toBe(0);
    } finally {
      conn.close();
    }
  });

  it("says when a call's or deploy's wait in blocks outlasts the request timeout, naming both limits and the fix", async () => {
    const conn = open({ timeout: 200 });
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      node.overrides.set('message_call', () => STALL);
      const call = await rejection(counter.add(1, { timeout: 50 }));
      expect(call.code).toBe('TIMEOUT');
      expect(call.reason).toBe(
        `message_call: no answer from ${node.url} within 200 ms, while the call may wait up to 50 blocks for its reply, and the node makes blocks only as transactions come: raise connect()'s timeout, or lower the call's timeout (in blocks)`,
      );
      const byDefault = await rejection(counter.add(1));
      expect(byDefault.reason).toContain("within 200 ms, while the call may wait up to the node's reply timeout");
    } finally {
      conn.close();
    }
    node.overrides.set('node_info', () => ({
      chainId: 'fake-chain',
      version: '0',
      dev: true,
      blockTime: 1000,
      height: 1,
      genesis: `0x${'00'.repeat(32)}`,
    }));
    node.overrides.set('actor_deploy', () => STALL);
    const timed = open({ timeout: 200 });
    try {
      const deploy = await rejection(CounterClient.deploy(timed, CODE_ID as CodeId, 'new', [1], { timeout: 3 }));
      expect(deploy.code).toBe('TIMEOUT');
      expect(deploy.reason).toContain(
        "within 200 ms, while the deploy may wait up to 3 blocks for its reply (about 3000 ms at the node's 1000 ms a block): raise connect()'s timeout, or lower the deploy's timeout (in blocks)",
      );
    } finally {
      timed.close();
    }
  });

  it("counts a call's default wait with the replyTimeout node_info reports, asking node_info once", async () => {
    node.overrides.set('node_info', () => ({
      chainId: 'fake-chain',
      version: '0',
      dev: true,
      blockTime: 1000,
      height: 1,
      genesis: `0x${'00'.repeat(32)}`,
      replyTimeout: 7,
    }));
    node.overrides.set('message_call', () => STALL);
    const conn = open({ timeout: 200 });
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      const infos = node.requests.filter((r) => r.method === 'node_info').length;
      for (let i = 0; i < 2; i++) {
        const byDefault = await rejection(counter.add(1));
        expect(byDefault.code).toBe('TIMEOUT');
        expect(byDefault.reason).toBe(
          `message_call: no answer from ${node.url} within 200 ms, while the call may wait up to 7 blocks (the node's reply timeout) for its reply (about 7000 ms at the node's 1000 ms a block): raise connect()'s timeout, or lower the call's timeout (in blocks)`,
        );
      }
      expect(node.requests.filter((r) => r.method === 'node_info').length - infos).toBe(1);
    } finally {
      conn.close();
    }
  });

  it('takes the nonce once, assigns the next ones locally in call order, and resyncs on BAD_NONCE', async () => {
    node.lastNonce.set(alice.address, 41n);
    const conn = open();
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      const ids = await Promise.all(Array.from({ length: 20 }, () => counter.send.add(1)));
      expect(new Set(ids).size).toBe(20);
      expect(node.lastNonce.get(alice.address)).toBe(61n);
      expect(node.requests.filter((r) => r.method === 'account_get')).toHaveLength(1);
      // They left in nonce order: none was refused.
      expect(node.nonceRefusals).toBe(0);
      // Another client of the same account moved the nonce on: the next write is refused once, then resent.
      node.lastNonce.set(alice.address, 100n);
      expect(await counter.add(1)).toBe(21);
      expect(node.lastNonce.get(alice.address)).toBe(101n);
      expect(node.nonceRefusals).toBe(1);
    } finally {
      conn.close();
    }
  });

  it('reconnects after a drop and restores its subscriptions', async () => {
    const conn = open({ reconnect: { attempts: 5, delayMs: 10 } });
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      const added: number[] = [];
      counter.on('Added', (n) => added.push(n));
      await until(() => node.subscriptionCount === 1, 'the subscription');
      node.dropConnections();
      await until(() => node.connections === 2 && node.subscriptionCount === 1, 'the resubscription');
      expect(await counter.add(7)).toBe(7);
      await until(() => added.length === 1, 'the event after the reconnect');
      expect(added).toEqual([7]);
    } finally {
      conn.close();
    }
  });

  it('tells a subscription it is suspended when reconnects run out, and restores it on the next reconnect', async () => {
    const errors: SprocketError[] = [];
    const own: SprocketError[] = [];
    const conn = open({ reconnect: { attempts: 2, delayMs: 10 }, onError: (e) => errors.push(e) });
    try {
      const events: unknown[] = [];
      const stop = await conn.watch({ topic: 'events', actor: COUNTER_ADDRESS }, (e) => events.push(e), { onError: (e) => own.push(e) });
      const port = Number(new URL(node.url).port);
      await node.stop();
      await until(() => own.length === 1, 'the suspension');
      expect(own[0]?.code).toBe('NODE_UNAVAILABLE');
      expect((own[0] as CallError).reason).toContain('1 subscription is suspended');
      expect(errors).toEqual(own);
      expect(isSubscriptionNotice(own[0])).toBe(false);
      // The node comes back where it was; reconnecting restores the subscription.
      node = await FakeNode.start(port);
      conn.reconnect();
      await until(() => node.subscriptionCount === 1, 'the resubscription');
      node.emit(COUNTER_ADDRESS, new Uint8Array([1]));
      await until(() => events.length === 1, 'the event after the reconnect');
      stop();
      expect(own).toHaveLength(1);
    } finally {
      conn.close();
    }
  });

  it('delivers each event once when the connection drops while a subscription is being set up', async () => {
    const conn = open({ reconnect: { attempts: 5, delayMs: 10 } });
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      const added: number[] = [];
      node.overrides.set('subscribe', () => STALL);
      counter.on('Added', (n) => added.push(n));
      await until(() => node.requests.some((r) => r.method === 'subscribe'), 'the subscribe');
      node.overrides.delete('subscribe');
      node.dropConnections();
      // The unanswered subscribe is sent again on the new connection, and the resubscribe sends its own.
      await until(() => node.requests.filter((r) => r.method === 'subscribe').length === 3, 'both subscribes');
      // Answers come in order on one socket: once this query is answered, both subscribes were, and any
      // unsubscribe the client sent for one of them reached the node before the call below.
      expect(await counter.value()).toBe(0);
      // The node emits before it answers the call: every copy of the event has arrived when the call resolves.
      expect(await counter.add(7)).toBe(7);
      expect(added).toEqual([7]);
      expect(node.subscriptionCount).toBe(1);
    } finally {
      conn.close();
    }
  });

  it("resumes events from a new chain's first block when the node's data was reset while the connection was down", async () => {
    const errors: unknown[] = [];
    const conn = open({ reconnect: { attempts: 5, delayMs: 10 }, onError: (error) => errors.push(error) });
    try {
      CounterClient.at(conn, COUNTER_ADDRESS).on('Added', () => {});
      await until(() => node.subscriptionCount === 1, 'the subscription');
      // The new chain is already past block 1, where the subscription had reached: its head alone tells nothing.
      const genesis = `0x${'11'.repeat(32)}`;
      node.overrides.set('node_info', () => ({ chainId: 'fake-chain', version: '0', dev: true, blockTime: 0, height: 50, genesis }));
      node.dropConnections();
      await until(
        () => node.requests.filter((r) => r.method === 'subscribe').length === 2 && node.subscriptionCount === 1,
        'the resubscription',
      );
      const resubscribe = node.requests.filter((r) => r.method === 'subscribe')[1];
      expect(resubscribe?.params.after).toEqual({ block: 0, index: Number.MAX_SAFE_INTEGER });
      expect(errors).toHaveLength(1);
      expect(isSubscriptionNotice(errors[0])).toBe(true);
      expect(errors[0]).toMatchObject({ code: 'NODE_REFUSED', reason: expect.stringContaining(`its block 0 is now ${genesis}`) });
    } finally {
      conn.close();
    }
  });

  it("goes on from the node's head when it refuses the place reached as beyond its head (a reset it cannot tell by genesis)", async () => {
    const errors: unknown[] = [];
    const conn = open({ reconnect: { attempts: 5, delayMs: 10 }, onError: (error) => errors.push(error) });
    try {
      CounterClient.at(conn, COUNTER_ADDRESS).on('Added', () => {});
      await until(() => node.subscriptionCount === 1, 'the subscription');
      node.overrides.set('subscribe', () => {
        node.overrides.delete('subscribe');
        throw new RpcFailure(-32602, 'after.block is beyond the head', { code: 'INVALID_PARAMS', path: 'after.block', head: 0 });
      });
      node.dropConnections();
      await until(
        () => node.requests.filter((r) => r.method === 'subscribe').length === 3 && node.subscriptionCount === 1,
        'the resubscription',
      );
      expect(node.requests.filter((r) => r.method === 'subscribe')[2]?.params.after).toEqual({ block: 0, index: Number.MAX_SAFE_INTEGER });
      expect(errors).toHaveLength(1);
      expect(isSubscriptionNotice(errors[0])).toBe(true);
      expect(errors[0]).toMatchObject({
        code: 'NODE_REFUSED',
        reason: expect.stringContaining("the node's head is block 0, below block 1"),
      });
    } finally {
      conn.close();
    }
  });

  it('reports nothing when the app stops a subscription or closes the connection while it is being set up', async () => {
    const errors: unknown[] = [];
    const conn = open({ onError: (error) => errors.push(error) });
    const counter = CounterClient.at(conn, COUNTER_ADDRESS);
    expect(await counter.value()).toBe(0);
    const stop = counter.on('Added', () => {});
    counter.on('Added', () => {}); // never stopped: the close ends it
    stop();
    conn.close(); // as docs/node-client.md does right after `stop()`
    // close() fails the pending requests at once; what they settle runs in microtasks, before the next macrotask.
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
  });

  it('sends a write lost with its connection again as the same signed transaction, and returns its real answer', async () => {
    const conn = open({ reconnect: { attempts: 5, delayMs: 10 } });
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      expect(await counter.value()).toBe(0);
      // The node never took the first sending (it was lost with the connection before it was read).
      node.overrides.set('message_call', () => STALL);
      const write = counter.add(1);
      await until(() => node.requests.some((r) => r.method === 'message_call'), 'the call');
      node.overrides.set('actor_query', () => STALL);
      const read = counter.value();
      await until(() => node.requests.filter((r) => r.method === 'actor_query').length === 2, 'the query');
      node.overrides.clear();
      node.dropConnections();
      expect(await write).toBe(1);
      // The read is sent again too (before or after the write's second sending).
      expect([0, 1]).toContain(await read);
      const calls = node.requests.filter((r) => r.method === 'message_call');
      expect(calls).toHaveLength(2);
      // The very same transaction (nonce and signature): the node accepts it at most once.
      expect(calls[1]?.params).toEqual(calls[0]?.params);
      expect(node.count).toBe(1);
    } finally {
      conn.close();
    }
  });

  it('fails a lost write the node had accepted with NODE_UNAVAILABLE and pendingWrite (signer, nonce), never running it twice', async () => {
    const conn = open({ reconnect: { attempts: 5, delayMs: 10 } });
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      expect(await counter.add(2)).toBe(2);
      // The node accepts the write, and the connection is lost before its answer.
      node.overrides.set('message_call', (params) => {
        node.accept(params);
        node.overrides.delete('message_call');
        return STALL;
      });
      const write = counter.add(1);
      await until(() => node.requests.filter((r) => r.method === 'message_call').length === 2, 'the call');
      node.dropConnections();
      const lost = await rejection(write);
      expect(lost.code).toBe('NODE_UNAVAILABLE');
      expect(lost.pendingWrite).toEqual({ method: 'message_call', signer: alice.address, nonce: 1n, chainId: 'fake-chain' });
      expect(lost.reason).toContain('nonce 1 is taken');
      // Sent again once, refused for its nonce: not signed anew.
      expect(node.requests.filter((r) => r.method === 'message_call')).toHaveLength(3);
      expect(node.nonceRefusals).toBe(1);
      // The connection goes on: the next write takes the next nonce.
      expect(await counter.add(1)).toBe(3);
    } finally {
      conn.close();
    }
  });

  it('fails a write lost twice with NODE_UNAVAILABLE and pendingWrite, sending it no third time', async () => {
    const conn = open({ reconnect: { attempts: 5, delayMs: 10 } });
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      // Every sending is lost with its connection, unread.
      node.overrides.set('message_send', (_params, socket) => {
        socket.terminate();
        return STALL;
      });
      const lost = await rejection(counter.send.add(1));
      expect(lost.code).toBe('NODE_UNAVAILABLE');
      expect(lost.pendingWrite).toMatchObject({ method: 'message_send', signer: alice.address, nonce: 0n });
      expect(node.requests.filter((r) => r.method === 'message_send')).toHaveLength(2);
    } finally {
      conn.close();
    }
  });

  it('fails a lost write with pendingWrite when the node cannot be reached again', async () => {
    const conn = open({ reconnect: { attempts: 2, delayMs: 10 } });
    const gone = node;
    let stopped: Promise<void> | undefined;
    try {
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      gone.overrides.set('message_send', () => {
        stopped = gone.stop();
        return STALL;
      });
      const lost = await rejection(counter.send.add(1));
      expect(lost.code).toBe('NODE_UNAVAILABLE');
      expect(lost.reason).toContain('cannot reach');
      expect(lost.pendingWrite).toMatchObject({ method: 'message_send', nonce: 0n });
    } finally {
      conn.close();
      await stopped;
      node = await FakeNode.start();
    }
  });

  it("signs again for the node's chain when the node behind the URL changed chains (WRONG_CHAIN)", async () => {
    const conn = open();
    try {
      // The chain id this connection learnt from a node that was since replaced by one on another chain.
      node.overrides.set('node_info', () => ({ chainId: 'old-chain', version: '0', dev: true, blockTime: 0, height: 1 }));
      expect((await conn.info()).chainId).toBe('old-chain');
      node.overrides.delete('node_info');
      const counter = CounterClient.at(conn, COUNTER_ADDRESS);
      expect(await counter.add(3)).toBe(3);
      expect((await conn.info()).chainId).toBe('fake-chain');
    } finally {
      conn.close();
    }
  });

  it('sends a read of request() again after a drop, but not a method that changes the chain (dev_mine)', async () => {
    const conn = open({ reconnect: { attempts: 5, delayMs: 10 } });
    try {
      let mined = 0;
      node.overrides.set('dev_mine', () => {
        mined++;
        return STALL;
      });
      node.overrides.set('chain_head', () => STALL);
      const mine = conn.request('dev_mine', { blocks: 5 });
      const head = conn.request('chain_head');
      await until(() => mined === 1 && node.requests.some((r) => r.method === 'chain_head'), 'both requests');
      node.overrides.set('dev_mine', () => {
        mined++;
        return { height: 10 };
      });
      node.overrides.set('chain_head', () => ({ height: 5 }));
      node.dropConnections();
      const lost = await rejection(mine);
      expect(lost.code).toBe('NODE_UNAVAILABLE');
      expect(await head).toEqual({ height: 5 });
      expect(mined).toBe(1);
    } finally {
      conn.close();
    }
  });

  it('reports an unreachable node as NODE_UNAVAILABLE after bounded attempts', async () => {
    const url = node.url;
    await node.stop();
    const conn = connect(url, { WebSocket, reconnect: { attempts: 2, delayMs: 5 } });
    try {
      const failure = await rejection(conn.balance(alice.address));
      expect(failure.code).toBe('NODE_UNAVAILABLE');
      expect(failure.reason).toContain('cannot reach');
      expect(failure.reason).toContain('npx sprocket node --dev');
    } finally {
      conn.close();
      node = await FakeNode.start();
    }
  });

  it('refuses a transaction field that does not encode with its ScaleError (not NODE_UNAVAILABLE), and keeps writing', async () => {
    const conn = open();
    try {
      const bad = CounterClient.deploy(conn, '0x1234' as CodeId, 'new', [1]);
      await expect(bad).rejects.toMatchObject({ name: 'ScaleError', message: expect.stringMatching(/Deploy\.codeId: .*64 hex digits/) });
      await expect(bad).rejects.not.toMatchObject({ code: 'NODE_UNAVAILABLE' });
      expect(node.requests.filter((r) => r.method === 'actor_deploy')).toEqual([]);
      const counter = await CounterClient.deploy(conn, CODE_ID as CodeId, 'new', [10]);
      expect(counter.address).toBe(COUNTER_ADDRESS);
    } finally {
      conn.close();
    }
  });

  it('refuses a timeout or reconnect option no timer can hold with SDK_BAD_OPTION, and takes Infinity as no timeout', async () => {
    for (const timeout of [0, -5, Number.NaN, 2 ** 31]) {
      expect(() => open({ timeout })).toThrow(
        expect.objectContaining({ code: 'SDK_BAD_OPTION', message: expect.stringContaining(`timeout must be`) }),
      );
    }
    expect(() => open({ reconnect: { delayMs: Number.NaN } })).toThrow(expect.objectContaining({ code: 'SDK_BAD_OPTION' }));
    expect(() => open({ reconnect: { attempts: -1 } })).toThrow(expect.objectContaining({ code: 'SDK_BAD_OPTION' }));
    // Infinity once made every request fail at once with a NODE_UNAVAILABLE that said no node was running.
    const conn = open({ timeout: Number.POSITIVE_INFINITY });
    try {
      expect(await CounterClient.at(conn, COUNTER_ADDRESS).value()).toBe(0);
    } finally {
      conn.close();
    }
  });

  it('refuses a write without an account, and a bad URL, with SdkErrors', async () => {
    const conn = connect(node.url, { WebSocket });
    try {
      await expect(conn.send(COUNTER_ADDRESS, new Uint8Array(16))).rejects.toMatchObject({ code: 'SDK_BAD_ACCOUNT' });
    } finally {
      conn.close();
    }
    expect(() => connect('ftp://x', { WebSocket })).toThrow(expect.objectContaining({ code: 'SDK_BAD_URL' }));
    vi.stubGlobal('WebSocket', undefined);
    try {
      expect(() => connect(node.url, {})).toThrow(expect.objectContaining({ code: 'SDK_NO_WEBSOCKET' }));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
