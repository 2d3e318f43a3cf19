// Round trips through generated codecs, byte-for-byte against @polkadot/types, plus the Sails wire vectors.
import { readFileSync } from 'node:fs';
import { TypeRegistry } from '@polkadot/types';
import { ScaleReader, SdkError, toHex } from '@sprocket/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CounterClient, CounterDefinition } from '../compiler-plugin/src/emit/__fixtures__/counter.gen.js';
import {
  type Action,
  type Everything,
  ExchangeCodecs,
  ExchangeDefinition,
  type Order,
  type Transfer,
} from '../compiler-plugin/src/emit/__fixtures__/exchange.gen.js';

const vectors = JSON.parse(readFileSync(new URL('./vectors/sails.json', import.meta.url), 'utf8')) as {
  messages: { route: number; entry?: string; event?: string; args: number[]; hex: string }[];
};

const registry = new TypeRegistry();
registry.register({
  Side: { _enum: ['Buy', 'Sell'] },
  Transfer: { to: '[u8;32]', amount: 'u128', memo: 'Option<Text>' },
  Order: { id: 'u64', side: 'Side', price: 'u128', qty: 'Compact<u64>', tags: 'Vec<Text>' },
  MoveXY: { x: 'i32', y: 'i32' },
  Action: { _enum: { Noop: 'Null', Move: 'MoveXY', Say: 'Text', Pay: '([u8;32], u128)', Batch: 'Vec<Action>' } },
  PairU8H: { a: 'u8', b: 'Option<H256>' },
  Everything: {
    flag: 'bool',
    small: 'u8',
    mid: 'u16',
    big: 'u256',
    neg: 'i64',
    wide: 'i128',
    i8v: 'i8',
    blob: 'Bytes',
    hash: '[u8;4]',
    trio: '[u16;3]',
    pair: '(u8, Text)',
    balances: 'BTreeMap<[u8;32], u128>',
    scores: 'BTreeMap<u32, Text>',
    res: 'Result<u32, Text>',
    point: '(i16, i16)',
    gp: 'PairU8H',
    cu: 'Compact<u32>',
    c128: 'Compact<u128>',
    action: 'Action',
  },
});

const hexId = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => toHex(b) as `0x${string}`);
const big = (bits: number, signed = false) =>
  signed ? fc.bigInt(-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n) : fc.bigInt(0n, (1n << BigInt(bits)) - 1n);
const text = fc.string({ unit: 'grapheme', maxLength: 20 });

const transferArb: fc.Arbitrary<Transfer> = fc.record({ to: hexId, amount: big(128), memo: fc.option(text, { nil: null }) });
const orderArb: fc.Arbitrary<Order> = fc.record({
  id: big(64),
  side: fc.constantFrom('Buy' as const, 'Sell' as const),
  price: big(128),
  qty: big(64),
  tags: fc.array(text, { maxLength: 5 }),
});
const { action: actionArb } = fc.letrec<{ action: Action }>((tie) => ({
  action: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant({ kind: 'Noop' as const }),
    fc.record({ kind: fc.constant('Move' as const), x: fc.integer(), y: fc.integer() }),
    fc.record({ kind: fc.constant('Say' as const), value: text }),
    fc.record({ kind: fc.constant('Pay' as const), value: fc.tuple(hexId, big(128)) }),
    fc.record({ kind: fc.constant('Batch' as const), value: fc.array(tie('action'), { maxLength: 3 }) }),
  ),
}));
const everythingArb: fc.Arbitrary<Everything> = fc.record({
  flag: fc.boolean(),
  small: fc.integer({ min: 0, max: 255 }),
  mid: fc.integer({ min: 0, max: 65535 }),
  big: big(256),
  neg: big(64, true),
  wide: big(128, true),
  i8v: fc.integer({ min: -128, max: 127 }),
  blob: fc.uint8Array({ maxLength: 40 }),
  hash: fc.uint8Array({ minLength: 4, maxLength: 4 }),
  trio: fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 3, maxLength: 3 }),
  pair: fc.tuple(fc.integer({ min: 0, max: 255 }), text),
  balances: fc.array(fc.tuple(hexId, big(128)), { maxLength: 4 }).map((es) => new Map(es)),
  scores: fc.array(fc.tuple(fc.nat({ max: 0xffffffff }), text), { maxLength: 4 }).map((es) => new Map(es)),
  res: fc.oneof(fc.record({ ok: fc.nat({ max: 0xffffffff }) }), fc.record({ err: text })),
  point: fc.tuple(fc.integer({ min: -32768, max: 32767 }), fc.integer({ min: -32768, max: 32767 })),
  gp: fc.record({ a: fc.integer({ min: 0, max: 255 }), b: fc.option(hexId, { nil: null }) }),
  cu: fc.nat({ max: 0xffffffff }),
  c128: big(128),
  action: actionArb,
});

