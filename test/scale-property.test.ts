import { TypeRegistry } from '@polkadot/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, toHex } from '../sdk/src/scale/index.js';
import { typedValue } from './scale-arbitraries.js';

describe('SCALE properties', () => {
  it('decode(encode(v)) deep-equals v', () => {
    fc.assert(
      fc.property(typedValue(), ([t, v]) => {
        const bytes = encode(t.codec, v);
        expect(decode(t.codec, bytes)).toEqual(v);
      }),
      { numRuns: 400 },
    );
  });

  it('encode(v) equals the bytes of @polkadot/types', () => {
    fc.assert(
      fc.property(typedValue(), ([t, v]) => {
        const registry = new TypeRegistry();
        registry.register(t.defs as never);
        const expected = registry.createType(t.pd, t.toPd(v)).toU8a();
        expect(toHex(encode(t.codec, v))).toBe(toHex(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('fromJson(toJson(v)) deep-equals v and the JSON survives JSON.stringify', () => {
    fc.assert(
      fc.property(typedValue(), ([t, v]) => {
        const json = JSON.parse(JSON.stringify(t.codec.toJson(v)));
        expect(t.codec.fromJson(json, 'v')).toEqual(v);
      }),
      { numRuns: 400 },
    );
  });
});
