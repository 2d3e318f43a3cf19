// `sprocket gen --watch` keeps regenerating after an editor saves by renaming a temporary file over the
// actor file (vim, sed -i, atomic saves): the watch must not be lost after the first such save. An actor file
// deleted while watched is reported, its generated files left in place.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../compiler-plugin/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'test', '.tmp', `watch-${process.pid}`);
const actorFile = join(dir, 'adder.ts');
const idlFile = join(dir, 'adder.idl');
const original = readFileSync(join(root, 'test', 'inject', 'adder.ts'), 'utf8');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves once `check` holds, polling on a short interval; fails after a generous bound instead of hanging. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

function saveByRename(text: string): void {
  writeFileSync(`${actorFile}.swp`, text);
  renameSync(`${actorFile}.swp`, actorFile);
}

const idl = (): string => {
  try {
    return readFileSync(idlFile, 'utf8');
  } catch {
    return '';
  }
};

it('regenerates on every save, including saves that rename a file over the original', async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(actorFile, original);
  const controller = new AbortController();
  let output = '';
  const io = { cwd: dir, signal: controller.signal, stdout: (t: string) => (output += t), stderr: (t: string) => (output += t) };
  const running = runCli(['gen', '.', '--watch'], io);
  await eventually(() => output.includes('watching for changes'), 'the watch to start');
  expect(idl()).toContain('Add(value: u64) -> u64;');

  saveByRename(original.replace('add(value: u64)', 'plus(value: u64)'));
  await eventually(() => idl().includes('Plus(value: u64) -> u64;'), 'the first renamed save to regenerate');
  // Written as saved (nothing is deployed while you edit), with a warning: `sprocket gen` would refuse it.
  expect(output).toMatch(/sprocket gen: adder\.idl: wrote a breaking wire change[^\n]*\n {2}Adder: interface id /);

  saveByRename(original.replace('add(value: u64)', 'times(value: u64)'));
  await eventually(() => idl().includes('Times(value: u64) -> u64;'), 'the second renamed save to regenerate');

  writeFileSync(actorFile, original);
  await eventually(() => idl().includes('Add(value: u64) -> u64;'), 'an in-place save to regenerate');

  controller.abort();
  expect(await running).toBe(0);
});

it('regenerates a file saved while the first generation ran, before the watch started', async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(actorFile, original);
  const controller = new AbortController();
  let output = '';
  let saved = false;
  const stdout = (t: string): void => {
    output += t;
    // The first run's summary is printed before the directories are watched: a save now has no event.
    if (!saved && t.includes('actor file(s)')) {
      saved = true;
      writeFileSync(actorFile, original.replace('add(value: u64)', 'plus(value: u64)'));
    }
  };
  const io = { cwd: dir, signal: controller.signal, stdout, stderr: (t: string) => (output += t) };
  const running = runCli(['gen', '.', '--watch', '--allow-breaking'], io);
  await eventually(() => output.includes('watching for changes'), 'the watch to start');
  await eventually(() => idl().includes('Plus(value: u64) -> u64;'), 'the save made before the watch started to regenerate');
  controller.abort();
  expect(await running).toBe(0);
});

it('says once that a deleted actor file left its generated files stale, keeps them, and regenerates it when restored', async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(actorFile, original);
  const genFile = join(dir, 'adder.gen.ts');
  const controller = new AbortController();
  let out = '';
  let err = '';
  const io = { cwd: dir, signal: controller.signal, stdout: (t: string) => (out += t), stderr: (t: string) => (err += t) };
  const running = runCli(['gen', '.', '--watch', '--allow-breaking'], io);
  try {
    await eventually(() => out.includes('watching for changes'), 'the watch to start');
    expect(existsSync(genFile)).toBe(true);
    unlinkSync(actorFile);
    const warning =
      'sprocket gen: warning: adder.ts was deleted: adder.gen.ts and adder.idl, generated from it, are stale: delete them, or restore adder.ts\n';
    await eventually(() => err.includes(warning), 'the warning about the deleted actor file');
    // Other events of the same deletion do not repeat it.
    await new Promise((r) => setTimeout(r, 200));
    expect(err).toBe(warning);
    expect(existsSync(genFile)).toBe(true);
    expect(idl()).toContain('Add(value: u64) -> u64;');

    writeFileSync(actorFile, original.replace('add(value: u64)', 'plus(value: u64)'));
    await eventually(() => idl().includes('Plus(value: u64) -> u64;'), 'the restored actor file to regenerate');
  } finally {
    controller.abort();
    expect(await running).toBe(0);
  }
});
