// What the node verbs share: the node URL, the signing account, addresses, amounts, and the connection itself.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type Account,
  type ActorId,
  accountFromSecret,
  type Connection,
  connect,
  DEV_ACCOUNT_NAMES,
  type DevAccountName,
  devAccount,
  type ReconnectOptions,
  type SprocketError,
} from '@sprocket/sdk';
import WebSocket from 'ws';
import { CliError, CliUsageError } from '../errors.js';

/** The node a verb talks to when `--node` is not given. */
export const DEFAULT_NODE = 'ws://127.0.0.1:9944/rpc';

function isDevName(name: string): name is DevAccountName {
  return (DEV_ACCOUNT_NAMES as readonly string[]).includes(name);
}

/** `--account`: a dev account name, or a key file `{"secretKey": "0x…"}` (relative to `cwd`). */
export function loadAccount(spec: string, cwd: string): Account {
  if (isDevName(spec)) return devAccount(spec);
  let text: string;
  try {
    text = readFileSync(resolve(cwd, spec), 'utf8');
  } catch {
    throw new CliError(
      'CLI_BAD_ACCOUNT',
      `--account ${spec}: neither a dev account (${DEV_ACCOUNT_NAMES.join(', ')}) nor a readable key file`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // JSON.parse's message quotes the text around the fault ("root:x:0:0"...), and a key file's text is a secret
    // (a raw key, a mnemonic): only the position is shown.
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
    throw new CliError(
      'CLI_BAD_ACCOUNT',
      `${spec}: not JSON${at === undefined ? '' : ` (at position ${at})`}; expected {"secretKey": "0x…"} (its text is not shown: it may hold a secret)`,
    );
  }
  const secret = parsed !== null && typeof parsed === 'object' ? (parsed as { secretKey?: unknown }).secretKey : undefined;
  if (typeof secret !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(secret)) {
    throw new CliError('CLI_BAD_ACCOUNT', `${spec}: "secretKey" must be a 32-byte ed25519 secret seed as 0x and 64 hex digits`);
  }
  return accountFromSecret(secret, spec);
}

/** An address argument: 0x and 64 hex digits, or a dev account's name. */
export function parseAddress(text: string, verb: string): ActorId {
  if (isDevName(text)) return devAccount(text).address;
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) {
    throw new CliUsageError(`expected an address (0x and 64 hex digits) or a dev account name, got ${JSON.stringify(text)}`, verb);
  }
  return text.toLowerCase() as ActorId;
}

/**
 * A decimal integer option (`--value`, `--delay`, `--timeout`) from `min` (default 0) to `max`; `why` explains a
 * value below `min` (`a handler with no gas cannot run`).
 */
export function parseAmount(
  text: string | undefined,
  option: string,
  verb: string,
  max: bigint,
  min = 0n,
  why?: string,
): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text) || BigInt(text) > max) {
    throw new CliUsageError(`${option} must be a decimal integer from ${min} to ${max}, got ${JSON.stringify(text)}`, verb);
  }
  const n = BigInt(text);
  if (n < min) throw new CliUsageError(`${option} must be at least ${min}${why === undefined ? '' : `: ${why}`}, got ${n}`, verb);
  return n;
}

/** `--gas-limit`: gas the handler may use, from 1 to 2^53 - 1 (the node refuses more than its block gas limit). */
export function parseGasLimit(text: string | undefined, verb: string): number | undefined {
  const limit = parseAmount(text, '--gas-limit', verb, BigInt(Number.MAX_SAFE_INTEGER), 1n, 'a handler with no gas cannot run');
  return limit === undefined ? undefined : Number(limit);
}

/** The largest u128. */
export const U128_MAX = (1n << 128n) - 1n;

/** Options every node verb takes. */
export interface NodeOptions {
  readonly node: string;
  readonly timeout: number | undefined;
  readonly account: Account | undefined;
}

/** Opens a connection to the node (with the `ws` package: Node 20 has no global WebSocket). */
export function openNode(options: NodeOptions, reconnect: ReconnectOptions, onError?: (error: SprocketError) => void): Connection {
  return connect(options.node, {
    WebSocket,
    reconnect,
    ...(onError === undefined ? {} : { onError }),
    ...(options.account === undefined ? {} : { account: options.account }),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  });
}
