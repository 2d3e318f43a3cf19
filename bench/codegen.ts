// Suite "codegen": the codecs that `sprocket gen` emits (straight-line code per type) against scale-ts,
// @polkadot/types and the hand-written baseline of bench/codegen-baseline.ts, on Transfer and Order.
import { TypeRegistry } from '@polkadot/types';
import * as $ from 'scale-ts';
import { ExchangeCodecs, type Order, type Transfer } from '../compiler-plugin/src/emit/__fixtures__/exchange.gen.js';
import { counterManifest, exchangeManifest } from '../compiler-plugin/src/emit/__fixtures__/manifests.js';
import { emitGenerated } from '../compiler-plugin/src/emit/generated.js';
import { baselineDecodeOrder, baselineDecodeTransfer, baselineEncodeOrder, baselineEncodeTransfer } from './codegen-baseline.js';
import { type BenchRow, measureInterleaved } from './harness.js';

// The generated module is the committed emitter output for exchangeManifest (checked by the snapshot
// test); make sure it is current before timing it.
async function checkFixture(): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL('../compiler-plugin/src/emit/__fixtures__/exchange.gen.ts', import.meta.url), 'utf8');
  if (text !== emitGenerated(exchangeManifest))
    throw new Error('bench/codegen: exchange.gen.ts is stale; run `npx vitest run test/codegen-snapshot -u`');
  void counterManifest;
}

// ---- values -----------------------------------------------------------------------------------

const TO = `0x${'ab'.repeat(31)}01` as const;
const TO_BYTES = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0xab));
const transfer: Transfer = { to: TO, amount: 1_234_567_890_123_456_789_012n, memo: 'hello sprocket' };
const order: Order = {
  id: 9_007_199_254_740_993n,
  side: 'Sell',
  price: 123_456_789_000_000_000_000n,
  qty: 1_000_000n,
  tags: ['limit', 'gtc', 'post-only'],
};

// ---- scale-ts -----------------------------------------------------------------------------------

const sTransfer = $.Struct({ to: $.Bytes(32), amount: $.u128, memo: $.Option($.str) });
const sOrder = $.Struct({
  id: $.u64,
  side: $.Enum({ Buy: $._void, Sell: $._void }),
  price: $.u128,
  qty: $.compact,
  tags: $.Vector($.str),
});
const sTransferValue = { to: TO_BYTES, amount: transfer.amount, memo: transfer.memo ?? undefined };
const sOrderValue = { id: order.id, side: { tag: order.side, value: undefined }, price: order.price, qty: order.qty, tags: order.tags };

// ---- polkadot -----------------------------------------------------------------------------------

const registry = new TypeRegistry();
registry.register({
  Side: { _enum: ['Buy', 'Sell'] },
  Transfer: { to: '[u8;32]', amount: 'u128', memo: 'Option<Text>' },
  Order: { id: 'u64', side: 'Side', price: 'u128', qty: 'Compact<u64>', tags: 'Vec<Text>' },
});

// ---- the suite ----------------------------------------------------------------------------------

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Runs the suite: checks that all implementations produce identical bytes, then measures ops/s of each operation's impls interleaved. */
export async function runCodegenBench(): Promise<BenchRow[]> {
  await checkFixture();
  const impls = {
    Transfer: {
      value: transfer,
      encode: {
        sprocket: () => ExchangeCodecs.Transfer.encode(transfer),
        'scale-ts': () => sTransfer.enc(sTransferValue),
        polkadot: () => registry.createType('Transfer', transfer).toU8a(),
        baseline: () => baselineEncodeTransfer(transfer),
      },
    },
    Order: {
      value: order,
      encode: {
        sprocket: () => ExchangeCodecs.Order.encode(order),
        'scale-ts': () => sOrder.enc(sOrderValue),
        polkadot: () => registry.createType('Order', order).toU8a(),
        baseline: () => baselineEncodeOrder(order),
      },
    },
  } as const;
  const rows: BenchRow[] = [];
  for (const [name, spec] of Object.entries(impls)) {
    const expected = hex(spec.encode.sprocket());
    for (const [impl, fn] of Object.entries(spec.encode)) {
      if (hex(fn()) !== expected) throw new Error(`bench/codegen: ${impl} encodes ${name} differently: ${hex(fn())} vs ${expected}`);
    }
    const bytes = spec.encode.sprocket();
    const decoders: Record<string, () => unknown> =
      name === 'Transfer'
        ? {
            sprocket: () => ExchangeCodecs.Transfer.decode(bytes),
            'scale-ts': () => sTransfer.dec(bytes),
            polkadot: () => registry.createType('Transfer', bytes),
            baseline: () => baselineDecodeTransfer(bytes),
          }
        : {
            sprocket: () => ExchangeCodecs.Order.decode(bytes),
            'scale-ts': () => sOrder.dec(bytes),
            polkadot: () => registry.createType('Order', bytes),
            baseline: () => baselineDecodeOrder(bytes),
          };
    // decoders must agree with the value
    const back = JSON.stringify(decoders.sprocket?.(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const base = JSON.stringify(decoders.baseline?.(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    if (back !== base) throw new Error(`bench/codegen: decoders disagree on ${name}: ${back} vs ${base}`);
    for (const [op, fns] of [
      ['encode', spec.encode],
      ['decode', decoders],
    ] as const) {
      const entries = Object.entries(fns);
      const rates = measureInterleaved(entries.map(([, fn]) => fn));
      entries.forEach(([impl], i) => {
        rows.push({ suite: 'codegen', case: `${name} ${op}`, impl, opsPerSec: Math.round(rates[i] as number), bytes: bytes.length });
      });
    }
  }
  return rows;
}
