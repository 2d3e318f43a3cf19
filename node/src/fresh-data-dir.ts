// What a start adds to the file system, so that a start that fails (a --host that is no address of this machine, a
// port in use) takes it away again: a user who fixes the option and starts over finds no half-made chain, and a
// --data typo leaves no stray directory. Only what this start made is removed, never a directory that was there.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The file-system entries a start is about to make in a data directory, taken back with {@link FreshDataDir.remove}. */
export class FreshDataDir {
  private constructor(
    private readonly dir: string,
    /** The outermost directory this start made (undefined: the data directory was there). */
    private readonly madeDir: string | undefined,
    /** The entries the directory held before (undefined: it holds a chain, so nothing in it is this start's). */
    private readonly before: ReadonlySet<string> | undefined,
  ) {}

  /** Notes what `dataDir` holds and makes it (with its missing parents) if it is not there. */
  static prepare(dataDir: string): FreshDataDir {
    const dir = resolve(dataDir);
    if (existsSync(dir)) {
      // A file in its place, or a directory we cannot read: the store's own refusal names it, and nothing is removed.
      let entries: string[] | undefined;
      try {
        entries = statSync(dir).isDirectory() ? readdirSync(dir) : undefined;
      } catch {
        entries = undefined;
      }
      const holdsChain = entries === undefined || entries.includes('node.db');
      return new FreshDataDir(dir, undefined, holdsChain ? undefined : new Set(entries));
    }
    let made: string | undefined;
    try {
      made = mkdirSync(dir, { recursive: true });
    } catch {
      // Left to the store, which names the path and the reason in its NODE_STORE error.
      made = undefined;
    }
    return new FreshDataDir(dir, made, undefined);
  }

  /** Removes what this start made: the directories it created, or the entries it added to an empty-of-chain one. */
  remove(): void {
    if (this.madeDir !== undefined) {
      rmSync(this.madeDir, { recursive: true, force: true });
      return;
    }
    if (this.before === undefined) return;
    let now: string[];
    try {
      now = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of now) if (!this.before.has(name)) rmSync(join(this.dir, name), { recursive: true, force: true });
  }
}
