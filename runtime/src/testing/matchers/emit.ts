// `toEmit`: an actor emitted an event (optionally with a payload) while an action ran, watched through its client.
import type { Unsubscribe } from '@sprocket/sdk';
import type { MatcherState } from 'vitest';
import { RuntimeError } from '../../errors.js';
import { labelOf, type MatchResult, requireFunction, settle, show } from './action.js';
import { firstDifference } from './difference.js';

/** A client whose events `toEmit` can watch: a generated client or a `ClientOf`. */
export interface EventSource {
  /** The actor's address. */
  readonly address: string;
  /** Subscribes to one event of the actor. */
  on(event: never, listener: never): Unsubscribe;
}

/** The event names a client's `on` accepts. */
export type EventNameOf<C> = C extends { on(event: infer K, listener: never): unknown } ? K & string : string;

/** The payload type of event `E` of a client. */
export type EventPayloadOf<C, E> = C extends { on(event: E, listener: (payload: infer P) => void): unknown } ? P : unknown;

function isEventSource(
  value: unknown,
): value is { readonly address: string; on(event: string, listener: (payload: unknown) => void): Unsubscribe } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { address?: unknown }).address === 'string' &&
    typeof (value as { on?: unknown }).on === 'function'
  );
}

/**
 * `await expect(() => client.fn(...)).toEmit(client, 'Event', payload?)`: subscribes to the event through the
 * client, runs the action, unsubscribes; passes when the actor emitted the event meanwhile (with a payload equal to
 * `payload`, when given). An action that rejects fails the assertion with its own error.
 */
export async function toEmit(
  this: MatcherState,
  received: unknown,
  client: unknown,
  event: unknown,
  ...payload: unknown[]
): Promise<MatchResult> {
  const action = requireFunction(received, 'toEmit');
  if (!isEventSource(client))
    throw new RuntimeError(
      'RUNTIME_BAD_EXPECTATION',
      `toEmit: the first argument must be a client of the actor (a generated client or a ClientOf), not ${show(this, client)}`,
    );
  if (typeof event !== 'string')
    throw new RuntimeError('RUNTIME_BAD_EXPECTATION', `toEmit: the second argument must be an event name, not ${show(this, event)}`);
  const withPayload = payload.length > 0 && payload[0] !== undefined;
  const expected = payload[0];
  const seen: unknown[] = [];
  // An unknown event name throws here, before the action runs.
  const stop = client.on(event, (value) => {
    seen.push(value);
  });
  const outcome = await settle(action);
  stop();
  if (!outcome.ok) throw outcome.error;

  const matching = withPayload ? seen.filter((value) => this.equals(value, expected, this.customTesters)) : seen;
  const who = labelOf(client);
  const what = withPayload ? `${event} with payload ${show(this, expected)}` : event;
  const list = (values: unknown[]) => values.map((value) => `${event}(${show(this, value)})`).join(', ');
  const pass = matching.length > 0;
  return {
    pass,
    message: () => {
      if (pass) return `expected ${who} not to emit ${what} during the action, but it emitted ${list(matching)}`;
      if (seen.length === 0) return `expected ${who} to emit ${what} during the action, but it emitted no ${event} event`;
      const diff = seen.length === 1 ? this.utils.diff(expected, seen[0]) : undefined;
      // Where each one differs, so a wrong field deep in a struct is named rather than left to a diff of the whole.
      const where = seen
        .slice(0, 5)
        .map((value, i) => `  ${event} #${i + 1}: ${firstDifference(this, expected, value)}`)
        .concat(seen.length > 5 ? [`  … and ${seen.length - 5} more`] : []);
      return `expected ${who} to emit ${what} during the action, but it emitted only ${list(seen)}\n${where.join('\n')}${diff ? `\n${diff}` : ''}`;
    },
  };
}
