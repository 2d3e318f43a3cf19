import { type ActorId, CallError, type GeneratedActor, type GeneratedConstructor, type GeneratedFunction } from '@sprocket/sdk';
import { RuntimeError } from '../errors.js';
import { type ReplyOutcome, replyOutcome } from '../reply-outcome.js';
import { reasonOf } from '../values.js';

// What the system makes of a handler's returned value (outcomes.ts finish and initSucceeded), as unitActor checks it
// once the handler's last segment passed its state checks, each failure with the system's code and reason text:
// - a handler's value (or, for `throws`, its ok(v) or err(e)) is encoded with the generated codec; one that does not
//   encode (a u8 of 300, a number in a u64, a string field holding a number, a throws handler returning neither ok
//   nor err) fails the handler with HANDLER_FAILED, `the reply does not encode: …`, its ScaleError as the cause;
// - a `throws` constructor's err(e) is encoded with its error codec; one that does not encode fails with INIT_FAILED,
//   `the error of New does not encode: …`; a result that is neither ok nor err fails with INIT_FAILED too;
// - the encoded reply (or error) larger than `maxPayloadBytes` fails with PAYLOAD_LIMIT_EXCEEDED (unit-payload.ts).
// Either way the segment is rolled back. A value that encodes is returned as the handler gave it; an err(e) of a
// `throws` handler or constructor fails the call in the system (its segment rolled back, E as the error payload), so
// unitActor rolls the segment back too and returns err(e) for the test to read.

/** Checks the size of an encoded reply: the failure of one larger than a message may be, or undefined. */
export type ReplySizeCheck = (method: string, size: number) => CallError | undefined;

/** The replies of one unitActor's handlers and constructors, encoded as the system encodes them. */
export class UnitReply {
  private readonly functions = new Map<string, { readonly fn: GeneratedFunction; readonly route: string }>();
  private readonly constructors = new Map<string, GeneratedConstructor>();

  constructor(
    private readonly self: () => ActorId,
    private readonly label: string,
    private readonly definition: GeneratedActor,
    private readonly tooLarge: ReplySizeCheck,
  ) {
    for (const service of definition.services) {
      for (const fn of service.functions) this.functions.set(fn.method, { fn, route: `${service.name}.${fn.name}` });
    }
    for (const ctor of definition.constructors) if (ctor.method !== undefined) this.constructors.set(ctor.method, ctor);
  }

  /** The failure the system gives a handler or constructor `method` that returned `result`, or undefined. */
  error(method: string, result: unknown): CallError | undefined {
    const entry = this.functions.get(method);
    if (entry !== undefined) return this.handlerError(method, entry.fn, entry.route, result);
    const ctor = this.constructors.get(method);
    return ctor === undefined ? undefined : this.initError(method, ctor, result);
  }

  /** Whether `result` is an err(e) of a `throws` handler or constructor `method`: the system rolls its segment back. */
  isErr(method: string, result: unknown): boolean {
    const throwing = this.functions.get(method)?.fn.encodeError !== undefined || this.constructors.get(method)?.encodeError !== undefined;
    return throwing && result !== null && typeof result === 'object' && !('ok' in result) && 'err' in result;
  }

  private failure(code: 'HANDLER_FAILED' | 'INIT_FAILED', route: string, reason: string, cause: unknown): CallError {
    return new CallError(code, { actor: this.self(), label: this.label, route, reason, cause });
  }

  private handlerError(method: string, fn: GeneratedFunction, route: string, result: unknown): CallError | undefined {
    let outcome: ReplyOutcome;
    try {
      outcome = replyOutcome(fn, result);
    } catch (error) {
      return this.failure('HANDLER_FAILED', route, `the reply does not encode: ${reasonOf(error)}`, error);
    }
    return this.tooLarge(method, outcome.payload.length);
  }

  private initError(method: string, ctor: GeneratedConstructor, result: unknown): CallError | undefined {
    // A constructor without `throws` replies with nothing: whatever it returns is not encoded.
    if (ctor.encodeError === undefined) return undefined;
    const route = `${this.definition.name}.${ctor.name}`;
    if (result !== null && typeof result === 'object') {
      if ('ok' in result) return undefined;
      if ('err' in result) {
        let payload: Uint8Array;
        try {
          payload = ctor.encodeError((result as { err: unknown }).err);
        } catch (error) {
          return this.failure('INIT_FAILED', route, `the error of ${ctor.name} does not encode: ${reasonOf(error)}`, error);
        }
        return this.tooLarge(method, payload.length);
      }
    }
    const error = new RuntimeError(
      'RUNTIME_BAD_RESULT',
      `${ctor.name} is declared with throws: it must return ok(undefined) or err(error), got ${result === null ? 'null' : typeof result}`,
    );
    return this.failure('INIT_FAILED', route, error.message, error);
  }
}
