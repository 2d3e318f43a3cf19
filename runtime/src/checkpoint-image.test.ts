// A checkpoint image carries what a queued or delayed message needs to be traced as it would have been by the
// system that never stopped: its cause (the message whose handler sent it), which the trace names as `causeId`
// and a message's story (traceOf) follows.
import { Actor, type ActorId, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { checkpointImage, restoreCheckpointImage } from './checkpoint-image.js';
import type { Code } from './code.js';
import { traceOf } from './story.js';
import { createTestSystem, type TestSystem } from './testing/index.js';

@actor()
class Relay extends Actor {
  hops: u32 = 0;

  /** Sends itself a `land` that comes `delay` blocks later. */
  launch(delay: u32): void {
    this.ctx.send(this.ctx.self, landPayload, { delay });
  }

  land(): void {
    this.hops += 1;
  }
}

/** The encoded `Relay.Land` call (set once the generated code is loaded). */
let landPayload: Uint8Array = new Uint8Array();

async function launched(): Promise<{ sys: TestSystem; relay: { address: ActorId }; launchId: string }> {
  const sys = createTestSystem({ seed: 'checkpoint-cause' });
  const relay = await sys.deploy(Relay);
  const generated = sys.system.findCode(sys.codeId(Relay))?.definition;
  const land = generated?.services[0]?.functions.find((f) => f.method === 'land');
  if (land === undefined) throw new TypeError('Relay.land is not generated');
  landPayload = land.encodeCall([]);
  await relay.launch(3);
  const launchId = sys.traceEntries().find((e) => e.type === 'message' && e.route === 'Relay.Launch')?.messageId as string;
  return { sys, relay: relay as never, launchId };
}

const hopsOf = (sys: TestSystem, address: ActorId): number | undefined => (sys.system.actor(address)?.instance as Relay | undefined)?.hops;

function restoredFrom(sys: TestSystem, strip: boolean): TestSystem {
  const image = checkpointImage(sys.system);
  const fresh = createTestSystem({ seed: 'checkpoint-cause' });
  const queued = strip ? image.schedule.map((b) => ({ ...b, items: b.items.map(({ cause: _c, ...rest }) => rest) })) : image.schedule;
  restoreCheckpointImage(fresh.system, { ...image, schedule: queued }, (id) => sys.system.findCode(id) as Code);
  return fresh;
}

describe('a checkpoint image', () => {
  it('keeps the cause of a delayed message: the restored system traces it as the uninterrupted one does', async () => {
    const { sys, relay, launchId } = await launched();
    const fresh = restoredFrom(sys, false);
    await sys.runUntilIdle({ maxBlocks: 10 });
    await fresh.runUntilIdle({ maxBlocks: 10 });
    const landed = (s: TestSystem) => s.traceEntries().find((e) => e.type === 'message' && e.route === 'Relay.Land');
    expect(landed(sys)?.causeId).toBe(launchId);
    expect(landed(fresh)?.causeId).toBe(launchId);
    expect(traceOf(fresh.system, launchId as never).some((e) => e.route === 'Relay.Land')).toBe(true);
    expect(hopsOf(fresh, relay.address)).toBe(1);
  });

  it('taken before causes were kept restores its messages as a user’s (no cause), not refused', async () => {
    const { sys, relay } = await launched();
    const fresh = restoredFrom(sys, true);
    await fresh.runUntilIdle({ maxBlocks: 10 });
    const landed = fresh.traceEntries().find((e) => e.type === 'message' && e.route === 'Relay.Land');
    expect(landed).toBeDefined();
    expect(landed?.causeId).toBeUndefined();
    expect(hopsOf(fresh, relay.address)).toBe(1);
  });
});
