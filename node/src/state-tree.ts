// The tree of the state root: a fixed radix-16 tree of depth 3 over item hashes keyed by address. A leaf holds the
// items whose address starts with its three hex digits (sorted by address); an inner node hashes its 16 children.
// Its shape depends only on the set of keys, so its root is a function of the items alone, whatever the order of
// the updates that led there. An update rehashes one leaf and its three ancestors (once per block, however many
// items of the leaf changed).
import { hash } from 'node:crypto';
import { ByteSink } from './canonical.js';

/** sha256 of bytes (native). */
export function sha256(bytes: Uint8Array): Buffer {
  return hash('sha256', bytes, 'buffer');
}

const FANOUT = 16;
const DEPTH = 3;
const LEAVES = FANOUT ** DEPTH;
const HASH = 32;

/** The leaf of a key: its first three hex digits after `0x` (a key that is no hex address lands in leaf 0). */
export function leafOf(key: string): number {
  const n = Number.parseInt(key.slice(2, 2 + DEPTH), 16);
  return Number.isInteger(n) && n >= 0 && n < LEAVES ? n : 0;
}

const LEAF_TAG = 0x4c; // 'L'
const NODE_TAG = 0x4e; // 'N'

/** Hashes of empty subtrees, by level (0 = the root, DEPTH = a leaf). */
const EMPTY: Buffer[] = (() => {
  const out: Buffer[] = new Array(DEPTH + 1);
  out[DEPTH] = sha256(new Uint8Array([LEAF_TAG]));
  for (let level = DEPTH - 1; level >= 0; level--) {
    const bytes = new Uint8Array(1 + FANOUT * HASH);
    bytes[0] = NODE_TAG;
    for (let i = 0; i < FANOUT; i++) bytes.set(out[level + 1] as Buffer, 1 + i * HASH);
    out[level] = sha256(bytes);
  }
  return out;
})();

/** Item hashes by key under a root that is updated incrementally. */
export class ItemTree {
  /** Items per non-empty leaf: key → item hash. */
  private readonly leaves = new Map<number, Map<string, Uint8Array>>();
  /** Hashes of non-empty nodes per level (index within the level). */
  private readonly nodes: Map<number, Buffer>[] = Array.from({ length: DEPTH + 1 }, () => new Map());
  private readonly dirty = new Set<number>();
  private readonly scratch = new Uint8Array(1 + FANOUT * HASH);
  private readonly leafSink = new ByteSink();

  /** Number of items. */
  get size(): number {
    let n = 0;
    for (const leaf of this.leaves.values()) n += leaf.size;
    return n;
  }

  /** Sets (or with `undefined` removes) the item hash of a key. */
  set(key: string, itemHash: Uint8Array | undefined): void {
    const at = leafOf(key);
    let leaf = this.leaves.get(at);
    if (itemHash === undefined) {
      if (leaf === undefined || !leaf.delete(key)) return;
      if (leaf.size === 0) this.leaves.delete(at);
    } else {
      if (leaf === undefined) {
        leaf = new Map();
        this.leaves.set(at, leaf);
      }
      const old = leaf.get(key);
      if (old !== undefined && equalBytes(old, itemHash)) return;
      leaf.set(key, itemHash);
    }
    this.dirty.add(at);
  }

  /** Drops every item. */
  clear(): void {
    this.leaves.clear();
    for (const level of this.nodes) level.clear();
    this.dirty.clear();
  }

  /** The root hash (rehashes the leaves changed since the last call and their ancestors). */
  root(): Buffer {
    if (this.dirty.size > 0) {
      let changed = this.dirty;
      for (const at of changed) this.setNode(DEPTH, at, this.leafHash(at));
      for (let level = DEPTH - 1; level >= 0; level--) {
        const parents = new Set<number>();
        for (const child of changed) parents.add(Math.floor(child / FANOUT));
        for (const at of parents) this.setNode(level, at, this.nodeHash(level, at));
        changed = parents;
      }
      this.dirty.clear();
    }
    return this.nodes[0]?.get(0) ?? (EMPTY[0] as Buffer);
  }

  private setNode(level: number, at: number, h: Buffer): void {
    const nodes = this.nodes[level] as Map<number, Buffer>;
    if (h.equals(EMPTY[level] as Buffer)) nodes.delete(at);
    else nodes.set(at, h);
  }

  private leafHash(at: number): Buffer {
    const leaf = this.leaves.get(at);
    if (leaf === undefined) return EMPTY[DEPTH] as Buffer;
    const keys = [...leaf.keys()].sort();
    const sink = this.leafSink;
    sink.reset();
    sink.byte(LEAF_TAG);
    for (const key of keys) {
      sink.str(key);
      sink.raw(leaf.get(key) as Uint8Array);
    }
    return sha256(sink.result());
  }

  private nodeHash(level: number, at: number): Buffer {
    const children = this.nodes[level + 1] as Map<number, Buffer>;
    const empty = EMPTY[level + 1] as Buffer;
    const bytes = this.scratch;
    bytes[0] = NODE_TAG;
    let any = false;
    for (let i = 0; i < FANOUT; i++) {
      const child = children.get(at * FANOUT + i);
      if (child !== undefined) any = true;
      bytes.set(child ?? empty, 1 + i * HASH);
    }
    return any ? sha256(bytes) : (EMPTY[level] as Buffer);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
