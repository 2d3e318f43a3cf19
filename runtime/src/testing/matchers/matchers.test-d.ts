// Type-level tests of the contract matchers: registered by one import, typed on vitest's `expect`.
import type { Unsubscribe, u32 } from '@sprocket/sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Counter, CounterClient } from '../../__fixtures__/counter.js';
import type { ClientOf, EventsOf, TestSystem } from '../index.js';
import type { EventNameOf, EventPayloadOf } from './index.js';
import './index.js';

declare const sys: TestSystem;
declare const client: CounterClient;
declare const counter: ClientOf<Counter>;

describe('contract matchers', () => {
  it('types event names and payloads from the client', () => {
    expectTypeOf<EventNameOf<CounterClient>>().toEqualTypeOf<'Added' | 'Subtracted'>();
    expectTypeOf<EventPayloadOf<CounterClient, 'Added'>>().toEqualTypeOf<number>();
    // A ClientOf takes the names its `on` takes (any name when the class's event map cannot be inferred).
    expectTypeOf<EventNameOf<ClientOf<Counter>>>().toEqualTypeOf<Parameters<ClientOf<Counter>['on']>[0]>();
    expectTypeOf(client.on('Added', () => {})).toEqualTypeOf<Unsubscribe>();
  });

  it('types the events of a client built from the class as the class declares them', () => {
    expectTypeOf<EventsOf<Counter>>().toEqualTypeOf<{ Added: u32; Subtracted: u32 }>();
    expectTypeOf<Parameters<ClientOf<Counter>['on']>[0]>().toEqualTypeOf<'Added' | 'Subtracted'>();
    counter.on('Added', (n) => expectTypeOf(n).toEqualTypeOf<u32>());
    // @ts-expect-error: the Counter has no event Removed
    counter.on('Removed', () => {});
  });

  it('types every matcher', async () => {
    expectTypeOf(expect(client.add(1)).toFailWith('HANDLER_FAILED')).toEqualTypeOf<Promise<void>>();
    await expect(() => counter.sub(9)).toFailWith('HANDLER_FAILED', { route: 'Counter.Sub', reason: /underflow/, actor: counter });
    await expect(client.add(1)).not.toFailWith('TIMEOUT', { actor: client.address, payload: { kind: 'X' } });
    expect(new Error('x')).not.toBeCallError();
    expect({ e: 1 }).toEqual({ e: expect.toBeCallError('TIMEOUT', { reason: 'late' }) });

    expectTypeOf(expect(() => client.add(1)).toEmit(client, 'Added', 1)).toEqualTypeOf<Promise<void>>();
    await expect(() => counter.add(1)).toEmit(counter, 'Added', expect.any(Number));
    await expect(() => counter.add(1)).not.toEmit(counter, 'Subtracted');

    expectTypeOf(expect(() => client.add(1)).toChangeBalances(sys, [[client, 0n]])).toEqualTypeOf<Promise<void>>();
    await expect(() => client.add(1)).not.toChangeBalances(sys, [
      ['alice', 1n],
      [sys.defaultUser, -1n],
      [client.address, 0n],
    ]);

    // @ts-expect-error not a CallError code
    await expect(client.add(1)).toFailWith('NOPE');
    // @ts-expect-error reason is a string or a RegExp
    await expect(client.add(1)).toFailWith('HANDLER_FAILED', { reason: 5 });
    // @ts-expect-error toFailWith needs a promise or a function
    await expect(5).toFailWith('TIMEOUT');
    // @ts-expect-error unknown event
    await expect(() => client.add(1)).toEmit(client, 'Removed');
    // @ts-expect-error the payload of Added is a number
    await expect(() => client.add(1)).toEmit(client, 'Added', 'one');
    // @ts-expect-error not a client
    await expect(() => client.add(1)).toEmit({ address: client.address }, 'Added');
    // @ts-expect-error toEmit watches a function, not a promise that has already started
    await expect(client.add(1)).toEmit(client, 'Added');
    // @ts-expect-error deltas are bigints
    await expect(() => client.add(1)).toChangeBalances(sys, [[client, 1]]);
    // @ts-expect-error toEmit watches an action: it is no asymmetric matcher
    expect.toEmit(client, 'Added');
    // @ts-expect-error toChangeBalances reads balances before the action: a function
    await expect(client.add(1)).toChangeBalances(sys, []);
  });
});
