// Test-only stand-in for the generator: builds a GeneratedActor from codecs,
// the way a `*.gen.ts` file does. Replaced by generated code later.
import {
  type Codec,
  codec,
  CONSTRUCTOR_INTERFACE_ID,
  EMPTY_REPLY,
  type GeneratedActor,
  type GeneratedConstructor,
  type GeneratedEvent,
  type GeneratedFunction,
  interfaceIdBytes,
  readHeader,
  registerGenerated,
  ScaleError,
  ScaleReader,
  ScaleWriter,
  writeHeader,
} from '@sprocket/sdk';

type AnyCodec = Codec<any>;

export interface FnSpec {
  readonly method: string;
  readonly args: readonly AnyCodec[];
  readonly ret: AnyCodec;
  readonly kind?: 'command' | 'query';
  readonly payable?: boolean;
}

export interface ActorSpec {
  readonly name: string;
  readonly interfaceId: string;
  readonly ctors?: readonly { readonly method: string | undefined; readonly args: readonly AnyCodec[] }[];
  readonly fns: readonly FnSpec[];
  readonly events?: readonly { readonly name: string; readonly fields: AnyCodec }[];
}

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// Shaped like the generator's output (compiler-plugin/src/emit/generated.ts): one shared writer,
// the 16-byte header precomputed per entry, header checks by byte compare, constant error paths.
const W = new ScaleWriter(256);

function headerBytes(iface: Uint8Array, entryId: number, route: number): Uint8Array {
  const w = new ScaleWriter(16);
  writeHeader(w, iface, entryId, route);
  return w.finish();
}

function encodeWith(header: Uint8Array, codecs: readonly AnyCodec[], args: readonly unknown[], paths: readonly string[]): Uint8Array {
  const w = W;
  w.reset();
  w.raw(header);
  for (let i = 0; i < codecs.length; i++) (codecs[i] as AnyCodec).encodeTo(w, args[i], paths[i] as string);
  return w.finish();
}

function encodeOne(header: Uint8Array, c: AnyCodec, value: unknown, path: string): Uint8Array {
  const w = W;
  w.reset();
  w.raw(header);
  c.encodeTo(w, value, path);
  return w.finish();
}

function decodeArgs(codecs: readonly AnyCodec[], r: ScaleReader, paths: readonly string[], path: string): unknown[] {
  const out = new Array<unknown>(codecs.length);
  for (let i = 0; i < codecs.length; i++) out[i] = (codecs[i] as AnyCodec).decodeFrom(r, paths[i] as string);
  r.end(path);
  return out;
}

/** Checks the 16-byte Sails header against the expected one (fast path: byte compare; else readHeader's error). */
function checkHeader(r: ScaleReader, h: Uint8Array, what: string): void {
  const b = r.input;
  const p = r.offset;
  if (b.length - p >= 16) {
    let i = 0;
    while (i < 16 && b[p + i] === h[i]) i++;
    if (i === 16) {
      r.offset = p + 16;
      return;
    }
  }
  const got = readHeader(r);
  throw new ScaleError('SCALE_BAD_TAG', `${what}.header`, `expected entry ${(h[12] as number) | ((h[13] as number) << 8)}, got ${got.interfaceId} entry ${got.entryId}`);
}

/** Builds and registers the generated definition of one single-service actor. */
export function defineActor(spec: ActorSpec): GeneratedActor {
  const iface = interfaceIdBytes(spec.interfaceId);
  const zero = interfaceIdBytes(CONSTRUCTOR_INTERFACE_ID);
  const sorted = [...spec.fns].sort((a, b) => (a.method.toLowerCase() < b.method.toLowerCase() ? -1 : 1));
  const functions: GeneratedFunction[] = sorted.map((f, entryId) => {
    const name = pascal(f.method);
    const path = `${spec.name}.${name}`;
    const header = headerBytes(iface, entryId, 1);
    const paths = f.args.map((_c, i) => `${path}.${i}`);
    const replyPath = `${path}.reply`;
    return {
      name,
      method: f.method,
      entryId,
      kind: f.kind ?? 'command',
      payable: f.payable ?? false,
      arity: f.args.length,
      encodeCall: (args) => encodeWith(header, f.args, args, paths),
      decodeArgs: (r) => decodeArgs(f.args, r, paths, path),
      // Like the generator: a unit result replies with an empty payload; a header-only reply is accepted too.
      encodeReply: f.ret.idl === '()' ? () => EMPTY_REPLY : (value) => encodeOne(header, f.ret, value, replyPath),
      decodeReply: (payload) => {
        if (f.ret.idl === '()' && payload.length === 0) return undefined;
        const r = new ScaleReader(payload);
        checkHeader(r, header, path);
        const v = f.ret.decodeFrom(r, replyPath);
        r.end(replyPath);
        return v;
      },
      argsToJson: (args) => f.args.map((c, i) => c.toJson(args[i])),
      argsFromJson: (json) => f.args.map((c, i) => c.fromJson((json as unknown[])[i], `${path}.${i}`)),
      replyToJson: (value) => f.ret.toJson(value),
    };
  });
  const events: GeneratedEvent[] = (spec.events ?? []).map((e, entryId) => {
    const header = headerBytes(iface, entryId, 1);
    const path = `${spec.name}.${e.name}`;
    return {
      name: e.name,
      entryId,
      encode: (payload) => encodeOne(header, e.fields, payload, path),
      decodeFields: (r) => e.fields.decodeFrom(r, path),
      toJson: (payload) => e.fields.toJson(payload),
    };
  });
  const ctorSpecs = spec.ctors ?? [{ method: undefined, args: [] }];
  const constructors: GeneratedConstructor[] = ctorSpecs.map((c, entryId) => {
    const header = headerBytes(zero, entryId, 0);
    const paths = c.args.map((_codec, i) => `${spec.name}.ctor.${i}`);
    return {
    name: c.method === undefined ? 'Default' : pascal(c.method),
    method: c.method,
    entryId,
    encodeCall: (args) => encodeWith(header, c.args, args, paths),
    decodeArgs: (r) => decodeArgs(c.args, r, paths, `${spec.name}.ctor`),
    argsToJson: (args) => c.args.map((codec, i) => codec.toJson(args[i])),
    argsFromJson: (json) => c.args.map((codec, i) => codec.fromJson((json as unknown[])[i], `${spec.name}.ctor.${i}`)),
    };
  });
  return registerGenerated({
    name: spec.name,
    source: `runtime/src/__fixtures__/${spec.name}.ts`,
    idl: `// hand-written fixture of ${spec.name}\nservice ${spec.name}@${spec.interfaceId} {}`,
    constructors,
    services: [{ name: spec.name, route: 1, interfaceId: spec.interfaceId, functions, events }],
  });
}

/** Codecs the fixtures use (the sdk keeps combinators under `codec`). */
export const { u32: u32Codec, u128: u128Codec, actorId, bool, codeId, str, unit, vec, option } = codec;
