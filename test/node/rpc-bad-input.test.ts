// Bad input over JSON-RPC: each class gets its stable error code, the node keeps serving, and state is untouched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount, generateAccount, signTransaction, type TxCall } from '@sprocket/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RpcClient, type RpcError, Signer } from './support.js';

const bob = devAccount('bob');
const send = (value: bigint): TxCall => ({ kind: 'Send', to: bob.address, payload: new Uint8Array([1]), value, gasLimit: null, delay: 0 });

// biome-ignore lint/suspicious/noExplicitAny: raw JSON-RPC answers; the tests assert their shape.
function raw(url: string, frame: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => socket.send(frame));
    socket.once('message', (d: Buffer) => {
      socket.close();
      resolve(JSON.parse(d.toString()));
    });
    socket.once('error', reject);
  });
}

/** A WebSocket connection, or the status and body of the HTTP answer that refused its handshake. */
/** A WebSocket the node serves, or what a refused one was told before its close: the frames and the close code. */
function openOrRefused(url: string): Promise<WebSocket | { code: number; frames: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: string[] = [];
    socket.on('message', (data: Buffer) => frames.push(data.toString()));
    // Served: a request answers. Refused: OVERLOADED comes unasked, then close 1013.
    socket.once('open', () => socket.send('{"jsonrpc":"2.0","id":1,"method":"node_info"}'));
    socket.once('close', (code) => resolve({ code, frames }));
    socket.on('message', () => {
      if (JSON.parse(frames[0] ?? '{}').id === 1) {
        socket.removeAllListeners('close');
        resolve(socket);
      }
    });
    socket.once('error', reject);
  });
}

// biome-ignore lint/suspicious/noExplicitAny: raw JSON-RPC answers; the tests assert their shape.
async function post(url: string, body: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: res.status === 204 ? undefined : await res.json() };
}

const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'accepted',
    (e: RpcError) => e.data?.code ?? String(e),
  );

