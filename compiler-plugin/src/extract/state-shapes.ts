// The shapes of state fields whose integers sit deeper than a field or a collection's elements (`config: { fee: u16
// }`, `Map<ActorId, { balance: u128 }>`, `Map<K, [u128, u64]>`, `u32[][]`): where each integer leaf sits, for the
// runtime to range-check what a segment writes there. Read from the annotations as written: object type literals,
// project interfaces and classes (with the members of the project types they extend), tuples, arrays, Sets, Maps
// and records, through non-generic aliases. A generic type, a type that refers to itself (it has no finite shape)
// and a Map key that is not an integer are not opened: their integers are not listed.
import { ts } from 'ts-morph';
import type { StateShapeDef } from '../manifest/types.js';
import { isSdkFileName, resolveSymbol } from './resolve.js';
import { integerType, nonNullPart } from './state-types.js';

/** Types opened at most this deep (a chain of aliases and members). */
const MAX_DEPTH = 32;

/**
 * The shape of a type's integers, or undefined when it holds none that can be listed. `element`: the type of a
 * collection's element or tuple item, which a union with `undefined` leaves unlisted (as the collection check does);
 * a field or an object member may be left unset.
 */
export function shapeOf(
  node: ts.TypeNode,
  checker: ts.TypeChecker,
  element = false,
  open: readonly ts.Node[] = [],
): StateShapeDef | undefined {
  const int = integerType(node, checker, element);
  if (int !== undefined) return int;
  // An alias being opened above (`type Tree = { kids: Tree[]; v: u8 }`) refers to itself: it has no finite shape.
  const alias = ts.isTypeReferenceNode(node)
    ? resolveSymbol(checker, node.typeName)?.declarations?.find(ts.isTypeAliasDeclaration)
    : undefined;
  if (open.length > MAX_DEPTH || (alias !== undefined && open.includes(alias))) return undefined;
  const path = [...open, alias ?? node];
  const found = nonNullPart(node, checker);
  if (found === undefined || (element && found.optional)) return undefined;
  const inner = partShape(found.part, checker, path);
  if (inner === undefined || typeof inner === 'string' || !found.nullable) return inner;
  return { ...inner, nullable: true };
}

/** The shape of a collection `name<...args>`, or undefined for a name that is not one. */
export function referenceShape(
  name: string,
  args: readonly ts.TypeNode[],
  checker: ts.TypeChecker,
  open: readonly ts.Node[] = [],
): StateShapeDef | undefined {
  if ((name === 'Array' || name === 'ReadonlyArray' || name === 'Set' || name === 'ReadonlySet') && args.length === 1) {
    const item = shapeOf(args[0] as ts.TypeNode, checker, true, open);
    return item === undefined ? undefined : { kind: name.endsWith('Set') ? 'set' : 'array', item };
  }
  if ((name === 'Map' || name === 'ReadonlyMap') && args.length === 2) {
    // A key is an integer or not listed: an object key is found by identity, never written in place.
    const key = integerType(args[0] as ts.TypeNode, checker, true);
    const value = shapeOf(args[1] as ts.TypeNode, checker, true, open);
    if (key === undefined && value === undefined) return undefined;
    return { kind: 'map', ...(key === undefined ? {} : { key }), ...(value === undefined ? {} : { value }) };
  }
  if (name === 'Record' && args.length === 2) {
    const item = shapeOf(args[1] as ts.TypeNode, checker, true, open);
    return item === undefined ? undefined : { kind: 'record', item };
  }
  return undefined;
}

/** Whether a shape has integers deeper than a field or a top-level collection's keys and elements. */
export function isNested(shape: StateShapeDef): boolean {
  if (typeof shape === 'string') return false;
  switch (shape.kind) {
    case 'object':
    case 'tuple':
      return true;
    case 'map':
      return typeof (shape.key ?? '') !== 'string' || typeof (shape.value ?? '') !== 'string';
    default:
      return typeof shape.item !== 'string';
  }
}

/** The shape of one non-null part of a type. */
function partShape(node: ts.TypeNode, checker: ts.TypeChecker, open: readonly ts.Node[]): StateShapeDef | undefined {
  let t = node;
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) t = t.type;
  if (ts.isArrayTypeNode(t)) return referenceShape('Array', [t.elementType], checker, open);
  if (ts.isTupleTypeNode(t)) return tupleShape(t, checker, open);
  if (ts.isTypeLiteralNode(t)) {
    const [only, ...rest] = t.members;
    if (only !== undefined && rest.length === 0 && ts.isIndexSignatureDeclaration(only)) {
      const key = only.parameters[0]?.type;
      return key?.kind === ts.SyntaxKind.StringKeyword ? referenceShape('Record', [key, only.type], checker, open) : undefined;
    }
    return membersShape(t.members, checker, open);
  }
  if (!ts.isTypeReferenceNode(t)) return undefined;
  if (ts.isIdentifier(t.typeName) && t.typeArguments !== undefined) {
    return referenceShape(t.typeName.text, t.typeArguments, checker, open);
  }
  if (t.typeArguments !== undefined) return undefined;
  return declaredShape(t, checker, open);
}

