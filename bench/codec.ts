import { isDeepStrictEqual } from 'node:util';
import { TypeRegistry } from '@polkadot/types';
import * as $ from 'scale-ts';
import { actorId, decode, encode, enumTagged, option, str, struct, toHex, u64, u128, vec } from '../sdk/src/scale/index.js';
import {
  baselineDecodeAction,
  baselineDecodeTransfer,
  baselineDecodeVec,
  baselineEncodeAction,
  baselineEncodeTransfer,
  baselineEncodeVec,
} from './codec-baseline.js';
import { type BenchRow, measureInterleaved } from './harness.js';

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
const transferValue: { to: string; amount: bigint; memo: string | null } = { to: TO, amount: AMOUNT, memo: MEMO };
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
    const ours = c.impls.find((impl) => impl.impl === 'sprocket')?.decode(bytes);
    const hand = c.impls.find((impl) => impl.impl === 'baseline')?.decode(bytes);
    if (!isDeepStrictEqual(ours, hand)) throw new RangeError(`bench ${c.name}: the baseline decodes another value than sprocket`);
    const encodeRates = measureInterleaved(
      c.impls.map((impl) => impl.encode),
      options,
    );
    c.impls.forEach((impl, i) => {
      rows.push({
        suite: 'codec',
        case: `${c.name} encode`,
        impl: impl.impl,
        opsPerSec: Math.round(encodeRates[i] as number),
        bytes: bytes.length,
      });
    });
    // Bound per impl, so that each decode is called from its own call site (closures made by one arrow share theirs).
    const decodeRates = measureInterleaved(
      c.impls.map((impl) => impl.decode.bind(undefined, bytes)),
      options,
    );
    c.impls.forEach((impl, i) => {
      rows.push({
        suite: 'codec',
        case: `${c.name} decode`,
        impl: impl.impl,
        opsPerSec: Math.round(decodeRates[i] as number),
        bytes: bytes.length,
      });
    });
    await Promise.resolve();
  }
  return rows;
}
