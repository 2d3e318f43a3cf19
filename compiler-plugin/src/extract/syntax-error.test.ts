import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFromSource } from './index.js';

const root = resolve(import.meta.dirname, '../../..');

describe('an actor file that does not parse', () => {
  it('is SPK1000 at the syntax error, not the diagnostics of what the parser recovered (an overloaded handler)', () => {
    const result = extractFromSource(
      'broken.ts',
      ["import { Actor, actor } from '@sprocket/sdk';", '@actor()', 'export class Broken extends Actor {', '  f(: void {}', '}'].join('\n'),
      { rootDir: root },
    );
    expect(result.manifests).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.location.column])).toEqual([['SPK1000', 'error', 4, 5]]);
    expect(result.diagnostics[0]?.message).toBe('broken.ts does not parse: Parameter declaration expected.');
  });

  it('a file that parses is extracted as before', () => {
    const result = extractFromSource(
      'fine.ts',
      [
        "import { Actor, actor, type u32 } from '@sprocket/sdk';",
        '@actor()',
        'export class Fine extends Actor {',
        '  f(x: u32): u32 { return x; }',
        '}',
      ].join('\n'),
      { rootDir: root },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.manifests.map((m) => m.actor?.className)).toEqual(['Fine']);
  });
});
