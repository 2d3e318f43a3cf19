// Object types of the type mapper: inline structs, interfaces (merged and extended), aliases and their fields.
import type { FieldDef, TypeRef, VariantDef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import type { Env, MapContext, ShapeMember } from './map-context.js';
import { short } from './map-diagnostics.js';
import { isWireIdentifier, pascalCase } from './names.js';
import { isLibFile, isSdkFileName, propertyNameText, resolveSymbol, typeDeclarationOf, unwrapParens } from './resolve.js';
import { nameOf, nodeId, rebind } from './type-nodes.js';
import { TypeRegistry } from './type-registry.js';
import { UNIT } from './wire-primitives.js';

/** Maps object types to structs; the union layer above it maps aliases of unions. */
export abstract class ObjectTypeMapper extends TypeRegistry {
  /** Maps a union type node (an Option, a bool, or an enum), named after `alias` when it is an alias's body. */
  protected abstract union(
    n: ts.UnionTypeNode,
    ctx: MapContext,
    alias: { decl: ts.TypeAliasDeclaration; args: TypeRef[]; at: ts.Node; outer: MapContext } | undefined,
  ): TypeRef | undefined;

  /** The data-less variants of string-literal members (`'A' | 'B'`). */
  protected abstract unitVariants(members: readonly ts.TypeNode[], ctx: MapContext): VariantDef[];

  protected inlineStruct(n: ts.TypeLiteralNode, ctx: MapContext): TypeRef | undefined {
    if (n.members.length === 0) {
      return this.fail('SPK1005', n, ctx, 'the empty object type `{}` has no wire form', 'declare an interface with the fields');
    }
    const key = `n${nodeId(n)}|${this.envKey(ctx)}`;
    let slot = this.byKey.get(key);
    if (slot === undefined) {
      slot = this.newSlot(key, undefined, ctx.hint, n, ctx.params);
      const fields = this.fields(
        n.members.map((member) => ({ member, env: ctx.env })),
        ctx,
      );
      slot.body = { kind: 'struct', fields };
      slot.inProgress = false;
    }
    return this.ref(
      slot,
      ctx.params.map((name) => ({ kind: 'param', name })),
    );
  }

  protected interfaceRef(decl: ts.InterfaceDeclaration, args: TypeRef[] | undefined, at: ts.Node, ctx: MapContext): TypeRef | undefined {
    const slot = this.namedSlot(decl, at, ctx, (inner) => {
      const members = this.interfaceMembers(decl, inner.env, true, inner);
      return { kind: 'struct', fields: this.fields(members, inner) };
    });
    if (slot === undefined || args === undefined) return undefined;
    return this.genericRef(slot, decl, args, at, ctx);
  }

  protected aliasRef(decl: ts.TypeAliasDeclaration, args: TypeRef[] | undefined, at: ts.Node, ctx: MapContext): TypeRef | undefined {
    const body = unwrapParens(decl.type);
    if (ts.isTypeLiteralNode(body) && body.members.length > 0) {
      const slot = this.namedSlot(decl, at, ctx, (inner) => ({
        kind: 'struct',
        fields: this.fields(
          body.members.map((member) => ({ member, env: inner.env })),
          inner,
        ),
      }));
      if (slot === undefined || args === undefined) return undefined;
      return this.genericRef(slot, decl, args, at, ctx);
    }
    if (ts.isTupleTypeNode(body) && body.elements.length > 0) {
      // `type Count = [u32]`: a named tuple is a tuple struct (Rust `struct Count(u32);`, IDL `struct Count(u32);`),
      // the shape `sprocket client` writes for one.
      const slot = this.namedSlot(decl, at, ctx, (inner) => {
        const tuple = this.map(body, inner);
        return { kind: 'struct', fields: tuple?.kind === 'tuple' ? tuple.items.map((type) => ({ type })) : [] };
      });
      if (slot === undefined || args === undefined) return undefined;
      return this.genericRef(slot, decl, args, at, ctx);
    }
    if (ts.isLiteralTypeNode(body) && ts.isStringLiteral(body.literal)) {
      // `type Only = 'Only'`: a named union of one string literal, a one-variant enum (Rust `enum Only { Only }`).
      const slot = this.namedSlot(decl, at, ctx, (inner) => ({ kind: 'enum', variants: this.unitVariants([body], inner) }));
      if (slot === undefined || args === undefined) return undefined;
      return this.genericRef(slot, decl, args, at, ctx);
    }
    if (args === undefined) {
      // Still walk the body once so that its own problems are reported.
      return undefined;
    }
    const params = decl.typeParameters ?? [];
    const env = new Map<ts.Node, TypeRef>(params.map((p, i) => [p, args[i] ?? UNIT] as const));
    const inner: MapContext = { ...ctx, env, where: `${ctx.where} (type ${decl.name.text})`, depth: ctx.depth + 1, hint: ctx.hint };
    if (ts.isUnionTypeNode(body)) return this.union(body, inner, { decl, args, at, outer: ctx });
    return this.map(body, { ...inner, hint: decl.name.text });
  }

  // ---- objects ------------------------------------------------------------------------------------------------

  /** The members of an object-typed node with the bindings they are read in, or undefined if it is not one. */
  protected shapeOf(node: ts.TypeNode, env: Env, reportErrors: boolean): ShapeMember[] | undefined {
    const n = unwrapParens(node);
    if (ts.isTypeLiteralNode(n)) return n.members.map((member) => ({ member, env }));
    if (!ts.isTypeReferenceNode(n)) return undefined;
    const symbol = resolveSymbol(this.checker, nameOf(n.typeName));
    const decl = symbol && typeDeclarationOf(symbol);
    if (decl === undefined || isSdkFileName(decl.getSourceFile().fileName) || isLibFile(this.program, decl.getSourceFile()))
      return undefined;
    if (!ts.isInterfaceDeclaration(decl) && !ts.isTypeAliasDeclaration(decl)) return undefined;
    const params = decl.typeParameters ?? [];
    const quiet: MapContext = { env, params: [], where: decl.name.text, origin: decl.name.text, hint: decl.name.text, depth: 0 };
    const args = (n.typeArguments ?? []).map((a) => (reportErrors ? this.map(a, quiet) : undefined) ?? UNIT);
    const bound = new Map<ts.Node, TypeRef>(params.map((p, i) => [p, args[i] ?? UNIT] as const));
    if (ts.isInterfaceDeclaration(decl)) return this.interfaceMembers(decl, bound, reportErrors, quiet);
    const body = unwrapParens(decl.type);
    if (ts.isTypeLiteralNode(body)) return body.members.map((member) => ({ member, env: bound }));
    return undefined;
  }

  /** The members of an interface (all its merged declarations), inherited members first. */
  protected interfaceMembers(
    decl: ts.InterfaceDeclaration,
    env: Env,
    reportErrors: boolean,
    ctx: MapContext,
    seen = new Set<ts.Node>(),
  ): ShapeMember[] {
    const symbol = this.checker.getSymbolAtLocation(decl.name);
    const decls = (symbol?.declarations ?? [decl]).filter(ts.isInterfaceDeclaration);
    const out: ShapeMember[] = [];
    for (const d of decls) {
      if (seen.has(d)) continue;
      seen.add(d);
      const denv = d === decl ? env : rebind(d, decl, env);
      for (const clause of d.heritageClauses ?? []) {
        for (const base of clause.types) {
          const baseSymbol = resolveSymbol(
            this.checker,
            ts.isPropertyAccessExpression(base.expression) ? base.expression.name : base.expression,
          );
          const baseDecl = baseSymbol && typeDeclarationOf(baseSymbol);
          if (baseDecl !== undefined && ts.isInterfaceDeclaration(baseDecl) && !isLibFile(this.program, baseDecl.getSourceFile())) {
            const baseParams = baseDecl.typeParameters ?? [];
            const args = (base.typeArguments ?? []).map((a) => (reportErrors ? this.map(a, { ...ctx, env: denv }) : undefined) ?? UNIT);
            const benv = new Map<ts.Node, TypeRef>(baseParams.map((p, i) => [p, args[i] ?? UNIT] as const));
            out.push(...this.interfaceMembers(baseDecl, benv, reportErrors, ctx, seen));
          } else if (reportErrors) {
            this.fail(
              'SPK1019',
              base,
              ctx,
              `\`extends ${base.getText()}\`: only interfaces can be extended in a wire type`,
              'extend an interface, or list the fields',
            );
          }
        }
      }
      for (const member of d.members) out.push({ member, env: denv });
    }
    return out;
  }

  protected fields(members: readonly ShapeMember[], ctx: MapContext): FieldDef[] {
    const out: FieldDef[] = [];
    for (const { member, env } of members) {
      const name = propertyNameText(member.name);
      const where = `${ctx.where}.${name ?? member.name?.getText() ?? '?'}`;
      const mctx: MapContext = { ...ctx, env, where, hint: `${ctx.hint}${pascalCase(name ?? '')}` };
      if (ts.isPropertySignature(member)) {
        if (name === undefined || !isWireIdentifier(name)) {
          this.fail('SPK1024', member.name, mctx, 'the field name is not an identifier', 'rename the field to an ASCII identifier');
          continue;
        }
        if (member.questionToken !== undefined) {
          this.fail(
            'SPK1009',
            member,
            mctx,
            `optional field \`${name}?\` has no wire form (undefined is not encodable)`,
            `write \`${name}: T | null\` (Option<T>)`,
          );
          continue;
        }
        if (member.type === undefined) {
          this.fail('SPK1020', member, mctx, 'the field has no type annotation', 'annotate the field');
          continue;
        }
        const type = this.map(member.type, mctx);
        if (type !== undefined) out.push({ name, type });
      } else if (ts.isMethodSignature(member) || ts.isCallSignatureDeclaration(member) || ts.isConstructSignatureDeclaration(member)) {
        this.fail('SPK1006', member, mctx, 'methods and call signatures have no wire form', 'keep only data fields in wire types');
      } else if (ts.isIndexSignatureDeclaration(member)) {
        this.fail('SPK1019', member, { ...ctx, where: ctx.where }, 'index signatures have no wire form', 'use `Map<K, V>`');
      } else {
        this.fail('SPK1019', member, mctx, `member \`${short(member)}\` has no wire form`, 'keep only data fields in wire types');
      }
    }
    return out;
  }
}
