import { describe, expect, it } from 'vitest';
import { ByteSink, encodeValue } from './canonical.js';

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
});
