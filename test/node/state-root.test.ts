// The incremental state root against a from-scratch one: random (seeded) sequences of inputs — writes, deletes,
// rollbacks, value to users' mailboxes and to unknown addresses, sleeps across blocks, awaited calls that defer
// messages at an exclusive actor, failing constructors, transfers, new signers, dev mint/snapshot/revert — run on
// an executor, and after every block the root it sealed equals the root computed from the whole state. A second
// executor fed the same log seals the same roots.
import { bundleContract } from '@sprocket/compiler-plugin';
import { Executor, type GenesisEntry, type LogEntry, stateRoot } from '@sprocket/node';
import {
  type ActorId,
  type CodeId,
  DEV_ACCOUNT_NAMES,
  devAccount,
  encodeTransaction,
  type GeneratedActor,
  requireGenerated,
  type TxCall,
  toHex,
} from '@sprocket/sdk';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import './state-root-actor.js';

const def: GeneratedActor = requireGenerated('RootProbe');
const fn = (name: string) => {
  const f = def.services[0]?.functions.find((x) => x.name === name);
  if (f === undefined) throw new Error(`no ${name}`);
  return f;
};
const ctor = def.constructors[0] as NonNullable<GeneratedActor['constructors'][number]>;
const CHAIN = 'state-root-test';
const GENESIS: GenesisEntry = {
  kind: 'genesis',
  chainId: CHAIN,
  timestamp: 1_000,
  dev: true,
  blockTime: 0,
  accounts: DEV_ACCOUNT_NAMES.map((name) => ({ address: devAccount(name).address, name, balance: 10n ** 20n })),
};
const DEV = DEV_ACCOUNT_NAMES.map((name) => devAccount(name).address);
/** Signers without a genesis account: they become users when their first transaction runs. */
const FRESH = [1, 2, 3].map((i) => toHex(new Uint8Array(32).fill(0x40 + i)) as ActorId);
/** Addresses nobody holds: value sent there is kept for them. */
const NOBODY = [1, 2].map((i) => toHex(new Uint8Array(32).fill(0xe0 + i)) as ActorId);

let code: Uint8Array;
beforeAll(async () => {
  code = (await bundleContract('test/node/state-root-actor.ts', { actor: 'RootProbe' })).code;
}, 120_000);

/** One random step: an input (by abstract choice, resolved against the run's actors) or the end of a block. */
type Step =
  | { readonly t: 'block' }
  | { readonly t: 'put' | 'drop' | 'boom'; readonly a: number; readonly key: number; readonly value: number }
  | { readonly t: 'fund' | 'mail' | 'pay'; readonly a: number; readonly to: number; readonly value: number }
  | { readonly t: 'nap'; readonly a: number; readonly blocks: number }
  | { readonly t: 'ask'; readonly a: number; readonly peer: number; readonly key: number }
  | { readonly t: 'transfer'; readonly from: number; readonly to: number; readonly value: number }
  | { readonly t: 'deploy'; readonly fail: boolean; readonly from: number }
  | { readonly t: 'delayed'; readonly a: number; readonly key: number; readonly delay: number }
  | { readonly t: 'mint'; readonly to: number; readonly value: number }
  | { readonly t: 'snapshot' | 'revert' };

