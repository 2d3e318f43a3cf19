// unitActor runs handlers in segments like the system: a throw rolls back state, events and sends of the
// failing segment; earlier segments (before an await of a call) stay. `{ rollback: false }` opts out.
import { Actor, type ActorId, actor, interfaceIdBytes, ScaleWriter, type u32, writeHeader } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { CounterGenerated } from '../__fixtures__/counter.js';
import { mockContext, unitActor } from './index.js';

const peer = `0x${'77'.repeat(32)}` as ActorId;

interface WalletEvents {
  Moved: u32;
}

@actor()
class Wallet extends Actor<WalletEvents> {
  balance: u32 = 10;
  owners = new Map<ActorId, u32>();
  log: string[] = [];

  move(amount: u32): u32 {
    this.balance -= amount;
    this.log.push(`moved ${amount}`);
    this.owners.set(peer, amount);
    this.emit('Moved', amount);
    this.ctx.send(peer, new Uint8Array([1]));
    if (this.balance < 0) throw new Error('overdrawn');
    return this.balance;
  }

  /** Leaves the log ending in a hole: refused when the segment ends. */
  forgetLast(): void {
    delete this.log[this.log.length - 1];
  }

  dropLast(): void {
    this.log.pop();
  }

  async moveThenAsk(amount: u32): Promise<u32> {
    this.balance -= amount;
    this.emit('Moved', amount);
    await this.ctx.call(peer, new Uint8Array(16));
    this.balance -= amount;
    this.emit('Moved', amount);
    throw new Error('after the await');
  }
}

describe('unitActor segments', () => {
  it('rolls back state, Map and array writes, events and sends of a handler that throws', () => {
    const { actor, events, sent } = unitActor(new Wallet());
    expect(actor.move(4)).toBe(6);
    expect(() => actor.move(7)).toThrow('overdrawn');
    expect(actor.balance).toBe(6);
    expect(actor.log).toEqual(['moved 4']);
    expect(actor.owners.get(peer)).toBe(4);
    expect(events).toEqual([{ name: 'Moved', payload: 4 }]);
    expect(sent).toHaveLength(1);
  });

  it('keeps the segments before an await, as the system does', async () => {
    const ctx = mockContext().onCall(() => new Uint8Array());
    const { actor, events } = unitActor(new Wallet(), ctx);
    await expect(actor.moveThenAsk(3)).rejects.toThrow('after the await');
    expect(actor.balance).toBe(7);
    expect(events).toEqual([{ name: 'Moved', payload: 3 }]);
  });

  it('refuses a delete of the last item that leaves a hole, as the system does, and rolls it back', () => {
    const { actor } = unitActor(new Wallet());
    actor.move(4);
    expect(() => actor.forgetLast()).toThrow(
      expect.objectContaining({
        code: 'RUNTIME_STATE_REFUSED',
        message: expect.stringContaining('Wallet.forgetLast: cannot leave holes in an array (delete of index 0, length 1'),
      }),
    );
    expect(actor.log).toEqual(['moved 4']);
    actor.dropLast();
    expect(actor.log).toEqual([]);
  });

  it('keeps everything with { rollback: false }', () => {
    const { actor, events } = unitActor(new Wallet(), { rollback: false });
    expect(() => actor.move(11)).toThrow('overdrawn');
    expect(actor.balance).toBe(-1);
    expect(events).toHaveLength(1);
  });
});

describe('unitActor given the class', () => {
  it('says to pass an instance, instead of refusing the class for its prototype field, and leaves the class alone', () => {
    const keys = Reflect.ownKeys(Wallet);
    for (const rollback of [true, false]) {
      expect(() => unitActor(Wallet, { rollback })).toThrow(
        expect.objectContaining({
          code: 'RUNTIME_BAD_OPTION',
          message: 'unitActor takes an actor instance, got the class Wallet: write unitActor(new Wallet())',
        }),
      );
    }
    expect(Reflect.ownKeys(Wallet)).toEqual(keys);
  });
});

