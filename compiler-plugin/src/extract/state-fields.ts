// The integer state of an actor class the runtime range-checks on commit: fields annotated with an integer wire
// type (`count: u32`), directly or through a type alias, and the integers inside top-level collection fields
// (`Map<ActorId, u128>`, `u32[]`, `Set<u8>`, `Record<string, u64>`). Read from the annotations as written, with
// aliases followed through the checker; anything else (nested collections, object types, generic aliases) is not
// listed, and the runtime does not check it at commit.
import { ts } from 'ts-morph';
import type { StateElement, StateFieldDef, StateIntegerType } from '../manifest/types.js';
import { isSdkFileName, resolveSymbol } from './resolve.js';

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

/** The names of the collections whose elements are listed, by the kind of element their one type argument types. */
const ITEM_COLLECTIONS: ReadonlyMap<string, StateElement> = new Map([
  ['Array', 'array-item'],
  ['ReadonlyArray', 'array-item'],
  ['Set', 'set-item'],
  ['ReadonlySet', 'set-item'],
]);

/** Aliases followed at most this deep (`type A = B; type B = A` would not end otherwise). */
const MAX_ALIAS_DEPTH = 16;

type IntType = StateFieldDef['type'];

/**
 * Instance fields whose integers the runtime range-checks on commit. A field that may also be null (`best: u8 |
 * null`) is listed as `'u8 | null'`, so its null passes and its number is still checked; `| undefined` and `?` add
 * nothing (the check skips an unset field). A collection field gets one entry per kind of integer element it has,
 * none for an element that may be undefined.
 */
export function stateFieldsOf(cls: ts.ClassDeclaration, checker: ts.TypeChecker): { state?: StateFieldDef[] } {
  const state: StateFieldDef[] = [];
  // A field redeclared by a subclass is listed as the subclass declares it (the class itself comes first).
  const seen = new Set<string>();
  for (const member of [cls, ...userBaseClasses(cls, checker)].flatMap((c) => [...c.members])) {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
    if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const name = member.name.text;
    if (seen.has(name)) continue;
    seen.add(name);
    if (member.type === undefined) {
      // `balances = new Map<ActorId, u128>()` types the field by its initializer's type arguments.
      const built = constructed(member.initializer);
      if (built === undefined) continue;
      for (const { element, type } of referenceElements(built.name, built.args, checker)) {
        state.push({ name, type, element, declared: built.declared });
      }
      continue;
    }
    const type = integerType(member.type, checker);
    if (type !== undefined) {
      state.push({ name, type });
      continue;
    }
    const declared = member.type.getText().replace(/\s+/g, ' ');
    for (const { element, type } of collectionElements(member.type, checker)) state.push({ name, type, element, declared });
  }
  return state.length === 0 ? {} : { state };
}

/**
 * The classes `cls` extends between it and the sdk's `Actor`, nearest first: their fields are the actor's state too.
 * A base class from a declaration file (a compiled library) or from the sdk ends the walk: its fields' annotations
 * are not ones the user wrote here.
 */
function userBaseClasses(cls: ts.ClassDeclaration, checker: ts.TypeChecker): ts.ClassDeclaration[] {
  const bases: ts.ClassDeclaration[] = [];
  let current = cls;
  for (let depth = 0; depth < 32; depth++) {
    const extended = current.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (extended === undefined) break;
    const base = resolveSymbol(checker, extended)?.declarations?.find(ts.isClassDeclaration);
    if (base === undefined || bases.includes(base)) break;
    const file = base.getSourceFile();
    if (file.isDeclarationFile || isSdkFileName(file.fileName)) break;
    bases.push(base);
    current = base;
  }
  return bases;
}

/**
 * The collection an unannotated field's initializer constructs with explicit type arguments (`new Map<ActorId,
 * u128>()`): its name, its type arguments and how it reads as a type. A type assertion (`new Map() as Map<K, V>`) is
 * left out: an annotation says the same, and is what the field should have.
 */
