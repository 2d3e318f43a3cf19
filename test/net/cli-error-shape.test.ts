// Every `sprocket` command prints a failure in one shape: `sprocket <command>: <CODE>: <message>`, then `hint: …`
// when there is one, or the usage after a usage error (docs/errors.md, "How the CLI prints an error").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../compiler-plugin/src/cli/main.js';
import { COUNTER_ADDRESS, FakeNode } from './fake-node.js';

const repo = resolve(import.meta.dirname, '../..');
const IDL = 'examples/counter/counter.Counter.idl';
const tmp = mkdtempSync(join(tmpdir(), 'sprocket-cli-shape-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let node: FakeNode;
beforeEach(async () => {
  node = await FakeNode.start();
});
afterEach(async () => {
  await node.stop();
});

async function run(...args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(args, { stdout: () => {}, stderr: (t) => (err += t), cwd: repo });
  return { code, err };
}

/** The first line of stderr, split into the shape's parts (undefined when it does not have the shape). */
function shape(err: string): { command: string | undefined; code: string; message: string } | undefined {
  const m = /^sprocket(?: ([a-z]+(?: [a-z]+)?))?: ([A-Z][A-Z0-9_]+): (\S.*)$/.exec(err.split('\n')[0] ?? '');
  return m === null ? undefined : { command: m[1], code: m[2] as string, message: m[3] as string };
}

describe('the CLI prints every failure as `sprocket <command>: <CODE>: <message>`', () => {
  it('for usage errors of each command, followed by a blank line and the usage (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], 'unknown command frobnicate'],
      [['gen', '--check', '--watch'], '--check and --watch cannot be combined'],
      [['deploy', 'a.ts', 'b.ts'], 'expected one actor file'],
      [['call', COUNTER_ADDRESS, IDL, 'Add', '[1]', '--node', node.url, '--account', 'alice'], 'did you mean Counter.Add?'],
      [['send', COUNTER_ADDRESS, IDL, 'Counter.Add', '[1]', '--node', node.url], '--account'],
      [['query', '0x12', IDL, 'Counter.Value', '--node', node.url], 'expected an address'],
      [['events', COUNTER_ADDRESS], 'expected <address> <actor.ts|file.idl>'],
      [['balance'], 'expected one address or dev account name'],
      [['mailbox', 'alice', '--bogus'], 'bogus'],
      // A value that starts with a dash: the option and the value are named, with how to write it.
      [
        ['call', COUNTER_ADDRESS, IDL, 'Counter.Add', '[1]', '--node', node.url, '--account', 'alice', '--value', '-5'],
        '--value needs a value, and "-5" after it starts with a dash: write --value=-5 if that is the value',
      ],
      [['events', COUNTER_ADDRESS, IDL, '--from', '-1'], '--from needs a value, and "-1" after it starts with a dash'],
      [['client', IDL, '-o', '-x'], 'write -o-x if that is the value'],
      [['init'], 'expected exactly one <dir>'],
    ];
    for (const [args, text] of cases) {
      const r = await run(...args);
      const command = args[0] === 'frobnicate' ? undefined : args[0];
      expect(r.code, args.join(' ')).toBe(2);
      expect(shape(r.err), r.err).toMatchObject({ command, code: 'CLI_USAGE' });
      expect(r.err.split('\n')[0]).toContain(text);
      expect(r.err.split('\n').slice(1, 3)).toEqual(['', expect.stringMatching(/^Usage: sprocket/)]);
    }
    // `sprocket node` (its own package) prints an unknown option, or a bad option value, the same way, under its own code.
    for (const args of [
      ['node', '--bogus'],
      ['node', '--port', 'x'],
      ['node', '--max-frame', '10'],
      ['node', 'verify', '--dev'],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(shape(r.err), r.err).toMatchObject({ command: 'node', code: 'NODE_BAD_OPTION' });
      expect(r.err.split('\n').slice(1, 3), args.join(' ')).toEqual(['', expect.stringMatching(/^Usage: sprocket node/)]);
    }
  });

  it('has the help say what a command takes: `events --from`, the least `--max-frame`', async () => {
    let out = '';
    const help = async (...args: string[]) => {
      out = '';
      expect(await main(args, { stdout: (t) => (out += t), stderr: () => {}, cwd: repo })).toBe(0);
      return out;
    };
    expect(await help('--help')).toMatch(/^ {2}events <address> .*--from <block>/m);
    expect(await help('node', '--help')).toMatch(/--max-frame <BYTES> .*at least 1024/);
  });

  it('for input, file and node errors of each command (exit 1)', async () => {
    writeFileSync(join(tmp, 'stray.txt'), 'x');
    const cases: [string[], string, string][] = [
      [['gen', 'no/such/dir'], 'CLI_NOT_FOUND', 'no/such/dir: no such file or directory'],
      [['idl', 'no-such.ts'], 'CLI_NOT_FOUND', 'no-such.ts'],
      // A directory where one file is taken: said so, not Node's EISDIR stack trace.
      [['idl', 'examples/counter'], 'CLI_IS_DIRECTORY', 'examples/counter: is a directory; give one file'],
      [['client', 'examples/counter'], 'CLI_IS_DIRECTORY', 'examples/counter: is a directory'],
      [['encode', 'examples/counter', 'Counter.Add', '[1]'], 'CLI_IS_DIRECTORY', 'examples/counter: is a directory'],
      [['init', join(tmp, 'stray.txt')], 'CLI_WRITE_FAILED', 'a file, not a directory'],
      [['encode', IDL, 'Counter.Add', '[-1]'], 'SCALE_RANGE', 'Counter.Add.value'],
      [['decode', IDL, 'Counter.Add', '0x00'], 'SCALE_SHORT_INPUT', 'header'],
      [['call', COUNTER_ADDRESS, IDL, 'Counter.Sub', '[1]', '--node', node.url, '--account', 'alice'], 'HANDLER_FAILED', 'underflow'],
      [['call', COUNTER_ADDRESS, IDL, 'Counter.Mul', '[1]', '--node', node.url, '--account', 'alice'], 'CLI_UNKNOWN_FUNCTION', 'Mul'],
      [['query', `0x${'11'.repeat(32)}`, IDL, 'Counter.Value', '--node', node.url], 'ACTOR_NOT_FOUND', 'no actor there'],
      [['init', tmp], 'CLI_INIT_NOT_EMPTY', 'not empty'],
      [['node', '--port', 'x'], 'NODE_BAD_OPTION', '--port'],
    ];
    for (const [args, code, text] of cases) {
      const r = await run(...args);
      expect(r.code, `${args.join(' ')}\n${r.err}`).toBeGreaterThanOrEqual(1);
      expect(shape(r.err), r.err).toMatchObject({ command: args[0], code });
      expect(shape(r.err)?.message).toContain(text);
      // The code is not repeated inside the message (a CallError's own message starts with it).
      expect(shape(r.err)?.message.startsWith(`${code}:`)).toBe(false);
    }
  });
});
