// A small stand-in for the Sprocket node in browser tests: JSON-RPC 2.0 over WebSocket at /rpc (docs/rpc.md),
// the explorer page through `serveExplorer`, and a canned chain whose payloads are real Sails encodings made with
// the counter example's generated codecs. `message_call` checks the signature and runs Counter.Add / Sub for real.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseIdl } from '@sprocket/compiler-plugin/idl';
import { serveExplorer } from '@sprocket/explorer';
import {
  type Account,
  codecFromType,
  decodeTransaction,
  devAccount,
  fromHex,
  interfaceIdBytes,
  type Json,
  readHeader,
  ScaleReader,
  ScaleWriter,
  type TypeDef,
  toHex,
  verifySignature,
  writeHeader,
} from '@sprocket/sdk';
import { WebSocket, WebSocketServer } from 'ws';
import { CounterDefinition } from '../../examples/counter/counter.gen.js';
import { SHAPES_IDL } from '../../explorer/src/page/__fixtures__/shapes.js';

const CHAIN_ID = 'sprocket-explorer-test';
const COUNTER = `0x${'c0'.repeat(31)}01`;
const CODE_ID = `0x${'ab'.repeat(32)}`;
const SHAPES = `0x${'5a'.repeat(31)}02`;
const SHAPES_CODE = `0x${'cd'.repeat(32)}`;

// The Shapes fixture, decoded the way the CLI does (parseIdl + codecFromType), independently of the page's code.
const shapes = parseIdl(SHAPES_IDL, 'shapes.idl');
const shapesSvc = shapes.services[0]!;
const shapesTypes = new Map<string, TypeDef>([...shapesSvc.types, ...(shapes.program?.types ?? [])].map((t) => [t.name, t] as const));

const svc = CounterDefinition.services[0]!;
const fn = (name: string) => svc.functions.find((f) => f.name === name)!;
const ev = (name: string) => svc.events.find((e) => e.name === name)!;

/** A signed write the fake node accepted, for the test to inspect. */
export interface ReceivedWrite {
  readonly method: string;
  readonly tx: string;
  readonly signature: string;
  readonly signatureValid: boolean;
  readonly signer: string;
  readonly payload: string;
  /** The arguments decoded with the IDL (Shapes calls only). */
  readonly args?: Json;
}

interface Msg {
  messageId: string;
  from: string;
  to: string;
  route: string | null;
  status: string;
  replyCode: string | null;
  reply: string | null;
  events: string[];
  block: number;
  payload: string;
  gas: string;
  size: number;
  rolledBack?: boolean;
  reason?: string;
}

interface Block {
  height: number;
  hash: string;
  parentHash: string;
  stateRoot: string;
  timestamp: number;
  inputs: { kind: string; signer?: string; nonce?: string; messageId?: string; error?: string }[];
  messages: Msg[];
}

/** The fake node: its URL, what it received, and how to stop it. */
export interface FakeNode {
  readonly url: string;
  readonly writes: ReceivedWrite[];
  readonly alice: Account;
  readonly counter: string;
  readonly shapes: string;
  /** Appends a block with one Add message from bob, as if another client had called (live updates). */
  externalAdd(value: number): void;
  /** Appends a block with a Shapes message from bob whose event `Noted` carries `text`. */
  externalNote(text: string): void;
  /** Drops every connection and refuses new ones (`false`), as a stopped node would; `true` accepts them again. */
  setReachable(up: boolean): void;
  /** Starts the chain over from a new genesis block (the counter back at 0), as a dev node started on fresh data would. */
  resetChain(): void;
  /** Leaves requests unanswered (`true`), as a node too busy to answer; `false` answers the next ones again. */
  setStalled(stalled: boolean): void;
  /** Appends a block with a message from bob to carol (an account, so no IDL decodes it) carrying `payload`. */
  externalRaw(payload: Uint8Array): string;
  /** Answers the next request for `method` with an internal error, as a node failing once would. */
  failNext(method: string): void;
  /** Forgets every actor (`true`), as a fresh chain nobody deployed to yet; `false` brings them back. */
  setActorsGone(gone: boolean): void;
  /** The height of the newest block. */
  head(): number;
  close(): Promise<void>;
}

const hash32 = (n: number, salt: number): string => `0x${(n * 7919 + salt).toString(16).padStart(64, '0')}`;
const bytes = (u: Uint8Array): string => toHex(Uint8Array.from(u));

