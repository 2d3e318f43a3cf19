// `toFailWith` and `toBeCallError`: a call failed with a CallError of a code, route, reason, actor and typed payload.
import { type CallError, type CallErrorCode, isCallError } from '@sprocket/sdk';
import type { MatcherState } from 'vitest';
import { RuntimeError } from '../../errors.js';
import { isAction, type MatchResult, settle, show } from './action.js';
import { firstDifference } from './difference.js';

/** What else a CallError must carry besides its code; every field given must match. */
export interface CallErrorExpectation {
  /** `Service.Function` (or `Program.Constructor`) of the failed call. */
  readonly route?: string;
  /** The handler's message (or the runtime's reason): the exact text, or a RegExp it matches. */
  readonly reason?: string | RegExp;
  /** The callee: its address, or a client of it. */
  readonly actor?: string | { readonly address: string };
  /** The decoded error of a `throws` function (deep equality; asymmetric matchers allowed). */
  readonly payload?: unknown;
}

function checkArguments(matcher: string, code: unknown, details: unknown): void {
  if (code !== undefined && (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(code)))
    throw new RuntimeError(
      'RUNTIME_BAD_EXPECTATION',
      `${matcher}: the code must be a CallError code such as 'HANDLER_FAILED', not ${String(code)}`,
    );
  if (details !== undefined && (typeof details !== 'object' || details === null))
    throw new RuntimeError('RUNTIME_BAD_EXPECTATION', `${matcher}: the details must be an object { route, reason, actor, payload }`);
}

function addressOf(actor: string | { readonly address: string }): string {
  return typeof actor === 'string' ? actor : actor.address;
}

/** The expectation in words: `HANDLER_FAILED with route "Tally.Add" and reason /nothing/`. */
function describeExpected(state: MatcherState, code: string | undefined, details: CallErrorExpectation): string {
  const parts: string[] = [];
  if (details.route !== undefined) parts.push(`route ${JSON.stringify(details.route)}`);
  if (details.reason !== undefined)
    parts.push(`reason ${typeof details.reason === 'string' ? JSON.stringify(details.reason) : String(details.reason)}`);
  if (details.actor !== undefined) parts.push(`actor ${addressOf(details.actor)}`);
  if (details.payload !== undefined) parts.push(`payload ${show(state, details.payload)}`);
  const head = code ?? 'a CallError';
  return parts.length === 0 ? head : `${head} with ${parts.join(' and ')}`;
}

/** One line per way the error differs from the expectation; none when it matches. */
function differences(state: MatcherState, error: CallError, code: string | undefined, details: CallErrorExpectation): string[] {
  const lines: string[] = [];
  if (code !== undefined && error.code !== code) lines.push(`  code: expected ${code}, got ${error.code}`);
  if (details.route !== undefined && error.route !== details.route)
    lines.push(
      `  route: expected ${JSON.stringify(details.route)}, got ${error.route === undefined ? 'none' : JSON.stringify(error.route)}`,
    );
  const reason = details.reason;
  if (reason !== undefined && (typeof reason === 'string' ? error.reason !== reason : error.reason.search(reason) < 0))
    lines.push(
      `  reason: expected ${typeof reason === 'string' ? JSON.stringify(reason) : `to match ${String(reason)}`}, got ${JSON.stringify(error.reason)}`,
    );
  if (details.actor !== undefined && error.actor !== addressOf(details.actor))
    lines.push(
      `  actor: expected ${addressOf(details.actor)}, got ${error.label === error.actor ? error.actor : `${error.label} (${error.actor})`}`,
    );
  if (details.payload !== undefined && !state.equals(error.payload, details.payload, state.customTesters)) {
    const diff = state.utils.diff(details.payload, error.payload);
    const where = firstDifference(state, details.payload, error.payload);
    lines.push(
      `  payload: expected ${show(state, details.payload)}, got ${show(state, error.payload)} (first difference at ${where})${diff ? `\n${diff}` : ''}`,
    );
  }
  return lines;
}

/** A value that is not a CallError, in words: its class, code and message. */
function describeOther(state: MatcherState, value: unknown): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return `${value.name}${typeof code === 'string' && !value.message.startsWith(code) ? ` ${code}` : ''}: ${value.message}`;
  }
  return show(state, value);
}

/** A hint when a call resolved with `{ err }`: a ClientOf method of a `throws` function reports its error that way. */
function resultHint(value: unknown): string {
  if (typeof value !== 'object' || value === null || !('err' in value)) return '';
  return ' (a ClientOf method of a `throws` function resolves { err } instead of rejecting: assert it with expect(await client.fn()).toEqual({ err: ... }), or call through the generated client)';
}

/** `await expect(promise or () => promise).toFailWith(code, details?)`: the call rejects with a matching CallError. */
export async function toFailWith(
  this: MatcherState,
  received: unknown,
  code: CallErrorCode,
  details: CallErrorExpectation = {},
): Promise<MatchResult> {
  checkArguments('toFailWith', code, details);
  if (!isAction(received))
    throw new RuntimeError(
      'RUNTIME_BAD_EXPECTATION',
      `toFailWith needs a call: expect(client.fn(...)) or expect(() => client.fn(...)), not ${show(this, received)}`,
    );
  const wanted = describeExpected(this, code, details);
  const outcome = await settle(received);
  if (outcome.ok) {
    return {
      pass: false,
      message: () =>
        `expected the call to fail with ${wanted}, but it resolved with ${show(this, outcome.value)}${resultHint(outcome.value)}`,
    };
  }
  const error = outcome.error;
  if (!isCallError(error)) {
    return {
      pass: false,
      message: () =>
        `expected the call to fail with ${wanted}, but it threw something other than a CallError: ${describeOther(this, error)}`,
    };
  }
  const lines = differences(this, error, code, details);
  return {
    pass: lines.length === 0,
    message: () =>
      lines.length === 0
        ? `expected the call not to fail with ${wanted}, but it did: ${error.message}`
        : `expected the call to fail with ${wanted}, but it failed with ${error.message}\n${lines.join('\n')}`,
    actual: error,
  };
}

/** `expect(value).toBeCallError(code?, details?)` (also `expect.toBeCallError(...)`): the value is a matching CallError. */
export function toBeCallError(
  this: MatcherState,
  received: unknown,
  code?: CallErrorCode,
  details: CallErrorExpectation = {},
): MatchResult {
  checkArguments('toBeCallError', code, details);
  const wanted = `${code === undefined ? '' : 'a CallError '}${describeExpected(this, code, details)}`;
  if (!isCallError(received)) {
    return { pass: false, message: () => `expected ${wanted}, but got ${describeOther(this, received)}` };
  }
  const lines = differences(this, received, code, details);
  return {
    pass: lines.length === 0,
    message: () =>
      lines.length === 0
        ? `expected the value not to be ${wanted}, but it is: ${received.message}`
        : `expected ${wanted}, but got ${received.message}\n${lines.join('\n')}`,
    actual: received,
  };
}
