// `npm run web-app [ws://127.0.0.1:9944/rpc] [port]`: builds the page with vite, serves it (vite preview) and prints
// the address to open, with the node and the Counter of `npm run node` in its query string. Stop it with Ctrl-C.
import { fileURLToPath } from 'node:url';
import { type ActorId, connect } from '@sprocket/sdk';
import { build, preview } from 'vite';
import WebSocket from 'ws'; // Node 20 has no global WebSocket; the page uses the browser's

const node = process.argv[2] ?? 'ws://127.0.0.1:9944/rpc';
const port = Number(process.argv[3] ?? 4173);
const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url));

/** The address of the node's Counter, or why there is none. */
async function findCounter(): Promise<{ address: ActorId } | { problem: string }> {
  const conn = connect(node, { WebSocket, reconnect: false, timeout: 5000 });
  try {
    const actors = (await conn.request('actor_list')) as { address: ActorId; actor: string }[];
    const found = actors.find((a) => a.actor === 'Counter');
    return found === undefined ? { problem: `no Counter is deployed on ${node}` } : { address: found.address };
  } catch (error) {
    return { problem: `no node answers at ${node} (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    conn.close();
  }
}

await build({ configFile, logLevel: 'warn' });
const server = await preview({ configFile, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true } });
const page = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
const counter = await findCounter();
if ('problem' in counter) {
  console.log(`${counter.problem}: start one with \`npm run node\` in another terminal, then open`);
  console.log(`  ${page}?node=${node}&counter=<the Counter's address, printed by npm run node>`);
} else {
  console.log(`the web app calls the Counter ${counter.address} on ${node}; open`);
  console.log(`  ${page}?node=${node}&counter=${counter.address}`);
}
console.log('Ctrl-C stops the server');

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
