import type { ActorId } from '@sprocket/sdk';
import { expect, it } from 'vitest';
import { Clock } from './clock.js';
import { EventBus } from './events.js';
import { Recorder } from './recorder.js';

it('keeps no entry for an address once its last subscriber left', () => {
  const recorder = new Recorder(true, { label: (a) => a, messageId: (s) => String(s) }, 10);
  const bus = new EventBus(recorder, new Clock('seed', 10, 1000, 0), 10);
  const listener = () => {};
  const kept = bus.subscribe(`0x${'ff'.repeat(32)}` as ActorId, listener);
  for (let i = 0; i < 1_000; i++) {
    const address = `0x${i.toString(16).padStart(64, '0')}` as ActorId;
    const first = bus.subscribe(address, listener);
    const second = bus.subscribe(address, () => {});
    first();
    expect(bus.subscribed).toBe(2);
    second();
    second();
  }
  expect(bus.subscribed).toBe(1);
  kept();
  expect(bus.subscribed).toBe(0);
});
