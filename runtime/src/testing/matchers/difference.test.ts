// The matchers name the field where a payload differs (`payload.legs[1].amount`), with both values there, for nested
// structs, vecs and bigints, and for every event of the name the action emitted, not only when it emitted one.
import { Actor, type ActorId, actor, err, handler, ok, type Result, type u32, type u128 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem } from '../index.js';
import './index.js';

interface Leg {
  to: ActorId;
  amount: u128;
}

interface SplitterEvents {
  Split: { memo: string; legs: Leg[] };
}

type SplitError = { kind: 'Short'; missing: { amount: u128; legs: u32 } } | { kind: 'Closed' };

@actor()
class Splitter extends Actor<SplitterEvents> {
  split(to: ActorId, amounts: u128[]): void {
    for (const amount of amounts)
      this.emit('Split', {
        memo: 'pay',
        legs: [
          { to, amount },
          { to, amount: amount * 2n },
        ],
      });
  }

  @handler({ throws: true })
  check(amount: u128): Result<u32, SplitError> {
    if (amount > 10n) return err({ kind: 'Short', missing: { amount: amount - 10n, legs: 2 } });
    return ok(1);
  }
}

/** The message of the assertion error an awaited matcher fails with (colours removed). */
async function failure(assertion: unknown): Promise<string> {
  try {
    await assertion;
  } catch (error) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    return (error as Error).message.replace(/\u001b\[[0-9;]*m/g, '');
  }
  return expect.unreachable('the assertion passed');
}

describe('the field where a payload differs', () => {
  it('toEmit names it for each event emitted, in nested structs and vecs of bigints', async () => {
    const sys = createTestSystem({ seed: 'difference' });
    const splitter = await sys.deploy(Splitter);
    const to = sys.user('bob').id;
    const expected = {
      memo: 'pay',
      legs: [
        { to, amount: 5n },
        { to, amount: 11n },
      ],
    };
    await expect(() => splitter.split(to, [5n])).toEmit(splitter, 'Split', {
      memo: 'pay',
      legs: [
        { to, amount: 5n },
        { to, amount: 10n },
      ],
    });
    const message = await failure(expect(() => splitter.split(to, [5n, 7n])).toEmit(splitter, 'Split', expected));
    expect(message).toContain('\n  Split #1: payload.legs[1].amount: expected 11n, got 10n\n');
    expect(message).toContain('\n  Split #2: payload.legs[0].amount: expected 5n, got 7n');
    const missing = await failure(expect(() => splitter.split(to, [5n])).toEmit(splitter, 'Split', { memo: 'pay' } as never));
    expect(missing).toContain('  Split #1: payload.legs: not expected, got [{');
    const short = await failure(
      expect(() => splitter.split(to, [5n])).toEmit(splitter, 'Split', { memo: 'pay', legs: [{ to, amount: 5n }] }),
    );
    expect(short).toContain('  Split #1: payload.legs.length: expected 1, got 2');
  });

  it('toFailWith names it in a throws payload', async () => {
    const sys = createTestSystem({ seed: 'difference' });
    const splitter = await sys.deploy(Splitter);
    const message = await failure(
      expect(sys.reply(splitter.send.check(15n))).toFailWith('HANDLER_FAILED', {
        payload: { kind: 'Short', missing: { amount: 5n, legs: 3 } },
      }),
    );
    expect(message).toContain('(first difference at payload.missing.legs: expected 3, got 2)');
  });
});
