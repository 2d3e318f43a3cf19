// A start that fails at listen (a --host that is no address of this machine) leaves behind no data directory it
// made, nor the files it put in an empty one, and never touches a directory that already held a chain.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNodeCli } from './cli.js';
import { SprocketNode } from './node.js';

// TEST-NET-1 (RFC 5737): never an address of this machine, so listening on it fails with EADDRNOTAVAIL.
const FOREIGN_HOST = '192.0.2.1';
const root = mkdtempSync(join(tmpdir(), 'sprocket-start-'));

async function failedStart(data: string): Promise<string> {
  const err: string[] = [];
  const code = await runNodeCli(['--data', data, '--port', '0', '--host', FOREIGN_HOST], { out: () => undefined, err: (l) => err.push(l) });
  expect(code).toBe(1);
  return err.join('\n');
}

describe('a start that fails at listen', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('removes the data directory it made, and the parents it made for it', async () => {
    const data = join(root, 'made', 'for', 'this');
    expect(await failedStart(data)).toContain(`hint: --host ${FOREIGN_HOST} is not an address of this machine`);
    expect(existsSync(join(root, 'made'))).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  it('takes back only the files it put in a directory that was there, holding no chain', async () => {
    const data = join(root, 'empty');
    mkdirSync(data);
    writeFileSync(join(data, 'notes.txt'), 'mine');
    await failedStart(data);
    expect(readdirSync(data)).toEqual(['notes.txt']);
  });

  it('leaves a directory that holds a chain as it was', async () => {
    const data = join(root, 'chain');
    const node = await SprocketNode.open({ dataDir: data, blockTime: 0 });
    const height = node.executor.height;
    await node.close();
    const before = readdirSync(data).sort();
    await failedStart(data);
    expect(readdirSync(data).sort()).toEqual(before);
    const reopened = await SprocketNode.open({ dataDir: data, blockTime: 0 });
    expect(reopened.executor.height).toBe(height);
    await reopened.close();
  });
});
