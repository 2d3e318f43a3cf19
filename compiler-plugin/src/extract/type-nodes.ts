// Small helpers over TypeScript type nodes: stable node ids, names, unions, tags and type-parameter rebinding.
import type { TypeRef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import type { Env, ShapeMember } from './map-context.js';
import { isLibFile, propertyNameText, unwrapParens } from './resolve.js';

let nextNodeId = 1;
const nodeIds = new WeakMap<ts.Node, number>();
/** A stable number per node (for cache keys). */
export function nodeId(node: ts.Node): number {
  let id = nodeIds.get(node);
  if (id === undefined) {
    id = nextNodeId++;
    nodeIds.set(node, id);
  }
  return id;
}

/** The rightmost identifier of an entity name (`a.B` → `B`). */
export function nameOf(name: ts.EntityName): ts.Identifier {
  return ts.isQualifiedName(name) ? name.right : name;
}

/** Whether a symbol is declared in a TypeScript lib file. */
export function isLibDeclared(program: ts.Program, symbol: ts.Symbol): boolean {
  const decl = symbol.declarations?.[0];
  return decl !== undefined && isLibFile(program, decl.getSourceFile());
}

/** The members of a union type node, nested unions and parentheses flattened. */
export function flattenUnion(n: ts.UnionTypeNode): ts.TypeNode[] {
  const out: ts.TypeNode[] = [];
  for (const t of n.types) {
    const u = unwrapParens(t);
    if (ts.isUnionTypeNode(u)) out.push(...flattenUnion(u));
    else out.push(u);
  }
  return out;
}

/** The `kind` string literal of a tagged-union member. */
export function tagOf(shape: readonly ShapeMember[]): string | undefined {
  for (const { member } of shape) {
    if (!ts.isPropertySignature(member) || propertyNameText(member.name) !== 'kind' || member.type === undefined) continue;
    const t = unwrapParens(member.type);
    if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return t.literal.text;
    return undefined;
  }
  return undefined;
}

/** Bindings of a merged interface declaration's type parameters, by position, from those of the first declaration. */
export function rebind(target: ts.InterfaceDeclaration, source: ts.InterfaceDeclaration, env: Env): Env {
  const out = new Map<ts.Node, TypeRef>();
  const sp = source.typeParameters ?? [];
  (target.typeParameters ?? []).forEach((p, i) => {
    const s = sp[i];
    const bound = s === undefined ? undefined : env.get(s);
    if (bound !== undefined) out.set(p, bound);
  });
  return out;
}

/** Whether no item is undefined. */
export function allDefined<T>(items: readonly (T | undefined)[]): items is T[] {
  return items.every((i) => i !== undefined);
}
