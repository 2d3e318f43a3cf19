import { describe, expect, it } from 'vitest';
import { ItemTree, leafOf, sha256 } from './state-tree.js';

const key = (i: number) => `0x${sha256(new Uint8Array([i & 255, i >> 8])).toString('hex')}`;
const item = (i: number, v: number) => sha256(new Uint8Array([i & 255, i >> 8, v]));

describe('ItemTree', () => {
  it('gives the same root for the same items whatever the order of updates and removals', () => {
    const a = new ItemTree();
    const b = new ItemTree();
    for (let i = 0; i < 300; i++) a.set(key(i), item(i, 1));
    const first = a.root();
    // b: reverse order, with items that come and go and values that change on the way.
    for (let i = 399; i >= 0; i--) b.set(key(i), item(i, 2));
    b.root();
    for (let i = 300; i < 400; i++) b.set(key(i), undefined);
    for (let i = 0; i < 300; i++) b.set(key(i), item(i, 1));
    expect(b.root().equals(first)).toBe(true);
    expect(b.size).toBe(300);
    a.set(key(5), item(5, 9));
    expect(a.root().equals(first)).toBe(false);
    a.set(key(5), item(5, 1));
    expect(a.root().equals(first)).toBe(true);
  });

  it('has one root for no items, and clear() returns to it', () => {
    const empty = new ItemTree().root();
    const t = new ItemTree();
    t.set(key(1), item(1, 1));
    expect(t.root().equals(empty)).toBe(false);
    t.set(key(1), undefined);
    expect(t.root().equals(empty)).toBe(true);
    t.set(key(2), item(2, 1));
    t.root();
    t.clear();
    expect(t.root().equals(empty)).toBe(true);
  });

  it('places a key by its first three hex digits (anything else in leaf 0)', () => {
    expect(leafOf('0xfff0')).toBe(4095);
    expect(leafOf('0x0010')).toBe(1);
    expect(leafOf('alice')).toBe(0);
  });
});
