// TypeScript rendering of IR types: the type of a TypeRef, the declarations of named types, event payload types
// and parameter lists. Every sdk type a rendering names is recorded as a type import.
import { type FieldDef, isByteSeq, type TypeDef, type TypeRef, variantFieldProp } from '@sprocket/sdk';
import type { EventDef, FunctionDef, ParamDef } from '../manifest/types.js';
import type { TypeImporter } from './emit-context.js';
import { docBlock, propKey, q, safeVar } from './names.js';

const PRIMITIVE_TS: Record<string, string> = {
  bool: 'boolean',
  String: 'string',
  char: 'string',
};

/** The TypeScript type of a TypeRef. */
export function tsType(cx: TypeImporter, ref: TypeRef): string {
  const ts = (r: TypeRef): string => tsType(cx, r);
  switch (ref.kind) {
    case 'primitive':
      return PRIMITIVE_TS[ref.name] ?? cx.t(ref.name);
    case 'vec':
      return isByteSeq(ref) ? 'Uint8Array' : `Array<${ts(ref.item)}>`;
    case 'array':
      return isByteSeq(ref) ? 'Uint8Array' : `Array<${ts(ref.item)}>`;
    case 'tuple':
      return ref.items.length === 0 ? 'undefined' : `[${ref.items.map((i) => ts(i)).join(', ')}]`;
    case 'option':
      // Option<Option<T>>: Some is boxed as { some } so that Some(None) and None differ. Option<P> of a type
      // parameter is boxed where P is bound to an Option, whose type (and only that) takes null.
      if (ref.some.kind === 'param') return `(null extends ${ref.some.name} ? { some: ${ref.some.name} } | null : ${ref.some.name} | null)`;
      return ref.some.kind === 'option' ? `{ some: ${ts(ref.some)} } | null` : `${ts(ref.some)} | null`;
    case 'result':
      return `${cx.t('Result')}<${ts(ref.ok)}, ${ts(ref.err)}>`;
    case 'map':
      return `Map<${ts(ref.key)}, ${ts(ref.value)}>`;
    case 'compact':
      return ts(ref.inner);
    case 'named':
      return ref.args === undefined || ref.args.length === 0 ? ref.name : `${ref.name}<${ref.args.map((a) => ts(a)).join(', ')}>`;
    case 'param':
      return ref.name;
  }
}

/** The TS type of a function's reply value (for `-> T throws E`, T: the error rejects the call). */
export function replyRef(fn: FunctionDef): TypeRef {
  return fn.returns;
}

/** The TS return type of a reply: `void` for the unit `()`. */
export function returnTs(cx: TypeImporter, ref: TypeRef): string {
  return ref.kind === 'tuple' && ref.items.length === 0 ? 'void' : tsType(cx, ref);
}

/** A typed parameter list `a: A, b: B` (names made safe as variables). */
export function paramList(cx: TypeImporter, params: readonly ParamDef[]): string {
  const vars = paramVars(params).vars;
  return params.map((p, i) => `${vars[i]}: ${tsType(cx, p.type)}`).join(', ');
}

/**
 * The variable names of a function's parameters (safeVar, then `_` appended until they differ: `class` and `class_`)
 * and of the client method's trailing options parameter (`options`, or `options_` next to a parameter `options`).
 */
export function paramVars(params: readonly ParamDef[]): { vars: string[]; options: string } {
  const used = new Set<string>();
  const fresh = (name: string): string => {
    let v = name;
    while (used.has(v)) v += '_';
    used.add(v);
    return v;
  };
  const vars = params.map((p) => fresh(safeVar(p.name)));
  return { vars, options: fresh('options') };
}

/** The exported declaration of a named type (interface, tuple, string union or tagged union), with its docs. */
export function typeDecl(cx: TypeImporter, def: TypeDef): string[] {
  const out: string[] = [...docBlock(def.docs, '')];
  const params = def.params !== undefined && def.params.length > 0 ? `<${def.params.join(', ')}>` : '';
  if (def.kind === 'struct') {
    if (def.fields.length === 0) {
      out.push(`export type ${def.name}${params} = Record<string, never>;`);
    } else if (def.fields.every((f) => f.name !== undefined)) {
      out.push(`export interface ${def.name}${params} {`);
      for (const f of def.fields) {
        out.push(...docBlock(f.docs, '  '));
        out.push(`  ${propKey(f.name as string)}: ${tsType(cx, f.type)};`);
      }
      out.push('}');
    } else {
      out.push(`export type ${def.name}${params} = [${def.fields.map((f) => tsType(cx, f.type)).join(', ')}];`);
    }
    return out;
  }
  if (def.variants.every((v) => v.fields.length === 0)) {
    out.push(`export type ${def.name}${params} = ${def.variants.map((v) => q(v.name)).join(' | ') || 'never'};`);
    return out;
  }
  out.push(`export type ${def.name}${params} =`);
  def.variants.forEach((v, i) => {
    const end = i === def.variants.length - 1 ? ';' : '';
    out.push(`  | ${variantTs(cx, v.name, v.fields)}${end}`);
  });
  return out;
}

/** One member of a tagged union: `{ kind: 'Name'; … }`. */
function variantTs(cx: TypeImporter, name: string, fields: readonly FieldDef[]): string {
  if (fields.length === 0) return `{ kind: ${q(name)} }`;
  if (fields.every((f) => f.name !== undefined)) {
    const names = fields.map((f) => f.name as string);
    return `{ kind: ${q(name)}; ${names.map((n, i) => `${propKey(variantFieldProp(n, names))}: ${tsType(cx, (fields[i] as FieldDef).type)}`).join('; ')} }`;
  }
  if (fields.length === 1) return `{ kind: ${q(name)}; value: ${tsType(cx, (fields[0] as FieldDef).type)} }`;
  return `{ kind: ${q(name)}; value: [${fields.map((f) => tsType(cx, f.type)).join(', ')}] }`;
}

/** The TS type of an event payload. */
export function eventTs(cx: TypeImporter, e: EventDef): string {
  const fs = e.fields;
  if (fs.length === 0) return 'void';
  if (fs.every((f) => f.name !== undefined))
    return `{ ${fs.map((f) => `${propKey(f.name as string)}: ${tsType(cx, f.type)}`).join('; ')} }`;
  if (fs.length === 1) return tsType(cx, (fs[0] as FieldDef).type);
  return `[${fs.map((f) => tsType(cx, f.type)).join(', ')}]`;
}
