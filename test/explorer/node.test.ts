/// <reference lib="dom" />
// The explorer against a real Sprocket node (`@sprocket/node`): deploy the counter and the token with the CLI, call
// Add and Transfer through the forms, see the replies and events, find the rollback of a failing call, open a code
// that was uploaded and never deployed; every view opened by its link at phone and laptop widths, with no
// horizontal overflow and a name on every input. Skips, saying why, when the node package is not installed.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devAccount, signTransaction } from '@sprocket/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleActor } from '../../examples/node-bundle.js';
import { launchChromium } from './browser.js';

const OUT = join(import.meta.dirname, '..', '.tmp', 'explorer');
const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1366, height: 768 };
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

async function deploy(node: string, file: string, actor: string, ctorArgs?: string): Promise<string> {
  const ws = `${node.replace(/^http/, 'ws')}rpc`;
  const ctor = ctorArgs === undefined ? [] : ['--ctor', 'New', '--args', ctorArgs];
  const out = await cli(['deploy', file, '--actor', actor, ...ctor, '--node', ws, '--account', 'alice']);
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

async function open(hash: string, viewport = LAPTOP): Promise<Page> {
  const page = await (browser as Browser).newPage({ viewport });
  await page.goto(`${(node as RunningNode).url}${hash}`);
  await page.locator('.conn.open').waitFor({ timeout: 15_000 });
  return page;
}

/** Sends one JSON-RPC request over HTTP (for what the test sets up without the page). */
async function post(method: string, params: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${(node as RunningNode).url}rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: Record<string, unknown>; error?: unknown };
  if (body.result === undefined) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** What a person would notice at once: content wider than the screen, or an input a screen reader cannot name. */
async function problems(page: Page): Promise<{ overflow: number; unnamed: string[] }> {
  return page.evaluate(() => {
    const el = document.scrollingElement as Element;
    const named = (e: Element): boolean => {
      const input = e as HTMLInputElement;
      if ((input.labels?.length ?? 0) > 0) return true;
      if ((e.getAttribute('aria-label') ?? '').trim() !== '') return true;
      const by = e.getAttribute('aria-labelledby');
      if (by?.split(/\s+/).some((id) => (document.getElementById(id)?.textContent ?? '').trim() !== '')) return true;
      return (e.getAttribute('title') ?? '').trim() !== '';
    };
    const unnamed = Array.from(document.querySelectorAll('input, select, textarea'))
      .filter((e) => (e as HTMLInputElement).type !== 'hidden' && !named(e))
      .map((e) => e.outerHTML.slice(0, 120));
    return { overflow: el.scrollWidth - window.innerWidth, unnamed };
  });
}

/** Opens a view by its link in a fresh page at both widths: its heading shows, nothing overflows, every input is named. */
async function checkView(name: string, hash: string, heading: RegExp, ready: string): Promise<void> {
  for (const viewport of [PHONE, LAPTOP]) {
    const page = await open(hash, viewport);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 20_000 });
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    const found = await problems(page);
    const seen = { view: name, width: viewport.width, overflow: Math.max(0, found.overflow), unnamed: found.unnamed };
    expect(seen).toEqual({ view: name, width: viewport.width, overflow: 0, unnamed: [] });
    await page.screenshot({ path: join(OUT, `node-${name}-${viewport.width}.png`), fullPage: true });
    await page.close();
  }
}

