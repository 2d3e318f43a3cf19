// Type-level: generated clients take a node connection unchanged; over it `send` is awaitable to a MessageId,
// in process it stays a MessageId.

import type { TestSystem } from '@sprocket/runtime/testing';
import { type Connection, connect, type MessageId, type Result, type SentMessage, type Transport } from '@sprocket/sdk';
import { describe, expectTypeOf, it } from 'vitest';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { TokenClient } from '../../examples/token/token.gen.js';
import type { TransferError } from '../../examples/token/token.js';

declare const address: `0x${string}`;
declare const sys: TestSystem;
declare const transport: Transport;

describe('clients over a node connection', () => {
  it('types send as Promise<MessageId> over a connection and MessageId in process', () => {
    const conn = connect('ws://127.0.0.1:9944/rpc', { account: 'alice' });
    expectTypeOf(conn).toEqualTypeOf<Connection>();
    const remote = CounterClient.at(conn, address);
    expectTypeOf(remote.add(1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(remote.value()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(remote.send.add(1)).toEqualTypeOf<Promise<SentMessage<number>>>();
    expectTypeOf<Awaited<ReturnType<typeof remote.send.add>>>().toEqualTypeOf<SentMessage<number>>();
    expectTypeOf<Awaited<ReturnType<typeof remote.send.add>>>().toMatchTypeOf<MessageId>();

    expectTypeOf(CounterClient.at(sys, address).send.add(1)).toEqualTypeOf<SentMessage<number>>();
    expectTypeOf(CounterClient.at(sys, address).send.add(1)).toMatchTypeOf<MessageId>();
    expectTypeOf(CounterClient.at(transport, address).send.add(1)).toEqualTypeOf<SentMessage<number>>();
    const local: CounterClient = CounterClient.at(transport, address);
    expectTypeOf(local.send.sub(1)).toEqualTypeOf<SentMessage<number>>();
    // @ts-expect-error a network client is not an in-process one: its send is a Promise
    const wrong: CounterClient = remote;
    void wrong;
  });

  it('deploys over a connection and keeps the transport type', async () => {
    const conn = connect('ws://127.0.0.1:9944/rpc', { account: 'alice' });
    const counter = await CounterClient.deploy(conn, address, 'new', [1]);
    expectTypeOf(counter.send.add(1)).toEqualTypeOf<Promise<SentMessage<number>>>();
    const token = TokenClient.at(conn, address);
    expectTypeOf(token.transport).toEqualTypeOf<Transport<Promise<MessageId>>>();
    expectTypeOf(token.send.transfer(address, 1n)).toEqualTypeOf<Promise<SentMessage<Result<boolean, TransferError>>>>();
  });
});
