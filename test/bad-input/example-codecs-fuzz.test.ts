// Fuzzing of every generated codec of every example: random bytes, mutated valid encodings, zero-size
// amplification and deep nesting. Only Sprocket errors may come out, and an accepted input re-encodes to
// the same bytes; the size of what a decode builds is bounded by the size of its input.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIdl } from '../../compiler-plugin/src/idl/parser.js';
import {
  codecFromType,
  encode,
  type GeneratedActor,
  isScaleError,
  ScaleReader,
  SprocketError,
  type TypeDef,
  type TypeRef,
  toHex,
} from '../../sdk/src/index.js';
import { budget } from './budget.js';
import { jsonOf } from './json-of-type.js';

// The examples, and the ports of Sails programs (several services, base services, tuple structs, multi-field variants).
const folders = ['../../examples/', '../sails-ports/'].map((folder) => fileURLToPath(new URL(folder, import.meta.url)));
const genFiles = folders
  .flatMap((folder) =>
    readdirSync(folder, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(folder, d.name))
          .filter((f) => f.endsWith('.gen.ts'))
          .map((f) => join(folder, d.name, f)),
      ),
  )
  .sort();
const modules = (await Promise.all(genFiles.map((f) => import(pathToFileURL(f).href)))) as Record<string, unknown>[];
const definitions: GeneratedActor[] = Object.values(modules).flatMap((m) =>
  Object.entries(m)
    .filter(([name, v]) => name.endsWith('Definition') && typeof v === 'object' && v !== null && 'services' in v)
    .map(([, v]) => v as GeneratedActor),
);

/** One decoding surface of a generated codec, with the TypeRefs of what it decodes (for valid inputs). */
interface Target {
  readonly what: string;
  /** Decodes `bytes` (the part after the header) and re-encodes what it accepted (header excluded). */
  readonly decode: (bytes: Uint8Array) => { json: unknown; reencoded: Uint8Array };
  readonly types: readonly TypeRef[];
  readonly table: ReadonlyMap<string, TypeDef>;
}

function tableOf(def: GeneratedActor): { table: Map<string, TypeDef>; manifest: ReturnType<typeof parseIdl> } {
  const manifest = parseIdl(def.idl, `${def.name}.idl`);
  const table = new Map<string, TypeDef>();
  for (const t of manifest.program?.types ?? []) table.set(t.name, t);
  for (const s of manifest.services) for (const t of s.types) table.set(t.name, t);
  return { table, manifest };
}

const targets: Target[] = [];
for (const def of definitions) {
  const { table, manifest } = tableOf(def);
  for (const svc of def.services) {
    const sdef = manifest.services.find((s) => s.name === svc.name);
    for (const f of svc.functions) {
      const fdef = functionDef(manifest, sdef, f.name);
      targets.push({
        what: `${def.name}.${svc.name}.${f.name} args`,
        decode: (bytes) => {
          const args = f.decodeArgs(new ScaleReader(bytes));
          return { json: f.argsToJson(args), reencoded: f.encodeCall(args).subarray(16) };
        },
        types: fdef?.params.map((p) => p.type) ?? [],
        table,
      });
      const header = replyHeader(f, fdef?.params.map((p) => p.type) ?? [], table);
      expect(header, `${def.name}.${svc.name}.${f.name}: a call header`).toBeDefined();
      if (header !== undefined) {
        targets.push({
          what: `${def.name}.${svc.name}.${f.name} reply`,
          decode: (bytes) => {
            const v = f.decodeReply(concat(header, bytes));
            return { json: f.replyToJson(v), reencoded: f.encodeReply(v).subarray(16) };
          },
          // A `throws` function replies with its value; its error travels as an error payload (below).
          types: fdef === undefined ? [] : [fdef.returns],
          table,
        });
        const decodeError = f.decodeError;
        const encodeError = f.encodeError;
        if (fdef?.throws !== undefined && decodeError !== undefined && encodeError !== undefined) {
          targets.push({
            what: `${def.name}.${svc.name}.${f.name} error payload`,
            decode: (bytes) => {
              const e = decodeError(concat(header, bytes));
              return { json: f.errorToJson?.(e) ?? null, reencoded: encodeError(e).subarray(16) };
            },
            types: [fdef.throws],
            table,
          });
        }
      }
    }
    for (const e of svc.events) {
      const edef = eventDef(manifest, sdef, e.name);
      targets.push({
        what: `${def.name}.${svc.name}.${e.name} event`,
        decode: (bytes) => {
          const v = e.decodeFields(new ScaleReader(bytes));
          return { json: e.toJson(v), reencoded: e.encode(v).subarray(16) };
        },
        types: edef?.fields.map((x) => x.type) ?? [],
        table,
      });
    }
  }
  for (const c of def.constructors) {
    const cdef = manifest.program?.constructors.find((x) => x.name === c.name);
    targets.push({
      what: `${def.name}.${c.name} constructor`,
      decode: (bytes) => {
        const args = c.decodeArgs(new ScaleReader(bytes));
        return { json: c.argsToJson(args), reencoded: c.encodeCall(args).subarray(16) };
      },
      types: cdef?.params.map((p) => p.type) ?? [],
      table,
    });
  }
}

type ServiceDef = ReturnType<typeof parseIdl>['services'][number];

/** A service's bases (`extends`), nearest first, the service itself included. */
function lineage(manifest: ReturnType<typeof parseIdl>, service: ServiceDef | undefined): ServiceDef[] {
  const out: ServiceDef[] = [];
  const visit = (s: ServiceDef | undefined) => {
    if (s === undefined || out.includes(s)) return;
    out.push(s);
    for (const base of s.extends) visit(manifest.services.find((x) => x.name === base));
  };
  visit(service);
  return out;
}

