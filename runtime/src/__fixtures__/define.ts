// Test-only stand-in for the generator: builds a GeneratedActor from codecs,
// the way a `*.gen.ts` file does. Replaced by generated code later.
import {
  type Codec,
  codec,
  CONSTRUCTOR_INTERFACE_ID,
  type GeneratedActor,
  type GeneratedConstructor,
  type GeneratedEvent,
  type GeneratedFunction,
  interfaceIdBytes,
  readHeader,
  registerGenerated,
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

let shared: ScaleWriter | undefined = new ScaleWriter(256);

function encodeArgs(iface: Uint8Array, entryId: number, route: number, codecs: readonly AnyCodec[], args: readonly unknown[], path: string): Uint8Array {
  const w = shared ?? new ScaleWriter(256);
  shared = undefined;
  try {
    w.length = 0;
    writeHeader(w, iface, entryId, route);
    for (let i = 0; i < codecs.length; i++) (codecs[i] as AnyCodec).encodeTo(w, args[i], path);
    return w.finish();
  } finally {
    shared = w;
  }
}

function decodeArgs(codecs: readonly AnyCodec[], r: ScaleReader, path: string): unknown[] {
  const out = codecs.map((c, i) => c.decodeFrom(r, `${path}.${i}`));
  r.end(path);
  return out;
}

/** Builds and registers the generated definition of one single-service actor. */
export function defineActor(spec: ActorSpec): GeneratedActor {
  const iface = interfaceIdBytes(spec.interfaceId);
  const zero = interfaceIdBytes(CONSTRUCTOR_INTERFACE_ID);
  const sorted = [...spec.fns].sort((a, b) => (a.method.toLowerCase() < b.method.toLowerCase() ? -1 : 1));
  const functions: GeneratedFunction[] = sorted.map((f, entryId) => {
    const name = pascal(f.method);
    const path = `${spec.name}.${name}`;
    return {
      name,
      method: f.method,
      entryId,
      kind: f.kind ?? 'command',
      payable: f.payable ?? false,
      encodeCall: (args) => encodeArgs(iface, entryId, 1, f.args, args, path),
      decodeArgs: (r) => decodeArgs(f.args, r, path),
      encodeReply: (value) => encodeArgs(iface, entryId, 1, [f.ret], [value], `${path}.reply`),
      decodeReply: (payload) => {
        const r = new ScaleReader(payload);
        readHeader(r);
        const v = f.ret.decodeFrom(r, `${path}.reply`);
        r.end(`${path}.reply`);
        return v;
      },
      argsToJson: (args) => f.args.map((c, i) => c.toJson(args[i])),
      argsFromJson: (json) => f.args.map((c, i) => c.fromJson((json as unknown[])[i], `${path}.${i}`)),
      replyToJson: (value) => f.ret.toJson(value),
    };
  });
  const events: GeneratedEvent[] = (spec.events ?? []).map((e, entryId) => ({
    name: e.name,
    entryId,
    encode: (payload) => encodeArgs(iface, entryId, 1, [e.fields], [payload], `${spec.name}.${e.name}`),
    decodeFields: (r) => e.fields.decodeFrom(r, `${spec.name}.${e.name}`),
    toJson: (payload) => e.fields.toJson(payload),
  }));
  const ctorSpecs = spec.ctors ?? [{ method: undefined, args: [] }];
  const constructors: GeneratedConstructor[] = ctorSpecs.map((c, entryId) => ({
    name: c.method === undefined ? 'Default' : pascal(c.method),
    method: c.method,
    entryId,
    encodeCall: (args) => encodeArgs(zero, entryId, 0, c.args, args, `${spec.name}.ctor`),
    decodeArgs: (r) => decodeArgs(c.args, r, `${spec.name}.ctor`),
    argsToJson: (args) => c.args.map((codec, i) => codec.toJson(args[i])),
    argsFromJson: (json) => c.args.map((codec, i) => codec.fromJson((json as unknown[])[i], `${spec.name}.ctor.${i}`)),
  }));
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
