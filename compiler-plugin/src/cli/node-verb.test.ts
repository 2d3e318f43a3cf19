import { describe, expect, it } from 'vitest';
import { nodeVerb } from './node-verb.js';

const silent = { stdout: () => undefined, stderr: () => undefined };

describe('sprocket node without @sprocket/node', () => {
  it('fails with CLI_NODE_MISSING and a hint that works while the package is unpublished', async () => {
    const missing = Object.assign(new Error("Cannot find package '@sprocket/node'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const failure = nodeVerb(['--dev'], silent, () => Promise.reject(missing));
    await expect(failure).rejects.toMatchObject({ code: 'CLI_NODE_MISSING' });
    const hint = ((await failure.catch((error: unknown) => error)) as { hint?: string }).hint ?? '';
    expect(hint).toMatch(/in a Sprocket clone/);
    expect(hint).not.toMatch(/^npm install @sprocket\/node/);
  });

  it('passes any other load failure through', async () => {
    const broken = new SyntaxError('Unexpected token');
    await expect(nodeVerb([], silent, () => Promise.reject(broken))).rejects.toBe(broken);
  });

  it('runs the package CLI with the arguments, printing through the CLI streams', async () => {
    const lines: string[] = [];
    const io = { stdout: (t: string) => lines.push(`out ${t}`), stderr: (t: string) => lines.push(`err ${t}`) };
    const runNodeCli = async (argv: readonly string[], cli: { out(l: string): void; err(l: string): void }) => {
      cli.out(argv.join(' '));
      cli.err('e');
      return 3;
    };
    expect(await nodeVerb(['--port', '0'], io, () => Promise.resolve({ runNodeCli }))).toBe(3);
    expect(lines).toEqual(['out --port 0\n', 'err e\n']);
  });
});
