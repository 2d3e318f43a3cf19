import {
  Actor,
  type ActorId,
  actor,
  type CallError,
  type i32,
  type i128,
  query,
  type u8,
  type u16,
  type u32,
  type u64,
  type u128,
} from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { OP_MAP, OP_PROP } from './journal-entries.js';
import { nestedRangeError } from './nested-ranges.js';
import { nestedFields } from './nested-shapes.js';
import { createTestSystem, unitActor } from './testing/index.js';

const U128_MAX = '340282366920938463463374607431768211455';
const U64_MAX = '18446744073709551615';

/** One holder's account. */
interface Account {
  balance: u128;
  nonce: u64;
  memo: string;
}

/** The fee schedule. */
type Config = { fee: u16; cap: u128 };

/** An order book line. */
class Order {
  price: u32 = 0;
  qty: u16 = 0;
}

@actor()
class Vault extends Actor {
  config: Config = { fee: 5, cap: 1000n };
  accounts = new Map<ActorId, Account>();
  pairs: Map<ActorId, [u128, u64]> = new Map();
  held: Map<ActorId, u32[]> = new Map();
  orders: Order[] = [];
  grid: u8[][] = [];
  pending: Config | null = null;

  setConfig(fee: i32, cap: i128): void {
    this.config = { fee, cap };
  }

  setFee(fee: i32): void {
    this.config.fee = fee;
  }

  open(who: ActorId, balance: i128): void {
    this.accounts.set(who, { balance, nonce: 0n, memo: '' });
  }

  debit(who: ActorId, amount: i128): void {
    const account = this.accounts.get(who)!;
    account.balance -= amount;
  }

  bump(who: ActorId): void {
    this.accounts.get(who)!.nonce += 1n;
  }

  note(who: ActorId, memo: string): void {
    this.accounts.get(who)!.memo = memo;
  }

  pair(who: ActorId, a: i128, b: i128): void {
    this.pairs.set(who, [a, b]);
  }

  pairFirst(who: ActorId, a: i128): void {
    this.pairs.get(who)![0] = a;
  }

  hold(who: ActorId, amount: i32): void {
    const list = this.held.get(who);
    if (list === undefined) this.held.set(who, [amount]);
    else list.push(amount);
  }

  order(price: i32, qty: i32): void {
    this.orders.push({ price, qty });
  }

  resize(at: u32, qty: i32): void {
    this.orders[at]!.qty = qty;
  }

  cell(row: u32, value: i32): void {
    while (this.grid.length <= row) this.grid.push([]);
    this.grid[row]!.push(value);
  }

  propose(fee: i32): void {
    this.pending = { fee, cap: 0n };
  }

  withdraw(): void {
    this.pending = null;
  }

  amendPending(fee: i32): void {
    this.pending!.fee = fee;
  }

  @query() accountOf(who: ActorId): [u128, u64, string] {
    const a = this.accounts.get(who);
    return a === undefined ? [0n, 0n, ''] : [a.balance, a.nonce, a.memo];
  }

  @query() summary(): [u32, u32, u32, u32, u32] {
    return [this.config.fee, this.orders.length, this.grid.length, this.pending?.fee ?? 0, this.held.size];
  }
}

@actor()
class BadConfig extends Actor {
  config: Config = { fee: 70_000, cap: 0n };
  ping(): void {}
}

@actor()
class BadAccounts extends Actor {
  accounts = new Map<ActorId, Account>([['0x01' as ActorId, { balance: -1n, nonce: 0n, memo: '' }]]);
  ping(): void {}
}

/** What a failed call says, for the cases below. */
async function failure(call: Promise<unknown>): Promise<CallError> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as CallError | undefined;
  expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' } });
  return error as CallError;
}

