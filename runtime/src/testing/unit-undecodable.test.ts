// unitActor answers a request its mocked target cannot decode as the system's target does: an awaited call fails with
// DECODE_FAILED (its value comes back), a send leaves and its refusal never reaches the sender, and a payload larger
// than a message is refused for its size first, whatever it holds.
import { Actor, type ActorId, actor, findGenerated, type GeneratedActor, handler, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, mockContext, unitActor } from './index.js';

@actor()
class Strict extends Actor {
  @handler({ payable: true })
  take(n: u32): u32 {
    return n;
  }
}

/** Strict.Take's header followed by bytes that are no u32 (`size` bytes in all). */
function garbled(size: number): Uint8Array {
  const fn = (findGenerated('Strict') as GeneratedActor).services[0]?.functions.find((f) => f.method === 'take');
  if (fn === undefined) throw new TypeError('Strict is not generated');
  const bytes = new Uint8Array(size);
  bytes.set(fn.encodeCall([7]).subarray(0, 16));
  return bytes;
}

@actor()
class Sender extends Actor {
  /** An awaited call with `size` bytes that do not decode: what it failed with. */
  @handler({ payable: true })
  async ask(peer: ActorId, size: u32): Promise<string> {
    try {
      await this.ctx.call(peer, garbled(size), { value: 40n });
      return 'answered';
    } catch (error) {
      return (error as { code?: string }).code ?? 'no code';
    }
  }

  /** A send with bytes that do not decode: the sender goes on. */
  fire(peer: ActorId): u32 {
    this.ctx.send(peer, garbled(18));
    return 1;
  }
}

describe('a request its mocked target cannot decode, in unitActor as in the system', () => {
  it('fails an awaited call with DECODE_FAILED (value back), a larger-than-message one with PAYLOAD_TOO_LARGE; a send goes on', async () => {
    const sys = createTestSystem({ seed: 'undecodable', maxPayloadBytes: 64 });
    const peer = await sys.deploy(Strict);
    const sender = await sys.deploy(Sender);
    sys.mint(sender.address, 1_000n);
    const inSystem = [await sender.ask(peer.address, 18), await sender.ask(peer.address, 100), await sender.fire(peer.address)];
    await sys.runUntilIdle({ maxBlocks: 20 });

    const ctx = mockContext({ balance: 1_000n }).mock(peer.address, findGenerated('Strict') as GeneratedActor, { take: (n: number) => n });
    const unit = unitActor(new Sender(), ctx, { maxPayloadBytes: 64 });
    const inUnit = [await unit.actor.ask(peer.address, 18), await unit.actor.ask(peer.address, 100), unit.actor.fire(peer.address)];

    expect(inSystem).toEqual(['DECODE_FAILED', 'PAYLOAD_TOO_LARGE', 1]);
    expect(inUnit).toEqual(inSystem);
    expect(unit.ctx.currentBalance).toBe(sys.balance(sender.address));
    expect(unit.sent.map((s) => [s.kind, s.route])).toEqual([
      ['call', undefined],
      ['call', undefined],
      ['send', undefined],
    ]);
  });
});