/** The IDL declaration of a function a service declares or inherits. */
function functionDef(manifest: ReturnType<typeof parseIdl>, service: ServiceDef | undefined, name: string) {
  for (const s of lineage(manifest, service)) {
    const found = s.functions.find((x) => x.name === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The IDL declaration of an event a service declares or inherits. */
function eventDef(manifest: ReturnType<typeof parseIdl>, service: ServiceDef | undefined, name: string) {
  for (const s of lineage(manifest, service)) {
    const found = s.events.find((x) => x.name === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The 16-byte header of a function's messages (a reply repeats the header of its call). */
function replyHeader(
  f: GeneratedActor['services'][number]['functions'][number],
  params: readonly TypeRef[],
  table: ReadonlyMap<string, TypeDef>,
): Uint8Array | undefined {
  const sample = fc.sample(fc.tuple(...params.map((ref) => jsonOf(ref, table))), { numRuns: 1, seed: 1 })[0] ?? [];
  try {
    return f.encodeCall(f.argsFromJson(sample)).subarray(0, 16);
  } catch {
    return undefined;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Decodes; anything but a Sprocket error fails the test; an accepted input re-encodes to itself, and what it builds is bounded. */
function check(t: Target, bytes: Uint8Array): void {
  const before = toHex(bytes);
  let out: { json: unknown; reencoded: Uint8Array };
  try {
    out = t.decode(bytes);
  } catch (e) {
    if (!(e instanceof SprocketError)) throw new Error(`${t.what}: ${toHex(bytes)} raised a non-Sprocket error`, { cause: e });
    expect(isScaleError(e) || e instanceof SprocketError).toBe(true);
    expect(toHex(bytes)).toBe(before);
    return;
  }
  expect(toHex(out.reencoded)).toBe(toHex(bytes));
  const size = JSON.stringify(out.json, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).length;
  expect(size).toBeLessThanOrEqual(1024 + 200 * bytes.length);
  expect(toHex(bytes)).toBe(before);
}

/** A valid encoding of random arguments of a target (via the reflective codec, independent of the generated one). */
function validBytes(t: Target): fc.Arbitrary<Uint8Array> {
  if (t.types.length === 0) return fc.constant(new Uint8Array(0));
  return fc.tuple(...t.types.map((ref) => jsonOf(ref, t.table))).map((values) => {
    const parts = t.types.map((ref, i) => {
      const codec = codecFromType(ref, t.table);
      try {
        return encode(codec, codec.fromJson(values[i], 'v'));
      } catch (e) {
        if (isScaleError(e)) return undefined;
        throw e;
      }
    });
    if (parts.some((p) => p === undefined)) return new Uint8Array(0);
    return parts.reduce<Uint8Array>((acc, p) => concat(acc, p as Uint8Array), new Uint8Array(0));
  });
}

let validSeen = 0;
let validAccepted = 0;

function accepts(t: Target, bytes: Uint8Array): boolean {
  try {
    t.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const ZERO_SIZE_PREFIXES = [
  [0x02, 0x00, 0x40, 0x00],
  [0xfe, 0xff, 0xff, 0xff],
  [0x03, 0xff, 0xff, 0xff, 0xff],
  [0x01, 0x01],
];

describe('generated codecs of every example under hostile bytes', () => {
  it('finds the examples and their decoding surfaces', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(8);
    expect(definitions.map((d) => d.name)).toEqual(expect.arrayContaining(['DemoClient', 'ExtendedVftProgram']));
    expect(targets.length).toBeGreaterThan(30);
  });

  it('random bytes: only Sprocket errors; accepted inputs are canonical', () => {
    fc.assert(
      fc.property(fc.constantFrom(...targets), fc.uint8Array({ maxLength: 160 }), (t, bytes) => check(t, bytes)),
      budget(3000),
    );
  });

  it('mutated valid encodings: only Sprocket errors; accepted inputs are canonical', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...targets).chain((t) => fc.tuple(fc.constant(t), validBytes(t))),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 0, maxLength: 3 }),
        fc.nat(),
        ([t, bytes], flips, cut) => {
          if (bytes.length > 0) {
            validSeen++;
            if (accepts(t, bytes)) validAccepted++;
          }
          check(t, bytes);
          const mutated = bytes.slice();
          for (const [at, b] of flips) if (mutated.length > 0) mutated[at % mutated.length] = b;
          check(t, mutated);
          check(t, bytes.subarray(0, bytes.length === 0 ? 0 : cut % bytes.length));
        },
      ),
      budget(2000),
    );
    // The reflective encodings are valid inputs of the generated decoders (else this test would fuzz nothing valid).
    expect(validAccepted).toBe(validSeen);
    expect(validSeen).toBeGreaterThan(500);
  });

  it('zero-size and huge length prefixes spliced in anywhere fail fast', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...targets).chain((t) => fc.tuple(fc.constant(t), validBytes(t))),
        fc.constantFrom(...ZERO_SIZE_PREFIXES),
        fc.nat(),
        fc.integer({ min: 1, max: 64 }),
        ([t, bytes], prefix, at, repeat) => {
          const cut = bytes.length === 0 ? 0 : at % (bytes.length + 1);
          const spliced = new Uint8Array([
            ...bytes.subarray(0, cut),
            ...Array.from({ length: repeat }, () => prefix).flat(),
            ...bytes.subarray(cut),
          ]);
          check(t, spliced);
        },
      ),
      budget(1000),
    );
  });

  it('deep nesting: long runs of Some / length-1 / variant tags end in a Sprocket error', () => {
    for (const t of targets) {
      for (const b of [0x01, 0x04, 0x00, 0xff]) check(t, new Uint8Array(20_000).fill(b));
    }
  });
});
