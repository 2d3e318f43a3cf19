import { describe, expect, it } from 'vitest';
import type { ActorId, CodeId } from '../types/scalars.js';
import { replyWaitNote } from './signed-writes.js';
import type { TxCall } from './transaction.js';

const to = `0x${'11'.repeat(32)}` as ActorId;
const call = (timeout: number | null): TxCall => ({ kind: 'Call', to, payload: new Uint8Array([1]), value: 0n, gasLimit: null, timeout });
const deploy: TxCall = {
  kind: 'Deploy',
  codeId: `0x${'22'.repeat(32)}` as CodeId,
  payload: new Uint8Array([1]),
  value: 0n,
  salt: new Uint8Array(0),
  gasLimit: null,
};
const FIX = "raise connect()'s timeout, or lower the call's timeout (in blocks)";

describe('replyWaitNote', () => {
  it("names the call's wait in blocks, what it comes to at the node's block time, and the fix", () => {
    expect(replyWaitNote(call(50), undefined, 30_000, 1000)).toBe(
      `, while the call may wait up to 50 blocks for its reply (about 50000 ms at the node's 1000 ms a block): ${FIX}`,
    );
    expect(replyWaitNote(call(1), undefined, 100, 1000)).toBe(
      `, while the call may wait up to 1 block for its reply (about 1000 ms at the node's 1000 ms a block): ${FIX}`,
    );
  });

  it('is silent when the wait in blocks fits in the request timeout: the node would have answered TIMEOUT first', () => {
    expect(replyWaitNote(call(5), undefined, 30_000, 1000)).toBeUndefined();
    expect(replyWaitNote(call(30), undefined, 30_000, 1000)).toBeUndefined();
  });

  it('says when blocks come only with transactions, or the block time is unknown', () => {
    expect(replyWaitNote(call(50), undefined, 200, 0)).toBe(
      `, while the call may wait up to 50 blocks for its reply, and the node makes blocks only as transactions come: ${FIX}`,
    );
    expect(replyWaitNote(call(50), undefined, 200, undefined)).toBe(`, while the call may wait up to 50 blocks for its reply: ${FIX}`);
  });

  it("names the node's replyTimeout for a call without its own timeout", () => {
    expect(replyWaitNote(call(null), undefined, 30_000, 1000)).toBe(
      `, while the call may wait up to the node's reply timeout (its replyTimeout, in blocks) for its reply: ${FIX}`,
    );
  });

  it("counts the node's replyTimeout in blocks, when node_info reported it, for a call or deploy without its own", () => {
    expect(replyWaitNote(call(null), undefined, 30_000, 1000, 1000)).toBe(
      `, while the call may wait up to 1000 blocks (the node's reply timeout) for its reply (about 1000000 ms at the node's 1000 ms a block): ${FIX}`,
    );
    expect(replyWaitNote(deploy, undefined, 200, 0, 1)).toBe(
      ", while the deploy may wait up to 1 block (the node's reply timeout) for its reply, and the node makes blocks only as transactions come: raise connect()'s timeout, or lower the deploy's timeout (in blocks)",
    );
    // Its wait fits in the request timeout: the node answers TIMEOUT first.
    expect(replyWaitNote(call(null), undefined, 30_000, 1000, 30)).toBeUndefined();
    // The call's own timeout wins over the node's.
    expect(replyWaitNote(call(50), undefined, 30_000, 1000, 5)).toContain('up to 50 blocks for its reply');
    // Not a block count (a node that sends something else): the note names the limit without a number.
    for (const odd of ['1000', -1, 1.5, Number.NaN, null])
      expect(replyWaitNote(call(null), undefined, 30_000, 1000, odd), String(odd)).toContain(
        "up to the node's reply timeout (its replyTimeout",
      );
  });

  it("takes a deploy's timeout from the params beside its transaction, and has nothing for a write that waits for no reply", () => {
    expect(replyWaitNote(deploy, { timeout: 40 }, 1000, 100)).toBe(
      ", while the deploy may wait up to 40 blocks for its reply (about 4000 ms at the node's 100 ms a block): raise connect()'s timeout, or lower the deploy's timeout (in blocks)",
    );
    expect(replyWaitNote({ kind: 'Transfer', to, value: 1n }, undefined, 1, 1000)).toBeUndefined();
  });
});
