import { formatTrace, type TraceEntry, type TraceNames, type TraceRecord } from './trace.js';

/** The trace: raw records of messages, replies, events and rollbacks, formatted when read. */
export class Recorder {
  /** Raw records, oldest first (filled only when `on`). */
  readonly log: TraceRecord[] = [];

  constructor(
    /** Whether the trace and events are recorded. */
    readonly on: boolean,
    private readonly names: TraceNames,
  ) {}

  /** The trace, structured and decoded. */
  entries(): TraceEntry[] {
    return formatTrace(this.log, this.names);
  }
}
