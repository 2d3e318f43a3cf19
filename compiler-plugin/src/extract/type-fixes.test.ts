import { describe, expect, it } from 'vitest';
import { extractFromSource } from './index.js';

describe('extract: the fixes of types written another way', () => {
  it('names the string-literal union to write, with the enum’s own name and members', () => {
    const result = extractFromSource(
      'levels.ts',
      [
        "import { Actor, actor } from '@sprocket/sdk';",
        "export enum Side { Buy = 'buy', Sell = 'sell' }",
        'export const enum Level { Low, High }',
        '@actor()',
        'export class Book extends Actor {',
        '  side(s: Side): void {}',
        '  level(l: Level): void {}',
        '}',
      ].join('\n'),
    );
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.fix])).toEqual([
      ['SPK1019', 6, "use a union of string literals (`type Side = 'Buy' | 'Sell'`): a Sails enum of unit variants"],
      ['SPK1019', 7, "use a union of string literals (`type Level = 'Low' | 'High'`): a Sails enum of unit variants"],
    ]);
  });

  it('asks for an inline import type to be imported at the top of the file', () => {
    const result = extractFromSource(
      'inline-import.ts',
      [
        "import { Actor, actor } from '@sprocket/sdk';",
        '@actor()',
        'export class Book extends Actor {',
        "  put(p: import('./shapes.js').Point): void {}",
        '}',
      ].join('\n'),
    );
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.fix])).toEqual([
      ['SPK1019', 4, "import it at the top of the file (`import type { Point } from './shapes.js'`) and write `Point`"],
    ]);
  });
});
