// The type mapper's entry points: type annotations and inferred return types mapped to the manifest IR.
import type { FieldDef, TypeRef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import { BuiltinTypeMapper, isU8 } from './builtin-types.js';
import type { Env, MapContext, ShapeMember } from './map-context.js';
import { BIGINT_FIX, NUMBER_FIX, short, WIRE_TYPES, WIRE_TYPES_FIX } from './map-diagnostics.js';
import { pascalCase } from './names.js';
import { isLibFile, isSdkFileName, resolveSymbol, typeDeclarationOf, unwrapParens } from './resolve.js';
import { allDefined, isLibDeclared, nameOf } from './type-nodes.js';
import { BOOL, STRING, U8, UNIT } from './wire-primitives.js';

const MAX_DEPTH = 40;

/**
 * Maps type annotation nodes to the manifest IR and collects the named types (structs and enums) they use.
 * One mapper per actor: its `types()` are the service's type table, in first-use order.
 *
 * Generic interfaces and aliases of object types / enum unions stay generic (`TypeDef.params`, `{kind:'param'}`,
 * named references with `args`), like Sails IDL generics; aliases of anything else are transparent.
 */
export class TypeMapper extends BuiltinTypeMapper {
  // ---- entry points -------------------------------------------------------------------------------------------

  /** Maps a value type (parameter, field, payload). Undefined when it has no wire form (a diagnostic was reported). */
  map(node: ts.TypeNode, ctx: MapContext): TypeRef | undefined {
    if (ctx.depth > MAX_DEPTH) {
      this.fail('SPK1016', node, ctx, 'the type is too deeply nested or recursive', 'declare a non-recursive interface');
      return undefined;
    }
    const n = unwrapParens(node);
    switch (n.kind) {
      case ts.SyntaxKind.BooleanKeyword:
        return BOOL;
      case ts.SyntaxKind.StringKeyword:
        return STRING;
      case ts.SyntaxKind.NumberKeyword:
        return this.fail('SPK1001', n, ctx, 'plain `number` has no wire form (its width and sign are unknown)', NUMBER_FIX);
      case ts.SyntaxKind.BigIntKeyword:
        return this.fail('SPK1002', n, ctx, 'plain `bigint` has no wire form (its width and sign are unknown)', BIGINT_FIX);
      case ts.SyntaxKind.AnyKeyword:
        return this.fail('SPK1003', n, ctx, '`any` has no wire form', 'give the exact type (u32, string, an interface, ...)');
      case ts.SyntaxKind.UnknownKeyword:
        return this.fail('SPK1004', n, ctx, '`unknown` has no wire form', 'give the exact type (u32, string, an interface, ...)');
      case ts.SyntaxKind.ObjectKeyword:
        return this.fail('SPK1005', n, ctx, '`object` has no wire form', 'declare an interface with the fields');
      case ts.SyntaxKind.UndefinedKeyword:
        return this.fail('SPK1009', n, ctx, '`undefined` has no wire form', 'use `T | null` (Option<T>)');
      case ts.SyntaxKind.VoidKeyword:
        return this.fail('SPK1019', n, ctx, '`void` is only allowed as a return type or an event payload', 'remove it, or use `T | null`');
      case ts.SyntaxKind.NeverKeyword:
      case ts.SyntaxKind.SymbolKeyword:
        return this.fail('SPK1019', n, ctx, `\`${n.getText()}\` has no wire form`, WIRE_TYPES_FIX);
      case ts.SyntaxKind.LiteralType:
        return this.literal(n as ts.LiteralTypeNode, ctx);
      case ts.SyntaxKind.TemplateLiteralType:
        return this.fail(
          'SPK1019',
          n,
          ctx,
          `template literal type \`${n.getText()}\` has no wire form`,
          'use ActorId, CodeId, MessageId, H256 or string',
        );
      case ts.SyntaxKind.ArrayType: {
        const element = (n as ts.ArrayTypeNode).elementType;
        const item = this.map(element, { ...ctx, hint: ctx.hint });
        if (item !== undefined && isU8(item) && this.isTypeParameter(element)) {
          return this.fail(
            'SPK1032',
            n,
            ctx,
            `\`${short(n)}\` with ${element.getText()} = u8 is bytes on the wire, and its value would be a Uint8Array, not the array the code declares`,
            `bind ${element.getText()} to another type, or declare the bytes as \`Uint8Array\` where ${element.getText()}[] is written`,
          );
        }
        if (item !== undefined && isU8(item)) return this.u8Array(n, ctx, 'Uint8Array');
        return item && { kind: 'vec', item };
      }
      case ts.SyntaxKind.TupleType:
        return this.tuple(n as ts.TupleTypeNode, ctx);
      case ts.SyntaxKind.TypeOperator: {
        const op = n as ts.TypeOperatorNode;
        if (op.operator === ts.SyntaxKind.ReadonlyKeyword) return this.map(op.type, ctx);
        return this.fail('SPK1019', n, ctx, `type operator \`${n.getText()}\` has no wire form`, 'spell the resulting type out');
      }
      case ts.SyntaxKind.UnionType:
        return this.union(n as ts.UnionTypeNode, ctx, undefined);
      case ts.SyntaxKind.IntersectionType:
        return this.fail('SPK1019', n, ctx, `intersection \`${short(n)}\` has no wire form`, 'declare an interface that extends the parts');
      case ts.SyntaxKind.FunctionType:
      case ts.SyntaxKind.ConstructorType:
        return this.fail('SPK1006', n, ctx, `function type \`${short(n)}\` has no wire form`, 'pass data, not functions');
      case ts.SyntaxKind.TypeLiteral:
        return this.inlineStruct(n as ts.TypeLiteralNode, ctx);
      case ts.SyntaxKind.TypeReference:
        return this.reference(n as ts.TypeReferenceNode, ctx);
      case ts.SyntaxKind.ImportType: {
        const imp = n as ts.ImportTypeNode;
        const name = imp.qualifier?.getText() ?? 'T';
        return this.fail(
          'SPK1019',
          n,
          ctx,
          `the inline import type \`${short(n)}\` is not read as a wire type`,
          `import it at the top of the file (\`import type { ${name} } from ${imp.argument.getText()}\`) and write \`${name}\``,
        );
      }
      default:
        return this.fail('SPK1019', n, ctx, `type \`${short(n)}\` has no wire form`, `spell the type out with wire types: ${WIRE_TYPES}`);
    }
  }

  /** Maps a return type annotation: `void`/`undefined` are `()`, `Promise<T>` is T. */
  mapReturn(node: ts.TypeNode, ctx: MapContext): TypeRef | undefined {
    const n = unwrapParens(node);
    if (n.kind === ts.SyntaxKind.VoidKeyword || n.kind === ts.SyntaxKind.UndefinedKeyword) return UNIT;
    if (ts.isTypeReferenceNode(n)) {
      const symbol = resolveSymbol(this.checker, nameOf(n.typeName));
      const decl = symbol && typeDeclarationOf(symbol);
      if (symbol?.name === 'Promise' && decl !== undefined && isLibFile(this.program, decl.getSourceFile())) {
        const arg = n.typeArguments?.[0];
        if (arg === undefined) return this.fail('SPK1025', n, ctx, '`Promise` without a type argument', 'write `Promise<T>`');
        return this.mapReturn(arg, ctx);
      }
      // `Result<void, E>` in a return position: the unit success of `-> () throws E` / `Result<(), E>`.
      const [okArg, errArg] = n.typeArguments ?? [];
      // `Result<T, void>`: the unit error of `-> T throws ()` / `Result<T, ()>`.
      if (symbol?.name === 'Result' && n.typeArguments?.length === 2 && okArg !== undefined && errArg !== undefined) {
        const okVoid = unwrapParens(okArg).kind === ts.SyntaxKind.VoidKeyword;
        const errVoid = unwrapParens(errArg).kind === ts.SyntaxKind.VoidKeyword;
        if (okVoid || errVoid) {
          const ok = okVoid ? UNIT : this.map(okArg, ctx);
          const err = errVoid ? UNIT : this.map(errArg, ctx);
          return ok === undefined || err === undefined ? undefined : { kind: 'result', ok, err };
        }
      }
    }
    return this.map(n, ctx);
  }

  /** Maps an inferred return type (no annotation). Only simple types are mappable; anything else is SPK1010. */
  mapInferredReturn(type: ts.Type, at: ts.Node, ctx: MapContext): TypeRef | undefined {
    if (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) return UNIT;
    const symbol = type.getSymbol();
    if (symbol?.name === 'Promise' && isLibDeclared(this.program, symbol)) {
      const arg = this.checker.getTypeArguments(type as ts.TypeReference)[0];
      return arg === undefined ? this.inferredFail(type, at, ctx) : this.mapInferredReturn(arg, at, ctx);
    }
    return this.mapInferred(type, at, ctx);
  }

  /** The fields of an object-typed node (type literal, interface, alias of a type literal), or undefined if it is not one. */
  objectFields(node: ts.TypeNode, ctx: MapContext): FieldDef[] | undefined {
    const shape = this.shapeOf(node, ctx.env, true);
    if (shape === undefined) return undefined;
    return this.fields(shape, ctx);
  }

  /** The members of an object-typed node (type literal, interface, alias of a type literal), or undefined. */
  objectMembers(node: ts.TypeNode, env: Env = new Map()): ShapeMember[] | undefined {
    return this.shapeOf(node, env, true);
  }

  /** Whether a node is an object type whose members can become named fields. */
  isObjectShape(node: ts.TypeNode, env: Env = new Map()): boolean {
    return this.shapeOf(node, env, false) !== undefined;
  }

  protected inferredFail(type: ts.Type, at: ts.Node, ctx: MapContext): undefined {
    const text = this.checker.typeToString(type);
    const isNumber = type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike);
    const what = isNumber
      ? `the inferred return type \`${text}\` has no wire form (plain number/bigint: the width is unknown)`
      : `the inferred return type \`${text}\` has no wire form`;
    return this.fail('SPK1010', at, ctx, what, 'annotate the return type, e.g. `: u32` or `: Promise<u64>`');
  }

  // ---- node kinds ---------------------------------------------------------------------------------------------

  protected literal(n: ts.LiteralTypeNode, ctx: MapContext): TypeRef | undefined {
    if (n.literal.kind === ts.SyntaxKind.NullKeyword) {
      return this.fail('SPK1019', n, ctx, '`null` alone has no wire form', 'use `T | null` (Option<T>)');
    }
    return this.fail(
      'SPK1019',
      n,
      ctx,
      `the literal type \`${n.getText()}\` has no wire form`,
      "use a union of string literals (`'A' | 'B'`) for an enum, a named alias (`type Only = 'Only'`) for a one-variant enum, or the base type",
    );
  }

  protected tuple(n: ts.TupleTypeNode, ctx: MapContext): TypeRef | undefined {
    const items: (TypeRef | undefined)[] = n.elements.map((element, i) => {
      let el: ts.TypeNode = element;
      if (ts.isNamedTupleMember(el)) {
        if (el.questionToken !== undefined || el.dotDotDotToken !== undefined) {
          return this.fail(
            'SPK1019',
            el,
            ctx,
            'optional and rest tuple elements have no wire form',
            'use a fixed tuple, `T | null` or `T[]`',
          );
        }
        el = el.type;
      }
      if (ts.isOptionalTypeNode(el) || ts.isRestTypeNode(el)) {
        return this.fail(
          'SPK1019',
          el,
          ctx,
          'optional and rest tuple elements have no wire form',
          'use a fixed tuple, `T | null` or `T[]`',
        );
      }
      return this.map(el, { ...ctx, where: `${ctx.where}[${i}]`, hint: `${ctx.hint}${i}` });
    });
    return allDefined(items) ? { kind: 'tuple', items } : undefined;
  }

  protected reference(n: ts.TypeReferenceNode, ctx: MapContext): TypeRef | undefined {
    const nameNode = nameOf(n.typeName);
    const symbol = resolveSymbol(this.checker, nameNode);
    const text = n.typeName.getText();
    if (symbol === undefined) {
      return this.fail('SPK1019', n, ctx, `cannot resolve the type \`${text}\``, 'import it, or check that @sprocket/sdk is installed');
    }
    const decl = typeDeclarationOf(symbol);
    if (decl === undefined) return this.fail('SPK1019', n, ctx, `\`${text}\` is not a type with a wire form`, WIRE_TYPES_FIX);
    if (ts.isTypeParameterDeclaration(decl)) {
      const bound = ctx.env.get(decl);
      if (bound !== undefined) return bound;
      // Bound to a type argument that has no wire form: reported once, at the argument.
      if (ctx.env.has(decl)) return undefined;
      return this.unboundParameter(decl, n, ctx);
    }
    const sf = decl.getSourceFile();
    if (isSdkFileName(sf.fileName)) return this.sdkType(symbol.name, n, ctx);
    if (isLibFile(this.program, sf)) return this.libType(symbol.name, n, ctx);
    if (ts.isInterfaceDeclaration(decl)) {
      const args = this.args(n, decl, ctx);
      return this.interfaceRef(decl, args, n, ctx);
    }
    if (ts.isTypeAliasDeclaration(decl)) {
      const args = this.args(n, decl, ctx);
      return this.aliasRef(decl, args, n, ctx);
    }
    if (ts.isClassDeclaration(decl)) {
      return this.fail(
        'SPK1008',
        n,
        ctx,
        `class \`${text}\` has no wire form (its instances carry methods and a prototype)`,
        'declare an interface with the data fields and pass that',
      );
    }
    if (ts.isEnumDeclaration(decl)) {
      return this.fail(
        'SPK1019',
        n,
        ctx,
        `TypeScript enum \`${text}\` has no wire form`,
        `use a union of string literals (\`type ${decl.name.text} = ${decl.members.map((m) => `'${m.name.getText().replace(/^['"]|['"]$/g, '')}'`).join(' | ')}\`): a Sails enum of unit variants`,
      );
    }
    return this.fail('SPK1019', n, ctx, `\`${text}\` has no wire form`, WIRE_TYPES_FIX);
  }

  /**
   * An inferred type parameter of a base class as its actor binds it (`T`, or `NonNullable<T>`, which is `T & {}`,
   * from `x ?? …`); null when the type is not one.
   */
  protected boundParameter(type: ts.Type, ctx: MapContext): TypeRef | undefined | null {
    const nonNull = type.isIntersection() && type.types.length === 2 && type.types.some((t) => this.isEmptyObject(t));
    const inner = nonNull ? (type as ts.IntersectionType).types.find((t) => !this.isEmptyObject(t)) : type;
    if (inner === undefined || !(inner.flags & ts.TypeFlags.TypeParameter)) return null;
    const param = inner.getSymbol()?.declarations?.find(ts.isTypeParameterDeclaration);
    if (param === undefined || !ctx.env.has(param)) return null;
    const bound = ctx.env.get(param);
    return nonNull && bound?.kind === 'option' ? bound.some : bound;
  }

  private isEmptyObject(type: ts.Type): boolean {
    return (
      (type.flags & ts.TypeFlags.Object) !== 0 &&
      this.checker.getPropertiesOfType(type).length === 0 &&
      type.getCallSignatures().length === 0
    );
  }

  /** Whether a type node names a type parameter. */
  protected isTypeParameter(node: ts.TypeNode): boolean {
    const n = unwrapParens(node);
    if (!ts.isTypeReferenceNode(n)) return false;
    const symbol = resolveSymbol(this.checker, nameOf(n.typeName));
    return symbol?.declarations?.some(ts.isTypeParameterDeclaration) === true;
  }

  /** SPK1019 for a type parameter nothing binds, with the fix for where it is declared. */
  protected unboundParameter(decl: ts.TypeParameterDeclaration, n: ts.Node, ctx: MapContext): undefined {
    const name = decl.name.text;
    const owner = decl.parent;
    if (ts.isClassDeclaration(owner)) {
      const cls = owner.name?.text ?? 'the class';
      const isActor = (ts.getDecorators(owner) ?? []).some(
        (d) => ts.isCallExpression(d.expression) && d.expression.expression.getText() === 'actor',
      );
      return this.fail(
        'SPK1019',
        n,
        ctx,
        isActor
          ? `type parameter \`${name}\` of the actor class ${cls} has no wire form (an actor's IDL is concrete)`
          : `type parameter \`${name}\` of the base class ${cls} is not bound to a type`,
        isActor
          ? `make ${cls} a generic abstract base class and deploy a subclass that gives the type: \`class Nums extends ${cls}<u32>\``
          : `give ${cls} a type argument for ${name} in the extends clause (\`extends ${cls}<u32>\`), or a default (\`${name} = u32\`)`,
      );
    }
    return this.fail(
      'SPK1019',
      n,
      ctx,
      `type parameter \`${name}\` of a generic method or type has no wire form`,
      'write the concrete type in the handler signature (a handler is not generic: its IDL entry has one wire form)',
    );
  }

  /** Maps the type arguments of a reference to a user declaration, filling defaults. Undefined if one failed. */
  protected args(n: ts.TypeReferenceNode, decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration, ctx: MapContext): TypeRef[] | undefined {
    const params = decl.typeParameters ?? [];
    const given = n.typeArguments ?? [];
    if (given.length > params.length) {
      return this.fail(
        'SPK1025',
        n,
        ctx,
        `\`${decl.name.text}\` takes ${params.length} type argument(s), got ${given.length}`,
        'fix the type arguments',
      );
    }
    const out: TypeRef[] = [];
    let ok = true;
    params.forEach((param, i) => {
      const arg = given[i];
      let mapped: TypeRef | undefined;
      if (arg !== undefined) {
        mapped = this.map(arg, { ...ctx, hint: `${ctx.hint}${pascalCase(param.name.text)}` });
      } else if (param.default !== undefined) {
        const env = new Map<ts.Node, TypeRef>(params.slice(0, i).map((p, j) => [p, out[j] ?? UNIT] as const));
        mapped = this.map(param.default, { ...ctx, env, where: `${ctx.where} (default of ${decl.name.text}.${param.name.text})` });
      } else {
        this.fail('SPK1025', n, ctx, `\`${decl.name.text}\` needs a type argument for ${param.name.text}`, 'give all type arguments');
      }
      if (mapped === undefined) ok = false;
      out.push(mapped ?? UNIT);
    });
    return ok ? out : undefined;
  }

  // ---- inferred types -----------------------------------------------------------------------------------------

  protected mapInferred(type: ts.Type, at: ts.Node, ctx: MapContext): TypeRef | undefined {
    const alias = type.aliasSymbol;
    const aliasDecl = alias && typeDeclarationOf(alias);
    if (alias !== undefined && aliasDecl !== undefined && ts.isTypeAliasDeclaration(aliasDecl)) {
      const sf = aliasDecl.getSourceFile();
      const args = (type.aliasTypeArguments ?? []).map((t) => this.mapInferred(t, at, ctx));
      if (!allDefined(args)) return undefined;
      if (isSdkFileName(sf.fileName)) {
        if (alias.name === 'Result' && args.length === 2) return { kind: 'result', ok: args[0]!, err: args[1]! };
      } else if (!isLibFile(this.program, sf)) {
        return this.aliasRef(aliasDecl, args, at, ctx);
      }
    }
    const param = this.boundParameter(type, ctx);
    if (param !== null) return param;
    if (type.flags & ts.TypeFlags.Boolean) return BOOL;
    if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return STRING;
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & ts.TypeFlags.Null));
      if (parts.some((t) => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void))) return this.inferredFail(type, at, ctx);
      let inner: TypeRef | undefined;
      if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) inner = BOOL;
      else if (parts.every((t) => t.flags & ts.TypeFlags.StringLike)) inner = STRING;
      else if (parts.length === 1 && parts[0] !== undefined) inner = this.mapInferred(parts[0], at, ctx);
      else return this.inferredFail(type, at, ctx);
      if (inner === undefined) return undefined;
      return parts.length < type.types.length && inner.kind !== 'option' ? { kind: 'option', some: inner } : inner;
    }
    if (this.checker.isTupleType(type)) {
      const items = this.checker.getTypeArguments(type as ts.TypeReference).map((t) => this.mapInferred(t, at, ctx));
      return allDefined(items) ? { kind: 'tuple', items } : undefined;
    }
    if (this.checker.isArrayType(type)) {
      const itemType = this.checker.getTypeArguments(type as ts.TypeReference)[0];
      const item = itemType && this.mapInferred(itemType, at, ctx);
      return item && { kind: 'vec', item };
    }
    const symbol = type.getSymbol();
    const decl = symbol && typeDeclarationOf(symbol);
    if (symbol !== undefined && decl !== undefined) {
      const sf = decl.getSourceFile();
      if (isLibFile(this.program, sf)) {
        if (symbol.name === 'Uint8Array') return { kind: 'vec', item: U8 };
        if (symbol.name === 'Map' || symbol.name === 'ReadonlyMap') {
          const [k, v] = this.checker.getTypeArguments(type as ts.TypeReference).map((t) => this.mapInferred(t, at, ctx));
          return k === undefined || v === undefined ? undefined : { kind: 'map', key: k, value: v };
        }
      } else if (ts.isInterfaceDeclaration(decl) && !isSdkFileName(sf.fileName)) {
        const targs = (type.flags & ts.TypeFlags.Object) !== 0 ? this.checker.getTypeArguments(type as ts.TypeReference) : [];
        const args = targs.map((t) => this.mapInferred(t, at, ctx));
        return allDefined(args) ? this.interfaceRef(decl, args, at, ctx) : undefined;
      }
    }
    return this.inferredFail(type, at, ctx);
  }
}
