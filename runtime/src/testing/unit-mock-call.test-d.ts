// Type-level tests of the MockCall a typed mock function gets after its arguments.
import type { ActorId, CallOptions, u32 } from '@sprocket/sdk';
import { describe, expectTypeOf, it } from 'vitest';
import { CounterClient } from '../__fixtures__/counter.js';
import { type MockCall, type MockHandlers, mockContext } from './index.js';

declare const peer: ActorId;

describe('MockHandlers with the call context', () => {
  it('gives the arguments, then a MockCall in place of the client options', () => {
    type Add = NonNullable<MockHandlers<CounterClient>['add']>;
    expectTypeOf<Parameters<Add>>().toEqualTypeOf<[value: u32, call: MockCall]>();
    expectTypeOf<Parameters<NonNullable<MockHandlers<CounterClient>['value']>>>().toEqualTypeOf<[call: MockCall]>();
    mockContext().mock(peer, CounterClient, {
      add: (n, call) => {
        expectTypeOf(n).toEqualTypeOf<u32>();
        expectTypeOf(call.value).toEqualTypeOf<bigint>();
        expectTypeOf(call.source).toEqualTypeOf<ActorId>();
        return n;
      },
    });
  });

  it('still takes mocks written before: arguments only, or a trailing options parameter', () => {
    mockContext().mock(peer, CounterClient, { add: (n: u32) => n, sub: (n: u32, _options?: CallOptions) => n });
    // @ts-expect-error the call context is not a number
    mockContext().mock(peer, CounterClient, { add: (_n: u32, call: number) => call });
  });
});
