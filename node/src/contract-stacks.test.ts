import { describe, expect, it } from 'vitest';
import { BlockClock, loadCode } from './sandbox.js';

const enc = new TextEncoder();

/** The reason loading `text` fails with (its top level throws what it computed). */
function thrownBy(text: string): string {
  try {
    loadCode(enc.encode(text), new BlockClock());
  } catch (error) {
    return (error as { data: { reason: string } }).data.reason;
  }
  throw new RangeError('the code loaded');
}

/** The `at …` lines of a stack. */
const framesOf = (stack: string): string[] => stack.split('\n').filter((line) => line.trimStart().startsWith('at '));

describe('stacks seen by contract code', () => {
  it('hold only the contract’s own frames: no file of the node, whatever called the code', () => {
    const reason = thrownBy(`
      function inner() { return new Error('x').stack; }
      function outer() { return [1].map(() => inner())[0]; }
      throw new Error(outer());`);
    const frames = framesOf(reason);
    expect(reason).toContain('Error: x');
    // inner, the arrow given to map, outer and the top level: Array.map is the engine's and the rest the node's.
    expect(frames).toHaveLength(4);
    for (const frame of frames) expect(frame).toMatch(/\(?code-0x[0-9a-f]{64}\.js:\d+:\d+\)?$/);
    expect(frames[0]).toContain('inner');
    expect(reason).not.toMatch(/node_modules|\/src\/|\/dist\/|node:internal/);
  });

  it('are the same for the same code however deep the node called it', () => {
    const text = `throw new Error(new Error('same').stack);`;
    const direct = thrownBy(text);
    // The node's frames below the code differ (three more calls, three through Array.map): the stack does not.
    const deeper = (depth: number): string => (depth === 0 ? thrownBy(text) : ([depth].map((d) => deeper(d - 1))[0] ?? ''));
    const nested = deeper(3);
    expect(nested).toBe(direct);
  });

  it('leave every other stack as it was', () => {
    thrownBy(`throw new Error('load once, so the hook is in place');`);
    const stack = String(new Error('host').stack);
    expect(stack.startsWith('Error: host\n')).toBe(true);
    expect(stack).toContain('contract-stacks.test.ts');
  });
});
