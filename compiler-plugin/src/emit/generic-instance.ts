// Named type instantiations: a generic definition with its type arguments substituted. Arguments are bounded in size,
// since generic types that nest their own arguments at each level grow exponentially.
import type { FieldDef, TypeDef, TypeRef } from '@sprocket/sdk';
import { CompilerError } from '../errors.js';
import { boundedTypeSize, substituteParams } from '../idl/type-hash.js';

/** Largest type argument (in type nodes) a generic instantiation may take. */
const MAX_ARGUMENT_NODES = 4096;

/** The definition `ref` names, with its type parameters replaced by `ref`'s arguments; EMIT_UNKNOWN_TYPE / EMIT_TOO_LARGE otherwise. */
export function instantiate(types: ReadonlyMap<string, TypeDef>, ref: Extract<TypeRef, { kind: 'named' }>): TypeDef {
  const def = types.get(ref.name);
  if (def === undefined) throw new CompilerError('EMIT_UNKNOWN_TYPE', `unknown type ${ref.name}`);
  const params = def.params ?? [];
  const args = ref.args ?? [];
  if (params.length !== args.length)
    throw new CompilerError('EMIT_UNKNOWN_TYPE', `${ref.name} takes ${params.length} type arguments, got ${args.length}`);
  if (params.length === 0) return def;
  // Generic types that nest their own arguments at each level (`G<(T, T)>`) grow exponentially: refuse them.
  if (args.some((a) => boundedTypeSize(a, MAX_ARGUMENT_NODES) > MAX_ARGUMENT_NODES))
    throw new CompilerError(
      'EMIT_TOO_LARGE',
      `${ref.name}<…> is instantiated with type arguments of more than ${MAX_ARGUMENT_NODES} nodes`,
    );
  const env = new Map(params.map((p, i) => [p, args[i] as TypeRef]));
  const fields = (fs: readonly FieldDef[]): FieldDef[] => fs.map((f) => ({ ...f, type: substituteParams(f.type, env) }));
  if (def.kind === 'struct') return { kind: 'struct', name: def.name, fields: fields(def.fields) };
  return { kind: 'enum', name: def.name, variants: def.variants.map((v) => ({ name: v.name, fields: fields(v.fields) })) };
}
