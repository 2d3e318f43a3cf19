// Hand-made manifests for the emitter tests (the IR of compiler-plugin/src/manifest/types.ts).
import type { TypeRef } from '@sprocket/sdk';
import type { Manifest } from '../../manifest/types.js';

const p = (name: 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256' | 'i8' | 'i16' | 'i32' | 'i64' | 'i128' | 'String' | 'ActorId' | 'CodeId' | 'MessageId' | 'H256'): TypeRef => ({
  kind: 'primitive',
  name,
});
const named = (name: string, args?: TypeRef[]): TypeRef => (args === undefined ? { kind: 'named', name } : { kind: 'named', name, args });
const UNIT: TypeRef = { kind: 'tuple', items: [] };

/** The Counter of DESIGN.md section 1. */
export const counterManifest: Manifest = {
  version: 1,
  source: 'fixtures/counter.ts',
  program: {
    name: 'Counter',
    constructors: [{ name: 'New', method: 'new', params: [{ name: 'start', type: { kind: 'option', some: p('u32') } }], entryId: 0 }],
    services: [{ name: 'Counter', service: 'Counter', route: 1 }],
    types: [],
  },
  services: [
    {
      name: 'Counter',
      interfaceId: '0x579d6daba41b7d82',
      extends: [],
      types: [],
      functions: [
        { name: 'Add', method: 'add', kind: 'command', params: [{ name: 'value', type: p('u32') }], returns: p('u32'), entryId: 0, payable: false },
        { name: 'Sub', method: 'sub', kind: 'command', params: [{ name: 'value', type: p('u32') }], returns: p('u32'), entryId: 1, payable: false },
        { name: 'Value', method: 'value', kind: 'query', params: [], returns: p('u32'), entryId: 2, payable: false },
      ],
      events: [
        { name: 'Added', fields: [{ type: p('u32') }], entryId: 0 },
        { name: 'Subtracted', fields: [{ type: p('u32') }], entryId: 1 },
      ],
    },
  ],
  actor: { className: 'Counter', exclusive: false },
};

/** A richer actor: structs, enums (unit and tagged), generics, maps, results, compact, fixed arrays, bytes. */
export const exchangeManifest: Manifest = {
  version: 1,
  source: 'test/exchange.ts',
  program: {
    name: 'Exchange',
    constructors: [],
    services: [{ name: 'Exchange', service: 'Exchange', route: 1 }],
    types: [],
  },
  services: [
    {
      name: 'Exchange',
      interfaceId: '0x0102030405060708',
      extends: [],
      types: [
        {
          kind: 'struct',
          name: 'Transfer',
          docs: ['A transfer of tokens.'],
          fields: [
            { name: 'to', type: p('ActorId') },
            { name: 'amount', type: p('u128') },
            { name: 'memo', type: { kind: 'option', some: p('String') } },
          ],
        },
        { kind: 'enum', name: 'Side', variants: [{ name: 'Buy', fields: [] }, { name: 'Sell', fields: [] }] },
        {
          kind: 'struct',
          name: 'Order',
          fields: [
            { name: 'id', type: p('u64') },
            { name: 'side', type: named('Side') },
            { name: 'price', type: p('u128') },
            { name: 'qty', type: { kind: 'compact', inner: p('u64') } },
            { name: 'tags', type: { kind: 'vec', item: p('String') } },
          ],
        },
        { kind: 'struct', name: 'Pair', params: ['A', 'B'], fields: [{ name: 'a', type: { kind: 'param', name: 'A' } }, { name: 'b', type: { kind: 'param', name: 'B' } }] },
        {
          kind: 'enum',
          name: 'Action',
          variants: [
            { name: 'Noop', fields: [] },
            { name: 'Move', fields: [{ name: 'x', type: p('i32') }, { name: 'y', type: p('i32') }] },
            { name: 'Say', fields: [{ type: p('String') }] },
            { name: 'Pay', fields: [{ type: p('ActorId') }, { type: p('u128') }] },
            { name: 'Batch', fields: [{ type: { kind: 'vec', item: named('Action') } }] },
          ],
        },
        { kind: 'struct', name: 'Point', fields: [{ type: p('i16') }, { type: p('i16') }] },
        {
          kind: 'struct',
          name: 'Everything',
          fields: [
            { name: 'flag', type: p('bool') },
            { name: 'small', type: p('u8') },
            { name: 'mid', type: p('u16') },
            { name: 'big', type: p('u256') },
            { name: 'neg', type: p('i64') },
            { name: 'wide', type: p('i128') },
            { name: 'i8v', type: p('i8') },
            { name: 'blob', type: { kind: 'vec', item: p('u8') } },
            { name: 'hash', type: { kind: 'array', item: p('u8'), length: 4 } },
            { name: 'trio', type: { kind: 'array', item: p('u16'), length: 3 } },
            { name: 'pair', type: { kind: 'tuple', items: [p('u8'), p('String')] } },
            { name: 'balances', type: { kind: 'map', key: p('ActorId'), value: p('u128') } },
            { name: 'scores', type: { kind: 'map', key: p('u32'), value: p('String') } },
            { name: 'res', type: { kind: 'result', ok: p('u32'), err: p('String') } },
            { name: 'point', type: named('Point') },
            { name: 'gp', type: named('Pair', [p('u8'), { kind: 'option', some: p('H256') }]) },
            { name: 'cu', type: { kind: 'compact', inner: p('u32') } },
            { name: 'c128', type: { kind: 'compact', inner: p('u128') } },
            { name: 'action', type: named('Action') },
          ],
        },
      ],
      functions: [
        { name: 'Cancel', method: 'cancel', kind: 'command', params: [{ name: 'id', type: p('u64') }], returns: UNIT, entryId: 0, payable: false },
        { name: 'Echo', method: 'echo', kind: 'command', params: [{ name: 'e', type: named('Everything') }], returns: named('Everything'), entryId: 1, payable: false },
        {
          name: 'Place',
          method: 'place',
          kind: 'command',
          params: [{ name: 'order', type: named('Order') }],
          returns: { kind: 'result', ok: p('u64'), err: p('String') },
          entryId: 2,
          payable: true,
        },
        { name: 'Send', method: 'send', kind: 'command', params: [{ name: 'transfer', type: named('Transfer') }, { name: 'new', type: p('bool') }], returns: p('bool'), entryId: 3, payable: false },
        { name: 'Stats', method: 'stats', kind: 'query', params: [], returns: named('Pair', [p('u64'), p('u64')]), entryId: 4, payable: false },
      ],
      events: [
        { name: 'Placed', fields: [{ name: 'id', type: p('u64') }, { name: 'side', type: named('Side') }], entryId: 3 },
        { name: 'Cancelled', fields: [{ type: p('u64') }], entryId: 0 },
        { name: 'Paused', fields: [], entryId: 2 },
        { name: 'Moved', fields: [{ type: p('u8') }, { type: p('u8') }], entryId: 1 },
      ],
    },
  ],
  actor: { className: 'Exchange', exclusive: false },
};
