// Type-level tests of generated clients: wrong argument types do not compile.
import type { MessageId, Result, SentMessage, Transport, Unsubscribe } from '@sprocket/sdk';
import { describe, expectTypeOf, it } from 'vitest';
import { CounterClient, type CounterConstructors } from '../compiler-plugin/src/emit/__fixtures__/counter.gen.js';
import { ExchangeClient, type Order, type Pair } from '../compiler-plugin/src/emit/__fixtures__/exchange.gen.js';

declare const transport: Transport;
declare const address: `0x${string}`;

describe('generated clients', () => {
  it('types request-reply methods, send and events', () => {
    const counter = CounterClient.at(transport, address);
    expectTypeOf(counter.add(1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(counter.value()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(counter.send.add(1, { delay: 2 })).toEqualTypeOf<SentMessage<number>>();
    expectTypeOf(counter.send.add(1)).toMatchTypeOf<MessageId>();
    expectTypeOf(counter.on('Added', (n) => expectTypeOf(n).toEqualTypeOf<number>())).toEqualTypeOf<Unsubscribe>();
    expectTypeOf<CounterConstructors['new']>().toEqualTypeOf<[start: number | null]>();

    // @ts-expect-error a string is not a u32
    void counter.add('1');
    // @ts-expect-error missing argument
    void counter.add();
    // @ts-expect-error queries are not in `send`
    void counter.send.value();
    // @ts-expect-error unknown event
    counter.on('Removed', () => {});
    // @ts-expect-error the payload of Added is a number
    counter.on('Added', (s: string) => s);
    // @ts-expect-error wrong constructor arguments
    void CounterClient.deploy(transport, address, 'new', ['5']);
    // @ts-expect-error unknown constructor
    void CounterClient.deploy(transport, address, 'create', [5]);
  });

  it('types structs, enums, results and generics', () => {
    const ex = ExchangeClient.at(transport, address);
    const order: Order = { id: 1n, side: 'Buy', price: 2n, qty: 3n, tags: [] };
    expectTypeOf(ex.place(order)).toEqualTypeOf<Promise<Result<bigint, string>>>();
    expectTypeOf(ex.stats()).toEqualTypeOf<Promise<Pair<bigint, bigint>>>();
    expectTypeOf(ex.cancel(1n)).toEqualTypeOf<Promise<void>>();
    // a handler named `send` does not shadow the fire-and-forget object
    expectTypeOf(ex.send_).toBeFunction();
    // @ts-expect-error u64 is a bigint
    void ex.cancel(1);
    // @ts-expect-error not a Side
    void ex.place({ ...order, side: 'Hold' });
    // @ts-expect-error missing field
    void ex.place({ id: 1n, side: 'Buy', price: 2n, qty: 3n });
    void ExchangeClient.deploy(transport, address, 'default', []);
  });
});
