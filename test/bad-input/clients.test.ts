// Bad-input catalogue, generated clients: arguments the wire cannot carry are refused before anything is sent,
// with their exact code, and the actor's state, balances and events stay as they were.
import type { User } from '@sprocket/runtime/testing';
import { createTestSystem } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { TokenClient, TokenDefinition } from '../../examples/token/token.gen.js';
import '../../examples/token/token.js';

const META = { name: 'Sprocket Gold', symbol: 'SPG', decimals: 2 };

async function setup() {
  const sys = createTestSystem({ seed: 'bad-input-clients' });
  const [alice, bob] = ['alice', 'bob'].map((n) => sys.user(n)) as [User, User];
  const token = await sys.deploy(TokenClient, 'new', [META, 1000n], { from: alice });
  const state = async () => ({
    alice: await token.balanceOf(alice.id),
    bob: await token.balanceOf(bob.id),
    supply: await token.totalSupply(),
    events: sys.events(token).length,
  });
  return { sys, token, alice, bob, as: (u: User) => TokenClient.at(u, token.address), state };
}

/** Awaits `p` (or runs `f`) and returns the code of the error it fails with. */
async function codeOf(f: () => unknown): Promise<string | undefined> {
  try {
    await f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('bad input: generated clients', () => {
  it('an out-of-range u128 is SCALE_RANGE and changes nothing', async () => {
    const { alice, bob, as, state } = await setup();
    const before = await state();
    expect(await codeOf(() => as(alice).transfer(bob.id, 1n << 128n))).toBe('SCALE_RANGE');
    expect(await codeOf(() => as(alice).transfer(bob.id, -1n))).toBe('SCALE_RANGE');
    expect(await state()).toEqual(before);
  });

  it('a malformed ActorId is refused and changes nothing', async () => {
    const { alice, as, state } = await setup();
    const before = await state();
    const code = await codeOf(() => as(alice).transfer('0x1234', 5n));
    expect(code).toBe('SCALE_BAD_LENGTH');
    expect(await state()).toEqual(before);
  });

  it('a lone surrogate in a String argument is SCALE_BAD_UTF8 and nothing is deployed', async () => {
    const sys = createTestSystem({ seed: 'bad-input-clients-utf8' });
    const alice = sys.user('alice');
    const code = await codeOf(() => sys.deploy(TokenClient, 'new', [{ ...META, name: 'bad \ud800' }, 1n], { from: alice }));
    expect(code).toBe('SCALE_BAD_UTF8');
  });

  it('a missing argument is SCALE_BAD_VALUE and changes nothing', async () => {
    const { alice, bob, as, state } = await setup();
    const before = await state();
    const client = as(alice) as unknown as { transfer: (...a: unknown[]) => Promise<unknown> };
    expect(await codeOf(() => client.transfer(bob.id))).toBe('SCALE_BAD_VALUE');
    expect(await state()).toEqual(before);
  });

  it('a hostile reply is a SCALE error naming the reply (bad tag, trailing bytes, short input)', () => {
    const transfer = TokenDefinition.services[0]?.functions.find((f) => f.name === 'Transfer');
    expect(transfer).toBeDefined();
    const header = transfer!.encodeReply({ ok: true }).subarray(0, 16);
    const reply = (...bytes: number[]) => new Uint8Array([...header, ...bytes]);
    expect(() => transfer!.decodeReply(reply(0x02))).toThrow(expect.objectContaining({ code: 'SCALE_BAD_TAG' }));
    expect(() => transfer!.decodeReply(reply(0x00, 0x01, 0x00))).toThrow(expect.objectContaining({ code: 'SCALE_TRAILING_BYTES' }));
    expect(() => transfer!.decodeReply(reply(0x00))).toThrow(expect.objectContaining({ code: 'SCALE_SHORT_INPUT' }));
  });
});
