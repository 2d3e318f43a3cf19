import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Codec, decode, encode, isScaleError, toHex } from '../sdk/src/scale/index.js';
import { budget } from './bad-input/budget.js';
import { typeCase, typedValue } from './scale-arbitraries.js';

/** Decodes `bytes`; anything but a ScaleError fails; a successful decode must re-encode to the same bytes. */
function check(codec: Codec<unknown>, bytes: Uint8Array): void {
  let value: unknown;
  try {
    value = decode(codec, bytes);
  } catch (e) {
    if (!isScaleError(e)) throw e;
    return;
  }
  expect(toHex(encode(codec, value))).toBe(toHex(bytes));
}

describe('SCALE decoder fuzz', () => {
  it('random bytes: only ScaleError, and canonical when accepted', () => {
    fc.assert(
      fc.property(typeCase(), fc.uint8Array({ maxLength: 96 }), (t, bytes) => check(t.codec, bytes)),
      budget(2000),
    );
  });

  it('mutated valid encodings: only ScaleError, and canonical when accepted', () => {
    fc.assert(
      fc.property(
        typedValue(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        ([t, v], flips, cut) => {
          const bytes = encode(t.codec, v);
          const mutated = bytes.slice();
          for (const [at, b] of flips) if (mutated.length > 0) mutated[at % mutated.length] = b;
          check(t.codec, mutated);
          check(t.codec, bytes.subarray(0, bytes.length === 0 ? 0 : cut % bytes.length));
        },
      ),
      budget(1000),
    );
  });

  it('huge length prefixes fail fast', () => {
    fc.assert(
      fc.property(typeCase(), fc.constantFrom('0x03ffffffff', '0x02000040', '0x13ffffffffffffffff', '0xfeffffff00'), (t, hex) => {
        const bytes = Uint8Array.from(hex.slice(2).match(/../g) ?? [], (h) => Number.parseInt(h, 16));
        check(t.codec, bytes);
      }),
      budget(300),
    );
  });
});
