// The checks a write passes before it is logged (docs/rpc.md): it decodes, names this chain, carries a valid
// signature of its signer, a nonce above the signer's last accepted one, and value the balance covers.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { DEFAULT_BLOCK_GAS_LIMIT } from '@sprocket/runtime';
import { type ActorId, decodeTransaction, type Transaction } from '@sprocket/sdk';
import { NodeError } from './errors.js';

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** A write that passed every check. */
export interface CheckedTx {
  readonly tx: Transaction;
  readonly bytes: Uint8Array;
  readonly signature: Uint8Array;
  /** Value the transaction moves out of the signer's balance. */
  readonly value: bigint;
}

/** The value a call moves from the signer. */
export function txValue(tx: Transaction): bigint {
  return tx.call.kind === 'UploadCode' ? 0n : tx.call.value;
}

/** Verifies ed25519 signatures with node:crypto, caching one key object per signer. */
export class SignatureVerifier {
  private readonly keys = new Map<string, KeyObject>();

  /** Whether `signature` is `signer`'s signature of `data`. */
  verify(signer: ActorId, data: Uint8Array, signature: Uint8Array): boolean {
    if (signature.length !== 64) return false;
    let key = this.keys.get(signer);
    if (key === undefined) {
      try {
        key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, Buffer.from(signer.slice(2), 'hex')]), format: 'der', type: 'spki' });
      } catch {
        return false;
      }
      if (this.keys.size > 100_000) this.keys.clear();
      this.keys.set(signer, key);
    }
    try {
      return verify(null, data, key, signature);
    } catch {
      return false;
    }
  }
}

function badSignature(tx: Transaction): NodeError {
  return new NodeError('BAD_SIGNATURE', `the signature does not verify for signer ${tx.signer}`, { signer: tx.signer });
}

/** Admission state: the last accepted nonce and the value reserved by accepted, not yet executed writes, per signer. */
export class Admission {
  private readonly lastNonce = new Map<string, bigint>();
  private readonly reserved = new Map<string, bigint>();
  private readonly verifier = new SignatureVerifier();

  constructor(
    readonly chainId: string,
    /** The signer's balance after the newest executed block. */
    private readonly balanceOf: (address: ActorId) => bigint,
    /** The largest `gasLimit` a transaction may ask for: the block gas limit. */
    readonly maxGasLimit: number = DEFAULT_BLOCK_GAS_LIMIT,
  ) {}

  /** The next nonce a signer may use. */
  nextNonce(signer: string): bigint {
    const last = this.lastNonce.get(signer);
    return last === undefined ? 0n : last + 1n;
  }

  /** Runs the checks in the documented order; throws the NodeError of the first that fails. Changes nothing. */
  check(bytes: Uint8Array, signature: Uint8Array): CheckedTx {
    const tx = this.decode(bytes);
    if (!this.verifier.verify(tx.signer, bytes, signature)) throw badSignature(tx);
    return this.afterSignature(tx, bytes, signature);
  }

  /**
   * The same checks with the signature verified by `verify` (e.g. a worker pool). Its caller resumes a microtask later,
   * when another write may have been accepted: `accept` checks the nonce and balance again.
   */
  async checkWith(
    bytes: Uint8Array,
    signature: Uint8Array,
    verify: (signer: ActorId, data: Uint8Array, signature: Uint8Array) => Promise<boolean>,
  ): Promise<CheckedTx> {
    const tx = this.decode(bytes);
    if (!(await verify(tx.signer, bytes, signature))) throw badSignature(tx);
    return this.afterSignature(tx, bytes, signature);
  }