describe('nested integers of state, checked at commit in the system', () => {
  it('fails a struct field written whole or in place, naming field, type, path and range; rolls back', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-struct' });
    const vault = await sys.deploy(Vault);
    expect((await failure(vault.setConfig(70_000, 1n))).reason).toBe(
      'Vault.setConfig: state field "config" (Config) holds 70000 at config.fee, outside 0..65535; the segment is rolled back',
    );
    expect((await failure(vault.setConfig(1, -1n))).reason).toContain('holds -1n at config.cap, outside 0..');
    expect((await failure(vault.setFee(65_536))).reason).toBe(
      'Vault.setFee: state field "config" (Config) holds 65536 at config.fee, outside 0..65535; the segment is rolled back',
    );
    expect(await vault.summary()).toEqual([5, 0, 0, 0, 0]);
    await vault.setFee(65_535);
    await vault.setConfig(7, 2n);
    expect(await vault.summary()).toEqual([7, 0, 0, 0, 0]);
  });

  it('fails a Map of structs set whole or mutated in place, and passes what stays in range', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-map' });
    const alice = sys.user('alice').id;
    const vault = await sys.deploy(Vault);
    expect((await failure(vault.open(alice, -5n))).reason).toBe(
      `Vault.open: state field "accounts" (Map<ActorId, Account>) holds -5n at accounts[${alice}].balance, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    expect(await vault.accountOf(alice)).toEqual([0n, 0n, '']);
    await vault.open(alice, 100n);
    await vault.debit(alice, 40n);
    expect((await failure(vault.debit(alice, 61n))).reason).toBe(
      `Vault.debit: state field "accounts" (Map<ActorId, Account>) holds -1n at accounts[${alice}].balance, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    expect(await vault.accountOf(alice)).toEqual([60n, 0n, '']);
    await vault.debit(alice, 60n);
    await vault.bump(alice);
    await vault.note(alice, 'hi');
    expect(await vault.accountOf(alice)).toEqual([0n, 1n, 'hi']);
  });

  it('fails tuple Map values, arrays in a Map, arrays of structs and nested arrays', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-kinds' });
    const alice = sys.user('alice').id;
    const vault = await sys.deploy(Vault);
    expect((await failure(vault.pair(alice, 1n, -1n))).reason).toContain(`holds -1n at pairs[${alice}][1], outside 0..${U64_MAX}`);
    await vault.pair(alice, 1n, 2n);
    expect((await failure(vault.pairFirst(alice, -3n))).reason).toContain(
      `"pairs" (Map<ActorId, [u128, u64]>) holds -3n at pairs[${alice}][0]`,
    );
    await vault.pairFirst(alice, 3n);
    await vault.hold(alice, 1);
    expect((await failure(vault.hold(alice, -1))).reason).toContain(
      `"held" (Map<ActorId, u32[]>) holds -1 at held[${alice}][1], outside 0..4294967295`,
    );
    expect((await failure(vault.order(1, 70_000))).reason).toContain('"orders" (Order[]) holds 70000 at orders[0].qty, outside 0..65535');
    await vault.order(1, 2);
    expect((await failure(vault.resize(0, -2))).reason).toContain('holds -2 at orders[0].qty');
    await vault.resize(0, 3);
    expect((await failure(vault.cell(0, 256))).reason).toContain('"grid" (u8[][]) holds 256 at grid[0][0], outside 0..255');
    await vault.cell(1, 255);
    expect(await vault.summary()).toEqual([5, 1, 2, 0, 1]);
  });

  it('lets a `T | null` struct be null, and checks it when it holds one', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-option' });
    const vault = await sys.deploy(Vault);
    expect((await failure(vault.propose(-1))).reason).toContain('"pending" (Config | null) holds -1 at pending.fee');
    await vault.propose(3);
    expect((await failure(vault.amendPending(65_536))).reason).toContain('holds 65536 at pending.fee');
    await vault.withdraw();
    await vault.propose(4);
    expect(await vault.summary()).toEqual([5, 0, 0, 4, 0]);
  });

  it('checks in-place writes to state restored from a snapshot (new objects, registered as they are put in place)', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-restore' });
    const alice = sys.user('alice').id;
    const vault = await sys.deploy(Vault);
    await vault.open(alice, 5n);
    await vault.order(1, 1);
    const snap = sys.snapshot();
    await vault.debit(alice, 1n);
    sys.restore(snap);
    expect((await failure(vault.debit(alice, 6n))).reason).toContain(`holds -1n at accounts[${alice}].balance`);
    expect((await failure(vault.resize(0, 70_000))).reason).toContain('holds 70000 at orders[0].qty');
    expect(await vault.accountOf(alice)).toEqual([5n, 0n, '']);
    await vault.debit(alice, 5n);
    expect(await vault.accountOf(alice)).toEqual([0n, 0n, '']);
  });

  it('fails a deploy whose constructor built a nested value out of range', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-deploy' });
    await expect(sys.deploy(BadConfig)).rejects.toMatchObject({
      code: 'INIT_FAILED',
      reason: expect.stringContaining('state field "config" (Config) holds 70000 at config.fee, outside 0..65535'),
      cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' },
    });
    await expect(sys.deploy(BadAccounts)).rejects.toMatchObject({
      reason: expect.stringContaining('state field "accounts" (Map<ActorId, Account>) holds -1n at accounts[0x01].balance'),
    });
  });
});

