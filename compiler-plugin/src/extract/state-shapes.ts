// The shapes of state fields whose integers sit deeper than a field or a collection's elements (`config: { fee: u16
// }`, `Map<ActorId, { balance: u128 }>`, `Map<K, [u128, u64]>`, `u32[][]`): where each integer leaf sits, for the
// runtime to range-check what a segment writes there. Read from the annotations as written: object type literals,
// project interfaces and classes (with the members of the project types they extend), tuples, arrays, Sets, Maps
// and records, through aliases, generic ones with their type arguments put in (`type Ledger<T> = Map<ActorId, T>`,
// `interface Box<T> { v: T }`). A type that refers to itself (`interface Tree { v: u8; kids: Tree[] }`, `type List =
// { head: u64; next: List | null }`) is opened once, and where it comes back the shape says so with a back-reference,
// `{ kind: 'ref', up: n }` (the n-th container above), which the runtime reads as a cycle: its integers are checked
// at any depth. An element or a tuple item that may be undefined (`(u8 | undefined)[]`, `[u8, u16?]`) is listed with
// `| undefined` (a container with `optional: true`), so undefined passes there. Not opened: a generic type that
// refers to itself with other type arguments (`interface Nest<T> { v: T; inner: Nest<T[]> }`, which has no finite
// shape), and a Map key that is not an integer.
import { ts } from 'ts-morph';
import type { StateShapeDef } from '../manifest/types.js';
import { isSdkFileName, resolveSymbol } from './resolve.js';
import { pruneRefs, withEmpty } from './state-shape-refs.js';
import { leafType, nonNullPart } from './state-types.js';

/** Types opened at most this deep (a chain of containers and declarations). */
const MAX_DEPTH = 32;

/** What a type parameter stands for: the argument as written, read in the scope where it was written. */
interface Bound {
  readonly node: ts.TypeNode;
  readonly scope: Scope;
}

/**
 * A type being opened above: a container's node read with the type parameters in reach (`params`), or a project
 * declaration read with its type arguments (`args`); `depth`: the container its shape is (undefined for a type
 * extended, whose members join the shape of the type that extends it).
 */
interface Open {
  readonly node: ts.Node;
  readonly params?: ReadonlyMap<string, Bound>;
  readonly args?: readonly Bound[];
  readonly depth: number | undefined;
}

/**
 * Where a type is read: the types being opened above it (to refer back to one that comes again), the type
 * parameters in reach, by name, and how many containers the shape has above this place.
 */
interface Scope {
  readonly open: readonly Open[];
  readonly params: ReadonlyMap<string, Bound>;
  readonly depth: number;
}

const TOP: Scope = { open: [], params: new Map(), depth: 0 };

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

/** `node` as it is read at `at`: a parameter's argument in the scope it was written in, at the depth of `at`. */
function bindHere(node: ts.TypeNode, at: Scope): Bound {
  const bound = bind(node, at);
  return bound.scope === at ? bound : { node: bound.node, scope: { ...bound.scope, depth: at.depth } };
}

/** The scope one container further down. */
function below(scope: Scope): Scope {
  return { ...scope, depth: scope.depth + 1 };
}

/** A back-reference from `scope` to the container of the type `open` opened. */
function refTo(open: Open, scope: Scope): StateShapeDef {
  return { kind: 'ref', up: scope.depth - (open.depth as number) };
}

/**
 * The scope inside a generic declaration referred to with `args` (read in `outer`), with `open` above it and what
 * each parameter stands for, or undefined when they do not fit.
 */
