// `sprocket node [--data DIR] [--port N] [--host H] [--dev] [--block-time MS] [--chain-id ID] [--max-frame BYTES] …`
// and `sprocket node verify --data DIR`.
import { DEV_ACCOUNT_NAMES, devAccount, toHex } from '@sprocket/sdk';
import { NodeError } from './errors.js';
import { lineageOf, startedByNpm, watchLineage } from './parent-watch.js';
import { startNode } from './start.js';
import { verifyChain } from './verify.js';

const USAGE = `Usage: sprocket node [--data DIR] [--port N] [--host HOST] [--dev] [--block-time MS] [--chain-id ID] [--max-frame BYTES]
                     [--verify-threads N] [--history-blocks N] [--history-messages N]
       sprocket node verify [--data DIR]

Runs a node: every signed input is logged before it is acknowledged, and the state is rebuilt from the log on
restart. \`verify\` re-executes the log of a data directory from genesis and checks every stored state root.
SIGINT or SIGTERM stops the node cleanly (the log flushed, the database closed). Started through npm (npx, npm
exec, npm run), it also stops that way once npm has exited, since npm exits on SIGTERM without stopping it; started
directly (node_modules/.bin/sprocket node, sprocket-node), it keeps running in the background until signalled.

Options:
  --data <DIR>             the node's database directory (default .sprocket/node)
  --port <N>               port of JSON-RPC over WebSocket and HTTP (default 9944; 0 picks a free one)
  --host <HOST>            interface to listen on (default 127.0.0.1)
  --dev                    a dev chain: prefunded dev accounts (alice..ferdie) and dev_* methods
  --block-time <MS>        milliseconds between blocks (default 1000; 0 = a block whenever inputs are pending, and on
                           while a caller awaits a reply that a sleep, a delayed message or a timeout will bring)
  --chain-id <ID>          chain id of a new chain (default sprocket-dev with --dev, else sprocket-local)
  --max-frame <BYTES>      largest WebSocket frame or HTTP body (at least 1024; default 16777216)
  --verify-threads <N>     worker threads that verify signatures besides the main thread (default: 2, or 0 on one core)
  --history-blocks <N>     newest block records kept in memory; older ones are read from the database (default 1000)
  --history-messages <N>   newest message records kept in memory, besides those in flight (default 10000)
  -h, --help`;

interface Parsed {
  verify: boolean;
  data: string;
  port: number;
  host: string;
  dev: boolean;
  blockTime: number;
  chainId: string | undefined;
  maxFrame: number;
  verifyThreads: number | undefined;
  history: { blocks?: number; messages?: number };
  help: boolean;
}

