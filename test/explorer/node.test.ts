/// <reference lib="dom" />
// The explorer against a real Sprocket node (`@sprocket/node`): deploy the counter and the token with the CLI, call
// Add and Transfer through the forms, see the replies and events, and find the rollback of a failing call.
// Skips, saying why, when the node package is not installed in this tree.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devAccount } from '@sprocket/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';

const OUT = join(import.meta.dirname, '..', '.tmp', 'explorer');
const ROOT = join(import.meta.dirname, '..', '..');

interface RunningNode {
  readonly url: string;
  close(): Promise<void>;
}

type StartNode = (options: Record<string, unknown>) => Promise<unknown>;

/** The node package's start function, or why it cannot be used. */
async function findNode(): Promise<{ start: StartNode } | { reason: string }> {
  const name = '@sprocket/node';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(name)) as Record<string, unknown>;
  } catch (e) {
    return { reason: `${name} cannot be imported (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  const start = mod.startNode ?? mod.createNode;
  if (typeof start !== 'function') return { reason: `${name} exports no startNode/createNode (exports: ${Object.keys(mod).join(', ')})` };
  return { start: start as StartNode };
}

/** The HTTP base URL of a started node, from whatever the start function returned. */
function baseUrl(started: Record<string, unknown>): string {
  const raw = String(started.url ?? started.httpUrl ?? started.wsUrl ?? '');
  const m = /^(?:ws|http)(s?):\/\/([^/]+)/.exec(raw);
  if (m === null) throw new Error(`cannot tell the node's URL from ${JSON.stringify(Object.keys(started))}`);
  return `http${m[1]}://${m[2]}/`;
}

/** Runs the CLI without blocking this process: the node under test runs in it and must keep answering. */
function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'compiler-plugin', 'bin', 'sprocket.js'), ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`sprocket ${args.join(' ')} failed (${error.code}): ${stderr}${stdout}`));
        else resolve(stdout);
      },
    );
  });
}

async function deploy(node: string, file: string, actor: string, ctorArgs: string): Promise<string> {
  const ws = `${node.replace(/^http/, 'ws')}rpc`;
  const out = await cli(['deploy', file, '--actor', actor, '--ctor', 'New', '--args', ctorArgs, '--node', ws, '--account', 'alice']);
  const address = /0x[0-9a-fA-F]{64}/.exec(out)?.[0];
  if (address === undefined) throw new Error(`no address in the deploy output: ${out}`);
  return address;
}

const found = await findNode();
let node: RunningNode | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (!('start' in found)) return;
  mkdirSync(OUT, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'explorer-node-'));
  const started = (await found.start({ port: 0, host: '127.0.0.1', dev: true, blockTime: 0, data: dataDir, dataDir })) as Record<
    string,
    unknown
  >;
  const close = started.close ?? started.stop;
  node = { url: baseUrl(started), close: async () => void (await (close as () => Promise<void>).call(started)) };
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await node?.close();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

async function open(hash: string): Promise<Page> {
  const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${(node as RunningNode).url}${hash}`);
  await page.locator('.conn.open').waitFor({ timeout: 15_000 });
  return page;
}

describe('explorer on a real node', () => {
  it('deploys the examples, calls Add and Transfer through the forms, and shows a rollback', async (ctx) => {
    if (!('start' in found)) {
      console.log(`explorer node test skipped: ${found.reason}`);
      ctx.skip();
      return;
    }
    const url = (node as RunningNode).url;
    const counter = await deploy(url, 'examples/counter/counter.ts', 'Counter', '[5]');
    const token = await deploy(url, 'examples/token/token.ts', 'Token', '[{"name":"Sprocket","symbol":"SPR","decimals":12},"1000000"]');

    // Counter.Add through the form: the reply and the Added event.
    const page = await open(`#/actor/${counter}`);
    await page.getByLabel('Function').selectOption('Counter.Add');
    await page.getByLabel(/^value/).fill('2');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.locator('.result.ok').waitFor({ timeout: 20_000 });
    await expect(page.locator('.result.ok').textContent()).resolves.toContain('7');
    await page.locator('.live-events', { hasText: 'Added(2)' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(OUT, 'node-counter-1280.png'), fullPage: true });

    // A failing Sub: the error is shown, and its message view tells the rollback.
    await page.getByLabel('Function').selectOption('Counter.Sub');
    await page.getByLabel(/^value/).fill('1000');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.locator('.result.err').waitFor({ timeout: 20_000 });
    await page.goto(`${url}#/`);
    const row = page.locator('tr', { hasText: 'Counter.Sub' }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.locator('td[data-label="Message"] a').click();
    await expect(page.locator('svg.sequence').textContent()).resolves.toContain('ROLLBACK');
    await page.screenshot({ path: join(OUT, 'node-rollback-1280.png'), fullPage: true });

    // Token.Transfer to bob: the reply and the Transferred event.
    await page.goto(`${url}#/actor/${token}`);
    await page.getByLabel('Function').selectOption('Token.Transfer');
    await page.getByLabel(/^to /).fill(devAccount('bob').address);
    await page.getByLabel(/^amount/).fill('250');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.locator('.result.ok').waitFor({ timeout: 20_000 });
    await expect(page.locator('.result.ok').textContent()).resolves.toContain('"ok"');
    await page.locator('.live-events', { hasText: 'Transferred' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(OUT, 'node-token-1280.png'), fullPage: true });
    await page.close();
  }, 300_000);
});
