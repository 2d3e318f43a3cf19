// The files `sprocket init` writes. The toolchain versions are the ones this repository builds and tests with.

/** One file of the scaffold, relative to the project directory. */
export interface ScaffoldFile {
  readonly path: string;
  readonly content: string;
}

const TOOLCHAIN = {
  '@types/node': '^20.19.0',
  tsx: '^4.20.0',
  typescript: '5.9.3',
  vite: '^7.1.0',
  vitest: '~4.1.0',
} as const;

/** The scaffold of a project named `name`, with `deps` mapping each @sprocket package to its dependency spec. */
export function scaffoldFiles(name: string, deps: Readonly<Record<string, string>>): ScaffoldFile[] {
  const spec = (pkg: string): string => deps[pkg] ?? '^0.1.0';
  const packageJson = {
    name,
    private: true,
    version: '0.1.0',
    type: 'module',
    engines: { node: '>=20.19' },
    scripts: {
      gen: 'sprocket gen src',
      typecheck: 'sprocket gen src && tsc -p .',
      test: 'sprocket gen src && tsc -p . && vitest run',
      start: 'sprocket gen src && node --import @sprocket/compiler-plugin/register src/main.ts',
      'test:watch': 'vitest',
    },
    dependencies: { '@sprocket/sdk': spec('@sprocket/sdk') },
    devDependencies: {
      '@sprocket/compiler-plugin': spec('@sprocket/compiler-plugin'),
      '@sprocket/runtime': spec('@sprocket/runtime'),
      ...TOOLCHAIN,
    },
    // npm 11 runs a dependency's install script only when listed here; esbuild's (sprocket deploy bundles with it)
    // checks its platform binary. Listed, the first `npm install` of the project prints no warning.
    allowScripts: { esbuild: true },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      experimentalDecorators: true,
      useDefineForClassFields: false,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
    include: ['src', 'vitest.config.ts'],
  };
  return [
    { path: 'package.json', content: `${JSON.stringify(packageJson, null, 2)}\n` },
    { path: 'tsconfig.json', content: `${JSON.stringify(tsconfig, null, 2)}\n` },
    { path: '.gitignore', content: 'node_modules/\n' },
    { path: 'vitest.config.ts', content: VITEST_CONFIG },
    { path: 'src/counter.ts', content: COUNTER },
    { path: 'src/counter.test.ts', content: COUNTER_TEST },
    { path: 'src/main.ts', content: MAIN },
    { path: 'README.md', content: readme(name) },
  ];
}

const VITEST_CONFIG = `import { sprocket } from '@sprocket/compiler-plugin/vite';
import { defineConfig } from 'vitest/config';

// The Sprocket plugin regenerates src/**/*.gen.ts and .idl when a test run starts and when an actor file
// changes, and reports contract diagnostics (file:line:column and the fix) as errors.
export default defineConfig({
  plugins: [sprocket({ roots: ['src'] })],
  test: { include: ['src/**/*.test.ts'] },
});
`;

const COUNTER = `import { Actor, actor, init, query, type u32 } from '@sprocket/sdk';

/** Events of the counter: name → payload. */
export interface CounterEvents {
  Added: u32;
  Subtracted: u32;
}

/** A counter: commands change the count, the query reads it. */
@actor()
export class Counter extends Actor<CounterEvents> {
  private count: u32 = 0;

  @init()
  new(start: u32 | null): void {
    this.count = start ?? 0;
  }

  add(value: u32): u32 {
    this.count += value;
    this.emit('Added', value); // published only if the handler's segment commits
    return this.count;
  }

  sub(value: u32): u32 {
    if (value > this.count) throw new Error(\`underflow: \${this.count} - \${value}\`); // rolls the segment back
    this.count -= value;
    this.emit('Subtracted', value);
    return this.count;
  }

  @query()
  value(): u32 {
    return this.count;
  }
}
`;

const COUNTER_TEST = `import { createTestSystem, fixture } from '@sprocket/runtime/testing';
import '@sprocket/runtime/testing/matchers'; // adds toFailWith, toEmit and toChangeBalances to expect
import { describe, expect, it } from 'vitest';
import { CounterClient } from './counter.gen.js';
import './counter.js'; // loads the contract: @actor registers the class

// Deployed once per file: each test starts from this state (a snapshot restore, not a new deploy).
const deployed = fixture(async () => {
  const sys = createTestSystem({ seed: 1 });
  const counter = await sys.deploy(CounterClient, 'new', [5]);
  return { sys, counter };
});

describe('Counter', () => {
  it('adds, subtracts and rolls back a failed sub', async () => {
    const { sys, counter } = await deployed();
    await expect(() => counter.add(10)).toEmit(counter, 'Added', 10);
    await expect(counter.sub(100)).toFailWith('HANDLER_FAILED', { route: 'Counter.Sub', reason: /underflow/ });
    expect(await counter.value()).toBe(15);
    counter.send.sub(5); // fire-and-forget
    await sys.runUntilIdle();
    expect(await counter.value()).toBe(10);
    expect(sys.events(counter).map((e) => e.name)).toEqual(['Added', 'Subtracted']);
  });

  it('starts every test from the deployed state', async () => {
    const { counter } = await deployed();
    expect(await counter.value()).toBe(5);
  });
});
`;

const MAIN = `// \`npm start\`: deploys the counter into a local, deterministic system, sends it a few messages and prints
// the trace (every message, reply, event and rollback).
import { createTestSystem } from '@sprocket/runtime/testing';
import { CounterClient } from './counter.gen.js';
import './counter.js';

const sys = createTestSystem({ seed: 1 });
const counter = await sys.deploy(CounterClient, 'new', [5]);
await counter.add(10);
await counter.sub(100).catch((error: unknown) => console.log(\`sub(100) failed: \${String(error)}\`));
counter.send.sub(3);
await sys.runUntilIdle();
console.log(\`value: \${await counter.value()}\`);
console.log(sys.trace());
`;

function readme(name: string): string {
  return `# ${name}

A Sprocket contract project: typed smart contracts in TypeScript on the Gear actor model.

\`\`\`sh
npm install
npm test
npm start
\`\`\`

- \`src/counter.ts\` — the contract: a class with \`@actor()\`; its public methods are message handlers.
- \`src/counter.test.ts\` — tests that deploy it once into a deterministic test system (\`fixture\`) and check
  failures and events with the contract matchers of \`@sprocket/runtime/testing/matchers\`.
- \`src/main.ts\` — \`npm start\`: runs the contract in a local system and prints the trace. It runs with
  \`node --import @sprocket/compiler-plugin/register\` (tsx, with the contract's code gas-metered as in tests), so it
  shows the gas figures a test of the same calls shows, and a handler that never ends fails with \`OUT_OF_GAS\`.
- \`npm run gen\` (\`sprocket gen src\`) writes \`src/counter.gen.ts\` (codecs and the typed \`CounterClient\`) and
  \`src/counter.idl\` (Sails IDL v2). \`npm test\` runs it first, then \`tsc\`, then vitest; the vitest plugin
  regenerates on change under \`npm run test:watch\`.
- \`vendor/\` holds the @sprocket packages this project was created with (\`npm pack\` tarballs, referenced as
  \`file:\` dependencies in package.json). Once the packages are published, replace the \`file:\` specs with
  version ranges.

\`tsconfig.json\` keeps \`experimentalDecorators: true\` (the Sprocket decorators use the legacy decorator
signatures) and \`useDefineForClassFields: false\` (the setting Sprocket is built and tested with).
`;
}
