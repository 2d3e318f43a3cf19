import { describe, expect, it } from 'vitest';
import { ByteSink, encodeValue, readStr } from './canonical.js';

const bytes = (v: unknown): string => {
  const sink = new ByteSink();
  encodeValue(sink, v);
  return Buffer.from(sink.result()).toString('hex');
};

describe('the canonical state encoding', () => {
  it('writes a string as its UTF-8 bytes after a u32 length, ASCII or not, short or long', () => {
    const utf8 = (s: string): string => {
      const b = new TextEncoder().encode(s);
      const len = Buffer.alloc(4);
      len.writeUInt32LE(b.length);
      return Buffer.concat([len, b]).toString('hex');
    };
    for (const s of ['', '0xab', 'naïve', '€uro', '𝄞', 'a'.repeat(256), 'b'.repeat(257), `${'c'.repeat(255)}é`]) {
      const sink = new ByteSink();
      sink.byte(9);
      sink.str(s);
      expect(Buffer.from(sink.result()).toString('hex')).toBe(`09${utf8(s)}`);
    }
  });

  it('writes a lone surrogate as WTF-8, distinct from U+FFFD, and reads every string back as it was', () => {
    // A state string may hold a lone surrogate; UTF-8 would turn it into U+FFFD, so '\ud800' and '\ufffd' shared a root.
    expect(bytes('\ud800')).toBe('0603000000eda080');
    expect(bytes('\ufffd')).toBe('0603000000efbfbd');
    expect(bytes(new Map([['\udc00', 1]]))).not.toBe(bytes(new Map([['\ufffd', 1]])));
    expect(bytes({ 'a\udbff': 1 })).not.toBe(bytes({ 'a\ufffd': 1 }));
    for (const s of ['\ud800', 'x\udc00y', '\udbff\ud800', '\ud83d\ude00\ud83d', '\ufffd\ud800', `${'é'.repeat(300)}\udfff`, '𝄞€é\ufffd']) {
      const sink = new ByteSink();
      sink.str(s);
      expect(readStr(sink.result().subarray(4))).toBe(s);
    }
  });

  it('writes every NaN as the one quiet NaN, whatever bits the engine gave it', () => {
    // `0 / 0` is fff8… in V8's interpreter and 7ff8… once optimised: a run and its replay must hash alike.
    const fromBits = (hex: string): number => new Float64Array(new BigUint64Array([BigInt(`0x${hex}`)]).buffer)[0] as number;
    const nans = [
      Number.NaN,
      Math.sqrt(-1),
      Number.POSITIVE_INFINITY - Number.POSITIVE_INFINITY,
      fromBits('fff8000000000000'),
      fromBits('7ff8000000000001'),
    ];
    for (const nan of nans) {
      expect(bytes(nan)).toBe('04000000000000f87f');
      expect(bytes({ n: [nan] })).toBe(bytes({ n: [Number.NaN] }));
      expect(bytes(new Date(nan))).toBe(bytes(new Date(Number.NaN)));
    }
    expect(bytes(-0)).not.toBe(bytes(0));
    // Float arrays in state too: `arr[i] = a / b` stores the bits the engine made.
    const f64 = new Float64Array([1, ...nans]);
    const f32 = new Float32Array([1, ...nans]);
    expect(bytes(f64)).toBe(bytes(new Float64Array(nans.length + 1).fill(Number.NaN, 1).fill(1, 0, 1)));
    expect(bytes(f32)).toBe(bytes(new Float32Array(nans.length + 1).fill(Number.NaN, 1).fill(1, 0, 1)));
    expect([...f64.slice(1)].every(Number.isNaN)).toBe(true);
    const raw = new Float32Array(new Uint32Array([0xffc00000, 0x7fc00001]).buffer);
    expect(bytes(raw)).toBe(bytes(new Float32Array([Number.NaN, Number.NaN])));
    expect(new Uint32Array(raw.buffer)[0]).toBe(0xffc00000);
  });

  it('is equal for equal state and differs for any observable difference', () => {
    const a = { n: 1, big: 2n, s: 'x', m: new Map([['k', [1, 2]]]), set: new Set([1]), b: new Uint8Array([1]), d: undefined };
    const b = { n: 1, big: 2n, s: 'x', m: new Map([['k', [1, 2]]]), set: new Set([1]), b: new Uint8Array([1]), d: undefined };
    expect(bytes(a)).toBe(bytes(b));
    expect(bytes({ ...a, n: 2 })).not.toBe(bytes(a));
    expect(bytes({ ...a, big: 3n })).not.toBe(bytes(a));
    expect(bytes({ x: 1, y: 2 })).not.toBe(bytes({ y: 2, x: 1 }));
    expect(
      bytes(
        new Map([
          [1, 1],
          [2, 2],
        ]),
      ),
    ).not.toBe(
      bytes(
        new Map([
          [2, 2],
          [1, 1],
        ]),
      ),
    );
    expect(bytes([1, '1'])).not.toBe(bytes(['1', 1]));
    expect(bytes(1)).not.toBe(bytes(1n));
  });

  it('encodes shared references and cycles as back-references, without looping', () => {
    const shared = { v: 1 };
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(bytes([shared, shared])).not.toBe(bytes([{ v: 1 }, { v: 1 }]));
    expect(bytes(cyclic).length).toBeGreaterThan(0);
  });

  it('keeps its bytes: a value of every kind, with a shared reference and a cycle, encodes as pinned', () => {
    // Pinned from the first (recursive) implementation: the state roots of stored chains depend on these bytes.
    const shared = { v: 1 };
    const cyclic: Record<string, unknown> = { n: 2 };
    cyclic.self = cyclic;
    const value = {
      a: [1, 'é', [2n, null]],
      m: new Map<unknown, unknown>([
        ['k', shared],
        [3, new Set([true, undefined])],
      ]),
      s: shared,
      c: cyclic,
      d: new Date(5),
      t: new Int16Array([3]),
      b: new Uint8Array([9]),
    };
    expect(bytes(value)).toBe(
      '0b070000000100000061080300000004000000000000f03f0602000000c3a9080200000005010000003201010000006d090200000006010000006b0b01000000010000007604000000000000f03f0400000000000008400a02000000030001000000730d0400000001000000630b02000000010000006e0400000000000000400400000073656c660d0600000001000000640c000000000000144001000000740e0a000000496e74313641727261790200000003000100000062070100000009',
    );
  });

  it('encodes state nested 200,000 levels deep (a long linked list) without overflowing the stack', () => {
    const list: { next?: unknown } = {};
    let cur = list;
    for (let i = 0; i < 200_000; i++) {
      const next = {};
      cur.next = next;
      cur = next;
    }
    const sink = new ByteSink();
    expect(() => encodeValue(sink, list)).not.toThrow();
    // Each level: the object tag, one key (4-byte length + "next") and the key count.
    expect(sink.length).toBe(200_000 * 13 + 5);
  });

  it('runs no code of a subclass in state: a Date, Map, Set or typed array encodes by its built-in slots', () => {
    const spin = (): never => {
      throw new Error('contract code ran');
    };
    class HostileDate extends Date {
      override getTime(): number {
        return spin();
      }
    }
    class HostileMap<K, V> extends Map<K, V> {
      override get size(): number {
        return spin();
      }
      override [Symbol.iterator](): MapIterator<[K, V]> {
        return spin();
      }
      override forEach(): void {
        spin();
      }
    }
    class HostileSet<T> extends Set<T> {
      override [Symbol.iterator](): SetIterator<T> {
        return spin();
      }
    }
    class HostileBytes extends Uint8Array {
      override get length(): number {
        return spin();
      }
    }
    class HostileWords extends Int16Array {}
    Object.defineProperty(HostileWords, 'name', { get: spin });
    const hostile = [new HostileDate(5), new HostileMap([[1, 2]]), new HostileSet([3]), new HostileBytes([4]), new HostileWords([6])];
    const plain = [new Date(5), new Map([[1, 2]]), new Set([3]), new Uint8Array([4]), new Int16Array([6])];
    expect(bytes(hostile)).toBe(bytes(plain));
  });
});
