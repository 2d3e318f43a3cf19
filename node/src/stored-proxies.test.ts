// A handler can store a proxy of state inside state (`{ referrer: this.members.get(id) }`: the Map hands out a proxy
// of the entry). The node's walks over state read it as the object it stands for: the state root encodes the shared
// object once (and does not throw on the Maps inside it), and a checkpoint keeps it shared, so a node restored from
// one updates the same object the uninterrupted node does.
import { checkpointImage, rawState } from '@sprocket/runtime';
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { ByteSink, encodeValue } from './canonical.js';
import { hostEntries, ImageReader, ImageWriter, protoTable } from './image-codec.js';
import { STATE_VIEW_LIMITS, stateView } from './rpc/state-view.js';

interface Member {
  points: u32;
  referrer: Member | null;
  tags: Map<string, u32>;
}

@actor()
class Referrals extends Actor {
  members = new Map<string, Member>();

  /** Adds `who`, referred by `referrer` when it is a member: the entry holds the proxy the Map's `get` handed out. */
  join(who: string, referrer: string): void {
    this.members.set(who, { points: 0, referrer: this.members.get(referrer) ?? null, tags: new Map([['joined', 1]]) });
  }

  /** Gives the referrer of `who` `points`, through the stored reference. */
  reward(who: string, points: u32): void {
    const referrer = this.members.get(who)?.referrer;
    if (referrer) referrer.points += points;
  }

  @query()
  points(who: string): u32 {
    return this.members.get(who)?.points ?? 0;
  }
}

async function referrals() {
  const sys = createTestSystem();
  const client = await sys.deploy(Referrals);
  await client.join('ann', '');
  await client.join('bob', 'ann');
  const record = sys.system.internals.actors.get(client.address);
  const instance = record?.instance as { members: Map<string, Member> };
  return { sys, client, instance };
}

/** The canonical bytes of a value (what a state root hashes). */
function canonical(value: unknown): Uint8Array {
  const sink = new ByteSink();
  encodeValue(sink, value);
  return sink.result().slice();
}

describe('a proxy of state stored in state', () => {
  it('is stored as the handler wrote it, and stands for the entry it came from', async () => {
    const { instance } = await referrals();
    const ann = instance.members.get('ann') as Member;
    const stored = (instance.members.get('bob') as Member).referrer as Member;
    expect(stored).not.toBe(ann);
    expect(rawState(stored)).toBe(ann);
  });

  it('is encoded for the state root as the shared object, without reading through its traps', async () => {
    const { instance } = await referrals();
    const members = instance.members;
    // The same state with the raw object in place of the proxy: one object, reached twice.
    const plain = new Map(members);
    plain.set('bob', { ...(members.get('bob') as Member), referrer: members.get('ann') as Member });
    expect(Buffer.from(canonical(members))).toEqual(Buffer.from(canonical(plain)));
  });

  it('stays one object through a checkpoint image, so a restored node updates the entry itself', async () => {
    const { sys, client } = await referrals();
    const image = checkpointImage(sys.system);
    const table = protoTable([...hostEntries(), ['export:Referrals', Referrals.prototype]]);
    const sink = new ByteSink();
    const actorImage = image.actors.find((a) => a.id === client.address);
    new ImageWriter(sink, table).value(actorImage?.instance);
    const back = new ImageReader(sink.result(), table).value() as { members: Map<string, Member> };
    const ann = back.members.get('ann') as Member;
    expect((back.members.get('bob') as Member).referrer).toBe(ann);
    ((back.members.get('bob') as Member).referrer as Member).points += 5;
    expect(ann.points).toBe(5);
  });

  it('is shown in the state view as the object it stands for', async () => {
    const { instance } = await referrals();
    const view = stateView(instance, STATE_VIEW_LIMITS) as { members: [string, { referrer: unknown }][] };
    const bob = view.members.find(([k]) => k === 'bob')?.[1];
    expect(bob?.referrer).toEqual({ points: 0, referrer: null, tags: [['joined', 1]] });
  });

  it('keeps the reward the uninterrupted system gives after a snapshot and restore', async () => {
    const { sys, client } = await referrals();
    await client.reward('bob', 3);
    const snapshot = sys.snapshot();
    sys.restore(snapshot);
    await client.reward('bob', 4);
    expect(await client.points('ann')).toBe(7);
  });
});
