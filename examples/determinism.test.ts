// The whole escrow and auction scenarios, run twice: one seed gives one trace, byte for byte.
import { describe, expect, it } from 'vitest';
import { run as auction } from './auction/scenario.js';
import { run as escrow } from './escrow/scenario.js';

const quiet = (): void => {};
const ids = (trace: string): string[] => [...trace.matchAll(/^\[b\d+ (0x[0-9a-f]+…[0-9a-f]{4})\]/gm)].map((m) => m[1] as string);

describe.each([
  ['escrow', escrow],
  ['auction', auction],
] as const)('the %s scenario', (_name, run) => {
  it('run twice with one seed gives identical trace() text', async () => {
    const a = await run(quiet, { seed: 7 });
    const b = await run(quiet, { seed: 7 });
    expect(a.traceLines).toBeGreaterThan(10);
    expect(b.trace).toBe(a.trace);
  });

  it('another seed gives different message ids and the same results', async () => {
    const a = await run(quiet, { seed: 7 });
    const b = await run(quiet, { seed: 8 });
    expect(ids(a.trace)).toHaveLength(ids(b.trace).length);
    expect(ids(a.trace)[0]).not.toBe(ids(b.trace)[0]);
    const other = new Set(ids(b.trace));
    expect(ids(a.trace).filter((id) => other.has(id))).toEqual([]);
    expect(b.checks).toBe(a.checks);
    expect(b.trace).not.toBe(a.trace);
  });
});