const polkaAction = (a: Action): unknown => {
  switch (a.kind) {
    case 'Noop':
      return { Noop: null };
    case 'Move':
      return { Move: { x: a.x, y: a.y } };
    case 'Say':
      return { Say: a.value };
    case 'Pay':
      return { Pay: a.value };
    case 'Batch':
      return { Batch: a.value.map(polkaAction) };
  }
};
const polkaEverything = (e: Everything): unknown => ({
  ...e,
  blob: toHex(e.blob), // a Uint8Array would be read as already length-prefixed
  res: 'ok' in e.res ? { Ok: e.res.ok } : { Err: e.res.err },
  action: polkaAction(e.action),
});
const polka = (type: string, value: unknown): string => toHex(registry.createType(type, value).toU8a());

describe('generated codecs', () => {
  it('Transfer: same bytes as @polkadot/types; decode ∘ encode = id', () => {
    fc.assert(
      fc.property(transferArb, (t) => {
        const bytes = ExchangeCodecs.Transfer.encode(t);
        expect(toHex(bytes)).toBe(polka('Transfer', t));
        expect(ExchangeCodecs.Transfer.decode(bytes)).toEqual(t);
      }),
      { numRuns: 300 },
    );
  });

  it('Order: same bytes as @polkadot/types; decode ∘ encode = id', () => {
    fc.assert(
      fc.property(orderArb, (o) => {
        const bytes = ExchangeCodecs.Order.encode(o);
        expect(toHex(bytes)).toBe(polka('Order', o));
        expect(ExchangeCodecs.Order.decode(bytes)).toEqual(o);
      }),
      { numRuns: 300 },
    );
  });

  it('Everything (maps, results, arrays, generics, recursive enums): same bytes as @polkadot/types', () => {
    fc.assert(
      fc.property(everythingArb, (e) => {
        const bytes = ExchangeCodecs.Everything.encode(e);
        expect(toHex(bytes)).toBe(polka('Everything', polkaEverything(e)));
        expect(ExchangeCodecs.Everything.decode(bytes)).toEqual(e);
      }),
      { numRuns: 200 },
    );
  });

  it('decodes strictly: trailing bytes, bad tags and short input are errors that name the field', () => {
    const o: Order = { id: 1n, side: 'Sell', price: 2n, qty: 3n, tags: ['a'] };
    const bytes = ExchangeCodecs.Order.encode(o);
    expect(() => ExchangeCodecs.Order.decode(new Uint8Array([...bytes, 0]))).toThrow(/trailing/);
    const badSide = bytes.slice();
    badSide[8] = 7;
    expect(() => ExchangeCodecs.Order.decode(badSide)).toThrow(/Side/);
    expect(() => ExchangeCodecs.Order.decode(bytes.subarray(0, 10))).toThrow(/Order\.price/);
    expect(() => ExchangeCodecs.Transfer.encode({ to: `0x${'00'.repeat(32)}`, amount: -1n, memo: null })).toThrow(/Transfer\.amount/);
  });

  it('range-checks compact<u64> both ways and refuses invalid UTF-8 in short strings', () => {
    const o: Order = { id: 1n, side: 'Buy', price: 2n, qty: 2n ** 64n - 1n, tags: ['gtc'] };
    const bytes = ExchangeCodecs.Order.encode(o);
    expect(ExchangeCodecs.Order.decode(bytes)).toEqual(o);
    const code = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return [(e as { code?: string }).code, (e as Error).message];
      }
      return undefined;
    };
    expect(code(() => ExchangeCodecs.Order.encode({ ...o, qty: 2n ** 64n }))).toEqual(['SCALE_RANGE', expect.stringMatching(/Order\.qty/)]);
    expect(code(() => ExchangeCodecs.Order.encode({ ...o, qty: -1n }))).toEqual(['SCALE_RANGE', expect.stringMatching(/Order\.qty/)]);
    // qty = 2^64 as a compact (big-integer mode, 9 bytes) decodes to SCALE_RANGE at Order.qty.
    const big = new Uint8Array([...bytes.subarray(0, 25), 0x17, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 12, 0x67, 0x74, 0x63]);
    expect(code(() => ExchangeCodecs.Order.decode(big))).toEqual(['SCALE_RANGE', expect.stringMatching(/Order\.qty/)]);
    const badUtf8 = bytes.slice();
    badUtf8[bytes.length - 2] = 0xff;
    expect(code(() => ExchangeCodecs.Order.decode(badUtf8))).toEqual(['SCALE_BAD_UTF8', expect.stringMatching(/Order\.tags/)]);
  });

  it('encodes and decodes whole messages with the Sails header', () => {
    const place = ExchangeDefinition.services[0]?.functions.find((f) => f.name === 'Place');
    if (place === undefined) throw new Error('no Place');
    const order: Order = { id: 7n, side: 'Buy', price: 10n ** 20n, qty: 5n, tags: ['x', 'y'] };
    const msg = place.encodeCall([order]);
    expect(toHex(msg.subarray(0, 16))).toBe('0x474d01100102030405060708020001 00'.replace(' ', ''));
    const r = new ScaleReader(msg);
    r.offset = 16;
    expect(place.decodeArgs(r)).toEqual([order]);
    const reply = place.encodeReply({ ok: 3n });
    expect(place.decodeReply(reply)).toEqual({ ok: 3n });
    expect(place.replyToJson({ ok: 3n })).toEqual({ ok: '3' });
    expect(place.argsFromJson([{ id: '7', side: 'Buy', price: '100000000000000000000', qty: 5, tags: ['x', 'y'] }])).toEqual([order]);
    expect(() => place.argsFromJson([{ id: '7', side: 'Up', price: '1', qty: 5, tags: [] }])).toThrow(/Exchange\.Place\.order\.side/);
    expect(() => place.argsFromJson([{ id: 7, side: 'Buy', price: 'x', qty: 5, tags: [] }])).toThrow(/Exchange\.Place\.order\.price/);
    // A non-object where the struct goes: a ScaleError naming the argument and the type, as the encoder's.
    expect(place.argsToJson([order])).toEqual([{ id: '7', side: 'Buy', price: '100000000000000000000', qty: '5', tags: ['x', 'y'] }]);
    expect(() => place.argsToJson([5])).toThrow(
      expect.objectContaining({
        name: 'ScaleError',
        code: 'SCALE_BAD_VALUE',
        path: 'Exchange.Place.order',
        message: 'Exchange.Place.order: Order expects an object, got 5',
      }),
    );
    // a reply with another function's header is rejected
    const cancel = ExchangeDefinition.services[0]?.functions.find((f) => f.name === 'Cancel');
    expect(() => cancel?.decodeReply(reply)).toThrow(/header/);
  });
});

