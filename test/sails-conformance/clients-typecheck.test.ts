// Every generated client type-checks under --strict (and the stricter flags projects add): clients for every IDL file of the corpus (the Sails
// conformance files, the parser fixtures, the examples) are written to one folder and checked by one tsc run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { emitGenerated } from '../../compiler-plugin/src/emit/generated.js';
import { readIdlFile } from '../../compiler-plugin/src/idl/include.js';
import { parseIdl } from '../../compiler-plugin/src/idl/parser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'test', '.tmp', `sails-clients-${process.pid}`);

function idlFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'reject') out.push(...idlFiles(path));
    } else if (name.endsWith('.idl')) out.push(path);
  }
  return out;
}

const corpus = [
  ...idlFiles(join(root, 'test/sails-conformance/idl')),
  ...idlFiles(join(root, 'compiler-plugin/src/idl/__fixtures__')),
  ...idlFiles(join(root, 'examples')),
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated clients type-check', () => {
  it('tsc --strict --noEmit passes on the clients of every corpus IDL file', () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    for (const file of corpus) {
      const rel = relative(root, file);
      // Files that only serve as includes of another are covered through it; each must still parse on its own.
      const text = readIdlFile(file, rel);
      const manifest = parseIdl(text, rel);
      const name = `${rel.replace(/[^A-Za-z0-9]+/g, '_')}.ts`;
      writeFileSync(join(dir, name), emitGenerated({ ...manifest, source: rel }, { idl: text, command: 'sprocket client', source: rel }));
      written.push(name);
    }
    expect(written.length).toBeGreaterThan(15);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          noUnusedLocals: true,
          // Flags a user's project may set: a generated file must pass them too.
          noUnusedParameters: true,
          exactOptionalPropertyTypes: true,
          noImplicitReturns: true,
          noImplicitOverride: true,
          noFallthroughCasesInSwitch: true,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          skipLibCheck: true,
          noEmit: true,
          customConditions: ['@sprocket/source'],
          types: [],
        },
        include: ['*.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    let out = '';
    try {
      out = execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    // The sdk's own sources are compiled with the repo's flags (tsc -b); here only the generated files are judged.
    const ours = out.split('\n').filter((line) => line.includes(relative(root, dir)));
    expect(ours).toEqual([]);
    // One tsc run over every generated client: slow on a loaded machine.
  }, 240_000);
});
