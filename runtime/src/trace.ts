import { type GeneratedConstructor, readHeader, ScaleReader } from '@sprocket/sdk';
import type { Code, DispatchEntry } from './code.js';
import { INIT, QUERY, type ReplyError } from './message.js';

/** One line of the trace, in readable and structured form. */
export interface TraceEntry {
  /** What happened. */
  readonly type: 'message' | 'reply' | 'error-reply' | 'event' | 'rollback' | 'mailbox' | 'dropped' | 'timeout';
  /** Block height. */
  readonly block: number;
  /** The message id this line is about. */
  readonly messageId: string;
  /** Sender label (user name or `Program#n`; {@link SYSTEM_SENDER} on a `timeout`, which no actor sent). */
  readonly from: string;
  /** Receiver label. */
  readonly to: string;
  /** `Service.Route` or `Program.Constructor`, when known. */
  readonly route?: string;
  /** Decoded arguments, reply or event payload in the JSON form. */
  readonly json?: unknown;
  /** Value moved with the message. */
  readonly value?: string;
  /** Error code of an error reply or rollback. */
  readonly code?: string;
  /** The handler's or runtime's reason. */
  readonly reason?: string;
  /** Gas the handler used, on replies and error replies of handled messages. */
  readonly gas?: number;
  /** On messages: the message whose handler sent this one (absent when a user sent it). */
  readonly causeId?: string;
  /** The formatted line. */
  readonly text: string;
}

/**
 * The sender of a `timeout` line: the runtime makes a TIMEOUT reply when the caller's deadline passes, the callee
 * never sent it. In parentheses, unlike actor labels, so it does not read as an account.
 */
export const SYSTEM_SENDER = '(system)';

/** A raw trace record: formatting (decoding) is deferred until the trace is read. */
export interface TraceRecord {
  readonly type: TraceEntry['type'];
  readonly block: number;
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly kind?: number;
  readonly payload?: Uint8Array;
  readonly value?: bigint;
  readonly entry?: DispatchEntry | undefined;
  readonly code?: Code | undefined;
  readonly error?: ReplyError | undefined;
  readonly event?: string;
  readonly gas?: number;
  /** Counter of the message whose handler sent this one (0 or absent: a user). */
  readonly cause?: number;
}

/** Resolves addresses to labels and message counters to ids for the formatter. */
export interface TraceNames {
  label(address: string): string;
  messageId(seq: number): string;
}

/** JSON text of a decoded value; addresses the system knows are shown by label (`alice`, `Multisig#2`). */
function stringify(json: unknown, label?: (address: string) => string): string {
  return (
    JSON.stringify(json, (_k, v) => {
      if (typeof v === 'bigint') return v.toString();
      if (label !== undefined && typeof v === 'string' && v.length === 66 && v.startsWith('0x')) return label(v);
      return v;
    }) ?? 'undefined'
  );
}

/** ` gas=N` after a reply of a handled message (nothing when no handler ran). */
function gasText(gas: number | undefined): string {
  return gas === undefined || gas === 0 ? '' : ` gas=${gas}`;
}

function shortId(id: string): string {
  return `${id.slice(0, 10)}…${id.slice(-4)}`;
}

function decodeCtorArgs(code: Code, payload: Uint8Array): { route: string; json: unknown } | undefined {
  const reader = new ScaleReader(payload);
  const header = readHeader(reader);
  const ctor: GeneratedConstructor | undefined = code.ctorById(header.entryId);
  if (ctor === undefined) return undefined;
  return { route: `${code.name}.${ctor.name}`, json: ctor.argsToJson(ctor.decodeArgs(reader)) };
}

function decodeArgs(entry: DispatchEntry, payload: Uint8Array): unknown {
  const reader = new ScaleReader(payload);
  reader.offset = 16;
  return entry.fn.argsToJson(entry.fn.decodeArgs(reader));
}

/** Turns raw records into readable entries (decoding payloads with the generated codecs). */
export function formatTrace(records: readonly TraceRecord[], names: TraceNames): TraceEntry[] {
  return records.map((r) => formatRecord(r, names));
}

function formatRecord(r: TraceRecord, names: TraceNames): TraceEntry {
  const id = names.messageId(r.seq);
  const head = `[b${r.block} ${shortId(id)}]`;
  const cause = r.cause === undefined || r.cause === 0 ? undefined : names.messageId(r.cause);
  const base = { type: r.type, block: r.block, messageId: id, from: r.from, to: r.to, ...(cause === undefined ? {} : { causeId: cause }) };
  const value = r.value !== undefined && r.value !== 0n ? ` value=${r.value}` : '';
  try {
    switch (r.type) {
      case 'message': {
        let route: string | undefined;
        let json: unknown;
        if (r.kind === INIT && r.code !== undefined && r.payload !== undefined) {
          const decoded = decodeCtorArgs(r.code, r.payload);
          route = decoded?.route;
          json = decoded?.json;
        } else if (r.entry !== undefined && r.payload !== undefined) {
          route = r.entry.route;
          json = decodeArgs(r.entry, r.payload);
        }
        const what = route === undefined ? `${r.payload?.length ?? 0} bytes` : `${route}${stringify(json, (a) => names.label(a))}`;
        const verb = r.kind === QUERY ? 'query ' : r.kind === INIT ? 'init ' : '';
        return { ...base, route, json, value: r.value?.toString(), text: `${head} ${r.from} -> ${r.to} ${verb}${what}${value}` };
      }
      case 'reply': {
        let json: unknown;
        if (r.entry !== undefined && r.payload !== undefined) json = r.entry.fn.replyToJson(r.entry.fn.decodeReply(r.payload));
        const route = r.entry?.route;
        const what = r.entry === undefined ? 'ok' : stringify(json, (a) => names.label(a));
        return { ...base, route, json, gas: r.gas, text: `${head} ${r.from} -> ${r.to} reply ${what}${gasText(r.gas)}` };
      }
      case 'error-reply':
      case 'timeout':
        return {
          ...base,
          route: r.error?.route,
          code: r.error?.code,
          reason: r.error?.reason,
          gas: r.gas,
          text: `${head} ${r.from} -> ${r.to} error ${r.error?.code}${r.error?.route ? ` (${r.error.route})` : ''}: ${r.error?.reason}${gasText(r.gas)}`,
        };
      case 'event': {
        let json: unknown;
        if (r.code !== undefined && r.payload !== undefined && r.event !== undefined) {
          const { event } = r.code.event(r.event);
          const reader = new ScaleReader(r.payload);
          reader.offset = 16;
          json = event.toJson(event.decodeFields(reader));
        }
        return {
          ...base,
          route: r.event,
          json,
          text: `${head} ${r.from} event ${r.event}${json === undefined || json === null ? '' : `(${stringify(json, (a) => names.label(a))})`}`,
        };
      }
      case 'rollback':
        return {
          ...base,
          route: r.error?.route,
          code: r.error?.code,
          reason: r.error?.reason,
          text: `${head} ${r.to} ROLLBACK ${r.error?.route ?? ''}: ${r.error?.code} ${r.error?.reason}${r.error?.note ? ` (${r.error.note})` : ''}`,
        };
      case 'mailbox':
        return {
          ...base,
          value: r.value?.toString(),
          text: `${head} ${r.from} -> ${r.to} mailbox ${r.payload?.length ?? 0} bytes${value}`,
        };
      case 'dropped':
        return { ...base, text: `${head} ${r.from} -> ${r.to} late reply dropped` };
    }
  } catch (error) {
    return { ...base, text: `${head} ${r.from} -> ${r.to} ${r.type} (undecodable: ${(error as Error).message})` };
  }
}
