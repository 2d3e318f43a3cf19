// `npm run node:app [ws://127.0.0.1:9944/rpc]`: an app calling the Counter of `npm run node` over the network with
// the generated client, unchanged, through `connect()`: a call signed by bob, a fire-and-forget send, a query.
import { type ActorId, connect, devAccount } from '@sprocket/sdk';
import WebSocket from 'ws'; // Node 20 has no global WebSocket; a browser needs no option
import { CounterClient } from './counter/counter.gen.js';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944/rpc';
const conn = connect(url, { account: devAccount('bob'), WebSocket });
try {
  const actors = (await conn.request('actor_list')) as { address: ActorId; actor: string }[];
  const found = actors.find((a) => a.actor === 'Counter');
  if (found === undefined) throw new Error(`no Counter on ${url}: start one with \`npm run node\``);

  const counter = CounterClient.at(conn, found.address);
  const stop = counter.on('Added', (n) => console.log(`event Added(${n})`));
  console.log(`bob calls Counter.Add(5) at ${found.address}: reply ${await counter.add(5)}`);
  const id = await counter.send.add(1); // resolves once the node has durably accepted it
  console.log(`bob sent Counter.Add(1): message ${id}`);
  console.log(`Counter.Value() = ${await counter.value()}`);
  stop();
} finally {
  conn.close();
}
