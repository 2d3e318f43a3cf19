import { CallError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Counter } from './__fixtures__/counter.js';
import { createTestSystem } from './testing/index.js';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const ctorHeader = (entry: string, route = '00', iface = '00'.repeat(8)) => `474d0110${iface}${entry}${route}00`;

async function refusal(payload: Uint8Array): Promise<CallError> {
  const sys = createTestSystem({ seed: 1 });
  const code = sys.codeId(Counter);
  const error = await sys
    .user('alice')
    .deploy(code, payload)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof CallError)) throw new Error(`expected a CallError, got ${String(error)}`);
  return error;
}

describe('an init payload whose header names no constructor', () => {
  it('a call header sent as an init payload says so, instead of denying the constructor the program has', async () => {
    const e = await refusal(bytes('474d0110579d6daba41b7d82000001002a000000'));
    expect(e.code).toBe('UNKNOWN_ROUTE');
    expect(e.reason).toMatch(/the init payload's header is not a constructor's \(interface 0x579d6daba41b7d82, entry 0, route 1\)/);
    expect(e.reason).not.toMatch(/no constructor with entry id 0/);
  });

  it('route 1 with interface 0 is not a constructor header either', async () => {
    const e = await refusal(bytes(ctorHeader('0000', '01')));
    expect(e.reason).toMatch(/is not a constructor's \(interface 0x0000000000000000, entry 0, route 1\)/);
  });

  it('an unknown entry id lists the constructors there are', async () => {
    const e = await refusal(bytes(ctorHeader('0900')));
    expect(e.code).toBe('UNKNOWN_ROUTE');
    expect(e.reason).toMatch(/^Counter has no constructor with entry id 9 \(constructors: New = 0\)$/);
  });
});
