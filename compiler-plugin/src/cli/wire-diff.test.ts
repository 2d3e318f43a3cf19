// The wire guard: changes to interface ids, entry ids, routes and type layouts are breaking; docs are not.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { breakingReplacement, idlWireDiff, reportWireChanges } from './wire-diff.js';

const token = readFileSync(fileURLToPath(new URL('../../../examples/token/token.idl', import.meta.url)), 'utf8');
// Without the ids the parser computes them, so an edited text stays valid.
const base = token.replace(/Token@0x[0-9a-f]+/g, 'Token');

describe('idlWireDiff', () => {
  it('reports an enum variant inserted mid-way as breaking, naming the moved variants and the new interface id', () => {
    const changes = idlWireDiff(token, base.replace('InsufficientBalance,\n', 'InsufficientBalance,\n            Frozen,\n'), 'token.idl');
    expect(changes.every((c) => c.breaking)).toBe(true);
    expect(changes.map((c) => c.what)).toEqual([
      expect.stringMatching(/^Token: interface id 0xf48ba5669a54a779 -> 0x[0-9a-f]{16}$/),
      expect.stringContaining(
        'Token: type TransferError: layout changed (variant Frozen inserted at index 1; variant InsufficientAllowance moved from index 1 to 2',
      ),
    ]);
  });

  it('reports changed parameters and a removed function as breaking', () => {
    const changes = idlWireDiff(
      token,
      base
        .replace('Approve(spender: ActorId, amount: u128) -> bool;', 'Approve(spender: ActorId, amount: u64) -> bool;')
        .replace(/\s*@query\s*TotalSupply\(\) -> u128;/, ''),
      'token.idl',
    );
    const text = changes.map((c) => `${c.breaking}:${c.what}`);
    expect(text).toContain('true:Token.Approve: parameters (ActorId, u128) -> (ActorId, u64)');
    expect(text).toContain('true:Token.TotalSupply removed');
  });

  it('finds no wire change when only docs change', () => {
    expect(idlWireDiff(token, token.replace('/// A fungible token', '/// A token'), 'token.idl')).toEqual([]);
  });
});

describe('the refusal and the warning name what moved the ids', () => {
  // A function added before others in name order moves their entry ids: the addition is compatible on its own,
  // but without it listed the breaking lines have no visible cause.
  const added = base.replace('    functions {\n', '    functions {\n        Accept() -> bool;\n');

  it('gen lists the added function beside the entry ids it moved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sprocket-wire-'));
    try {
      const path = join(dir, 'token.idl');
      writeFileSync(path, token);
      let err = '';
      const breaking = reportWireChanges(
        { actorFiles: [], outputs: [{ path, content: added }], changed: [path], diagnostics: [] },
        () => 'token.idl',
        { stderr: (t) => (err += t) },
        false,
      );
      expect(breaking).toBe(true);
      expect(err).toContain('  breaking wire change: Token.Approve: entry id 0 -> 1\n');
      expect(err).toContain('  compatible: Token.Accept added (entry id 0)\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the watch warning lists it too', () => {
    const text = breakingReplacement('sprocket gen', 'token.idl', token, added);
    expect(text).toContain('\n  Token.Approve: entry id 0 -> 1\n');
    expect(text).toContain('\n  compatible: Token.Accept added (entry id 0)\n');
  });
});
