// The Sails demo program ported to a TypeScript actor (demo/demo.ts) keeps the Rust program's interface: every
// service's interface id, every function's and event's entry id, the routes and the constructors equal those of the
// IDL Sails generated for the Rust program (demo/demo_client.idl, read with Sprocket's own parser), and a client
// generated from that IDL with `sprocket client` drives the actor with the bytes the Rust program speaks. Bytes are
// checked against scale-ts as an independent SCALE encoder. Provenance and the known differences: README.md.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestSystem } from '@sprocket/runtime/testing';
import {
  type ActorId,
  type CallError,
  type CodeId,
  findGenerated,
  type GeneratedActor,
  isCallError,
  type Transport,
  toHex,
} from '@sprocket/sdk';
import { _void, Bytes, Enum, i32, Option, Result, Struct, str, Tuple, u8, u16, u32, u128, u256 } from 'scale-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../compiler-plugin/src/cli/main.js';
import { parseIdlFile } from '../../compiler-plugin/src/idl/include.js';
import { parseIdl } from '../../compiler-plugin/src/idl/parser.js';
import type { Manifest } from '../../compiler-plugin/src/manifest/types.js';
import { Demo } from './demo/demo.js';
import './demo/demo.gen.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const sailsIdl = join(here, 'demo', 'demo_client.idl');
const tmp = join(root, 'test', '.tmp', `sails-ports-demo-${process.pid}`);

/** The ids of a manifest: per service its interface id, function and event entry ids; the program's routes and constructors. */
function idsOf(m: Manifest) {
  return {
    services: Object.fromEntries(
      m.services.map((s) => [
        s.name,
        {
          interfaceId: s.interfaceId,
          extends: s.extends,
          functions: Object.fromEntries(s.functions.map((f) => [f.name, [f.entryId, f.kind, f.throws !== undefined]])),
          events: Object.fromEntries(s.events.map((e) => [e.name, e.entryId])),
        },
      ]),
    ),
    routes: m.program?.services.map((e) => [e.name, e.route]),
    constructors: m.program?.constructors.map((c) => [c.name, c.entryId, c.throws !== undefined]),
  };
}

/** What the dispatch table of a generated definition puts in each header: route, interface id and entry id per function. */
function headersOf(def: GeneratedActor) {
  return def.services.map((s) => ({
    service: s.name,
    route: s.route,
    functions: s.functions.map((f) => `${f.name}@${f.interfaceId ?? s.interfaceId}#${f.entryId}`).sort(),
    events: s.events.map((e) => `${e.name}@${e.interfaceId ?? s.interfaceId}#${e.entryId}`).sort(),
  }));
}

/** The 16-byte Sails header as hex (no 0x). */
const header = (iface: string, entryId: number, route: number): string =>
  `474d0110${iface.slice(2)}${toHex(u16.enc(entryId)).slice(2)}${route.toString(16).padStart(2, '0')}00`;
const hex = (bytes: Uint8Array): string => toHex(bytes).slice(2);
const hexBytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

const IDS = {
  PingPong: '0x6d0eb40dde4038f7',
  Counter: '0x579d6daba41b7d82',
  Dog: '0x061b5337bdb0e35b',
  Mammal: '0xf181833573ac05bf',
  Walker: '0x06b6750e36f0fda7',
  References: '0xdac2abd57442a5fa',
  ThisThat: '0x381e13fdd02d675f',
  ValueFee: '0x61261a86528bf9d5',
  Validator: '0x4e78bafffdb4fb1c',
  Chain: '0x01fcbe183e2199b0',
  Base: '0x26dda2d102628ccb',
} as const;

