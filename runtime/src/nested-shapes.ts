import type { GeneratedNestedField, StateShape } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';
import { type IntegerBounds, integerBounds } from './state-ranges.js';

// The shapes of nested integer state (nested-ranges.ts), converted once per code from the generated definition's
// `nested` list: the bounds of each integer leaf are computed here, not at every check. A type that refers to itself
// comes as a back-reference (`{ kind: 'ref', up: n }`, the n-th container above it), made here into a node that
// shares the parts of the container it names: the nodes of such a field form a cycle, so a check follows the data to
// any depth, and every cycle passes through such a node (`cycle`), where the walks stop on data seen before.

/** One place of a nested shape: an integer leaf (its bounds), or a container of the places below it. */
export interface ShapeNode {
  readonly kind: 'int' | 'object' | 'tuple' | 'array' | 'set' | 'record' | 'map';
  /** `T | null` declared: null passes here. */
  readonly nullable: boolean;
  /** `T | undefined` declared for an element or a tuple item (`[u8, u16?]`): undefined passes here. */
  readonly optional: boolean;
  /**
   * For a container a back-reference names, and for the back-reference's node (which shares its parts): that
   * container, where a walk that reaches an object it already walked there stops. Undefined elsewhere.
   */
  readonly cycle: ShapeNode | undefined;
  /** A leaf's bounds. */
  readonly bounds: IntegerBounds | undefined;
  /** An object's members that hold integers. */
  readonly fields: ReadonlyMap<string, ShapeNode> | undefined;
  /** A tuple's items (undefined: the item holds no integer). */
  readonly items: readonly (ShapeNode | undefined)[] | undefined;
  /** The items of an array or Set, or the values of a record. */
  readonly item: ShapeNode | undefined;
  /** A Map's keys and values. */
  readonly key: ShapeNode | undefined;
  readonly value: ShapeNode | undefined;
}

/** A state field whose integers are nested, with the shape of its value. */
export interface NestedField {
  readonly name: string;
  /** The field's type as the source declares it, for messages. */
  readonly declared: string;
  readonly root: ShapeNode;
}

/** A node being built: its parts are given to the back-references to it once it is complete. */
type Building = { -readonly [K in keyof ShapeNode]: ShapeNode[K] };

/** The containers above a place (outermost first), and the back-references waiting for them. */
interface Build {
  readonly above: { node: ShapeNode | undefined }[];
  readonly refs: { readonly node: Building; readonly to: { node: ShapeNode | undefined } }[];
  readonly field: GeneratedNestedField;
}

const UNDEFINED = ' | undefined';

/** The nested fields a generated definition lists, their shapes converted. */
export function nestedFields(fields: readonly GeneratedNestedField[] | undefined): readonly NestedField[] {
  if (fields === undefined) return [];
  return fields.map((f) => {
    const build: Build = { above: [], refs: [], field: f };
    const root = shapeNode(f.shape, build);
    // Every container is complete now: a back-reference takes the parts of the one it names, keeping its own
    // nullable and optional (`next: List | null` under a `List`).
    for (const { node, to } of build.refs) {
      const target = to.node as ShapeNode;
      (target as Building).cycle = target;
      Object.assign(node, { ...target, nullable: node.nullable, optional: node.optional });
    }
    return { name: f.name, declared: f.declared, root };
  });
}

/** The node of one shape of the definition (and of the shapes inside it), `build.above` holding its containers. */
function shapeNode(shape: StateShape, build: Build): ShapeNode {
  const none = {
    cycle: undefined,
    bounds: undefined,
    fields: undefined,
    items: undefined,
    item: undefined,
    key: undefined,
    value: undefined,
  };
  if (typeof shape === 'string') {
    const optional = shape.endsWith(UNDEFINED);
    const bounds = integerBounds((optional ? shape.slice(0, -UNDEFINED.length) : shape) as Parameters<typeof integerBounds>[0]);
    return { ...none, kind: 'int', nullable: bounds.nullable, optional, bounds };
  }
  const nullable = shape.nullable === true;
  const optional = shape.optional === true;
  if (shape.kind === 'ref') {
    const to = build.above[build.above.length - shape.up];
    if (to === undefined || !Number.isInteger(shape.up) || shape.up < 1) {
      throw new RuntimeError(
        'RUNTIME_STALE_DEFINITION',
        `state field "${build.field.name}": its nested shape refers ${shape.up} container(s) up, past its top; regenerate the definition with sprocket gen`,
      );
    }
    // Its kind and parts are the target's, given once the target is complete.
    const node: Building = { ...none, kind: 'object', nullable, optional };
    build.refs.push({ node, to });
    return node;
  }
  const slot: { node: ShapeNode | undefined } = { node: undefined };
  build.above.push(slot);
  const part = (s: StateShape): ShapeNode => shapeNode(s, build);
  let node: ShapeNode;
  switch (shape.kind) {
    case 'object':
      node = { ...none, kind: 'object', nullable, optional, fields: new Map(Object.entries(shape.fields).map(([k, v]) => [k, part(v)])) };
      break;
    case 'tuple':
      node = { ...none, kind: 'tuple', nullable, optional, items: shape.items.map((s) => (s === null ? undefined : part(s))) };
      break;
    case 'map':
      node = {
        ...none,
        kind: 'map',
        nullable,
        optional,
        key: shape.key === undefined ? undefined : part(shape.key),
        value: shape.value === undefined ? undefined : part(shape.value),
      };
      break;
    default:
      node = { ...none, kind: shape.kind, nullable, optional, item: part(shape.item) };
  }
  build.above.pop();
  slot.node = node;
  return node;
}