  private decode(bytes: Uint8Array): Transaction {
    let tx: Transaction;
    try {
      tx = decodeTransaction(bytes);
    } catch (error) {
      throw new NodeError(
        'BAD_TX',
        `the transaction does not decode: ${(error as Error).message}`,
        { reason: (error as Error).message },
        { cause: error },
      );
    }
    if (tx.chainId !== this.chainId) {
      throw new NodeError(
        'WRONG_CHAIN',
        `the transaction is for chain ${JSON.stringify(tx.chainId)}, this node is ${JSON.stringify(this.chainId)}`,
        {
          expected: this.chainId,
        },
      );
    }
    const gasLimit = tx.call.kind === 'UploadCode' || tx.call.kind === 'Transfer' ? null : tx.call.gasLimit;
    if (gasLimit !== null && (gasLimit < 1n || gasLimit > BigInt(this.maxGasLimit))) {
      throw new NodeError('BAD_GAS_LIMIT', `gasLimit ${gasLimit} is not between 1 and the block gas limit ${this.maxGasLimit}`, {
        gasLimit: gasLimit.toString(),
        max: String(this.maxGasLimit),
      });
    }
    return tx;
  }

  private afterSignature(tx: Transaction, bytes: Uint8Array, signature: Uint8Array): CheckedTx {
    const next = this.nextNonce(tx.signer);
    if (tx.nonce < next) {
      throw new NodeError('BAD_NONCE', `nonce ${tx.nonce} of ${tx.signer} is not above its last accepted nonce; use ${next}`, {
        next: next.toString(),
      });
    }
    const value = txValue(tx);
    const available = this.balanceOf(tx.signer) - (this.reserved.get(tx.signer) ?? 0n);
    if (value > available) {
      const shown = available < 0n ? 0n : available;
      const to = tx.call.kind === 'Deploy' ? ' to the actor it deploys' : 'to' in tx.call ? ` to ${tx.call.to}` : '';
      // Worded as the runtime words a short balance (sender first, callee last), and naming the signer in `data`,
      // so that a client's VALUE_REJECTED reads and carries the same over a node as in process.
      throw new NodeError('INSUFFICIENT_BALANCE', `${tx.signer} has ${shown} available and cannot send ${value}${to}`, {
        balance: shown.toString(),
        value: value.toString(),
        signer: tx.signer,
      });
    }
    return { tx, bytes, signature, value };
  }

  /**
   * Records an accepted write (before it is appended, so that a concurrent replay of the nonce is refused). The nonce
   * and balance checks run again first: the caller of `checkWith` resumes a microtask after its checks ran, and another
   * write of the same signer (two clients of one account) may have passed them and been accepted meanwhile. Throws
   * their NodeError (`BAD_NONCE`, `INSUFFICIENT_BALANCE`) then, and records nothing.
   */
  accept(checked: CheckedTx): void {
    this.afterSignature(checked.tx, checked.bytes, checked.signature);
    this.note(checked.tx, checked.value);
  }

  /** Records a logged write (replay at startup, or acceptance). */
  note(tx: Transaction, value: bigint = txValue(tx)): void {
    const last = this.lastNonce.get(tx.signer);
    if (last === undefined || tx.nonce > last) this.lastNonce.set(tx.signer, tx.nonce);
    if (value !== 0n) this.reserved.set(tx.signer, (this.reserved.get(tx.signer) ?? 0n) + value);
  }

  /** Records an executed nonce (a restored checkpoint's). */
  noteNonce(signer: string, nonce: bigint): void {
    const last = this.lastNonce.get(signer);
    if (last === undefined || nonce > last) this.lastNonce.set(signer, nonce);
  }

  /** Undoes {@link accept} when the append failed (the nonce is given back only if nothing newer was accepted). */
  release(checked: CheckedTx, previousNext: bigint): void {
    if (this.lastNonce.get(checked.tx.signer) === checked.tx.nonce) {
      if (previousNext === 0n) this.lastNonce.delete(checked.tx.signer);
      else this.lastNonce.set(checked.tx.signer, previousNext - 1n);
    }
    this.executed(checked.tx);
  }

  /** The write ran in a block: its value is no longer reserved (the balance now shows it). */
  executed(tx: Transaction): void {
    const value = txValue(tx);
    if (value === 0n) return;
    const left = (this.reserved.get(tx.signer) ?? 0n) - value;
    if (left <= 0n) this.reserved.delete(tx.signer);
    else this.reserved.set(tx.signer, left);
  }
}