/** A generic holder, and a ledger through a generic alias: both read with their type arguments. */
interface Slot<T> {
  value: T;
}
type Ledger<T> = Map<ActorId, T>;

@actor()
class GenericVault extends Actor {
  balances: Ledger<u128> = new Map();
  slots: Ledger<Slot<u8>> = new Map();

  credit(who: ActorId, amount: i128): void {
    this.balances.set(who, (this.balances.get(who) ?? 0n) + amount);
  }

  bump(who: ActorId, by: i32): void {
    const slot = this.slots.get(who);
    if (slot === undefined) this.slots.set(who, { value: by });
    else slot.value += by;
  }

  @query()
  read(who: ActorId): [u128, u8] {
    return [this.balances.get(who) ?? 0n, this.slots.get(who)?.value ?? 0];
  }
}

describe('nested integers through generic types', () => {
  it('checks a Map through a generic alias and a generic struct, set whole or in place', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-generic' });
    const alice = sys.user('alice').id;
    const vault = await sys.deploy(GenericVault);
    await vault.credit(alice, 10n);
    expect((await failure(vault.credit(alice, -11n))).reason).toBe(
      `GenericVault.credit: state field "balances" (Ledger<u128>) holds -1n at balances[${alice}], outside 0..${U128_MAX}; the segment is rolled back`,
    );
    await vault.bump(alice, 200);
    expect((await failure(vault.bump(alice, 56))).reason).toBe(
      `GenericVault.bump: state field "slots" (Ledger<Slot<u8>>) holds 256 at slots[${alice}].value, outside 0..255; the segment is rolled back`,
    );
    expect((await failure(vault.bump(sys.user('bob').id, -1))).reason).toContain('holds -1 at slots[');
    expect(await vault.read(alice)).toEqual([10n, 200]);
  });
});

/** Types that refer to themselves, and elements that may be undefined: checked at any depth. */
interface TreeNode {
  value: u32;
  children: TreeNode[];
}
type List = { head: u64; next: List | null };
interface Member {
  balance: u128;
  referrer: Member | null;
}

@actor()
class Forest extends Actor {
  tree: TreeNode = {
    value: 0,
    children: [
      {
        value: 1,
        children: [
          { value: 2, children: [] },
          { value: 3, children: [] },
        ],
      },
    ],
  };
  list: List | null = null;
  members = new Map<ActorId, Member>();
  slots: (u32 | undefined)[] = [];
  pairs: Map<ActorId, [u8, u16?]> = new Map();

  graft(value: i32): void {
    this.tree.children[0]!.children[1]!.children.push({ value: 4, children: [{ value, children: [] }] });
  }

  setDeep(value: i32): void {
    this.tree.children[0]!.children[1]!.value = value;
  }

  prepend(head: i128): void {
    this.list = { head, next: this.list };
  }

  build(a: i128, b: i128): void {
    this.list = { head: a, next: { head: b, next: null } };
  }

  setSecond(head: i128): void {
    this.list!.next!.head = head;
  }

  join(who: ActorId, referrer: ActorId, balance: i128): void {
    this.members.set(who, { balance, referrer: this.members.get(referrer) ?? null });
  }

  creditReferrer(who: ActorId, by: i128): void {
    this.members.get(who)!.referrer!.balance += by;
  }

  setSlot(at: u32, value: i32, empty: boolean): void {
    this.slots[at] = empty ? undefined : value;
  }

