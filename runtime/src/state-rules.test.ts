// What actor state may hold (state-rules.ts, docs/state.md): only data. Class instances, objects with a prototype of
// their own (Object.create(proto)), boxed primitives, symbols (as values and as keys) and subclasses of Map, Set, Date
// and typed arrays are refused where they are written (directly or nested in what is written, in a handler or in a
// field initialiser); the segment rolls back and the actor goes on. Plain data of every allowed kind still works.
import vm from 'node:vm';
import { Actor, ActorClient, actor, type CallError, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { allowRealmData, unstorable } from './state-rules.js';
import { createTestSystem, unitActor } from './testing/index.js';

class Point {
  x = 1;
  y = 2;
  norm(): number {
    return this.x + this.y;
  }
}
class TaggedMap extends Map<string, number> {}
class PeerClient extends ActorClient {}
class TaggedSet extends Set<number> {}
class TaggedDate extends Date {}
class TaggedBytes extends Uint8Array {}

/** Each refused kind: its name, a maker, and a piece of the refusal. */
const REFUSED: [string, () => unknown, string][] = [
  ['a class instance', () => new Point(), 'an instance of class Point'],
  [
    'a client of another actor',
    () => new PeerClient({} as never, `0x${'01'.repeat(32)}`),
    'a client of another actor (PeerClient), bound to the context of one message: keep its address (an ActorId) in state and write PeerClient.at(this.ctx, address) where you call it',
  ],
  [
    'an Object.create(proto) object',
    () => Object.create({ a: 1 }) as object,
    'an object whose prototype is neither Object.prototype nor null',
  ],
  ['a boxed number', () => new Number(1), 'a boxed number'],
  ['a boxed string', () => new String('x'), 'a boxed string'],
  ['a boxed bigint', () => Object(1n) as object, 'a boxed bigint'],
  ['a boxed boolean', () => new Boolean(true), 'a boxed boolean'],
  ['a boxed symbol', () => Object(Symbol('s')) as object, 'a boxed symbol'],
  [
    'a symbol',
    () => Symbol('s'),
    "a symbol (a symbol's identity does not survive a restart or a replay elsewhere; store its description string)",
  ],
  ['a Map subclass', () => new TaggedMap([['k', 1]]), 'an instance of TaggedMap, a subclass of Map'],
  ['a Set subclass', () => new TaggedSet([1]), 'an instance of TaggedSet, a subclass of Set'],
  ['a Date subclass', () => new TaggedDate(5), 'an instance of TaggedDate, a subclass of Date'],
  ['a typed-array subclass', () => new TaggedBytes(2), 'an instance of TaggedBytes, a subclass of typed array'],
];

/** Where a refused value is written: each puts `bad` somewhere new in state. */
const PLACES = ['field', 'object', 'array', 'map value', 'map key', 'set'] as const;

@actor()
class Holder extends Actor {
  count: u32 = 0;
  cfg: Record<string, unknown> = { kept: { n: 1 } };
  list: unknown[] = [1];
  m = new Map<unknown, unknown>([['a', 1]]);
  s = new Set<unknown>([1]);

  /** Bumps the counter, then writes refused kind `kind` at place `place`. */
  store(kind: u32, place: u32): u32 {
    this.count += 1;
    const bad = (REFUSED[kind] as [string, () => unknown, string])[1]();
    switch (PLACES[place]) {
      case 'field':
        this.cfg = bad as Record<string, unknown>;
        break;
      case 'object':
        this.cfg = { outer: { inner: bad } };
        break;
      case 'array':
        this.list.push([0, bad]);
        break;
      case 'map value':
        this.m.set('b', { v: [bad] });
        break;
      case 'map key':
        this.m.set(bad, 1);
        break;
      default:
        this.s.add({ v: bad });
    }
    return this.count;
  }

  /** Stores a value of every allowed kind, nested, and reads them back. */
  storeData(): string {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = 'v';
    this.cfg = {
      n: 1.5,
      big: 2n ** 70n,
      s: 'text',
      b: true,
      nil: null,
      u: undefined,
      list: [1, [2, { three: 3 }]],
      map: new Map<unknown, unknown>([[{ key: 1 }, new Set([1, 2])]]),
      bare,
      bytes: new Uint8Array([1, 2]),
      words: new Int32Array([-1]),
      longs: new BigUint64Array([7n]),
      when: new Date(1000),
      copied: Object.assign({}, { a: 1 }),
    };
    (this.cfg.when as Date).setTime(2000);
    (this.cfg.bytes as Uint8Array)[0] = 9;
    const map = this.cfg.map as Map<unknown, Set<number>>;
    return [
      (this.cfg.big as bigint).toString(),
      (this.cfg.when as Date).getTime(),
      (this.cfg.bytes as Uint8Array)[0],
      (this.cfg.bare as Record<string, unknown>).k,
      [...map.values()][0]?.size,
      (this.cfg.longs as BigUint64Array)[0],
    ].join(' ');
  }

  @query()
  state(): string {
    return JSON.stringify([this.count, Object.keys(this.cfg), this.list.length, this.m.size, this.s.size]);
  }
}

const UNTOUCHED = JSON.stringify([0, ['kept'], 1, 1, 1]);

describe('state holds only data', () => {
  for (const [kindIndex, [name, , what]] of REFUSED.entries()) {
    it.each(PLACES.map((place, i) => [place, i] as const))(`refuses ${name} written as a %s, rolled back`, async (_place, placeIndex) => {
      const sys = createTestSystem({ seed: `${name}-${placeIndex}` });
      const holder = await sys.deploy(Holder);
      const error = (await holder.store(kindIndex, placeIndex).catch((e: unknown) => e)) as CallError;
      expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_REFUSED' } });
      expect(error.reason).toContain('Holder.store');
      if (kindIndex === 0 && placeIndex === 0) {
        expect(error.reason).toBe(
          `Holder.store: field "cfg": cannot hold an instance of class Point (a class's methods are not data: store its fields in a plain object, and keep the methods on the actor or in functions); actor state holds only data the rollback journal can undo (see docs/state.md)`,
        );
      }
      expect(error.reason).toContain(what);
      const field = ['"cfg"', '"cfg"', '"1"', '"Map value"', '"Map key"', '"Set item"'][placeIndex] as string;
      expect(error.reason).toContain(`field ${field}`);
      // Nothing of the segment stays (the count it bumped first included), and the actor goes on.
      expect(await holder.state()).toBe(UNTOUCHED);
      expect(await holder.storeData()).toBe('1180591620717411303424 2000 9 v 2 7');
    });
  }

  it('keeps every allowed kind: primitives, plain objects, arrays, Map, Set, null-prototype objects, typed arrays, Date', async () => {
    const sys = createTestSystem({ seed: 'data' });
    const holder = await sys.deploy(Holder);
    expect(await holder.storeData()).toBe('1180591620717411303424 2000 9 v 2 7');
    const snapshot = sys.snapshot();
    sys.restore(snapshot);
    const keys = ['n', 'big', 's', 'b', 'nil', 'u', 'list', 'map', 'bare', 'bytes', 'words', 'longs', 'when', 'copied'];
    expect(await holder.state()).toBe(JSON.stringify([0, keys, 1, 1, 1]));
  });
});

/** A base class of the contract's own: its subclasses' handlers run on the journaling proxy, not the field view. */
abstract class Based extends Actor {
  count: u32 = 0;
}

@actor()
class ProxiedHolder extends Based {
  cfg: Record<string, unknown> = {};

  store(kind: u32): u32 {
    this.count += 1;
    this.cfg = (REFUSED[kind] as [string, () => unknown, string])[1]() as Record<string, unknown>;
    return this.count;
  }

  @query()
  value(): u32 {
    return this.count + Object.keys(this.cfg).length;
  }
}

describe('state holds only data, on the journaling proxy too', () => {
  it.each(REFUSED.map(([name, , what], i) => [name, what, i] as const))('refuses %s', async (_name, what, kind) => {
    const sys = createTestSystem({ seed: `proxied-${kind}` });
    const holder = await sys.deploy(ProxiedHolder);
    const error = (await holder.store(kind).catch((e: unknown) => e)) as CallError;
    expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_REFUSED' } });
    expect(error.reason).toContain(`ProxiedHolder.store: field "cfg": cannot hold ${what}`);
    expect(await holder.value()).toBe(0);
  });
});

@actor()
class FieldPoint extends Actor {
  count: u32 = 0;
  cfg = { inner: [new Map<string, unknown>([['k', new Point()]])] };

  @query()
  value(): u32 {
    return this.count;
  }
}

@actor()
class CtorBoxed extends Actor {
  count: u32 = 0;
  label: unknown;

  constructor() {
    super();
    this.label = new String('x');
  }

  @query()
  value(): u32 {
    return this.count;
  }
}

@actor()
class FieldCreate extends Actor {
  base = Object.create({ shared: true }) as object;

  @query()
  value(): u32 {
    return 1;
  }
}

@actor()
class FieldData extends Actor {
  /** An arrow-function field stays allowed at deploy (it fails when used: detach.ts). */
  bump = (): number => 1;
  cfg = { bare: Object.create(null) as object, when: new Date(3), bytes: new Uint8Array(2), m: new Map([[1, new Set([2])]]) };

  @query()
  value(): u32 {
    return Object.keys(this.cfg).length;
  }
}

@actor()
class FieldSymbol extends Actor {
  tag = Symbol('init');

  @query()
  value(): u32 {
    return 1;
  }
}

@actor()
class FieldNestedSymbol extends Actor {
  cfg = { tags: new Map([['a', Symbol('nested')]]) };

  @query()
  value(): u32 {
    return 1;
  }
}

@actor()
class FieldSymbolKey extends Actor {
  cfg: object = { [Symbol('nested key')]: 1 };

  @query()
  value(): u32 {
    return 1;
  }
}

@actor()
class CtorSymbolKey extends Actor {
  count: u32 = 0;

  constructor() {
    super();
    (this as unknown as Record<symbol, unknown>)[Symbol('own key')] = 1;
  }

  @query()
  value(): u32 {
    return this.count;
  }
}

describe('the initial state is checked at deploy', () => {
  it.each([
    [FieldPoint, 'FieldPoint constructor: field "cfg"', 'an instance of class Point'],
    [CtorBoxed, 'CtorBoxed constructor: field "label"', 'a boxed string'],
    [FieldCreate, 'FieldCreate constructor: field "base"', 'Object.create(proto)'],
    [FieldSymbol, 'FieldSymbol constructor: field "tag"', 'cannot hold a symbol ('],
    [FieldNestedSymbol, 'FieldNestedSymbol constructor: field "cfg"', 'cannot hold a symbol (a symbol'],
    [FieldSymbolKey, 'FieldSymbolKey constructor: field "cfg"', 'a property keyed by a symbol (Symbol(nested key)'],
    [CtorSymbolKey, 'CtorSymbolKey constructor: field Symbol(own key)', 'cannot be keyed by a symbol: state roots'],
  ] as const)('refuses %o with INIT_FAILED naming the field', async (cls, where, what) => {
    const sys = createTestSystem({ seed: 'init' });
    const error = (await sys.deploy(cls as typeof FieldPoint).catch((e: unknown) => e)) as CallError;
    expect(error).toMatchObject({ code: 'INIT_FAILED' });
    expect(error.reason).toContain(where);
    expect(error.reason).toContain(what);
  });

  it('refuses the same fields in a unit test (unitActor), and takes plain ones', () => {
    expect(() => unitActor(new FieldPoint())).toThrow(
      expect.objectContaining({
        code: 'RUNTIME_STATE_REFUSED',
        message: expect.stringContaining('FieldPoint given to unitActor: field "cfg": cannot hold an instance of class Point'),
      }),
    );
    expect(() => unitActor(new CtorBoxed())).toThrow(/field "label": cannot hold a boxed string/);
    expect(() => unitActor(new FieldSymbol())).toThrow(
      expect.objectContaining({ code: 'RUNTIME_STATE_REFUSED', message: expect.stringContaining('field "tag": cannot hold a symbol') }),
    );
    expect(() => unitActor(new FieldNestedSymbol())).toThrow(/field "cfg": cannot hold a symbol .*nested in the value written/);
    expect(() => unitActor(new CtorSymbolKey())).toThrow(/field Symbol\(own key\): cannot be keyed by a symbol/);
    expect(unitActor(new FieldData()).actor.value()).toBe(4);
  });

  it('deploys plain initial data (and an arrow-function field, as before)', async () => {
    const sys = createTestSystem({ seed: 'init-data' });
    const actor = await sys.deploy(FieldData);
    expect(await actor.value()).toBe(4);
  });
});

const KEY = Symbol('key');

/** Each way a handler may key a property of state by a symbol: the writer, and the field the refusal names. */
const SYMBOL_KEYED: [string, (self: KeyHolder) => void, string][] = [
  ['set on a nested object', (self) => ((self.cfg as Record<symbol, unknown>)[KEY] = 1), 'field Symbol(key): cannot be keyed by a symbol'],
  [
    'set on an array',
    (self) => ((self.list as unknown as Record<symbol, unknown>)[KEY] = 1),
    'field Symbol(key): cannot be keyed by a symbol',
  ],
  [
    'defined on a nested object',
    (self) => Object.defineProperty(self.cfg, KEY, { value: 1, writable: true, enumerable: true, configurable: true }),
    'field Symbol(key): cannot be keyed by a symbol',
  ],
  [
    'set on a Date',
    (self) => ((self.when as unknown as Record<symbol, unknown>)[KEY] = 1),
    'field Symbol(key): cannot be keyed by a symbol',
  ],
  [
    'nested in the value written',
    (self) => (self.cfg = { inner: { [KEY]: 1 } }),
    'field "cfg": cannot hold a property keyed by a symbol (Symbol(key), nested in the value written)',
  ],
  [
    'nested in a Map value',
    (self) => self.m.set('k', { [KEY]: 1 }),
    'field "Map value": cannot hold a property keyed by a symbol (Symbol(key)',
  ],
];

@actor()
class KeyHolder extends Actor {
  count: u32 = 0;
  cfg: Record<string, unknown> = { kept: 1 };
  list: u32[] = [1];
  when = new Date(5);
  m = new Map<string, unknown>();

  /** Bumps the counter, then keys a property of state by a symbol in way `way`. */
  write(way: u32): u32 {
    this.count += 1;
    (SYMBOL_KEYED[way] as [string, (self: KeyHolder) => void, string])[1](this);
    return this.count;
  }

  /** Keys a field of `this` itself by a symbol. */
  own(): u32 {
    this.count += 1;
    (this as unknown as Record<symbol, unknown>)[KEY] = 1;
    return this.count;
  }

  @query()
  state(): string {
    const symbols = [this.cfg, this.list, this.when, this].map((o) => Object.getOwnPropertySymbols(o).includes(KEY));
    return JSON.stringify([this.count, Object.keys(this.cfg), this.m.size, symbols]);
  }
}

@actor()
class ProxiedKeyHolder extends Based {
  own(): u32 {
    this.count += 1;
    (this as unknown as Record<symbol, unknown>)[KEY] = 1;
    return this.count;
  }

  @query()
  value(): u32 {
    return this.count + (Object.getOwnPropertySymbols(this).includes(KEY) ? 1 : 0);
  }
}

describe('symbol-keyed properties are not state', () => {
  const untouched = JSON.stringify([0, ['kept'], 0, [false, false, false, false]]);

  it.each(SYMBOL_KEYED.map(([name, , where], i) => [name, where, i] as const))('refuses one %s, rolled back', async (_name, where, way) => {
    const sys = createTestSystem({ seed: `symbol-key-${way}` });
    const holder = await sys.deploy(KeyHolder);
    const error = (await holder.write(way).catch((e: unknown) => e)) as CallError;
    expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_REFUSED' } });
    expect(error.reason).toContain(`KeyHolder.write: ${where}`);
    expect(error.reason).toContain('state roots and checkpoints see only string keys');
    expect(await holder.state()).toBe(untouched);
  });

  it('refuses one on `this`: on the field view with a hint, on the journaling proxy as a refusal', async () => {
    const sys = createTestSystem({ seed: 'symbol-key-own' });
    const holder = await sys.deploy(KeyHolder);
    const viewed = (await holder.own().catch((e: unknown) => e)) as CallError;
    expect(viewed).toMatchObject({ code: 'HANDLER_FAILED' });
    expect(viewed.reason).toContain('KeyHolder.own: field Symbol(key): cannot be keyed by a symbol');
    expect(await holder.state()).toBe(untouched);
    const proxied = await sys.deploy(ProxiedKeyHolder);
    const error = (await proxied.own().catch((e: unknown) => e)) as CallError;
    expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_REFUSED' } });
    expect(error.reason).toContain('ProxiedKeyHolder.own: field Symbol(key): cannot be keyed by a symbol');
    expect(await proxied.value()).toBe(0);
  });
});

/** Each way a handler may give a Map or Set of state a property of its own (past its entries). */
const OWN_PROPERTY: [string, (self: EntryHolder) => void, string][] = [
  ['a symbol-keyed property on a Map', (self) => ((self.m as unknown as Record<symbol, unknown>)[KEY] = 1), 'field Symbol(key)'],
  ['a property on a Map', (self) => ((self.m as unknown as Record<string, unknown>).extra = 1), 'field "extra"'],
  [
    'a property defined on a Set',
    (self) => Object.defineProperty(self.s, 'extra', { value: 1, writable: true, enumerable: true, configurable: true }),
    'field "extra"',
  ],
  ['a symbol-keyed property on a Set', (self) => ((self.s as unknown as Record<symbol, unknown>)[KEY] = 1), 'field Symbol(key)'],
];

@actor()
class EntryHolder extends Actor {
  count: u32 = 0;
  m = new Map<string, u32>([['a', 1]]);
  s = new Set<u32>([1]);

  /** Bumps the counter, then writes a property of its own on the Map or Set in way `way`. */
  write(way: u32): u32 {
    this.count += 1;
    (OWN_PROPERTY[way] as [string, (self: EntryHolder) => void, string])[1](this);
    return this.count;
  }

  @query()
  state(): string {
    const own = (o: object) => Reflect.ownKeys(o).length;
    return JSON.stringify([this.count, own(this.m), own(this.s), [...this.m.keys()], [...this.s]]);
  }
}

describe('a Map or Set in state holds only its entries', () => {
  it.each(OWN_PROPERTY.map(([name, , field], i) => [name, field, i] as const))('refuses %s, rolled back', async (_name, field, way) => {
    const sys = createTestSystem({ seed: `own-property-${way}` });
    const holder = await sys.deploy(EntryHolder);
    const error = (await holder.write(way).catch((e: unknown) => e)) as CallError;
    expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_REFUSED' } });
    expect(error.reason).toContain(`EntryHolder.write: ${field}: cannot be a property of a Map or Set in state`);
    // Before, the property was written on the raw Map or Set, past the journal: it stayed after the rollback.
    expect(await holder.state()).toBe(JSON.stringify([0, 0, 0, ['a'], [1]]));
  });
});

describe('unstorable', () => {
  it('names a symbol and a function, and lets the other primitives through', () => {
    expect(unstorable(Symbol('s'))).toMatch(/^a symbol \(/);
    expect(unstorable(Symbol.for('s'))).toMatch(/^a symbol \(/);
    expect(unstorable(() => 1)).toBe('a function');
    for (const ok of [1, 'x', true, 1n, undefined, null]) expect(unstorable(ok)).toBeUndefined();
  });
});

describe('data of another realm', () => {
  it('is refused until the realm is allowed; then its plain objects, arrays and Dates are data, its class instances are not', () => {
    const context = vm.createContext({});
    const [plain, list, instance, boxed] = vm.runInContext(
      '[{ a: 1 }, [1, 2], new (class Kept { k = 1 })(), new Number(3)]',
      context,
    ) as object[];
    expect(unstorable(plain)).toMatch(/an object of another realm/);
    expect(unstorable(list)).toMatch(/an array of another realm/);
    allowRealmData({ object: vm.runInContext('Object.prototype', context), array: vm.runInContext('Array.prototype', context) });
    expect(unstorable(plain)).toBeUndefined();
    expect(unstorable(list)).toBeUndefined();
    expect(unstorable(instance)).toMatch(/an instance of class Kept/);
    expect(unstorable(boxed)).toMatch(/a boxed number/);
  });
});

/** Each way a handler may give a Date or typed array of state, or one it writes, a property of its own. */
const DATA_OWN_PROPERTY: [string, (self: TimeHolder) => void, string][] = [
  [
    'a property on a Date in state',
    (self) => ((self.when as unknown as Record<string, unknown>).note = 'x'),
    'field "note": cannot be a property of a Date',
  ],
  [
    'a named property on a typed array in state',
    (self) => ((self.bytes as unknown as Record<string, unknown>).extra = 1),
    'field "extra": cannot be a property of a typed array',
  ],
  [
    'a Date with a property of its own, written',
    (self) => {
      self.when = Object.assign(new Date(5), { note: 'x' });
    },
    'field "when": cannot hold a Date with a property of its own (note)',
  ],
  [
    'a Map with a property of its own, written nested',
    (self) => {
      self.cfg = { m: Object.assign(new Map(), { extra: 1 }) };
    },
    'field "cfg": cannot hold a Map with a property of its own (extra)',
  ],
];

@actor()
class TimeHolder extends Actor {
  count: u32 = 0;
  when = new Date(1);
  bytes = new Uint8Array([1, 2]);
  cfg: object = {};

  /** Bumps the counter, then gives a Date, typed array or Map a property of its own in way `way`. */
  write(way: u32): u32 {
    this.count += 1;
    (DATA_OWN_PROPERTY[way] as [string, (self: TimeHolder) => void, string])[1](this);
    return this.count;
  }

  /** Sets one element of the bytes (elements are data). */
  poke(value: u32): u32 {
    this.bytes[0] = value;
    return this.bytes[0] ?? 0;
  }

  @query()
  state(): string {
    return JSON.stringify([this.count, this.when.getTime(), Reflect.ownKeys(this.when).length, Object.keys(this.bytes), this.cfg]);
  }
}

@actor()
class NotedDate extends Actor {
  when = Object.assign(new Date(1), { note: 'x' });
}

describe('a Date or typed array in state holds only its time or elements', () => {
  it.each(DATA_OWN_PROPERTY.map(([name, , reason], i) => [name, reason, i] as const))(
    'refuses %s, rolled back',
    async (_name, reason, way) => {
      const sys = createTestSystem({ seed: `data-own-property-${way}` });
      const holder = await sys.deploy(TimeHolder);
      const error = (await holder.write(way).catch((e: unknown) => e)) as CallError;
      expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_REFUSED' } });
      expect(error.reason).toContain(`TimeHolder.write: ${reason}`);
      expect(await holder.state()).toBe(JSON.stringify([0, 1, 0, ['0', '1'], {}]));
    },
  );

  it('still takes writes of elements, and refuses such values left by a constructor', async () => {
    const sys = createTestSystem({ seed: 'data-own-property-ok' });
    const holder = await sys.deploy(TimeHolder);
    expect(await holder.poke(7)).toBe(7);
    const error = (await sys.deploy(NotedDate).catch((e: unknown) => e)) as CallError;
    expect(error).toMatchObject({ code: 'INIT_FAILED' });
    expect(error.reason).toContain('field "when": cannot hold a Date with a property of its own (note)');
  });
});
