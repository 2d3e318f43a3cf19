// SPK1028 in callbacks: a call promise lost in the callback of a collection's forEach, map or filter, which runs
// while the handler runs (the fixture's first handlers), and the callbacks whose promises are awaited (the rest).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Extractor, extractFromSource } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const extractor = new Extractor({ rootDir: resolve(here, '../../..') });
const result = extractor.extract([join(here, '__fixtures__/fail/unawaited-callbacks.ts')]);
const at = (line: number) => result.diagnostics.find((d) => d.location.line === line);
const LOOP = 'await each call in a `for (const … of items)` loop instead of .forEach, or all together: `await Promise.all(items.map(...))`';
const SEND = "; for fire-and-forget use the client's `.send`";

describe('SPK1028: a call promise dropped in a callback of the handler', () => {
  it('reports each dropped promise with its file, line and column, and nothing in the handlers that await', () => {
    expect(result.manifests).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.location.file, d.location.line, d.location.column])).toEqual(
      [
        [11, 7],
        [13, 26],
        [15, 14],
        [17, 35],
        [21, 16],
        [22, 22],
        [23, 28],
        [24, 19],
        [30, 32],
        [34, 26],
      ].map(([line, column]) => ['SPK1028', 'compiler-plugin/src/extract/__fixtures__/fail/unawaited-callbacks.ts', line, column]),
    );
  });

  it('a forEach callback: a statement or what it returns is dropped, and the fix is a loop or Promise.all', () => {
    const call = 'PeerClient.at(this.ctx, this.peer).checked';
    expect(at(11)).toMatchObject({
      message: `Calc.each: the promise of ${call}(...) is not awaited (its reply is dropped)`,
      fix: `${LOOP}${SEND}`,
    });
    expect(at(13)).toMatchObject({
      message: `Calc.each: the promise of ${call}(...) is not awaited (items.forEach drops what its callback returns)`,
      fix: `${LOOP}${SEND}`,
    });
    expect(at(15)).toMatchObject({
      message: 'Calc.each: the promise of this.ctx.sleep(...) is not awaited (items.forEach drops what its callback returns)',
      fix: LOOP,
    });
    // A Set has no map: it is spread into an array.
    expect(at(17)?.fix).toContain('`await Promise.all([...new Set(items)].map(...))`');
    expect(at(24)).toMatchObject({
      message:
        'Calc.mapped: the async callback passed to items.forEach(...) returns a promise that is not awaited (items.forEach drops what its callback returns)',
      fix: LOOP,
    });
  });

  it('a map callback: its promises are dropped only with the array', () => {
    expect(at(21)).toMatchObject({
      message:
        'Calc.mapped: the async callback passed to [1, 2].map(...) returns a promise that is not awaited (the array [1, 2].map returns is dropped)',
      fix: 'write `await Promise.all([1, 2].map(...))`',
    });
    expect(at(22)?.message).toContain('(the array items.map returns is dropped)');
    expect(at(23)?.message).toContain('(awaiting the array items.map returns does not wait for the promises in it)');
    expect(at(23)?.fix).toBe(`write \`await Promise.all(items.map(...))\`${SEND}`);
    expect(at(30)?.message).toContain('(items.filter tests the promise its callback returns, not the reply)');
    expect(at(30)?.fix).toContain('then filter on the replies');
    // Bound to a variable that is only measured, never awaited.
    expect(at(34)).toMatchObject({
      message: 'Calc.counted: ps holds the array items.map returns, whose promises are never awaited, returned or passed on',
      fix: 'write `const ps = await Promise.all(items.map(...))`',
    });
  });

  it('leaves callbacks alone that are not a collection method, or whose result is no promise', () => {
    const source = [
      "import { Actor, actor, type u32 } from '@sprocket/sdk';",
      'class Batch { forEach(fn: (x: u32) => Promise<void>): Promise<void> { return fn(1); } }',
      '@actor()',
      'export class Calc extends Actor {',
      '  async run(items: u32[]): Promise<u32> {',
      '    await new Batch().forEach((x) => this.ctx.sleep(x));',
      '    await new Promise<void>((resolve) => resolve());',
      '    items.forEach((x) => x + 1);',
      '    const all = items.map((x) => this.ctx.sleep(x));',
      '    for (const p of all) await p;',
      '    return items.length;',
      '  }',
      '}',
    ].join('\n');
    expect(extractFromSource('calc.ts', source).diagnostics).toEqual([]);
  });
});
