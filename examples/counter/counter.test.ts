import { createTestSystem } from '@sprocket/runtime/testing';
import { expect, it } from 'vitest';
import { Counter } from './counter.js';
import { CounterClient } from './counter.gen.js';
it('smoke', async () => {
  const sys = createTestSystem({ seed: 1 });
  const c = sys.at(CounterClient, (await sys.deploy(Counter, 'new', [5])).address);
  expect(await c.add(1)).toBe(6);
});
