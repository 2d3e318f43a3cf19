// The blocks page of a node that makes a block every tick: empty blocks would push the ones that ran something out
// of view. The newest blocks that ran something are kept, and consecutive empty blocks show as one line.
import type { BlockView } from './types.js';

/** Whether a block ran nothing: no input, no message. */
export function isEmptyBlock(b: BlockView): boolean {
  return b.inputs.length === 0 && b.messages.length === 0;
}

/**
 * The blocks to keep, newest first: the newest `keep` blocks that ran something, and the empty ones among the newest
 * `keep` of the result.
 */
export function keepBlocks(all: readonly BlockView[], keep: number): BlockView[] {
  const sorted = [...all].sort((x, y) => y.height - x.height);
  const kept: BlockView[] = [];
  let busy = 0;
  for (const b of sorted) {
    if (!isEmptyBlock(b)) {
      if (busy < keep) {
        busy++;
        kept.push(b);
      }
    } else if (kept.length < keep) kept.push(b);
  }
  return kept;
}

/** A newest-first list in runs: two or more consecutive empty blocks together, every other block alone. */
export function blockRuns(list: readonly BlockView[]): BlockView[][] {
  const out: BlockView[][] = [];
  for (const b of list) {
    const last = out.at(-1);
    const prev = last?.at(-1);
    if (last !== undefined && prev !== undefined && isEmptyBlock(prev) && isEmptyBlock(b) && prev.height === b.height + 1) last.push(b);
    else out.push([b]);
  }
  return out;
}