const idx = fc.nat(50);
const small = fc.integer({ min: 0, max: 1000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ t: 'block' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({ t: fc.constantFrom('put' as const, 'drop' as const, 'boom' as const), a: idx, key: fc.nat(5), value: small }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constantFrom('fund' as const, 'mail' as const, 'mail' as const, 'pay' as const),
      a: idx,
      to: idx,
      value: small,
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('nap' as const), a: idx, blocks: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('ask' as const), a: idx, peer: idx, key: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('transfer' as const), from: idx, to: idx, value: small }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deploy' as const), fail: fc.boolean(), from: idx }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('delayed' as const), a: idx, key: fc.nat(5), delay: fc.integer({ min: 1, max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('mint' as const), to: idx, value: small }) },
  { weight: 4, arbitrary: fc.constantFrom({ t: 'snapshot' as const }, { t: 'revert' as const }) },
);

/** Builds log entries for steps and runs them on an executor, checking every sealed root against a full recomputation. */
class Run {
  readonly executor = new Executor(GENESIS);
  readonly entries: LogEntry[] = [];
  private position = 1;
  private timestamp = GENESIS.timestamp;
  private readonly nonces = new Map<string, bigint>();
  private readonly actors: ActorId[] = [];
  private salt = 0;
  codeId: CodeId | undefined = undefined;
  roots = 0;

  private signers(): ActorId[] {
    return [...DEV, ...FRESH];
  }

  private pick<T>(list: readonly T[], i: number): T {
    return list[i % list.length] as T;
  }

  /** Any address a step may send to: users, fresh signers, nobody, actors. */
  private address(i: number): ActorId {
    return this.pick([...DEV, ...FRESH, ...NOBODY, ...this.actors], i);
  }

  async push(entry: LogEntry): Promise<void> {
    this.entries.push(entry);
    this.position += 1;
    await this.executor.apply({ position: this.position, entry });
    if (entry.kind === 'block') {
      const sealed = this.executor.blocks.head.stateRoot;
      expect(sealed).toBe(stateRoot(this.executor.system, this.executor.nonces));
      this.roots += 1;
    }
  }

  tx(signer: ActorId, call: TxCall): LogEntry {
    const nonce = this.nonces.get(signer) ?? 0n;
    this.nonces.set(signer, nonce + 1n);
    return { kind: 'tx', tx: encodeTransaction({ chainId: CHAIN, signer, nonce, call }), signature: new Uint8Array(64) };
  }

  block(): Promise<void> {
    this.timestamp += 1;
    return this.push({ kind: 'block', timestamp: this.timestamp });
  }

  async deploy(from: ActorId, fail: boolean): Promise<void> {
    const salt = new Uint8Array([++this.salt]);
    await this.push(
      this.tx(from, { kind: 'Deploy', codeId: this.codeId as CodeId, payload: ctor.encodeCall([fail]), value: 0n, salt, gasLimit: null }),
    );
    await this.block();
    const address = this.executor.system.actorIdsList().at(-1) as ActorId;
    if (!this.actors.includes(address)) this.actors.push(address);
  }

  async setup(): Promise<void> {
    await this.push(this.tx(DEV[0] as ActorId, { kind: 'UploadCode', code }));
    await this.block();
    this.codeId = [...this.executor.codes.keys()][0];
    await this.deploy(DEV[0] as ActorId, false);
    await this.deploy(DEV[1] as ActorId, false);
    // Value to pass on: mail and pay draw on it.
    for (const a of this.actors) await this.push(this.send(DEV[2] as ActorId, a, 'Fund', [], 100_000n));
    await this.block();
  }

  send(signer: ActorId, to: ActorId, name: string, args: unknown[], value = 0n, delay = 0): LogEntry {
    return this.tx(signer, { kind: 'Send', to, payload: fn(name).encodeCall(args), value, gasLimit: null, delay });
  }

  async step(s: Step, k: number): Promise<void> {
    const signer = this.pick(this.signers(), k);
    const actor = (i: number) => this.pick(this.actors, i);
    switch (s.t) {
      case 'block':
        return this.block();
      case 'put':
        return this.push(this.send(signer, actor(s.a), 'Put', [`k${s.key}`, s.value]));
      case 'drop':
        return this.push(this.send(signer, actor(s.a), 'Drop', [`k${s.key}`]));
      case 'boom':
        return this.push(this.send(signer, actor(s.a), 'Boom', [`k${s.key}`]));
      case 'fund':
        return this.push(this.send(this.pick(DEV, s.to), actor(s.a), 'Fund', [], BigInt(s.value)));
      case 'mail':
        return this.push(this.send(signer, actor(s.a), 'Mail', [this.address(s.to), BigInt(s.value)]));
      case 'pay':
        return this.push(this.send(signer, actor(s.a), 'Pay', [this.address(s.to), BigInt(s.value)]));
      case 'nap':
        return this.push(this.send(signer, actor(s.a), 'Nap', [s.blocks]));
      case 'ask':
        return this.push(this.send(signer, actor(s.a), 'Ask', [actor(s.peer), `k${s.key}`]));
      case 'delayed':
        return this.push(this.send(signer, actor(s.a), 'Put', [`d${s.key}`, 1], 0n, s.delay));
      case 'transfer':
        return this.push(this.tx(this.pick(DEV, s.from), { kind: 'Transfer', to: this.address(s.to), value: BigInt(s.value) }));
      case 'deploy':
        return this.deploy(this.pick(this.signers(), s.from), s.fail);
      case 'mint':
        return this.push({ kind: 'dev', command: { op: 'mint', address: this.address(s.to), value: BigInt(s.value) } });
      case 'snapshot':
        // Taken when its block runs (if the system is quiet then: none is taken while a handler is suspended).
        await this.push({ kind: 'dev', command: { op: 'snapshot' } });
        return this.block();
      case 'revert':
        if (!this.executor.hasDevSnapshots) return this.block();
        // Back to the oldest snapshot; the later ones are dropped.
        return this.push({ kind: 'dev', command: { op: 'revert', id: 1 } });
    }
  }
}

describe('incremental state root', () => {
  it('equals the root of the whole state after every block, and a replay seals the same roots', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 60 }), async (steps) => {
        const run = new Run();
        await run.setup();
        for (const [k, s] of steps.entries()) await run.step(s, k);
        // Let sleeps and deferred messages finish, checking every block on the way.
        for (let i = 0; i < 5; i++) await run.block();
        expect(run.roots).toBeGreaterThanOrEqual(8);
        const replay = new Executor(GENESIS);
        let position = 1;
        for (const entry of run.entries) await replay.apply({ position: ++position, entry });
        const roots = (e: Executor) => Array.from({ length: e.height + 1 }, (_, h) => e.blocks.get(h)?.stateRoot);
        expect(roots(replay)).toEqual(roots(run.executor));
      }),
      { numRuns: 12 },
    );
  }, 300_000);

  it("changes with the block height, a balance held for nobody and an actor's state", async () => {
    const run = new Run();
    await run.setup();
    const before = run.executor.blocks.head.stateRoot;
    await run.block();
    const idle = run.executor.blocks.head.stateRoot;
    // A new block height changes the chain-wide part only.
    expect(idle).not.toBe(before);
    await run.push({ kind: 'dev', command: { op: 'mint', address: NOBODY[0] as ActorId, value: 1n } });
    await run.block();
    const minted = run.executor.blocks.head.stateRoot;
    await run.step({ t: 'put', a: 0, key: 1, value: 5 }, 0);
    await run.block();
    const written = run.executor.blocks.head.stateRoot;

    expect(new Set([idle, minted, written]).size).toBe(3);
  });

  it("is left as it was by a query from an address that holds value while it is nobody's", async () => {
    const run = new Run();
    await run.setup();
    await run.step({ t: 'transfer', from: 0, to: 9, value: 40 }, 0);
    await run.block();
    const loose = NOBODY[0] as ActorId;
    expect(run.executor.system.balanceOf(loose)).toBe(40n);
    const root = stateRoot(run.executor.system, run.executor.nonces);
    const actor = run.executor.system.actorIdsList()[0] as ActorId;
    await run.executor.query(loose, actor, fn('Drop').encodeCall(['k0'])).catch(() => undefined);
    expect(run.executor.system.balanceOf(loose)).toBe(40n);
    expect(stateRoot(run.executor.system, run.executor.nonces)).toBe(root);
    await run.block();
  });

  it('covers the newest messages a mailbox keeps once older ones fall out, and the block reports the new ones', async () => {
    const run = new Run();
    await run.setup();
    const alice = DEV[0] as ActorId;
    const reported: { messageId: string }[][] = [];
    run.executor.onBlock = (out) => reported.push(out.mailbox.filter((m) => m.address === alice));
    const before = run.executor.system.balanceOf(alice);
    const probe = run.executor.system.actorIdsList()[0] as ActorId;
    const mailMany = (count: number) => run.push(run.send(DEV[1] as ActorId, probe, 'MailMany', [alice, count]));
    const box = () => run.executor.system.internals.users.get(alice)?.mailbox ?? [];

    await mailMany(600);
    await run.block();
    const first = box().map((m) => m.id);
    expect(first).toHaveLength(600);
    await mailMany(600);
    await run.block();
    // Each sealed root was checked against the root of the whole state (Run.push); the mailbox keeps the newest 1,000.
    expect(box()).toHaveLength(1_000);
    expect(box()[0]?.id).toBe(first[200]);
    expect(reported.at(-1)).toHaveLength(600);
    expect(reported.at(-1)?.map((m) => m.messageId)).toEqual(
      box()
        .slice(400)
        .map((m) => m.id),
    );
    const full = run.executor.blocks.head.stateRoot;

    // More than the mailbox keeps in one block: the kept ones are reported, and every unit of value arrived.
    await mailMany(1_200);
    await run.block();
    expect(reported.at(-1)?.map((m) => m.messageId)).toEqual(box().map((m) => m.id));
    expect(run.executor.system.balanceOf(alice) - before).toBe(2_400n);
    expect(run.executor.blocks.head.stateRoot).not.toBe(full);
  }, 60_000);

  it('starts over after a dev revert: the reverted state gives the root of the whole state', async () => {
    const run = new Run();
    await run.setup();
    await run.step({ t: 'snapshot' }, 0);
    expect(run.executor.hasDevSnapshots).toBe(true);
    for (const [k, s] of (
      [
        { t: 'put', a: 0, key: 1, value: 9 },
        { t: 'mail', a: 1, to: 1, value: 3 },
        { t: 'pay', a: 0, to: 10, value: 4 },
        { t: 'transfer', from: 2, to: 7, value: 5 },
        { t: 'block' },
      ] as const
    ).entries()) {
      await run.step(s, k);
    }
    await run.step({ t: 'revert' }, 0);
    await run.block();
    expect(run.executor.hasDevSnapshots).toBe(false);
  });
});
