import { segmentRangeError } from './collection-ranges.js';
import { mayLeaveHole, trailingHoleRefusal } from './journal.js';
import { keptChangedError } from './kept-references.js';
import { INIT } from './message.js';
import type { Task } from './task.js';

/**
 * What is wrong with the state an ending segment leaves, in the order a failure names it: a write around the journal
 * through a reference the handler kept across an await (put back, kept-references.ts), an integer out of its type's
 * range (collection-ranges.ts), an array left ending in a hole by `delete arr[last]` (the journal cannot refuse that
 * sooner); undefined when the segment may commit.
 */
export function segmentStateError(task: Task): Error | undefined {
  const change = task.kept?.changedAround(task.actor.journal, task.actor.instance);
  if (change !== undefined) return keptChangedError(task.handlerName, change.key);
  const range = segmentRangeError(task.actor, task.first && task.msg.kind === INIT, task);
  if (range !== undefined) return range;
  if (!mayLeaveHole()) return undefined;
  return trailingHoleRefusal({ label: task.actor.label, handler: task.handlerName });
}
