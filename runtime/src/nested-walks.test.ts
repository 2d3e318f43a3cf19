// The walks of nested-ranges.ts over shapes that refer to themselves: data that refers to itself, shared data, data
// deeper than the call stack, and a back-reference past the top of its shape.
import type { StateShape } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { OP_PROP } from './journal-entries.js';
import { nestedRangeError, registerNestedState } from './nested-ranges.js';
import { nestedFields } from './nested-shapes.js';

/** `type List = { head: u8; next: List | null }` and `interface Tree { v: u8; kids: Tree[] }`, as the generator writes them. */
const LIST: StateShape = { kind: 'object', fields: { head: 'u8', next: { kind: 'ref', up: 1, nullable: true } } };
const TREE: StateShape = { kind: 'object', fields: { v: 'u8', kids: { kind: 'array', item: { kind: 'ref', up: 2 } } } };
const site = { handlerName: 'T.h' };

type Node = { head: number; next: Node | null };
type Tree = { v: number; kids: Tree[] };

/** A list of `n` nodes, each holding 1: its first node and its last one. */
function list(n: number): { first: Node; last: Node } {
  const last: Node = { head: 1, next: null };
  let first = last;
  for (let i = 1; i < n; i++) first = { head: 1, next: first };
  return { first, last };
}

describe('walks of shapes that refer to themselves', () => {
  const fields = nestedFields([
    { name: 'list', declared: 'List', shape: LIST },
    { name: 'tree', declared: 'Tree', shape: TREE },
  ]);

  it('ends on data that refers to itself, checking each object once', () => {
    const ring: Node = { head: 1, next: null };
    ring.next = { head: 2, next: ring };
    const tree: Tree = { v: 1, kids: [] };
    tree.kids.push(tree, { v: 2, kids: [tree] });
    const state = { list: ring, tree };
    expect(nestedRangeError(state, fields, [], true, site)).toBeUndefined();
    registerNestedState(state, fields);
    (ring.next as Node).head = 300;
    expect(nestedRangeError(state, fields, [OP_PROP, ring.next, 'head', true, 2], false, site)?.message).toBe(
      'T.h: state field "list" (List) holds 300 at list.next.head, outside 0..255; the segment is rolled back',
    );
    tree.kids.push({ v: 256, kids: [tree] });
    expect(nestedRangeError(state, fields, [OP_PROP, tree.kids, '2', true, undefined], false, site)?.message).toContain(
      'holds 256 at tree.kids[2].v',
    );
  });

  it('reads shared data once per place of the shape, not once per path to it', () => {
    // 60 levels of diamonds: 2^60 paths to the bottom, 120 objects.
    let bottom: Tree = { v: 1, kids: [] };
    for (let i = 0; i < 60; i++) {
      const side = { v: 1, kids: [bottom] };
      bottom = { v: 1, kids: [side, { v: 1, kids: [bottom] }] };
    }
    const state = { list: { head: 1, next: null }, tree: bottom };
    expect(nestedRangeError(state, fields, [], true, site)).toBeUndefined();
  });

  it('follows a list deeper than the call stack, and shows the end of a long path', () => {
    const { first, last } = list(200_000);
    const state = { list: first, tree: { v: 0, kids: [] } };
    registerNestedState(state, fields);
    last.head = -1;
    const message = nestedRangeError(state, fields, [OP_PROP, last, 'head', true, 1], false, site)?.message;
    expect(message).toBe(
      `T.h: state field "list" (List) holds -1 at list…${'.next'.repeat(64)}.head, outside 0..255; the segment is rolled back`,
    );
    last.head = 1;
    const bad = list(200_000);
    bad.last.head = 999;
    expect(nestedRangeError({ list: bad.first, tree: { v: 0, kids: [] } }, fields, [], true, site)?.message).toContain(
      'holds 999 at list…',
    );
  });

  it('lets undefined pass where an element or tuple item may be undefined, and nowhere else', () => {
    const shaped = nestedFields([
      { name: 'a', declared: '(u8 | undefined)[]', shape: { kind: 'array', item: 'u8 | undefined' } },
      { name: 'b', declared: '[u8, u16?]', shape: { kind: 'tuple', items: ['u8', 'u16 | undefined'] } },
      {
        name: 'c',
        declared: '({ x: u8 } | undefined)[]',
        shape: { kind: 'array', item: { kind: 'object', fields: { x: 'u8' }, optional: true } },
      },
    ]);
    expect(nestedRangeError({ a: [undefined, 1], b: [1], c: [undefined, { x: 1 }] }, shaped, [], true, site)).toBeUndefined();
    expect(nestedRangeError({ a: [undefined, 256], b: [1], c: [] }, shaped, [], true, site)?.message).toContain('holds 256 at a[1]');
    expect(nestedRangeError({ a: [], b: [undefined, 1], c: [] }, shaped, [], true, site)?.message).toContain('holds undefined at b[0]');
    expect(nestedRangeError({ a: [], b: [1, 65_536], c: [] }, shaped, [], true, site)?.message).toContain('holds 65536 at b[1]');
    expect(nestedRangeError({ a: [], b: [1], c: [null] }, shaped, [], true, site)?.message).toContain('holds null at c[0], not an object');
  });

  it('refuses a back-reference past the top of its shape', () => {
    expect(() => nestedFields([{ name: 'x', declared: 'X', shape: { kind: 'object', fields: { y: { kind: 'ref', up: 2 } } } }])).toThrow(
      expect.objectContaining({ code: 'RUNTIME_STALE_DEFINITION' }),
    );
  });
});
