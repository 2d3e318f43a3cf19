// Methods of an actor with a computed name TypeScript knows as one string (`['add']`, `[SUB]` with a const) and a
// quoted name with a route: each is a route in the IDL, dispatched to the method at that property.
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, findGenerated, handler, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';

const SUB = 'sub';

@actor()
class Computed extends Actor {
  total: u32 = 0;

  // biome-ignore lint/complexity/useLiteralKeys: the computed form is what this test is about
  ['add'](n: u32): u32 {
    this.total += n;
    return this.total;
  }

  [SUB](n: u32): u32 {
    this.total -= n;
    return this.total;
  }

  @query()
  // biome-ignore lint/complexity/useLiteralKeys: the computed form is what this test is about
  [`current`](): u32 {
    return this.total;
  }

  @handler({ route: 'Reset' })
  'reset-all'(): void {
    this.total = 0;
  }
}

describe('computed method names', () => {
  it('are routes named like the plain method', () => {
    const idl = findGenerated('Computed')?.idl ?? '';
    expect(idl).toMatch(/Add\(n: u32\) -> u32;/);
    expect(idl).toMatch(/Sub\(n: u32\) -> u32;/);
    expect(idl).toMatch(/@query\s+Current\(\) -> u32;/);
    expect(idl).toMatch(/Reset\(\);/);
  });

  it('dispatch to the method at that property', async () => {
    const sys = createTestSystem({ seed: 1 });
    const calc = await sys.deploy(Computed);
    expect(await calc.add(5)).toBe(5);
    expect(await calc.sub(2)).toBe(3);
    expect(await calc.current()).toBe(3);
    await calc['reset-all']();
    expect(await calc.current()).toBe(0);
  });
});