function constructed(init: ts.Expression | undefined): { name: string; args: readonly ts.TypeNode[]; declared: string } | undefined {
  let e = init;
  while (e !== undefined && ts.isParenthesizedExpression(e)) e = e.expression;
  if (e === undefined || !ts.isNewExpression(e) || !ts.isIdentifier(e.expression) || e.typeArguments === undefined) return undefined;
  const args = e.typeArguments;
  const declared = `${e.expression.text}<${args.map((a) => a.getText().replace(/\s+/g, ' ')).join(', ')}>`;
  return { name: e.expression.text, args, declared };
}

/** The parts of a union, through parentheses and the aliases it names (`type Score = u8 | null`). */
function unionParts(node: ts.TypeNode, checker: ts.TypeChecker, depth = 0): ts.TypeNode[] {
  const inner = ts.isParenthesizedTypeNode(node) ? node.type : node;
  if (ts.isUnionTypeNode(inner)) return inner.types.flatMap((t) => unionParts(t, checker, depth));
  const aliased = depth < MAX_ALIAS_DEPTH ? aliasedType(inner, checker) : undefined;
  return aliased === undefined ? [inner] : unionParts(aliased, checker, depth + 1);
}

/** The one part of a union that is neither `null` nor `undefined`, and whether `null` and `undefined` were among them. */
function nonNullPart(node: ts.TypeNode, checker: ts.TypeChecker): { part: ts.TypeNode; nullable: boolean; optional: boolean } | undefined {
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
function integerType(node: ts.TypeNode, checker: ts.TypeChecker, element = false): IntType | undefined {
  const found = nonNullPart(node, checker);
  if (found === undefined || (element && found.optional)) return undefined;
  const int = integerName(found.part, checker);
  if (int === undefined) return undefined;
  return found.nullable ? `${int} | null` : int;
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

/** The integer elements of a collection annotation (`Map<K, u32>`, `u32[]`, `Set<u8>`, `Record<string, u64>`). */
function collectionElements(node: ts.TypeNode, checker: ts.TypeChecker): { element: StateElement; type: IntType }[] {
  const found = nonNullPart(node, checker);
  if (found === undefined) return [];
  let t = found.part;
  // `readonly u32[]`
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) t = t.type;
  const of = (element: StateElement, arg: ts.TypeNode | undefined): { element: StateElement; type: IntType }[] => {
    const type = arg === undefined ? undefined : integerType(arg, checker, true);
    return type === undefined ? [] : [{ element, type }];
  };
  if (ts.isArrayTypeNode(t)) return of('array-item', t.elementType);
  if (ts.isTypeLiteralNode(t)) {
    // `{ [k: string]: u32 }` and nothing else: a type with named members is an object, not a record.
    const [only, ...rest] = t.members;
    if (only === undefined || rest.length > 0 || !ts.isIndexSignatureDeclaration(only)) return [];
    const key = only.parameters[0]?.type;
    return key?.kind === ts.SyntaxKind.StringKeyword ? of('record-value', only.type) : [];
  }
  if (!ts.isTypeReferenceNode(t) || !ts.isIdentifier(t.typeName)) return [];
  return referenceElements(t.typeName.text, t.typeArguments ?? [], checker);
}

/** The integer elements of the collection `name<...args>` (`Map<K, u32>`, `Set<u8>`, `Record<string, u64>`). */
function referenceElements(
  name: string,
  args: readonly ts.TypeNode[],
  checker: ts.TypeChecker,
): { element: StateElement; type: IntType }[] {
  const of = (element: StateElement, arg: ts.TypeNode | undefined): { element: StateElement; type: IntType }[] => {
    const type = arg === undefined ? undefined : integerType(arg, checker, true);
    return type === undefined ? [] : [{ element, type }];
  };
  const items = ITEM_COLLECTIONS.get(name);
  if (items !== undefined && args.length === 1) return of(items, args[0]);
  if ((name === 'Map' || name === 'ReadonlyMap') && args.length === 2) return [...of('map-key', args[0]), ...of('map-value', args[1])];
  if (name === 'Record' && args.length === 2) return of('record-value', args[1]);
  return [];
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
