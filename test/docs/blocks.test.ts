import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractBlocks, extractOutputs } from './blocks.js';

const root = resolve(import.meta.dirname, '..', '.tmp', `blocks-${process.pid}`);
mkdirSync(root, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

function page(text: string): string {
  writeFileSync(join(root, 'page.md'), text);
  return 'page.md';
}

describe('extractBlocks', () => {
  it('reads ts blocks with their line, mode and file name, and skips other languages', () => {
    const doc = page(
      [
        '# T',
        '```ts file=a.ts',
        'export const a = 1;',
        '```',
        '```sh',
        'npm test',
        '```',
        '```ts fragment',
        'a;',
        '```',
        '```typescript nocheck shows an error',
        'x',
        '```',
      ].join('\n'),
    );
    expect(extractBlocks(root, doc)).toEqual([
      { doc, line: 2, mode: 'run', file: 'a.ts', code: 'export const a = 1;\n' },
      { doc, line: 8, mode: 'fragment', file: 'block-8.ts', code: 'a;\n' },
      { doc, line: 11, mode: 'nocheck', file: 'block-11.ts', code: 'x\n' },
    ]);
  });

  it('refuses a nocheck without a reason, unknown words and odd file names, naming the place', () => {
    expect(() => extractBlocks(root, page('```ts nocheck\nx\n```\n'))).toThrow('page.md:1: `ts nocheck` needs a reason');
    expect(() => extractBlocks(root, page('\n```ts runnable\nx\n```\n'))).toThrow('page.md:2: unknown word "runnable"');
    expect(() => extractBlocks(root, page('```ts file=../x.ts\nx\n```\n'))).toThrow('file=../x.ts');
  });
});

describe('extractOutputs', () => {
  it('reads text blocks marked output=<file>.ts and leaves other text blocks alone', () => {
    const doc = page(
      ['```ts file=main.ts', 'console.log(1);', '```', '```text output=main.ts', '1', '', '```', '```text', 'x', '```'].join('\n'),
    );
    expect(extractOutputs(root, doc)).toEqual([{ doc, line: 4, of: 'main.ts', text: '1' }]);
  });

  it('refuses an output of something that is not a ts block name', () => {
    expect(() => extractOutputs(root, page('```text output=main\n1\n```\n'))).toThrow('page.md:1: output=main');
  });
});
