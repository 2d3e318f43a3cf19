import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Extractor, extractFromSource } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, '__fixtures__/fail/query-writes.ts');

describe('SPK1031: a @query() that writes state', () => {
  const result = new Extractor({ rootDir: resolve(here, '../../..') }).extract([fixture]);
  const rows = result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.location.column]);

  it('warns at each write, send, emit and sleep of the fixture, with file, line, column and the fix', () => {
    expect(rows).toEqual([
      ['SPK1031', 'warning', 14, 5], // this.count = 1
      ['SPK1031', 'warning', 15, 5], // this.count += 2
      ['SPK1031', 'warning', 16, 5], // this.count++
      ['SPK1031', 'warning', 17, 5], // --this.last.at
      ['SPK1031', 'warning', 18, 5], // delete (this.last …).at
      ['SPK1031', 'warning', 19, 5], // this.seen.set
      ['SPK1031', 'warning', 20, 5], // this.seen.delete
      ['SPK1031', 'warning', 21, 5], // this.tags.clear
      ['SPK1031', 'warning', 22, 5], // this.log.push
      ['SPK1031', 'warning', 23, 5], // this.log[0] = 4
      ['SPK1031', 'warning', 24, 5], // this.ctx.transfer
      ['SPK1031', 'warning', 25, 5], // this.emit
      ['SPK1031', 'warning', 30, 11], // this.ctx.sleep
      ['SPK1031', 'warning', 32, 7], // this.count = v inside an arrow function
    ]);
    const [first] = result.diagnostics;
    expect(first?.location.file).toBe('compiler-plugin/src/extract/__fixtures__/fail/query-writes.ts');
    expect(first?.message).toBe(
      'Calc.peek is a @query() but it assigns to this.count (`this.count = 1`): the runtime refuses it with QUERY_MUTATED',
    );
    expect(first?.fix).toBe('make it a command (remove @query()), or remove the write');
    expect(result.diagnostics.map((d) => d.message.split(' (`')[0])).toContain('Calc.peek is a @query() but it calls push() on this.log');
    expect(result.diagnostics.map((d) => d.message.split(' (`')[0])).toContain('Calc.ping is a @query() but it calls this.ctx.sleep');
  });

  it('is a warning: the actor is still extracted', () => {
    expect(result.manifests.map((m) => m.program?.name)).toEqual(['Calc']);
  });

  it('says nothing about reads, local variables, copies, this.x.get(…), ctx.query, commands or a function with its own this', () => {
    expect(rows.filter((r) => (r[2] as number) >= 37)).toEqual([]);
  });

  it('warns at a send or a deploy through a generated client of this.ctx, not at its query', () => {
    const source = [
      "import { Actor, type ActorId, actor, type CodeId, query, type u32 } from '@sprocket/sdk';",
      'declare const PeerClient: { at(t: unknown, a: ActorId): { send: { hit(n: u32): void }; count(): Promise<u32> }; deploy(t: unknown, c: CodeId, k: string, a: []): Promise<unknown> };',
      '@actor() export class Asker extends Actor {',
      "  private peer: ActorId = '0x';",
      '  @query() poke(): u32 { PeerClient.at(this.ctx, this.peer).send.hit(1); return 1; }',
      "  @query() async spawn(code: CodeId): Promise<u32> { await PeerClient.deploy(this.ctx, code, 'default', []); return 1; }",
      '  @query() async ask(): Promise<u32> { return await PeerClient.at(this.ctx, this.peer).count(); }',
      '}',
    ].join('\n');
    const found = extractFromSource('asker.ts', source).diagnostics;
    expect(found.map((d) => [d.code, d.location.line, d.location.column])).toEqual([
      ['SPK1031', 5, 26],
      ['SPK1031', 6, 60],
    ]);
    expect(found[0]?.message).toContain('Asker.poke is a @query() but it sends hit through a client of this.ctx');
    expect(found[1]?.message).toContain('Asker.spawn is a @query() but it deploys an actor');
  });

  it('warns at a command called through a client of this.ctx, awaited or not, and not at a query called so', () => {
    const source = [
      "import { Actor, type ActorId, actor, query, type u32 } from '@sprocket/sdk';",
      '// The shape of a generated client: its commands also under `send`, its queries not.',
      'interface Peer<S = string> { readonly send: { add(n: u32): S }; add(n: u32): Promise<u32>; count(): Promise<u32> }',
      'declare const PeerClient: { at<S = string>(t: unknown, a: ActorId): Peer<S> };',
      'declare const elsewhere: unknown;',
      '@actor() export class Asker extends Actor {',
      "  private peer: ActorId = '0x';",
      '  @query() async bump(): Promise<u32> { const c = PeerClient.at(this.ctx, this.peer); return await c.add(1); }',
      '  @query() fire(): void { void PeerClient.at(this.ctx, this.peer).add(2); }',
      '  @query() alias(): void { const c = PeerClient.at(this.ctx, this.peer); c.send.add(3); }',
      '  @query() async read(): Promise<u32> { const c = PeerClient.at(this.ctx, this.peer); return (await c.count()) + (await PeerClient.at(this.ctx, this.peer).count()); }',
      '  async relay(): Promise<u32> { const c = PeerClient.at(this.ctx, this.peer); return await c.add(4); }',
      '  @query() async other(): Promise<u32> { const c = PeerClient.at(elsewhere, this.peer); return await c.add(5); }',
      '}',
    ].join('\n');
    const found = extractFromSource('asker.ts', source).diagnostics;
    expect(found.map((d) => [d.code, d.severity, d.location.file, d.location.line, d.location.column])).toEqual([
      ['SPK1031', 'warning', 'asker.ts', 8, 100],
      ['SPK1031', 'warning', 'asker.ts', 9, 32],
      ['SPK1031', 'warning', 'asker.ts', 10, 74],
    ]);
    expect(found[0]?.message).toBe(
      'Asker.bump is a @query() but it calls the command add through a client of this.ctx (`c.add(1)`): the runtime refuses it with QUERY_MUTATED',
    );
    expect(found[0]?.fix).toBe('make it a command (remove @query()), or call only queries of the other actor from here');
    expect(found[1]?.message).toContain('Asker.fire is a @query() but it calls the command add through a client of this.ctx');
    expect(found[2]?.message).toContain('Asker.alias is a @query() but it sends add through a client of this.ctx');
  });

  it('follows a local const alias of this.ctx to a client, a deploy or a context write, and not to a query', () => {
    const source = [
      "import { Actor, type ActorId, actor, type CodeId, query, type u32 } from '@sprocket/sdk';",
      'interface Peer { readonly send: { add(n: u32): string }; add(n: u32): Promise<u32>; count(): Promise<u32> }',
      'declare const PeerClient: { at(t: unknown, a: ActorId): Peer; deploy(t: unknown, c: CodeId, k: string, a: []): Promise<unknown> };',
      '@actor() export class Asker extends Actor {',
      "  private peer: ActorId = '0x';",
      '  @query() async named(): Promise<u32> { const ctx = this.ctx; return await PeerClient.at(ctx, this.peer).add(1); }',
      '  @query() async picked(): Promise<u32> { const { ctx } = this; return await PeerClient.at(ctx, this.peer).add(2); }',
      '  @query() async renamed(): Promise<u32> { const { ctx: c } = this; const p = PeerClient.at(c, this.peer); return await p.add(3); }',
      '  @query() spawn(code: CodeId): void { const ctx = this.ctx; void PeerClient.deploy(ctx, code, "default", []); }',
      '  @query() pay(to: ActorId): void { const ctx = this.ctx; ctx.transfer(to, 1n); }',
      '  @query() async read(): Promise<u32> { const ctx = this.ctx; const { ctx: c } = this; return (await PeerClient.at(ctx, this.peer).count()) + (await PeerClient.at(c, this.peer).count()); }',
      '  @query() async loose(): Promise<u32> { let ctx = this.ctx; return await PeerClient.at(ctx, this.peer).add(4); }',
      '  @query() async nested(): Promise<u32> { const ctx = this.ctx; const run = () => PeerClient.at(ctx, this.peer).add(5); return await run(); }',
      '}',
    ].join('\n');
    const found = extractFromSource('asker.ts', source).diagnostics;
    expect(found.map((d) => [d.code, d.location.line, d.message.split(' (`')[0]])).toEqual([
      ['SPK1031', 6, 'Asker.named is a @query() but it calls the command add through a client of this.ctx'],
      ['SPK1031', 7, 'Asker.picked is a @query() but it calls the command add through a client of this.ctx'],
      ['SPK1031', 8, 'Asker.renamed is a @query() but it calls the command add through a client of this.ctx'],
      ['SPK1031', 9, 'Asker.spawn is a @query() but it deploys an actor'],
      ['SPK1031', 10, 'Asker.pay is a @query() but it calls ctx.transfer (ctx is this.ctx)'],
      ['SPK1031', 13, 'Asker.nested is a @query() but it calls the command add through a client of this.ctx'],
    ]);
    expect(found[4]?.message).toContain('it calls ctx.transfer (ctx is this.ctx) (`ctx.transfer(to, 1n)`)');
  });

  it('tells a reading method of an array field (includes) from a writing one (splice)', () => {
    const source = [
      "import { Actor, actor, query, type u32 } from '@sprocket/sdk';",
      '@actor() export class Probe extends Actor {',
      '  private when = { at: 0 as u32 };',
      '  private names: string[] = [];',
      '  @query() look(): u32 { const at = this.when.at; this.names.includes("x"); return at; }',
      '  @query() write(): void { this.names.splice(0, 1); }',
      '}',
    ].join('\n');
    const found = extractFromSource('probe.ts', source).diagnostics;
    expect(found.map((d) => [d.code, d.location.line, d.location.column])).toEqual([['SPK1031', 6, 28]]);
    expect(found[0]?.message).toContain('it calls splice() on this.names');
  });
});
