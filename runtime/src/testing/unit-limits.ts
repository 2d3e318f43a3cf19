import { type ActorId, CallError, type CallErrorCode } from '@sprocket/sdk';
import type { ExecutionLimits } from '../limits.js';
import type { UnitSegments } from './unit-segments.js';

// The per-segment execution limits of the system other than payload bytes (unit-payload.ts), as unitActor applies
// them, each with the system's code and reason text:
// - every message a segment sends (call, query, send, deploy, sleep; a transfer is no message) counts toward
//   `limits.messagesPerSegment`: the one past it fails the segment with SEND_LIMIT_EXCEEDED (segments.ts checkOut);
// - an awaited call, query or deploy fails it with CALL_DEPTH_EXCEEDED at `limits.callDepth` 1 (the handler of a
//   unit test runs as a user's call, depth 1: its mocks answer at once, so no deeper chain exists), and the one past
//   `limits.fanOut` in one segment with FAN_OUT_EXCEEDED;
// - the segment's state writes (journal entries) past `limits.stateWritesPerSegment` fail it with
//   STATE_LIMIT_EXCEEDED (journal-entries.ts at the write, outcomes.ts at the segment's end);
// - at its end, a segment whose messages alone pass `limits.messagesSentPerBlock` or `limits.queuedMessages` fails
//   with BLOCK_MESSAGES_EXCEEDED or QUEUE_FULL (outcomes.ts halted). The system adds the messages other segments sent
//   in the block and the messages queued; a unit test has neither, so its reason says 0 of them.
// A segment that passed a limit fails even if the handler caught the throw, as in the system.

/** The per-segment execution limits of one unitActor: messages, awaited calls, state writes. */
export class UnitLimits {
  /** The segments of the instance (none with `rollback: false`: then nothing is counted per segment). */
  segments: UnitSegments | undefined = undefined;

  constructor(
    private readonly label: string,
    private readonly self: () => ActorId,
    private readonly blockHeight: () => number,
    readonly limits: ExecutionLimits,
  ) {}

  /** `Label.method` of the running handler, as the system names it in reasons. */
  private handler(method = this.segments?.handlerMethod): string {
    return `${this.label}.${method ?? 'handler'}`;
  }

  /** The failure of a limit passed, as the caller sees it. */
  error(code: CallErrorCode, reason: string): CallError {
    return new CallError(code, { actor: this.self(), label: this.label, reason });
  }

  private stop(code: CallErrorCode, reason: string): void {
    this.segments?.stop(this.error(code, reason));
  }

  /** A message is about to leave the running segment: counted toward `limits.messagesPerSegment`. */
  message(): void {
    const segments = this.segments;
    if (segments === undefined || segments.handlerMethod === undefined) return;
    const max = this.limits.messagesPerSegment;
    if (segments.messages >= max) {
      this.stop('SEND_LIMIT_EXCEEDED', `${this.handler()} sent more than ${max} messages in one segment (limits.messagesPerSegment)`);
    }
    segments.messages++;
  }

  /** An awaited call, query or deploy (its bytes counted): `limits.callDepth` and `limits.fanOut`. */
  awaited(): void {
    const segments = this.segments;
    if (segments === undefined || segments.handlerMethod === undefined) return;
    const { callDepth, fanOut } = this.limits;
    if (1 >= callDepth) {
      this.stop(
        'CALL_DEPTH_EXCEEDED',
        `${this.handler()} is at call depth 1: a further awaited call passes limits.callDepth (${callDepth}); is it awaiting itself without end?`,
      );
    }
    if (++segments.awaitedCalls > fanOut) {
      this.stop('FAN_OUT_EXCEEDED', `${this.handler()} made more than ${fanOut} awaited calls in one segment (limits.fanOut)`);
    }
  }

  /** The failure of a segment of `method` ending with `writes` state writes and `messages` messages, or undefined. */
  atEnd(method: string, writes: number, messages: number): CallError | undefined {
    const { stateWritesPerSegment, messagesSentPerBlock, queuedMessages } = this.limits;
    const handler = this.handler(method);
    if (writes > stateWritesPerSegment) {
      return this.error(
        'STATE_LIMIT_EXCEEDED',
        `${handler} made more than ${stateWritesPerSegment} state writes in one segment (limits.stateWritesPerSegment)`,
      );
    }
    if (messages > messagesSentPerBlock) {
      return this.error(
        'BLOCK_MESSAGES_EXCEEDED',
        `the ${messages} messages of ${handler} do not fit in block ${this.blockHeight()}: its segments sent 0 of limits.messagesSentPerBlock (${messagesSentPerBlock})`,
      );
    }
    if (messages > queuedMessages) {
      return this.error(
        'QUEUE_FULL',
        `the ${messages} messages of ${handler} do not fit in the queue of 0 (limits.queuedMessages ${queuedMessages}); is a message loop growing without end?`,
      );
    }
    return undefined;
  }
}
