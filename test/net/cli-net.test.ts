// The node verbs of the CLI (deploy, call, send, query, events, balance, mailbox) against a fake node: argument
// parsing, usage errors (exit 2), remote and input errors (exit 1), and output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeTransaction, devAccount, fromHex, toHex } from '@sprocket/sdk';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../compiler-plugin/src/cli/main.js';
import { CODE_ID, COUNTER_ADDRESS, FakeNode } from './fake-node.js';

const repo = resolve(import.meta.dirname, '../..');
const IDL = 'examples/counter/counter.Counter.idl';
const tmp = mkdtempSync(join(tmpdir(), 'sprocket-cli-net-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let node: FakeNode;
beforeEach(async () => {
  node = await FakeNode.start();
});
afterEach(async () => {
  await node.stop();
});

async function run(args: string[], signal?: AbortSignal): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    cwd: repo,
    ...(signal === undefined ? {} : { signal }),
  });
  return { code, out, err };
}

describe('sprocket node verbs', () => {
  it('prints usage with exit 2 for missing or malformed arguments, and help with exit 0', async () => {
    const missing = await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Add']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Usage: sprocket call');
    const badAddress = await run(['balance', '0x12']);
    expect(badAddress.code).toBe(2);
    expect(badAddress.err).toContain('expected an address');
    const unsigned = await run(['send', COUNTER_ADDRESS, IDL, 'Counter.Add', '[1]', '--node', node.url]);
    expect(unsigned.code).toBe(2);
    expect(unsigned.err).toContain('--account');
    const badValue = await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Add', '[1]', '--account', 'alice', '--value', '-1']);
    expect(badValue.code).toBe(2);
    expect((await run(['deploy', '--bogus'])).code).toBe(2);
    const help = await run(['deploy', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--actor <Name>');
    expect((await run(['help', 'mailbox'])).out).toContain('Usage: sprocket mailbox');
    expect((await run(['--help'])).out).toContain('deploy <actor.ts>');
  });

  it('calls, queries and sends with JSON arguments and replies', async () => {
    const call = await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Add', '[5]', '--node', node.url, '--account', 'alice']);
    expect(call).toMatchObject({ code: 0, out: '5\n' });
    const query = await run(['query', COUNTER_ADDRESS, IDL, 'Counter.value', '[]', '--node', node.url]);
    expect(query).toMatchObject({ code: 0, out: '5\n' });
    const send = await run(['send', COUNTER_ADDRESS, IDL, 'Counter.Add', '[2]', '--node', node.url, '--account', 'bob']);
    expect(send.code).toBe(0);
    expect(send.out).toMatch(/^0x[0-9a-f]{64}\n$/);
    expect(node.count).toBe(7);
  });

  it('signs --gas-limit into calls and sends, and refuses 0 before anything is sent', async () => {
    const call = await run([
      'call',
      COUNTER_ADDRESS,
      IDL,
      'Counter.Add',
      '[1]',
      '--node',
      node.url,
      '--account',
      'alice',
      '--gas-limit',
      '123456',
    ]);
    expect(call.code).toBe(0);
    const send = await run([
      'send',
      COUNTER_ADDRESS,
      IDL,
      'Counter.Add',
      '[1]',
      '--node',
      node.url,
      '--account',
      'alice',
      '--gas-limit',
      '99',
    ]);
    expect(send.code).toBe(0);
    const signed = node.requests.filter((r) => r.method === 'message_call' || r.method === 'message_send');
    const limits = signed.slice(-2).map((r) => {
      const tx = decodeTransaction(fromHex(String((r.params as { tx: string }).tx)));
      return tx.call.kind === 'Call' || tx.call.kind === 'Send' ? tx.call.gasLimit : 'none';
    });
    expect(limits).toEqual([123456n, 99n]);
    const before = node.requests.length;
    const zero = await run([
      'call',
      COUNTER_ADDRESS,
      IDL,
      'Counter.Add',
      '[1]',
      '--node',
      node.url,
      '--account',
      'alice',
      '--gas-limit',
      '0',
    ]);
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('--gas-limit must be at least 1: a handler with no gas cannot run, got 0');
    expect(node.requests.length).toBe(before);
  });

  it('signs with a key file and refuses a bad one', async () => {
    const keyfile = join(tmp, 'key.json');
    writeFileSync(keyfile, JSON.stringify({ secretKey: toHex(devAccount('eve').secretKey) }));
    const ok = await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Add', '[1]', '--node', node.url, '--account', keyfile]);
    expect(ok.code).toBe(0);
    expect(node.lastNonce.has(devAccount('eve').address)).toBe(true);
    writeFileSync(keyfile, '{ "secretKey": "0x1234" }');
    const bad = await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Add', '[1]', '--node', node.url, '--account', keyfile]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('secretKey');
  });

  it('exits 1 with the node error or the input error, naming it', async () => {
    const underflow = await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Sub', '[1]', '--node', node.url, '--account', 'alice']);
    expect(underflow.code).toBe(1);
    expect(underflow.err).toContain('HANDLER_FAILED');
    expect(underflow.err).toContain('underflow: 0 - 1');
    const badJson = await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Add', '[-1]', '--node', node.url, '--account', 'alice']);
    expect(badJson.code).toBe(1);
    expect(badJson.err).toContain('Counter.Add.value');
    const unknown = await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Mul', '[1]', '--node', node.url, '--account', 'alice']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('has no function or event Mul');
    const notThere = await run(['query', `0x${'11'.repeat(32)}`, IDL, 'Counter.Value', '[]', '--node', node.url]);
    expect(notThere.code).toBe(1);
    expect(notThere.err).toContain('ACTOR_NOT_FOUND');
    expect(node.requests.filter((r) => r.method === 'message_call')).toHaveLength(1);
  });

  it('prints balances and mailboxes of addresses and dev names', async () => {
    expect(await run(['balance', 'alice', '--node', node.url])).toMatchObject({ code: 0, out: `${10n ** 21n}\n` });
    const mailbox = await run(['mailbox', devAccount('bob').address, '--node', node.url]);
    expect(mailbox.code).toBe(0);
    expect(JSON.parse(mailbox.out)).toMatchObject({ from: COUNTER_ADDRESS, payload: '0x0102', value: '5', block: 3 });
  });

  it('follows events as JSON lines until stopped', async () => {
    const stop = new AbortController();
    const running = run(['events', COUNTER_ADDRESS, IDL, '--node', node.url], stop.signal);
    for (let i = 0; i < 500 && node.subscriptionCount === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(node.subscriptionCount).toBe(1);
    await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Add', '[3]', '--node', node.url, '--account', 'alice']);
    await run(['call', COUNTER_ADDRESS, IDL, 'Counter.Add', '[4]', '--node', node.url, '--account', 'alice']);
    await new Promise((r) => setTimeout(r, 100));
    stop.abort();
    const { code, out } = await running;
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.service, l.event, l.data])).toEqual([
      ['Counter', 'Added', 3],
      ['Counter', 'Added', 4],
    ]);
  });

  it('refuses an events --from beyond the next block naming the flag (not the sdk option), exit 1', async () => {
    // The fake node's height is 1: its next block is 2.
    // Bounded: a command that followed instead would run until stopped.
    const { code, err } = await run(['events', COUNTER_ADDRESS, IDL, '--node', node.url, '--from', '5'], AbortSignal.timeout(10_000));
    expect(code).toBe(1);
    expect(err).toContain("--from 5 is beyond the node's next block, 2");
    expect(err).toContain('leave --from out');
    expect(err).not.toContain('fromBlock');
    expect(node.subscriptionCount).toBe(0);
  });

  it('warns, and follows anyway, when no actor is at the address it follows (a mistyped address)', async () => {
    const stop = new AbortController();
    const missing = `0x${'09'.repeat(32)}`;
    const running = run(['events', missing, IDL, '--node', node.url], stop.signal);
    for (let i = 0; i < 500 && node.subscriptionCount === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(node.subscriptionCount).toBe(1);
    stop.abort();
    const { code, err } = await running;
    expect(code).toBe(0);
    expect(err.split('\n')[0]).toBe(`sprocket events: no actor at ${missing} yet: is the address right? Following it anyway`);
    const known = new AbortController();
    const following = run(['events', COUNTER_ADDRESS, IDL, '--node', node.url], known.signal);
    const subscribed = () => node.requests.filter((r) => r.method === 'subscribe').length;
    for (let i = 0; i < 500 && subscribed() < 2; i++) await new Promise((r) => setTimeout(r, 10));
    known.abort();
    expect((await following).err).not.toContain('no actor');
  });

  it('deploys an actor file: bundles the chosen actor, uploads it, encodes the constructor, prints the address', async () => {
    const deployed = await run([
      'deploy',
      'examples/counter/counter.ts',
      '--actor',
      'Counter',
      '--args',
      '[7]',
      '--node',
      node.url,
      '--account',
      'alice',
    ]);
    expect(deployed.err).toContain('uploaded Counter');
    expect(deployed).toMatchObject({ code: 0, out: `${COUNTER_ADDRESS}\n` });
    expect(node.count).toBe(7);
    const upload = node.requests.find((r) => r.method === 'code_upload');
    const tx = decodeTransaction(fromHex(String(upload?.params.tx)));
    const text = tx.call.kind === 'UploadCode' ? new TextDecoder().decode(tx.call.code) : '';
    expect(text).toContain('require("@sprocket/sdk")');
    // Only the chosen class is exported (the file's other definitions may come along with the generated module).
    expect(text).toMatch(/Counter: \(\) => Counter/);
    expect(text).not.toMatch(/Relay: \(\) => Relay/);
    const several = await run(['deploy', 'examples/counter/counter.ts', '--node', node.url, '--account', 'alice']);
    expect(several.code).toBe(2);
    expect(several.err).toContain('--actor');
  });

  it('mine makes blocks through dev_mine and prints the height; a bad count is a usage error sent nowhere', async () => {
    let asked: unknown;
    node.overrides.set('dev_mine', (params) => {
      asked = params;
      return { height: 42 };
    });
    expect(await run(['mine', '3', '--node', node.url])).toMatchObject({ code: 0, out: '42\n' });
    expect(asked).toEqual({ blocks: 3 });
    expect(await run(['mine', '--node', node.url])).toMatchObject({ code: 0, out: '42\n' });
    expect(asked).toEqual({ blocks: 1 });
    const before = node.requests.length;
    for (const bad of ['0', '-1', 'x', '10001']) expect((await run(['mine', bad, '--node', node.url])).code).toBe(2);
    // The range a refusal gives is the range the verb takes: 0 blocks is not in it.
    expect((await run(['mine', 'x', '--node', node.url])).err).toContain(
      'the block count must be a decimal integer from 1 to 10000, got "x"',
    );
    expect((await run(['mine', '0', '--node', node.url])).err).toContain('the block count must be at least 1, got 0');
    expect((await run(['balance', 'alice', '--timeout', '0', '--node', node.url])).err).toContain(
      '--timeout must be at least 1: it is how long to wait for the node, got 0',
    );
    expect((await run(['balance', 'alice', '--timeout', 'soon', '--node', node.url])).err).toContain(
      '--timeout must be a decimal integer from 1 to 86400000, got "soon"',
    );
    expect(node.requests.length).toBe(before);
    expect((await run(['mine', '--help'])).out).toContain('Usage: sprocket mine [N] --node URL');
  });

  it('deploy --upload-only uploads the code and prints its CodeId, creating no actor; constructor flags are refused', async () => {
    const uploaded = await run([
      'deploy',
      'examples/counter/counter.ts',
      '--actor',
      'Counter',
      '--upload-only',
      '--node',
      node.url,
      '--account',
      'alice',
    ]);
    expect(uploaded).toMatchObject({ code: 0, out: `${CODE_ID}\n` });
    expect(uploaded.err).toContain('uploaded Counter');
    expect(node.requests.map((r) => r.method)).toContain('code_upload');
    expect(node.requests.map((r) => r.method)).not.toContain('actor_deploy');
    const withArgs = await run([
      'deploy',
      'examples/counter/counter.ts',
      '--actor',
      'Counter',
      '--upload-only',
      '--args',
      '[1]',
      '--node',
      node.url,
      '--account',
      'alice',
    ]);
    expect(withArgs.code).toBe(2);
    expect(withArgs.err).toContain('--args has no effect with --upload-only');
  });
});
