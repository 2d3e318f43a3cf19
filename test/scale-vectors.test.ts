import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode, encode, fromHex, isScaleError, toHex } from '../sdk/src/scale/index.js';
import { codecFromType } from '../sdk/src/schema/codec-from-type.js';
import { parseTypeExpr } from '../sdk/src/schema/parse-type.js';

interface Vector {
  readonly type: string;
  readonly value: unknown;
  readonly hex: string;
}
interface Reject {
  readonly type: string;
  readonly hex: string;
  readonly why: string;
}

const file = JSON.parse(readFileSync(new URL('./vectors/scale.json', import.meta.url), 'utf8')) as {
  vectors: Vector[];
  rejects: Reject[];
};

const expectedCode = (why: string): string => {
  if (why.includes('bool')) return 'SCALE_BAD_BOOL';
  if (why.includes('tag')) return 'SCALE_BAD_TAG';
  if (why.includes('too short')) return 'SCALE_SHORT_INPUT';
  if (why.includes('trailing')) return 'SCALE_TRAILING_BYTES';
  if (why.includes('non-canonical')) return 'SCALE_NON_CANONICAL_COMPACT';
  if (why.includes('UTF-8')) return 'SCALE_BAD_UTF8';
  return 'unknown';
};

describe('SCALE reference vectors', () => {
  it('has vectors', () => {
    expect(file.vectors.length).toBeGreaterThan(0);
    expect(file.rejects.length).toBeGreaterThan(0);
  });

  for (const v of file.vectors) {
    it(`${v.type} = ${JSON.stringify(v.value)} <-> ${v.hex}`, () => {
      const codec = codecFromType(parseTypeExpr(v.type));
      const decoded = decode(codec, fromHex(v.hex));
      expect(codec.toJson(decoded)).toEqual(v.value);
      expect(toHex(encode(codec, decoded))).toBe(v.hex);
      expect(toHex(encode(codec, codec.fromJson(v.value, 'value')))).toBe(v.hex);
    });
  }

  for (const v of file.rejects) {
    it(`rejects ${v.type} ${v.hex} (${v.why})`, () => {
      const codec = codecFromType(parseTypeExpr(v.type));
      let error: unknown;
      try {
        decode(codec, fromHex(v.hex));
      } catch (e) {
        error = e;
      }
      expect(isScaleError(error)).toBe(true);
      expect((error as { code: string }).code).toBe(expectedCode(v.why));
    });
  }
});