/** A transport that records every request and reply payload (and error reply payload) as hex. */
function recording(inner: Transport) {
  const log: { out: string; back?: string; error?: string }[] = [];
  const track = async (out: Uint8Array, run: () => Promise<Uint8Array>): Promise<Uint8Array> => {
    const row: { out: string; back?: string; error?: string } = { out: hex(out) };
    log.push(row);
    try {
      const back = await run();
      row.back = hex(back);
      return back;
    } catch (error) {
      if (isCallError(error) && error.replyPayload !== undefined) row.error = hex(error.replyPayload);
      throw error;
    }
  };
  const transport: Transport = {
    call: (to, payload, options) => track(payload, () => inner.call(to, payload, options)),
    query: (to, payload, options) => track(payload, () => inner.query(to, payload, options)),
    send: (to, payload, options) => inner.send(to, payload, options),
    deploy: (code, payload, options) => inner.deploy(code, payload, options),
    subscribe: (source, listener) => inner.subscribe(source, listener),
  };
  return { transport, log, last: () => log[log.length - 1] as { out: string; back?: string; error?: string } };
}

async function rejection(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (error) {
    if (isCallError(error)) return error;
    throw error;
  }
  throw new TypeError('expected a rejection');
}

// biome-ignore lint/suspicious/noExplicitAny: the client module is generated by the test itself, from the Sails IDL
type Loaded = Record<string, any>;
let sails: Loaded;

beforeAll(async () => {
  mkdirSync(tmp, { recursive: true });
  const out = join(tmp, 'demo.client.ts');
  let err = '';
  const code = await main(['client', sailsIdl, '-o', out], { stdout: () => {}, stderr: (t) => (err += t), cwd: root });
  expect(err).toBe('');
  expect(code).toBe(0);
  sails = (await import(out)) as Loaded;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Sails demo ported to TypeScript: the interface', () => {
  const rust = parseIdlFile(sailsIdl, 'demo_client.idl');
  const ported = findGenerated('DemoClient');

  it('has every interface id, entry id, route and constructor of the Rust program', () => {
    const ts = parseIdl(ported?.idl ?? '', 'demo.idl');
    expect(idsOf(ts)).toEqual(idsOf(rust));
    expect(rust.services.find((s) => s.name === 'Dog')?.interfaceId).toBe(IDS.Dog);
    // The committed IDL is the one the definition carries.
    expect(readFileSync(join(here, 'demo', 'demo.idl'), 'utf8')).toContain(ported?.idl.trim().split('\n').slice(2, 6).join('\n'));
  });

  it('dispatches the headers the Sails client writes, inherited functions and events included', () => {
    const rustHeaders = headersOf(sails.DemoClientDefinition as GeneratedActor);
    const tsHeaders = headersOf(ported as GeneratedActor);
    // The actor also answers a base function that the derived service's own function of the same name hides from
    // the client (MammalService.MakeSound on Dog's and Chain's routes; Dog.MakeSound on Chain's), as Sails does.
    const hidden = [`MakeSound@${IDS.Mammal}#1`, `MakeSound@${IDS.Dog}#0`];
    expect(tsHeaders.map((s) => ({ ...s, functions: s.functions.filter((f) => !hidden.includes(f)) }))).toEqual(
      rustHeaders.map((s) => ({ ...s, functions: s.functions.filter((f) => !hidden.includes(f)) })),
    );
    expect(tsHeaders.find((s) => s.service === 'Chain')?.functions).toEqual(
      [...(rustHeaders.find((s) => s.service === 'Chain')?.functions ?? []), ...hidden].sort(),
    );
  });
});

