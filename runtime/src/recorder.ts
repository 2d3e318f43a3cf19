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
}
