import { RuntimeError } from './errors.js';

/** The largest u128: every balance, every value and the total supply stay at or below it. */
export const U128_MAX = (1n << 128n) - 1n;

/** A u128 value option (undefined means 0); throws RUNTIME_BAD_OPTION otherwise. */
export function checkValue(value: bigint | undefined, what: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value !== 'bigint' || value < 0n || value > U128_MAX) {
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what}: value must be a u128 bigint, got ${String(value)}`);
  }
  return value;
}

/** A whole number of blocks ≥ 0 (undefined means 0); throws RUNTIME_BAD_OPTION otherwise. */
export function checkBlocks(n: number | undefined, what: string): number {
  if (n === undefined) return 0;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what} must be a whole number of blocks ≥ 0, got ${n}`);
  return n;
}

/** The text of a thrown value, for error replies. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
