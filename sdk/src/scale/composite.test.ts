import { describe, expect, it } from 'vitest';
import { decode, encode, encodeJson } from './codec.js';
import { array, lazy, option, result, struct, tuple, tupleStruct, vec } from './composite.js';
import { enumTagged } from './enum.js';
import { ScaleError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { actorId, bool, compact, i8, str, u8, u16, u32, u64, u128, unit } from './primitives.js';

const err = (f: () => unknown): ScaleError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScaleError) return e;
    throw e;
  }
  throw new Error('expected a ScaleError');
};

const Transfer = struct('Transfer', [
  ['to', actorId],
  ['amount', u128],
  ['memo', option(str)],
]);
const TO = `0x${'01'.repeat(32)}`;

describe('struct', () => {
  it('round-trips and names field paths in errors', () => {
    const v = { to: TO, amount: 5n, memo: 'hi' };
    const bytes = encode(Transfer, v);
    expect(decode(Transfer, bytes)).toEqual(v);
    expect(Transfer.idl).toBe('Transfer');
    const e = err(() => encode(Transfer, { to: TO, amount: -1n, memo: null }));
    expect(e.code).toBe('SCALE_RANGE');
    expect(e.message).toBe('Transfer.amount: u128 out of range: -1');
    expect(err(() => encode(Transfer, { to: TO, amount: 1 as unknown as bigint, memo: null })).code).toBe('SCALE_BAD_VALUE');
  });
  it('nested paths through vec, option, result and enum', () => {
    const Outer = struct('Outer', [['items', vec(Transfer)]]);
    const good = { to: TO, amount: 1n, memo: null };
    const e = err(() => encode(Outer, { items: [good, { ...good, memo: 5 as unknown as string }] }));
    expect(e.path).toBe('Outer.items[1].memo');
    const R = result(vec(u8), str);
    expect(err(() => encode(R, { ok: [1, 300] })).path).toBe('Result<[u8], String>.ok[1]');
    const E = enumTagged('E', [
      { name: 'A', fields: [['x', u16]] },
      { name: 'B', fields: [u8, u16] },
    ]);
    expect(err(() => encode(E, { kind: 'A', x: -1 }, 'msg')).message).toBe('msg.A.x: u16 out of range: -1');
    expect(err(() => encode(E, { kind: 'B', value: [1, 70000] }, 'msg')).path).toBe('msg.B[1]');
    const bytes = fromHex(`0x04${'00'.repeat(32)}${'00'.repeat(16)}02`);
    const decodeErr = err(() => decode(vec(Transfer), bytes, 'v'));
    expect(decodeErr.path).toBe('v[0].memo');
  });
  it('fromJson validates with paths', () => {
    expect(Transfer.fromJson({ to: TO, amount: '7', memo: null }, 'T')).toEqual({ to: TO, amount: 7n, memo: null });
    expect(Transfer.fromJson({ to: TO, amount: 7, memo: 'x' }, 'T')).toEqual({ to: TO, amount: 7n, memo: 'x' });
    expect(err(() => Transfer.fromJson({ to: TO, amount: 'x', memo: null }, 'T')).path).toBe('T.amount');
    expect(err(() => Transfer.fromJson({ to: TO, memo: null }, 'T')).path).toBe('T.amount');
    expect(err(() => Transfer.fromJson({ to: TO, amount: '1', memo: null, extra: 1 }, 'T')).code).toBe('SCALE_BAD_JSON');
    expect(err(() => Transfer.fromJson({ to: TO, amount: 2 ** 60, memo: null }, 'T')).code).toBe('SCALE_BAD_JSON');
    expect(err(() => Transfer.fromJson({ to: TO, amount: '-1', memo: null }, 'T')).code).toBe('SCALE_RANGE');
    expect(toHex(encodeJson(Transfer, { to: TO, amount: '1', memo: null }))).toBe(`${TO}0100000000000000000000000000000000`);
  });
});

