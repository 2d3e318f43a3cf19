import { createTestSystem } from '@sprocket/runtime/testing';
import { beforeAll, expect, it } from 'vitest';
import { counterCalls, relayCalls } from '../../scenario.js';

// Work in a file-level hook is reported too (at the end of the file).
beforeAll(async () => {
  await counterCalls(createTestSystem({ seed: 'before-all' }));
});

it('counts', async () => {
  await counterCalls(createTestSystem({ seed: 'a' }));
  expect(true).toBe(true);
});

it('relays', async () => {
  await relayCalls(createTestSystem({ seed: 'b' }));
});
