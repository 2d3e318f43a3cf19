import { codecFromType } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { SHAPES_IDL } from '../__fixtures__/shapes.js';
import { decodeCall, encodeCall, hex, modelFromIdl } from '../idl-model.js';
import { type Draft, draftToJson, emptyInput, emptyMessage, initialDraft, mapRowDraft, shapeOf } from './draft.js';

const model = modelFromIdl(SHAPES_IDL);
const put = model.functions.find((f) => f.name === 'Put')!;
const ALICE = `0x${'11'.repeat(32)}`;
const U128_MAX = '340282366920938463463374607431768211455';

function filled(): Draft[] {
  const d = put.params.map((p) => initialDraft(p.type, model.types));
  const [order, note, tags, prices, blob, to, kind] = d as [Draft, Draft, Draft, Draft, Draft, Draft, Draft];
  if (order.t !== 'struct') throw new Error('order is a struct');
  (order.fields.id as { v: string }).v = '18446744073709551615';
  const lines = order.fields.lines as Extract<Draft, { t: 'list' }>;
  const line = initialDraft({ kind: 'named', name: 'Line' }, model.types);
  if (line.t !== 'struct') throw new Error('line is a struct');
  (line.fields.sku as { v: string }).v = 'apple';
  (line.fields.qty as { v: string }).v = '2';
  lines.items.push(line);
  (order.fields.memo as { v: string }).v = '0x01020304';
  if (note.t !== 'option') throw new Error('note is an option');
  note.some = true;
  note.v = { t: 'text', v: 'hi' };
  if (tags.t !== 'list') throw new Error('tags is a list');
  tags.items.push({ t: 'text', v: 'x' }, { t: 'text', v: 'y' });
  if (prices.t !== 'list') throw new Error('prices is a map');
  const row = mapRowDraft({ kind: 'primitive', name: 'String' }, { kind: 'primitive', name: 'u128' }, model.types);
  if (row.t !== 'fixed') throw new Error('a row is a pair');
  (row.items[0] as { v: string }).v = 'apple';
  (row.items[1] as { v: string }).v = U128_MAX;
  prices.items.push(row);
  (blob as { v: string }).v = '0xdead';
  (to as { v: string }).v = ALICE;
  if (kind.t !== 'enum') throw new Error('kind is an enum');
  kind.variant = 'Split';
  kind.v = { t: 'struct', fields: { parts: { t: 'text', v: '3' }, payer: { t: 'option', some: true, v: { t: 'text', v: ALICE } } } };
  return d;
}

