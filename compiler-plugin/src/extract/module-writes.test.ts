import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Extractor, extractFromSource } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, '__fixtures__/fail/module-writes.ts');

describe('SPK1037: an actor that writes a variable of its module', () => {
  const result = new Extractor({ rootDir: resolve(here, '../../..') }).extract([fixture]);
  const rows = result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.location.column]);

  it('warns at each write in a field initialiser, the constructor, a handler and a callback inside it', () => {
    expect(rows).toEqual([
      ['SPK1037', 'warning', 12, 19], // private stamp = hits++
      ['SPK1037', 'warning', 16, 5], // cache.set in the constructor
      ['SPK1037', 'warning', 20, 5], // hits += n
      ['SPK1037', 'warning', 21, 5], // seen.add
      ['SPK1037', 'warning', 22, 5], // log.items.push
      ['SPK1037', 'warning', 23, 5], // delete log.items[0]
      ['SPK1037', 'warning', 25, 7], // hits = v in an arrow function
    ]);
    const first = result.diagnostics.find((d) => d.location.line === 20);
    expect(first?.message).toBe(
      'Tally.add assigns to the module variable hits (`hits += n`): on a node every actor of this code shares it, a failed segment does not roll it back, and a restart does not keep it',
    );
    expect(first?.fix).toBe('keep it in a field of the actor (this.hits), or only read it');
    expect(result.diagnostics.find((d) => d.location.line === 16)?.message).toMatch(
      /^Tally\.constructor calls set\(\) on the module variable cache /,
    );
  });

  it('is a warning: the actor is still extracted', () => {
    expect(result.manifests.map((m) => m.program?.name)).toEqual(['Tally']);
  });

  it('says nothing about reads, shadowing locals, local collections, state fields or static members run once at load', () => {
    expect(rows.filter((r) => (r[2] as number) >= 30)).toEqual([]);
  });

  it('says nothing about a module variable written outside any actor class', () => {
    const source = [
      "import { Actor, actor, handler, type u32 } from '@sprocket/sdk';",
      'let n = 0;',
      'export function bump(): u32 { n++; return n; }',
      '@actor() export class Reader extends Actor {',
      '  @handler() read(): u32 { return n; }',
      '}',
    ].join('\n');
    expect(extractFromSource('reader.ts', source).diagnostics).toEqual([]);
  });
});
