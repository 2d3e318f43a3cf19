// TypeBox schemas of the JSON form (DESIGN.md section 3), one module-level constant per distinct type,
// emitted dependencies first. A recursive reference becomes `Type.Unknown()` (the codec still checks it).
import { type FieldDef, isByteSeq, type PrimitiveName, type TypeRef } from '@sprocket/sdk';
import type { CodecGen } from './codec-gen.js';
import { propKey, q } from './names.js';

const DEC_U = '^(0|[1-9][0-9]*)$';
const DEC_I = '^-?(0|[1-9][0-9]*)$';
const DEC_NZ = '^[1-9][0-9]*$';
const SAFE = Number.MAX_SAFE_INTEGER;

const PRIMITIVE_SCHEMA: Record<PrimitiveName, string> = {
  bool: 'Type.Boolean()',
  u8: 'Type.Integer({ minimum: 0, maximum: 255 })',
  u16: 'Type.Integer({ minimum: 0, maximum: 65535 })',
  u32: 'Type.Integer({ minimum: 0, maximum: 4294967295 })',
  i8: 'Type.Integer({ minimum: -128, maximum: 127 })',
  i16: 'Type.Integer({ minimum: -32768, maximum: 32767 })',
  i32: 'Type.Integer({ minimum: -2147483648, maximum: 2147483647 })',
  u64: `Type.Union([Type.Integer({ minimum: 0, maximum: ${SAFE} }), Type.String({ pattern: ${q(DEC_U)} })])`,
  u128: `Type.Union([Type.Integer({ minimum: 0, maximum: ${SAFE} }), Type.String({ pattern: ${q(DEC_U)} })])`,
  u256: `Type.Union([Type.Integer({ minimum: 0, maximum: ${SAFE} }), Type.String({ pattern: ${q(DEC_U)} })])`,
  i64: `Type.Union([Type.Integer({ minimum: ${-SAFE}, maximum: ${SAFE} }), Type.String({ pattern: ${q(DEC_I)} })])`,
  i128: `Type.Union([Type.Integer({ minimum: ${-SAFE}, maximum: ${SAFE} }), Type.String({ pattern: ${q(DEC_I)} })])`,
  String: 'Type.String()',
  ActorId: `Type.String({ pattern: '^0x[0-9a-fA-F]{64}$' })`,
  CodeId: `Type.String({ pattern: '^0x[0-9a-fA-F]{64}$' })`,
  MessageId: `Type.String({ pattern: '^0x[0-9a-fA-F]{64}$' })`,
  H256: `Type.String({ pattern: '^0x[0-9a-fA-F]{64}$' })`,
  H160: `Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' })`,
  char: 'Type.String({ minLength: 1, maxLength: 2 })',
  NonZeroU8: 'Type.Integer({ minimum: 1, maximum: 255 })',
  NonZeroU16: 'Type.Integer({ minimum: 1, maximum: 65535 })',
  NonZeroU32: 'Type.Integer({ minimum: 1, maximum: 4294967295 })',
  NonZeroU64: `Type.Union([Type.Integer({ minimum: 1, maximum: ${SAFE} }), Type.String({ pattern: ${q(DEC_NZ)} })])`,
  NonZeroU128: `Type.Union([Type.Integer({ minimum: 1, maximum: ${SAFE} }), Type.String({ pattern: ${q(DEC_NZ)} })])`,
  NonZeroU256: `Type.Union([Type.Integer({ minimum: 1, maximum: ${SAFE} }), Type.String({ pattern: ${q(DEC_NZ)} })])`,
};

const CLOSED = '{ additionalProperties: false }';

/** Generates schema constants (`$sN`) on demand. */
export class SchemaGen {
  /** `const $sN = ...;` lines, dependencies first. */
  readonly lines: string[] = [];
  private readonly names = new Map<string, string>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly codecs: CodecGen) {}

  /** The name of the schema constant of `ref`. */
  of(ref: TypeRef): string {
    const key = JSON.stringify(ref);
    const known = this.names.get(key);
    if (known !== undefined) return known;
    if (this.inProgress.has(key)) return 'Type.Unknown()';
    this.inProgress.add(key);
    const expr = this.build(ref);
    this.inProgress.delete(key);
    const name = `$s${this.names.size}`;
    this.names.set(key, name);
    this.lines.push(`const ${name} = ${expr};`);
    return name;
  }

  /** Schema of an argument list (a JSON array). */
  tuple(items: readonly TypeRef[]): string {
    return `Type.Tuple([${items.map((t) => this.of(t)).join(', ')}])`;
  }

  private fields(fs: readonly FieldDef[]): string {
    if (fs.length === 0) return 'Type.Null()';
    if (fs.every((f) => f.name !== undefined)) {
      return `Type.Object({ ${fs.map((f) => `${propKey(f.name as string)}: ${this.of(f.type)}`).join(', ')} }, ${CLOSED})`;
    }
    if (fs.length === 1) return this.of((fs[0] as FieldDef).type);
    return this.tuple(fs.map((f) => f.type));
  }

  private build(ref: TypeRef): string {
    switch (ref.kind) {
      case 'primitive':
        return PRIMITIVE_SCHEMA[ref.name];
      case 'vec':
        if (isByteSeq(ref)) return `Type.String({ pattern: '^0x([0-9a-fA-F]{2})*$' })`;
        return `Type.Array(${this.of(ref.item)})`;
      case 'array':
        if (isByteSeq(ref)) return `Type.String({ pattern: '^0x[0-9a-fA-F]{${2 * ref.length}}$' })`;
        return `Type.Array(${this.of(ref.item)}, { minItems: ${ref.length}, maxItems: ${ref.length} })`;
      case 'tuple':
        return ref.items.length === 0 ? 'Type.Null()' : this.tuple(ref.items);
      case 'option':
        // Option<Option<T>> and Option<()>: Some is boxed as { some } so that Some(None) or Some(()) and None differ.
        return ref.some.kind === 'option' || (ref.some.kind === 'tuple' && ref.some.items.length === 0)
          ? `Type.Union([Type.Null(), Type.Object({ some: ${this.of(ref.some)} }, ${CLOSED})])`
          : `Type.Union([Type.Null(), ${this.of(ref.some)}])`;
      case 'result':
        return `Type.Union([Type.Object({ ok: ${this.of(ref.ok)} }, ${CLOSED}), Type.Object({ err: ${this.of(ref.err)} }, ${CLOSED})])`;
      case 'map':
        return `Type.Array(Type.Tuple([${this.of(ref.key)}, ${this.of(ref.value)}]))`;
      case 'compact':
        return this.of(ref.inner);
      case 'param':
        return 'Type.Unknown()';
      case 'named': {
        const def = this.codecs.resolve(ref);
        if (def.kind === 'struct') {
          if (def.fields.length === 0) return `Type.Object({}, ${CLOSED})`;
          if (def.fields.some((f) => f.name === undefined)) return this.tuple(def.fields.map((f) => f.type));
          return this.fields(def.fields);
        }
        const alts = def.variants.map((v) =>
          v.fields.length === 0 ? `Type.Literal(${q(v.name)})` : `Type.Object({ ${propKey(v.name)}: ${this.fields(v.fields)} }, ${CLOSED})`,
        );
        return `Type.Union([${alts.join(', ')}])`;
      }
    }
  }
}
