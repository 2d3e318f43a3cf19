// The vitest plugin injects generated code into actor modules that have no *.gen.ts: actors declared in a
// separate file or in the test file itself deploy and run without a generate step.
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, findGenerated, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Adder } from './inject/adder.js';

@actor()
class Doubler extends Actor {
  double(value: u32): u32 {
    return value * 2;
  }
}

describe('code injected by the vitest plugin', () => {
  it('registers an actor from a file without a *.gen.ts', async () => {
    expect(findGenerated('Adder')?.services[0]?.functions.map((f) => f.name)).toEqual(['Add', 'Value']);
    const sys = createTestSystem({ seed: 3 });
    const adder = await sys.deploy(Adder, 'start', [40n]);
    expect(await adder.add(2n)).toBe(42n);
    expect(await adder.value()).toBe(42n);
    expect(sys.events(adder.address).map((e) => e.payload)).toEqual([2n]);
  });

  it('registers an actor declared in the test file itself', async () => {
    const sys = createTestSystem({ seed: 3 });
    const doubler = await sys.deploy(Doubler);
    expect(await doubler.double(21)).toBe(42);
    await expect(doubler.double(-1)).rejects.toThrow(/u32 out of range: -1/);
  });
});
