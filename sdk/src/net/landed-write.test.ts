import { describe, expect, it } from 'vitest';
import { CallError, type PendingWrite } from '../errors/call-error.js';
import { toHex } from '../scale/hex.js';
import type { ActorId, MessageId } from '../types/scalars.js';
import { type LandedHost, landedOutcome } from './landed-write.js';
import type { TxRecord } from './node-answers.js';
import type { TxCall } from './transaction.js';

const signer = `0x${'aa'.repeat(32)}` as ActorId;
const to = `0x${'11'.repeat(32)}` as ActorId;
const messageId = `0x${'33'.repeat(32)}` as MessageId;
const payload = new Uint8Array([1, 2]);
const call: TxCall = { kind: 'Call', to, payload, value: 0n, gasLimit: null, timeout: null };
const pending: PendingWrite = { method: 'message_call', signer, nonce: 4n, chainId: 'c' };
const refusal = new Error('BAD_NONCE');

const ran = (extra: Partial<TxRecord> = {}): TxRecord => ({
  signer,
  nonce: 4n,
  kind: 'Call',
  block: 9,
  index: 0,
  messageId,
  status: 'ok',
  ...extra,
});

function host(tx: TxRecord | null | Error, message: unknown = {}): LandedHost {
  return {
    transaction: async () => {
      if (tx instanceof Error) throw tx;
      return tx;
    },
    message: async () => message,
  };
}

const sent = (extra: Record<string, unknown>) => ({ messageId, to, payload: toHex(payload), gas: 12, ...extra });

async function failure(p: Promise<unknown>): Promise<CallError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallError);
  return error as CallError;
}

describe('landedOutcome', () => {
  it('answers a call that ran with its reply, read back from message_get', async () => {
    const answer = await landedOutcome(host(ran(), sent({ status: 'ok', reply: '0x0102' })), call, pending, to, refusal);
    expect(answer).toEqual({ messageId, reply: '0x0102', gasUsed: 12 });
  });

  it('fails a call that ran and failed with its CallError', async () => {
    const message = sent({ status: 'error', replyCode: 'HANDLER_FAILED', reason: 'boom', route: 'S.F', reply: '0x09' });
    const e = await failure(landedOutcome(host(ran(), message), call, pending, to, refusal));
    expect(e).toMatchObject({ code: 'HANDLER_FAILED', reason: 'boom', route: 'S.F' });
    expect(e.replyPayload).toEqual(new Uint8Array([9]));
  });

  it('keeps NODE_UNAVAILABLE with pendingWrite and the message id while the reply is still to come', async () => {
    const e = await failure(landedOutcome(host(ran(), sent({ status: 'pending' })), call, pending, to, refusal));
    expect(e.code).toBe('NODE_UNAVAILABLE');
    expect(e.pendingWrite).toEqual({ ...pending, messageId });
  });

  it('answers a deploy that ran with the actor it made', async () => {
    const deploy: TxCall = { kind: 'Deploy', codeId: to as never, payload, value: 0n, salt: new Uint8Array(0), gasLimit: null };
    const answer = await landedOutcome(host(ran({ kind: 'Deploy' }), sent({ status: 'ok' })), deploy, pending, to, refusal);
    expect(answer).toEqual({ address: to, messageId, gasUsed: 12 });
  });

  it('refuses when another write took the nonce (another kind, or another message)', async () => {
    const other = await failure(landedOutcome(host(ran({ kind: 'Transfer' })), call, pending, to, refusal));
    expect(other.code).toBe('NODE_REFUSED');
    expect(other.reason).toMatch(/taken by another write/);
    const moved = await failure(landedOutcome(host(ran(), sent({ status: 'ok', payload: '0x07' })), call, pending, to, refusal));
    expect(moved.code).toBe('NODE_REFUSED');
  });

  it('answers a transfer that ran, and fails one that failed with its code', async () => {
    const transfer: TxCall = { kind: 'Transfer', to, value: 5n };
    const noMessage = { kind: 'Transfer' } as const;
    expect(await landedOutcome(host({ ...ran(noMessage), messageId: undefined }), transfer, pending, to, refusal)).toEqual({});
    const short = { ...ran({ ...noMessage, status: 'error', error: 'VALUE_REJECTED' }), messageId: undefined };
    expect((await failure(landedOutcome(host(short), transfer, pending, to, refusal))).code).toBe('VALUE_REJECTED');
  });

  it('keeps NODE_UNAVAILABLE with pendingWrite when nothing ran yet or tx_get cannot tell', async () => {
    for (const tx of [null, new Error('METHOD_NOT_FOUND')]) {
      const e = await failure(landedOutcome(host(tx), call, pending, to, refusal));
      expect(e.code).toBe('NODE_UNAVAILABLE');
      expect(e.pendingWrite).toEqual(pending);
    }
  });
});
