import { Actor, actor, type u32 } from '@sprocket/sdk';
import { expect, expectTypeOf, it } from 'vitest';
import { createTestSystem } from './index.js';

/** Handlers named like the members of a client, or like what every object inherits. */
@actor()
class Shadowing extends Actor {
  private n: u32 = 0;
  // biome-ignore lint/suspicious/noThenProperty: the case under test: a handler a contract may well be given this name.
  then(): u32 {
    this.n += 1;
    return this.n;
  }
  send(by: u32): u32 {
    this.n += by;
    return this.n;
  }
  override toString(): string {
    return `n=${this.n}`;
  }
  address(): u32 {
    return this.n;
  }
}

it('a handler named then, send, toString or address is the ClientOf member with a trailing _', async () => {
  const sys = createTestSystem();
  // A `then` member would make the client a thenable: this await would call it and never settle.
  const client = await sys.deploy(Shadowing);
  expect(await client.then_()).toBe(1);
  expect(await client.send_(2)).toBe(3);
  expect(await client.toString_()).toBe('n=3');
  expect(await client.address_()).toBe(3);
  expect(typeof client.address).toBe('string');
  expect(String(client)).toBe('[object Object]'); // no message sent
  client.send.then_();
  await sys.runUntilIdle();
  expect(await client.address_()).toBe(4);
  expectTypeOf(client.then_).toEqualTypeOf<(options?: import('@sprocket/sdk').CallOptions) => Promise<number>>();
});