describe('mockContext value', () => {
  it('refuses a send the balance does not cover, naming the actor under test first and the target last', () => {
    const ctx = mockContext({ balance: 5n });
    expect(() => ctx.transfer(peer, 7n)).toThrow(`VALUE_REJECTED: the actor under test has 5 available and cannot send 7 to ${peer}`);
    expect(ctx.currentBalance).toBe(5n);
  });

  it('refuses a value that is not a u128 bigint with RUNTIME_BAD_OPTION, as the system does, and leaves the balance', () => {
    const ctx = mockContext({ balance: 10n }).onCall(() => new Uint8Array());
    const payload = new Uint8Array(16);
    const bad = expect.objectContaining({ code: 'RUNTIME_BAD_OPTION' });
    expect(() => ctx.transfer(peer, -5n)).toThrow(
      expect.objectContaining({ code: 'RUNTIME_BAD_OPTION', message: 'transfer: value must be a u128 bigint, got -5' }),
    );
    expect(() => ctx.transfer(peer, 5 as unknown as bigint)).toThrow(bad);
    expect(() => ctx.send(peer, payload, { value: -1n })).toThrow(bad);
    expect(() => ctx.call(peer, payload, { value: 1n << 128n })).toThrow(bad);
    expect(() => ctx.query(peer, payload, { value: -1n })).toThrow(bad);
    expect(() => ctx.deploy(`0x${'22'.repeat(32)}`, payload, { value: -1n })).toThrow(bad);
    expect(ctx.currentBalance).toBe(10n);
    expect(ctx.sent).toEqual([]);
  });
});

describe('mockContext without a mock for the request', () => {
  const request = (entryId: number) => {
    const w = new ScaleWriter();
    writeHeader(w, interfaceIdBytes('0x0102030405060708'), entryId, 1);
    return w.finish();
  };
  it('names the request by its header, and the program a mocked target does not answer it for', async () => {
    const ctx = mockContext();
    await expect(ctx.call(peer, request(3))).rejects.toThrow(
      expect.objectContaining({
        code: 'RUNTIME_UNMOCKED_CALL',
        message: expect.stringContaining(`the call (interface 0x0102030405060708, entry 3, route 1) on ${peer}`),
      }),
    );
    await expect(ctx.query(peer, new Uint8Array([1, 2]))).rejects.toThrow(`a query whose payload has no Sails header on ${peer}`);
    ctx.mock(peer, CounterGenerated, {});
    await expect(ctx.call(peer, request(9))).rejects.toThrow(': Counter has no function there');
  });
});

describe('mockContext given a malformed address', () => {
  it('refuses a call, a query and a mock to it with RUNTIME_UNKNOWN_ADDRESS, not as an unmocked call', async () => {
    const bare = mockContext();
    await expect(bare.call('0x12' as ActorId, new Uint8Array(16))).rejects.toThrow(
      expect.objectContaining({ code: 'RUNTIME_UNKNOWN_ADDRESS', message: expect.stringContaining('call to "0x12": not an address') }),
    );
    const ctx = mockContext().onCall(() => new Uint8Array());
    const payload = new Uint8Array(16);
    for (const bad of ['0x12', `0x${'AB'.repeat(32)}`, 'bob']) {
      await expect(ctx.call(bad as ActorId, payload)).rejects.toThrow(
        expect.objectContaining({
          code: 'RUNTIME_UNKNOWN_ADDRESS',
          message: expect.stringContaining(`call to ${JSON.stringify(bad)}: not an address (an ActorId is 0x and 64 lowercase hex digits)`),
        }),
      );
      await expect(ctx.query(bad as ActorId, payload)).rejects.toThrow(expect.objectContaining({ code: 'RUNTIME_UNKNOWN_ADDRESS' }));
      expect(() => ctx.mock(bad as ActorId, CounterGenerated, {})).toThrow(expect.objectContaining({ code: 'RUNTIME_UNKNOWN_ADDRESS' }));
    }
    // Nothing was recorded as sent: the request never left.
    expect(ctx.sent).toEqual([]);
    // A well-formed address still reaches the raw handler.
    await expect(ctx.call(peer, payload)).resolves.toEqual(new Uint8Array());
  });

  it('refuses a transfer to it with RUNTIME_BAD_OPTION, as the system does, and neither records it nor takes the value', () => {
    const ctx = mockContext({ balance: 10n });
    for (const bad of ['0x12', `0x${'AB'.repeat(32)}`, 'bob']) {
      expect(() => ctx.transfer(bad as ActorId, 3n)).toThrow(
        expect.objectContaining({
          code: 'RUNTIME_BAD_OPTION',
          message: `transfer: to must be an ActorId (0x and 64 lowercase hex digits), got ${JSON.stringify(bad)}`,
        }),
      );
    }
    expect(ctx.sent).toEqual([]);
    expect(ctx.currentBalance).toBe(10n);
    ctx.transfer(peer, 3n);
    expect(ctx.sent.map((s) => [s.kind, s.target, s.value])).toEqual([['transfer', peer, 3n]]);
    expect(ctx.currentBalance).toBe(7n);
  });
});
