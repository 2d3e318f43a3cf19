// Helpers of the nested shapes (state-shapes.ts): marking a shape as one that may also hold null or undefined, and
// dropping the back-references (`{ kind: 'ref', up: n }`, a type that refers to itself) that lead to no integer.
import type { StateShapeDef } from '../manifest/types.js';
import { leafOf, leafParts, type StateLeaf } from './state-types.js';

/** A shape that is a container or a back-reference (not an integer leaf). */
type ShapeObject = Exclude<StateShapeDef, string>;

/** `shape` at a place that may also hold null (`nullable`) and undefined (`optional`). */
export function withEmpty(shape: StateShapeDef, nullable: boolean, optional: boolean): StateShapeDef {
  if (!nullable && !optional) return shape;
  if (typeof shape === 'string') {
    // A type parameter that stands for a leaf that may already be empty (`T | null` with T = `u8 | undefined`).
    const parts = leafParts(shape as StateLeaf);
    return leafOf(parts.int, parts.nullable || nullable, parts.optional || optional);
  }
  return { ...shape, ...(nullable ? { nullable: true } : {}), ...(optional ? { optional: true } : {}) } as StateShapeDef;
}

/**
 * `shape` without the back-references to containers that lead to no integer (`interface Tree { name: string; kids:
 * Tree[] }` has none to check), and without the containers that are then left empty; undefined when nothing is left.
 * A shape without back-references comes back as it is.
 */
export function pruneRefs(shape: StateShapeDef): StateShapeDef | undefined {
  return hasRef(shape) ? prune(shape, []) : shape;
}

/** Whether a shape holds a back-reference. */
function hasRef(shape: StateShapeDef | null | undefined): boolean {
  return children(shape).some((c) => c.kind === 'ref' || hasRef(c));
}

/** The parts of a container that are containers or back-references themselves. */
function children(shape: StateShapeDef | null | undefined): ShapeObject[] {
  if (shape === null || shape === undefined || typeof shape === 'string') return [];
  let parts: (StateShapeDef | null | undefined)[];
  switch (shape.kind) {
    case 'ref':
      return [];
    case 'object':
      parts = Object.values(shape.fields);
      break;
    case 'tuple':
      parts = [...shape.items];
      break;
    case 'map':
      parts = [shape.key, shape.value];
      break;
    default:
      parts = [shape.item];
  }
  return parts.filter((p): p is ShapeObject => p !== null && p !== undefined && typeof p !== 'string');
}

/** Whether a container has an integer leaf of its own below it (back-references not followed). */
function holdsLeaf(shape: StateShapeDef | null | undefined): boolean {
  if (shape === null || shape === undefined) return false;
  if (typeof shape === 'string') return true;
  switch (shape.kind) {
    case 'ref':
      return false;
    case 'object':
      return Object.values(shape.fields).some(holdsLeaf);
    case 'tuple':
      return shape.items.some(holdsLeaf);
    case 'map':
      return holdsLeaf(shape.key) || holdsLeaf(shape.value);
    default:
      return holdsLeaf(shape.item);
  }
}

/** Whether a back-reference below `shape` (which sits `depth` containers deep) leads above it, to a container that leads to an integer. */
function reachesAbove(shape: StateShapeDef | null | undefined, depth: number, below: number, above: readonly boolean[]): boolean {
  if (shape === null || shape === undefined || typeof shape === 'string') return false;
  if (shape.kind === 'ref') {
    const target = depth + below - shape.up;
    return target < depth && above[target] === true;
  }
  return children(shape).some((c) => reachesAbove(c, depth, c.kind === 'ref' ? below : below + 1, above));
}

/**
 * The pruned `shape`, whose enclosing containers (`above`, outermost first) lead to an integer or not. A container
 * leads to one when it holds a leaf, or a back-reference below it leads above it to one that does (the containers
 * between are then walked to reach it); a back-reference is kept when its target leads to one.
 */
function prune(shape: StateShapeDef, above: readonly boolean[]): StateShapeDef | undefined {
  if (typeof shape === 'string') return shape;
  if (shape.kind === 'ref') return above[above.length - shape.up] === true ? shape : undefined;
  const depth = above.length;
  const leads = holdsLeaf(shape) || children(shape).some((c) => reachesAbove(c, depth, c.kind === 'ref' ? 1 : 2, above));
  if (!leads) return undefined;
  const inner = [...above, true];
  const part = (s: StateShapeDef | null | undefined): StateShapeDef | undefined =>
    s === null || s === undefined ? undefined : prune(s, inner);
  const empty = {
    ...(shape.nullable === true ? { nullable: true as const } : {}),
    ...(shape.optional === true ? { optional: true as const } : {}),
  };
  switch (shape.kind) {
    case 'object': {
      const fields: Record<string, StateShapeDef> = {};
      for (const [k, v] of Object.entries(shape.fields)) {
        const p = part(v);
        if (p !== undefined) fields[k] = p;
      }
      return Object.keys(fields).length > 0 ? { kind: 'object', fields, ...empty } : undefined;
    }
    case 'tuple': {
      const items = shape.items.map((s) => part(s) ?? null);
      return items.some((i) => i !== null) ? { kind: 'tuple', items, ...empty } : undefined;
    }
    case 'map': {
      const key = part(shape.key);
      const value = part(shape.value);
      if (key === undefined && value === undefined) return undefined;
      return { kind: 'map', ...(key === undefined ? {} : { key }), ...(value === undefined ? {} : { value }), ...empty };
    }
    default: {
      const item = part(shape.item);
      return item === undefined ? undefined : { kind: shape.kind, item, ...empty };
    }
  }
}