function genericScope(
  params: readonly ts.TypeParameterDeclaration[] | undefined,
  args: readonly ts.TypeNode[] | undefined,
  outer: Scope,
  open: (bound: readonly Bound[]) => readonly Open[],
): Scope | undefined {
  const bound = new Map<string, Bound>();
  const inner: { open: readonly Open[]; params: ReadonlyMap<string, Bound>; depth: number } = {
    open: [],
    params: bound,
    depth: outer.depth,
  };
  const list = params ?? [];
  if ((args?.length ?? 0) > list.length) return undefined;
  const resolved: Bound[] = [];
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as ts.TypeParameterDeclaration;
    const arg = args?.[i];
    // A default is read inside the declaration, where the parameters before it are in reach.
    const b: Bound | undefined =
      arg !== undefined ? { node: arg, scope: outer } : p.default !== undefined ? { node: p.default, scope: inner } : undefined;
    if (b === undefined) return undefined;
    bound.set(p.name.text, b);
    resolved.push(bind(b.node, b.scope));
  }
  // The declaration is opened with what its parameters stand for, which tells it apart from another use of it.
  inner.open = open(resolved);
  return inner;
}

/** Whether two arguments stand for the same type: one argument read in one scope, or one integer leaf. */
function sameBound(a: Bound, b: Bound, checker: ts.TypeChecker): boolean {
  if (a.node === b.node && a.scope.params === b.scope.params) return true;
  const leaf = leafType(a.node, checker, true);
  return leaf !== undefined && leaf === leafType(b.node, checker, true);
}

/**
 * The shape of a field's type: its integers, or undefined when it holds none that can be listed. Back-references
 * that lead to no integer are dropped.
 */
export function shapeOf(typeNode: ts.TypeNode, checker: ts.TypeChecker): StateShapeDef | undefined {
  const shape = readShape(typeNode, checker, false, TOP);
  return shape === undefined ? undefined : pruneRefs(shape);
}

/** The shape of a collection field `name<...args>`, or undefined for a name that is not one. */
export function referenceShape(name: string, args: readonly ts.TypeNode[], checker: ts.TypeChecker): StateShapeDef | undefined {
  const shape = readReference(name, args, checker, TOP);
  return shape === undefined ? undefined : pruneRefs(shape);
}

/**
 * The shape of a type's integers, or undefined when it holds none that can be listed. `element`: the type of a
 * collection's element or tuple item, where a union with `undefined` makes undefined pass (`'u8 | undefined'`); a
 * field or an object member may be left unset anyway.
 */
function readShape(typeNode: ts.TypeNode, checker: ts.TypeChecker, element: boolean, at: Scope): StateShapeDef | undefined {
  const { node, scope } = bindHere(typeNode, at);
  const leaf = leafType(node, checker, element);
  if (leaf !== undefined) return leaf;
  if (scope.open.length > MAX_DEPTH) return undefined;
  const found = nonNullPart(node, checker);
  if (found === undefined) return undefined;
  const inner = partShape(found.part, checker, element, scope);
  return inner === undefined ? undefined : withEmpty(inner, found.nullable, element && found.optional);
}

/** The shape of a collection `name<...args>` read at `scope`, or undefined for a name that is not one. */
function readReference(name: string, args: readonly ts.TypeNode[], checker: ts.TypeChecker, scope: Scope): StateShapeDef | undefined {
  const inside = below(scope);
  if ((name === 'Array' || name === 'ReadonlyArray' || name === 'Set' || name === 'ReadonlySet') && args.length === 1) {
    const item = readShape(args[0] as ts.TypeNode, checker, true, inside);
    return item === undefined ? undefined : { kind: name.endsWith('Set') ? 'set' : 'array', item };
  }
  if ((name === 'Map' || name === 'ReadonlyMap') && args.length === 2) {
    // A key is an integer or not listed: an object key is found by identity, never written in place.
    const keyNode = bind(args[0] as ts.TypeNode, scope).node;
    const key = leafType(keyNode, checker, true);
    const value = readShape(args[1] as ts.TypeNode, checker, true, inside);
    if (key === undefined && value === undefined) return undefined;
    return { kind: 'map', ...(key === undefined ? {} : { key }), ...(value === undefined ? {} : { value }) };
  }
  if (name === 'Record' && args.length === 2) {
    const item = readShape(args[1] as ts.TypeNode, checker, true, inside);
    return item === undefined ? undefined : { kind: 'record', item };
  }
  return undefined;
}

