import { describe, expect, it } from 'vitest';
import { extractFromSource } from './index.js';

function stateOf(fields: readonly string[]): unknown {
  const source = [
    "import { Actor, actor, type u8, type u64, type i32 } from '@sprocket/sdk';",
    '@actor() export class Fields extends Actor {',
    ...fields.map((f) => `  ${f}`),
    '  touch(): void {}',
    '}',
  ].join('\n');
  const result = extractFromSource('fields.ts', source);
  expect(result.diagnostics).toEqual([]);
  return result.manifests[0]?.actor?.state;
}

describe('state fields the runtime range-checks at commit', () => {
  it('lists a nullable integer field with its null, so the runtime lets null pass and checks the number', () => {
    expect(stateOf(['best: u8 | null = null;', 'total: (null | u64) = null;', 'low: i32 | null | undefined = null;'])).toEqual([
      { name: 'best', type: 'u8 | null' },
      { name: 'total', type: 'u64 | null' },
      { name: 'low', type: 'i32 | null' },
    ]);
  });

  it('lists an optional integer field, or one that may be undefined, as the plain integer (an unset field is skipped)', () => {
    expect(stateOf(['count?: u8;', 'last: u64 | undefined = undefined;', 'plain: u8 = 0;'])).toEqual([
      { name: 'count', type: 'u8' },
      { name: 'last', type: 'u64' },
      { name: 'plain', type: 'u8' },
    ]);
  });

  it('leaves out unions of other types, arrays and objects, which it has no single range for', () => {
    expect(
      stateOf(["label: u8 | 'none' = 0;", 'list: (u8 | null)[] = [];', 'pair: { a: u8 } = { a: 0 };', 'nothing: null = null;']),
    ).toBeUndefined();
  });
});
