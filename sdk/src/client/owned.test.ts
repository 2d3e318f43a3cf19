import { describe, expect, it } from 'vitest';
import type { MessageId } from '../types/scalars.js';
import { CALL_OWNED, callOwned, SEND_OWNED, sendOwned } from './owned.js';
import type { Transport } from './transport.js';

const TARGET = `0x${'11'.repeat(32)}` as const;

function plain(log: string[]): Transport {
  return {
    call: async () => {
      log.push('call');
      return new Uint8Array([1]);
    },
    send: () => {
      log.push('send');
      return '0x01' as MessageId;
    },
    query: async () => {
      log.push('query');
      return new Uint8Array([2]);
    },
    deploy: async () => TARGET,
    subscribe: () => () => {},
  };
}

describe('owned payloads', () => {
  it('goes to the owning methods when the transport has them, with the very same bytes', async () => {
    const log: string[] = [];
    const seen: Uint8Array[] = [];
    const transport = Object.assign(plain(log), {
      [SEND_OWNED]: (_t: string, payload: Uint8Array) => {
        seen.push(payload);
        return '0x02' as MessageId;
      },
      [CALL_OWNED]: async (_t: string, payload: Uint8Array, _o: unknown, query: boolean) => {
        seen.push(payload);
        return new Uint8Array([query ? 4 : 3]);
      },
    });
    const bytes = new Uint8Array([9]);
    expect(sendOwned(transport, TARGET, bytes, undefined)).toBe('0x02');
    expect(await callOwned(transport, TARGET, bytes, undefined, false)).toEqual(new Uint8Array([3]));
    expect(await callOwned(transport, TARGET, bytes, undefined, true)).toEqual(new Uint8Array([4]));
    expect(seen.every((b) => b === bytes)).toBe(true);
    expect(log).toEqual([]);
  });

  it('falls back to plain send, call and query otherwise', async () => {
    const log: string[] = [];
    const transport = plain(log);
    expect(sendOwned(transport, TARGET, new Uint8Array(), undefined)).toBe('0x01');
    expect(await callOwned(transport, TARGET, new Uint8Array(), undefined, false)).toEqual(new Uint8Array([1]));
    expect(await callOwned(transport, TARGET, new Uint8Array(), undefined, true)).toEqual(new Uint8Array([2]));
    expect(log).toEqual(['send', 'call', 'query']);
  });
});
