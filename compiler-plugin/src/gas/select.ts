// Which modules get gas instrumentation: one rule for every build path that meters source modules (the vitest
// plugin and the script hook of `@sprocket/compiler-plugin/register`), so they meter the same code.

/** Whether a module is metered: a TS source (not generated, not a declaration, not a library or a build output) with an `@actor` class. */
export function isMeteredModule(file: string, code: string): boolean {
  if (!file.endsWith('.ts') || file.endsWith('.gen.ts') || file.endsWith('.d.ts')) return false;
  if (/[\\/](node_modules|dist)[\\/]/.test(file)) return false;
  return /^\s*@actor\s*\(/m.test(code);
}
