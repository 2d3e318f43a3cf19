// The stored form of log entries: a kind byte and a body (the transaction bytes ‖ signature, or JSON).
import { NodeError } from './errors.js';
import type { LogEntry } from './log.js';

/** Entry kinds as stored. */
export const KIND = { genesis: 0, tx: 1, block: 2, dev: 3 } as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? { $big: v.toString() } : v)));
}

function parse(body: Uint8Array): Record<string, unknown> {
  return JSON.parse(decoder.decode(body), (_k, v) =>
    v !== null && typeof v === 'object' && typeof (v as { $big?: unknown }).$big === 'string' ? BigInt((v as { $big: string }).$big) : v,
  );
}

/** Encodes an entry as (kind, body). */
export function encodeEntry(entry: LogEntry): { kind: number; body: Uint8Array } {
  switch (entry.kind) {
    case 'tx': {
      const body = new Uint8Array(entry.tx.length + entry.signature.length);
      body.set(entry.tx, 0);
      body.set(entry.signature, entry.tx.length);
      return { kind: KIND.tx, body };
    }
    case 'block':
      return { kind: KIND.block, body: json({ timestamp: entry.timestamp }) };
    case 'dev':
      return { kind: KIND.dev, body: json(entry.command) };
    case 'genesis': {
      const { kind: _kind, ...rest } = entry;
      return { kind: KIND.genesis, body: json(rest) };
    }
  }
}

/** Decodes a stored entry. */
export function decodeEntry(kind: number, body: Uint8Array): LogEntry {
  switch (kind) {
    case KIND.tx:
      return { kind: 'tx', tx: body.subarray(0, body.length - 64), signature: body.subarray(body.length - 64) };
    case KIND.block:
      return { kind: 'block', timestamp: Number(parse(body).timestamp) };
    case KIND.dev:
      return { kind: 'dev', command: parse(body) as never };
    case KIND.genesis:
      return { kind: 'genesis', ...(parse(body) as object) } as LogEntry;
    default:
      throw new NodeError('NODE_STORE', `the input log holds an entry of unknown kind ${kind}`);
  }
}
