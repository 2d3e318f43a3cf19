// `npm run node`: a dev node (ws://127.0.0.1:9944/rpc) with examples deployed: Counter, Token and a CounterFactory
// that spawns counters from the uploaded Counter code. State lives in .sprocket/examples-node; the examples are
// deployed on the first start only. Stop it with Ctrl-C.
import { startNode } from '@sprocket/node';
import { type ActorId, type CodeId, DEV_ACCOUNT_NAMES, devAccount, type GeneratedActor, signTransaction, type TxCall } from '@sprocket/sdk';
import { CounterClient } from './counter/counter.gen.js';
import { CounterFactoryClient } from './factory/factory.gen.js';
import { bundleActor } from './node-bundle.js';
import { TokenClient } from './token/token.gen.js';

const port = Number(process.argv[2] ?? 9944);
const dataDir = '.sprocket/examples-node';
const started = await startNode({ dataDir, dev: true, port, blockTime: 1000 }).catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  // 9944 is also the default port of a Gear or Substrate node.
  if (code === 'EADDRINUSE')
    console.error(`npm run node: port ${port} is in use: stop what listens there, or pass another port (npm run node -- 9955)`);
  // Every `npm run node` of this clone shares one data directory, so a second one on another port is refused too.
  else if (code === 'NODE_LOCKED')
    console.error(`npm run node: ${dataDir} is in use by another \`npm run node\` of this clone: stop it first (Ctrl-C)`);
  else throw error;
  process.exit(1);
});
const { node } = started;
const alice = devAccount('alice');

async function write(call: TxCall): Promise<{ codeId?: CodeId; address?: ActorId }> {
  const nonce = node.admission.nextNonce(alice.address);
  const signed = signTransaction(alice, node.chainId, nonce, call);
  const { position } = await node.submit(Buffer.from(signed.tx.slice(2), 'hex'), Buffer.from(signed.signature.slice(2), 'hex'));
  const result = await node.executor.resultOf(position);
  if (result.error !== undefined) throw new Error(`${call.kind}: ${result.error.message}`);
  if (result.messageId !== undefined) {
    const reply = await node.reply(result.messageId);
    if (!reply.ok) throw new Error(`${call.kind}: ${reply.code} ${reply.reason}`);
  }
  return result;
}

async function deploy(
  file: string,
  actor: string,
  definition: GeneratedActor,
  args: unknown,
): Promise<{ codeId: CodeId; address: ActorId }> {
  const { codeId } = (await write({ kind: 'UploadCode', code: await bundleActor(file, actor) })) as { codeId: CodeId };
  const ctor = definition.constructors[0];
  if (ctor === undefined) throw new Error(`${actor} has no constructor`);
  const payload = ctor.encodeCall(ctor.argsFromJson(args));
  const { address } = await write({ kind: 'Deploy', codeId, payload, value: 0n, salt: new Uint8Array(), gasLimit: null });
  return { codeId, address: address as ActorId };
}

if (node.executor.system.actorIdsList().length === 0) {
  const counter = await deploy('examples/counter/counter.ts', 'Counter', CounterClient.definition, [0]);
  await deploy('examples/token/token.ts', 'Token', TokenClient.definition, [
    { name: 'Sprocket Token', symbol: 'SPR', decimals: 12 },
    '1000000000000000000',
  ]);
  await deploy('examples/factory/factory.ts', 'CounterFactory', CounterFactoryClient.definition, [counter.codeId]);
}

console.log(`dev accounts (prefunded; their keys are PUBLIC, for this dev node only): ${DEV_ACCOUNT_NAMES.join(', ')}`);
for (const address of node.executor.system.actorIdsList()) {
  const actor = node.executor.system.actor(address);
  console.log(`  ${(actor?.label ?? '').padEnd(16)} ${address}  code ${actor?.code.id}`);
}
// node:app and web-app default to port 9944: on another port they need the URL, or they miss this node.
const app = port === 9944 ? 'npm run node:app' : `npm run node:app -- ${started.url}`;
console.log(`sprocket node ready: ${started.url} (chain ${node.chainId}); try \`${app}\` in another terminal`);

const stop = (): void => {
  void started.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
