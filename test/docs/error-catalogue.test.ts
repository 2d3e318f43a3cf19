// Every error code in the sources of the sdk, runtime, compiler-plugin and the explorer's server appears in docs/errors.md, and every code the
// catalogue lists still exists. Codes are found where they are declared: `...Code` union types, the SPK
// table of the extractor, and the string literals given to error constructors.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(e.name) && !e.parentPath.includes('__fixtures__'))
    .map((e) => join(e.parentPath, e.name));
}

/** The codes declared or raised in the sources. */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  for (const file of ['sdk/src', 'runtime/src', 'compiler-plugin/src', 'explorer/src/server'].flatMap(sources)) {
    const text = readFileSync(file, 'utf8');
    // `export type XCode = | 'A' | 'B';` (comments between members allowed)
    for (const m of text.matchAll(/export type \w*Code\s*=([^;]*);/g)) {
      for (const lit of (m[1] as string).matchAll(/\|\s*'([A-Z][A-Z0-9_]+)'/g)) codes.add(lit[1] as string);
    }
    // `new XError('CODE', ...)`, `this.error('CODE', ...)`, `super('CODE', ...)`, or a code on its own line
    for (const m of text.matchAll(/(?:new \w*Error\(|\.error\(|super\(|^\s*)'([A-Z]{2,}_[A-Z0-9_]+)'/gm)) codes.add(m[1] as string);
    // the extractor's diagnostic table
    for (const m of text.matchAll(/^\s*(SPK\d{4}):/gm)) codes.add(m[1] as string);
  }
  return codes;
}

/** The codes the catalogue documents: the first cell of each table row. */
function codesInCatalogue(): Set<string> {
  const text = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  return new Set([...text.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1] as string));
}

describe('docs/errors.md', () => {
  const inSources = codesInSources();
  const inCatalogue = codesInCatalogue();

  it('finds the codes of every family in the sources', () => {
    expect(inSources.size).toBeGreaterThan(100);
    for (const code of [
      'HANDLER_FAILED',
      'SDK_NOT_GENERATED',
      'SCALE_RANGE',
      'RUNTIME_BUSY',
      'SPK1001',
      'IDL_SYNTAX',
      'CLI_BAD_JSON',
      'HASH_RECURSIVE_TYPE',
    ]) {
      expect(inSources).toContain(code);
    }
  });

  it('lists every code of the sources', () => {
    expect([...inSources].filter((c) => !inCatalogue.has(c)).sort()).toEqual([]);
  });

  it('lists no code that is gone from the sources', () => {
    expect([...inCatalogue].filter((c) => !inSources.has(c)).sort()).toEqual([]);
  });
});
