import type { FieldDef, PrimitiveName, TypeDef, TypeRef, VariantDef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import { primitivePrefixOf } from '../idl/grammar-primitives.js';
import type { ExtractCode } from './codes.js';
import { isWireIdentifier, pascalCase } from './names.js';
import { isLibFile, isSdkFileName, propertyNameText, resolveSymbol, typeDeclarationOf, unwrapParens } from './resolve.js';

/** Reports a diagnostic at a node. */
export type Report = (code: ExtractCode, node: ts.Node, message: string, fix: string) => void;

/** Type parameter declarations bound to type expressions. */
type Env = ReadonlyMap<ts.Node, TypeRef>;

/** Where the mapper is: bindings, generic params of the definition being built, names for messages and generated types. */
export interface MapContext {
  readonly env: Env;
  /** Type parameters of the named definition being built (inline types inside it become generic over them). */
  readonly params: readonly string[];
  /** What is being mapped, for messages (`Counter.add(value)`, `Point.x`). */
  readonly where: string;
  /** The handler or event the walk started from, for messages inside named types. */
  readonly origin: string;
  /** Base name of generated type names (`AddArgs`). */
  readonly hint: string;
  readonly depth: number;
}

/** A top-level context (a handler parameter, a return, an event). */
export function rootContext(where: string, hint: string): MapContext {
  return { env: new Map(), params: [], where, origin: where, hint, depth: 0 };
}

const MAX_DEPTH = 40;

const SCALARS: Readonly<Record<string, PrimitiveName>> = {
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  u128: 'u128',
  u256: 'u256',
  i8: 'i8',
  i16: 'i16',
  i32: 'i32',
  i64: 'i64',
  i128: 'i128',
  ActorId: 'ActorId',
  CodeId: 'CodeId',
  MessageId: 'MessageId',
  H256: 'H256',
  H160: 'H160',
  HexId: 'H256',
  NonZeroU8: 'NonZeroU8',
  NonZeroU16: 'NonZeroU16',
  NonZeroU32: 'NonZeroU32',
  NonZeroU64: 'NonZeroU64',
  NonZeroU128: 'NonZeroU128',
  NonZeroU256: 'NonZeroU256',
};

const UNSIGNED: ReadonlySet<string> = new Set(['u8', 'u16', 'u32', 'u64', 'u128', 'u256']);

/** Names a user type may not take: they are spelled by the IDL itself. */
const RESERVED: ReadonlySet<string> = new Set([
  ...Object.values(SCALARS),
  'bool',
  'String',
  'Option',
  'Result',
  'Vec',
  'char',
  'H160',
  'U256',
]);

const NUMBER_FIX = 'use u8, u16, u32, i8, i16 or i32 (number) or u64, u128, u256, i64, i128 (bigint) from @sprocket/sdk';
const BIGINT_FIX = 'use u64, u128, u256, i64 or i128 from @sprocket/sdk';
const UNION_FIX =
  "use `T | null` (Option), a union of string literals (`'A' | 'B'`), or a tagged union of object types with distinct `kind: 'Name'` literals";

const BOOL: TypeRef = { kind: 'primitive', name: 'bool' };
const STRING: TypeRef = { kind: 'primitive', name: 'String' };
const U8: TypeRef = { kind: 'primitive', name: 'u8' };
/** The unit type `()`. */
export const UNIT: TypeRef = { kind: 'tuple', items: [] };

/** A named reference whose name is fixed when the registry is finalized. */
interface MutableNamed {
  kind: 'named';
  name: string;
  args?: readonly TypeRef[];
}

type Body =
  | { readonly kind: 'struct'; readonly fields: readonly FieldDef[] }
  | { readonly kind: 'enum'; readonly variants: readonly VariantDef[] };

interface Slot {
  readonly id: number;
  /** The declared name (interface or alias), absent for generated names of inline types. */
  readonly declared: string | undefined;
  readonly hint: string;
  readonly nameNode: ts.Node;
  readonly params: readonly string[];
  body: Body | undefined;
  inProgress: boolean;
  recursionReported: boolean;
  finalName: string;
  readonly refs: MutableNamed[];
}

/** A member of an object type with the type-parameter bindings it is read in. */
export interface ShapeMember {
  readonly member: ts.TypeElement;
  readonly env: Env;
}

let nextNodeId = 1;
const nodeIds = new WeakMap<ts.Node, number>();
function nodeId(node: ts.Node): number {
  let id = nodeIds.get(node);
  if (id === undefined) {
    id = nextNodeId++;
    nodeIds.set(node, id);
  }
  return id;
}

/** The wire types a user can write, for the fix line of a diagnostic (the table of DESIGN.md section 3). */
const WIRE_TYPES =
  'boolean, string, u8..u256 / i8..i128, ActorId, CodeId, MessageId, H256, bytes, T[], [A, B], T | null, Result<T, E>, ' +
  'Map<K, V>, Compact<T>, an interface, a string-literal or tagged union (from @sprocket/sdk)';
const WIRE_TYPES_FIX = `use one of ${WIRE_TYPES}`;

/**
 * Maps type annotation nodes to the manifest IR and collects the named types (structs and enums) they use.
 * One mapper per actor: its `types()` are the service's type table, in first-use order.
 *
 * Generic interfaces and aliases of object types / enum unions stay generic (`TypeDef.params`, `{kind:'param'}`,
 * named references with `args`), like Sails IDL generics; aliases of anything else are transparent.
 */
export class TypeMapper {
  private readonly slots: Slot[] = [];
  private readonly byKey = new Map<string, Slot>();
  private readonly slotOfRef = new WeakMap<object, Slot>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
    private readonly report: Report,
    private readonly relative: (fileName: string) => string = (f) => f,
  ) {}

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
        const item = this.map((n as ts.ArrayTypeNode).elementType, { ...ctx, hint: ctx.hint });
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
      if (symbol?.name === 'Result' && n.typeArguments?.length === 2 && okArg !== undefined && errArg !== undefined) {
        if (unwrapParens(okArg).kind === ts.SyntaxKind.VoidKeyword) {
          const err = this.map(errArg, ctx);
          return err === undefined ? undefined : { kind: 'result', ok: UNIT, err };
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
  objectMembers(node: ts.TypeNode): ShapeMember[] | undefined {
    return this.shapeOf(node, new Map(), true);
  }

  /** Whether a node is an object type whose members can become named fields. */
  isObjectShape(node: ts.TypeNode, env: Env = new Map()): boolean {
    return this.shapeOf(node, env, false) !== undefined;
  }

  /** Finalizes names (user-declared names first, then generated ones) and returns the type table in first-use order. */
  types(): TypeDef[] {
    const taken = new Map<string, Slot>();
    for (const slot of this.slots) {
      if (slot.declared === undefined) continue;
      const name = slot.declared;
      const other = taken.get(name);
      const prefix = primitivePrefixOf(name);
      if (other !== undefined || RESERVED.has(name)) {
        const where = other === undefined ? 'a built-in IDL type' : `another type (${locationText(other.nameNode, this.relative)})`;
        this.report('SPK1023', slot.nameNode, `type ${name}: ${where} has the same name on the wire`, 'rename one of them');
        slot.finalName = uniqueName(name, taken);
      } else if (prefix !== undefined) {
        // The Sails grammar reads a primitive spelling at the start of a name and then fails on the rest.
        this.report(
          'SPK1023',
          slot.nameNode,
          `type ${name}: Sails cannot read this name in an IDL file (its grammar takes the primitive '${prefix}' and fails at '${name.slice(prefix.length)}')`,
          `rename it so that it does not begin with '${prefix}', e.g. ${name.slice(prefix.length)}${prefix}`,
        );
        slot.finalName = uniqueName(name, taken);
      } else {
        slot.finalName = name;
      }
      taken.set(slot.finalName, slot);
    }
    for (const slot of this.slots) {
      if (slot.declared !== undefined) continue;
      slot.finalName = uniqueName(slot.hint, taken);
      taken.set(slot.finalName, slot);
    }
    const out: TypeDef[] = [];
    for (const slot of this.slots) {
      for (const ref of slot.refs) ref.name = slot.finalName;
      if (slot.body === undefined) continue;
      const params = slot.params.length > 0 ? { params: slot.params } : {};
      out.push(
        slot.body.kind === 'struct'
          ? { kind: 'struct', name: slot.finalName, ...params, fields: slot.body.fields }
          : { kind: 'enum', name: slot.finalName, ...params, variants: slot.body.variants },
      );
    }
    return out;
  }

  // ---- diagnostics ---------------------------------------------------------------------------------------------

  private fail(code: ExtractCode, node: ts.Node, ctx: MapContext, what: string, fix: string): undefined {
    this.report(code, node, `${describe(ctx)}: ${what}`, fix);
    return undefined;
  }

  private inferredFail(type: ts.Type, at: ts.Node, ctx: MapContext): undefined {
    const text = this.checker.typeToString(type);
    const isNumber = type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike);
    const what = isNumber
      ? `the inferred return type \`${text}\` has no wire form (plain number/bigint: the width is unknown)`
      : `the inferred return type \`${text}\` has no wire form`;
    return this.fail('SPK1010', at, ctx, what, 'annotate the return type, e.g. `: u32` or `: Promise<u64>`');
  }

  // ---- node kinds ---------------------------------------------------------------------------------------------

  private literal(n: ts.LiteralTypeNode, ctx: MapContext): TypeRef | undefined {
    if (n.literal.kind === ts.SyntaxKind.NullKeyword) {
      return this.fail('SPK1019', n, ctx, '`null` alone has no wire form', 'use `T | null` (Option<T>)');
    }
    return this.fail(
      'SPK1019',
      n,
      ctx,
      `the literal type \`${n.getText()}\` has no wire form`,
      "use a union of string literals (`'A' | 'B'`) for an enum, or the base type",
    );
  }

  private tuple(n: ts.TupleTypeNode, ctx: MapContext): TypeRef | undefined {
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

  private inlineStruct(n: ts.TypeLiteralNode, ctx: MapContext): TypeRef | undefined {
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

  private reference(n: ts.TypeReferenceNode, ctx: MapContext): TypeRef | undefined {
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
      return this.fail(
        'SPK1019',
        n,
        ctx,
        `type parameter \`${text}\` of a generic handler or actor has no wire form`,
        'use concrete types in handler signatures',
      );
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
        "use a union of string literals (`type Side = 'Buy' | 'Sell'`)",
      );
    }
    return this.fail('SPK1019', n, ctx, `\`${text}\` has no wire form`, WIRE_TYPES_FIX);
  }

  /** Maps the type arguments of a reference to a user declaration, filling defaults. Undefined if one failed. */
  private args(n: ts.TypeReferenceNode, decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration, ctx: MapContext): TypeRef[] | undefined {
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

  private sdkType(name: string, n: ts.TypeReferenceNode, ctx: MapContext): TypeRef | undefined {
    const scalar = SCALARS[name];
    if (scalar !== undefined) return { kind: 'primitive', name: scalar };
    const targs = n.typeArguments ?? [];
    switch (name) {
      case 'bytes':
        return { kind: 'vec', item: U8 };
      case 'Compact': {
        const arg = targs[0];
        if (arg === undefined) return this.fail('SPK1025', n, ctx, '`Compact` needs a type argument', 'write `Compact<u64>`');
        const inner = this.map(arg, ctx);
        if (inner === undefined) return undefined;
        if ((inner.kind === 'primitive' && UNSIGNED.has(inner.name)) || inner.kind === 'param') return { kind: 'compact', inner };
        return this.fail(
          'SPK1025',
          arg,
          ctx,
          `\`Compact<${arg.getText()}>\`: compact encoding is for unsigned integers`,
          'use Compact<u8 | u16 | u32 | u64 | u128 | u256>',
        );
      }
      case 'FixedBytes': {
        const length = this.length(targs[0], n, ctx, 'FixedBytes<N>');
        return length === undefined ? undefined : { kind: 'array', item: U8, length };
      }
      case 'FixedArray': {
        const itemNode = targs[0];
        if (itemNode === undefined) return this.fail('SPK1025', n, ctx, '`FixedArray` needs type arguments', 'write `FixedArray<T, N>`');
        const item = this.map(itemNode, ctx);
        const length = this.length(targs[1], n, ctx, 'FixedArray<T, N>');
        return item === undefined || length === undefined ? undefined : { kind: 'array', item, length };
      }
      case 'Result': {
        const [okNode, errNode] = targs;
        if (okNode === undefined || errNode === undefined)
          return this.fail('SPK1025', n, ctx, '`Result` needs two type arguments', 'write `Result<T, E>`');
        const ok = this.map(okNode, { ...ctx, hint: `${ctx.hint}Ok` });
        const err = this.map(errNode, { ...ctx, hint: `${ctx.hint}Err` });
        return ok === undefined || err === undefined ? undefined : { kind: 'result', ok, err };
      }
      default:
        return this.fail('SPK1019', n, ctx, `\`${name}\` from @sprocket/sdk is not a wire type`, WIRE_TYPES_FIX);
    }
  }

  private length(node: ts.TypeNode | undefined, at: ts.Node, ctx: MapContext, form: string): number | undefined {
    const n = node === undefined ? undefined : unwrapParens(node);
    if (n !== undefined && ts.isLiteralTypeNode(n) && ts.isNumericLiteral(n.literal)) {
      const value = Number(n.literal.text);
      if (Number.isSafeInteger(value) && value >= 0) return value;
    }
    return this.fail(
      'SPK1025',
      n ?? at,
      ctx,
      `the length of \`${form}\` must be a non-negative integer literal`,
      `write e.g. \`${form.replace('N', '32')}\``,
    );
  }

  private libType(name: string, n: ts.TypeReferenceNode, ctx: MapContext): TypeRef | undefined {
    const targs = n.typeArguments ?? [];
    const arg = (i: number, hint: string): TypeRef | undefined => {
      const node = targs[i];
      if (node === undefined) return this.fail('SPK1025', n, ctx, `\`${name}\` needs type arguments`, `write \`${name}<...>\``);
      return this.map(node, { ...ctx, hint: `${ctx.hint}${hint}` });
    };
    switch (name) {
      case 'Uint8Array':
        return { kind: 'vec', item: U8 };
      case 'Array':
      case 'ReadonlyArray': {
        const item = arg(0, '');
        return item && { kind: 'vec', item };
      }
      case 'Map':
      case 'ReadonlyMap': {
        const key = arg(0, 'Key');
        const value = arg(1, 'Value');
        return key === undefined || value === undefined ? undefined : { kind: 'map', key, value };
      }
      case 'Readonly':
        return arg(0, '');
      case 'Promise':
        return this.fail('SPK1019', n, ctx, '`Promise` is only allowed as the return type of a handler', 'pass the awaited value');
      case 'Date':
        return this.fail('SPK1007', n, ctx, '`Date` has no wire form', 'use u64 milliseconds since the epoch');
      case 'Number':
        return this.fail('SPK1001', n, ctx, '`Number` has no wire form', NUMBER_FIX);
      case 'BigInt':
        return this.fail('SPK1002', n, ctx, '`BigInt` has no wire form', BIGINT_FIX);
      case 'Object':
        return this.fail('SPK1005', n, ctx, '`Object` has no wire form', 'declare an interface with the fields');
      case 'Function':
      case 'CallableFunction':
      case 'NewableFunction':
        return this.fail('SPK1006', n, ctx, `\`${name}\` has no wire form`, 'pass data, not functions');
      case 'String':
        return this.fail('SPK1019', n, ctx, '`String` (the wrapper object) has no wire form', 'use `string`');
      case 'Boolean':
        return this.fail('SPK1019', n, ctx, '`Boolean` (the wrapper object) has no wire form', 'use `boolean`');
      case 'Set':
      case 'ReadonlySet':
        return this.fail('SPK1019', n, ctx, `\`${name}\` has no wire form`, 'use `T[]`');
      case 'Record':
        return this.fail('SPK1019', n, ctx, '`Record` has no wire form', 'use `Map<K, V>` or an interface');
      default:
        return this.fail('SPK1019', n, ctx, `\`${name}\` has no wire form`, WIRE_TYPES_FIX);
    }
  }

  private interfaceRef(decl: ts.InterfaceDeclaration, args: TypeRef[] | undefined, at: ts.Node, ctx: MapContext): TypeRef | undefined {
    const slot = this.namedSlot(decl, at, ctx, (inner) => {
      const members = this.interfaceMembers(decl, inner.env, true, inner);
      return { kind: 'struct', fields: this.fields(members, inner) };
    });
    if (slot === undefined || args === undefined) return undefined;
    return this.ref(slot, args);
  }

  private aliasRef(decl: ts.TypeAliasDeclaration, args: TypeRef[] | undefined, at: ts.Node, ctx: MapContext): TypeRef | undefined {
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
      return this.ref(slot, args);
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

  /** Creates (once) the slot of a named declaration and builds its body with its type parameters as params. */
  private namedSlot(
    decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration,
    at: ts.Node,
    ctx: MapContext,
    build: (inner: MapContext) => Body,
  ): Slot | undefined {
    const key = `d${nodeId(decl)}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (existing.inProgress) {
        if (!existing.recursionReported) {
          existing.recursionReported = true;
          this.fail(
            'SPK1016',
            at,
            ctx,
            `type ${decl.name.text} is recursive (Sails interface ids cannot hash recursive types)`,
            'break the cycle, e.g. store children by id in a Map',
          );
        }
        return undefined;
      }
      return existing;
    }
    const params = (decl.typeParameters ?? []).map((p) => p.name.text);
    const slot = this.newSlot(key, decl.name.text, decl.name.text, decl.name, params);
    const env = new Map<ts.Node, TypeRef>((decl.typeParameters ?? []).map((p) => [p, { kind: 'param', name: p.name.text }] as const));
    const inner: MapContext = { env, params, where: decl.name.text, origin: ctx.origin, hint: decl.name.text, depth: ctx.depth + 1 };
    slot.body = build(inner);
    slot.inProgress = false;
    return slot;
  }

  private newSlot(key: string, declared: string | undefined, hint: string, nameNode: ts.Node, params: readonly string[]): Slot {
    const slot: Slot = {
      id: this.slots.length,
      declared,
      hint,
      nameNode,
      params,
      body: undefined,
      inProgress: true,
      recursionReported: false,
      finalName: declared ?? hint,
      refs: [],
    };
    this.slots.push(slot);
    this.byKey.set(key, slot);
    return slot;
  }

  private ref(slot: Slot, args: readonly TypeRef[]): TypeRef {
    const ref: MutableNamed = args.length > 0 ? { kind: 'named', name: slot.finalName, args } : { kind: 'named', name: slot.finalName };
    slot.refs.push(ref);
    this.slotOfRef.set(ref, slot);
    return ref;
  }

  private envKey(ctx: MapContext): string {
    const parts: string[] = [];
    for (const [node, ref] of ctx.env) parts.push(`${nodeId(node)}=${this.refKey(ref)}`);
    return `${parts.join(',')}|${ctx.params.join(',')}`;
  }

  private refKey(ref: TypeRef): string {
    switch (ref.kind) {
      case 'primitive':
        return ref.name;
      case 'param':
        return `$${ref.name}`;
      case 'vec':
        return `[${this.refKey(ref.item)}]`;
      case 'array':
        return `[${this.refKey(ref.item)};${ref.length}]`;
      case 'tuple':
        return `(${ref.items.map((t) => this.refKey(t)).join(',')})`;
      case 'option':
        return `?${this.refKey(ref.some)}`;
      case 'result':
        return `R<${this.refKey(ref.ok)},${this.refKey(ref.err)}>`;
      case 'map':
        return `M<${this.refKey(ref.key)},${this.refKey(ref.value)}>`;
      case 'compact':
        return `C<${this.refKey(ref.inner)}>`;
      case 'named': {
        const slot = this.slotOfRef.get(ref);
        return `#${slot?.id ?? ref.name}<${(ref.args ?? []).map((t) => this.refKey(t)).join(',')}>`;
      }
    }
  }

  // ---- objects ------------------------------------------------------------------------------------------------

  /** The members of an object-typed node with the bindings they are read in, or undefined if it is not one. */
  private shapeOf(node: ts.TypeNode, env: Env, reportErrors: boolean): ShapeMember[] | undefined {
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
  private interfaceMembers(
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

  private fields(members: readonly ShapeMember[], ctx: MapContext): FieldDef[] {
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

  // ---- unions -------------------------------------------------------------------------------------------------

  private union(
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
          inner = slot === undefined ? undefined : this.ref(slot, alias.args);
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
    if (!hasNull || inner.kind === 'option') return inner;
    return { kind: 'option', some: inner };
  }

  private classify(members: readonly ts.TypeNode[], env: Env): 'bool' | 'strings' | 'tagged' | 'none' {
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

  private unitVariants(members: readonly ts.TypeNode[], ctx: MapContext): VariantDef[] {
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

  private taggedVariants(members: readonly ts.TypeNode[], union: ts.Node, ctx: MapContext): VariantDef[] {
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
        out.push({ name: tag, fields: type === undefined ? [] : [{ type }] });
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

  // ---- inferred types -----------------------------------------------------------------------------------------

  private mapInferred(type: ts.Type, at: ts.Node, ctx: MapContext): TypeRef | undefined {
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

// ---- helpers --------------------------------------------------------------------------------------------------

function nameOf(name: ts.EntityName): ts.Identifier {
  return ts.isQualifiedName(name) ? name.right : name;
}

function isLibDeclared(program: ts.Program, symbol: ts.Symbol): boolean {
  const decl = symbol.declarations?.[0];
  return decl !== undefined && isLibFile(program, decl.getSourceFile());
}

function flattenUnion(n: ts.UnionTypeNode): ts.TypeNode[] {
  const out: ts.TypeNode[] = [];
  for (const t of n.types) {
    const u = unwrapParens(t);
    if (ts.isUnionTypeNode(u)) out.push(...flattenUnion(u));
    else out.push(u);
  }
  return out;
}

/** The `kind` string literal of a tagged-union member. */
function tagOf(shape: readonly ShapeMember[]): string | undefined {
  for (const { member } of shape) {
    if (!ts.isPropertySignature(member) || propertyNameText(member.name) !== 'kind' || member.type === undefined) continue;
    const t = unwrapParens(member.type);
    if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return t.literal.text;
    return undefined;
  }
  return undefined;
}

/** Bindings of a merged interface declaration's type parameters, by position, from those of the first declaration. */
function rebind(target: ts.InterfaceDeclaration, source: ts.InterfaceDeclaration, env: Env): Env {
  const out = new Map<ts.Node, TypeRef>();
  const sp = source.typeParameters ?? [];
  (target.typeParameters ?? []).forEach((p, i) => {
    const s = sp[i];
    const bound = s === undefined ? undefined : env.get(s);
    if (bound !== undefined) out.set(p, bound);
  });
  return out;
}

function allDefined<T>(items: readonly (T | undefined)[]): items is T[] {
  return items.every((i) => i !== undefined);
}

function uniqueName(hint: string, taken: ReadonlyMap<string, unknown>): string {
  // A generated name must not begin with a primitive spelling either (Sails could not read it): `StringOpReply` → `TStringOpReply`.
  const base = primitivePrefixOf(hint) === undefined ? hint : `T${hint}`;
  if (!taken.has(base) && !RESERVED.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}${i}`)) i++;
  return `${base}${i}`;
}

function describe(ctx: MapContext): string {
  return ctx.origin !== '' && !ctx.where.startsWith(ctx.origin) ? `${ctx.where} (used by ${ctx.origin})` : ctx.where;
}

function short(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function locationText(node: ts.Node, relative: (fileName: string) => string): string {
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return `${relative(sf.fileName)}:${line + 1}:${character + 1}`;
}