  pair(who: ActorId, a: i32, b: i32, hasB: boolean): void {
    this.pairs.set(who, hasB ? [a, b] : [a]);
  }

  @query() deep(): [u32, u32, u64] {
    return [this.tree.children[0]!.children[1]!.value, this.slots.length, this.list?.next?.head ?? 0n];
  }
}

describe('nested integers in types that refer to themselves, and elements that may be undefined', () => {
  it('fails a write deep in a tree, whole or in place, with its path; rolls back', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-tree' });
    const forest = await sys.deploy(Forest);
    expect((await failure(forest.setDeep(-1))).reason).toBe(
      'Forest.setDeep: state field "tree" (TreeNode) holds -1 at tree.children[0].children[1].value, outside 0..4294967295; the segment is rolled back',
    );
    expect((await failure(forest.graft(-2))).reason).toContain('holds -2 at tree.children[0].children[1].children[0].children[0].value');
    await forest.graft(5);
    await forest.setDeep(7);
    expect(await forest.deep()).toEqual([7, 0, 0n]);
  });

  it('fails a linked list and a Map of structs that refer to each other, written whole or in place through a Map get', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-list' });
    const [alice, bob] = [sys.user('alice').id, sys.user('bob').id];
    const forest = await sys.deploy(Forest);
    await forest.build(1n, 2n);
    await forest.prepend(3n);
    expect((await failure(forest.prepend(-3n))).reason).toContain(`"list" (List | null) holds -3n at list.head, outside 0..${U64_MAX}`);
    expect((await failure(forest.build(1n, -2n))).reason).toContain('holds -2n at list.next.head');
    await forest.build(1n, 2n);
    expect((await failure(forest.setSecond(-1n))).reason).toContain('holds -1n at list.next.head');
    await forest.setSecond(9n);
    expect(await forest.deep()).toEqual([3, 0, 9n]);
    await forest.join(alice, alice, 10n);
    expect((await failure(forest.join(bob, alice, -1n))).reason).toContain(`holds -1n at members[${bob}].balance`);
    await forest.join(bob, alice, 5n);
    // alice's object, stored in bob's entry as the proxy the Map's get handed out, is one object with the entry: it is
    // checked at the place it was last written to, bob's referrer.
    expect((await failure(forest.creditReferrer(bob, -11n))).reason).toBe(
      `Forest.creditReferrer: state field "members" (Map<ActorId, Member>) holds -1n at members[${bob}].referrer.balance, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    await forest.creditReferrer(bob, -10n);
  });

  it('lets undefined pass where an element or a tuple item may be undefined, and checks the integer otherwise', async () => {
    const sys = createTestSystem({ seed: 'nested-ranges-undefined' });
    const alice = sys.user('alice').id;
    const forest = await sys.deploy(Forest);
    await forest.setSlot(0, 0, true);
    await forest.setSlot(1, 5, false);
    await forest.setSlot(2, 0, true);
    expect((await failure(forest.setSlot(0, -1, false))).reason).toContain('"slots" ((u32 | undefined)[]) holds -1 at slots[0]');
    await forest.setSlot(1, 0, true);
    await forest.pair(alice, 1, 0, false);
    await forest.pair(alice, 1, 65_535, true);
    expect((await failure(forest.pair(alice, 1, 65_536, true))).reason).toContain(`holds 65536 at pairs[${alice}][1], outside 0..65535`);
    expect((await failure(forest.pair(alice, 256, 0, false))).reason).toContain(`holds 256 at pairs[${alice}][0]`);
    expect(await forest.deep()).toEqual([3, 3, 0n]);
  });
});

describe('nested integers under unitActor', () => {
  it('fails with the same code and message, and rolls back', () => {
    const { actor } = unitActor(new Vault());
    const alice = '0x01' as ActorId;
    actor.open(alice, 10n);
    expect(() => actor.debit(alice, 11n)).toThrow(
      `Vault.debit: state field "accounts" (Map<ActorId, Account>) holds -1n at accounts[0x01].balance, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    expect(() => actor.setFee(65_536)).toThrow(expect.objectContaining({ code: 'RUNTIME_STATE_OUT_OF_RANGE' }));
    expect(() => actor.order(1, -1)).toThrow('"orders" (Order[]) holds -1 at orders[0].qty');
    expect(() => actor.pair(alice, 0n, -1n)).toThrow('holds -1n at pairs[0x01][1]');
    expect(actor.accountOf(alice)).toEqual([10n, 0n, '']);
    expect(actor.summary()).toEqual([5, 0, 0, 0, 0]);
  });

  it('refuses an instance whose constructor built a nested value out of range, as its deploy would fail', () => {
    expect(() => unitActor(new BadConfig())).toThrow(
      'BadConfig given to unitActor: state field "config" (Config) holds 70000 at config.fee, outside 0..65535; a deploy would fail the same way',
    );
  });

  it('passes a segment that leaves a value out of range from before alone', () => {
    const instance = new Vault();
    const { actor } = unitActor(instance);
    const alice = '0x01' as ActorId;
    actor.open(alice, 10n);
    // Written past the journal, as state from before the check would be.
    const raw = (instance as unknown as { accounts: Map<ActorId, Account> }).accounts.get(alice)!;
    raw.balance = -7n;
    actor.bump(alice);
    actor.note(alice, 'still');
    expect([raw.balance, raw.nonce, raw.memo]).toEqual([-7n, 1n, 'still']);
    expect(() => actor.debit(alice, 1n)).toThrow('holds -8n at accounts[0x01].balance');
    expect(raw.balance).toBe(-7n);
  });
});

