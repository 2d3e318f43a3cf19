import { TypeRegistry } from '@polkadot/types';
import * as $ from 'scale-ts';
import { actorId, decode, encode, enumTagged, option, str, struct, toHex, u64, u128, vec } from '../sdk/src/scale/index.js';
import { type BenchRow, measure } from './harness.js';

// ---- values -----------------------------------------------------------------------------------

const TO = `0x${'ab'.repeat(31)}01`;
const TO_BYTES = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0xab));
const AMOUNT = 1_234_567_890_123_456_789_012n;
const MEMO = 'hello sprocket';
const U64S: bigint[] = Array.from({ length: 32 }, (_, i) => (1n << BigInt(i * 2)) + BigInt(i));

// ---- sprocket ---------------------------------------------------------------------------------

const Transfer = struct('Transfer', [
  ['to', actorId],
  ['amount', u128],
  ['memo', option(str)],
]);
const VecU64 = vec(u64);
const Action = enumTagged('Action', [
  { name: 'Noop', fields: [] },
  {
    name: 'Transfer',
    fields: [
      ['to', actorId],
      ['amount', u128],
    ],
  },
  { name: 'Memo', fields: [str] },
]);
const transferValue = { to: TO, amount: AMOUNT, memo: MEMO };
const actionValue = { kind: 'Transfer' as const, to: TO, amount: AMOUNT };

// ---- scale-ts ---------------------------------------------------------------------------------

const sTransfer = $.Struct({ to: $.Bytes(32), amount: $.u128, memo: $.Option($.str) });
const sVecU64 = $.Vector($.u64);
const sAction = $.Enum({ Noop: $._void, Transfer: $.Struct({ to: $.Bytes(32), amount: $.u128 }), Memo: $.str });
const sTransferValue = { to: TO_BYTES, amount: AMOUNT, memo: MEMO };
const sActionValue = { tag: 'Transfer' as const, value: { to: TO_BYTES, amount: AMOUNT } };

// ---- polkadot ---------------------------------------------------------------------------------

const registry = new TypeRegistry();
registry.register({
  BenchTransfer: { to: 'H256', amount: 'u128', memo: 'Option<Text>' },
  BenchAction: { _enum: { Noop: 'Null', Transfer: { to: 'H256', amount: 'u128' }, Memo: 'Text' } },
} as never);
const pEncodeTransfer = () => registry.createType('BenchTransfer', transferValue).toU8a();
const pEncodeVec = () => registry.createType('Vec<u64>', U64S).toU8a();
const pEncodeAction = () => registry.createType('BenchAction', { Transfer: { to: TO, amount: AMOUNT } }).toU8a();

// ---- baseline: the fastest hand-written code for these shapes ----------------------------------
// Table-driven hex both ways (no per-byte parsing), one preallocated output buffer and DataView,
// ASCII fast paths for short strings; each encode returns a fresh copy of the bytes, like the codecs.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Value of a hex digit by char code (0xff for anything else). */
const HEX_VALUE = new Uint8Array(128).fill(0xff);
for (let i = 0; i < 16; i++) {
  HEX_VALUE[i.toString(16).charCodeAt(0)] = i;
  HEX_VALUE[i.toString(16).toUpperCase().charCodeAt(0)] = i;
}
const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });
const bbuf = new Uint8Array(4096);
const bview = new DataView(bbuf.buffer);

