/// <reference lib="dom" />
// The explorer in a real browser (headless Chromium through playwright-core) against a fake node that speaks
// docs/rpc.md with real Sails encodings: blocks, a message in depth, live updates, and a signed call from the form.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { explorerAssets } from '@sprocket/explorer';
import { codecFromType, decodeTransaction, fromHex } from '@sprocket/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CounterDefinition } from '../../examples/counter/counter.gen.js';
import { launchChromium } from './browser.js';
import { type FakeNode, startFakeNode } from './fake-node.js';

const OUT = join(import.meta.dirname, '..', '.tmp', 'explorer');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let node: FakeNode;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(explorerAssets(), 'index.html')))
    throw new Error(`the explorer is not built (${explorerAssets()}): run \`npm run build\``);
  mkdirSync(OUT, { recursive: true });
  node = await startFakeNode();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.close();
});

async function open(viewport: { width: number; height: number }, hash = ''): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${node.url}${hash}`);
  await page.locator('.conn.open').waitFor({ timeout: 15_000 });
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

describe('explorer in Chromium', () => {
  it('loads without console errors under its own content security policy (no code generation is tried)', async () => {
    const page = await browser.newPage({ viewport: LAPTOP });
    const logged: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') logged.push(m.text());
    });
    page.on('pageerror', (e) => logged.push(e.message));
    await page.goto(`${node.url}#/actors`);
    await page.locator('.conn.open').waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Actors' }).waitFor({ timeout: 10_000 });
    expect(logged).toEqual([]);
    await page.close();
  });

  it('lists blocks with decoded messages, follows new blocks live, and opens a rollback in depth', async () => {
    const page = await open(LAPTOP);
    await page.getByRole('link', { name: 'Block #3' }).waitFor();
    const add = page.locator('tr', { hasText: 'Counter.Add' }).first();
    // The row shows its bytes until the code's IDL arrives; then the decoded arguments.
    await add.getByText('[2]').first().waitFor({ timeout: 10_000 });
    await expect(add.textContent()).resolves.toContain('[2]');
    await expect(add.locator('td[data-label="Reply"]').textContent()).resolves.toContain('7');
    await expect(add.locator('td[data-label="Reply"]').textContent()).resolves.toContain('Added(2)');
    const sub = page.locator('tr', { hasText: 'Counter.Sub' }).first();
    await expect(sub.textContent()).resolves.toContain('HANDLER_FAILED');
    await expect(sub.textContent()).resolves.toContain('rolled back');
    await expect(sub.locator('a.addr').first().textContent()).resolves.toBe('alice');
    await page.screenshot({ path: join(OUT, 'blocks-1280.png'), fullPage: true });

    // A block made elsewhere appears without a reload.
    node.externalAdd(3);
    await page.getByRole('link', { name: 'Block #4' }).waitFor({ timeout: 10_000 });
    await expect(page.locator('tr', { hasText: 'Counter.Add' }).first().textContent()).resolves.toContain('bob');

    // The failing Sub in depth: the sequence picture shows the rollback and the error reply.
    await sub.locator('td[data-label="Message"] a').click();
    await page.getByRole('heading', { level: 1, name: /Message/ }).waitFor();
    const svg = page.locator('svg.sequence');
    await expect(svg.textContent()).resolves.toContain('ROLLBACK');
    await expect(svg.textContent()).resolves.toContain('error HANDLER_FAILED');
    await page.getByText('1 rollback:').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(OUT, 'message-1280.png'), fullPage: true });
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('links a block to its neighbours (the head to none after it), and a height past the head to none', async () => {
    const page = await open(LAPTOP, '#/block/2');
    const pager = page.getByRole('navigation', { name: 'Neighbouring blocks' });
    await expect(pager.textContent()).resolves.toBe('← #1#3 →');
    await page.goto(`${node.url}#/block/3`);
    const inputs = page.getByRole('region', { name: 'Inputs' });
    await inputs.getByText('failed: VALUE_REJECTED').waitFor({ timeout: 10_000 });
    // The head block links back only: the block after it does not exist yet.
    const head = node.head();
    await page.goto(`${node.url}#/block/${head}`);
    await pager.getByText('newest block').waitFor({ timeout: 10_000 });
    await expect(pager.textContent()).resolves.toBe(`← #${head - 1}newest block`);
    await page.goto(`${node.url}#/block/999`);
    await page.getByRole('alert').waitFor({ timeout: 10_000 });
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Not found on this chain: block 999');
    expect(await pager.count()).toBe(0);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('validates the Add form like the CLI, signs the call, and shows the reply and the event', async () => {
    const page = await open(LAPTOP, `#/actor/${node.counter}`);
    await page.getByRole('heading', { level: 1, name: /Counter#1/ }).waitFor();
    // State through the argument-free query.
    await expect(page.locator('.kv', { hasText: 'Counter.Value' }).textContent()).resolves.toContain('10');
    // Every input of the call form has a label.
    const unlabeled = await page.locator('form.call-form').evaluate((form) =>
      Array.from(form.querySelectorAll('input, select'))
        .filter((e) => (e as HTMLInputElement).labels?.length === 0)
        .map((e) => e.id),
    );
    expect(unlabeled).toEqual([]);

    await page.getByLabel('Function').selectOption('Counter.Add');
    const value = page.getByLabel(/^value/);
    // Left empty: the message names the input and what it needs, and focus goes to it.
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Counter.Add: value is empty — enter a u32.');
    await expect(value.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    await page.getByText('Import a key').click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.locator('details.import [role=alert]').textContent()).resolves.toContain('Secret key is empty');
    await expect(page.getByLabel(/^Secret key/).evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    await page.getByText('Import a key').click();
    await value.fill('4294967296');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    const u32 = codecFromType({ kind: 'primitive', name: 'u32' });
    const expected = (() => {
      try {
        u32.fromJson(4294967296, 'Counter.Add.value');
        return 'no error';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(expected);
    expect(node.writes).toEqual([]);

    await value.fill('4');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.locator('.result.ok').waitFor({ timeout: 10_000 });
    await expect(page.locator('.result.ok').textContent()).resolves.toContain('14');
    await expect(page.locator('.result.ok').textContent()).resolves.toContain('Added(4)');
    await page.locator('.live-events', { hasText: 'Added(4)' }).waitFor({ timeout: 10_000 });

    expect(node.writes).toHaveLength(1);
    const w = node.writes[0]!;
    expect(w.method).toBe('message_call');
    expect(w.signatureValid).toBe(true);
    expect(w.signer).toBe(node.alice.address);
    const tx = decodeTransaction(fromHex(w.tx, 'tx'));
    expect(tx.call.kind).toBe('Call');
    // The form's bytes are exactly what the generated client encodes.
    const add = CounterDefinition.services[0]!.functions.find((f) => f.name === 'Add')!;
    expect(w.payload).toBe(`0x${Buffer.from(add.encodeCall([4])).toString('hex')}`);
    await page.screenshot({ path: join(OUT, 'actor-1280.png'), fullPage: true });
    await page.close();
  });

  it('builds nested arguments (struct, Vec, Map, Option, bytes, ids, enum with data, u64, u128) from the IDL', async () => {
    const page = await open(LAPTOP, `#/actor/${node.shapes}`);
    await page.getByRole('heading', { level: 1, name: /Shapes#1/ }).waitFor();
    await page.getByLabel('Function').selectOption('Shapes.Put');
    const alice = node.alice.address;
    const U128_MAX = '340282366920938463463374607431768211455';
    await page.getByLabel(/^order\.id/).fill('18446744073709551615');
    await page.getByRole('button', { name: 'Add an item to order.lines' }).click();
    await page.getByLabel(/^order\.lines\[0\]\.sku/).fill('apple');
    await page.getByLabel(/^order\.lines\[0\]\.qty/).fill('70000');
    await page.getByLabel(/^order\.memo/).fill('0x01020304');
    await page.getByLabel('note: set a value').check();
    await page.getByLabel(/^note value/).fill('hi');
    await page.getByRole('button', { name: 'Add an item to tags' }).click();
    await page.getByRole('button', { name: 'Add an item to tags' }).click();
    await page.getByLabel(/^tags\[0\]/).fill('x');
    await page.getByLabel(/^tags\[1\]/).fill('y');
    await page.getByRole('button', { name: 'Add an item to prices' }).click();
    await page.getByLabel(/^prices\[0\] key/).fill('apple');
    await page.getByLabel(/^prices\[0\] value/).fill(U128_MAX);
    await page.getByLabel(/^blob/).fill('0xdead');
    await page.getByLabel(/^to /).fill(alice);
    await page.getByLabel('kind: variant').selectOption('Split');
    await page.getByLabel(/^kind\.Split\.parts/).fill('3');
    await page.getByLabel('kind.Split.payer: set a value').check();
    await page.getByLabel(/^kind\.Split\.payer value/).fill(alice);

    // 70000 does not fit a u16: the page says so with the CLI's message and sends nothing.
    const writesBefore = node.writes.length;
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    const u16 = codecFromType({ kind: 'primitive', name: 'u16' });
    let cli = '';
    try {
      u16.fromJson(70000, 'Shapes.Put.order.lines[0].qty');
    } catch (e) {
      cli = (e as Error).message;
    }
    expect(cli).not.toBe('');
    await expect(page.getByRole('alert').textContent()).resolves.toBe(cli);
    expect(node.writes.length).toBe(writesBefore);
    await page.screenshot({ path: join(OUT, 'form-1280.png'), fullPage: true });

    await page.getByLabel(/^order\.lines\[0\]\.qty/).fill('2');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.locator('.result.ok').waitFor({ timeout: 10_000 });
    await expect(page.locator('.result.ok').textContent()).resolves.toContain('Stored');
    const w = node.writes[node.writes.length - 1]!;
    expect(w.signatureValid).toBe(true);
    expect(w.args).toEqual([
      { id: '18446744073709551615', lines: [{ sku: 'apple', qty: 2 }], memo: '0x01020304' },
      'hi',
      ['x', 'y'],
      [['apple', U128_MAX]],
      '0xdead',
      alice,
      { Split: { parts: 3, payer: alice } },
    ]);
    await page.close();
  });

  it('shows accounts with balances and codes with their IDL and a deploy form', async () => {
    const page = await open(LAPTOP, '#/accounts');
    // This fake node has no account_list: the page falls back to the accounts it knows, each balance from account_get.
    const alice = page.locator('tr', { hasText: 'alice' });
    await alice.locator('td[data-label="Balance"]', { hasText: /^\d+$/ }).waitFor({ timeout: 10_000 });
    await alice.getByRole('link', { name: 'alice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Account alice' }).waitFor();
    await page.getByText('The mailbox is empty.').waitFor();
    await page.screenshot({ path: join(OUT, 'account-1280.png'), fullPage: true });
    await page.getByRole('link', { name: 'Codes' }).click();
    await page.locator('.code-list a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Program Counter' }).waitFor();
    await expect(page.getByLabel('Constructor').inputValue()).resolves.toBe('Counter.New');
    await expect(page.getByLabel('start: set a value').isChecked()).resolves.toBe(false);
    await page.screenshot({ path: join(OUT, 'code-1280.png'), fullPage: true });
    await page.close();
  });

  it('works from the keyboard and at phone width', async () => {
    const page = await open(PHONE);
    await page.getByRole('link', { name: 'Block #3' }).waitFor();
    await page.screenshot({ path: join(OUT, 'blocks-390.png'), fullPage: false });
    // Tab to the skip link first, then along the navigation; Enter follows a link.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    let found = false;
    for (let i = 0; i < 6 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await page.evaluate(() => document.activeElement?.textContent)) === 'Actors';
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Actors' }).waitFor();
    // The table stacks into cards: no horizontal scrolling at 390 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(`${node.url}#/actor/${node.counter}`);
    await page.getByRole('heading', { level: 1, name: /Counter#1/ }).waitFor();
    await page.locator('.kv', { hasText: 'Counter.Value' }).waitFor();
    await page.screenshot({ path: join(OUT, 'actor-390.png'), fullPage: true });
    await page.goto(`${node.url}#/`);
    await page.locator('tr', { hasText: 'Counter.Sub' }).first().locator('td[data-label="Message"] a').click();
    await page.locator('svg.sequence').waitFor();
    await page.screenshot({ path: join(OUT, 'message-390.png'), fullPage: true });
    const firstMessage = await page.evaluate(async () => {
      const r = await fetch('./');
      return r.status;
    });
    expect(firstMessage).toBe(200);
    await page.close();
  });
});
