// `npm run node:app [ws://127.0.0.1:9944/rpc]`: an app calling the Counter of `npm run node` over the network:
// a signed call as bob (JSON-RPC `message_call`), then a query. The payloads are the generated client's codecs.
import { devAccount, fromHex, signTransaction, toHex } from '@sprocket/sdk';
import WebSocket from 'ws';
import { CounterClient } from './counter/counter.gen.js';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944/rpc';
const socket = new WebSocket(url);
await new Promise((resolve, reject) => {
  socket.once('open', resolve);
  socket.once('error', reject);
});
let id = 0;
const pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
socket.on('message', (data: Buffer) => {
  const msg = JSON.parse(data.toString()) as { id: number; result?: unknown; error?: { message: string } };
  pending.get(msg.id)?.(msg);
});
async function rpc<T>(method: string, params?: unknown): Promise<T> {
  const n = ++id;
  const msg = await new Promise<{ result?: unknown; error?: { message: string } }>((resolve) => {
    pending.set(n, resolve);
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: n, method, params }));
  });
  if (msg.error !== undefined) throw new Error(`${method}: ${msg.error.message}`);
  return msg.result as T;
}

const service = CounterClient.definition.services[0];
const add = service?.functions.find((f) => f.name === 'Add');
const value = service?.functions.find((f) => f.name === 'Value');
if (add === undefined || value === undefined) throw new Error('the Counter client has no Add or Value');
const { chainId } = await rpc<{ chainId: string }>('node_info');
const actors = await rpc<{ address: `0x${string}`; actor: string }[]>('actor_list');
const counter = actors.find((a) => a.actor === 'Counter');
if (counter === undefined) throw new Error(`no Counter on ${url}: start one with \`npm run node\``);

const bob = devAccount('bob');
const { nonce } = await rpc<{ nonce: string }>('account_get', { address: bob.address });
const call = signTransaction(bob, chainId, BigInt(nonce), {
  kind: 'Call',
  to: counter.address,
  payload: add.encodeCall([5]),
  value: 0n,
  gasLimit: null,
  timeout: null,
});
const { reply, messageId } = await rpc<{ reply: string; messageId: string }>('message_call', call);
console.log(`bob called Counter.Add(5) at ${counter.address}: reply ${add.decodeReply(fromHex(reply))} (message ${messageId})`);
const q = await rpc<{ reply: string }>('actor_query', { to: counter.address, payload: toHex(value.encodeCall([])) });
console.log(`Counter.Value() = ${value.decodeReply(fromHex(q.reply))}`);
socket.close();
