// biome-ignore-all lint/suspicious/noExplicitAny: the modules under test are generated and evaluated by the test itself
// Generated encoders of fixed-size messages (`$F.beginWith($hNsSIZE, 16)` … `w.take()`) write exactly the bytes of the
// general path (`$W` … `w.finish()`) and of @polkadot/types, into a buffer of exactly their size. Random actors are
// built whose constructor, functions, replies, `throws` types and events take random fixed-size types: every fixed
// primitive, `[T; N]` (incl. N = 0, `[u8; N]` and `[u64; N]`), tuples, structs (named fields, tuple structs, no
// fields) and generic structs instantiated with fixed types, nested, so that 64- and 128-bit values land on 8-byte
// aligned and unaligned offsets (the test checks both happened); some parameter lists also get one variable-size
// type (String, [u8], Option, an enum), which must keep them on the shared writer.
// Each module is emitted with emitGenerated, compiled with esbuild (as the bundler does) and evaluated twice: as
// emitted, and with its fixed-size encoders rewritten to the general path (what the generator emitted before).
// @polkadot/types has no `char` nor `NonZero*`: the oracle encodes their wire form, the u32 code point and the
// plain unsigned integer.
import { TypeRegistry } from '@polkadot/types';
import * as sdk from '@sprocket/sdk';
import { type FieldDef, isScaleError, ScaleReader, ScaleWriter, type TypeDef, toHex } from '@sprocket/sdk';
import { transformSync } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitGenerated } from '../compiler-plugin/src/emit/generated.js';
import type { Manifest } from '../compiler-plugin/src/manifest/types.js';
import { runs } from './bad-input/budget.js';
import { type Bad, fixedType, GENERIC, hex, sequence, type Ty, VARIABLE } from './fixed-size-types.js';

/** Each test's time limit: vitest's default, times the run-count multiplier of `npm run fuzz`. */
const FUZZ_TIMEOUT = 60_000 * (runs(100) / 100);

// ---- random actors

interface Message {
  readonly name: string;
  readonly params: readonly Ty[];
  readonly reply: Ty;
  readonly throws: Ty | undefined;
}

interface EventCase {
  readonly name: string;
  /** 'named': `{ f0, f1 }`; 'one': the single unnamed field itself; 'many': an array of unnamed fields. */
  readonly form: 'named' | 'one' | 'many';
  readonly fields: readonly Ty[];
}

interface ActorCase {
  readonly interfaceId: string;
  readonly ctor: readonly Ty[];
  readonly functions: readonly Message[];
  readonly events: readonly EventCase[];
}

/** A parameter list of fixed-size types, sometimes with one variable-size type put in at a random place. */
const params = (max: number): fc.Arbitrary<Ty[]> =>
  fc
    .tuple(fc.array(fixedType(2), { maxLength: max }), fc.option(fc.tuple(fc.constantFrom(...VARIABLE), fc.nat()), { freq: 4 }))
    .map(([ts, variable]) => {
      if (variable === null) return ts;
      const at = variable[1] % (ts.length + 1);
      return [...ts.slice(0, at), variable[0], ...ts.slice(at)];
    });