describe('call form drafts', () => {
  it('shape every kind of input: struct, enum with data, Option, Vec, Map, bytes, fixed bytes, ids, u64/u128', () => {
    const shapes = put.params.map((p) => shapeOf(p.type, model.types).kind);
    expect(shapes).toEqual(['struct', 'option', 'vec', 'map', 'bytes', 'id', 'enum']);
  });

  it('turn filled inputs into the JSON form that the codec encodes and decodes back', () => {
    const json = put.params.map((p, i) => draftToJson(p.type, filled()[i], model.types));
    const expected = [
      { id: '18446744073709551615', lines: [{ sku: 'apple', qty: 2 }], memo: '0x01020304' },
      'hi',
      ['x', 'y'],
      [['apple', U128_MAX]],
      '0xdead',
      ALICE,
      { Split: { parts: 3, payer: ALICE } },
    ];
    expect(json).toEqual(expected);
    const bytes = encodeCall(model, put, json);
    expect(decodeCall(model, hex(bytes))).toEqual({ what: 'Shapes.Put', json: expected });
  });

  it('report a bad value with the message and path the CLI gives', () => {
    const d = filled();
    const order = d[0] as Extract<Draft, { t: 'struct' }>;
    const line = (order.fields.lines as Extract<Draft, { t: 'list' }>).items[0] as Extract<Draft, { t: 'struct' }>;
    (line.fields.qty as { v: string }).v = '70000';
    const json = put.params.map((p, i) => draftToJson(p.type, d[i], model.types));
    let cli = '';
    try {
      codecFromType(put.params[0]!.type, model.types).fromJson(json[0], 'Shapes.Put.order');
    } catch (e) {
      cli = (e as Error).message;
    }
    expect(cli).toContain('Shapes.Put.order.lines[0].qty');
    expect(() => encodeCall(model, put, json)).toThrow(cli);
  });

  it('leave an empty integer to the codec, which names the parameter', () => {
    const count = put.params.map((p) => initialDraft(p.type, model.types));
    const json = put.params.map((p, i) => draftToJson(p.type, count[i], model.types));
    expect(() => encodeCall(model, put, json)).toThrow(/^Shapes\.Put\.order\.id: /);
  });

  const firstEmpty = (d: Draft[]) => {
    for (const [i, p] of put.params.entries()) {
      const e = emptyInput(p.type, d[i], model.types, p.name, `f-arg-${p.name}`);
      if (e !== undefined) return emptyMessage(put.what, e);
    }
    return undefined;
  };

  it('name an empty input by its label, with what to enter, instead of the JSON type error', () => {
    expect(firstEmpty(filled())).toBeUndefined();
    expect(firstEmpty(put.params.map((p) => initialDraft(p.type, model.types)))).toBe(
      'Shapes.Put: order.id is empty — enter a u64 (decimal digits).',
    );
    const d = filled();
    const order = d[0] as Extract<Draft, { t: 'struct' }>;
    (order.fields.memo as { v: string }).v = ' ';
    expect(firstEmpty(d)).toBe('Shapes.Put: order.memo is empty — enter 4 bytes (0x + 8 hex digits).');
    (order.fields.memo as { v: string }).v = '0x01020304';
    const row = (d[3] as Extract<Draft, { t: 'list' }>).items[0] as Extract<Draft, { t: 'fixed' }>;
    (row.items[1] as { v: string }).v = '';
    expect(firstEmpty(d)).toBe('Shapes.Put: prices[0] value is empty — enter a u128 (decimal digits).');
    (row.items[1] as { v: string }).v = '1';
    const kind = d[6] as Extract<Draft, { t: 'enum' }>;
    ((kind.v as Extract<Draft, { t: 'struct' }>).fields.payer as { v: Draft }).v = { t: 'text', v: '' };
    expect(firstEmpty(d)).toBe('Shapes.Put: kind.Split.payer value is empty — enter an ActorId (0x + 64 hex digits).');
    // An empty String or [u8] is a value, not a missing one.
    (row.items[0] as { v: string }).v = '';
    (d[4] as { v: string }).v = '';
    ((kind.v as Extract<Draft, { t: 'struct' }>).fields.payer as { some: boolean }).some = false;
    expect(firstEmpty(d)).toBeUndefined();
  });

  it("name a map's empty key with its row and the input's id", () => {
    const byOwner = {
      kind: 'vec',
      item: {
        kind: 'tuple',
        items: [
          { kind: 'primitive', name: 'ActorId' },
          { kind: 'primitive', name: 'u8' },
        ],
      },
    } as const;
    const d = initialDraft(byOwner, model.types);
    if (d.t !== 'list') throw new Error('a map is a list');
    const r0 = mapRowDraft(byOwner.item.items[0], byOwner.item.items[1], model.types) as Extract<Draft, { t: 'fixed' }>;
    (r0.items[0] as { v: string }).v = ALICE;
    (r0.items[1] as { v: string }).v = '1';
    d.items.push(r0, mapRowDraft(byOwner.item.items[0], byOwner.item.items[1], model.types));
    expect(emptyInput(byOwner, d, model.types, 'owners', 'f-arg-owners')).toEqual({
      label: 'owners[1] key',
      id: 'f-arg-owners-1-k',
      expected: 'an ActorId (0x + 64 hex digits)',
    });
  });
});
