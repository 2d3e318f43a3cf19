// The genesis of a node's chain: read from the start of its input log, or made from the options for a new chain.
import { DEV_ACCOUNT_NAMES, devAccount } from '@sprocket/sdk';
import { NodeError } from './errors.js';
import type { GenesisEntry } from './log.js';
import { DEFAULT_CHAIN_ID, type NodeOptions } from './node-options.js';
import type { SqliteLog } from './sqlite-log.js';

/** The genesis entry of the chain in `log`, appended first when the log is empty; refuses a different chain id. */
export async function genesisOf(log: SqliteLog, options: NodeOptions, blockTime: number): Promise<GenesisEntry> {
  const first = log.head === 0 ? undefined : log.read(1)[Symbol.iterator]().next().value;
  if (first !== undefined) {
    if (first.entry.kind !== 'genesis') throw new NodeError('NODE_STORE', 'the input log does not start with a genesis entry');
    const genesis = first.entry;
    if (options.chainId !== undefined && options.chainId !== genesis.chainId) {
      throw new NodeError(
        'NODE_BAD_OPTION',
        `the data directory holds chain ${JSON.stringify(genesis.chainId)}, not ${JSON.stringify(options.chainId)}`,
      );
    }
    return genesis;
  }
  const dev = options.dev ?? false;
  const balance = options.devBalance ?? 10n ** 24n;
  const genesis: GenesisEntry = {
    kind: 'genesis',
    chainId: options.chainId ?? (dev ? DEFAULT_CHAIN_ID.dev : DEFAULT_CHAIN_ID.local),
    timestamp: (options.now ?? Date.now)(),
    dev,
    blockTime,
    accounts: dev ? DEV_ACCOUNT_NAMES.map((name) => ({ address: devAccount(name).address, name, balance })) : [],
    ...options.gas,
  };
  await log.append([genesis]);
  return genesis;
}
