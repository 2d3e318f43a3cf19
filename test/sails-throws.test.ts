// `-> T throws E` (Sails `#[export(unwrap_result)]`) in a TS actor: success replies header ‖ T, failure is a
// UserspacePanic error reply with header ‖ E, the segment rolls back, and the client rejects with the typed E.
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, err, findGenerated, handler, ok, type Result, toHex, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { rejection } from './call-rejection.js';

type VaultError = { kind: 'Insufficient'; value: u32 } | { kind: 'Frozen' };

interface VaultEvents {
  Withdrawn: u32;
}

@actor()
class Vault extends Actor<VaultEvents> {
  private balance: u32 = 10;

  @handler({ throws: true })
  withdraw(amount: u32): Result<u32, VaultError> {
    this.balance -= Math.min(amount, this.balance);
    this.emit('Withdrawn', amount);
    if (amount > 10) return err({ kind: 'Insufficient', value: amount });
    return ok(this.balance);
  }

  @handler({ throws: true })
  freeze(): Result<void, VaultError> {
    return err({ kind: 'Frozen' });
  }

  plain(flag: boolean): Result<u32, string> {
    return flag ? ok(1) : err('no');
  }

  touch(): void {
    this.balance += 0;
  }
}

describe('throws', () => {
  it('declares -> T throws E in the IDL and hashes it as Sails does', () => {
    const def = findGenerated('Vault');
    expect(def?.idl).toMatch(/Withdraw\(amount: u32\) -> u32 throws VaultError;/);
    expect(def?.idl).toMatch(/Freeze\(\) throws VaultError;/);
    expect(def?.idl).toMatch(/Plain\(flag: bool\) -> Result<u32, String>;/);
  });

  it('replies header ‖ T on success and fails with header ‖ E, rolling the segment back', async () => {
    const sys = createTestSystem({ seed: 1 });
    const alice = sys.user('alice');
    const vault = await sys.deploy(Vault);
    const fn = def().services[0]!.functions.find((f) => f.name === 'Withdraw')!;
    const header = toHex(fn.encodeCall([0])).slice(0, 34);
    // the raw wire: success is header ‖ u32, failure a HANDLER_FAILED (UserspacePanic) reply with header ‖ VaultError
    expect(toHex(await alice.call(vault.address, fn.encodeCall([3])))).toBe(`${header}07000000`);
    const e = await rejection(alice.call(vault.address, fn.encodeCall([50])));
    expect(e.code).toBe('HANDLER_FAILED');
    expect(toHex(e.replyPayload!)).toBe(`${header}0032000000`);
    expect(fn.decodeError!(e.replyPayload!)).toEqual({ kind: 'Insufficient', value: 50 });
    // rolled back: the balance and the event of the failed segment are gone
    expect(await vault.withdraw(0)).toEqual({ ok: 7 });
    expect(sys.events(vault.address).map((x) => x.payload)).toEqual([3, 0]);
  });

  it('ClientOf mirrors the class: a throws method resolves { ok } or { err }', async () => {
    const sys = createTestSystem({ seed: 1 });
    const vault = await sys.deploy(Vault);
    expect(await vault.withdraw(3)).toEqual({ ok: 7 });
    expect(await vault.withdraw(50)).toEqual({ err: { kind: 'Insufficient', value: 50 } });
    expect(await vault.freeze()).toEqual({ err: { kind: 'Frozen' } });
    expect(await vault.plain(false)).toEqual({ err: 'no' });
  });

  it('keeps the error payload in the reply record, and sys.reply(id) rejects with the typed E', async () => {
    const sys = createTestSystem({ seed: 1 });
    const alice = sys.user('alice');
    const vault = await sys.deploy(Vault);
    const fn = def().services[0]!.functions.find((f) => f.name === 'Withdraw')!;
    const id = alice.send(vault.address, fn.encodeCall([50]));
    const e = await rejection(sys.reply(id));
    expect(e).toMatchObject({ code: 'HANDLER_FAILED', route: 'Vault.Withdraw', payload: { kind: 'Insufficient', value: 50 } });
    const record = sys.replyOf(id);
    expect(record?.ok === false && fn.decodeError!(record.payload)).toEqual({ kind: 'Insufficient', value: 50 });
    // A failure without a typed error keeps an empty payload.
    const plainFailure = alice.send(vault.address, new Uint8Array([1, 2, 3]));
    await sys.runUntilIdle();
    expect(sys.replyOf(plainFailure)).toMatchObject({ ok: false, payload: new Uint8Array(0) });
  });

  it('replies to a unit result with an empty payload', async () => {
    const sys = createTestSystem({ seed: 1 });
    const alice = sys.user('alice');
    const vault = await sys.deploy(Vault);
    const fn = def().services[0]!.functions.find((f) => f.name === 'Touch')!;
    const bytes = await alice.call(vault.address, fn.encodeCall([]));
    expect(bytes.length).toBe(0);
    expect(fn.decodeReply(bytes)).toBeUndefined();
    expect(fn.decodeReply(fn.encodeCall([]))).toBeUndefined();
  });
});

function def() {
  const d = findGenerated('Vault');
  if (d === undefined) throw new Error('Vault is not generated');
  return d;
}