describe('Sails demo ported to TypeScript: a client generated from the Rust IDL drives the actor', () => {
  async function deployed(ctor = 'new', args: readonly unknown[] = [7, [1, 2]]) {
    const sys = createTestSystem({ seed: 1 });
    const code: CodeId = sys.registerCode(Demo);
    const alice = sys.user('alice', { balance: 10n ** 18n });
    const rec = recording(alice);
    const client = await sails.DemoClientClient.deploy(rec.transport, code, ctor, args);
    return { sys, client, rec, alice: alice.id, address: client.address as ActorId };
  }

  it('constructors: New, Default, and NewWithError failing with its typed error', async () => {
    const { client } = await deployed();
    expect(await client.counter.value()).toBe(7);
    expect(await client.dog.position()).toEqual([1, 2]);
    expect(await (await deployed('default', [])).client.counter.value()).toBe(0);
    const e = await rejection(deployed('newWithError', [0]));
    expect(e.code).toBe('INIT_FAILED');
    expect(e.payload).toBe('Constructor failed');
    // Constructor header (interface id 0, entry id 2, route 0) ‖ the String.
    expect(hex(e.replyPayload ?? new Uint8Array())).toBe(`${header('0x0000000000000000', 2, 0)}${hex(str.enc('Constructor failed'))}`);
  });

  it('PingPong (route 1): Result<String, String> replies', async () => {
    const { client, rec } = await deployed();
    expect(await client.pingPong.ping('ping')).toEqual({ ok: 'pong' });
    expect(rec.last()).toEqual({
      out: `${header(IDS.PingPong, 0, 1)}${hex(str.enc('ping'))}`,
      back: `${header(IDS.PingPong, 0, 1)}${hex(Result(str, str).enc({ success: true, value: 'pong' }))}`,
    });
    expect(await client.pingPong.ping('pong')).toEqual({ err: 'Invalid input' });
  });

  it('Counter (route 2): calls, a query and events with the Rust bytes', async () => {
    const { sys, client, rec, address } = await deployed();
    const seen: number[] = [];
    client.counter.on('Added', (n: number) => seen.push(n));
    expect(await client.counter.add(5)).toBe(12);
    expect(rec.last()).toEqual({ out: `${header(IDS.Counter, 0, 2)}05000000`, back: `${header(IDS.Counter, 0, 2)}0c000000` });
    expect(await client.counter.sub(2)).toBe(10);
    expect(await client.counter.value()).toBe(10);
    expect(rec.last().out).toBe(header(IDS.Counter, 2, 2));
    await sys.runUntilIdle();
    expect(seen).toEqual([5]);
    const events = sys.system.events(address).map((e) => hex(e.payload));
    expect(events).toEqual([`${header(IDS.Counter, 0, 2)}05000000`, `${header(IDS.Counter, 1, 2)}02000000`]);
  });

  it('Dog (route 3): its own function and event, and the functions and events of MammalService and WalkerService', async () => {
    const { sys, client, rec, address } = await deployed();
    const walked: unknown[] = [];
    client.dog.on('Walked', (w: unknown) => walked.push(w));
    expect(await client.dog.makeSound()).toBe('Woof! Woof!');
    expect(rec.last().out).toBe(header(IDS.Dog, 0, 3));
    expect(await client.dog.avgWeight()).toBe(42);
    expect(rec.last()).toEqual({ out: header(IDS.Mammal, 0, 3), back: `${header(IDS.Mammal, 0, 3)}2a000000` });
    expect(await client.dog.walk(10, -3)).toBeUndefined();
    // A unit result replies with an empty payload.
    expect(rec.last()).toEqual({ out: `${header(IDS.Walker, 1, 3)}${hex(Tuple(i32, i32).enc([10, -3]))}`, back: '' });
    expect(await client.dog.position()).toEqual([11, -1]);
    await sys.runUntilIdle();
    expect(walked).toEqual([{ from: [1, 2], to: [11, -1] }]);
    const Walked = Struct({ from: Tuple(i32, i32), to: Tuple(i32, i32) });
    expect(sys.system.events(address).map((e) => hex(e.payload))).toEqual([
      header(IDS.Dog, 0, 3),
      `${header(IDS.Walker, 0, 3)}${hex(Walked.enc({ from: [1, 2], to: [11, -1] }))}`,
    ]);
  });

  it('Chain (route 9) extends Dog: its own MakeSound, the inherited members on its route, and its overrides', async () => {
    const { sys, client, rec, address } = await deployed();
    expect(await client.chain.makeSound()).toBe('Chain Woof!');
    expect(rec.last().out).toBe(header(IDS.Chain, 0, 9));
    // Overridden on Chain's route (`#[export(overrides = …)]`), with the base's interface and entry ids.
    expect(await client.chain.avgWeight()).toBe(99);
    expect(rec.last()).toEqual({ out: header(IDS.Mammal, 0, 9), back: `${header(IDS.Mammal, 0, 9)}63000000` });
    expect(await client.dog.avgWeight()).toBe(42);
    await client.chain.walk(1, 1);
    expect(rec.last().out).toBe(`${header(IDS.Walker, 1, 9)}${hex(Tuple(i32, i32).enc([1, 1]))}`);
    expect(await client.chain.position()).toEqual([1, 2]);
    // A raw MammalService.MakeSound on Chain's route (the client hides it behind Chain's own MakeSound).
    const raw = await sys.defaultUser.call(address, hexBytes(header(IDS.Mammal, 1, 9)));
    expect(hex(raw)).toBe(`${header(IDS.Mammal, 1, 9)}${hex(str.enc('Chain Mammal Sound (via ID)'))}`);
    // Dog's route still reaches MammalService.MakeSound, which panics as in the Rust program; Dog's Walk moves.
    const panic = await rejection(sys.defaultUser.call(address, hexBytes(header(IDS.Mammal, 1, 3))));
    expect(panic.message).toMatch(/Not implemented/);
    await client.dog.walk(1, 1);
    // An event of a base goes out on the route of the service that handled the message.
    const last = sys.system.events(address).at(-1);
    expect(hex(last?.payload ?? new Uint8Array()).slice(0, 32)).toBe(header(IDS.Walker, 0, 3));
    expect(await client.chain.position()).toEqual([2, 3]);
  });

  it('References (route 4): tuple struct, bytes, Option and Result<(), String>', async () => {
    const { client, rec } = await deployed();
    expect(await client.references.add(3)).toBe(3);
    expect(await client.references.incr()).toEqual([4]);
    expect(rec.last().back).toBe(`${header(IDS.References, 4, 4)}04000000`);
    expect(await client.references.addByte(7)).toEqual(Uint8Array.of(7));
    expect(await client.references.addByte(9)).toEqual(Uint8Array.of(7, 9));
    expect(rec.last().back).toBe(`${header(IDS.References, 1, 4)}${hex(Bytes().enc(Uint8Array.of(7, 9)))}`);
    expect(await client.references.lastByte()).toBe(9);
    expect(rec.last().back).toBe(`${header(IDS.References, 5, 4)}${hex(Option(u8).enc(9))}`);
    expect(await client.references.baked()).toBe('Static str!');
    expect(await client.references.message()).toBe('demo');
    expect(await client.references.guessNum(42)).toEqual({ ok: 'demo' });
    expect(await client.references.setNum(50)).toEqual({ err: 'Number is too large' });
    expect(await client.references.setNum(5)).toEqual({ ok: undefined });
    expect(rec.last().back).toBe(`${header(IDS.References, 7, 4)}${hex(Result(_void, str).enc({ success: true, value: undefined }))}`);
    expect(await client.references.guessNum(42)).toEqual({ err: 'Try again' });
  });

  it('ThisThat (route 5): a struct with NonZero, ActorId and an enum with data, tuples, H160, U256', async () => {
    const { client, rec, alice } = await deployed();
    const h256 = `0x${'ab'.repeat(32)}`;
    const param = { p1: 3, p2: alice, p3: { kind: 'Five', value: ['five', h256] } };
    expect(await client.thisThat.doThat(param)).toEqual({ ok: [alice, 3, 'Five'] });
    const ManyVariants = Enum({
      One: _void,
      Two: u32,
      Three: Option(u256),
      Four: Struct({ a: u32, b: Option(u16) }),
      Five: Tuple(str, Bytes(32)),
      Six: Tuple(u32),
    });
    const id = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
    const DoThatParam = Struct({ p1: u32, p2: Bytes(32), p3: ManyVariants });
    expect(rec.last().out).toBe(
      `${header(IDS.ThisThat, 0, 5)}${hex(DoThatParam.enc({ p1: 3, p2: id(alice), p3: { tag: 'Five', value: ['five', id(h256)] } }))}`,
    );
    const Reply = Result(
      Tuple(Bytes(32), u32, Enum({ One: _void, Two: _void, Three: _void, Four: _void, Five: _void, Six: _void })),
      Tuple(str),
    );
    expect(rec.last().back).toBe(
      `${header(IDS.ThisThat, 0, 5)}${hex(Reply.enc({ success: true, value: [id(alice), 3, { tag: 'Five', value: undefined }] }))}`,
    );
    const three = { p1: 1, p2: alice, p3: { kind: 'Three', value: 2n ** 200n } };
    expect(await client.thisThat.doThat(three)).toEqual({ ok: [alice, 1, 'Three'] });
    expect(rec.last().out).toBe(
      `${header(IDS.ThisThat, 0, 5)}${hex(DoThatParam.enc({ p1: 1, p2: id(alice), p3: { tag: 'Three', value: 2n ** 200n } }))}`,
    );
    const h160 = `0x${'cd'.repeat(20)}`;
    expect(await client.thisThat.doThis(9, 'nine', [h160, 4], [true])).toEqual(['nine', 9]);
    expect(rec.last().out.slice(32)).toBe(
      hex(Tuple(u32, str, Tuple(Option(Bytes(20)), u8), Tuple(Tuple(u8))).enc([9, 'nine', [id(h160), 4], [[1]]])),
    );
    expect(await client.thisThat.this()).toBe(42);
    expect(await client.thisThat.that()).toEqual({ ok: 'Forty two' });
    expect(await client.thisThat.noop()).toBeUndefined();
  });

  it('ValueFee (route 6): value, a u128 event and `throws String`', async () => {
    const { sys, client, rec, address, alice } = await deployed();
    const fee = 10_000_000_000_000n;
    const before = sys.balance(alice);
    expect(await client.valueFee.doSomethingAndTakeFee({ value: 3n * fee })).toBeUndefined();
    await sys.runUntilIdle();
    expect(before - sys.balance(alice)).toBe(fee);
    expect(sys.system.events(address).map((e) => hex(e.payload))).toEqual([`${header(IDS.ValueFee, 0, 6)}${hex(u128.enc(fee))}`]);
    const e = await rejection(client.valueFee.doSomethingAndTakeFee({ value: fee / 2n }));
    expect(e.payload).toBe('Not enough value');
    expect(rec.last().error).toBe(`${header(IDS.ValueFee, 0, 6)}${hex(str.enc('Not enough value'))}`);
  });

  it('Validator (route 7): `-> u32 throws ValidationError`, `throws ()`, `throws String`, rolled back', async () => {
    const { client, rec } = await deployed();
    expect(await client.validator.validateRange(15, 10, 20)).toBe(15);
    expect(rec.last().back).toBe(`${header(IDS.Validator, 3, 7)}0f000000`);
    const small = await rejection(client.validator.validateRange(5, 10, 20));
    expect(small.payload).toBe('TooSmall');
    expect(rec.last().error).toBe(`${header(IDS.Validator, 3, 7)}00`);
    const odd = await rejection(client.validator.validateEven(3));
    expect(rec.last().error).toBe(header(IDS.Validator, 1, 7));
    expect(odd.code).toBe('HANDLER_FAILED');
    expect(await client.validator.validateEven(4)).toBe(4);
    expect((await rejection(client.validator.validateNonzero(0))).payload).toBe('Value is zero');
    // A failed `throws` call is rolled back: its error count is not kept.
    expect(await client.validator.totalErrors()).toBe(0);
  });

  it('OverrideGenerics (route 10) reaches BaseService with its interface id', async () => {
    const { client, rec } = await deployed();
    await client.overrideGenerics.setValue(9);
    expect(rec.last().out).toBe(`${header(IDS.Base, 1, 10)}09000000`);
    expect(await client.overrideGenerics.foo()).toBe(9);
    expect(await client.chaos.replyHookCounter()).toBe(0);
  });

  it('is also driven by its own typed handle (sys.deploy): one method per handler, a base method on the first route', async () => {
    const sys = createTestSystem({ seed: 1 });
    const demo = await sys.deploy(Demo, 'new', [1, null]);
    expect(await demo.add(2)).toBe(3);
    expect(await demo.refAdd(5)).toBe(5);
    expect(await demo.chainAvgWeight()).toBe(99);
    expect(await demo.avgWeight()).toBe(42);
    await demo.walk(1, 1);
    const walked = sys.system.events(demo.address).at(-1);
    expect(hex(walked?.payload ?? new Uint8Array()).slice(0, 32)).toBe(header(IDS.Walker, 0, 3));
  });
});
