import type { GeneratedNestedField, StateShape } from '@sprocket/sdk';
import { type IntegerBounds, integerBounds } from './state-ranges.js';

// The shapes of nested integer state (nested-ranges.ts), converted once per code from the generated definition's
// `nested` list: the bounds of each integer leaf are computed here, not at every check.

/** One place of a nested shape: an integer leaf (its bounds), or a container of the places below it. */
export interface ShapeNode {
  readonly kind: 'int' | 'object' | 'tuple' | 'array' | 'set' | 'record' | 'map';
  /** `T | null` declared: null passes here. */
  readonly nullable: boolean;
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

/** The nested fields a generated definition lists, their shapes converted. */
export function nestedFields(fields: readonly GeneratedNestedField[] | undefined): readonly NestedField[] {
  if (fields === undefined) return [];
  return fields.map((f) => ({ name: f.name, declared: f.declared, root: shapeNode(f.shape) }));
}

/** The node of one shape of the definition (and of the shapes inside it). */
function shapeNode(shape: StateShape): ShapeNode {
  const none = { bounds: undefined, fields: undefined, items: undefined, item: undefined, key: undefined, value: undefined };
  if (typeof shape === 'string') {
    const bounds = integerBounds(shape);
    return { ...none, kind: 'int', nullable: bounds.nullable, bounds };
  }
  const nullable = shape.nullable === true;
  switch (shape.kind) {
    case 'object':
      return {
        ...none,
        kind: 'object',
        nullable,
        fields: new Map(Object.entries(shape.fields).map(([k, v]) => [k, shapeNode(v)])),
      };
    case 'tuple':
      return { ...none, kind: 'tuple', nullable, items: shape.items.map((s) => (s === null ? undefined : shapeNode(s))) };
    case 'map':
      return {
        ...none,
        kind: 'map',
        nullable,
        key: shape.key === undefined ? undefined : shapeNode(shape.key),
        value: shape.value === undefined ? undefined : shapeNode(shape.value),
      };
    default:
      return { ...none, kind: shape.kind, nullable, item: shapeNode(shape.item) };
  }
}