describe('explorer on a real node', () => {
  it('deploys the examples, calls Add and Transfer through the forms, and shows a rollback', async () => {
    // @sprocket/node is a workspace of this repository: a node that cannot start is a failure, not a reason to skip.
    if (!('start' in found)) expect.fail(`the explorer's node test needs a node: ${found.reason}`);
    const url = (node as RunningNode).url;
    const counter = await deploy(url, 'examples/counter/counter.ts', 'Counter', '[5]');
    const token = await deploy(url, 'examples/token/token.ts', 'Token', '[{"name":"Sprocket","symbol":"SPR","decimals":12},"1000000"]');

    // Counter.Add through the form: the reply and the Added event.
    const page = await open(`#/actor/${counter}`);
    await page.getByLabel('Function').selectOption('Counter.Add');
    // The argument named `value` and the value sent with the message are told apart by their labels.
    await expect(page.getByLabel(/value/i).count()).resolves.toBe(2);
    await expect(page.getByLabel('Value to send with the message (u128, optional)').count()).resolves.toBe(1);
    // Enter in a field submits the form with its first button, Call.
    await page.getByLabel(/^value/).fill('2');
    await page.getByLabel(/^value/).press('Enter');
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
    await row.locator('.badge.warn', { hasText: 'rolled back' }).waitFor({ timeout: 20_000 });
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
    // The token's fields, as the node holds them, after the call: bob's balance is in the balances Map.
    await page.locator('.state-fields', { hasText: devAccount('bob').address }).waitFor({ timeout: 20_000 });
    await expect(page.locator('.state-fields').textContent()).resolves.toMatch(/"supply": "1000000"/);
    await page.screenshot({ path: join(OUT, 'node-token-1280.png'), fullPage: true });

    // A call that makes the Relay call the Counter: the message view lists what its handler sent, with the reply.
    const relay = await deploy(url, 'examples/counter/counter.ts', 'Relay');
    await page.goto(`${url}#/actor/${relay}`);
    await page.getByLabel('Function').selectOption('Relay.AddTo');
    await page.getByLabel(/^peer/).fill(counter);
    await page.getByLabel(/^value/).fill('3');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.locator('.result.ok').waitFor({ timeout: 20_000 });
    await expect(page.locator('.result.ok').textContent()).resolves.toContain('10');
    await page.goto(`${url}#/`);
    await page.locator('tr', { hasText: 'Relay.AddTo' }).first().locator('td[data-label="Message"] a').click();
    const sentBy = page.locator('section', { has: page.getByRole('heading', { name: 'Messages it sent' }) });
    await expect(sentBy.locator('tbody tr').textContent()).resolves.toMatch(/Relay.*Counter.*Counter\.Add.*ok.*10/);
    await expect(page.locator('svg.sequence').textContent()).resolves.toContain('Counter.Add');
    await page.screenshot({ path: join(OUT, 'node-relay-1366.png'), fullPage: true });

    // A code uploaded and never deployed shows in the codes view, and opens with its IDL and a deploy form.
    const info = await post('node_info', {});
    const bob = devAccount('bob');
    const upload = signTransaction(bob, String(info.chainId), 0n, {
      kind: 'UploadCode',
      code: await bundleActor('examples/auction/auction.ts', 'Auction'),
    });
    const { codeId } = (await post('code_upload', upload)) as { codeId: string };
    await page.goto(`${url}#/codes`);
    const unused = page.locator('tr', { hasText: 'not deployed' });
    await expect(unused.textContent()).resolves.toContain('Auction');
    await unused.locator('td[data-label="Code"] a').click();
    await page.getByRole('heading', { level: 2, name: 'Program Auction' }).waitFor({ timeout: 20_000 });
    await expect(page.locator('pre.idl').textContent()).resolves.toContain('service Auction');

    // The failing Sub's message view, opened by its link: the rollback is listed with its reason.
    const head = (await post('chain_head', {})).height as number;
    await page.close();

    let subId: string | undefined;
    let subBlock = 0;
    for (let h = 1; h <= head && subId === undefined; h++) {
      const b = (await post('chain_block', { height: h })) as { messages: { messageId: string; route: string | null }[] };
      const m = b.messages.find((x) => x.route === 'Counter.Sub');
      if (m !== undefined) {
        subId = m.messageId;
        subBlock = h;
      }
    }
    expect(subId).toBeDefined();
    const message = await open(`#/message/${subId}`);
    const rollbacks = message.locator('section', { has: message.getByRole('heading', { name: 'Rollbacks' }) });
    await expect(rollbacks.textContent()).resolves.toMatch(/Counter\.Sub.*HANDLER_FAILED.*underflow/);
    await expect(message.locator('svg.sequence').textContent()).resolves.toContain('ROLLBACK');
    await message.close();

    // Every view opened directly by its link, at 375 and 1366 pixels.
    const alice = devAccount('alice').address;
    await checkView('blocks', '#/', /Blocks/, 'tbody tr');
    await checkView('block', `#/block/${subBlock}`, new RegExp(`Block #${subBlock}`), 'tbody tr');
    await checkView('message', `#/message/${subId}`, /Message/, 'svg.sequence');
    await checkView('actors', '#/actors', /Actors/, 'tbody tr');
    await checkView('actor', `#/actor/${token}`, /Token/, 'form.call-form');
    await checkView('accounts', '#/accounts', /Accounts/, 'tbody tr');
    await checkView('account', `#/account/${alice}`, /Account alice/, 'dl.kv');
    await checkView('codes', '#/codes', /Codes/, 'tbody tr');
    await checkView('code', `#/code/${codeId}`, /Code/, 'form.call-form');
  }, 300_000);
});