function intOption(name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^[0-9]+$/.test(value))
    throw new NodeError('NODE_BAD_OPTION', `${name} needs a whole number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw new NodeError('NODE_BAD_OPTION', `${name} must be within ${min}..${max}, got ${n}`);
  return n;
}

function parse(argv: readonly string[]): Parsed {
  const out: Parsed = {
    verify: false,
    data: '.sprocket/node',
    port: 9944,
    host: '127.0.0.1',
    dev: false,
    blockTime: 1000,
    chainId: undefined,
    maxFrame: 16 * 1024 * 1024,
    verifyThreads: undefined,
    history: {},
    help: false,
  };
  const args = [...argv];
  if (args[0] === 'verify') {
    out.verify = true;
    args.shift();
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (out.verify && flag !== '--data' && flag !== '--help' && flag !== '-h') {
      throw new NodeError('NODE_BAD_OPTION', `${JSON.stringify(arg)} is not an option of verify (it takes --data DIR)`);
    }
    switch (flag) {
      case '--data': {
        const v = value();
        if (v === undefined || v === '') throw new NodeError('NODE_BAD_OPTION', '--data needs a directory');
        out.data = v;
        break;
      }
      case '--port':
        out.port = intOption('--port', value(), 0, 65535);
        break;
      case '--host': {
        const v = value();
        if (v === undefined || v === '') throw new NodeError('NODE_BAD_OPTION', '--host needs an interface address');
        out.host = v;
        break;
      }
      case '--dev':
        out.dev = true;
        break;
      case '--block-time':
        out.blockTime = intOption('--block-time', value(), 0, 86_400_000);
        break;
      case '--chain-id': {
        const v = value();
        if (v === undefined || v === '' || v.length > 64)
          throw new NodeError('NODE_BAD_OPTION', '--chain-id needs a name of 1..64 characters');
        out.chainId = v;
        break;
      }
      case '--max-frame':
        out.maxFrame = intOption('--max-frame', value(), 1024, 1024 * 1024 * 1024);
        break;
      case '--verify-threads':
        out.verifyThreads = intOption('--verify-threads', value(), 0, 64);
        break;
      case '--history-blocks':
        out.history.blocks = intOption('--history-blocks', value(), 1, 100_000_000);
        break;
      case '--history-messages':
        out.history.messages = intOption('--history-messages', value(), 0, 100_000_000);
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new NodeError('NODE_BAD_OPTION', `unknown option ${JSON.stringify(arg)}`);
    }
  }
  return out;
}

/**
 * A failure as every `sprocket` command prints one: `sprocket <command>: <CODE>: <message>` (the error's own code, a
 * system error's such as `EADDRINUSE`, else `INTERNAL`).
 */
function failureLine(command: string, error: unknown, prefix = ''): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return `sprocket ${command}: ${typeof code === 'string' && code !== '' ? code : 'INTERNAL'}: ${prefix}${message}`;
}

/**
 * Runs `sprocket node …`; resolves with the exit code (a running node resolves when it stopped on SIGINT/SIGTERM, or,
 * when npm started it, once npm has exited).
 */
export async function runNodeCli(
  argv: readonly string[],
  io: { out?: (line: string) => void; err?: (line: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let options: Parsed;
  try {
    options = parse(argv);
  } catch (error) {
    // A usage error, whatever option it is about, is followed by the usage, as with every other command.
    err(failureLine('node', error));
    err('');
    err(USAGE);
    return 2;
  }
  if (options.help) {
    out(USAGE);
    return 0;
  }
  if (options.verify) {
    try {
      const report = await verifyChain(options.data);
      out(
        `verified ${options.data}: ${report.blocks} blocks, ${report.inputs} inputs re-executed from genesis; ${report.checked} stored roots and ${report.checkpoints} checkpoints match; head state root ${report.headRoot}`,
      );
      return 0;
    } catch (error) {
      err(failureLine('node verify', error));
      return 1;
    }
  }
  // Read before the node opens: npm may exit while it starts.
  const lineage = startedByNpm(process.env) ? lineageOf() : undefined;
  let started: Awaited<ReturnType<typeof startNode>>;
  try {
    started = await startNode({
      dataDir: options.data,
      port: options.port,
      host: options.host,
      dev: options.dev,
      blockTime: options.blockTime,
      maxFrame: options.maxFrame,
      history: options.history,
      onError: (error) => err(failureLine('node', error)),
      ...(options.verifyThreads !== undefined ? { verifyThreads: options.verifyThreads } : {}),
      ...(options.chainId !== undefined ? { chainId: options.chainId } : {}),
    });
  } catch (error) {
    err(failureLine('node', error));
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'EADDRINUSE')
      err(`hint: something else listens on ${options.host}:${options.port}: stop it, or give another --port (0 picks a free one)`);
    // A --host that does not resolve, or names no interface of this machine: the system's words alone do not say so.
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL')
      err(
        `hint: --host ${options.host} is not an address of this machine: give one of its interfaces (127.0.0.1, the default; 0.0.0.0 for all)`,
      );
    return 1;
  }
  const { node } = started;
  if (node.dev) {
    err('dev accounts (prefunded; their keys are PUBLIC: never use them outside a dev node):');
    for (const name of DEV_ACCOUNT_NAMES) {
      const account = devAccount(name);
      err(`  ${name.padEnd(8)} ${account.address}  secret ${toHex(account.secretKey)}`);
    }
  }
  out(
    `sprocket node ready: ${started.url} (chain ${node.chainId}, height ${node.executor.height}, block time ${node.executor.blockTime} ms, data ${options.data}, port ${started.port})`,
  );
  return new Promise<number>((resolve) => {
    let unwatch = (): void => undefined;
    const stop = (why: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      unwatch();
      err(`sprocket node: ${why}, stopping`);
      void started.stop().then(
        () => resolve(0),
        (error: unknown) => {
          err(failureLine('node', error, 'stopping failed: '));
          resolve(1);
        },
      );
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    // npm exits on SIGTERM without stopping what it started: a node it started stops when it is gone.
    if (lineage !== undefined) {
      unwatch = watchLineage(lineage, (pid) => {
        // Whoever read the output may be gone with npm: a closed pipe must not cut the clean stop short.
        process.stdout.on('error', () => undefined);
        process.stderr.on('error', () => undefined);
        stop(`the npm process that started it has exited (pid ${pid})`);
      });
    }
  });
}
