import type { User } from '@sprocket/runtime/testing';
import { createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenClient } from './token.gen.js';
import './token.js'; // the contract: loading it registers the class that deploy(TokenClient) runs

const META = { name: 'Sprocket Gold', symbol: 'SPG', decimals: 2 };

async function setup(supply = 1000n): Promise<{ sys: TestSystem; token: TokenClient; users: User[]; as: (u: User) => TokenClient }> {
  const sys = createTestSystem({ seed: 'token' });
  const users = ['alice', 'bob', 'carol', 'dave'].map((n) => sys.user(n));
  const alice = users[0] as User;
  const token = await sys.deploy(TokenClient, 'new', [META, supply], { from: alice });
  return { sys, token, users, as: (u) => TokenClient.at(u, token.address) };
}

describe('Token', () => {
  it('mints the supply to the deployer and keeps the metadata', async () => {
    const { token, users } = await setup();
    expect(await token.metadata()).toEqual(META);
    expect(await token.totalSupply()).toBe(1000n);
    expect(await token.balanceOf(users[0]!.id)).toBe(1000n);
  });

  it('transfers and publishes Transferred', async () => {
    const { sys, token, users, as } = await setup();
    const [alice, bob] = users as [User, User];
    expect(await as(alice).transfer(bob.id, 300n)).toEqual({ ok: true });
    expect(await token.balanceOf(alice.id)).toBe(700n);
    expect(await token.balanceOf(bob.id)).toBe(300n);
    expect(sys.events(token).map((e) => e.payload)).toEqual([{ from: alice.id, to: bob.id, amount: 300n }]);
  });

  it('refuses with Result errors, which are replies and change nothing', async () => {
    const { sys, token, users, as } = await setup();
    const [alice, bob] = users as [User, User];
    expect(await as(bob).transfer(alice.id, 1n)).toEqual({ err: 'InsufficientBalance' });
    expect(await as(alice).transfer(bob.id, 0n)).toEqual({ err: 'ZeroAmount' });
    expect(await token.balanceOf(alice.id)).toBe(1000n);
    expect(sys.events(token)).toEqual([]);
    expect(sys.trace()).not.toContain('ROLLBACK');
  });

  it('approve and transferFrom spend the allowance', async () => {
    const { token, users, as } = await setup();
    const [alice, bob, carol] = users as [User, User, User];
    expect(await as(bob).transferFrom(alice.id, carol.id, 1n)).toEqual({ err: 'InsufficientAllowance' });
    expect(await as(alice).approve(bob.id, 500n)).toBe(true);
    expect(await as(bob).transferFrom(alice.id, carol.id, 200n)).toEqual({ ok: true });
    expect(await as(bob).transferFrom(alice.id, carol.id, 301n)).toEqual({ err: 'InsufficientAllowance' });
    expect(await as(bob).transferFrom(alice.id, bob.id, 300n)).toEqual({ ok: true });
    expect(await as(bob).transferFrom(alice.id, bob.id, 1n)).toEqual({ err: 'InsufficientAllowance' });
    expect([await token.balanceOf(alice.id), await token.balanceOf(bob.id), await token.balanceOf(carol.id)]).toEqual([500n, 300n, 200n]);
  });

  it('a spender cannot move more than the owner holds, even with allowance', async () => {
    const { token, users, as } = await setup();
    const [alice, bob, carol] = users as [User, User, User];
    await as(alice).transfer(carol.id, 950n);
    await as(alice).approve(bob.id, 500n);
    expect(await as(bob).transferFrom(alice.id, bob.id, 100n)).toEqual({ err: 'InsufficientBalance' });
    expect(await token.balanceOf(alice.id)).toBe(50n);
  });

  it('balances always add up to the total supply (random transfer sequences)', async () => {
    const step = fc.record({
      kind: fc.constantFrom('transfer', 'approve', 'transferFrom'),
      from: fc.nat({ max: 3 }),
      to: fc.nat({ max: 3 }),
      spender: fc.nat({ max: 3 }),
      amount: fc.bigInt({ min: 0n, max: 600n }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const { token, users, as } = await setup();
        const model = new Map(users.map((u, i) => [u.id, i === 0 ? 1000n : 0n]));
        for (const s of steps) {
          const from = users[s.from] as User;
          const to = users[s.to] as User;
          const spender = users[s.spender] as User;
          if (s.kind === 'transfer') {
            const r = await as(from).transfer(to.id, s.amount);
            const held = model.get(from.id) ?? 0n;
            expect('ok' in r).toBe(s.amount > 0n && held >= s.amount);
            if ('ok' in r) {
              model.set(from.id, held - s.amount);
              model.set(to.id, (model.get(to.id) ?? 0n) + s.amount);
            }
          } else if (s.kind === 'approve') await as(from).approve(spender.id, s.amount);
          else {
            const r = await as(spender).transferFrom(from.id, to.id, s.amount);
            if ('ok' in r) {
              model.set(from.id, (model.get(from.id) ?? 0n) - s.amount);
              model.set(to.id, (model.get(to.id) ?? 0n) + s.amount);
            }
          }
        }
        let sum = 0n;
        for (const u of users) {
          const balance = await token.balanceOf(u.id);
          expect(balance).toBe(model.get(u.id));
          expect(balance).toBeGreaterThanOrEqual(0n);
          sum += balance;
        }
        expect(sum).toBe(await token.totalSupply());
      }),
      { numRuns: 40 },
    );
  });
});
