import { formatTrace, type TraceEntry, type TraceNames, type TraceRecord } from './trace.js';
import { Window } from './window.js';

/** The trace: raw records of messages, replies, events and rollbacks, formatted when read. */
export class Recorder {
  /** Raw records, the newest `traceWindow` of them, oldest first (filled only when `on`). */
  readonly log: Window<TraceRecord>;

  constructor(
    /** Whether the trace and events are recorded. */
    readonly on: boolean,
    private readonly names: TraceNames,
    traceWindow: number,
  ) {
    this.log = new Window(traceWindow);
  }

  /** The trace, structured and decoded (records still in the window). */
  entries(): TraceEntry[] {
    return formatTrace(this.log.toArray(), this.names);
  }

  /** The story of message `seq`: its records and those of every message it caused, transitively, oldest first. */
  story(seq: number): TraceEntry[] {
    const family = new Set([seq]);
    const out: TraceRecord[] = [];
    for (const r of this.log.toArray()) {
      if ((r.type === 'message' || r.type === 'mailbox') && r.cause !== undefined && family.has(r.cause)) family.add(r.seq);
      if (family.has(r.seq)) out.push(r);
    }
    return formatTrace(out, this.names);
  }
}
