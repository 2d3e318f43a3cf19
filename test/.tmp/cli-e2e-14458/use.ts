import type { Transport } from '@sprocket/sdk';
import { CounterClient } from './counter.gen.js';
import { CounterClient as SailsCounter } from './sails-counter.client.js';
export async function use(t: Transport): Promise<number> {
  const c = await CounterClient.deploy(t, `0x${'00'.repeat(32)}`, 'new', [null]);
  c.send.add(1);
  const off = c.on('Added', (n: number) => n);
  off();
  await c.reset();
  return (await c.add(2)) + (await SailsCounter.at(t, c.address).value());
}