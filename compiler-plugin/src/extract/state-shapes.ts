// The shapes of state fields whose integers sit deeper than a field or a collection's elements (`config: { fee: u16
// }`, `Map<ActorId, { balance: u128 }>`, `Map<K, [u128, u64]>`, `u32[][]`): where each integer leaf sits, for the
// runtime to range-check what a segment writes there. Read from the annotations as written: object type literals,
// project interfaces and classes (with the members of the project types they extend), tuples, arrays, Sets, Maps
// and records, through aliases, generic ones with their type arguments put in (`type Ledger<T> = Map<ActorId, T>`,
// `interface Box<T> { v: T }`). A type that refers to itself (it has no finite shape) and a Map key that is not an
// integer are not opened: their integers are not listed.
import { ts } from 'ts-morph';
import type { StateShapeDef } from '../manifest/types.js';
import { isSdkFileName, resolveSymbol } from './resolve.js';
import { integerType, nonNullPart } from './state-types.js';

/** Types opened at most this deep (a chain of aliases and members). */
const MAX_DEPTH = 32;

/** What a type parameter stands for: the argument as written, read in the scope where it was written. */
interface Bound {
  readonly node: ts.TypeNode;
  readonly scope: Scope;
}

/** Where a type is read: the declarations being opened above it (to stop at one that refers to itself) and the type
 * parameters in reach, by name. */
interface Scope {
  readonly open: readonly ts.Node[];
  readonly params: ReadonlyMap<string, Bound>;
}

const TOP: Scope = { open: [], params: new Map() };

/** What `node` stands for when it names a type parameter in reach (followed through parameters of outer scopes). */
function bind(node: ts.TypeNode, scope: Scope): Bound {
  let bound: Bound = { node, scope };
  for (let i = 0; i < MAX_DEPTH; i++) {
    const n = bound.node;
    if (!ts.isTypeReferenceNode(n) || n.typeArguments !== undefined || !ts.isIdentifier(n.typeName)) return bound;
    const next = bound.scope.params.get(n.typeName.text);
    if (next === undefined) return bound;
    bound = next;
  }
  return bound;
}

/** The scope inside a generic declaration referred to with `args` (read in `outer`), or undefined when they do not fit. */
function genericScope(
  params: readonly ts.TypeParameterDeclaration[] | undefined,
  args: readonly ts.TypeNode[] | undefined,
  outer: Scope,
  open: readonly ts.Node[],
): Scope | undefined {
  const bound = new Map<string, Bound>();
  const inner: Scope = { open, params: bound };
  const list = params ?? [];
  if ((args?.length ?? 0) > list.length) return undefined;
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as ts.TypeParameterDeclaration;
    const arg = args?.[i];
    // A default is read inside the declaration, where the parameters before it are in reach.
    if (arg !== undefined) bound.set(p.name.text, { node: arg, scope: outer });
    else if (p.default !== undefined) bound.set(p.name.text, { node: p.default, scope: inner });
    else return undefined;
  }
  return inner;
}

/**
 * The shape of a type's integers, or undefined when it holds none that can be listed. `element`: the type of a
 * collection's element or tuple item, which a union with `undefined` leaves unlisted (as the collection check does);
 * a field or an object member may be left unset.
 */
export function shapeOf(typeNode: ts.TypeNode, checker: ts.TypeChecker, element = false, at: Scope = TOP): StateShapeDef | undefined {
  const { node, scope } = bind(typeNode, at);
  const int = integerType(node, checker, element);
  if (int !== undefined) return int;
  // An alias being opened above (`type Tree = { kids: Tree[]; v: u8 }`) refers to itself: it has no finite shape.
  // (Only a plain alias, which nonNullPart reads through: a generic one is opened, and guarded, by declaredShape.)
  const named = ts.isTypeReferenceNode(node) && node.typeArguments === undefined ? node.typeName : undefined;
  const aliasDecl = named === undefined ? undefined : resolveSymbol(checker, named)?.declarations?.find(ts.isTypeAliasDeclaration);
  const alias = aliasDecl?.typeParameters === undefined ? aliasDecl : undefined;
  // A parameter sends the reading back to the scope its argument was written in, with what was open there:
  // `Box<Box<u8>>` opens Box twice without referring to itself, and an argument is a finite part of the source.
  const open = scope.open;
  if (open.length > MAX_DEPTH || (alias !== undefined && open.includes(alias))) return undefined;
  const path: Scope = { open: [...open, alias ?? node], params: scope.params };
  const found = nonNullPart(node, checker);
  if (found === undefined || (element && found.optional)) return undefined;
  const inner = partShape(found.part, checker, element, path);
  if (inner === undefined || !found.nullable) return inner;
  if (typeof inner !== 'string') return { ...inner, nullable: true };
  // A type parameter that stands for an integer (`T | null` with T = u8).
  return inner.endsWith(' | null') ? inner : (`${inner} | null` as StateShapeDef);
}

