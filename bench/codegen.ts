// Suite "codegen": the codecs that `sprocket gen` emits (straight-line code per type) against scale-ts,
// @polkadot/types and a hand-written DataView baseline, on Transfer and Order.
import { TypeRegistry } from '@polkadot/types';
import * as $ from 'scale-ts';
import { ExchangeCodecs, type Order, type Transfer } from '../compiler-plugin/src/emit/__fixtures__/exchange.gen.js';
import { counterManifest, exchangeManifest } from '../compiler-plugin/src/emit/__fixtures__/manifests.js';
import { emitGenerated } from '../compiler-plugin/src/emit/generated.js';
import { type BenchRow, measure } from './harness.js';

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

// ---- baseline: hand-written DataView ----------------------------------------------------------

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = HEX[65 + i] = 10 + i;
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const buf = new Uint8Array(1024);
const view = new DataView(buf.buffer);

function putCompact(p: number, n: number): number {
  if (n < 64) {
    buf[p] = n << 2;
    return p + 1;
  }
  if (n < 16384) {
    view.setUint16(p, (n << 2) | 1, true);
    return p + 2;
  }
  if (n < 1073741824) {
    view.setUint32(p, n * 4 + 2, true);
    return p + 4;
  }
  let len = 4;
  while (n >= 2 ** (8 * len)) len++;
  buf[p] = ((len - 4) << 2) | 3;
  let rest = n;
  for (let i = 1; i <= len; i++) {
    buf[p + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return p + 1 + len;
}
function putStr(p: number, s: string): number {
  const bytes = enc.encode(s);
  p = putCompact(p, bytes.length);
  buf.set(bytes, p);
  return p + bytes.length;
}
function putU128(p: number, v: bigint): number {
  view.setBigUint64(p, BigInt.asUintN(64, v), true);
  view.setBigUint64(p + 8, v >> 64n, true);
  return p + 16;
}
function baseEncodeTransfer(t: Transfer): Uint8Array {
  let p = 0;
  for (let i = 0; i < 32; i++) buf[p++] = ((HEX[t.to.charCodeAt(2 + 2 * i)] as number) << 4) | (HEX[t.to.charCodeAt(3 + 2 * i)] as number);
  p = putU128(p, t.amount);
  if (t.memo === null) buf[p++] = 0;
  else {
    buf[p++] = 1;
    p = putStr(p, t.memo);
  }
  return buf.slice(0, p);
}
function baseEncodeOrder(o: Order): Uint8Array {
  let p = 0;
  view.setBigUint64(p, o.id, true);
  p += 8;
  buf[p++] = o.side === 'Buy' ? 0 : 1;
  p = putU128(p, o.price);
  p = putCompact(p, Number(o.qty));
  p = putCompact(p, o.tags.length);
  for (const t of o.tags) p = putStr(p, t);
  return buf.slice(0, p);
}
function getCompact(b: Uint8Array, v: DataView, p: number): [number, number] {
  const m = (b[p] as number) & 3;
  if (m === 0) return [(b[p] as number) >>> 2, p + 1];
  if (m === 1) return [v.getUint16(p, true) >>> 2, p + 2];
  if (m === 2) return [v.getUint32(p, true) >>> 2, p + 4];
  const len = ((b[p] as number) >>> 2) + 4;
  let n = 0;
  for (let i = len; i >= 1; i--) n = n * 256 + (b[p + i] as number);
  return [n, p + 1 + len];
}
function getStr(b: Uint8Array, v: DataView, p: number): [string, number] {
  const [n, q] = getCompact(b, v, p);
  return [dec.decode(b.subarray(q, q + n)), q + n];
}
function baseDecodeTransfer(b: Uint8Array): Transfer {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let to = '0x';
  for (let i = 0; i < 32; i++) to += BYTE_HEX[b[i] as number];
  const amount = v.getBigUint64(32, true) | (v.getBigUint64(40, true) << 64n);
  let memo: string | null = null;
  let p = 49;
  if (b[48] === 1) [memo, p] = getStr(b, v, 49);
  if (p !== b.length) throw new Error('trailing bytes');
  return { to: to as `0x${string}`, amount, memo };
}
function baseDecodeOrder(b: Uint8Array): Order {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const id = v.getBigUint64(0, true);
  const side = b[8] === 0 ? 'Buy' : 'Sell';
  const price = v.getBigUint64(9, true) | (v.getBigUint64(17, true) << 64n);
  let [qty, p] = getCompact(b, v, 25);
  let n: number;
  [n, p] = getCompact(b, v, p);
  const tags: string[] = [];
  for (let i = 0; i < n; i++) {
    let s: string;
    [s, p] = getStr(b, v, p);
    tags.push(s);
  }
  if (p !== b.length) throw new Error('trailing bytes');
  return { id, side, price, qty: BigInt(qty), tags };
}

// ---- the suite ----------------------------------------------------------------------------------

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Runs the suite: checks that all implementations produce identical bytes, then measures ops/s. */
export async function runCodegenBench(): Promise<BenchRow[]> {
  await checkFixture();
  const impls = {
    Transfer: {
      value: transfer,
      encode: {
        sprocket: () => ExchangeCodecs.Transfer.encode(transfer),
        'scale-ts': () => sTransfer.enc(sTransferValue),
        polkadot: () => registry.createType('Transfer', transfer).toU8a(),
        baseline: () => baseEncodeTransfer(transfer),
      },
    },
    Order: {
      value: order,
      encode: {
        sprocket: () => ExchangeCodecs.Order.encode(order),
        'scale-ts': () => sOrder.enc(sOrderValue),
        polkadot: () => registry.createType('Order', order).toU8a(),
        baseline: () => baseEncodeOrder(order),
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
            baseline: () => baseDecodeTransfer(bytes),
          }
        : {
            sprocket: () => ExchangeCodecs.Order.decode(bytes),
            'scale-ts': () => sOrder.dec(bytes),
            polkadot: () => registry.createType('Order', bytes),
            baseline: () => baseDecodeOrder(bytes),
          };
    // decoders must agree with the value
    const back = JSON.stringify(decoders.sprocket?.(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const base = JSON.stringify(decoders.baseline?.(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    if (back !== base) throw new Error(`bench/codegen: decoders disagree on ${name}: ${back} vs ${base}`);
    for (const [impl, fn] of Object.entries(spec.encode))
      rows.push({ suite: 'codegen', case: `${name} encode`, impl, opsPerSec: Math.round(measure(fn)), bytes: bytes.length });
    for (const [impl, fn] of Object.entries(decoders))
      rows.push({ suite: 'codegen', case: `${name} decode`, impl, opsPerSec: Math.round(measure(fn)), bytes: bytes.length });
  }
  return rows;
}
