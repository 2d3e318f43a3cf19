import { createTestSystem } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { CounterClient } from '../counter/counter.gen.js';
import { Counter } from '../counter/counter.js';
import { CounterFactoryClient } from './factory.gen.js';
import './factory.js'; // the contract: loading it registers the class that deploy(CounterFactoryClient) runs

async function spawnThree(seed: string) {
  const sys = createTestSystem({ seed });
  const code = sys.registerCode(Counter);
  const factory = await sys.deploy(CounterFactoryClient, 'new', [code]);
  const addresses = [await factory.create(1), await factory.create(2), await factory.create(3)];
  return { sys, code, factory, addresses };
}

describe('CounterFactory', () => {
  it('registers code once: the CodeId is deterministic', () => {
    const a = createTestSystem({ seed: 'a' });
    const b = createTestSystem({ seed: 'b' });
    expect(a.registerCode(Counter)).toMatch(/^0x[0-9a-f]{64}$/);
    expect(a.registerCode(Counter)).toBe(a.codeId(Counter));
    expect(a.codeId(Counter)).toBe(b.codeId(Counter));
  });

  it('spawns counters at distinct addresses with their init arguments', async () => {
    const { sys, factory, addresses } = await spawnThree('factory');
    expect(new Set(addresses).size).toBe(3);
    expect(addresses).not.toContain(factory.address);
    expect(await factory.counters()).toEqual(addresses);
    for (const [i, address] of addresses.entries()) expect(await CounterClient.at(sys, address).value()).toBe(i + 1);
    expect(sys.events(factory).map((e) => e.payload)).toEqual(addresses.map((address, id) => ({ id, address })));
  });

  it('addresses are deterministic per seed', async () => {
    const one = await spawnThree('seed-1');
    const again = await spawnThree('seed-1');
    const other = await spawnThree('seed-2');
    expect(again.addresses).toEqual(one.addresses);
    expect(other.addresses).not.toEqual(one.addresses);
  });

  it('addToAll reaches each counter', async () => {
    const { sys, factory, addresses } = await spawnThree('factory');
    expect(await factory.addToAll(10)).toEqual([11, 12, 13]);
    for (const [i, address] of addresses.entries()) {
      expect(await CounterClient.at(sys, address).value()).toBe(11 + i);
      expect(sys.events(address).map((e) => [e.name, e.payload])).toEqual([['Added', 10]]);
    }
  });

  it('a failing spawn (code not registered) fails the create and records nothing', async () => {
    const sys = createTestSystem({ seed: 'factory' });
    const factory = await sys.deploy(CounterFactoryClient, 'new', [`0x${'ab'.repeat(32)}`]);
    await expect(factory.create(1)).rejects.toMatchObject({ code: 'HANDLER_FAILED', route: 'CounterFactory.Create' });
    expect(await factory.counters()).toEqual([]);
    expect(sys.events(factory)).toEqual([]);
  });
});
