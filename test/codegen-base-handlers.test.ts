// An actor whose handlers and events come from an abstract base class: deployed in the test system, a client calls
// the inherited handlers, an inherited query runs read-only, and the event the base emits reaches the client.
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, type EventArgs, findGenerated, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';

interface CountedEvents {
  Bumped: u32;
}

abstract class Counted<E extends CountedEvents> extends Actor<E> {
  protected count: u32 = 0;

  bump(by: u32): u32 {
    this.count += by;
    // TypeScript cannot narrow EventArgs of a type parameter, so a generic base spells the payload's tuple out.
    this.emit('Bumped', ...([this.count] as EventArgs<E['Bumped']>));
    return this.count;
  }

  @query()
  current(): u32 {
    return this.count;
  }

  abstract reset(): void;
}

interface TallyEvents extends CountedEvents {
  Cleared: null;
}

@actor()
class Tally extends Counted<TallyEvents> {
  reset(): void {
    this.count = 0;
    this.emit('Cleared');
  }
}

describe('an actor extending an abstract base class', () => {
  it('lists the inherited handlers and the events the base binds to the actor in its IDL', () => {
    const idl = findGenerated('Tally')?.idl ?? '';
    expect(idl).toMatch(/Bump\(by: u32\) -> u32;/);
    expect(idl).toMatch(/@query\s+Current\(\) -> u32;/);
    expect(idl).toMatch(/Reset\(\);/);
    expect(idl).toMatch(/Bumped\(u32\),\s+Cleared,/);
  });

  it('dispatches the inherited handlers and query, and delivers the events the base emits', async () => {
    const sys = createTestSystem({ seed: 1 });
    const tally = await sys.deploy(Tally);
    expect(await tally.bump(2)).toBe(2);
    expect(await tally.bump(3)).toBe(5);
    expect(await tally.current()).toBe(5);
    await tally.reset();
    expect(await tally.current()).toBe(0);
    expect(sys.events(tally.address).map((x) => [x.name, x.payload])).toEqual([
      ['Bumped', 2],
      ['Bumped', 5],
      ['Cleared', undefined],
    ]);
  });
});
