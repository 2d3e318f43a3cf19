import type { GeneratedActor } from '@sprocket/sdk';
import { collectionRangeError, type RangedCollection, rangedCollections } from '../collection-ranges.js';
import { nestedRangeError } from '../nested-ranges.js';
import { type NestedField, nestedFields } from '../nested-shapes.js';
import { type RangedField, rangedFields, rangeError } from '../state-ranges.js';

/** The integer state a generated definition lists, as unitActor's segments check it. */
export interface UnitRanges {
  readonly ranged: readonly RangedField[];
  readonly collections: readonly RangedCollection[];
  readonly nested: readonly NestedField[];
}

/**
 * The integer state `definition` lists, after checking the constructed instance whole against it: throws when it
 * holds an integer out of range in a listed field, collection or nested field, as its deploy would fail (segments
 * then check what they write).
 */
export function checkConstructedRanges(instance: object, definition: GeneratedActor | undefined): UnitRanges {
  const ranges = {
    ranged: rangedFields(definition?.state),
    collections: rangedCollections(definition?.state),
    nested: nestedFields(definition?.nested),
  };
  const { ranged, collections, nested } = ranges;
  if (ranged.length === 0 && collections.length === 0 && nested.length === 0) return ranges;
  const site = { handlerName: `${instance.constructor.name} given to unitActor` };
  const consequence = 'a deploy would fail the same way';
  const error =
    rangeError(instance, ranged, site, consequence) ??
    collectionRangeError(instance, collections, [], true, site, consequence) ??
    (nested.length === 0 ? undefined : nestedRangeError(instance, nested, [], true, site, consequence));
  if (error !== undefined) throw error;
  return ranges;
}
