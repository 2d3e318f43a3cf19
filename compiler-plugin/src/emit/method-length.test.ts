import { describe, expect, it } from 'vitest';
import { extractFromSource } from '../extract/index.js';
import { emitGenerated } from './generated.js';

const source = (add: string): string =>
  [
    "import { Actor, actor, query, type u32 } from '@sprocket/sdk';",
    '@actor() export class Tally extends Actor {',
    '  private total: u32 = 0;',
    `  ${add} { this.total += value * times; return this.total; }`,
    '  @query() value(): u32 { return this.total; }',
    '}',
  ].join('\n');

describe('methodLength: what the runtime compares with the class to find a stale definition', () => {
  it('is recorded and generated for a method with a default parameter value, whose length leaves it out', () => {
    const result = extractFromSource('tally.ts', source('add(value: u32, times: u32 = 1): u32'));
    // The default never applies on the wire (warning SPK1034), but the method's length still leaves it out.
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['SPK1034', 'warning']]);
    const [manifest] = result.manifests;
    const add = manifest?.services[0]?.functions.find((f) => f.method === 'add');
    expect([add?.params.length, add?.methodLength]).toEqual([2, 1]);
    const text = emitGenerated(manifest!);
    expect(text).toMatch(/method: 'add',[^}]*arity: 2,\n {2}methodLength: 1,/);
  });

  it('is left out when every parameter counts (the generated files of most actors do not change)', () => {
    const result = extractFromSource('tally.ts', source('add(value: u32, times: u32): u32'));
    const [manifest] = result.manifests;
    expect(manifest?.services[0]?.functions.map((f) => f.methodLength)).toEqual([undefined, undefined]);
    expect(emitGenerated(manifest!)).not.toContain('methodLength');
  });
});
