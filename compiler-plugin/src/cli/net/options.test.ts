import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAccount } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'sprocket-account-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The message loadAccount refuses a key file holding `text` with. */
function refusal(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  try {
    loadAccount(name, dir);
  } catch (error) {
    expect(error).toMatchObject({ code: 'CLI_BAD_ACCOUNT' });
    return (error as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

describe('--account key files', () => {
  it('never quotes the text of a key file that is not JSON: it may be a secret in another format', () => {
    // Each file, and a piece of its secret that must not show.
    const secrets = [
      ['base64.key', 'MC4CAQAwBQYDK2VwBCIEIKs3cretBase64KeyMaterialXyz', 'MC4C'],
      ['mnemonic.txt', 'abandon ability able about above absent absorb abstract absurd abuse access accident', 'aban'],
      ['yaml.key', 'secretKey: 0x4f03ec358b554b3aee9449441eb8ca582540d59ab88f8842f31e7ac93aefff09', '4f03'],
      ['short.key', 'zebra', 'zebr'],
    ] as const;
    for (const [name, text, piece] of secrets) {
      const message = refusal(name, text);
      expect(message).toMatch(/not JSON/);
      // Not even the first characters of the file (V8's message quotes up to ten).
      expect(message).not.toContain(piece);
    }
    expect(refusal('trailing.json', '{"a": 1,}')).toMatch(/not JSON \(at position \d+\)/);
  });

  it('refuses JSON that is not an object, or an object without a good secretKey, naming the field', () => {
    for (const [name, text] of [
      ['null.json', 'null'],
      ['number.json', '5'],
      ['short-seed.json', '{"secretKey": "0x1234"}'],
    ] as const) {
      expect(refusal(name, text)).toMatch(/"secretKey" must be a 32-byte ed25519 secret seed/);
    }
  });
});