/** Starts the fake node on a free port. */
export async function startFakeNode(): Promise<FakeNode> {
  const alice = devAccount('alice');
  const bob = devAccount('bob');
  let count = 0;
  let seq = 0;
  const nonces = new Map<string, bigint>();
  const balances = new Map<string, bigint>([
    [alice.address, 1_000_000_000_000n],
    [bob.address, 1_000_000_000_000n],
  ]);
  const blocks: Block[] = [];
  const messages = new Map<string, Msg>();
  const traces = new Map<string, string>();
  const writes: ReceivedWrite[] = [];
  const blockSubs = new Map<string, WebSocket>();
  const eventSubs = new Map<string, { ws: WebSocket; actor: string }>();
  let subId = 0;
  let epoch = 0;
  let reachable = true;
  let stalled = false;
  const failOnce = new Set<string>();
  let actorsGone = false;

  const label = (a: string) => (a === alice.address ? 'alice' : a === bob.address ? 'bob' : a === COUNTER ? 'Counter#1' : a.slice(0, 10));
  const short = (id: string) => `${id.slice(0, 10)}…${id.slice(-4)}`;

  const notify = (ws: WebSocket, subscription: string, result: unknown) =>
    ws.readyState === WebSocket.OPEN &&
    ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { subscription, result } }));

  const addBlock = (inputs: Block['inputs'], msgs: Msg[]): Block => {
    const height = blocks.length;
    const b: Block = {
      height,
      hash: hash32(height, 1 + epoch * 100),
      parentHash: height === 0 ? `0x${'00'.repeat(32)}` : (blocks[height - 1] as Block).hash,
      stateRoot: hash32(height, 2),
      // Block timestamps come from the log, never from a clock: fixed values keep the screenshots stable.
      timestamp: 1_780_000_000_000 + height * 1000,
      inputs,
      messages: msgs,
    };
    for (const m of msgs) {
      m.block = height;
      messages.set(m.messageId, m);
    }
    blocks.push(b);
    for (const [id, ws] of blockSubs) notify(ws, id, b);
    for (const m of msgs)
      for (const e of m.events)
        for (const [id, s] of eventSubs)
          if (s.actor === m.to) notify(s.ws, id, { actor: m.to, payload: e, messageId: m.messageId, block: height });
    return b;
  };

  /** Runs a Counter message for real with the generated codecs; returns the message record. */
  const execute = (from: string, payload: Uint8Array): Msg => {
    const messageId = hash32(++seq, 3);
    const r = new ScaleReader(payload);
    const h = readHeader(r);
    const f = svc.functions.find((x) => x.entryId === h.entryId);
    const base = {
      messageId,
      from,
      to: COUNTER,
      events: [] as string[],
      block: 0,
      payload: bytes(payload),
      gas: String(1200 + payload.length * 10),
      size: payload.length,
    };
    const head = `[b${blocks.length} ${short(messageId)}]`;
    if (f === undefined) {
      traces.set(messageId, `${head} ${label(from)} -> Counter#1 ${payload.length} bytes`);
      return { ...base, route: null, status: 'error', replyCode: 'UNKNOWN_ROUTE', reply: null, reason: 'no such route' };
    }
    const [value] = f.decodeArgs(r) as [number];
    const route = `Counter.${f.name}`;
    const lines = [`${head} ${label(from)} -> Counter#1 ${route}${JSON.stringify(f.argsToJson(value === undefined ? [] : [value]))}`];
    if (f.name === 'Sub' && value > count) {
      const reason = `underflow: ${count} - ${value}`;
      lines.push(
        `${head} Counter#1 ROLLBACK ${route}: HANDLER_FAILED ${reason}`,
        `${head} Counter#1 -> ${label(from)} error HANDLER_FAILED (${route}): ${reason}`,
      );
      traces.set(messageId, lines.join('\n'));
      return { ...base, route, status: 'error', replyCode: 'HANDLER_FAILED', reply: null, rolledBack: true, reason };
    }
    if (f.name === 'Add') {
      count += value;
      base.events.push(bytes(ev('Added').encode(value)));
      lines.push(`${head} Counter#1 event Added(${value})`);
    } else if (f.name === 'Sub') {
      count -= value;
      base.events.push(bytes(ev('Subtracted').encode(value)));
      lines.push(`${head} Counter#1 event Subtracted(${value})`);
    }
    const reply = bytes(f.encodeReply(count));
    lines.push(`${head} Counter#1 -> ${label(from)} reply ${count}`);
    traces.set(messageId, lines.join('\n'));
    return { ...base, route, status: 'ok', replyCode: null, reply };
  };

  // The canned history: genesis, the counter's deploy, an Add, a failing Sub.
  addBlock([], []);
  {
    const ctor = CounterDefinition.constructors[0]!;
    const payload = ctor.encodeCall([5]);
    count = 5;
    const messageId = hash32(++seq, 3);
    traces.set(
      messageId,
      `[b1 ${short(messageId)}] alice -> Counter#1 init Counter.New[5]\n[b1 ${short(messageId)}] Counter#1 -> alice reply ok`,
    );
    addBlock(
      [
        { kind: 'UploadCode', signer: alice.address, nonce: '1' },
        { kind: 'Deploy', signer: alice.address, nonce: '2', messageId },
      ],
      [
        {
          messageId,
          from: alice.address,
          to: COUNTER,
          route: 'Counter.New',
          status: 'ok',
          replyCode: null,
          reply: '0x',
          events: [],
          block: 1,
          payload: bytes(payload),
          gas: '900',
          size: payload.length,
        },
      ],
    );
    nonces.set(alice.address, 2n);
  }
  for (const [name, v] of [
    ['Add', 2],
    ['Sub', 100],
  ] as const) {
    const m = execute(alice.address, fn(name).encodeCall([v]));
    nonces.set(alice.address, (nonces.get(alice.address) ?? 0n) + 1n);
    const inputs: Block['inputs'] = [
      { kind: 'Call', signer: alice.address, nonce: String(nonces.get(alice.address)), messageId: m.messageId },
    ];
    if (name === 'Sub') {
      // A send that took its nonce and failed before it sent anything: the block lists it with its error code.
      nonces.set(alice.address, (nonces.get(alice.address) ?? 0n) + 1n);
      inputs.push({ kind: 'Send', signer: alice.address, nonce: String(nonces.get(alice.address)), error: 'VALUE_REJECTED' });
    }
    addBlock(inputs, [m]);
  }

  class RpcFail extends Error {
    constructor(
      readonly code: number,
      readonly dataCode: string,
      message: string,
      readonly extra: Record<string, unknown> = {},
    ) {
      super(message);
    }
  }

  const write = (method: string, params: { tx?: string; signature?: string }) => {
    if (typeof params?.tx !== 'string' || typeof params.signature !== 'string')
      throw new RpcFail(-32602, 'INVALID_PARAMS', 'tx and signature');
    const txBytes = fromHex(params.tx, 'tx');
    const tx = decodeTransaction(txBytes);
    const valid = verifySignature(tx.signer, txBytes, fromHex(params.signature, 'signature'));
    const payload = 'payload' in tx.call ? bytes(tx.call.payload) : '0x';
    writes.push({ method, tx: params.tx, signature: params.signature, signatureValid: valid, signer: tx.signer, payload });
    if (tx.chainId !== CHAIN_ID) throw new RpcFail(1002, 'WRONG_CHAIN', 'wrong chain id', { expected: CHAIN_ID });
    if (!valid) throw new RpcFail(1003, 'BAD_SIGNATURE', 'the signature does not verify');
    const last = nonces.get(tx.signer) ?? 0n;
    if (tx.nonce <= last) throw new RpcFail(1004, 'BAD_NONCE', 'nonce already used', { next: String(last + 1n) });
    nonces.set(tx.signer, tx.nonce);
    return tx;
  };

  const handlers: Record<string, (p: Record<string, unknown>, ws: WebSocket) => unknown> = {
    node_info: () => ({
      chainId: CHAIN_ID,
      version: 'fake',
      dev: true,
      blockTime: 0,
      height: blocks.length - 1,
      genesis: (blocks[0] as Block).hash,
    }),
    chain_head: () => blocks[blocks.length - 1],
    chain_block: (p) => {
      const b = blocks[Number(p.height)];
      if (b === undefined) throw new RpcFail(-32602, 'INVALID_PARAMS', `no block ${String(p.height)}`, { path: 'height' });
      return b;
    },
    account_get: (p) => {
      const a = String(p.address);
      return { address: a, balance: String(balances.get(a) ?? 0n), nonce: String((nonces.get(a) ?? 0n) + 1n) };
    },
    code_get: (p) => {
      if (p.codeId === SHAPES_CODE) return { codeId: SHAPES_CODE, size: 2048, actors: ['Shapes'], idl: { Shapes: SHAPES_IDL } };
      if (p.codeId !== CODE_ID) throw new RpcFail(1006, 'UNKNOWN_CODE', 'no code with that id');
      return { codeId: CODE_ID, size: 4096, actors: ['Counter'], idl: { Counter: CounterDefinition.idl } };
    },
    actor_get: (p) => {
      if (actorsGone) throw new RpcFail(1007, 'UNKNOWN_ACTOR', `no actor at ${String(p.address)}`, { address: p.address });
      if (String(p.address).toLowerCase() === SHAPES)
        return { address: SHAPES, codeId: SHAPES_CODE, actor: 'Shapes', balance: '0', status: 'active' };
      if (String(p.address).toLowerCase() !== COUNTER) throw new RpcFail(1007, 'UNKNOWN_ACTOR', 'no actor at that address');
      return { address: COUNTER, codeId: CODE_ID, actor: 'Counter', balance: '0', status: 'active' };
    },
    actor_list: () =>
      actorsGone
        ? []
        : [
            { address: COUNTER, codeId: CODE_ID, actor: 'Counter', label: 'Counter#1' },
            { address: SHAPES, codeId: SHAPES_CODE, actor: 'Shapes', label: 'Shapes#1' },
          ],
    mailbox_get: () => [],
    message_get: (p) => {
      const m = messages.get(String(p.messageId));
      if (m === undefined) throw new RpcFail(-32602, 'INVALID_PARAMS', 'no such message', { path: 'messageId' });
      return m;
    },
    dev_trace: (p) => ({ text: traces.get(String(p.messageId)) ?? '' }),
    actor_query: (p) => {
      if (String(p.to).toLowerCase() === SHAPES) {
        const w = new ScaleWriter(32);
        writeHeader(w, interfaceIdBytes(shapesSvc.interfaceId), shapesSvc.functions.find((f) => f.name === 'Count')!.entryId, 1);
        w.u32(writes.filter((x) => x.args !== undefined).length, 'reply');
        return { reply: bytes(w.finish()) };
      }
      const payload = fromHex(String(p.payload), 'payload');
      const h = readHeader(new ScaleReader(payload));
      const f = svc.functions.find((x) => x.entryId === h.entryId);
      if (f?.name !== 'Value') throw new RpcFail(1008, 'CALL_FAILED', 'not a query', { error: 'HANDLER_FAILED' });
      return { reply: bytes(f.encodeReply(count)) };
    },
    message_call: (p) => {
      const tx = write('message_call', p as never);
      if (tx.call.kind !== 'Call') throw new RpcFail(1001, 'BAD_TX', 'not a Call', { reason: tx.call.kind });
      if (tx.call.to === SHAPES) return callShapes(tx.signer, tx.call.payload, String(tx.nonce));
      const m = execute(tx.signer, tx.call.payload);
      addBlock([{ kind: 'Call', signer: tx.signer, nonce: String(tx.nonce), messageId: m.messageId }], [m]);
      if (m.status !== 'ok')
        throw new RpcFail(1008, 'CALL_FAILED', m.reason ?? 'failed', {
          error: m.replyCode,
          reason: m.reason,
          payload: '0x',
          messageId: m.messageId,
        });
      return { messageId: m.messageId, reply: m.reply };
    },
    subscribe: (p, ws) => {
      const id = `s${++subId}`;
      if (p.topic === 'blocks') blockSubs.set(id, ws);
      else if (p.topic === 'events') eventSubs.set(id, { ws, actor: String(p.actor).toLowerCase() });
      return id;
    },
    unsubscribe: (p) => {
      blockSubs.delete(String(p.subscription));
      eventSubs.delete(String(p.subscription));
      return true;
    },
  };

  /** Shapes.Put: decodes the arguments with the IDL, replies the number of order lines, emits Stored. */
  const callShapes = (from: string, payload: Uint8Array, nonce: string) => {
    const put = shapesSvc.functions.find((f) => f.name === 'Put')!;
    const r = new ScaleReader(payload);
    readHeader(r);
    const args = put.params.map((p) => {
      const c = codecFromType(p.type, shapesTypes);
      return c.toJson(c.decodeFrom(r, `Shapes.Put.${p.name}`));
    });
    r.end('Shapes.Put');
    (writes[writes.length - 1] as { args?: Json }).args = args;
    const lines = ((args[0] as { lines: Json[] }).lines ?? []).length;
    const header = (entry: number) => {
      const w = new ScaleWriter(32);
      writeHeader(w, interfaceIdBytes(shapesSvc.interfaceId), entry, 1);
      return w;
    };
    const reply = header(put.entryId);
    reply.u32(lines, 'reply');
    const event = header(shapesSvc.events.find((e) => e.name === 'Stored')!.entryId);
    event.u32(1, 'id');
    event.u128(7n, 'total');
    const messageId = hash32(++seq, 3);
    const m: Msg = {
      messageId,
      from,
      to: SHAPES,
      route: 'Shapes.Put',
      status: 'ok',
      replyCode: null,
      reply: bytes(reply.finish()),
      events: [bytes(event.finish())],
      block: 0,
      payload: bytes(payload),
      gas: '2000',
      size: payload.length,
    };
    addBlock([{ kind: 'Call', signer: from, nonce, messageId }], [m]);
    return { messageId, reply: m.reply };
  };

  const http: Server = createServer((req, res) => {
    if (serveExplorer(req, res)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  });
  // A refused handshake closes the page's socket before it opens, as a connection to a stopped node does.
  const wss = new WebSocketServer({ server: http, path: '/rpc', verifyClient: () => reachable });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      let req: { id?: unknown; method?: string; params?: Record<string, unknown> };
      try {
        req = JSON.parse(String(data));
      } catch {
        ws.send(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error', data: { code: 'PARSE_ERROR' } } }),
        );
        return;
      }
      if (stalled) return;
      const h = handlers[req.method ?? ''];
      try {
        if (failOnce.delete(req.method ?? '')) throw new RpcFail(-32603, 'INTERNAL', 'the node failed (once)');
        if (h === undefined) throw new RpcFail(-32601, 'METHOD_NOT_FOUND', `unknown method ${req.method}`, { method: req.method });
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, result: h(req.params ?? {}, ws) }));
      } catch (e) {
        const f = e instanceof RpcFail ? e : new RpcFail(-32603, 'INTERNAL', e instanceof Error ? e.message : String(e));
        ws.send(
          JSON.stringify({
            jsonrpc: '2.0',
            id: req.id,
            error: { code: f.code, message: f.message, data: { code: f.dataCode, ...f.extra } },
          }),
        );
      }
    });
    ws.on('close', () => {
      for (const [id, s] of blockSubs) if (s === ws) blockSubs.delete(id);
      for (const [id, s] of eventSubs) if (s.ws === ws) eventSubs.delete(id);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    writes,
    alice,
    counter: COUNTER,
    shapes: SHAPES,
    externalAdd(value: number) {
      const m = execute(bob.address, fn('Add').encodeCall([value]));
      nonces.set(bob.address, (nonces.get(bob.address) ?? 0n) + 1n);
      addBlock([{ kind: 'Call', signer: bob.address, nonce: String(nonces.get(bob.address)), messageId: m.messageId }], [m]);
    },
    externalNote(text: string) {
      const w = new ScaleWriter(64);
      writeHeader(w, interfaceIdBytes(shapesSvc.interfaceId), shapesSvc.events.find((e) => e.name === 'Noted')!.entryId, 1);
      w.str(text, 'text');
      const m: Msg = {
        messageId: hash32(++seq, 3),
        from: bob.address,
        to: SHAPES,
        route: 'Shapes.Put',
        status: 'ok',
        replyCode: null,
        reply: null,
        events: [bytes(w.finish())],
        block: 0,
        payload: '0x',
        gas: '2000',
        size: 0,
      };
      addBlock([], [m]);
    },
    setReachable(up: boolean) {
      reachable = up;
      if (!up) for (const ws of wss.clients) ws.terminate();
    },
    resetChain() {
      epoch++;
      blocks.length = 0;
      messages.clear();
      count = 0;
      addBlock([], []);
    },
    setStalled(s: boolean) {
      stalled = s;
    },
    externalRaw(payload: Uint8Array) {
      const m: Msg = {
        messageId: hash32(++seq, 3),
        from: bob.address,
        to: devAccount('charlie').address,
        route: null,
        status: 'delivered',
        replyCode: null,
        reply: null,
        events: [],
        block: 0,
        payload: bytes(payload),
        gas: '0',
        size: payload.length,
      };
      addBlock([], [m]);
      return m.messageId;
    },
    failNext(method: string) {
      failOnce.add(method);
    },
    head() {
      return blocks.length - 1;
    },
    setActorsGone(gone: boolean) {
      actorsGone = gone;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
