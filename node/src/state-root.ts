// The state root (`sprocket-state-v10`): sha256 over the chain-wide part of the state (block counters, message and
// actor counters, value in flight, the code ids, queued and scheduled messages) and the root of a tree of per-address
// items (state-tree.ts). An address's item covers everything held at it: the actor (code, label, status, balance,
// deferred messages, instance), the user account (balance, a digest of the messages its mailbox keeps), a balance held for an
// unknown address, and the signer's nonce. Items are cached and rehashed only for the addresses the runtime reports as
// touched (`trackChanges`) and the signers whose nonce moved, so sealing a block costs what the block changed, not
// the size of the state. The root is a function of the state alone: `stateRoot` computes it from scratch.
import { type ActorSystem, pendingImage, trackChanges } from '@sprocket/runtime';
import type { ActorId } from '@sprocket/sdk';
import { ByteSink, encodeValue } from './canonical.js';
import { ItemTree, sha256 } from './state-tree.js';

/**
 * The encoding tag of the state root; a change of what it covers or how changes it, and so does a change of how the
 * runtime executes stored inputs (v4: waits cost gas per block, state writes are checked at gas checkpoints; v5: a
 * symbol stored in state, as a value or a key, and a property of a state Map's or Set's own are refused; v6: a string
 * with a lone surrogate is encoded as WTF-8, no longer as U+FFFD, and every NaN as the one quiet NaN; a segment past a limit stops at once, and its
 * events count toward its outgoing bytes; v7: built-ins that allocate or copy in one call pay allocation gas in a
 * contract's realm; v8: the integers in collection fields a definition lists, and every listed integer the constructor
 * left, are range-checked at commit; v9: so are the integers nested in objects, tuples and nested collections of state
 * (a definition's `nested` fields), written whole or in place), so that a store's block records are rebuilt by
 * replaying its input log.
 */
export const STATE_TAG = 'sprocket-state-v10';

/**
 * The hash of each mailbox message, kept while the message is: a mailbox keeps its newest messages (the runtime's
 * mailboxWindow), so its digest is rebuilt from these when it changes, without hashing a message twice.
 */
const messageHashes = new WeakMap<object, Uint8Array>();

/** The state root of one system and its nonces, kept up to date block by block. */
export class StateRoots {
  private readonly tree = new ItemTree();
  private readonly sink = new ByteSink();
  private readonly aux = new ByteSink();
  private codes: { size: number; hash: Uint8Array } | undefined = undefined;
  private all = true;
  /** Addresses changed since the last root (the runtime's live set, plus the nonces this host moved). */
  private readonly touched: Set<ActorId> | undefined;
  /** The system's state maps (the same Map objects for the system's life; counters are read through accessors). */
  private readonly state: ActorSystem['internals'];

  /** `track`: follow changes incrementally (false: every root is computed from the whole state). */
  constructor(
    private readonly system: ActorSystem,
    private readonly nonces: ReadonlyMap<string, bigint>,
    track = true,
  ) {
    this.touched = track ? trackChanges(system) : undefined;
    this.state = system.internals;
  }

  /** Notes that the account at `address` changed outside the runtime (its nonce). */
  touch(address: string): void {
    this.touched?.add(address as ActorId);
  }

  /** Forgets every cached hash: the next root is computed from the whole state (after a restore or revert). */
  reset(): void {
    this.all = true;
    this.tree.clear();
    this.codes = undefined;
  }

  /** The state root now, as 0x hex. */
  root(): string {
    const s = this.state;
    const touched = this.touched;
    if (this.all || touched === undefined) {
      this.reset();
      this.all = touched === undefined;
      touched?.clear();
      for (const id of s.actors.keys()) this.update(id);
      for (const id of s.users.keys()) this.update(id);
      for (const id of s.others.keys()) this.update(id);
      for (const id of this.nonces.keys()) this.update(id as ActorId);
    } else if (touched.size > 0) {
      for (const id of touched) this.update(id);
      touched.clear();
    }
    const sink = this.sink;
    sink.reset();
    sink.str(STATE_TAG);
    encodeValue(sink, [this.system.blockHeight, s.blockCount, s.messageIds.counter, s.actorIds.counter, s.escrow]);
    if (this.codes === undefined || this.codes.size !== s.codes.size) {
      const aux = this.aux;
      aux.reset();
      encodeValue(aux, [...s.codes.keys()].sort());
      this.codes = { size: s.codes.size, hash: sha256(aux.result()) };
    }
    sink.raw(this.codes.hash);
    const pending = pendingImage(this.system);
    encodeValue(sink, pending.queue);
    encodeValue(sink, pending.schedule);
    sink.raw(this.tree.root());
    return `0x${sha256(sink.result()).toString('hex')}`;
  }

  /** Rehashes the item of one address (removes it when nothing is held there any more). */
  private update(id: ActorId): void {
    const s = this.state;
    const actor = s.actors.get(id);
    const user = s.users.get(id);
    const other = s.others.get(id);
    const nonce = this.nonces.get(id);
    if (actor === undefined && user === undefined && other === undefined && nonce === undefined) {
      this.tree.set(id, undefined);
      return;
    }
    const sink = this.aux;
    sink.reset();
    sink.str(id);
    if (actor === undefined) sink.byte(0);
    else {
      sink.byte(1);
      encodeValue(sink, [actor.code.id, actor.label, actor.status, actor.balance, (actor.deferred ?? []).map((e) => e.seq)]);
      // Each instance is encoded on its own: references across actors cannot exist.
      encodeValue(sink, actor.instance);
    }
    if (user === undefined) sink.byte(0);
    else {
      sink.byte(1);
      encodeValue(sink, user.balance);
      sink.u32(user.mailbox.length);
      sink.raw(mailboxDigest(user.mailbox));
    }
    if (other === undefined) sink.byte(0);
    else {
      sink.byte(1);
      encodeValue(sink, other);
    }
    if (nonce === undefined) sink.byte(0);
    else {
      sink.byte(1);
      encodeValue(sink, nonce);
    }
    this.tree.set(id, sha256(sink.result()));
  }
}

/** sha256 over the hashes of the messages a mailbox keeps, oldest first (each the sha256 of its canonical encoding). */
function mailboxDigest(box: readonly object[]): Uint8Array {
  const all = new Uint8Array(box.length * 32);
  let sink: ByteSink | undefined;
  for (let i = 0; i < box.length; i++) {
    const m = box[i] as { id: string; source: string; payload: Uint8Array; value: bigint; block: number };
    let h = messageHashes.get(m);
    if (h === undefined) {
      sink ??= new ByteSink();
      sink.reset();
      encodeValue(sink, [m.id, m.source, m.payload, m.value, m.block]);
      h = sha256(sink.result());
      messageHashes.set(m, h);
    }
    all.set(h, i * 32);
  }
  return sha256(all);
}

/** The state root of a system and its nonces, computed from the whole state (what the incremental root must equal). */
export function stateRoot(system: ActorSystem, nonces: ReadonlyMap<string, bigint>): string {
  return new StateRoots(system, nonces, false).root();
}
