// The CLI on actors and IDL files that are not in the repository (in process, through `runCli`): IDL round trips of
// TS actors whose constructors take named types, base-service functions reached through `extends`, strict decoding
// with the failing field named, usage errors and the JSON forms of DESIGN.md section 3 against @polkadot/types.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TypeRegistry } from '@polkadot/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdl, runCli } from '../compiler-plugin/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'test', '.tmp', `cli-audit-${process.pid}`);
const demoIdl = join(root, 'compiler-plugin/src/idl/__fixtures__/demo.idl');

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
  return { code, stdout, stderr };
}

const A = `0x${'ab'.repeat(32)}`;
const HEADER = 16 * 2 + 2; // `0x` + 16 bytes of hex

const VAULT = `import { Actor, actor, type ActorId, type Compact, init, query, type Result, type u16, type u32, type u64, type u128 } from '@sprocket/sdk';

export interface Box<T> { value: T; note: string | null }
export type Mode = 'Open' | 'Locked' | 'Frozen';
export interface Limits { max: Box<u64>; mode: Mode }
export type Asset = { kind: 'Native' } | { kind: 'Token'; id: ActorId } | { kind: 'Nft'; collection: ActorId; serial: u64 };

interface VaultEvents { Moved: { mode: Mode; by: ActorId } }

@actor()
export class Vault extends Actor<VaultEvents> {
  @init() create(mode: Mode): void {}
  @init() withLimits(owner: ActorId, limits: Limits | null, initial: Box<u128>): void {}

  batch(items: Array<[ActorId, Compact<u32>]>, m: Map<u64, Box<string>>): u32 { return items.length; }
  store(asset: Asset, limits: Limits): Result<u128, Mode> { return { ok: 0n }; }
  @query() mode(): Mode { return 'Open'; }
  @query() width(): u16 { return 0; }
}
`;

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'vault.ts'), VAULT);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sprocket idl: constructor types are visible to the program block', () => {
  it('an actor whose constructors take named types gets an IDL that parses back with the same bytes', async () => {
    const idl = await run('idl', 'vault.ts');
    expect(idl.stderr).toBe('');
    expect(idl.code).toBe(0);
    // Limits, Box and Mode (used by the constructors, also by functions) go to the program's types; Asset stays in the service.
    const program = idl.stdout.slice(idl.stdout.indexOf('program Vault'));
    expect(program).toMatch(/types \{[\s\S]*enum Mode[\s\S]*struct Limits[\s\S]*struct Box<T>/);
    expect(program).not.toContain('enum Asset');
    writeFileSync(join(dir, 'vault.idl'), idl.stdout);
    const manifest = parseIdl(idl.stdout, 'vault.idl');
    const serviceId = /service Vault@(0x[0-9a-f]{16})/.exec(idl.stdout)?.[1];
    expect(manifest.services[0]?.interfaceId).toBe(serviceId);

    for (const [spec, json] of [
      ['Vault.WithLimits', `["${A}", {"max": {"value": "7", "note": "n"}, "mode": "Frozen"}, {"value": "5", "note": null}]`],
      ['Vault.Create', '["Locked"]'],
      ['Vault.Store', `[{"Nft": {"collection": "${A}", "serial": "3"}}, {"max": {"value": 1, "note": null}, "mode": "Open"}]`],
    ] as const) {
      const fromTs = await run('encode', 'vault.ts', spec, json);
      const fromIdl = await run('encode', 'vault.idl', spec, json);
      expect(fromTs.code, fromTs.stderr).toBe(0);
      expect(fromIdl.code, fromIdl.stderr).toBe(0);
      expect(fromIdl.stdout).toBe(fromTs.stdout);
    }
    expect((await run('encode', 'vault.ts', 'Vault.Create', '["Locked"]')).stdout.trim()).toBe('0x474d011000000000000000000000000001');
    const client = await run('client', 'vault.idl', '-o', 'vault-client.gen.ts');
    expect(client.code, client.stderr).toBe(0);
    expect(readFileSync(join(dir, 'vault-client.gen.ts'), 'utf8')).toContain(
      'withLimits: [owner: ActorId, limits: Limits | null, initial: Box<u128>];',
    );
  });

  it('every IDL in examples/ parses back to the interface ids it declares', () => {
    const examples = join(root, 'examples');
    let count = 0;
    for (const d of readdirSync(examples, { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      for (const f of readdirSync(join(examples, d.name)).filter((n) => n.endsWith('.idl'))) {
        const text = readFileSync(join(examples, d.name, f), 'utf8');
        const manifest = parseIdl(text, f);
        for (const s of manifest.services) expect(text).toContain(`service ${s.name}@${s.interfaceId}`);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(6);
  });
});

describe('sprocket encode/decode: functions of base services (extends)', () => {
  it('Dog.Walk is WalkerService.Walk on the Dog route; Chain reaches it through Dog', async () => {
    // WalkerService@0x06b6750e36f0fda7: Position = entry 0, Walk = entry 1; Dog is route 3, Chain route 7.
    const walk = await run('encode', demoIdl, 'Dog.Walk', '[1, -2]');
    expect(walk.stderr).toBe('');
    expect(walk.stdout.trim()).toBe('0x474d011006b6750e36f0fda701000300' + '01000000' + 'feffffff');
    expect((await run('encode', demoIdl, 'Chain.walk', '[1, -2]')).stdout.trim()).toBe(
      '0x474d011006b6750e36f0fda701000700' + '01000000' + 'feffffff',
    );
    // MammalService@0xf181833573ac05bf: AvgWeight = entry 0.
    expect((await run('encode', demoIdl, 'Dog.avgWeight', '[]')).stdout.trim()).toBe('0x474d0110f181833573ac05bf00000300');
    // Dog's own MakeSound wins over the base's.
    expect((await run('encode', demoIdl, 'Dog.MakeSound', '[]')).stdout.trim()).toBe('0x474d0110061b5337bdb0e35b00000300');
    const pos = await run('decode', demoIdl, 'Dog.Position', '0x474d011006b6750e36f0fda7000003000100000002000000', '--reply');
    expect(pos.code, pos.stderr).toBe(0);
    expect(JSON.parse(pos.stdout)).toEqual([1, 2]);
    const unknown = await run('encode', demoIdl, 'Dog.Fly', '[]');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('WalkerService.Walk');
  });
});

describe('sprocket decode is strict and names the field', () => {
  it('trailing bytes, short input, bad tags, unsorted map keys, non-canonical compacts', async () => {
    const good = await run('encode', 'vault.ts', 'Vault.batch', `[[["${A}", 63]], [["10", {"value": "x", "note": null}]]]`);
    expect(good.code, good.stderr).toBe(0);
    const hex = good.stdout.trim();
    const ok = await run('decode', 'vault.ts', 'Vault.Batch', hex);
    expect(JSON.parse(ok.stdout)).toEqual([[[A, 63]], [['10', { value: 'x', note: null }]]]);

    const cases: [string, RegExp][] = [
      [`${hex}00`, /^sprocket decode: SCALE_TRAILING_BYTES: Vault\.Batch: 1 trailing byte after/],
      [hex.slice(0, -2), /^sprocket decode: SCALE_SHORT_INPUT: Vault\.Batch\.m\[0\]\.value\.note: input too short/],
      [`${hex.slice(0, -2)}02`, /^sprocket decode: SCALE_BAD_TAG: Vault\.Batch\.m\[0\]\.value\.note: bad Option<String> tag 2/],
      [
        hex.replace(`${'ab'.repeat(32)}fc`, `${'ab'.repeat(32)}fd00`),
        /^sprocket decode: SCALE_NON_CANONICAL_COMPACT: Vault\.Batch\.items\[0\]\[1\]: non-canonical compact/,
      ],
    ];
    for (const [bad, message] of cases) {
      const r = await run('decode', 'vault.ts', 'Vault.Batch', bad);
      expect(r.code, bad).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    const modeReply = await run('decode', 'vault.ts', 'Vault.mode', hex.slice(0, 10));
    expect(modeReply.code).toBe(1);
    expect(modeReply.stderr).toContain('header');
  });
});

describe('sprocket encode: the JSON forms agree with @polkadot/types', () => {
  it('tuples of ids and compacts, and a map given as unsorted pairs', async () => {
    const r = await run(
      'encode',
      'vault.ts',
      'Vault.batch',
      `[[["${A}", 64], ["${A}", 1073741824]], [["10", {"value": "x", "note": "y"}], [2, {"value": "", "note": null}]]]`,
    );
    expect(r.code, r.stderr).toBe(0);
    const registry = new TypeRegistry();
    const expected = registry
      .createType('(Vec<([u8; 32], Compact<u32>)>, BTreeMap<u64, (Text, Option<Text>)>)', [
        [
          [A, 64],
          [A, 1073741824],
        ],
        new Map([
          [10, ['x', 'y']],
          [2, ['', null]],
        ]),
      ])
      .toHex();
    expect(`0x${r.stdout.trim().slice(HEADER)}`).toBe(expected);
  });
});

describe('sprocket usage errors', () => {
  it('a malformed <Service>.<Function> is a usage error of its verb, before any file is read', async () => {
    const r = await run('encode', 'missing.ts', 'Vault', '[]');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected <Service>.<Function>, got Vault');
    expect(r.stderr).toContain('Usage: sprocket encode');
    const d = await run('decode', 'vault.ts', '.x', '0x');
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('Usage: sprocket decode');
  });

  it('`sprocket help <command>` prints that command’s help; an unknown topic exits 2', async () => {
    const h = await run('help', 'decode');
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^Usage: sprocket decode/);
    expect((await run('help')).stdout).toMatch(/^Usage: sprocket <command>/);
    const bad = await run('help', 'frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command frobnicate');
  });

  it('a type without a wire form gets a fix that names the wire types, not a design document', async () => {
    writeFileSync(
      join(dir, 'sym.ts'),
      "import { Actor, actor } from '@sprocket/sdk';\n@actor()\nexport class Sym extends Actor {\n  f(s: symbol): void {}\n}\n",
    );
    const r = await run('idl', 'sym.ts');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sym\.ts:4:8 - error SPK1019: Sym\.f\(s\): `symbol` has no wire form/);
    expect(r.stderr).toContain('fix: use one of boolean, string, u8..u256');
    expect(r.stderr).not.toContain('DESIGN.md');
  });
});

describe('sprocket client: an IDL file that declares nothing', () => {
  it('fails with IDL_EMPTY naming the file and writes no client', async () => {
    writeFileSync(join(dir, 'blank.idl'), ' \n\n');
    const r = await run('client', 'blank.idl', '-o', 'blank.client.ts');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sprocket client: IDL_EMPTY: blank\.idl:1:1: blank\.idl is empty: it declares no program and no service/);
    expect(readdirSync(dir)).not.toContain('blank.client.ts');
  });
});
