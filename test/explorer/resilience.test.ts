/// <reference lib="dom" />
// The explorer when the node goes away and comes back (the same chain, or a fresh one) and when an event carries a
// very long string or a right-to-left override: a view opened while the node is away loads once it is back, a reset
// chain replaces the old one's blocks, a long event stays within its table row, and an override shows as an escape.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { explorerAssets } from '@sprocket/explorer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { type FakeNode, startFakeNode } from './fake-node.js';

const LAPTOP = { width: 1280, height: 800 };

let node: FakeNode;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(explorerAssets(), 'index.html')))
    throw new Error(`the explorer is not built (${explorerAssets()}): run \`npm run build\``);
  node = await startFakeNode();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.close();
});

async function open(hash = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: LAPTOP });
  await page.goto(`${node.url}${hash}`);
  await page.locator('.conn.open').waitFor({ timeout: 15_000 });
  return page;
}

// Each test leaves the node reachable, whatever it asserted.
describe('explorer when the node goes away', () => {
  it('loads a view opened while the node was away once the node is back', async () => {
    const page = await open('#/');
    await page
      .getByRole('link', { name: /^Block #\d+$/ })
      .first()
      .waitFor({ timeout: 10_000 });
    try {
      node.setReachable(false);
      await page.locator('.conn.closed').waitFor({ timeout: 10_000 });
      // Let a reconnect attempt fail while the view's request waits, as it does for a stopped node.
      await page.evaluate(() => {
        location.hash = '#/codes';
      });
      await page.getByText('Node unreachable, retrying… the codes will load when the node is back.').waitFor({ timeout: 5_000 });
      await page.waitForTimeout(600);
    } finally {
      node.setReachable(true);
    }
    await page.locator('.conn.open').waitFor({ timeout: 15_000 });
    await page.locator('.code-list a').first().waitFor({ timeout: 10_000 });
    await expect(page.getByText('Loading the codes…').count()).resolves.toBe(0);
    await expect(page.locator('.unreachable').count()).resolves.toBe(0);
    await page.close();
  });

  it('reloads a view whose request failed when the node went away, once the node is back', async () => {
    const page = await open('#/');
    const link = await page.locator('a[href^="#/message/"]').first().getAttribute('href');
    expect(link).toMatch(/^#\/message\/0x/);
    try {
      // The node takes the request and goes away before answering it: the view's request fails.
      node.setStalled(true);
      await page.evaluate((h) => {
        location.hash = h;
      }, link as string);
      await page.getByText(/^Loading message 0x/).waitFor({ timeout: 5_000 });
      node.setReachable(false);
      await page.locator('.conn.closed').waitFor({ timeout: 10_000 });
      await page
        .getByText(/^Node unreachable, retrying… message 0x[0-9a-f]+ will load when the node is back\.$/)
        .waitFor({ timeout: 5_000 });
    } finally {
      node.setStalled(false);
      node.setReachable(true);
    }
    await page.locator('.conn.open').waitFor({ timeout: 15_000 });
    // Loaded by itself: nobody pressed reload.
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 10_000 });
    await expect(page.getByText(/Could not load/).count()).resolves.toBe(0);
    await expect(page.locator('.unreachable').count()).resolves.toBe(0);
    await page.close();
  });

  it("replaces a reset chain's blocks and height with the new chain's", async () => {
    const page = await open('#/');
    const before = await page
      .getByRole('link', { name: /^Block #\d+$/ })
      .first()
      .textContent();
    expect(before).not.toBe('Block #0');
    try {
      node.setReachable(false);
      await page.locator('.conn.closed').waitFor({ timeout: 10_000 });
      node.resetChain();
    } finally {
      node.setReachable(true);
    }
    await page.locator('.conn.open').waitFor({ timeout: 15_000 });
    await page.locator('.conn', { hasText: '#0' }).waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: before as string }).waitFor({ state: 'detached', timeout: 10_000 });
    await expect(page.getByRole('link', { name: /^Block #\d+$/ }).allTextContents()).resolves.toEqual(['Block #0']);
    await page.close();
  });

  it("reloads an open actor's page after a reset, showing the new chain's state", async () => {
    node.externalAdd(5);
    const page = await open(`#/actor/${node.counter}`);
    const value = page.locator('dt:text-is("Counter.Value") + dd');
    await value.waitFor({ timeout: 10_000 });
    const before = Number(await value.textContent());
    expect(before).toBeGreaterThanOrEqual(5);
    try {
      node.setReachable(false);
      await page.locator('.conn.closed').waitFor({ timeout: 10_000 });
      node.resetChain();
    } finally {
      node.setReachable(true);
    }
    await page.locator('.conn.open').waitFor({ timeout: 15_000 });
    // The fresh chain's counter starts at 0: the page asked again without being told to.
    await page.locator('dt:text-is("Counter.Value") + dd', { hasText: /^0$/ }).waitFor({ timeout: 10_000 });
    await page.close();
  });

  it("reloads an open message's page after a reset, saying the old chain's message is not found on this one", async () => {
    // A message on the current chain (an earlier test may have left it with its genesis block only).
    node.externalAdd(1);
    const page = await open('#/');
    const link = await page.locator('a[href^="#/message/"]').first().getAttribute('href');
    await page.evaluate((h) => {
      location.hash = h;
    }, link as string);
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 10_000 });
    try {
      node.setReachable(false);
      await page.locator('.conn.closed').waitFor({ timeout: 10_000 });
      node.resetChain();
    } finally {
      node.setReachable(true);
    }
    await page.getByText(/^Not found on this chain: message 0x[0-9a-f]+\./).waitFor({ timeout: 15_000 });
    await expect(page.getByRole('heading', { name: 'Summary' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('says an open actor is not found on this chain after a reset that it did not survive', async () => {
    const page = await open(`#/actor/${node.shapes}`);
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 10_000 });
    try {
      node.setReachable(false);
      await page.locator('.conn.closed').waitFor({ timeout: 10_000 });
      node.resetChain();
      node.setActorsGone(true);
      node.setReachable(true);
      await page.locator('.conn.open').waitFor({ timeout: 15_000 });
      await page.getByText('Not found on this chain: the actor.').waitFor({ timeout: 10_000 });
      await expect(page.getByRole('heading', { name: 'Summary' }).count()).resolves.toBe(0);
    } finally {
      node.setActorsGone(false);
      node.setReachable(true);
    }
    await page.close();
  });
});

describe('explorer when the node fails', () => {
  it('offers to try a view again after the node answered with an error, and loads it on request', async () => {
    node.externalAdd(1);
    const page = await open('#/');
    const link = await page.locator('a[href^="#/message/"]').first().getAttribute('href');
    node.failNext('message_get');
    await page.evaluate((h) => {
      location.hash = h;
    }, link as string);
    await page.getByText(/^Could not load message 0x[0-9a-f]+: the node failed \(once\)$/).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 10_000 });
    await expect(page.getByText(/Could not load/).count()).resolves.toBe(0);
    await page.close();
  });
});

describe('explorer with hostile values', () => {
  it('clamps an event with a very long string in the block list, keeping its full text in the title', async () => {
    // Made before the page opens, so it comes with the page's first load rather than racing its subscription.
    const text = `<b>${'L'.repeat(20_000)}</b>`;
    node.externalNote(text);
    const page = await open('#/');
    const chip = page.locator('td[data-label="Reply"] .event-chip', { hasText: 'Noted' }).first();
    await chip.waitFor({ timeout: 10_000 });
    const box = await chip.boundingBox();
    // Three lines of monospace text: far below the thousands of pixels the whole string takes.
    expect(box?.height ?? Number.POSITIVE_INFINITY).toBeLessThan(100);
    await expect(chip.getAttribute('title')).resolves.toContain(text);
    await expect(page.locator('b', { hasText: 'LLLL' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('shows a right-to-left override in an event as an escape, so it cannot reorder the text around it', async () => {
    node.externalNote('\u202eevil');
    const page = await open('#/');
    const chip = page.locator('td[data-label="Reply"] .event-chip', { hasText: 'evil' }).first();
    await chip.waitFor({ timeout: 10_000 });
    await expect(chip.textContent()).resolves.toBe('Noted({"text":"\\u202eevil"})');
    await page.close();
  });

  it("shows a huge undecoded payload cut, within the page's width, saying how big it is", async () => {
    const id = node.externalRaw(new Uint8Array(100_000).fill(0xab));
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.goto(`${node.url}#/message/${id}`);
    const raw = page.locator('.raw-hex');
    await raw.waitFor({ timeout: 15_000 });
    await expect(raw.textContent()).resolves.toHaveLength(2 + 16_384 + 1);
    await page.getByText('Showing the first 8192 of 100000 bytes').waitFor({ timeout: 5_000 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
    await page.close();
  });
});
