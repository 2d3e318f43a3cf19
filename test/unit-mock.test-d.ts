// Type-level tests of ctx.mock with a client class: handler names, parameters and replies are checked by tsc.
import { type MockHandlers, mockContext } from '@sprocket/runtime/testing';
import type { ActorId, Result, u128 } from '@sprocket/sdk';
import { describe, expectTypeOf, it } from 'vitest';
import { TokenClient, type TransferError } from '../examples/token/token.gen.js';

declare const token: ActorId;

describe('ctx.mock(address, TokenClient, handlers)', () => {
  it('types the handlers from the client methods', () => {
    const ctx = mockContext();
    ctx.mock(token, TokenClient, {
      transfer: (to, amount) => {
        expectTypeOf(to).toEqualTypeOf<ActorId>();
        expectTypeOf(amount).toEqualTypeOf<u128>();
        return { ok: true };
      },
      balanceOf: async () => 5n,
    });
    type Transfer = NonNullable<MockHandlers<TokenClient>['transfer']>;
    expectTypeOf<ReturnType<Transfer>>().toEqualTypeOf<Result<boolean, TransferError> | Promise<Result<boolean, TransferError>>>();
    expectTypeOf<MockHandlers<TokenClient>>().not.toHaveProperty('send');
    expectTypeOf<MockHandlers<TokenClient>>().not.toHaveProperty('on');
  });

  it('refuses unknown methods, wrong parameters and wrong replies', () => {
    const ctx = mockContext();
    // @ts-expect-error no method `transfr` on TokenClient
    ctx.mock(token, TokenClient, { transfr: () => ({ ok: true }) });
    // @ts-expect-error amount is a u128 (bigint), not a string
    ctx.mock(token, TokenClient, { transfer: (_to: ActorId, _amount: string) => ({ ok: true }) });
    // @ts-expect-error transfer replies Result<boolean, TransferError>, not a number
    ctx.mock(token, TokenClient, { transfer: () => 1 });
    // @ts-expect-error balanceOf replies a u128
    ctx.mock(token, TokenClient, { balanceOf: async () => 'lots' });
  });
});