describe('the RPC server under bad input', () => {
  const dirs: string[] = [];
  let node: StartedNode;
  let plain: StartedNode;
  let rpc: RpcClient;
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) dirs.push(mkdtempSync(join(tmpdir(), 'sprocket-bad-')));
    node = await startNode({ dataDir: dirs[0] as string, port: 0, dev: true, blockTime: 0, maxFrame: 4096, maxConnections: 4 });
    plain = await startNode({ dataDir: dirs[1] as string, port: 0, blockTime: 0 });
    rpc = await RpcClient.connect(node.url);
  });
  afterAll(async () => {
    await rpc.close();
    await node.stop();
    await plain.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('answers malformed JSON, non-requests, unknown methods and wrong params with stable codes', async () => {
    expect((await raw(node.url, '{"jsonrpc":')).error).toMatchObject({ code: -32700, data: { code: 'PARSE_ERROR' } });
    expect((await raw(node.url, '{"id":1,"method":"node_info"}')).error).toMatchObject({ code: -32600, data: { code: 'INVALID_REQUEST' } });
    expect((await raw(node.url, '[]')).error).toMatchObject({ code: -32600 });
    expect((await raw(node.url, '{"jsonrpc":"2.0","id":1,"method":"nope"}')).error).toMatchObject({
      code: -32601,
      data: { code: 'METHOD_NOT_FOUND', method: 'nope' },
    });
    expect((await raw(node.url, '{"jsonrpc":"2.0","id":1,"method":"__proto__"}')).error).toMatchObject({ code: -32601 });
    const params = (await rpc.call('chain_block', { height: -1 }).catch((e: RpcError) => e)) as RpcError;
    expect(params.rpcCode).toBe(-32602);
    expect(params.data).toMatchObject({ code: 'INVALID_PARAMS', path: 'height' });
    expect((await rpc.call('account_get', { address: '0xzz' }).catch((e: RpcError) => e)).data).toMatchObject({
      code: 'INVALID_PARAMS',
      path: 'address',
    });
    expect((await rpc.call('account_get', { address: '0x1234' }).catch((e: RpcError) => e)).data).toMatchObject({
      code: 'INVALID_PARAMS',
      path: 'address',
    });
    expect((await rpc.call('message_send', { tx: '0x0', signature: '0x' }).catch((e: RpcError) => e)).data).toMatchObject({
      code: 'INVALID_PARAMS',
      path: 'tx',
    });
    expect((await rpc.call('dev_mint', { address: bob.address, value: '1e3' }).catch((e: RpcError) => e)).data).toMatchObject({
      code: 'INVALID_PARAMS',
      path: 'value',
    });
    const weather = await rpc.call('subscribe', { topic: 'weather' }).catch((e: RpcError) => e);
    expect(weather.data).toMatchObject({ code: 'INVALID_PARAMS', path: 'topic' });
    expect(weather.message).toBe('topic: expected one of blocks, events, mailbox, got "weather"');
    expect((await rpc.call('subscribe', {}).catch((e: RpcError) => e)).message).toBe(
      'topic: expected one of blocks, events, mailbox, got nothing',
    );
  });

  it('refuses oversized frames and bodies, and connections beyond the limit, and keeps serving', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'node_info', params: { pad: 'x'.repeat(5000) } });
    const tooLarge = await raw(node.url, big);
    expect(tooLarge.error).toMatchObject({ code: 1010, data: { code: 'FRAME_TOO_LARGE' } });
    // The id is read from the frame's start, so the client knows which request failed.
    expect(tooLarge.id).toBe(1);
    const http = await post(node.httpUrl, big);
    expect(http.status).toBe(413);
    expect(http.json.error.data.code).toBe('FRAME_TOO_LARGE');
    expect(http.json.id).toBe(1);
    // A frame this small is parsed whole (the id may come last); one that is not a request answers with a null id.
    const late = JSON.stringify({ jsonrpc: '2.0', method: 'node_info', params: { pad: 'x'.repeat(5000) }, id: 2 });
    expect((await raw(node.url, late)).id).toBe(2);
    expect((await raw(node.url, `[${big}]`)).id).toBeNull();
    // Every connection counts (this client's, the one fetch keeps alive, these): open more until one is refused.
    const extra: WebSocket[] = [];
    let refused: { code: number; frames: string[] } | undefined;
    for (let i = 0; i < 8 && refused === undefined; i++) {
      const attempt = await openOrRefused(node.url);
      if (attempt instanceof WebSocket) extra.push(attempt);
      else refused = attempt;
    }
    expect(refused?.code).toBe(1013);
    expect(JSON.parse(refused?.frames[0] ?? '{}').error).toMatchObject({ code: 1011, data: { code: 'OVERLOADED', limit: 4 } });
    for (const c of extra) c.terminate();
    for (let i = 0; i < 1000 && node.server.connections.size >= 4; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await rpc.call('node_info')).chainId).toBe('sprocket-dev');
  });

  it('serves HTTP POST, batches and /health', async () => {
    const one = await post(node.httpUrl, '{"jsonrpc":"2.0","id":7,"method":"node_info"}');
    expect(one.json).toMatchObject({ id: 7, result: { chainId: 'sprocket-dev' } });
    const batch = await post(
      node.httpUrl,
      '[{"jsonrpc":"2.0","id":1,"method":"node_info"},{"jsonrpc":"2.0","id":2,"method":"nope"},{"jsonrpc":"2.0","method":"node_info"}]',
    );
    expect(batch.json).toHaveLength(2);
    expect(batch.json[1].error.data.code).toBe('METHOD_NOT_FOUND');
    expect((await post(node.httpUrl, 'not json')).json.error.data.code).toBe('PARSE_ERROR');
    expect(
      (await post(node.httpUrl, '{"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"topic":"blocks"}}')).json.error.data.code,
    ).toBe('INVALID_REQUEST');
    const health = await fetch(node.httpUrl.replace('/rpc', '/health'));
    expect(await health.json()).toMatchObject({ ok: true });
    // HEAD answers as GET does (a load balancer's probe), with the same headers and no body.
    const head = await fetch(node.httpUrl.replace('/rpc', '/health'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
    // An HTTP request the node has no route for names the route it got.
    const get = await fetch(node.httpUrl);
    expect(get.status).toBe(404);
    expect((await get.json()).error.data).toMatchObject({ code: 'METHOD_NOT_FOUND', route: 'GET /rpc' });
  });

  it('refuses forged, replayed, cross-chain and unfunded writes and changes nothing', async () => {
    const alice = new Signer(devAccount('alice'), 'sprocket-dev');
    await rpc.call('message_send', alice.sign(send(5n)));
    const before = await rpc.call('chain_head');
    const aliceBefore = await rpc.call('account_get', { address: alice.account.address });
    const logBefore = node.node.log.head;

    const forged = alice.sign(send(1n));
    const sig = Buffer.from(forged.signature.slice(2), 'hex');
    sig[3] = (sig[3] as number) ^ 0xff;
    expect(await codeOf(rpc.call('message_send', { tx: forged.tx, signature: `0x${sig.toString('hex')}` }))).toBe('BAD_SIGNATURE');
    const mallory = generateAccount('mallory');
    const asAlice = signTransaction(mallory, 'sprocket-dev', 9n, send(1n));
    const claimed = signTransaction(alice.account, 'sprocket-dev', 9n, send(1n));
    expect(await codeOf(rpc.call('message_send', { tx: claimed.tx, signature: asAlice.signature }))).toBe('BAD_SIGNATURE');
    const replay = signTransaction(alice.account, 'sprocket-dev', 0n, send(5n));
    const err = (await rpc.call('message_send', replay).catch((e: RpcError) => e)) as RpcError;
    expect(err.data).toMatchObject({ code: 'BAD_NONCE', next: aliceBefore.nonce });
    expect(await codeOf(rpc.call('message_send', signTransaction(alice.account, 'other-chain', 50n, send(1n))))).toBe('WRONG_CHAIN');
    expect(await codeOf(rpc.call('message_send', signTransaction(mallory, 'sprocket-dev', 0n, send(1n))))).toBe('INSUFFICIENT_BALANCE');
    expect(await codeOf(rpc.call('message_send', signTransaction(alice.account, 'sprocket-dev', 51n, send(10n ** 30n))))).toBe(
      'INSUFFICIENT_BALANCE',
    );
    expect(await codeOf(rpc.call('message_send', { tx: '0x0102', signature: `0x${'00'.repeat(64)}` }))).toBe('BAD_TX');

    await rpc.call('dev_mine', { blocks: 1 });
    const after = await rpc.call('chain_head');
    expect(after.height).toBe(before.height + 1);
    expect(after.inputs).toEqual([]);
    // Nothing was logged but the mined block's own entry.
    expect(node.node.log.head).toBe(logBefore + 1);
    expect(await rpc.call('account_get', { address: alice.account.address })).toEqual(aliceBefore);
  });

  it('refuses a transaction of another kind than the method takes, before logging it', async () => {
    const charlie = new Signer(devAccount('charlie'), 'sprocket-dev');
    const before = await rpc.call('account_get', { address: charlie.account.address });
    const logBefore = node.node.log.head;
    const transfer: TxCall = { kind: 'Transfer', to: bob.address, value: 1n };
    const cases: [string, TxCall, string][] = [
      ['message_call', transfer, 'Call'],
      ['message_send', transfer, 'Send'],
      ['actor_deploy', send(1n), 'Deploy'],
      ['code_upload', send(1n), 'UploadCode'],
      ['balance_transfer', send(1n), 'Transfer'],
    ];
    for (const [method, call, takes] of cases) {
      const err = (await rpc.call(method, charlie.sign(call)).then(
        () => undefined,
        (e: RpcError) => e,
      )) as RpcError;
      expect(err.rpcCode).toBe(-32602);
      expect(err.data).toEqual({ code: 'INVALID_PARAMS', path: 'tx', expected: takes, kind: call.kind });
      expect(err.message).toBe(`tx: ${method} takes a signed ${takes} transaction, not ${call.kind}`);
    }
    expect(node.node.log.head).toBe(logBefore);
    expect(await rpc.call('account_get', { address: charlie.account.address })).toEqual(before);
  });

  it('refuses a param the method does not take, naming it, and changes nothing', async () => {
    const dave = new Signer(devAccount('dave'), 'sprocket-dev');
    const before = await rpc.call('chain_head');
    const daveBefore = await rpc.call('account_get', { address: dave.account.address });
    const logBefore = node.node.log.head;
    const refusal = async (method: string, params: unknown): Promise<RpcError> =>
      (await rpc.call(method, params).then(
        () => {
          throw new TypeError(`${method} accepted ${JSON.stringify(params)}`);
        },
        (e: RpcError) => e,
      )) as RpcError;
    const cases: [string, unknown, string, string][] = [
      ['account_list', { ofset: 5 }, 'ofset', 'account_list (it takes: offset, limit)'],
      ['code_list', [{ limit: 2, offest: 1 }], 'offest', 'code_list (it takes: offset, limit)'],
      ['account_get', [{ address: bob.address, adress: bob.address }], 'adress', 'account_get (it takes: address)'],
      [
        'subscribe',
        { topic: 'events', actor: bob.address, afer: { block: 0, index: 0 } },
        'afer',
        'subscribe (it takes: topic, actor, after, address)',
      ],
      ['subscribe', { topic: 'blocks', address: bob.address }, 'address', 'subscribe to blocks (it takes: topic)'],
      ['message_send', { ...dave.sign(send(1n)), gasLimit: 5 }, 'gasLimit', 'message_send (it takes: tx, signature)'],
      ['actor_deploy', { ...dave.sign(send(1n)), timout: 3 }, 'timout', 'actor_deploy (it takes: tx, signature, timeout)'],
      ['node_info', { verbose: true }, 'verbose', 'node_info (it takes none)'],
      ['chain_head', [{ height: 1 }], 'height', 'chain_head (it takes none)'],
      ['dev_mine', { block: 3 }, 'block', 'dev_mine (it takes: blocks)'],
    ];
    for (const [method, params, name, takes] of cases) {
      const err = await refusal(method, params);
      expect(err.rpcCode).toBe(-32602);
      expect(err.data).toEqual({ code: 'INVALID_PARAMS', path: name });
      expect(err.message).toBe(`params: unknown param "${name}" for ${takes}`);
    }
    // A misspelt field inside a param is refused too, naming its path.
    const cursor = await refusal('subscribe', { topic: 'events', actor: bob.address, after: { block: 0, index: 0, indx: 1 } });
    expect(cursor.data).toEqual({ code: 'INVALID_PARAMS', path: 'after.indx' });
    expect(cursor.message).toBe('after: unknown field "indx" (it takes: block, index)');
    // Over HTTP too, and a name too long to echo whole is cut.
    const long = `x${'y'.repeat(500)}`;
    const http = await post(node.httpUrl, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'actor_list', params: { [long]: 1 } }));
    expect(http.json.error).toMatchObject({ code: -32602, data: { code: 'INVALID_PARAMS', path: long.slice(0, 80) } });
    expect(http.json.error.message.length).toBeLessThan(160);
    // The declared params, empty params and an empty array still work; the node kept serving and changed nothing.
    expect(await rpc.call('account_list', { offset: 0, limit: 1 })).toMatchObject({ items: [expect.anything()] });
    expect((await rpc.call('node_info', {})).chainId).toBe('sprocket-dev');
    expect((await rpc.call('chain_head', [])).height).toBe(before.height);
    expect(node.node.log.head).toBe(logBefore);
    expect(await rpc.call('chain_head')).toEqual(before);
    expect(await rpc.call('account_get', { address: dave.account.address })).toEqual(daveBefore);
  });

  it('refuses dev methods on a node without --dev', async () => {
    const c = await RpcClient.connect(plain.url);
    expect(await codeOf(c.call('dev_mine', { blocks: 1 }))).toBe('DEV_ONLY');
    expect(await codeOf(c.call('dev_mint', { address: bob.address, value: '1' }))).toBe('DEV_ONLY');
    expect((await c.call('node_info')).chainId).toBe('sprocket-local');
    await c.close();
  });
});
