// Unions of the type mapper: `T | null` options, boolean literals, string-literal enums and tagged unions.
import type { TypeRef, VariantDef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import type { Env, MapContext } from './map-context.js';
import { short, UNION_FIX } from './map-diagnostics.js';
import { isWireIdentifier, pascalCase } from './names.js';
import { ObjectTypeMapper } from './object-types.js';
import { propertyNameText, unwrapParens } from './resolve.js';
import { flattenUnion, nodeId, tagOf } from './type-nodes.js';
import type { Body } from './type-registry.js';
import { BOOL } from './wire-primitives.js';

/** Maps union type nodes to options, bools and enums. */
export abstract class UnionTypeMapper extends ObjectTypeMapper {
  // ---- unions -------------------------------------------------------------------------------------------------

  protected union(
    n: ts.UnionTypeNode,
    ctx: MapContext,
    alias: { decl: ts.TypeAliasDeclaration; args: TypeRef[]; at: ts.Node; outer: MapContext } | undefined,
  ): TypeRef | undefined {
    const members = flattenUnion(n);
    let hasNull = false;
    const rest: ts.TypeNode[] = [];
    let failed = false;
    for (const m of members) {
      if (ts.isLiteralTypeNode(m) && m.literal.kind === ts.SyntaxKind.NullKeyword) hasNull = true;
      else if (m.kind === ts.SyntaxKind.UndefinedKeyword || m.kind === ts.SyntaxKind.VoidKeyword) {
        this.fail('SPK1009', m, ctx, `\`${short(n)}\`: undefined has no wire form`, 'use `T | null` (Option<T>)');
        failed = true;
      } else rest.push(m);
    }
    if (rest.length === 0) {
      if (!failed) this.fail('SPK1019', n, ctx, `\`${short(n)}\` has no wire form`, 'use `T | null` (Option<T>)');
      return undefined;
    }
    let inner: TypeRef | undefined;
    const first = rest[0];
    if (rest.length === 1 && first !== undefined) {
      inner = this.map(first, alias === undefined ? ctx : { ...ctx, hint: alias.decl.name.text });
    } else {
      const kind = this.classify(rest, ctx.env);
      if (kind === 'bool') inner = BOOL;
      else if (kind === 'none') {
        return this.fail('SPK1015', n, ctx, `the union \`${short(n)}\` cannot be mapped to a wire type`, UNION_FIX);
      } else {
        const build = (inner: MapContext): Body => ({
          kind: 'enum',
          variants: kind === 'strings' ? this.unitVariants(rest, inner) : this.taggedVariants(rest, n, inner),
        });
        if (alias !== undefined) {
          const slot = this.namedSlot(alias.decl, alias.at, alias.outer, build);
          inner = slot === undefined ? undefined : this.genericRef(slot, alias.decl, alias.args, alias.at, alias.outer);
        } else {
          const key = `n${nodeId(n)}|${this.envKey(ctx)}`;
          let slot = this.byKey.get(key);
          if (slot === undefined) {
            slot = this.newSlot(key, undefined, ctx.hint, n, ctx.params);
            slot.body = build(ctx);
            slot.inProgress = false;
          }
          inner = this.ref(
            slot,
            ctx.params.map((name) => ({ kind: 'param', name })),
          );
        }
      }
    }
    if (inner === undefined || failed) return undefined;
    if (!hasNull) return inner;
    if (inner.kind === 'option' || nestedNull(n)) {
      // `Maybe<Maybe<u8>>`, `T | null` with T bound to `u8 | null`, `(u8 | null) | null`: one `| null` in TypeScript.
      return this.fail(
        'SPK1036',
        alias?.at ?? n,
        alias?.outer ?? ctx,
        `\`${short(n)}\`${alias === undefined ? '' : ` (in ${alias.decl.name.text})`} adds null to a type that already includes null: ` +
          'TypeScript collapses the two `| null` into one, so it cannot say Option<Option<…>>',
        'drop one `| null` for a single Option; to keep both levels, wrap the inner option in an object: `{ some: T | null } | null` (an Option of a struct)',
      );
    }
    if (inner.kind === 'param' && rest.length === 1 && !this.nullWrapped.has(inner)) {
      // A generic body's `T | null`: a type argument that includes null would collapse with it (see genericRef).
      this.nullWrapped.set(inner, { where: ctx.where, text: short(n) });
    }
    return { kind: 'option', some: inner };
  }

  protected classify(members: readonly ts.TypeNode[], env: Env): 'bool' | 'strings' | 'tagged' | 'none' {
    if (
      members.every(
        (m) => ts.isLiteralTypeNode(m) && (m.literal.kind === ts.SyntaxKind.TrueKeyword || m.literal.kind === ts.SyntaxKind.FalseKeyword),
      )
    ) {
      return 'bool';
    }
    if (members.every((m) => ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal))) return 'strings';
    const tags = new Set<string>();
    for (const m of members) {
      const shape = this.shapeOf(m, env, false);
      const tag = shape === undefined ? undefined : tagOf(shape);
      if (tag === undefined || tags.has(tag)) return 'none';
      tags.add(tag);
    }
    return 'tagged';
  }

  protected unitVariants(members: readonly ts.TypeNode[], ctx: MapContext): VariantDef[] {
    const out: VariantDef[] = [];
    const seen = new Set<string>();
    for (const m of members) {
      const name = ((m as ts.LiteralTypeNode).literal as ts.StringLiteral).text;
      if (seen.has(name)) continue;
      seen.add(name);
      if (!isWireIdentifier(name)) {
        this.fail('SPK1024', m, ctx, `enum variant '${name}' is not an identifier`, 'use ASCII identifiers as string-literal values');
        continue;
      }
      out.push({ name, fields: [] });
    }
    return out;
  }

  protected taggedVariants(members: readonly ts.TypeNode[], union: ts.Node, ctx: MapContext): VariantDef[] {
    const out: VariantDef[] = [];
    for (const m of members) {
      const shape = this.shapeOf(m, ctx.env, true) ?? [];
      const tag = tagOf(shape) ?? '?';
      const vctx: MapContext = { ...ctx, where: `${ctx.where}.${tag}`, hint: `${ctx.hint}${pascalCase(tag)}` };
      if (!isWireIdentifier(tag)) {
        this.fail('SPK1024', m, vctx, `enum variant kind '${tag}' is not an identifier`, 'use ASCII identifiers as `kind` values');
        continue;
      }
      const rest = shape.filter((s) => propertyNameText(s.member.name) !== 'kind');
      const only = rest[0];
      if (
        rest.length === 1 &&
        only !== undefined &&
        ts.isPropertySignature(only.member) &&
        propertyNameText(only.member.name) === 'value' &&
        only.member.questionToken === undefined &&
        only.member.type !== undefined
      ) {
        const type = this.map(only.member.type, { ...vctx, env: only.env, where: `${vctx.where}.value` });
        // `value: [A, B]` (a tuple written out, two items or more) is a variant with unnamed fields, Rust's `Five(A, B)`:
        // the shape `sprocket client` writes for it (the same bytes as one tuple field, another interface id).
        const spread =
          type?.kind === 'tuple' && type.items.length >= 2 && ts.isTupleTypeNode(unwrapParens(only.member.type)) ? type.items : undefined;
        out.push({ name: tag, fields: type === undefined ? [] : spread !== undefined ? spread.map((t) => ({ type: t })) : [{ type }] });
      } else {
        out.push({ name: tag, fields: this.fields(rest, vctx) });
      }
    }
    if (
      out.length > 0 &&
      out.every((v) => v.fields.length === 0) &&
      members.every((m) => (this.shapeOf(m, ctx.env, false) ?? []).length === 1)
    ) {
      this.fail(
        'SPK1026',
        union,
        ctx,
        'a tagged union whose variants carry no data has the same wire form as a string-literal union but a different TypeScript value',
        `write it as a union of string literals: ${out.map((v) => `'${v.name}'`).join(' | ')}`,
      );
    }
    return out;
  }
}

/** Whether a union has a null of its own and also a parenthesized union member that includes null (`(u8 | null) | null`). */
function nestedNull(n: ts.UnionTypeNode): boolean {
  const isNull = (t: ts.TypeNode): boolean => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
  const own = n.types.some((t) => isNull(unwrapParens(t)));
  const nested = n.types.some((t) => {
    const u = unwrapParens(t);
    return ts.isUnionTypeNode(u) && flattenUnion(u).some(isNull);
  });
  return own && nested;
}