/**
 * Whether a shape has integers deeper than a field or a top-level collection's keys and elements, or elements that
 * may be undefined (which the `state` list cannot say).
 */
export function isNested(shape: StateShapeDef): boolean {
  if (typeof shape === 'string') return shape.endsWith(' | undefined');
  const deep = (s: StateShapeDef | undefined): boolean => s !== undefined && (typeof s !== 'string' || isNested(s));
  switch (shape.kind) {
    case 'object':
    case 'tuple':
    case 'ref':
      return true;
    case 'map':
      return deep(shape.key) || deep(shape.value);
    default:
      return deep(shape.item);
  }
}

/** The shape of one non-null part of a type. */
function partShape(node: ts.TypeNode, checker: ts.TypeChecker, element: boolean, scope: Scope): StateShapeDef | undefined {
  let t = node;
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) t = t.type;
  const bound = bindHere(t, scope);
  // `T | null` inside a generic type: T's argument, read where it was written.
  if (bound.node !== t) return readShape(bound.node, checker, element, bound.scope);
  // The same node read again with the same parameters, below itself (`type List = { next: List | null }` reaches its
  // type literal again through the alias): the shape refers back to it.
  const again = scope.open.find((o) => o.node === t && o.params === scope.params && o.depth !== undefined);
  if (again !== undefined) return refTo(again, scope);
  const here: Scope = { ...scope, open: [...scope.open, { node: t, params: scope.params, depth: scope.depth }] };
  if (ts.isArrayTypeNode(t)) return readReference('Array', [t.elementType], checker, here);
  if (ts.isTupleTypeNode(t)) return tupleShape(t, checker, here);
  if (ts.isTypeLiteralNode(t)) {
    const [only, ...rest] = t.members;
    if (only !== undefined && rest.length === 0 && ts.isIndexSignatureDeclaration(only)) {
      const key = only.parameters[0]?.type;
      return key?.kind === ts.SyntaxKind.StringKeyword ? readReference('Record', [key, only.type], checker, here) : undefined;
    }
    return membersShape(
      t.members.map((m) => [m, here] as const),
      checker,
      here.depth,
    );
  }
  if (!ts.isTypeReferenceNode(t)) return undefined;
  if (ts.isIdentifier(t.typeName) && t.typeArguments !== undefined) {
    const builtIn = readReference(t.typeName.text, t.typeArguments, checker, here);
    if (builtIn !== undefined || isCollectionName(t.typeName.text)) return builtIn;
  }
  return declaredShape(t, checker, here);
}

/** Names `readReference` reads as collections (their type arguments, not a declaration of the project). */
function isCollectionName(name: string): boolean {
  return ['Array', 'ReadonlyArray', 'Set', 'ReadonlySet', 'Map', 'ReadonlyMap', 'Record'].includes(name);
}

/**
 * The shape of a tuple's items (`[u128, u64]`, `[balance: u128, note: string]`), an optional one (`[u8, u16?]`)
 * passing undefined; a rest item ends the listing.
 */
function tupleShape(t: ts.TupleTypeNode, checker: ts.TypeChecker, scope: Scope): StateShapeDef | undefined {
  const items: (StateShapeDef | null)[] = [];
  for (const e of t.elements) {
    if (ts.isRestTypeNode(e) || (ts.isNamedTupleMember(e) && e.dotDotDotToken !== undefined)) return undefined;
    const optional = ts.isOptionalTypeNode(e) || (ts.isNamedTupleMember(e) && e.questionToken !== undefined);
    const type = ts.isNamedTupleMember(e) ? e.type : ts.isOptionalTypeNode(e) ? e.type : e;
    const item = readShape(type, checker, true, below(scope));
    items.push(item === undefined ? null : withEmpty(item, false, optional));
  }
  return items.some((i) => i !== null) ? { kind: 'tuple', items } : undefined;
}

