// The ts-patch transformer: a `tspc` build without `*.gen.ts` files registers the generated definitions;
// a plain `tsc` build registers nothing, and the first use fails loudly (SDK_NOT_GENERATED).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'test', '.tmp', `transformer-${process.pid}`);
const transformer = join(root, 'compiler-plugin/dist/transformer/index.cjs');

const ACTOR = `import { Actor, actor, init, query, type u32 } from '@sprocket/sdk';

// A type alias (not an interface) so that it meets the sdk's EventMap constraint.
export type CounterEvents = {
  Added: u32;
};

@actor()
export class Counter extends Actor<CounterEvents> {
  private count: u32 = 0;

  @init()
  new(start: u32 | null): void {
    this.count = start ?? 0;
  }

  add(value: u32): u32 {
    this.count += value;
    return this.count;
  }

  @query()
  value(): u32 {
    return this.count;
  }
}
`;

const SPINNER = `import { Actor, actor, type u32 } from '@sprocket/sdk';

function spinForever(): u32 {
  for (;;) {}
}

@actor()
export class Spinner extends Actor {
  count: u32 = 0;

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  spin(): u32 {
    this.count += 100;
    for (;;) {}
  }

  spinArrow(): u32 {
    const f = (): u32 => spinForever();
    return f();
  }
}

@actor()
export class SpinCtor extends Actor {
  n: u32 = 0;

  constructor() {
    super();
    while (true) {}
  }

  bump(): u32 {
    return ++this.n;
  }
}
`;

const SPIN_PROBE = `import { createTestSystem } from '@sprocket/runtime/testing';
const { Spinner, SpinCtor } = await import('./spinner.js');
const sys = createTestSystem({ seed: 1, gasLimit: 500000 });
const s = await sys.deploy(Spinner);
const code = (p) => p.then(() => 'returned', (e) => e.code);
const out = { bump: await s.bump() };
out.spin = await code(s.spin());
out.spinArrow = await code(s.spinArrow());
out.after = await s.bump();
out.ctor = await code(sys.deploy(SpinCtor));
console.log(JSON.stringify(out));
`;

const PROBE = `import { findGenerated, requireGenerated, toHex } from '@sprocket/sdk';
import './counter.js';
const mod = await import('./counter.js');
const def = findGenerated('Counter');
let error = '';
if (def === undefined) {
  try { requireGenerated('Counter'); } catch (e) { error = String(e && e.message); }
}
const add = def?.services[0]?.functions.find((f) => f.name === 'Add');
console.log(JSON.stringify({
  registered: def !== undefined,
  exportsClient: typeof mod.CounterClient === 'function',
  bytes: add ? toHex(add.encodeCall([42])) : null,
  error,
}));
`;

function build(out: string, withTransformer: boolean, file = 'counter.ts'): void {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      experimentalDecorators: true,
      skipLibCheck: true,
      outDir: out,
      rootDir: '.',
      types: [],
      ...(withTransformer ? { plugins: [{ transform: transformer, after: true }] } : {}),
    },
    files: [file],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  execFileSync(process.execPath, [join(root, 'node_modules/ts-patch/bin/tspc.js'), '-p', join(dir, 'tsconfig.json')], {
    cwd: dir,
    encoding: 'utf8',
  });
  writeFileSync(join(dir, out, 'probe.mjs'), PROBE);
}

/** The plain `tsc` build, in process: a spawn would add nothing but start-up time. */
function buildPlain(out: string): void {
  const program = ts.createProgram([join(dir, 'counter.ts')], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    outDir: join(dir, out),
    rootDir: dir,
    types: [],
  });
  const result = program.emit();
  const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (problems.length > 0) throw new Error(ts.formatDiagnostics(problems, ts.createCompilerHost({})));
  writeFileSync(join(dir, out, 'probe.mjs'), PROBE);
}

function probe(out: string): { registered: boolean; exportsClient: boolean; bytes: string | null; error: string } {
  return JSON.parse(execFileSync(process.execPath, [join(dir, out, 'probe.mjs')], { cwd: dir, encoding: 'utf8' }));
}

const ready = existsSync(transformer) && existsSync(join(root, 'sdk/dist/index.js'));

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'counter.ts'), ACTOR);
  writeFileSync(join(dir, 'spinner.ts'), SPINNER);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(ready)('ts-patch transformer (needs `npm run build`)', () => {
  it('a tspc build with the transformer registers the generated definitions', () => {
    build('out-with', true);
    const js = readFileSync(join(dir, 'out-with', 'counter.js'), 'utf8');
    expect(js).toMatch(/import \* as \$sprocket_sdk from ["']@sprocket\/sdk["'];/);
    const r = probe('out-with');
    expect(r.registered).toBe(true);
    expect(r.exportsClient).toBe(true);
    expect(r.bytes).toMatch(/^0x474d0110[0-9a-f]{16}000001002a000000$/);
  });

  it('meters a tspc build: handlers, arrows and constructors that spin end with OUT_OF_GAS in the runtime', () => {
    build('out-gas', true, 'spinner.ts');
    const js = readFileSync(join(dir, 'out-gas', 'spinner.js'), 'utf8');
    expect(js).toMatch(/const __sprocket_gas__ = \$sprocket_sdk\.__sprocketGas;/);
    expect(js).toMatch(/spin\(\) \{\s*__sprocket_gas__\(1\);/);
    expect(js).toMatch(/super\(\);\s*__sprocket_gas__\(1\);/);
    writeFileSync(join(dir, 'out-gas', 'probe.mjs'), SPIN_PROBE);
    const out = execFileSync(process.execPath, [join(dir, 'out-gas', 'probe.mjs')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out)).toEqual({ bump: 1, spin: 'OUT_OF_GAS', spinArrow: 'OUT_OF_GAS', after: 2, ctor: 'OUT_OF_GAS' });
  });

  it('reports diagnostics through tsc with file, line, column and the fix, and fails the build', () => {
    writeFileSync(
      join(dir, 'bad.ts'),
      ACTOR.replace('add(value: u32): u32', 'add(value: number): u32').replace('class Counter', 'class BadCounter'),
    );
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
    tsconfig.compilerOptions.outDir = 'out-bad';
    tsconfig.compilerOptions.plugins = [{ transform: transformer, after: true }];
    tsconfig.files = ['bad.ts'];
    writeFileSync(join(dir, 'tsconfig.bad.json'), JSON.stringify(tsconfig));
    let output = '';
    let failed = false;
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/ts-patch/bin/tspc.js'), '-p', join(dir, 'tsconfig.bad.json')], {
        cwd: dir,
        encoding: 'utf8',
      });
    } catch (error) {
      failed = true;
      output = String((error as { stdout?: string }).stdout ?? '');
    }
    expect(failed).toBe(true);
    // Sprocket's codes are 990000 + the SPK number, never one of TypeScript's own (TS1001 is TypeScript's).
    expect(output).not.toMatch(/error TS1\d{3}:/);
    expect(output).toMatch(
      /bad\.ts\(\d+,\d+\): error TS991001: SPK1001: BadCounter\.add\(value\): plain `number` has no wire form.*Fix: use u8/,
    );
  });

  it('a build without it registers nothing; the first use fails loudly', () => {
    buildPlain('out-without');
    const r = probe('out-without');
    expect(r.registered).toBe(false);
    expect(r.exportsClient).toBe(false);
    expect(r.error).toMatch(/no generated code is loaded for actor Counter.*sprocket gen/);
  });
});