describe('nestedRangeError', () => {
  const fields = nestedFields([
    {
      name: 'accounts',
      declared: 'Map<ActorId, Account>',
      shape: { kind: 'map', value: { kind: 'object', fields: { balance: 'u128', nonce: 'u64' } } },
    },
  ]);
  const site = { handlerName: 'T.h' };

  it('reads only the entries the journal names once the state is registered, never the whole Map', () => {
    const good = { balance: 1n, nonce: 0n };
    const bad = { balance: -1n, nonce: 0n };
    const accounts = new Map<unknown, unknown>([
      ['a', good],
      ['b', bad],
    ]);
    const state = { accounts };
    // First seen: registered without a check (what it held before is not the segment's), then the entries read.
    expect(nestedRangeError(state, fields, [OP_PROP, good, 'nonce', true, 0n], false, site)).toBeUndefined();
    expect(nestedRangeError(state, fields, [OP_MAP, accounts, 'a', true, good], false, site)).toBeUndefined();
    expect(nestedRangeError(state, fields, [OP_PROP, bad, 'nonce', true, 0n], false, site)).toBeUndefined();
    expect(nestedRangeError(state, fields, [OP_PROP, bad, 'balance', true, 0n], false, site)?.message).toBe(
      `T.h: state field "accounts" (Map<ActorId, Account>) holds -1n at accounts["b"].balance, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    expect(nestedRangeError(state, fields, [], true, site)?.message).toContain('holds -1n at accounts["b"].balance');
    // An object no nested field ever held is not state: its writes are not read.
    expect(nestedRangeError(state, fields, [OP_PROP, { balance: -1n }, 'balance', true, 0n], false, site)).toBeUndefined();
  });

  it('checks an object moved to another place against the shape of where it was last written (aliasing)', () => {
    const aliased = nestedFields([
      { name: 'small', declared: 'S', shape: { kind: 'object', fields: { v: { kind: 'object', fields: { x: 'u8' } } } } },
      { name: 'big', declared: 'B', shape: { kind: 'object', fields: { v: { kind: 'object', fields: { x: 'u32' } } } } },
    ]);
    const inner = { x: 300 };
    const state = { small: { v: { x: 1 } }, big: { v: inner } };
    expect(nestedRangeError(state, aliased, [], true, site)).toBeUndefined();
    // `this.small.v = this.big.v`: one object in two places, last written to `small`: its writes are checked as u8.
    state.small.v = inner;
    expect(nestedRangeError(state, aliased, [OP_PROP, state.small, 'v', true, { x: 1 }], false, site)?.message).toContain(
      'state field "small" (S) holds 300 at small.v.x, outside 0..255',
    );
  });
});
