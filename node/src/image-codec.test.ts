import { describe, expect, it } from 'vitest';
import { ByteSink } from './canonical.js';
import { HOST_PROTOS, hostEntries, ImageReader, ImageWriter, protoTable } from './image-codec.js';

class Point {
  x = 1;
  y = 2;
}
class Hidden {
  z = 3;
}
const table = protoTable([...hostEntries(), ['export:Point', Point.prototype]]);

function roundTrip(value: unknown): unknown {
  const sink = new ByteSink();
  new ImageWriter(sink, table).value(value);
  return new ImageReader(sink.result(), table).value();
}

describe('the checkpoint image codec', () => {
  it('restores values with their prototypes, shared references and cycles', () => {
    const shared = { n: 5 };
    const value: Record<string, unknown> = {
      big: -(2n ** 100n),
      text: 'héllo',
      bytes: new Uint8Array([1, 2, 3]),
      words: new Uint32Array([7, 8]),
      when: new Date(1234),
      map: new Map<unknown, unknown>([['a', shared]]),
      set: new Set([1, 'two']),
      list: [shared, undefined, null, true, 1.5],
      point: Object.assign(new Point(), { x: 9 }),
      bare: Object.create(null),
    };
    value.self = value;
    const back = roundTrip(value) as typeof value;
    expect(back).not.toBe(value);
    expect(back.self).toBe(back);
    expect(back.big).toBe(-(2n ** 100n));
    expect(back.text).toBe('héllo');
    expect(back.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(back.words).toBeInstanceOf(Uint32Array);
    expect([...(back.words as Uint32Array)]).toEqual([7, 8]);
    expect((back.when as Date).getTime()).toBe(1234);
    expect(back.point).toBeInstanceOf(Point);
    expect((back.point as Point).x).toBe(9);
    expect(Object.getPrototypeOf(back.bare)).toBeNull();
    const list = back.list as unknown[];
    expect((back.map as Map<string, unknown>).get('a')).toBe(list[0]);
    expect(list.slice(1)).toEqual([undefined, null, true, 1.5]);
    expect([...(back.set as Set<unknown>)]).toEqual([1, 'two']);
  });

  it('refuses what it cannot name (a function, an unexported class, an accessor)', () => {
    const write = (v: unknown) => () => new ImageWriter(new ByteSink(), HOST_PROTOS).value(v);
    expect(write({ f: () => 1 })).toThrow(expect.objectContaining({ code: 'NODE_STORE' }));
    expect(write(new Hidden())).toThrow(/does not export/);
    expect(write(Object.defineProperty({}, 'x', { get: () => 1, enumerable: true, configurable: true }))).toThrow(/descriptor/);
  });
});
