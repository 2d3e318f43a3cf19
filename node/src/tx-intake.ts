// The write path of a node: a signed transaction is checked (admission, then the code and actor it names), appended
// durably and handed to execution. Admission's view (pending nonces and balances, codes uploaded) runs ahead of
// execution, so what was logged but not executed yet is tracked here until its block ran.
import { decodeTransaction, type Transaction } from '@sprocket/sdk';
import type { Admission, CheckedTx } from './admission.js';
import { NodeError } from './errors.js';
import type { Executor } from './executor.js';
import type { LogEntry } from './log.js';
import { codeIdOfBytes, loadCode } from './sandbox.js';
import type { SqliteLog } from './sqlite-log.js';
import { VerifyPool } from './verify-pool.js';

/** What the intake reads of its node. */
export interface IntakeHost {
  readonly log: SqliteLog;
  readonly admission: Admission;
  /** The node's executor (read each time: the node replaces it once, at startup). */
  executor(): Executor;
  /** Hands an appended entry to execution. */
  feed(position: number, entry: LogEntry): void;
  /** Whether the node is closing (writes are refused). */
  closed(): boolean;
}

/** A submitted transaction: its log position, or (position 0) the code it uploads, which is known already. */
export interface Submitted {
  readonly position: number;
  readonly tx: Transaction;
  readonly duplicateCode?: string;
}

/** Checks and appends signed transactions; tracks what is logged but not executed for admission. */
export class TxIntake {
  /** Codes uploaded or logged for upload (a second upload is answered without logging it; a deploy must name one). */
  private readonly pendingCodes = new Set<string>();
  /** Logged transactions whose block has not run yet. */
  private readonly unexecuted: Transaction[] = [];
  private readonly verifier: VerifyPool;

  /** `verifyThreads`: worker threads that verify signatures (see NodeOptions). */
  constructor(
    private readonly host: IntakeHost,
    verifyThreads: number | undefined,
  ) {
    this.verifier = new VerifyPool(verifyThreads);
  }

  /** Checks a signed transaction, appends it durably and returns its position; nothing changes when a check fails. */
  async submit(bytes: Uint8Array, signature: Uint8Array): Promise<Submitted> {
    if (this.host.closed()) throw new NodeError('OVERLOADED', 'the node is shutting down');
    const checked = await this.host.admission.checkWith(bytes, signature, (signer, data, sig) => this.verifier.verify(signer, data, sig));
    if (this.host.closed()) throw new NodeError('OVERLOADED', 'the node is shutting down');
    const executor = this.host.executor();
    const call = checked.tx.call;
    if (call.kind === 'UploadCode') {
      const codeId = codeIdOfBytes(call.code);
      if (this.pendingCodes.has(codeId)) return { position: 0, tx: checked.tx, duplicateCode: codeId };
      loadCode(call.code, executor.clock);
    } else if (call.kind === 'Deploy') {
      if (!this.pendingCodes.has(call.codeId))
        throw new NodeError('UNKNOWN_CODE', `no code ${call.codeId} was uploaded`, { codeId: call.codeId });
    } else if (call.kind === 'Call') {
      if (executor.system.actor(call.to) === undefined)
        throw new NodeError('UNKNOWN_ACTOR', `no actor at ${call.to}`, { address: call.to });
    }
    return { position: await this.append(checked), tx: checked.tx };
  }

  /** A logged entry read at startup: a transaction is noted for admission and execution; returns whether it is an input. */
  noteLogged(entry: LogEntry): boolean {
    if (entry.kind === 'tx') {
      try {
        const tx = decodeTransaction(entry.tx);
        this.host.executor().remember(entry, tx);
        this.host.admission.note(tx);
        this.unexecuted.push(tx);
        if (tx.call.kind === 'UploadCode') this.pendingCodes.add(codeIdOfBytes(tx.call.code));
      } catch {
        // An entry that does not decode is refused again at execution.
      }
      return true;
    }
    return entry.kind === 'dev';
  }

  /** A block ran: the transactions logged before it are executed. */
  blockExecuted(): void {
    for (const tx of this.unexecuted.splice(0)) this.host.admission.executed(tx);
  }

  /** Takes the nonces and codes of a restored checkpoint's state. */
  resumeFrom(executor: Executor): void {
    for (const [signer, nonce] of executor.nonces) this.host.admission.noteNonce(signer, nonce);
    for (const codeId of executor.codes.keys()) this.pendingCodes.add(codeId);
  }

  /** Stops the signature verifiers. */
  close(): Promise<void> {
    return this.verifier.close();
  }

  private async append(checked: CheckedTx): Promise<number> {
    const admission = this.host.admission;
    const previousNext = admission.nextNonce(checked.tx.signer);
    admission.accept(checked);
    const call = checked.tx.call;
    const codeId = call.kind === 'UploadCode' ? codeIdOfBytes(call.code) : undefined;
    if (codeId !== undefined) this.pendingCodes.add(codeId);
    let positions: number[];
    try {
      positions = await this.host.log.append([{ kind: 'tx', tx: checked.bytes, signature: checked.signature }]);
    } catch (error) {
      admission.release(checked, previousNext);
      if (codeId !== undefined) this.pendingCodes.delete(codeId);
      throw error;
    }
    const position = positions[0] as number;
    this.unexecuted.push(checked.tx);
    const entry: LogEntry = { kind: 'tx', tx: checked.bytes, signature: checked.signature };
    this.host.executor().remember(entry, checked.tx);
    this.host.feed(position, entry);
    return position;
  }
}
