import { describe, expect, it } from 'vitest';
import { ID_PARSE_BYTES, requestIdOf, requestIdOfStart, scanId } from './frame-id.js';

const big = (head: string, tail = '"}}') => Buffer.from(`${head}${'x'.repeat(ID_PARSE_BYTES)}${tail}`);

describe('requestIdOf', () => {
  it('finds the id of a small frame by parsing it, wherever it is', () => {
    expect(requestIdOf(Buffer.from('{"method":"node_info","params":{"id":3},"id":7}'))).toBe(7);
    expect(requestIdOf(Buffer.from('{"jsonrpc":"2.0","id":"a\\"b"}'))).toBe('a"b');
    expect(requestIdOf(Buffer.from('[{"id":1}]'))).toBeNull();
    expect(requestIdOf(Buffer.from('{"id":'))).toBeNull();
    expect(requestIdOf(Buffer.from('{"id":{"x":1}}'))).toBeNull();
  });

  it('finds the id of a large frame in its first bytes only, at the top level only', () => {
    expect(requestIdOf(big('{"jsonrpc":"2.0","id":42,"method":"actor_query","params":{"payload":"'))).toBe(42);
    expect(requestIdOf(big(' { "id" : "req-9" , "params":{"payload":"'))).toBe('req-9');
    // An `id` inside params, or inside a string, is not the request's.
    expect(requestIdOf(big('{"method":"dev_revert","params":{"id":3,"pad":"'))).toBeNull();
    expect(requestIdOf(big('{"method":"x","note":"\\"id\\":5","params":{"pad":"'))).toBeNull();
    expect(requestIdOf(big('{"params":{"a":[1,{"id":2}]},"id":8,"pad":"'))).toBe(8);
    // Past the scanned start: not found (the frame is never parsed whole).
    expect(requestIdOf(big('{"params":{"pad":"', '"},"id":5}'))).toBeNull();
  });

  it('scans the start of a body that arrived in chunks', () => {
    const chunks = ['{"jsonrpc":"2.0",', '"id":', '123', ',"params":{"pad":"', 'x'.repeat(2000)].map((s) => Buffer.from(s));
    expect(requestIdOfStart(chunks)).toBe(123);
  });

  it('does not take a number cut off by the end of the scan', () => {
    expect(scanId('{"id":12')).toBeNull();
    expect(scanId('{"id":12}')).toBe(12);
    expect(scanId('{"id":-1.5e3,')).toBe(-1500);
    expect(scanId('{"id":true,')).toBeNull();
  });
});
