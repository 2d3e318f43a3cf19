import { createTestSystem } from '@sprocket/runtime/testing';
import { describe, it } from 'vitest';
import { counterCalls, relayCalls } from '../../scenario.js';

describe('relay', () => {
  it.concurrent('relays once', async () => {
    await relayCalls(createTestSystem({ seed: 'c' }));
  });

  it.concurrent('relays again', async () => {
    await relayCalls(createTestSystem({ seed: 'd' }));
  });
});

it('counts', async () => {
  await counterCalls(createTestSystem({ seed: 'e' }));
});
