import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Each run is a fresh process: the entry must act before any codec is built, as it does first in an app's entry.
// `Function` is replaced by one that refuses to construct, as a page's Content-Security-Policy refuses `new Function`,
// and counts the attempts a page would log as violations.
const script = `
let attempts = 0;
const Real = Function;
globalThis.Function = new Proxy(Real, { construct() { attempts++; throw new EvalError('refused by the policy'); } });
if (process.argv[1] === 'off') await import('@sprocket/sdk/no-codegen');
const { codec, encode, toHex } = await import('@sprocket/sdk');
const point = codec.struct('Point', [['x', codec.u32], ['y', codec.u64]]);
const shape = codec.enumTagged('Shape', [{ name: 'Dot', fields: [['at', point]] }, { name: 'None', fields: [] }]);
const bytes = toHex(encode(shape, { kind: 'Dot', at: { x: 7, y: 9n } }));
process.stdout.write(JSON.stringify({ attempts, bytes }));
`;

function run(mode: 'on' | 'off'): { attempts: number; bytes: string } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, mode], { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out) as { attempts: number; bytes: string };
}

describe('@sprocket/sdk/no-codegen', () => {
  it('builds codecs without trying new Function, and they encode the same bytes', () => {
    const plain = run('on');
    const off = run('off');
    // Without the entry the sdk tries once (then remembers the refusal); with it, never.
    expect(plain.attempts).toBe(1);
    expect(off.attempts).toBe(0);
    expect(off.bytes).toBe(plain.bytes);
    expect(off.bytes).toBe('0x00070000000900000000000000');
  });
});