function bHex(out: Uint8Array, at: number, hex: string): void {
  for (let i = 0, c = 2; i < 32; i++, c += 2) {
    const v = ((HEX_VALUE[hex.charCodeAt(c)] as number) << 4) | (HEX_VALUE[hex.charCodeAt(c + 1)] as number);
    if (v > 0xff) throw new RangeError('bench: bad hex');
    out[at + i] = v;
  }
}
function bReadHex(b: Uint8Array, at: number): string {
  let s = '0x';
  for (let i = 0; i < 32; i++) s += HEX[b[at + i] as number];
  return s;
}
function bU128(at: number, v: bigint): void {
  bview.setBigUint64(at, BigInt.asUintN(64, v), true);
  bview.setBigUint64(at + 8, v >> 64n, true);
}
function rU128(view: DataView, at: number): bigint {
  return view.getBigUint64(at, true) | (view.getBigUint64(at + 8, true) << 64n);
}
function bCompact(at: number, n: number): number {
  if (n < 64) {
    bbuf[at] = n << 2;
    return 1;
  }
  bview.setUint16(at, (n << 2) | 1, true);
  return 2;
}
/** Writes a short string with its compact length at `at`; returns the bytes written. */
function bStr(at: number, v: string): number {
  const n = v.length;
  if (n < 64) {
    let i = 0;
    for (; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) break;
      bbuf[at + 1 + i] = c;
    }
    if (i === n) {
      bbuf[at] = n << 2;
      return 1 + n;
    }
  }
  const enc = te.encode(v);
  const p = bCompact(at, enc.length);
  bbuf.set(enc, at + p);
  return p + enc.length;
}
function rStr(b: Uint8Array, at: number, len: number): string {
  if (len <= 32) {
    let s = '';
    for (let i = 0; i < len; i++) {
      const c = b[at + i] as number;
      if (c >= 0x80) return td.decode(b.subarray(at, at + len));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return td.decode(b.subarray(at, at + len));
}
function baselineEncodeTransfer(v: typeof transferValue): Uint8Array {
  bHex(bbuf, 0, v.to);
  bU128(32, v.amount);
  let p = 48;
  if (v.memo === null) bbuf[p++] = 0;
  else {
    bbuf[p++] = 1;
    p += bStr(p, v.memo);
  }
  return bbuf.slice(0, p);
}
function baselineDecodeTransfer(b: Uint8Array): typeof transferValue {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const to = bReadHex(b, 0);
  const amount = rU128(view, 32);
  let memo: string | null = null;
  if (b[48] === 1) memo = rStr(b, 50, (b[49] as number) >> 2);
  return { to, amount, memo: memo as string };
}
function baselineEncodeVec(v: bigint[]): Uint8Array {
  let p = bCompact(0, v.length);
  for (let i = 0; i < v.length; i++, p += 8) bview.setBigUint64(p, v[i] as bigint, true);
  return bbuf.slice(0, p);
}
function baselineDecodeVec(b: Uint8Array): bigint[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = (b[0] as number) >> 2;
  const out = new Array<bigint>(n);
  for (let i = 0, p = 1; i < n; i++, p += 8) out[i] = view.getBigUint64(p, true);
  return out;
}
function baselineEncodeAction(v: typeof actionValue): Uint8Array {
  bbuf[0] = 1;
  bHex(bbuf, 1, v.to);
  bU128(33, v.amount);
  return bbuf.slice(0, 49);
}
function baselineDecodeAction(b: Uint8Array): typeof actionValue {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b[0] !== 1) throw new RangeError('bench: unexpected variant');
  return { kind: 'Transfer', to: bReadHex(b, 1), amount: rU128(view, 33) };
}

// ---- cases ------------------------------------------------------------------------------------

interface Impl {
  readonly impl: string;
  readonly encode: () => Uint8Array;
  readonly decode: (bytes: Uint8Array) => unknown;
}
interface Case {
  readonly name: string;
  readonly impls: readonly Impl[];
}

const cases: Case[] = [
  {
    name: 'Transfer',
    impls: [
      { impl: 'sprocket', encode: () => encode(Transfer, transferValue), decode: (b) => decode(Transfer, b) },
      { impl: 'scale-ts', encode: () => sTransfer.enc(sTransferValue), decode: (b) => sTransfer.dec(b) },
      { impl: 'polkadot', encode: pEncodeTransfer, decode: (b) => registry.createType('BenchTransfer', b) },
      { impl: 'baseline', encode: () => baselineEncodeTransfer(transferValue), decode: baselineDecodeTransfer },
    ],
  },
  {
    name: 'Vec<u64>',
    impls: [
      { impl: 'sprocket', encode: () => encode(VecU64, U64S), decode: (b) => decode(VecU64, b) },
      { impl: 'scale-ts', encode: () => sVecU64.enc(U64S), decode: (b) => sVecU64.dec(b) },
      { impl: 'polkadot', encode: pEncodeVec, decode: (b) => registry.createType('Vec<u64>', b) },
      { impl: 'baseline', encode: () => baselineEncodeVec(U64S), decode: baselineDecodeVec },
    ],
  },
  {
    name: 'Enum',
    impls: [
      { impl: 'sprocket', encode: () => encode(Action, actionValue), decode: (b) => decode(Action, b) },
      { impl: 'scale-ts', encode: () => sAction.enc(sActionValue), decode: (b) => sAction.dec(b) },
      { impl: 'polkadot', encode: pEncodeAction, decode: (b) => registry.createType('BenchAction', b) },
      { impl: 'baseline', encode: () => baselineEncodeAction(actionValue), decode: baselineDecodeAction },
    ],
  },
];

/** Runs the codec benchmark: encode and decode of three shapes with sprocket, scale-ts, @polkadot/types and a hand-written baseline. */
export async function runCodecBench(options: { roundMs?: number; rounds?: number } = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const reference = toHex(c.impls[0]?.encode() ?? new Uint8Array());
    for (const impl of c.impls) {
      const hex = toHex(impl.encode());
      if (hex !== reference) throw new RangeError(`bench ${c.name}: ${impl.impl} encodes ${hex}, sprocket ${reference}`);
    }
    const bytes = c.impls[0]?.encode() ?? new Uint8Array();
    for (const impl of c.impls) {
      rows.push({
        suite: 'codec',
        case: `${c.name} encode`,
        impl: impl.impl,
        opsPerSec: Math.round(measure(impl.encode, options)),
        bytes: bytes.length,
      });
    }
    for (const impl of c.impls) {
      const fn = () => impl.decode(bytes);
      rows.push({
        suite: 'codec',
        case: `${c.name} decode`,
        impl: impl.impl,
        opsPerSec: Math.round(measure(fn, options)),
        bytes: bytes.length,
      });
    }
    await Promise.resolve();
  }
  return rows;
}
