// Docs that cannot rot: every ```ts block of README.md and docs/*.md is type-checked (one TypeScript program
// over all blocks, through the `@sprocket/source` condition like tsconfig.test.json) and every runnable one
// is run (one vitest child process over all pages, each test file isolated); a block whose output the page shows
// (```text output=<file>.ts) is run as a script, as `npm start` runs one (tsx with contract code gas-metered through
// `--import @sprocket/compiler-plugin/register`), and must print exactly that.
// See blocks.ts for the markers.
// docs/DESIGN.md is the design record: its snippets show the intended feel and are not checked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findActorFiles, formatDiagnostic, Generator } from '@sprocket/compiler-plugin';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CodeBlock, extractBlocks, extractOutputs, type OutputBlock } from './blocks.js';

const root = resolve(import.meta.dirname, '..', '..');
const work = join(root, 'test', '.tmp', 'docs');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md') && f !== 'DESIGN.md')
    .map((f) => `docs/${f}`),
];

/** The directory a page's blocks are written to. */
const dirOf = (doc: string): string => join(work, doc.replace(/\.md$/, '').replace(/[^\w-]+/g, '_'));

let blocks: CodeBlock[] = [];
let outputs: OutputBlock[] = [];
const where = new Map<string, CodeBlock>();

beforeAll(() => {
  blocks = pages.flatMap((doc) => extractBlocks(root, doc));
  outputs = pages.flatMap((doc) => extractOutputs(root, doc));
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // The blocks' own tsconfig, as a project has one (tsx reads experimentalDecorators from it; tsconfig.test.json
  // itself does not reach test/.tmp, a dot folder).
  writeFileSync(
    join(work, 'tsconfig.json'),
    `${JSON.stringify({ extends: relative(work, join(root, 'tsconfig.test.json')), include: ['**/*.ts'] })}\n`,
  );
  for (const doc of pages) {
    const dir = dirOf(doc);
    mkdirSync(dir, { recursive: true });
    const own = blocks.filter((b) => b.doc === doc && b.mode !== 'nocheck');
    const runners: string[] = [];
    for (const block of own) {
      const path = join(dir, block.file);
      if (where.has(path)) throw new Error(`${doc}:${block.line}: a block of this page is already named ${block.file}`);
      where.set(path, block);
      writeFileSync(path, block.code);
      if (block.mode === 'run' && !block.file.endsWith('.test.ts')) runners.push(block.file);
    }
    for (const output of outputs.filter((o) => o.doc === doc)) {
      if (!runners.includes(output.of))
        throw new Error(`${doc}:${output.line}: output=${output.of}: no runnable block file=${output.of} on this page`);
    }
    if (runners.length > 0) {
      const tests = runners.map((f) => {
        const b = where.get(join(dir, f)) as CodeBlock;
        return `it(${JSON.stringify(`${b.doc}:${b.line} runs`)}, async () => {\n  await import('./${f.replace(/\.ts$/, '.js')}');\n});\n`;
      });
      writeFileSync(join(dir, 'zz-run-blocks.test.ts'), `import { it } from 'vitest';\n\n${tests.join('\n')}`);
    }
  }
});

describe('the code blocks of README.md and docs/', () => {
  it('are marked well and include runnable examples', () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.some((b) => b.doc === 'README.md' && b.mode === 'run')).toBe(true);
    expect(outputs.some((o) => o.doc === 'docs/tutorial.md' && o.of === 'main.ts')).toBe(true);
  });

  it('generate: the actors they declare have no diagnostics', () => {
    const problems: string[] = [];
    const generator = new Generator({ rootDir: root });
    for (const doc of pages) {
      const dir = dirOf(doc);
      const { files } = findActorFiles([dir], root);
      if (files.length === 0) continue;
      const result = generator.run(files, 'write');
      for (const d of result.diagnostics) problems.push(`${located(d.location.file, d.location.line)}\n${formatDiagnostic(d)}`);
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('type-check as one program', () => {
    const files = [...where.keys()];
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.test.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (config === undefined) throw new Error('tsconfig.test.json did not parse');
    const program = ts.createProgram(files, { ...config.options, noEmit: true });
    const problems: string[] = [];
    for (const file of files) {
      const source = program.getSourceFile(file);
      if (source === undefined) continue;
      for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1;
        problems.push(`${located(file, line)}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('run: every runnable block passes under vitest', () => {
    const config = join(work, 'vitest.config.ts');
    writeFileSync(
      config,
      // With the Sprocket plugin, as a project's vitest.config.ts has it: contract code is gas-metered as in a user's
      // tests, and a stale generated file fails (CI).
      `import { sprocket } from '@sprocket/compiler-plugin/vite';\nimport { defineConfig } from 'vitest/config';\n\n` +
        `export default defineConfig({\n  plugins: [sprocket()],\n` +
        `  resolve: { conditions: ['@sprocket/source'] },\n  ssr: { resolve: { conditions: ['@sprocket/source'] } },\n` +
        `  test: { include: ['**/*.test.ts'], testTimeout: 30_000 },\n});\n`,
    );
    if (!readdirSync(work, { recursive: true }).some((f) => String(f).endsWith('.test.ts'))) return;
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
    expect(existsSync(vitest)).toBe(true);
    const r = spawnSync(process.execPath, [vitest, 'run', '--root', work, '--config', config, '--reporter', 'dot', '--maxWorkers', '1'], {
      cwd: work,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, CI: '1', FORCE_COLOR: '0' },
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  }, 240_000);

  it('print: every block whose output a page shows prints exactly that when run as a script', () => {
    const differences: string[] = [];
    for (const output of outputs) {
      const r = spawnSync(
        process.execPath,
        ['--conditions=@sprocket/source', '--import', '@sprocket/compiler-plugin/register', join(dirOf(output.doc), output.of)],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, TSX_TSCONFIG_PATH: join(work, 'tsconfig.json'), FORCE_COLOR: '0' },
        },
      );
      const printed = r.stdout.trimEnd();
      if (r.status !== 0 || printed !== output.text) {
        differences.push(`${output.doc}:${output.line} (output of ${output.of}), exit ${r.status}, printed:\n${printed}\n${r.stderr}`);
      }
    }
    expect(differences).toEqual([]);
  }, 180_000);
});

/** `docs/page.md:line` for a line of a block file (the fence is on the block's first line). */
function located(file: string, line: number): string {
  const block = where.get(resolve(file)) ?? where.get(join(root, file));
  return block === undefined ? `${relative(root, file)}:${line}` : `${block.doc}:${block.line + line}`;
}