/** The shape of a tuple's items (`[u128, u64]`, `[balance: u128, note: string]`); a rest item ends the listing. */
function tupleShape(t: ts.TupleTypeNode, checker: ts.TypeChecker, open: readonly ts.Node[]): StateShapeDef | undefined {
  const items: (StateShapeDef | null)[] = [];
  for (const e of t.elements) {
    if (ts.isRestTypeNode(e) || (ts.isNamedTupleMember(e) && e.dotDotDotToken !== undefined)) return undefined;
    // An optional item (`[u8, u16?]`) may be absent: it holds undefined, which an element's listing cannot say.
    const optional = ts.isOptionalTypeNode(e) || (ts.isNamedTupleMember(e) && e.questionToken !== undefined);
    const type = ts.isNamedTupleMember(e) ? e.type : e;
    items.push(optional ? null : (shapeOf(type, checker, true, open) ?? null));
  }
  return items.some((i) => i !== null) ? { kind: 'tuple', items } : undefined;
}

/** The shape of an object type's members with integers (property signatures or declarations with a type). */
function membersShape(members: readonly ts.Node[], checker: ts.TypeChecker, open: readonly ts.Node[]): StateShapeDef | undefined {
  const fields: Record<string, StateShapeDef> = {};
  for (const m of members) {
    if (!ts.isPropertySignature(m) && !ts.isPropertyDeclaration(m)) continue;
    if (m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
    if (!ts.isIdentifier(m.name) && !ts.isStringLiteral(m.name)) continue;
    // A member declared again (below the type it extends) says what it holds now, integer or not.
    const shape = m.type === undefined ? undefined : shapeOf(m.type, checker, false, open);
    if (shape === undefined) delete fields[m.name.text];
    else fields[m.name.text] = shape;
  }
  return Object.keys(fields).length > 0 ? { kind: 'object', fields } : undefined;
}

/**
 * The shape of a project interface or class a reference names (with the members of the types it extends), or of
 * the alias it names when `nonNullPart` left one (a generic alias is not opened). A type already being opened above
 * (it refers to itself) is not opened again.
 */
function declaredShape(t: ts.TypeReferenceNode, checker: ts.TypeChecker, open: readonly ts.Node[]): StateShapeDef | undefined {
  const decls = resolveSymbol(checker, t.typeName)?.declarations ?? [];
  const own = decls.filter((d) => !d.getSourceFile().isDeclarationFile && !isSdkFileName(d.getSourceFile().fileName));
  const first = own[0];
  if (first === undefined || open.includes(first)) return undefined;
  const inner = [...open, first];
  if (ts.isTypeAliasDeclaration(first)) return first.typeParameters === undefined ? shapeOf(first.type, checker, false, inner) : undefined;
  const shapes = own.filter(
    (d): d is ts.InterfaceDeclaration | ts.ClassDeclaration =>
      (ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d)) && d.typeParameters === undefined,
  );
  if (shapes.length === 0) return undefined;
  return membersShape(inheritedMembers(shapes, checker, inner), checker, inner);
}

/**
 * The members of interfaces or classes with those of the project types they extend (`interface Holder extends
 * Account`), the base's first so that a member declared again below it wins. A generic base (`extends Box<u8>`) and
 * a type already being opened are not read.
 */
function inheritedMembers(
  decls: readonly (ts.InterfaceDeclaration | ts.ClassDeclaration)[],
  checker: ts.TypeChecker,
  open: readonly ts.Node[],
): ts.Node[] {
  const members: ts.Node[] = [];
  for (const d of decls) {
    for (const clause of d.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const base of clause.types) {
        if (base.typeArguments !== undefined) continue;
        const bases = (resolveSymbol(checker, base.expression)?.declarations ?? []).filter(
          (b): b is ts.InterfaceDeclaration | ts.ClassDeclaration =>
            (ts.isInterfaceDeclaration(b) || ts.isClassDeclaration(b)) &&
            b.typeParameters === undefined &&
            !b.getSourceFile().isDeclarationFile &&
            !isSdkFileName(b.getSourceFile().fileName) &&
            !open.includes(b),
        );
        if (bases.length > 0) members.push(...inheritedMembers(bases, checker, [...open, ...bases]));
      }
    }
    members.push(...d.members);
  }
  return members;
}