/** The shape of a collection `name<...args>`, or undefined for a name that is not one. */
export function referenceShape(
  name: string,
  args: readonly ts.TypeNode[],
  checker: ts.TypeChecker,
  scope: Scope = TOP,
): StateShapeDef | undefined {
  if ((name === 'Array' || name === 'ReadonlyArray' || name === 'Set' || name === 'ReadonlySet') && args.length === 1) {
    const item = shapeOf(args[0] as ts.TypeNode, checker, true, scope);
    return item === undefined ? undefined : { kind: name.endsWith('Set') ? 'set' : 'array', item };
  }
  if ((name === 'Map' || name === 'ReadonlyMap') && args.length === 2) {
    // A key is an integer or not listed: an object key is found by identity, never written in place.
    const keyNode = bind(args[0] as ts.TypeNode, scope).node;
    const key = integerType(keyNode, checker, true);
    const value = shapeOf(args[1] as ts.TypeNode, checker, true, scope);
    if (key === undefined && value === undefined) return undefined;
    return { kind: 'map', ...(key === undefined ? {} : { key }), ...(value === undefined ? {} : { value }) };
  }
  if (name === 'Record' && args.length === 2) {
    const item = shapeOf(args[1] as ts.TypeNode, checker, true, scope);
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
function partShape(node: ts.TypeNode, checker: ts.TypeChecker, element: boolean, scope: Scope): StateShapeDef | undefined {
  let t = node;
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) t = t.type;
  const bound = bind(t, scope);
  // `T | null` inside a generic type: T's argument, read where it was written.
  if (bound.node !== t) return shapeOf(bound.node, checker, element, bound.scope);
  if (ts.isArrayTypeNode(t)) return referenceShape('Array', [t.elementType], checker, scope);
  if (ts.isTupleTypeNode(t)) return tupleShape(t, checker, scope);
  if (ts.isTypeLiteralNode(t)) {
    const [only, ...rest] = t.members;
    if (only !== undefined && rest.length === 0 && ts.isIndexSignatureDeclaration(only)) {
      const key = only.parameters[0]?.type;
      return key?.kind === ts.SyntaxKind.StringKeyword ? referenceShape('Record', [key, only.type], checker, scope) : undefined;
    }
    return membersShape(
      t.members.map((m) => [m, scope] as const),
      checker,
    );
  }
  if (!ts.isTypeReferenceNode(t)) return undefined;
  if (ts.isIdentifier(t.typeName) && t.typeArguments !== undefined) {
    const builtIn = referenceShape(t.typeName.text, t.typeArguments, checker, scope);
    if (builtIn !== undefined || isCollectionName(t.typeName.text)) return builtIn;
  }
  return declaredShape(t, checker, scope);
}

/** Names `referenceShape` reads as collections (their type arguments, not a declaration of the project). */
function isCollectionName(name: string): boolean {
  return ['Array', 'ReadonlyArray', 'Set', 'ReadonlySet', 'Map', 'ReadonlyMap', 'Record'].includes(name);
}

/** The shape of a tuple's items (`[u128, u64]`, `[balance: u128, note: string]`); a rest item ends the listing. */
function tupleShape(t: ts.TupleTypeNode, checker: ts.TypeChecker, scope: Scope): StateShapeDef | undefined {
  const items: (StateShapeDef | null)[] = [];
  for (const e of t.elements) {
    if (ts.isRestTypeNode(e) || (ts.isNamedTupleMember(e) && e.dotDotDotToken !== undefined)) return undefined;
    // An optional item (`[u8, u16?]`) may be absent: it holds undefined, which an element's listing cannot say.
    const optional = ts.isOptionalTypeNode(e) || (ts.isNamedTupleMember(e) && e.questionToken !== undefined);
    const type = ts.isNamedTupleMember(e) ? e.type : e;
    items.push(optional ? null : (shapeOf(type, checker, true, scope) ?? null));
  }
  return items.some((i) => i !== null) ? { kind: 'tuple', items } : undefined;
}

/** The shape of an object type's members with integers (property signatures or declarations with a type), each read in its scope. */
function membersShape(members: readonly (readonly [ts.Node, Scope])[], checker: ts.TypeChecker): StateShapeDef | undefined {
  const fields: Record<string, StateShapeDef> = {};
  for (const [m, scope] of members) {
    if (!ts.isPropertySignature(m) && !ts.isPropertyDeclaration(m)) continue;
    if (m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
    if (!ts.isIdentifier(m.name) && !ts.isStringLiteral(m.name)) continue;
    // A member declared again (below the type it extends) says what it holds now, integer or not.
    const shape = m.type === undefined ? undefined : shapeOf(m.type, checker, false, scope);
    if (shape === undefined) delete fields[m.name.text];
    else fields[m.name.text] = shape;
  }
  return Object.keys(fields).length > 0 ? { kind: 'object', fields } : undefined;
}

/** A project interface or class (generic or not), as `declaredShape` and `inheritedMembers` open it. */
type ObjectDeclaration = ts.InterfaceDeclaration | ts.ClassDeclaration;

/** The declarations of the project a reference names (none from a declaration file or the sdk). */
function ownDeclarations(checker: ts.TypeChecker, name: ts.Node): ts.Declaration[] {
  return (resolveSymbol(checker, name)?.declarations ?? []).filter(
    (d) => !d.getSourceFile().isDeclarationFile && !isSdkFileName(d.getSourceFile().fileName),
  );
}

/**
 * The shape of a project interface, class or alias a reference names (an interface or class with the members of the
 * types it extends), its type arguments put in for its parameters. A type already being opened above (it refers to
 * itself) is not opened again.
 */
function declaredShape(t: ts.TypeReferenceNode, checker: ts.TypeChecker, scope: Scope): StateShapeDef | undefined {
  const own = ownDeclarations(checker, t.typeName);
  const first = own[0];
  if (first === undefined || scope.open.includes(first)) return undefined;
  const open = [...scope.open, first];
  if (ts.isTypeAliasDeclaration(first)) {
    const inner = genericScope(first.typeParameters, t.typeArguments, scope, open);
    return inner === undefined ? undefined : shapeOf(first.type, checker, false, inner);
  }
  const shapes = own.filter((d): d is ObjectDeclaration => ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d));
  if (shapes.length === 0) return undefined;
  // Merged declarations of one interface share its parameters: the first one's names them.
  const inner = genericScope(shapes[0]?.typeParameters, t.typeArguments, scope, open);
  return inner === undefined ? undefined : membersShape(inheritedMembers(shapes, checker, inner), checker);
}

/**
 * The members of interfaces or classes, each with the scope it is read in, after those of the project types they
 * extend (`interface Holder extends Account`, `extends Box<u128>`), so that a member declared again below wins. A
 * type already being opened is not read again.
 */
function inheritedMembers(decls: readonly ObjectDeclaration[], checker: ts.TypeChecker, scope: Scope): (readonly [ts.Node, Scope])[] {
  const members: (readonly [ts.Node, Scope])[] = [];
  for (const d of decls) {
    for (const clause of d.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const base of clause.types) {
        const bases = ownDeclarations(checker, base.expression).filter(
          (b): b is ObjectDeclaration => (ts.isInterfaceDeclaration(b) || ts.isClassDeclaration(b)) && !scope.open.includes(b),
        );
        if (bases.length === 0) continue;
        const open = [...scope.open, ...bases];
        const inner = genericScope(bases[0]?.typeParameters, base.typeArguments, scope, open);
        if (inner !== undefined) members.push(...inheritedMembers(bases, checker, inner));
      }
    }
    for (const m of d.members) members.push([m, scope]);
  }
  return members;
}
