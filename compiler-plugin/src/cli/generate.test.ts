import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Generator } from './generate.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = mkdtempSync(join(tmpdir(), 'sprocket-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Generator.update', () => {
  it('regenerates the actor files that import a changed module of shared types', () => {
    mkdirSync(join(dir, 'node_modules/@sprocket'), { recursive: true });
    symlinkSync(join(repo, 'sdk'), join(dir, 'node_modules/@sprocket/sdk'), 'dir');
    mkdirSync(join(dir, 'types'));
    const types = join(dir, 'types', 'shared.ts');
    writeFileSync(types, `import type { u32 } from '@sprocket/sdk';\nexport interface Bid { amount: u32 }\n`);
    const actorFile = join(dir, 'shop.ts');
    writeFileSync(
      actorFile,
      `import { Actor, actor } from '@sprocket/sdk';\nimport type { Bid } from './types/shared.js';\n@actor() export class Shop extends Actor { bid(b: Bid): void {} }\n`,
    );
    const generator = new Generator({ rootDir: dir });
    expect(generator.run([actorFile], 'write').diagnostics).toEqual([]);
    expect(readFileSync(join(dir, 'shop.idl'), 'utf8')).toContain('amount: u32,\n        }');

    writeFileSync(types, `import type { u32 } from '@sprocket/sdk';\nexport interface Bid { amount: u32; memo: string }\n`);
    const changed = generator.update(types);
    expect(changed.actorFiles).toEqual([actorFile]);
    expect(changed.changed).toContain(join(dir, 'shop.idl'));
    expect(readFileSync(join(dir, 'shop.idl'), 'utf8')).toContain('memo: String,');

    writeFileSync(types, `export interface Bid { amount: number }\n`);
    expect(generator.update(types).diagnostics).toMatchObject([{ code: 'SPK1001', location: { file: 'types/shared.ts' } }]);

    // A module no actor file imports changes nothing.
    const other = join(dir, 'other.ts');
    writeFileSync(other, 'export const x = 1;\n');
    expect(generator.update(other)).toEqual({ actorFiles: [], outputs: [], changed: [], diagnostics: [] });
  });
});
