import { type CallError, isCallError } from '@sprocket/sdk';

/** The CallError a call rejects with; anything else it throws (or a call that resolves) fails the test. */
export async function rejection(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (error) {
    if (isCallError(error)) return error;
    throw error;
  }
  throw new TypeError('expected a rejection');
}