const actorCase: fc.Arbitrary<ActorCase> = fc.record({
  interfaceId: hex(8),
  ctor: params(4),
  functions: fc
    .array(fc.record({ params: params(6), reply: fixedType(2), throws: fc.option(fixedType(1), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 5,
    })
    .map((fs) => fs.map((f, i) => ({ ...f, name: `F${i}` }))),
  events: fc
    .array(
      fc.oneof(
        fc.record({ form: fc.constant('named' as const), fields: fc.array(fixedType(2), { minLength: 1, maxLength: 4 }) }),
        fc.record({ form: fc.constant('one' as const), fields: fixedType(2).map((t) => [t]) }),
        fc.record({ form: fc.constant('many' as const), fields: fc.array(fixedType(2), { minLength: 2, maxLength: 4 }) }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((es) => es.map((e, i) => ({ ...e, name: `E${i}` }))),
});

const eventFields = (e: EventCase): FieldDef[] =>
  e.fields.map((t, i) => (e.form === 'named' ? { name: `f${i}`, type: t.ref } : { type: t.ref }));

function manifestOf(a: ActorCase): Manifest {
  const all: Ty[] = [
    ...a.ctor,
    ...a.functions.flatMap((f) => [...f.params, f.reply, ...(f.throws === undefined ? [] : [f.throws])]),
    ...a.events.flatMap((e) => e.fields),
  ];
  const types = new Map<string, TypeDef>(GENERIC.map((d) => [d.name, d]));
  for (const d of all.flatMap((t) => t.defs)) types.set(d.name, d);
  return {
    version: 1,
    source: 'test/fixed.ts',
    program: {
      name: 'Fixed',
      constructors: [{ name: 'New', method: 'new', params: a.ctor.map((t, i) => ({ name: `c${i}`, type: t.ref })), entryId: 0 }],
      services: [{ name: 'Fixed', service: 'Fixed', route: 1 }],
      types: [],
    },
    services: [
      {
        name: 'Fixed',
        interfaceId: a.interfaceId,
        extends: [],
        types: [...types.values()],
        functions: a.functions.map((f, i) => ({
          name: f.name,
          method: f.name.toLowerCase(),
          kind: 'command',
          params: f.params.map((t, j) => ({ name: `p${j}`, type: t.ref })),
          returns: f.reply.ref,
          ...(f.throws === undefined ? {} : { throws: f.throws.ref }),
          entryId: i,
          payable: false,
        })),
        events: a.events.map((e, i) => ({ name: e.name, fields: eventFields(e), entryId: i })),
      },
    ],
    actor: { className: 'Fixed', exclusive: false },
  };
}

// ---- the module, as emitted and rewritten to the general path

const BEGIN = /const w = \$F\.beginWith\((\$h\d+)s(\d+), 16\);/g;

/** What the generated modules' writers report: how many messages `take` handed out, and which did not fill their buffer. */
const takes = { count: 0, inexact: [] as string[] };

/** The sdk's writer, counting the messages taken and noting any whose size `begin` was told wrong. */
class ProbeWriter extends ScaleWriter {
  override take(): Uint8Array {
    takes.count++;
    if (this.length !== this.buf.length) takes.inexact.push(`wrote ${this.length} bytes into a buffer of ${this.buf.length}`);
    return super.take();
  }
}

/** The sdk as the generated modules see it. */
const SDK = { ...sdk, ScaleWriter: ProbeWriter };

/** Evaluates generated code compiled to CommonJS (its one import, @sprocket/sdk, is this process's sdk). */
function evaluate(js: string): any {
  const module = { exports: {} as Record<string, unknown> };
  const run = new Function('require', 'module', 'exports', js) as (r: (id: string) => unknown, m: object, e: object) => void;
  run(
    (id) => {
      if (id !== '@sprocket/sdk') throw new Error(`the generated module imports ${id}`);
      return SDK;
    },
    module,
    module.exports,
  );
  return module.exports.FixedDefinition;
}

/** The module as emitted, and the same module with every fixed-size encoder on the shared writer. */
function load(text: string): { fast: any; general: any } {
  const js = transformSync(text, { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
  let general = js.replace(BEGIN, 'const w = $W; w.reset(); w.raw($1);').replaceAll('return w.take();', 'return w.finish();');
  // The shared writer is declared only when some message needs it.
  if (!/\bconst \$W = /.test(general)) general = `const $W = new (require('@sprocket/sdk').ScaleWriter)(256);\n${general}`;
  expect(general).not.toContain('$F.beginWith(');
  return { fast: evaluate(js), general: evaluate(general) };
}

/** The body of each message encoder, by `Function.method` (e.g. `F0.encodeCall`, `E1.encode`, `New.encodeCall`). */
function encoderBodies(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of text.split(/\n(?=const \$[fvc]\d+: Generated)/)) {
    const name = /^const \$[fvc]\d+: Generated\w+ = \{\n {2}name: '(\w+)'/.exec(block)?.[1];
    if (name === undefined) continue;
    for (const m of block.matchAll(
      /\n {2}(encodeCall|encodeReply|encodeError|encode)\(\w+: [^)]*\): Uint8Array \{\n([\s\S]*?)\n {2}\},/g,
    )) {
      out.set(`${name}.${m[1]}`, m[2] as string);
    }
  }
  return out;
}

/** The 16-byte Sails header: `GM`, version 1, length 16, interface id, entry id (u16 LE), route, 0. */
function header(interfaceId: string, entryId: number, route: number): Uint8Array {
  const id = Array.from({ length: 8 }, (_, i) => Number.parseInt(interfaceId.slice(2 + 2 * i, 4 + 2 * i), 16));
  return Uint8Array.from([0x47, 0x4d, 0x01, 0x10, ...id, entryId & 0xff, entryId >> 8, route, 0]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** header ‖ the @polkadot/types encodings of the values. */
function oracle(registry: TypeRegistry, head: Uint8Array, ts: readonly Ty[], values: readonly unknown[]): string {
  return toHex(concat([head, ...ts.map((t, i) => registry.createType(t.pd, t.toPd(values[i])).toU8a())]));
}

/** The error an encoder throws, as `CODE message` (or `accepted`). */
function refusal(encode: () => unknown): string {
  try {
    encode();
  } catch (e) {
    if (isScaleError(e)) return `${e.code} ${e.message}`;
    throw e;
  }
  return 'accepted';
}

/** Which 64-bit stores the runs made, at aligned and unaligned message offsets. */
const seen = new Set<string>();
/** How many messages of the runs were fixed-size (`begin`) and how many variable-size (the shared writer). */
const paths = { begin: 0, shared: 0 };

/** Checks one message: the encoder took the path its types call for, and the bytes match the general path and the oracle. */
function checkMessage(
  what: string,
  body: string | undefined,
  ts: readonly Ty[],
  encode: () => Uint8Array,
  general: Uint8Array,
  expected: string,
): Uint8Array {
  const layout = sequence(ts);
  takes.inexact.length = 0;
  paths[layout.size === undefined ? 'shared' : 'begin']++;
  if (layout.size === undefined) {
    expect(body, what).toContain('const w = $W;');
    expect(body, what).toContain('return w.finish();');
    expect(body, what).not.toContain('$F');
  } else {
    expect(body, what).toMatch(new RegExp(String.raw`const w = \$F\.beginWith\(\$h\d+s${16 + layout.size}, 16\);`));
    expect(body, what).toContain('return w.take();');
    expect(body, what).not.toContain('$W');
    for (const [name, at] of layout.words) seen.add(`${name}@${(16 + at) % 8 === 0 ? 'aligned' : 'unaligned'}`);
  }
  const before = takes.count;
  const bytes = encode();
  // A fixed-size message is taken once, from a buffer `begin` made exactly as large as what was written.
  expect(takes.count - before, what).toBe(layout.size === undefined ? 0 : 1);
  expect(takes.inexact, what).toEqual([]);
  expect(toHex(bytes), what).toBe(expected);
  expect(toHex(general), what).toBe(expected);
  // Exactly the message: its own buffer, nothing around it.
  expect(bytes.byteOffset, what).toBe(0);
  expect(bytes.buffer.byteLength, what).toBe(bytes.length);
  if (layout.size !== undefined) expect(bytes.length, what).toBe(16 + layout.size);
  return bytes;
}

const valuesOf = (ts: readonly Ty[]): fc.Arbitrary<unknown[]> => fc.tuple(...ts.map((t) => t.value));

/** An actor and values for every message of it. */
const actorWithValues = actorCase.chain((a) =>
  fc.record({
    actor: fc.constant(a),
    ctor: valuesOf(a.ctor),
    functions: fc.tuple(...a.functions.map((f) => fc.tuple(valuesOf(f.params), f.reply.value, f.throws?.value ?? fc.constant(undefined)))),
    events: fc.tuple(...a.events.map((e) => valuesOf(e.fields))),
  }),
);

function registryOf(a: ActorCase): TypeRegistry {
  const registry = new TypeRegistry();
  const all = [
    ...a.ctor,
    ...a.functions.flatMap((f) => [...f.params, f.reply, ...(f.throws === undefined ? [] : [f.throws])]),
    ...a.events.flatMap((e) => e.fields),
  ];
  registry.register(Object.assign({}, ...all.map((t) => t.pdDefs)));
  return registry;
}

const eventValue = (e: EventCase, vs: readonly unknown[]): unknown =>
  e.form === 'one' ? vs[0] : e.form === 'many' ? vs : Object.fromEntries(vs.map((v, i) => [`f${i}`, v]));

/** An event value with one bad field, and the path its error names (`Svc.Event.field`, `Svc.Event`, `Svc.Event[i]`). */
function eventBad(e: EventCase): fc.Arbitrary<Bad> {
  const path = (i: number): string =>
    e.form === 'named' ? `Fixed.${e.name}.f${i}` : e.form === 'one' ? `Fixed.${e.name}` : `Fixed.${e.name}[${i}]`;
  return fc.integer({ min: 0, max: e.fields.length - 1 }).chain((i) =>
    fc.tuple(valuesOf(e.fields), (e.fields[i] as Ty).bad(path(i))).map(([vs, b]) => ({
      value: eventValue(
        e,
        vs.map((v, k) => (k === i ? b.value : v)),
      ),
      path: b.path,
      code: b.code,
    })),
  );
}

describe('generated encoders of fixed-size messages', () => {
  it(
    'write the bytes of the general path and of @polkadot/types into a buffer of exactly their size, and decode back',
    () => {
      fc.assert(
        fc.property(actorWithValues, ({ actor, ctor, functions, events }) => {
          const text = emitGenerated(manifestOf(actor));
          const bodies = encoderBodies(text);
          const { fast, general } = load(text);
          const registry = registryOf(actor);
          const svc = (d: any) => d.services[0];
          const taken: [Uint8Array, string][] = [];

          // The constructor: interface id 0, route 0.
          const c = fast.constructors[0];
          const cBytes = checkMessage(
            'New',
            bodies.get('New.encodeCall'),
            actor.ctor,
            () => c.encodeCall(ctor),
            general.constructors[0].encodeCall(ctor),
            oracle(registry, header('0x0000000000000000', 0, 0), actor.ctor, ctor),
          );
          expect(c.decodeArgs(new ScaleReader(cBytes).reset(cBytes, 16))).toEqual(ctor);
          taken.push([cBytes, toHex(cBytes)]);

          actor.functions.forEach((f, i) => {
            const [args, reply, error] = functions[i] as [unknown[], unknown, unknown];
            const fn = svc(fast).functions.find((x: any) => x.name === f.name);
            const gfn = svc(general).functions.find((x: any) => x.name === f.name);
            const head = header(actor.interfaceId, i, 1);
            const call = checkMessage(
              `${f.name}(args)`,
              bodies.get(`${f.name}.encodeCall`),
              f.params,
              () => fn.encodeCall(args),
              gfn.encodeCall(args),
              oracle(registry, head, f.params, args),
            );
            expect(fn.decodeArgs(new ScaleReader(call).reset(call, 16))).toEqual(args);
            const rep = checkMessage(
              `${f.name} reply`,
              bodies.get(`${f.name}.encodeReply`),
              [f.reply],
              () => fn.encodeReply(reply),
              gfn.encodeReply(reply),
              oracle(registry, head, [f.reply], [reply]),
            );
            expect(fn.decodeReply(rep)).toEqual(reply);
            taken.push([call, toHex(call)], [rep, toHex(rep)]);
            if (f.throws !== undefined) {
              const err = checkMessage(
                `${f.name} error`,
                bodies.get(`${f.name}.encodeError`),
                [f.throws],
                () => fn.encodeError(error),
                gfn.encodeError(error),
                oracle(registry, head, [f.throws], [error]),
              );
              expect(fn.decodeError(err)).toEqual(error);
              taken.push([err, toHex(err)]);
            }
          });

          actor.events.forEach((e, i) => {
            const vs = events[i] as unknown[];
            const v = eventValue(e, vs);
            const ev = svc(fast).events.find((x: any) => x.name === e.name);
            const gev = svc(general).events.find((x: any) => x.name === e.name);
            const bytes = checkMessage(
              e.name,
              bodies.get(`${e.name}.encode`),
              e.fields,
              () => ev.encode(v),
              gev.encode(v),
              oracle(registry, header(actor.interfaceId, i, 1), e.fields, vs),
            );
            expect(ev.decodeFields(new ScaleReader(bytes).reset(bytes, 16))).toEqual(v);
            taken.push([bytes, toHex(bytes)]);
          });

          // Every message handed out is still intact after all the later ones (the writer let go of each buffer).
          for (const [bytes, hexAtTheTime] of taken) expect(toHex(bytes)).toBe(hexAtTheTime);
          // Distinct buffers.
          expect(new Set(taken.map(([b]) => b.buffer)).size).toBe(taken.length);
        }),
        { numRuns: runs(150) },
      );
      // Both paths ran, and the fixed-size messages stored 64-bit words both on and off 8-byte boundaries.
      expect(paths.shared).toBeGreaterThan(20);
      expect(paths.begin).toBeGreaterThan(paths.shared);
      for (const name of ['u64', 'i64', 'u128', 'i128', 'u256', 'NonZeroU64', 'NonZeroU128']) {
        expect(seen).toContain(`${name}@aligned`);
        expect(seen).toContain(`${name}@unaligned`);
      }
    },
    FUZZ_TIMEOUT,
  );

  it(
    'refuse a bad value with the same error and path as the general path, and then encode the next message right',
    () => {
      const withBad = actorCase
        .filter((a) => a.functions.some((f) => f.params.length > 0))
        .chain((a) => {
          const f = a.functions.find((x) => x.params.length > 0) as Message;
          return fc.record({
            actor: fc.constant(a),
            args: valuesOf(f.params),
            at: fc
              .integer({ min: 0, max: f.params.length - 1 })
              .chain((j) => fc.tuple(fc.constant(j), (f.params[j] as Ty).bad(`Fixed.${f.name}.p${j}`))),
            reply: f.reply.bad(`Fixed.${f.name}.reply`),
            event: eventBad(a.events[0] as EventCase),
          });
        });
      fc.assert(
        fc.property(withBad, ({ actor, args, at: [j, bad], reply, event }) => {
          const text = emitGenerated(manifestOf(actor));
          const { fast, general } = load(text);
          const f = actor.functions.find((x) => x.params.length > 0) as Message;
          const fn = fast.services[0].functions.find((x: any) => x.name === f.name);
          const gfn = general.services[0].functions.find((x: any) => x.name === f.name);
          const badArgs = args.map((v, k) => (k === j ? bad.value : v));
          const refused = refusal(() => fn.encodeCall(badArgs));
          expect(refused).toBe(refusal(() => gfn.encodeCall(badArgs)));
          expect(refused).toMatch(new RegExp(`^${bad.code} ${bad.path.replace(/[.[\]]/g, '\\$&')}: `));
          const refusedReply = refusal(() => fn.encodeReply(reply.value));
          expect(refusedReply).toBe(refusal(() => gfn.encodeReply(reply.value)));
          expect(refusedReply).toMatch(new RegExp(`^${reply.code} ${reply.path.replace(/[.[\]]/g, '\\$&')}: `));
          const ev = fast.services[0].events[0];
          const refusedEvent = refusal(() => ev.encode(event.value));
          expect(refusedEvent).toBe(refusal(() => general.services[0].events[0].encode(event.value)));
          expect(refusedEvent).toMatch(new RegExp(`^${event.code} ${event.path.replace(/[.[\]]/g, '\\$&')}: `));
          // A message refused half-written leaves nothing behind: the next one is whole and right.
          const registry = registryOf(actor);
          const i = actor.functions.indexOf(f);
          expect(toHex(fn.encodeCall(args))).toBe(oracle(registry, header(actor.interfaceId, i, 1), f.params, args));
        }),
        { numRuns: runs(100) },
      );
    },
    FUZZ_TIMEOUT,
  );
});
