// Sails conformance: the IDL files in idl/ parse with the interface and entry ids Sails computes, the files in
// reject/ are refused as Sails refuses them, and the CLI and generated clients put the bytes Sails expects on the
// wire (calls, replies, `throws` error payloads, events, inherited members). Facts in expected.json.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CallError, type Transport, toHex } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../compiler-plugin/src/cli/main.js';
import { emitGenerated } from '../../compiler-plugin/src/emit/generated.js';
import { IdlParseError } from '../../compiler-plugin/src/errors.js';
import { parseIdlFile, readIdlFile } from '../../compiler-plugin/src/idl/include.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const idlDir = join(here, 'idl');
const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = join(root, 'test', '.tmp', `sails-conformance-${process.pid}`);

interface Expected {
  readonly accept: Record<
    string,
    Record<string, { interfaceId: string; functions: Record<string, number>; events: Record<string, number> }>
  >;
  readonly reject: Record<string, string>;
  /** Refused files whose message carries Sails' own wording for the same refusal. */
  readonly rejectMessages: Record<string, string>;
  readonly cli: { args: string[]; out: string }[];
  readonly cliRejects: { args: string[]; code: number }[];
}
const expected = JSON.parse(readFileSync(join(here, 'expected.json'), 'utf8')) as Expected;

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const [verb, file, ...rest] = args;
  const code = await main([verb as string, join(idlDir, file as string), ...rest], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    cwd: idlDir,
  });
  return { code, out: out.trim(), err };
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Sails conformance: ids', () => {
  it.each(Object.entries(expected.accept))('%s', (file, services) => {
    const m = parseIdlFile(join(idlDir, file), file);
    for (const [name, want] of Object.entries(services)) {
      const s = m.services.find((x) => x.name === name);
      expect(s?.interfaceId, name).toBe(want.interfaceId);
      expect(Object.fromEntries(s?.functions.map((f) => [f.name, f.entryId]) ?? []), `${name} functions`).toEqual(want.functions);
      expect(Object.fromEntries(s?.events.map((e) => [e.name, e.entryId]) ?? []), `${name} events`).toEqual(want.events);
    }
  });
});