describe('vec, array, tuple', () => {
  it('round-trips', () => {
    expect(toHex(encode(vec(u16), [4, 8]))).toBe('0x0804000800');
    expect(toHex(encode(array(u16, 2), [4, 8]))).toBe('0x04000800');
    expect(toHex(encode(tuple(u8, u16), [1, 2]))).toBe('0x010200');
    expect(decode(tuple(u8, bool), fromHex('0x0101'))).toEqual([1, true]);
    expect(decode(tupleStruct('P', [u8, i8]), fromHex('0x01ff'))).toEqual([1, -1]);
    expect(tuple(u8).idl).toBe('(u8,)');
    expect(array(u16, 3).idl).toBe('[u16; 3]');
  });
  it('rejects wrong lengths and kinds', () => {
    expect(err(() => encode(array(u8, 2), [1])).code).toBe('SCALE_BAD_LENGTH');
    expect(err(() => encode(tuple(u8, u8), [1])).code).toBe('SCALE_BAD_LENGTH');
    expect(err(() => encode(vec(u8), 'x' as unknown as number[])).code).toBe('SCALE_BAD_VALUE');
  });
  it('bounds vec lengths before allocating', () => {
    expect(err(() => decode(vec(u64), fromHex('0x0300000040aabb'))).code).toBe('SCALE_LENGTH_OVERFLOW');
    // 2 items of at least 8 bytes each need 16 bytes.
    expect(err(() => decode(vec(u64), fromHex(`0x08${'00'.repeat(15)}`))).code).toBe('SCALE_LENGTH_OVERFLOW');
  });
  it('vec of unit', () => {
    expect(decode(vec(unit), fromHex('0x0c'))).toEqual([undefined, undefined, undefined]);
  });
});

describe('option and result', () => {
  it('writes Some(()) of Option<()> as {"some": null} in JSON, apart from None', () => {
    const c = option(unit);
    expect(toHex(encode(c, undefined))).toBe('0x01');
    expect(c.toJson(undefined)).toEqual({ some: null });
    expect(c.toJson(null)).toBeNull();
    expect(c.fromJson({ some: null }, '')).toBeUndefined();
    expect(c.fromJson(null, '')).toBeNull();
    expect(err(() => c.fromJson({}, 'x')).message).toContain('Option<()> expects null or {"some": null}');
  });
  it('encodes tags', () => {
    expect(toHex(encode(option(bool), false))).toBe('0x0100');
    expect(toHex(encode(option(u32), null))).toBe('0x00');
    expect(toHex(encode(result(u32, str), { err: 'e' }))).toBe('0x010465');
    expect(err(() => decode(option(u32), fromHex('0x02'))).code).toBe('SCALE_BAD_TAG');
    expect(err(() => decode(result(u32, str), fromHex('0x02'))).code).toBe('SCALE_BAD_TAG');
    expect(err(() => encode(result(u32, str), {} as { ok: number })).code).toBe('SCALE_BAD_VALUE');
  });
  it('JSON', () => {
    const R = result(u64, str);
    expect(R.toJson({ ok: 5n })).toEqual({ ok: '5' });
    expect(R.fromJson({ err: 'x' }, '')).toEqual({ err: 'x' });
    expect(err(() => R.fromJson({ ok: '1', err: 'x' }, 'r')).code).toBe('SCALE_BAD_JSON');
    expect(option(u64).toJson(null)).toBeNull();
  });
});

describe('compact', () => {
  it('checks the kind range', () => {
    expect(toHex(encode(compact('u8'), 255))).toBe('0xfd03');
    expect(err(() => encode(compact('u8'), 256)).code).toBe('SCALE_RANGE');
    expect(err(() => decode(compact('u8'), fromHex('0x0104'))).code).toBe('SCALE_RANGE');
    expect(err(() => encode(compact('u32'), 1n as unknown as number)).code).toBe('SCALE_BAD_VALUE');
    expect(err(() => encode(compact('u64'), 1 as unknown as bigint)).code).toBe('SCALE_BAD_VALUE');
    expect(err(() => encode(compact('u64'), 2n ** 64n)).code).toBe('SCALE_RANGE');
    expect(decode(compact('u128'), encode(compact('u128'), 2n ** 100n))).toBe(2n ** 100n);
    expect(err(() => decode(compact('u64'), fromHex(`0x17${'00'.repeat(8)}01`))).code).toBe('SCALE_RANGE');
    expect(compact('u64').idl).toBe('compact<u64>');
  });
});

describe('lazy (recursive types)', () => {
  interface Node {
    value: number;
    children: Node[];
  }
  const NodeC: ReturnType<typeof struct<readonly [['value', typeof u8], ['children', ReturnType<typeof vec<Node>>]]>> = struct('Node', [
    ['value', u8],
    ['children', vec(lazy((): typeof NodeC => NodeC as never, 'Node'))],
  ]) as never;
  it('round-trips a tree', () => {
    const tree: Node = {
      value: 1,
      children: [
        { value: 2, children: [] },
        { value: 3, children: [{ value: 4, children: [] }] },
      ],
    };
    expect(decode(NodeC, encode(NodeC, tree))).toEqual(tree);
    expect(NodeC.fromJson(NodeC.toJson(tree), '')).toEqual(tree);
  });
});
