// A TS actor speaks the Sails primitives and constructor `throws` the way a Rust Sails program does: its IDL declares
// the NonZero integers as Sails' generator writes them (`struct NonZeroU32(u32);`), that IDL parses back to the same
// ids, zero is refused on the wire, and `@init({ throws: true })` fails the deploy with header ‖ SCALE(E).
import { createTestSystem } from '@sprocket/runtime/testing';
import {
  Actor,
  actor,
  err,
  findGenerated,
  init,
  type NonZeroU8,
  type NonZeroU32,
  type NonZeroU256,
  ok,
  type Result,
  toHex,
} from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { parseIdl } from '../../compiler-plugin/src/idl/parser.js';
import { rejection } from '../call-rejection.js';

type CapError = { kind: 'TooLarge'; cap: NonZeroU32 } | { kind: 'Odd' };

interface CappedEvents {
  Raised: NonZeroU256;
}

@actor()
class Capped extends Actor<CappedEvents> {
  private cap: NonZeroU32 = 1;

  @init({ throws: true })
  create(cap: NonZeroU32): Result<void, CapError> {
    if (cap > 1000) return err({ kind: 'TooLarge', cap });
    if (cap % 2 === 1) return err({ kind: 'Odd' });
    this.cap = cap;
    return ok(undefined);
  }

  @init()
  simple(): void {
    this.cap = 2;
  }

  raise(by: NonZeroU8, to: NonZeroU256): NonZeroU32 {
    this.cap += by;
    this.emit('Raised', to);
    return this.cap;
  }
}

describe('TS actor: NonZero integers and constructor throws', () => {
  it('writes the IDL Sails writes and parses back to the same ids', () => {
    const def = findGenerated('Capped');
    const idl = def?.idl ?? '';
    expect(idl).toMatch(/Create\(cap: NonZeroU32\) throws CapError;/);
    expect(idl).toMatch(/Simple\(\);/);
    expect(idl).toMatch(/Raise\(by: NonZeroU8, to: NonZeroU256\) -> NonZeroU32;/);
    // Declared in the service's types block (and the program's, for the constructor error type), as Sails does.
    expect(idl).toMatch(/struct NonZeroU256\(U256\);\n\s+struct NonZeroU32\(u32\);\n\s+struct NonZeroU8\(u8\);\n\s+}\n}/);
    expect(idl).toMatch(/types {\n\s+enum CapError {[^}]+}[^}]+}\n\s+struct NonZeroU32\(u32\);\n\s+}\n}\n$/);
    const parsed = parseIdl(idl, 'capped.idl');
    const svc = def?.services[0];
    expect(parsed.services[0]?.interfaceId).toBe(svc?.interfaceId);
    expect(parsed.services[0]?.functions[0]?.params.map((p) => p.type)).toEqual([
      { kind: 'primitive', name: 'NonZeroU8' },
      { kind: 'primitive', name: 'NonZeroU256' },
    ]);
    expect(parsed.services[0]?.types).toEqual([]);
    expect(parsed.program?.constructors[0]?.throws).toEqual({ kind: 'named', name: 'CapError' });
  });

  it('puts the integer on the wire and refuses zero', async () => {
    const sys = createTestSystem({ seed: 1 });
    const capped = await sys.deploy(Capped, 'create', [10]);
    expect(await capped.raise(5, 7n)).toBe(15);
    const fn = findGenerated('Capped')?.services[0]?.functions[0];
    expect(toHex(fn?.encodeCall([5, 7n]) ?? new Uint8Array()).slice(34)).toBe(`05${'07'.padEnd(64, '0')}`);
    expect(() => fn?.encodeCall([0, 7n])).toThrow(/Capped\.Raise\.by: NonZeroU8 must not be 0/);
    const zeroReply = new Uint8Array([...(fn?.encodeCall([1, 1n]).subarray(0, 16) ?? []), 0, 0, 0, 0]);
    expect(() => fn?.decodeReply(zeroReply)).toThrow(/NonZeroU32 must not be 0/);
  });

  it('fails the deploy with the typed error of a throwing constructor, and the actor stays uninitialised', async () => {
    const sys = createTestSystem({ seed: 1 });
    const e = await rejection(sys.deploy(Capped, 'create', [2000]));
    expect(e.code).toBe('INIT_FAILED');
    expect(e.payload).toEqual({ kind: 'TooLarge', cap: 2000 });
    const ctor = findGenerated('Capped')?.constructors.find((c) => c.name === 'Create');
    // Header of the constructor (interface id 0, its entry id, route 0) ‖ SCALE(E): variant 1 of CapError, then u32.
    expect(toHex(e.replyPayload ?? new Uint8Array())).toBe(
      `0x474d01100000000000000000${ctor?.entryId === 0 ? '0000' : '0100'}000000d0070000`,
    );
    const odd = await rejection(sys.deploy(Capped, 'create', [3]));
    expect(odd.payload).toEqual({ kind: 'Odd' });
    expect((await sys.deploy(Capped, 'simple', [])).raise).toBeTypeOf('function');
  });
});
