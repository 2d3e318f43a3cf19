import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Extractor } from '../compiler-plugin/src/extract/index.js';

const repo = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'sprocket-extract-perf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function actorSource(i: number): string {
  return `import { Actor, actor, init, query, handler, type ActorId, type u32, type u64, type u128, type Result } from '@sprocket/sdk';
export interface Order${i} { id: u64; owner: ActorId; amount: u128; side: 'Buy' | 'Sell'; tags: string[] }
export type Status${i} = { kind: 'Open' } | { kind: 'Filled'; value: u128 } | { kind: 'Cancelled'; reason: string };
interface Events${i} { Placed: Order${i}; Cancelled: u64; Reset: void }
@actor()
export class Market${i} extends Actor<Events${i}> {
  private orders = new Map<u64, Order${i}>();
  @init() new(owner: ActorId | null) {}
  place(order: Order${i}): Result<u64, string> { this.emit('Placed', order); return { ok: order.id }; }
  cancel(id: u64): Status${i} { return { kind: 'Open' }; }
  @handler({ payable: true }) deposit(amount: u128, memo: [u32, string]): void {}
  @query() get(id: u64): Order${i} | null { return this.orders.get(id) ?? null; }
  @query() all(): Map<u64, Order${i}> { return this.orders; }
}
`;
}

// Speed lives in `npm run bench` (the codegen rows); this test checks that the cold and incremental paths agree.
it('extracts 100 actor files cold, then re-extracts exactly the one changed file', () => {
  mkdirSync(join(dir, 'node_modules/@sprocket'), { recursive: true });
  symlinkSync(join(repo, 'sdk'), join(dir, 'node_modules/@sprocket/sdk'), 'dir');
  const files: string[] = [];
  for (let i = 0; i < 100; i++) {
    const file = join(dir, `market${i}.ts`);
    writeFileSync(file, actorSource(i));
    files.push(file);
  }
  const extractor = new Extractor({ rootDir: dir });
  const result = extractor.extract(files);
  expect(result.diagnostics).toEqual([]);
  expect(result.manifests).toHaveLength(100);

  writeFileSync(files[42]!, actorSource(42).replace('cancel(id: u64)', 'cancel(id: u64, why: string)'));
  const changed = extractor.update(files[42]!);
  expect(changed.manifests).toHaveLength(1);
  expect(changed.manifests[0]!.services[0]!.functions.find((f) => f.name === 'Cancel')!.params).toHaveLength(2);
});
