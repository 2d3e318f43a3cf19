// The type parameters of an actor's generic base classes, bound through its extends chain
// (`abstract class Store<T> extends Actor` … `class Nums extends Store<u32>`), for the handlers and events it inherits.
import type { TypeRef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import type { MapContext } from './map-context.js';
import { pascalCase } from './names.js';

/** Maps a type node in a context (the actor's type mapper). */
type MapNode = (node: ts.TypeNode, ctx: MapContext) => TypeRef | undefined;

interface Binding {
  /** The type argument the subclass gives (or the parameter's default), read in the subclass's own bindings. */
  readonly node: ts.TypeNode;
  /** The extends clause the argument is written in, for messages. */
  readonly where: string;
  readonly hint: string;
}

/**
 * The env of an actor's handlers and events: each type parameter of a base class bound to the type argument the
 * class below it gives. An argument is mapped on first use only: the events type a base passes to `Actor<E>` is an
 * event map, not a wire type, and mapping it as one would report errors and add a type nobody uses.
 *
 * It iterates as empty: its bindings are fixed for the one actor the mapper serves, so the cache keys of inline
 * types (which list the env) need not tell them apart, and listing only the bindings mapped so far would give one
 * inline type two keys.
 */
export class BaseBindings implements ReadonlyMap<ts.Node, TypeRef> {
  private readonly bindings = new Map<ts.Node, Binding>();
  private readonly mapped = new Map<ts.Node, TypeRef | undefined>();
  private readonly resolving = new Set<ts.Node>();

  /** Binds the type parameters of `classes[i + 1]` to the type arguments of `classes[i]`'s extends clause. */
  constructor(
    classes: readonly ts.ClassDeclaration[],
    className: string,
    private readonly mapNode: MapNode,
  ) {
    for (let i = 0; i + 1 < classes.length; i++) {
      const sub = classes[i];
      const base = classes[i + 1];
      const heritage = sub?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      if (base === undefined || heritage === undefined) continue;
      (base.typeParameters ?? []).forEach((param, j) => {
        const node = heritage.typeArguments?.[j] ?? param.default;
        if (node === undefined) return;
        const where = `${className}: ${sub?.name?.text ?? 'class'} extends ${heritage.getText()} (${param.name.text})`;
        this.bindings.set(param, { node, where, hint: `${className}${pascalCase(param.name.text)}` });
      });
    }
  }

  get size(): number {
    return 0;
  }

  /** Whether the parameter has a type argument (mapped or not). */
  has(key: ts.Node): boolean {
    return this.bindings.has(key);
  }

  /** The wire type the parameter is bound to; undefined when unbound or its argument has no wire form (reported). */
  get(key: ts.Node): TypeRef | undefined {
    if (this.mapped.has(key)) return this.mapped.get(key);
    const binding = this.bindings.get(key);
    if (binding === undefined || this.resolving.has(key)) return undefined;
    this.resolving.add(key);
    const ctx: MapContext = { env: this, params: [], where: binding.where, origin: binding.where, hint: binding.hint, depth: 0 };
    const ref = this.mapNode(binding.node, ctx);
    this.resolving.delete(key);
    this.mapped.set(key, ref);
    return ref;
  }

  forEach(): void {}

  *entries(): MapIterator<[ts.Node, TypeRef]> {}

  *keys(): MapIterator<ts.Node> {}

  *values(): MapIterator<TypeRef> {}

  [Symbol.iterator](): MapIterator<[ts.Node, TypeRef]> {
    return this.entries();
  }
}
