// The NFT registry: admin-only mint, transfers, Option owner lookup, Vec per owner, Map of structs.
import { createTestSystem } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { NftClient } from './nft.gen.js';
import './nft.js';

describe('Nft (authors/a)', () => {
  it('mints, transfers and answers the lookups', async () => {
    const sys = createTestSystem({ seed: 'nft' });
    const admin = sys.user('admin');
    const alice = sys.user('alice');
    const bob = sys.user('bob');
    const nft = await sys.deploy(NftClient, 'new', [], { from: admin });
    const asAdmin = NftClient.at(admin, nft.address);
    expect(await asAdmin.mint(alice.id, { name: 'one', uri: 'ipfs://1' })).toBe(1n);
    expect(await asAdmin.mint(alice.id, { name: 'two', uri: 'ipfs://2' })).toBe(2n);
    await NftClient.at(alice, nft.address).transfer(1n, bob.id);
    expect(await nft.ownerOf(1n)).toBe(bob.id);
    expect(await nft.ownerOf(99n)).toBeNull();
    expect(await nft.tokensOf(alice.id)).toEqual([2n]);
    expect(await nft.tokensOf(bob.id)).toEqual([1n]);
    expect(await nft.metadata()).toEqual(
      new Map([
        [1n, { name: 'one', uri: 'ipfs://1' }],
        [2n, { name: 'two', uri: 'ipfs://2' }],
      ]),
    );
    expect(sys.events(nft).map((e) => [e.name, e.json])).toEqual([
      ['Minted', { id: '1', to: alice.id }],
      ['Minted', { id: '2', to: alice.id }],
      ['Transferred', { id: '1', from: alice.id, to: bob.id }],
    ]);
  });

  it('refuses unknown callers and unknown tokens, changing nothing', async () => {
    const sys = createTestSystem({ seed: 'nft' });
    const admin = sys.user('admin');
    const mallory = sys.user('mallory');
    const nft = await sys.deploy(NftClient, 'new', [], { from: admin });
    await NftClient.at(admin, nft.address).mint(admin.id, { name: 'x', uri: '' });
    const asMallory = NftClient.at(mallory, nft.address);
    await expect(asMallory.mint(mallory.id, { name: 'y', uri: '' })).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
      reason: 'only the admin mints',
    });
    await expect(asMallory.transfer(1n, mallory.id)).rejects.toMatchObject({ reason: 'token 1 is not yours' });
    await expect(asMallory.transfer(7n, mallory.id)).rejects.toMatchObject({ reason: 'no token 7' });
    await expect(asMallory.transfer(2n ** 64n, mallory.id)).rejects.toThrow(/u64/);
    expect(await nft.ownerOf(1n)).toBe(admin.id);
    expect(await nft.tokensOf(mallory.id)).toEqual([]);
    expect(sys.events(nft)).toHaveLength(1);
  });

  it('burns with a one-variant typed error for anyone but the owner', async () => {
    const sys = createTestSystem({ seed: 'nft' });
    const admin = sys.user('admin');
    const eve = sys.user('eve');
    const nft = await sys.deploy(NftClient, 'new', [], { from: admin });
    const id = await NftClient.at(admin, nft.address).mint(admin.id, { name: 'x', uri: '' });
    await expect(NftClient.at(eve, nft.address).burn(id)).rejects.toMatchObject({ code: 'HANDLER_FAILED', payload: 'NotOwner' });
    await expect(NftClient.at(admin, nft.address).burn(id)).resolves.toBeUndefined();
    expect(await nft.ownerOf(id)).toBeNull();
    expect(await nft.tokensOf(admin.id)).toEqual([]);
    expect((await nft.metadata()).size).toBe(0);
    expect(sys.events(nft).map((e) => e.name)).toEqual(['Minted', 'Burned']);
  });
});