describe('Sails conformance: refused IDL', () => {
  it.each(Object.entries(expected.reject))('%s is refused with %s', (file, code) => {
    let caught: unknown;
    try {
      parseIdlFile(join(here, 'reject', file), file);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(IdlParseError);
    expect((caught as IdlParseError).code).toBe(code);
    expect((caught as IdlParseError).message).toMatch(new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+: `));
  });
});

describe('Sails conformance: errors in files with includes name the line they were written at', () => {
  const located = join(here, 'reject', 'located');
  const errorOf = (run: () => unknown): IdlParseError => {
    try {
      run();
    } catch (e) {
      if (e instanceof IdlParseError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('an error inside an included file names that file and its line', () => {
    const e = errorOf(() => parseIdlFile(join(located, 'in-part.idl'), 'in-part.idl'));
    expect(e.code).toBe('IDL_UNKNOWN_TYPE');
    expect(e.file).toBe(relative(process.cwd(), join(located, 'bad-part.idl')));
    expect([e.line, e.column]).toEqual([5, 17]);
    expect(e.message).toMatch(/bad-part\.idl:5:17: Unknown type 'Missing'/);
  });

  it('an error after an include line keeps the line of the including file', async () => {
    const e = errorOf(() => parseIdlFile(join(located, 'after-include.idl'), 'after-include.idl'));
    expect([e.file, e.line, e.column]).toEqual(['after-include.idl', 6, 16]);
    let err = '';
    const code = await main(['client', join(located, 'after-include.idl')], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      cwd: located,
    });
    expect(code).toBe(1);
    expect(err).toContain(":6:16: Unknown type 'Missing'");
  });
});

describe("Sails conformance: refusals in Sails' words", () => {
  it.each(Object.entries(expected.rejectMessages))('%s says %s', (file, words) => {
    expect(() => parseIdlFile(join(here, 'reject', file), file)).toThrow(words);
  });
});

describe('Sails conformance: CLI bytes', () => {
  it.each(expected.cli.map((c) => [c.args.join(' '), c] as const))('%s', async (_name, c) => {
    const r = await cli(c.args);
    expect(r.err).toBe('');
    expect(r.out).toBe(c.out);
  });

  it.each(expected.cliRejects.map((c) => [c.args.join(' '), c] as const))('%s exits with its code', async (_name, c) => {
    expect((await cli(c.args)).code).toBe(c.code);
  });
});

/** A transport that records what a client sends and answers from a script. */
function scripted(answer: (payload: Uint8Array) => Uint8Array | CallError): Transport & { sent: string[]; emit(bytes: Uint8Array): void } {
  const listeners: ((p: Uint8Array) => void)[] = [];
  const sent: string[] = [];
  const reply = (payload: Uint8Array): Promise<Uint8Array> => {
    sent.push(toHex(payload));
    const r = answer(payload);
    return r instanceof CallError ? Promise.reject(r) : Promise.resolve(r);
  };
  return {
    sent,
    call: (_t, p) => reply(p),
    query: (_t, p) => reply(p),
    send: (_t, p) => {
      sent.push(toHex(p));
      return `0x${'00'.repeat(32)}`;
    },
    deploy: () => Promise.resolve<`0x${string}`>(`0x${'11'.repeat(32)}`),
    subscribe: (_s, l) => {
      listeners.push(l);
      return () => {};
    },
    emit: (bytes) => {
      for (const l of listeners) l(bytes);
    },
  };
}

/** A generated module imported at run time: its client classes, used untyped here. */
// biome-ignore lint/suspicious/noExplicitAny: the module is generated by the test itself
type Loaded = Record<string, any>;

/** Generates the client of a corpus file into the temp folder and imports it. */
async function clientOf(file: string): Promise<Loaded> {
  mkdirSync(tmp, { recursive: true });
  const text = readIdlFile(join(idlDir, file), file);
  const m = parseIdlFile(join(idlDir, file), file);
  const out = join(tmp, `${file.replace(/[/.]/g, '_')}.ts`);
  writeFileSync(out, emitGenerated({ ...m, source: file }, { idl: text, command: 'sprocket client', source: file }));
  return (await import(out)) as Loaded;
}

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.slice(2), 'hex'));
const ADDRESS = `0x${'22'.repeat(32)}` as const;

describe('Sails conformance: generated clients', () => {
  it('reach inherited functions and events with the base interface id on the derived route', async () => {
    const { ZooClient } = await clientOf('inherit.idl');
    const t = scripted((p) => {
      const h = toHex(p.subarray(0, 16));
      if (h === '0x474d0110f181833573ac05bf00000200') return hex('0x474d0110f181833573ac05bf000002002a000000');
      return p.subarray(0, 16);
    });
    const zoo = ZooClient.at(t, ADDRESS);
    await zoo.dog.walk(1, -1);
    expect(t.sent.at(-1)).toBe('0x474d011006b6750e36f0fda70100020001000000ffffffff');
    expect(await zoo.dog.avgWeight()).toBe(42);
    const seen: unknown[] = [];
    zoo.dog.on('Walked', (e: unknown) => seen.push(e));
    t.emit(hex('0x474d011006b6750e36f0fda70000020000000000000000000100000001000000'));
    t.emit(hex('0x474d011006b6750e36f0fda70000010000000000000000000100000001000000')); // the Walker service's own route
    expect(seen).toEqual([{ from: [0, 0], to: [1, 1] }]);
  });

  it('resolves a throws function with T and rejects with the typed error; unit replies are empty', async () => {
    const { VaultProgramClient } = await clientOf('throws.idl');
    const t = scripted((p) => {
      const h = toHex(p.subarray(0, 16));
      if (h === '0x474d01101246790b205c0e8d03000100')
        return p[16] === 50
          ? new CallError('HANDLER_FAILED', { actor: ADDRESS, reason: 'panic', replyPayload: hex(`${h}0032000000`) })
          : hex(`${h}07000000`);
      return new Uint8Array(0);
    });
    const vault = VaultProgramClient.at(t, ADDRESS);
    expect(await vault.withdraw(1)).toBe(7);
    const error = await vault.withdraw(50).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).payload).toEqual({ kind: 'Insufficient', value: 50 });
    expect(await vault.touch()).toBeUndefined();
    expect(await vault.freeze()).toBeUndefined();
  });

  it('rejects a deploy whose constructor `throws E` with the decoded E (header of the constructor ‖ SCALE(E))', async () => {
    const { VaultProgramClient } = await clientOf('throws.idl');
    // `New(limit: u32) throws String` is constructor 0: interface id 0, entry id 0, route 0; then the String "low".
    const failure = hex('0x474d01100000000000000000000000000c6c6f77');
    const t = scripted(() => new Uint8Array(0));
    t.deploy = () => Promise.reject(new CallError('INIT_FAILED', { actor: ADDRESS, reason: 'panic', replyPayload: failure }));
    const error = await VaultProgramClient.deploy(t, `0x${'33'.repeat(32)}`, 'new', [1]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).code).toBe('INIT_FAILED');
    expect((error as CallError).payload).toBe('low');
    expect(toHex((error as CallError).replyPayload ?? new Uint8Array())).toBe(toHex(failure));
  });

  it('gives each function, constructor and service a member of its own when their TypeScript names coincide', async () => {
    const { CollideClient } = await clientOf('name-collisions.idl');
    const t = scripted((p) => p.subarray(0, 16));
    const client = CollideClient.at(t, ADDRESS);
    // The entry id (u16 LE) and route of the header each call sends: entry ids by lowercase name, stable for ties.
    const header = async (call: Promise<unknown>): Promise<string> => {
      await call.catch(() => undefined);
      return (t.sent.at(-1) as string).slice(26, 32);
    };
    expect(await header(client.send_.foo())).toBe('000001');
    expect(await header(client.send_.foo_())).toBe('010001');
    expect(await header(client.send_.send_())).toBe('020001');
    expect(await header(client.send_.then_())).toBe('030001');
    expect(await header(client.send_.then___())).toBe('040001');
    expect(await header(client.send_.then__())).toBe('050001');
    expect(await header(client.send__.bar(7))).toBe('000002');
    expect(client.send__).toBeInstanceOf((await clientOf('name-collisions.idl')).CollideSend_Service);
    const deployed: string[] = [];
    t.deploy = (_code, payload) => {
      deployed.push(toHex(payload));
      return Promise.resolve<`0x${string}`>(ADDRESS);
    };
    await CollideClient.deploy(t, `0x${'33'.repeat(32)}`, 'new', []);
    await CollideClient.deploy(t, `0x${'33'.repeat(32)}`, 'new_', [9]);
    expect(deployed).toEqual(['0x474d0110000000000000000000000000', '0x474d011000000000000000000100000009']);
  });

  it('encodes generic types whose parameters are renamed in TypeScript (`number`, `Uint8Array`, a declared name)', async () => {
    const { ParamsClient } = await clientOf('type-param-names.idl');
    const t = scripted((p) => new Uint8Array([...p.subarray(0, 16), 0x07, 0x04, 0x08]));
    const reply = await ParamsClient.at(t, ADDRESS).put(
      { v: 1 },
      { v: 2, raw: new Uint8Array([3]) },
      { kind: 'Many', value: [4] },
      { v: true, o: undefined },
      { v: 5, p: 6 },
    );
    expect((t.sent.at(-1) as string).slice(34)).toBe('0102000403010404000101050106');
    expect(reply).toEqual({ v: 7, raw: new Uint8Array([8]) });
    const unit = scripted((p) => p.subarray(0, 16));
    await ParamsClient.at(unit, ADDRESS).wrap({ a: 1, b: { x: 2 } }, { v: 3, r: { ok: 4 } });
    expect((unit.sent.at(-1) as string).slice(34)).toBe('010200000003000004');
  });

  it('encodes types named like TypeScript keywords', async () => {
    const { KeywordsClient } = await clientOf('ts-keywords.idl');
    const t = scripted((p) => new Uint8Array([...p.subarray(0, 16), 0x01]));
    const client = KeywordsClient.at(t, ADDRESS);
    expect(await client.words({}, {}, { new: 7 }, {}, {}, {}, {})).toEqual([true]);
    expect((t.sent.at(-1) as string).slice(34)).toBe('07');
    await client.scalar({}, [1], { x: 2 }, 'B', {}, [3n], [4]).catch(() => undefined);
    expect((t.sent.at(-1) as string).slice(34)).toBe('010201030000000000000004000000');
  });

  it('tells Some(None) from None in Option<Option<T>>', async () => {
    const { MaybeClient } = await clientOf('nested-option.idl');
    const h = '0x474d0110d543072b66f3292400000100';
    const t = scripted((p) => p);
    const maybe = MaybeClient.at(t, ADDRESS);
    expect(await maybe.put({ some: null })).toEqual({ some: null });
    expect(t.sent.at(-1)).toBe(`${h}0100`);
    expect(await maybe.put(null)).toBeNull();
    expect(await maybe.put({ some: 5 })).toEqual({ some: 5 });
    expect(t.sent.at(-1)).toBe(`${h}010105`);
  });

  it("encodes a service type with the service's own types, the constructor's with the program's", async () => {
    const loaded = await clientOf('scope-nested.idl');
    const t = scripted(() => new Uint8Array(0));
    await loaded.ScopedClient.at(t, ADDRESS).put({ inner: { text: 'hi' } });
    expect(t.sent.at(-1)).toBe('0x474d0110863d510c8143722f00000100086869');
    const svc = loaded.ScopedDefinition.services[0];
    expect(toHex(svc.functions[0].encodeCall([{ inner: { text: 'hi' } }]))).toBe('0x474d0110863d510c8143722f00000100086869');
    const ctor = loaded.ScopedDefinition.constructors[0];
    expect(toHex(ctor.encodeCall([{ inner: { value: 7 } }, { on: true }]))).toBe('0x474d01100000000000000000000000000700000001');
  });

  it('leaves entries for another codec out of the SCALE client', async () => {
    const { CodecProgramClient } = await clientOf('codec.idl');
    const c = CodecProgramClient.at(
      scripted(() => new Uint8Array(0)),
      ADDRESS,
    );
    expect(typeof c.bothMethod).toBe('function');
    expect(typeof c.scaleOnly).toBe('function');
    expect(c.ethabiOnly).toBeUndefined();
    expect(c.ethabiQuery).toBeUndefined();
  });
});
