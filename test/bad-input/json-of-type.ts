// biome-ignore-all lint/suspicious/noExplicitAny: values of arbitrary IDL types.
/** fast-check arbitraries of the JSON form of a value of any TypeRef (DESIGN.md section 3), for fuzzing generated codecs. */
import fc from 'fast-check';
import type { TypeDef, TypeRef } from '../../sdk/src/index.js';

const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
const big = (min: bigint, max: bigint) => fc.bigInt({ min, max }).map(String);

const PRIMS: Record<string, fc.Arbitrary<unknown>> = {
  bool: fc.boolean(),
  u8: fc.integer({ min: 0, max: 0xff }),
  u16: fc.integer({ min: 0, max: 0xffff }),
  u32: fc.integer({ min: 0, max: 0xffffffff }),
  i8: fc.integer({ min: -0x80, max: 0x7f }),
  i16: fc.integer({ min: -0x8000, max: 0x7fff }),
  i32: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  u64: big(0n, (1n << 64n) - 1n),
  u128: big(0n, (1n << 128n) - 1n),
  u256: big(0n, (1n << 256n) - 1n),
  i64: big(-(1n << 63n), (1n << 63n) - 1n),
  i128: big(-(1n << 127n), (1n << 127n) - 1n),
  String: fc.string({ maxLength: 12, unit: 'grapheme' }),
  ActorId: hex(32),
  CodeId: hex(32),
  MessageId: hex(32),
  H256: hex(32),
  H160: hex(20),
  char: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' }),
  NonZeroU8: fc.integer({ min: 1, max: 0xff }),
  NonZeroU16: fc.integer({ min: 1, max: 0xffff }),
  NonZeroU32: fc.integer({ min: 1, max: 0xffffffff }),
  NonZeroU64: big(1n, (1n << 64n) - 1n),
  NonZeroU128: big(1n, (1n << 128n) - 1n),
  NonZeroU256: big(1n, (1n << 256n) - 1n),
};

/** An arbitrary JSON value of `ref` in `types` (generic params bound by `env`); `depth` bounds recursive types. */
export function jsonOf(
  ref: TypeRef,
  types: ReadonlyMap<string, TypeDef>,
  env: ReadonlyMap<string, TypeRef> = new Map(),
  depth = 4,
): fc.Arbitrary<unknown> {
  const sub = (t: TypeRef) => jsonOf(t, types, env, depth - 1);
  switch (ref.kind) {
    case 'primitive':
      return PRIMS[ref.name] ?? fc.constant(null);
    case 'vec':
      if (ref.item.kind === 'primitive' && ref.item.name === 'u8')
        return fc.uint8Array({ maxLength: 8 }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
      return depth <= 0 ? fc.constant([]) : fc.array(sub(ref.item), { maxLength: 3 });
    case 'array':
      if (ref.item.kind === 'primitive' && ref.item.name === 'u8') return hex(ref.length);
      return fc.array(sub(ref.item), { minLength: ref.length, maxLength: ref.length });
    case 'tuple':
      return ref.items.length === 0 ? fc.constant(null) : fc.tuple(...ref.items.map(sub));
    case 'option':
      return depth <= 0 ? fc.constant(null) : fc.option(sub(ref.some), { nil: null });
    case 'result':
      return fc.oneof(
        sub(ref.ok).map((ok) => ({ ok })),
        sub(ref.err).map((err) => ({ err })),
      );
    case 'map':
      return depth <= 0
        ? fc.constant([])
        : fc.array(fc.tuple(sub(ref.key), sub(ref.value)), { maxLength: 3 }).map((pairs) => {
            const seen = new Set<string>();
            return pairs.filter(([k]) => {
              const key = JSON.stringify(k);
              if (seen.has(key)) return false;
              seen.add(key);
              return true;
            });
          });
    case 'compact':
      return sub(ref.inner);
    case 'param':
      return jsonOf(env.get(ref.name) ?? { kind: 'tuple', items: [] }, types, new Map(), depth);
    case 'named': {
      const def = types.get(ref.name);
      if (def === undefined) return fc.constant(null);
      const inner = new Map((def.params ?? []).map((p, i) => [p, ref.args?.[i] ?? ({ kind: 'tuple', items: [] } as TypeRef)] as const));
      // A tuple struct is an array even with one field; a variant with one unnamed field carries its value bare.
      const fields = (fs: readonly { name?: string; type: TypeRef }[], bareSingle: boolean): fc.Arbitrary<unknown> => {
        const arbs = fs.map((f) => jsonOf(f.type, types, inner, depth - 1));
        if (fs.every((f) => f.name !== undefined)) {
          return fc.tuple(...arbs).map((vs) => {
            const o: Record<string, unknown> = {};
            fs.forEach((f, i) => {
              Object.defineProperty(o, f.name as string, { value: vs[i], enumerable: true, writable: true, configurable: true });
            });
            return o;
          });
        }
        return fs.length === 1 && bareSingle ? (arbs[0] as fc.Arbitrary<unknown>) : fc.tuple(...arbs);
      };
      if (def.kind === 'struct') return fields(def.fields, false);
      const variants = depth <= 0 ? def.variants.filter((v) => v.fields.length === 0) : def.variants;
      const pool = variants.length > 0 ? variants : def.variants;
      return fc.oneof(
        ...pool.map((v) => (v.fields.length === 0 ? fc.constant(v.name as unknown) : fields(v.fields, true).map((p) => ({ [v.name]: p })))),
      );
    }
  }
}
