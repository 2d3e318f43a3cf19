import type { GeneratedActor } from '@sprocket/sdk';
import { type RangedActor, rangedCollections, segmentRangeError } from '../collection-ranges.js';
import { nestedFields } from '../nested-shapes.js';
import { rangedFields } from '../state-ranges.js';

/** The integer state a generated definition lists, as the system's code holds it and unitActor's segments check it. */
export type UnitRanges = RangedActor['code'];

/**
 * The integer state `definition` lists, after checking the constructed instance whole against it: throws when it
 * holds an integer out of range in a listed field, collection or nested field, as its deploy would fail (segments
 * then check what they write).
 */
export function checkConstructedRanges(instance: object, definition: GeneratedActor | undefined): UnitRanges {
  const ranges: UnitRanges = {
    rangedFields: rangedFields(definition?.state),
    rangedCollections: rangedCollections(definition?.state),
    nestedFields: nestedFields(definition?.nested),
  };
  const site = { handlerName: `${instance.constructor.name} given to unitActor` };
  // The same check as the commit of a deploy's first segment, which reads what the constructor built whole.
  const error = segmentRangeError({ code: ranges, instance, journal: [] }, true, site, 'a deploy would fail the same way');
  if (error !== undefined) throw error;
  return ranges;
}
