// A web page calls a contract: the example dApp (examples/web-app) built with vite, served, and opened in headless
// Chromium against a real node started here on port 0 with a Counter deployed. The page reads the value (a query),
// calls Add (signed in the browser, awaited), sends Add (fire-and-forget) and lists the Added events live; with a
// bad query string or a node that is down it says what is wrong. The build must not pull any Node module.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { type Connection, connect, devAccount, type MessageId } from '@sprocket/sdk';
import type { Browser, Page } from 'playwright-core';
import { build, type Plugin, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CounterClient } from '../examples/counter/counter.gen.js';
import { bundleActor } from '../examples/node-bundle.js';
import { launchChromium } from './explorer/browser.js';

const CONFIG = join(import.meta.dirname, '..', 'examples', 'web-app', 'vite.config.ts');
/** Every wait in the browser: generous for a loaded machine, always bounded. */
const WAIT = 30_000;

/** Records what the page's modules import, to find any Node built-in module in the browser bundle. */
function importRecorder(): { plugin: Plugin; imports: string[] } {
  const imports: string[] = [];
  const plugin: Plugin = {
    name: 'record-imports',
    enforce: 'pre',
    resolveId(source, importer) {
      imports.push(`${source} (from ${importer ?? 'the entry'})`);
      return null;
    },
  };
  return { plugin, imports };
}

const dataDir = mkdtempSync(join(tmpdir(), 'web-app-node-'));
const outDir = mkdtempSync(join(tmpdir(), 'web-app-dist-'));
const recorder = importRecorder();
let started: StartedNode | undefined;
let conn: Connection | undefined;
let counter: CounterClient<Promise<MessageId>> | undefined;
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let pageUrl = '';

beforeAll(async () => {
  started = await startNode({ dataDir, dev: true, port: 0, host: '127.0.0.1', blockTime: 0, verifyThreads: 0 });
  conn = connect(started.url, { account: devAccount('bob'), WebSocket });
  const code = await conn.uploadCode(await bundleActor('examples/counter/counter.ts', 'Counter'));
  counter = await CounterClient.deploy(conn, code, 'new', [5]);

  await build({ configFile: CONFIG, logLevel: 'silent', build: { outDir, emptyOutDir: true }, plugins: [recorder.plugin] });
  server = await preview({ configFile: CONFIG, logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  const address = server.httpServer.address() as AddressInfo;
  pageUrl = `http://127.0.0.1:${address.port}/`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  conn?.close();
  await started?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}, 60_000);

/** Opens the page with a query string; the errors the page throws are collected in `errors`. */
async function open(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (browser as Browser).newPage();
  page.setDefaultTimeout(WAIT);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${pageUrl}${query}`, { timeout: WAIT });
  return { page, errors };
}

/** A local port nothing listens on (a node that is down). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the web app example', () => {
  it('bundles the sdk and the generated client without any Node module', () => {
    expect(recorder.imports.some((i) => i.startsWith('@sprocket/sdk '))).toBe(true);
    expect(recorder.imports.filter((i) => isBuiltin(i.split(' ')[0] as string))).toEqual([]);
    const assets = readdirSync(join(outDir, 'assets'));
    const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(outDir, 'assets', f), 'utf8'));
    expect(js.length).toBeGreaterThan(0);
    expect(js.filter((text) => text.includes('__vite-browser-external'))).toEqual([]);
  });

  it('reads the counter, calls Add, sends Add and lists the Added events', async () => {
    const address = (counter as CounterClient<Promise<MessageId>>).address;
    const { page, errors } = await open(`?node=${(started as StartedNode).url}&counter=${address}`);
    await page.locator('#value', { hasText: /^5$/ }).waitFor();
    await expect(page.locator('#status').textContent()).resolves.toContain('signing as alice');

    // An awaited call, signed in the page: the reply, the new value and the event.
    await page.getByLabel('Amount').fill('3');
    await page.getByRole('button', { name: 'Add (call)' }).click();
    await page.locator('#result', { hasText: 'Add(3) replied 8' }).waitFor();
    await page.locator('#value', { hasText: /^8$/ }).waitFor();
    await page.locator('#events li', { hasText: 'Added(3)' }).waitFor();

    // Fire-and-forget: the MessageId at once, then the event, and the value follows it.
    await page.getByLabel('Amount').fill('4');
    await page.getByRole('button', { name: 'Add (send)' }).click();
    await page.locator('#result', { hasText: /^Sent Add\(4\): MessageId 0x[0-9a-f]{64}$/ }).waitFor();
    await page.locator('#events li', { hasText: 'Added(4)' }).waitFor();
    await page.locator('#value', { hasText: /^12$/ }).waitFor();
    await expect(page.locator('#events li').allTextContents()).resolves.toEqual(['Added(3)', 'Added(4)']);

    // The node holds what the page did, and alice (the page's account) signed it.
    await expect((counter as CounterClient<Promise<MessageId>>).value()).resolves.toBe(12);
    const alice = await (conn as Connection).accountState(devAccount('alice').address);
    expect(alice.nonce).toBe(2n);

    // A value the codec refuses is reported with its code, and nothing is sent.
    await page.getByLabel('Amount').fill('4294967296');
    await page.getByRole('button', { name: 'Add (call)' }).click();
    await page.locator('#error[data-code^="SCALE_"]').waitFor();
    await expect((counter as CounterClient<Promise<MessageId>>).value()).resolves.toBe(12);

    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('says what is missing from the query string', async () => {
    const address = (counter as CounterClient<Promise<MessageId>>).address;
    const noNode = await open(`?counter=${address}`);
    await noNode.page.locator('#status', { hasText: 'No node' }).waitFor();
    await expect(noNode.page.locator('#app').isHidden()).resolves.toBe(true);
    await noNode.page.close();

    const noCounter = await open(`?node=${(started as StartedNode).url}`);
    await noCounter.page.locator('#status', { hasText: 'No counter' }).waitFor();
    await noCounter.page.close();
  }, 60_000);

  it('shows the code and reason of a node that is down, an unknown actor and a malformed URL', async () => {
    const address = (counter as CounterClient<Promise<MessageId>>).address;
    const down = await open(`?node=ws://127.0.0.1:${await closedPort()}/rpc&counter=${address}`);
    await down.page.locator('#error[data-code="NODE_UNAVAILABLE"]', { hasText: 'cannot reach' }).waitFor();
    await expect(down.page.locator('#app').isHidden()).resolves.toBe(true);
    await down.page.close();

    const unknown = await open(`?node=${(started as StartedNode).url}&counter=0x${'ab'.repeat(32)}`);
    await unknown.page.locator('#error[data-code="ACTOR_NOT_FOUND"]').waitFor();
    await unknown.page.close();

    const malformed = await open(`?node=not-a-url&counter=${address}`);
    await malformed.page.locator('#error[data-code="SDK_BAD_URL"]', { hasText: 'not a node URL' }).waitFor();
    await malformed.page.close();
  }, 60_000);
});
