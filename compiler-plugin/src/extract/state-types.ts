// The integer types of state annotations, read as written: an integer wire type (`u32`, or the SDK's `u32` imported
// under another name), alone or in a union with `null` and `undefined`, through the project's non-generic aliases.
// Shared by the field and collection listing (state-fields.ts) and the nested shapes (state-shapes.ts).
import { ts } from 'ts-morph';
import type { StateFieldDef, StateIntegerType, StateShapeDef } from '../manifest/types.js';
import { isSdkFileName, resolveSymbol } from './resolve.js';

/** The state type of an integer annotation: `'u8'`, or `'u8 | null'` when it may also hold null. */
export type IntType = StateFieldDef['type'];

/** The SDK's integer wire types, by name. */
const INTEGER_TYPES: ReadonlySet<string> = new Set<StateIntegerType>([
  'u8',
  'u16',
  'u32',
  'u64',
  'u128',
  'u256',
  'i8',
  'i16',
  'i32',
  'i64',
  'i128',
]);

/** Aliases followed at most this deep (`type A = B; type B = A` would not end otherwise). */
const MAX_ALIAS_DEPTH = 16;

/** The parts of a union, through parentheses and the aliases it names (`type Score = u8 | null`). */
function unionParts(node: ts.TypeNode, checker: ts.TypeChecker, depth = 0): ts.TypeNode[] {
  const inner = ts.isParenthesizedTypeNode(node) ? node.type : node;
  if (ts.isUnionTypeNode(inner)) return inner.types.flatMap((t) => unionParts(t, checker, depth));
  const aliased = depth < MAX_ALIAS_DEPTH ? aliasedType(inner, checker) : undefined;
  return aliased === undefined ? [inner] : unionParts(aliased, checker, depth + 1);
}

/** The one part of a union that is neither `null` nor `undefined`, and whether `null` and `undefined` were among them. */
export function nonNullPart(
  node: ts.TypeNode,
  checker: ts.TypeChecker,
): { part: ts.TypeNode; nullable: boolean; optional: boolean } | undefined {
  let part: ts.TypeNode | undefined;
  let nullable = false;
  let optional = false;
  for (const t of unionParts(node, checker)) {
    if (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) nullable = true;
    else if (t.kind === ts.SyntaxKind.UndefinedKeyword) optional = true;
    else if (part === undefined) part = t;
    else return undefined;
  }
  return part === undefined ? undefined : { part, nullable, optional };
}

/**
 * The state type of an integer annotation, alone or in a union with `null` and `undefined`; else undefined.
 * `element`: the type of a collection's element, which a union with `undefined` leaves unlisted (an element may then
 * hold undefined, which the types listed cannot say; a field left unset is skipped instead).
 */
export function integerType(node: ts.TypeNode, checker: ts.TypeChecker, element = false): IntType | undefined {
  const found = nonNullPart(node, checker);
  if (found === undefined || (element && found.optional)) return undefined;
  const int = integerName(found.part, checker);
  if (int === undefined) return undefined;
  return found.nullable ? `${int} | null` : int;
}

/**
 * The shape of an integer leaf of nested state: `'u8'`, `'u8 | null'`, and for a collection's element or a tuple
 * item (`element`) that may be undefined, `'u8 | undefined'` or `'u8 | null | undefined'` (a field or an object member
 * left unset is skipped by the check instead, so `| undefined` adds nothing there).
 */
export function leafType(node: ts.TypeNode, checker: ts.TypeChecker, element: boolean): StateLeaf | undefined {
  const found = nonNullPart(node, checker);
  if (found === undefined) return undefined;
  const int = integerName(found.part, checker);
  if (int === undefined) return undefined;
  return leafOf(int, found.nullable, element && found.optional);
}

/** An integer leaf of a nested shape, with what empty values it may hold. */
export type StateLeaf = Extract<StateShapeDef, string>;

/** The leaf of `int` that may also hold null and (`optional`) undefined, in the one order the emitter writes. */
export function leafOf(int: StateIntegerType, nullable: boolean, optional: boolean): StateLeaf {
  return `${int}${nullable ? ' | null' : ''}${optional ? ' | undefined' : ''}` as StateLeaf;
}

/** The integer type of a leaf and whether it may hold null and undefined (`'u8 | null'` is u8, nullable). */
export function leafParts(leaf: StateLeaf): { int: StateIntegerType; nullable: boolean; optional: boolean } {
  const [int, ...rest] = leaf.split(' | ');
  return { int: int as StateIntegerType, nullable: rest.includes('null'), optional: rest.includes('undefined') };
}

/** The integer wire type a reference names (`u32`, or the SDK's `u32` imported under another name). */
function integerName(node: ts.TypeNode, checker: ts.TypeChecker): StateIntegerType | undefined {
  if (!ts.isTypeReferenceNode(node) || node.typeArguments !== undefined) return undefined;
  if (ts.isIdentifier(node.typeName) && INTEGER_TYPES.has(node.typeName.text)) return node.typeName.text as StateIntegerType;
  // `import { type u32 as U32 }` or `sdk.u32`: the declaration is the SDK's own alias.
  const decl = aliasDeclaration(node, checker);
  if (decl !== undefined && isSdkFileName(decl.getSourceFile().fileName) && INTEGER_TYPES.has(decl.name.text)) {
    return decl.name.text as StateIntegerType;
  }
  return undefined;
}

/** The declaration of the non-generic type alias a reference names, if it names one. */
function aliasDeclaration(node: ts.TypeNode, checker: ts.TypeChecker): ts.TypeAliasDeclaration | undefined {
  if (!ts.isTypeReferenceNode(node) || node.typeArguments !== undefined) return undefined;
  const symbol = resolveSymbol(checker, node.typeName);
  const decl = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
  return decl !== undefined && decl.typeParameters === undefined ? decl : undefined;
}

/**
 * The type a project alias stands for (`type Amount = u128`), to read through it; undefined for anything else. The
 * SDK's own aliases are not opened: `u32` is an integer by its name, and `ActorId` is not one.
 */
function aliasedType(node: ts.TypeNode, checker: ts.TypeChecker): ts.TypeNode | undefined {
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && INTEGER_TYPES.has(node.typeName.text)) return undefined;
  const decl = aliasDeclaration(node, checker);
  if (decl === undefined || isSdkFileName(decl.getSourceFile().fileName)) return undefined;
  return decl.type;
}
