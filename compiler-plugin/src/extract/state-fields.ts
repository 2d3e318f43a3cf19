// The integer state of an actor class the runtime range-checks on commit: fields annotated with an integer wire
// type (`count: u32`), directly or through a type alias, and the integers inside top-level collection fields
// (`Map<ActorId, u128>`, `u32[]`, `Set<u8>`, `Record<string, u64>`). Read from the annotations as written, with
// aliases followed through the checker. Integers nested deeper (objects, tuples, nested collections) are listed
// with the shape of where they sit (state-shapes.ts); generic aliases are not opened.
import { ts } from 'ts-morph';
import type { NestedFieldDef, StateElement, StateFieldDef } from '../manifest/types.js';
import { isSdkFileName, resolveSymbol } from './resolve.js';
import { isNested, referenceShape, shapeOf } from './state-shapes.js';
import { type IntType, integerType, nonNullPart } from './state-types.js';

/** The names of the collections whose elements are listed, by the kind of element their one type argument types. */
const ITEM_COLLECTIONS: ReadonlyMap<string, StateElement> = new Map([
  ['Array', 'array-item'],
  ['ReadonlyArray', 'array-item'],
  ['Set', 'set-item'],
  ['ReadonlySet', 'set-item'],
]);

/**
 * Instance fields whose integers the runtime range-checks on commit, and (`nested`) those with integers deeper. A
 * field that may also be null (`best: u8 | null`) is listed as `'u8 | null'`, so its null passes and its number is
 * still checked; `| undefined` and `?` add nothing (the check skips an unset field). A collection field gets one
 * entry per kind of integer element it has, none for an element that may be undefined (`nested` lists it instead,
 * with `'u8 | undefined'` where undefined passes).
 */
export function stateFieldsOf(cls: ts.ClassDeclaration, checker: ts.TypeChecker): { state?: StateFieldDef[]; nested?: NestedFieldDef[] } {
  const state: StateFieldDef[] = [];
  // Fields with integers deeper than their elements: their direct integer keys and elements are listed in `state`
  // too, and the shape lists the rest.
  const nested: NestedFieldDef[] = [];
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
      const shape = referenceShape(built.name, built.args, checker);
      if (shape !== undefined && isNested(shape)) nested.push({ name, declared: built.declared, shape });
      continue;
    }
    const type = integerType(member.type, checker);
    if (type !== undefined) {
      state.push({ name, type });
      continue;
    }
    const declared = member.type.getText().replace(/\s+/g, ' ');
    const elements = collectionElements(member.type, checker);
    for (const { element, type } of elements) state.push({ name, type, element, declared });
    const shape = shapeOf(member.type, checker);
    // A collection the element listing cannot read (through a generic alias: `Ledger<u128>`) is checked as nested.
    if (shape !== undefined && typeof shape !== 'string' && (isNested(shape) || elements.length === 0)) {
      nested.push({ name, declared, shape });
    }
  }
  return { ...(state.length === 0 ? {} : { state }), ...(nested.length === 0 ? {} : { nested }) };
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
