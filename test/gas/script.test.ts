// A script run with `node --import @sprocket/compiler-plugin/register` meters contract code as a test does: the same
// calls report the same gas in a child process as in-process under the vitest plugin, a handler that spins ends with
// OUT_OF_GAS instead of hanging the script, and stack traces still name the source line and column.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CallFigures, meteredCalls } from './script/calls.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = join(root, 'test', 'gas', 'script');

/** Runs a script the way the root `npm start` runs examples/main.ts, with the given Node flags, for at most 60 s. */
function runScript(
  flags: readonly string[],
  file: string,
  tsconfig = join(root, 'tsconfig.test.json'),
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--conditions=@sprocket/source', ...flags, file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig, FORCE_COLOR: '0' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gas in scripts (--import @sprocket/compiler-plugin/register)', () => {
  it('a script reports the gas a test reports for the same calls, and a spinning handler fails with OUT_OF_GAS', async () => {
    const r = runScript(['--import', '@sprocket/compiler-plugin/register'], join(dir, 'script.ts'));
    expect(r.status, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout) as { figures: CallFigures; stack: string };
    const inTest = await meteredCalls();
    expect(printed.figures).toEqual(inTest);
    // Metered: every loop iteration is charged, and the spin stops at the limit; the actor keeps working.
    const { gas } = printed.figures;
    expect((gas.sum1000 ?? 0) - (gas.sum10 ?? 0)).toBeGreaterThanOrEqual(990);
    expect(printed.figures.spin).toBe('OUT_OF_GAS');
    expect(gas.spin).toBe(1_000_000);
    expect(printed.figures.after).toBe(1 + 499_500 + 45 + 50);
    // The stack trace points into the TypeScript source, at the line and column of `new Error` in whereAmI.
    const lines = readFileSync(join(dir, 'spinner.ts'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes("new Error('here')"));
    const column = (lines[line] ?? '').indexOf('new Error') + 1;
    expect(printed.stack).toContain(`spinner.ts:${line + 1}:${column}`);
  }, 90_000);

  it('refuses to start when tsx is loaded before it (the hook would see JavaScript and meter nothing)', () => {
    const r = runScript(['--import', 'tsx', '--import', '@sprocket/compiler-plugin/register'], join(dir, 'script.ts'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('REGISTER_TSX_LOADED');
    expect(r.stderr).toContain('Drop `--import tsx`');
    expect(r.stdout).toBe('');
  }, 90_000);

  it('meters an actor module loaded as CommonJS (a package without "type": "module") the same way', async () => {
    // The fixture's actor, client and calls, copied into a CommonJS package: `require` loads them, not the ES hook.
    const pkg = mkdtempSync(join(tmpdir(), 'sprocket-cjs-'));
    try {
      writeFileSync(join(pkg, 'package.json'), '{ "name": "cjs-script", "private": true, "type": "commonjs" }\n');
      symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
      // tsx applies a tsconfig only to the files it includes: the package has its own, as a user's project does.
      const compilerOptions = { target: 'ES2022', module: 'commonjs', strict: true, experimentalDecorators: true };
      writeFileSync(join(pkg, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
      for (const file of ['spinner.ts', 'spinner.gen.ts', 'calls.ts']) copyFileSync(join(dir, file), join(pkg, file));
      writeFileSync(
        join(pkg, 'script.ts'),
        "import { meteredCalls } from './calls.js';\nimport { whereAmI } from './spinner.js';\n" +
          'void meteredCalls().then((figures) => process.stdout.write(`${JSON.stringify({ figures, stack: whereAmI() })}\\n`));\n',
      );
      const r = runScript(['--import', '@sprocket/compiler-plugin/register'], join(pkg, 'script.ts'), join(pkg, 'tsconfig.json'));
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('unmetered');
      const printed = JSON.parse(r.stdout) as { figures: CallFigures; stack: string };
      // The same gas as the ES module under the vitest plugin, the spin stopped by gas, and lines that stay right.
      expect(printed.figures).toEqual(await meteredCalls());
      expect(printed.figures.spin).toBe('OUT_OF_GAS');
      const lines = readFileSync(join(dir, 'spinner.ts'), 'utf8').split('\n');
      const line = lines.findIndex((l) => l.includes("new Error('here')"));
      expect(printed.stack).toContain(`spinner.ts:${line + 1}:`);

      // An ES module script of that package importing the CommonJS actor and client (two copies of the sdk, one per
      // module system): the client class is still recognised, and the actor still metered.
      writeFileSync(
        join(pkg, 'mixed.mts'),
        "import { createTestSystem } from '@sprocket/runtime/testing';\nimport { SpinnerClient } from './spinner.gen.js';\nimport './spinner.js';\n" +
          "const sys = createTestSystem({ gasLimit: 1_000_000 });\nconst spinner = await sys.deploy(SpinnerClient, 'new', [1]);\n" +
          'const id = spinner.send.spin();\nawait sys.runUntilIdle();\nprocess.stdout.write(String(sys.replyOf(id)?.ok === false && sys.replyOf(id)?.code));\n',
      );
      const mixed = runScript(['--import', '@sprocket/compiler-plugin/register'], join(pkg, 'mixed.mts'), join(pkg, 'tsconfig.json'));
      expect(mixed.status, mixed.stderr).toBe(0);
      expect(mixed.stdout).toBe('OUT_OF_GAS');
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  }, 90_000);
});
