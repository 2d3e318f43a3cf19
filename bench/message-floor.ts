// The floor of request-reply between actors: the least work any runtime with Gear's ordering must do for an awaited
// call, and nothing else. The request may leave only once the caller's segment has ended (it suspended on `await`),
// so the callee runs one microtask later; the caller resumes in another. In between: a request and a reply object in
// a FIFO queue, the same generated SCALE codec the actors use for the bytes on the wire, and one promise. No ids,
// gas, limits, state journal, rollback, determinism guard or records: a runtime cannot be faster than this loop.

import { type GeneratedFunction, ScaleReader } from '@sprocket/sdk';
import { BenchPongDefinition } from './actors/pingpong.gen.js';
import type { TimedCase } from './harness.js';

/** A message in the floor's queue: a request carries its caller's resolve, a reply the request it answers. */
class FloorMessage {
  constructor(
    readonly payload: Uint8Array,
    readonly request: FloorMessage | undefined,
    public resolve: ((value: unknown) => void) | undefined,
  ) {}
}

/** BenchPong's `echo`, as its generated definition encodes and decodes it. */
function echoFunction(): GeneratedFunction {
  const fn = BenchPongDefinition.services.flatMap((s) => s.functions).find((f) => f.method === 'echo');
  if (fn === undefined) throw new RangeError('bench: BenchPong has no echo function (run `npx sprocket gen bench/actors`)');
  return fn;
}

/** `n` awaited echo calls through the floor loop, one after the other. */
export async function floorRequestReply(n: number): Promise<TimedCase> {
  const echo = echoFunction();
  const resolved = Promise.resolve();
  const reader = new ScaleReader(new Uint8Array(0));
  const queue: FloorMessage[] = [];
  let head = 0;
  let draining = false;
  // Handles every queued message in order: a request runs the callee's handler and queues its reply; a reply
  // resumes its caller.
  const drain = (): void => {
    draining = false;
    while (head < queue.length) {
      const message = queue[head++] as FloorMessage;
      const request = message.request;
      if (request !== undefined) {
        request.resolve?.(echo.decodeReply(message.payload));
        continue;
      }
      const args = echo.decodeArgs(reader.reset(message.payload, 16));
      queue.push(new FloorMessage(echo.encodeReply(args[0]), message, undefined));
    }
    queue.length = 0;
    head = 0;
  };
  let captured: (value: unknown) => void = () => {};
  const capture = (resolve: (value: unknown) => void): void => {
    captured = resolve;
  };
  const call = (value: number): Promise<unknown> => {
    const request = new FloorMessage(echo.encodeCall([value]), undefined, undefined);
    queue.push(request);
    if (!draining) {
      draining = true;
      void resolved.then(drain);
    }
    const reply = new Promise(capture);
    request.resolve = captured;
    return reply;
  };
  return {
    n,
    run: async () => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum = (sum + ((await call(i)) as number)) >>> 0;
      return sum;
    },
  };
}
