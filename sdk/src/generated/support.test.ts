import { describe, expect, it } from 'vitest';
import { SdkError } from '../errors/sprocket-error.js';
import { ScaleReader } from '../scale/reader.js';
import type { GeneratedConstructor } from './definition.js';
import { deployConstructor, expectHeader, jsonArguments, placeScaleError, scaleValueError, sortMapEntries } from './support.js';

const COUNTER_ADD = Uint8Array.from([0x47, 0x4d, 0x01, 0x10, 0x57, 0x9d, 0x6d, 0xab, 0xa4, 0x1b, 0x7d, 0x82, 0x00, 0x00, 0x02, 0x00]);

describe('helpers of generated code', () => {
  it('expectHeader consumes a matching header and names both sides of a mismatch', () => {
    const reader = new ScaleReader(Uint8Array.from([...COUNTER_ADD, 0x2a, 0, 0, 0]));
    expectHeader(reader, COUNTER_ADD, 'Counter.Add');
    expect(reader.offset).toBe(16);
    const wrongEntry = COUNTER_ADD.slice();
    wrongEntry[12] = 1;
    expect(() => expectHeader(new ScaleReader(wrongEntry), COUNTER_ADD, 'Counter.Add')).toThrow(
      'Counter.Add.header: expected interface 0x579d6daba41b7d82 entry 0 route 2, got interface 0x579d6daba41b7d82 entry 1 route 2',
    );
    expect(() => expectHeader(new ScaleReader(COUNTER_ADD.slice(0, 8)), COUNTER_ADD, 'Counter.Add')).toThrow(/header/);
  });

  it('sortMapEntries orders keys and rejects equal keys with the entry path', () => {
    const numeric = (a: number, b: number): number => a - b;
    expect(
      sortMapEntries(
        new Map([
          [3, 'c'],
          [1, 'a'],
          [2, 'b'],
        ]),
        numeric,
        'm',
      ),
    ).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const sameModulo = (a: number, b: number): number => (a % 10) - (b % 10);
    expect(() =>
      sortMapEntries(
        new Map([
          [1, 'a'],
          [11, 'b'],
        ]),
        sameModulo,
        'Order.tags',
      ),
    ).toThrow('Order.tags[1].key: expected distinct map keys, got 11');
  });

  it('jsonArguments and scaleValueError say what was expected and what came', () => {
    expect(jsonArguments([1, 2], 2, 'Counter.Add')).toEqual([1, 2]);
    expect(() => jsonArguments({}, 1, 'Counter.Add')).toThrow('Counter.Add: expected a JSON array of 1 argument, got object');
    expect(() => jsonArguments([1], 2, 'Counter.Add')).toThrow('Counter.Add: expected 2 arguments, got 1');
    expect(scaleValueError('SCALE_BAD_VALUE', 'T.x', 'a bigint', 5).message).toBe('T.x: expected a bigint, got 5');
  });

  it('scaleValueError gives the length of an array of the wrong length', () => {
    expect(scaleValueError('SCALE_BAD_LENGTH', 'T.x', 'an array of 3 items', [1, 2]).message).toBe(
      'T.x: expected an array of 3 items, got an array of 2 items',
    );
    expect(scaleValueError('SCALE_BAD_VALUE', 'T.x', 'an object', [1]).message).toBe('T.x: expected an object, got an array of 1 item');
  });

  it('placeScaleError puts the failure of a named type where the type was written', () => {
    const inner = scaleValueError('SCALE_BAD_VALUE', 'Inner.tags[]', 'a string', 1);
    const placed = placeScaleError(placeScaleError(inner, 'Inner', 'Outer.inner'), 'Outer', 'Shop.Put.order') as Error;
    expect(placed.message).toBe('Shop.Put.order.inner.tags[]: expected a string, got 1');
    expect((placeScaleError(scaleValueError('SCALE_BAD_VALUE', 'Inner', 'an object', 5), 'Inner', 'Shop.Put.o') as Error).message).toBe(
      'Shop.Put.o: expected an object, got 5',
    );
    // Another type's path (a prefix only by its letters), and an error that is not a ScaleError, stay as they are.
    const other = scaleValueError('SCALE_BAD_VALUE', 'InnerX.a', 'a string', 1);
    expect(placeScaleError(other, 'Inner', 'Outer.inner')).toBe(other);
    const plain = new TypeError('x');
    expect(placeScaleError(plain, 'Inner', 'Outer.inner')).toBe(plain);
  });

  it('deployConstructor finds an own constructor and refuses any other name with SDK_UNKNOWN_CONSTRUCTOR', () => {
    const ctor = { name: 'New' } as GeneratedConstructor;
    const ctors = { new: ctor, withOwner: { name: 'WithOwner' } as GeneratedConstructor };
    expect(deployConstructor('Token', ctors, 'new')).toBe(ctor);
    for (const [name, shown] of [
      ['nope', '"nope"'],
      ['toString', '"toString"'],
      ['__proto__', '"__proto__"'],
      ['', '""'],
      [undefined, 'undefined'],
      [7, '7'],
      [Object.create(null), 'object'],
    ] as const) {
      let thrown: unknown;
      try {
        deployConstructor('Token', ctors, name);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(SdkError);
      expect(thrown).toMatchObject({
        code: 'SDK_UNKNOWN_CONSTRUCTOR',
        message: `deploy: Token has no constructor ${shown}; its constructors: new, withOwner`,
      });
    }
  });
});
