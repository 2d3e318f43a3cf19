import { describe, expect, it } from 'vitest';
import { blockRuns, keepBlocks } from './block-runs.js';
import type { BlockView } from './types.js';

function block(height: number, busy: boolean): BlockView {
  return {
    height,
    hash: `0x${height}`,
    parentHash: '0x',
    stateRoot: '0x',
    timestamp: height,
    inputs: busy ? [{ kind: 'Send', signer: '0x', nonce: '0' }] : [],
    messages: [],
  } as unknown as BlockView;
}

describe('the blocks page', () => {
  it('keeps the newest blocks that ran something, however many empty ones came after', () => {
    const all = [block(1, true), block(2, true), ...Array.from({ length: 30 }, (_, i) => block(3 + i, false))];
    const kept = keepBlocks(all, 5);
    expect(kept.filter((b) => b.inputs.length > 0).map((b) => b.height)).toEqual([2, 1]);
    expect(kept.map((b) => b.height)).toEqual([32, 31, 30, 29, 28, 2, 1]);
  });

  it('shows two or more consecutive empty blocks as one run', () => {
    const list = [block(9, false), block(8, false), block(7, true), block(6, false), block(4, false), block(3, false)];
    expect(blockRuns(list).map((run) => run.map((b) => b.height))).toEqual([[9, 8], [7], [6], [4, 3]]);
  });
});
