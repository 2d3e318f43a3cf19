// Builds uploaded code for a node the way `sprocket deploy` does: one actor of a module as a CommonJS bundle,
// `@sprocket/sdk` external, generated code included (docs/rpc.md, "Code").
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the actor class `actor` of `file` (relative to the repository root). */
export async function bundleActor(file: string, actor: string): Promise<Uint8Array> {
  const path = resolve(root, file);
  const generated = path.replace(/[.]ts$/, '.gen.ts');
  // The generated definitions register the actor's codecs: include them even when the module does not import them.
  const extra = existsSync(generated) ? `import ${JSON.stringify(generated)};\n` : '';
  const result = await build({
    stdin: {
      contents: `${extra}export { ${actor} } from ${JSON.stringify(path)};`,
      resolveDir: root,
      loader: 'ts',
      sourcefile: `${actor}.entry.ts`,
    },
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2022',
    external: ['@sprocket/sdk'],
    write: false,
    logLevel: 'silent',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false, verbatimModuleSyntax: true } },
  });
  return (result.outputFiles[0] as { contents: Uint8Array }).contents;
}