describe('Counter wire vectors (test/vectors/sails.json)', () => {
  const service = CounterDefinition.services[0];
  if (service === undefined) throw new Error('no service');
  const withRoute2 = (bytes: Uint8Array): string => {
    const copy = bytes.slice();
    copy[14] = 2; // the vectors put the service on route 2; the TS Counter is route 1
    return toHex(copy);
  };

  it('encodes calls and events to the vector bytes', () => {
    for (const v of vectors.messages) {
      if (v.entry !== undefined) {
        const fn = service.functions.find((f) => f.name === v.entry);
        expect(withRoute2(fn?.encodeCall(v.args) ?? new Uint8Array())).toBe(v.hex);
      } else {
        const ev = service.events.find((e) => e.name === v.event);
        expect(withRoute2(ev?.encode(v.args[0]) ?? new Uint8Array())).toBe(v.hex);
      }
    }
  });

  it('the typed client sends the same bytes over a transport', async () => {
    const sent: string[] = [];
    const transport = {
      call: async (_to: string, payload: Uint8Array) => {
        sent.push(toHex(payload));
        return service.functions[0]?.encodeReply(42) ?? new Uint8Array();
      },
      send: (_to: string, payload: Uint8Array) => {
        sent.push(toHex(payload));
        return `0x${'11'.repeat(32)}` as const;
      },
      query: async () => service.functions[2]?.encodeReply(7) ?? new Uint8Array(),
      deploy: async (_code: string, payload: Uint8Array) => {
        sent.push(toHex(payload));
        return `0x${'22'.repeat(32)}` as const;
      },
      subscribe: (_source: string, listener: (payload: Uint8Array) => void) => {
        listener(service.events[0]?.encode(10) ?? new Uint8Array());
        return () => {};
      },
    };
    const client = await CounterClient.deploy(transport, `0x${'33'.repeat(32)}`, 'new', [5]);
    expect(sent[0]).toBe('0x474d01100000000000000000000000000105000000');
    expect(await client.add(42)).toBe(42);
    expect(sent[1]).toBe('0x474d0110579d6daba41b7d82000001002a000000');
    expect(client.send.add(1)).toBe(`0x${'11'.repeat(32)}`);
    expect(await client.value()).toBe(7);
    const seen: number[] = [];
    client.on('Added', (n) => seen.push(n));
    expect(seen).toEqual([10]);
  });

  it('deploy refuses a constructor the actor does not have, inherited names included, before sending anything', async () => {
    const sent: Uint8Array[] = [];
    const transport = {
      call: async () => new Uint8Array(),
      send: () => `0x${'11'.repeat(32)}` as const,
      query: async () => new Uint8Array(),
      deploy: async (_code: string, payload: Uint8Array) => {
        sent.push(payload);
        return `0x${'22'.repeat(32)}` as const;
      },
      subscribe: () => () => {},
    };
    for (const name of ['nope', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const failure = await CounterClient.deploy(transport, `0x${'33'.repeat(32)}`, name as 'new', [5]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(SdkError);
      expect(failure).toMatchObject({
        code: 'SDK_UNKNOWN_CONSTRUCTOR',
        message: `deploy: Counter has no constructor ${JSON.stringify(name)}; its constructors: new`,
      });
    }
    expect(sent).toEqual([]);
  });
});