/**
 * The shape of an object type's members with integers (property signatures or declarations with a type), each read
 * in its scope, one container below `depth`.
 */
function membersShape(members: readonly (readonly [ts.Node, Scope])[], checker: ts.TypeChecker, depth: number): StateShapeDef | undefined {
  const fields: Record<string, StateShapeDef> = {};
  for (const [m, scope] of members) {
    if (!ts.isPropertySignature(m) && !ts.isPropertyDeclaration(m)) continue;
    if (m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
    if (!ts.isIdentifier(m.name) && !ts.isStringLiteral(m.name)) continue;
    // A member declared again (below the type it extends) says what it holds now, integer or not.
    const shape = m.type === undefined ? undefined : readShape(m.type, checker, false, { ...scope, depth: depth + 1 });
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
 * types it extends), its type arguments put in for its parameters. A type already being opened above with the same
 * type arguments refers back to it; with others (`Nest<T[]>` inside `Nest<T>`) it is not opened.
 */
function declaredShape(t: ts.TypeReferenceNode, checker: ts.TypeChecker, scope: Scope): StateShapeDef | undefined {
  const own = ownDeclarations(checker, t.typeName);
  const first = own[0];
  if (first === undefined) return undefined;
  const opened = scope.open.filter((o) => o.node === first && o.depth !== undefined);
  let again: Open | undefined;
  let other = false;
  const enter = (args: readonly Bound[]): readonly Open[] => {
    again = opened.find((o) => o.args?.length === args.length && o.args.every((a, i) => sameBound(a, args[i] as Bound, checker)));
    other = opened.length > 0;
    return [...scope.open, { node: first, args, depth: scope.depth }];
  };
  if (ts.isTypeAliasDeclaration(first)) {
    const inner = genericScope(first.typeParameters, t.typeArguments, scope, enter);
    if (again !== undefined) return refTo(again, scope);
    return inner === undefined || other ? undefined : readShape(first.type, checker, false, inner);
  }
  const shapes = own.filter((d): d is ObjectDeclaration => ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d));
  if (shapes.length === 0) return undefined;
  // Merged declarations of one interface share its parameters: the first one's names them.
  const inner = genericScope(shapes[0]?.typeParameters, t.typeArguments, scope, enter);
  if (again !== undefined) return refTo(again, scope);
  return inner === undefined || other ? undefined : membersShape(inheritedMembers(shapes, checker, inner), checker, scope.depth);
}

/**
 * The members of interfaces or classes, each with the scope it is read in, after those of the project types they
 * extend (`interface Holder extends Account`, `extends Box<u128>`), so that a member declared again below wins. A
 * type already being extended (a cycle TypeScript refuses) is not read again.
 */
function inheritedMembers(decls: readonly ObjectDeclaration[], checker: ts.TypeChecker, scope: Scope): (readonly [ts.Node, Scope])[] {
  const members: (readonly [ts.Node, Scope])[] = [];
  for (const d of decls) {
    for (const clause of d.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const base of clause.types) {
        const bases = ownDeclarations(checker, base.expression).filter(
          (b): b is ObjectDeclaration =>
            (ts.isInterfaceDeclaration(b) || ts.isClassDeclaration(b)) && !scope.open.some((o) => o.node === b && o.depth === undefined),
        );
        if (bases.length === 0) continue;
        const open = [...scope.open, ...bases.map((b) => ({ node: b, depth: undefined }))];
        const inner = genericScope(bases[0]?.typeParameters, base.typeArguments, scope, () => open);
        if (inner !== undefined) members.push(...inheritedMembers(bases, checker, inner));
      }
    }
    for (const m of d.members) members.push([m, scope]);
  }
  return members;
}
