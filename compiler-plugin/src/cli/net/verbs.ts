// The verbs that talk to a node: deploy, call, send, query, events, balance, mailbox, mine.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CodeId, fromHex, isCallError, isScaleError, isSubscriptionNotice, SprocketError, toHex } from '@sprocket/sdk';
import { buildModel } from '../../emit/model.js';
import { argsUsageError, CliError, CliUsageError } from '../errors.js';
import type { CliIo } from '../main.js';
import { printable } from '../printable.js';
import { formatCliError, reportable } from '../report.js';
import { type CliMachinery, decodeJsonEvent, decodeJsonReply, encodeJsonCall } from './messages.js';
import { DEFAULT_NODE, loadAccount, type NodeOptions, openNode, parseAddress, parseAmount, parseGasLimit, U128_MAX } from './options.js';
import { explainUnknownRoute } from './stale-interface.js';
import { NET_USAGE } from './usage.js';

/** The verbs of this module. */
export const NET_VERBS: ReadonlySet<string> = new Set(['deploy', 'call', 'send', 'query', 'events', 'balance', 'mailbox', 'mine']);

type Values = Record<string, string | boolean | undefined>;

const NODE_OPTIONS = { node: { type: 'string' }, timeout: { type: 'string' } } as const;
const ACCOUNT_OPTION = { account: { type: 'string' } } as const;

function parse(verb: string, args: readonly string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...options, ...NODE_OPTIONS, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (e) {
    throw argsUsageError(e, args, verb);
  }
}

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function nodeOptions(values: Values, verb: string, io: CliIo, account: 'required' | 'optional' | 'none'): NodeOptions {
  const spec = str(values, 'account');
  if (account === 'required' && spec === undefined) {
    throw new CliUsageError(`${verb} is a signed write: --account <dev name or key file> is required`, verb);
  }
  const timeout = parseAmount(str(values, 'timeout'), '--timeout', verb, 86_400_000n, 1n, 'it is how long to wait for the node');
  return {
    node: str(values, 'node') ?? DEFAULT_NODE,
    timeout: timeout === undefined ? undefined : Number(timeout),
    account: spec === undefined || account === 'none' ? undefined : loadAccount(spec, io.cwd ?? process.cwd()),
  };
}

function parseRoute(text: string | undefined, verb: string): number | undefined {
  const n = parseAmount(text, '--route', verb, 255n);
  return n === undefined ? undefined : Number(n);
}

/** Runs a node verb; resolves with the exit code (usage and compiler errors propagate to `main`). */
export async function runNetVerb(verb: string, args: readonly string[], io: CliIo, cli: CliMachinery): Promise<number> {
  try {
    switch (verb) {
      case 'deploy':
        return await deploy(args, io);
      case 'call':
      case 'send':
      case 'query':
        return await message(verb, args, io, cli);
      case 'events':
        return await events(args, io, cli);
      case 'balance':
        return await balance(args, io);
      case 'mailbox':
        return await mailbox(args, io);
      case 'mine':
        return await mine(args, io);
      default:
        throw new CliUsageError(`unknown command ${verb}`);
    }
  } catch (e) {
    // Errors from the node and the sdk (CallError, SdkError, ScaleError): a message and exit 1.
    if (e instanceof SprocketError || isScaleError(e)) {
      io.stderr(formatCliError(verb, e as SprocketError));
      return 1;
    }
    throw e;
  }
}

function help(verb: string, values: Values, io: CliIo): boolean {
  if (values.help !== true) return false;
  io.stdout(NET_USAGE[verb] as string);
  return true;
}

// ---- deploy

async function deploy(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('deploy', args, {
    ...ACCOUNT_OPTION,
    actor: { type: 'string' },
    ctor: { type: 'string' },
    args: { type: 'string' },
    value: { type: 'string' },
    'gas-limit': { type: 'string' },
    salt: { type: 'string' },
    tsconfig: { type: 'string' },
    'upload-only': { type: 'boolean' },
  });
  if (help('deploy', values, io)) return 0;
  if (positionals.length !== 1) throw new CliUsageError('expected one actor file', 'deploy');
  const options = nodeOptions(values, 'deploy', io, 'required');
  const value = parseAmount(str(values, 'value'), '--value', 'deploy', U128_MAX);
  const gasLimit = parseGasLimit(str(values, 'gas-limit'), 'deploy');
  const saltText = str(values, 'salt');
  const salt = saltText === undefined ? undefined : fromHex(saltText, '--salt');
  const cwd = io.cwd ?? process.cwd();
  const file = positionals[0] as string;
  const tsconfig = str(values, 'tsconfig');
  // Loaded here so that the other verbs start without esbuild.
  const { bundleContract } = await import('../../bundle/index.js');
  const bundle = await bundleContract(resolve(cwd, file), {
    ...(tsconfig === undefined ? {} : { tsconfig: resolve(cwd, tsconfig) }),
    ...(str(values, 'actor') === undefined ? {} : { actor: str(values, 'actor') as string }),
  });
  const actorName = bundle.actors[0];
  if (bundle.actors.length !== 1 || actorName === undefined) {
    throw new CliUsageError(`${file} declares several actors (${bundle.actors.join(', ')}): choose one with --actor`, 'deploy');
  }
  if (values['upload-only'] === true) {
    for (const flag of ['ctor', 'args', 'value', 'salt', 'gas-limit']) {
      if (values[flag] !== undefined) throw new CliUsageError(`--${flag} has no effect with --upload-only (no constructor runs)`, 'deploy');
    }
    return await uploadOnly(options, bundle.code, actorName, io);
  }
  const manifest = bundle.manifests.find((m) => m.actor?.className === actorName) ?? bundle.manifests[0];
  if (manifest === undefined) throw new CliError('CLI_NO_ACTOR', `${file}: no @actor class found`);
  const model = buildModel(manifest);
  const ctorSpec = str(values, 'ctor');
  const ctor =
    ctorSpec === undefined
      ? model.constructors.length === 1
        ? model.constructors[0]
        : undefined
      : model.constructors.find((c) => c.name === ctorSpec || c.method === ctorSpec || c.key === ctorSpec);
  if (ctor === undefined) {
    const known = model.constructors.map((c) => c.name).join(', ');
    throw new CliUsageError(
      ctorSpec === undefined
        ? `${actorName} has several constructors (${known}): choose one with --ctor`
        : `${actorName} has no constructor ${ctorSpec} (it has: ${known})`,
      'deploy',
    );
  }
  const target = {
    what: `${model.name}.${ctor.name}`,
    interfaceId: '0x0000000000000000',
    entryId: ctor.entryId,
    route: 0,
    params: ctor.params,
    reply: undefined,
    types: model.types,
  };
  const payload = encodeJsonCall(target, str(values, 'args'));
  const conn = openNode(options, { attempts: 2, delayMs: 200 });
  try {
    const codeId = await conn.uploadCode(bundle.code);
    io.stderr(`uploaded ${actorName}: code ${codeId} (${bundle.code.length} bytes)\n`);
    const address = await conn.deploy(codeId as CodeId, payload, {
      ...(value === undefined ? {} : { value }),
      ...(salt === undefined ? {} : { salt }),
      ...(gasLimit === undefined ? {} : { gasLimit }),
    });
    io.stdout(`${address}\n`);
    return 0;
  } finally {
    conn.close();
  }
}

/** `deploy --upload-only`: stores the code and prints its CodeId (for a factory that spawns from it). */
async function uploadOnly(options: NodeOptions, code: Uint8Array, actorName: string, io: CliIo): Promise<number> {
  const conn = openNode(options, { attempts: 2, delayMs: 200 });
  try {
    const codeId = await conn.uploadCode(code);
    io.stderr(`uploaded ${actorName} (${code.length} bytes); its CodeId:\n`);
    io.stdout(`${codeId}\n`);
    return 0;
  } finally {
    conn.close();
  }
}

// ---- call / send / query

async function message(verb: 'call' | 'send' | 'query', args: readonly string[], io: CliIo, cli: CliMachinery): Promise<number> {
  const { values, positionals } = parse(verb, args, {
    ...ACCOUNT_OPTION,
    value: { type: 'string' },
    route: { type: 'string' },
    ...(verb === 'query' ? {} : { 'gas-limit': { type: 'string' } }),
    ...(verb === 'send' ? { delay: { type: 'string' } } : {}),
  });
  if (help(verb, values, io)) return 0;
  if (positionals.length !== 3 && positionals.length !== 4) {
    throw new CliUsageError(`expected <address> <actor.ts|file.idl> <Service>.<Function> ['<JSON array>']`, verb);
  }
  const [addressText, file, spec, jsonText] = positionals as [string, string, string, string | undefined];
  const address = parseAddress(addressText, verb);
  const value = parseAmount(str(values, 'value'), '--value', verb, U128_MAX);
  const delay = parseAmount(str(values, 'delay'), '--delay', verb, 0xffff_ffffn);
  const gasLimit = parseGasLimit(str(values, 'gas-limit'), verb);
  const route = parseRoute(str(values, 'route'), verb);
  const options = nodeOptions(values, verb, io, verb === 'query' ? 'optional' : 'required');
  const manifests = await cli.loadManifests(file, io);
  if (manifests === undefined) return 1;
  const target = cli.findTarget(manifests, spec, route, verb);
  const payload = encodeJsonCall(target, jsonText);
  const conn = openNode(options, { attempts: 2, delayMs: 200 });
  try {
    if (verb === 'send') {
      const id = await conn.send(address, payload, {
        ...(value === undefined ? {} : { value }),
        ...(delay === undefined ? {} : { delay: Number(delay) }),
        ...(gasLimit === undefined ? {} : { gasLimit }),
      });
      io.stdout(`${id}\n`);
      return 0;
    }
    const callOptions = value === undefined ? {} : { value };
    let reply: Uint8Array;
    try {
      reply =
        verb === 'call'
          ? await conn.call(address, payload, { ...callOptions, ...(gasLimit === undefined ? {} : { gasLimit }) })
          : await conn.query(address, payload, callOptions);
    } catch (e) {
      throw await explainUnknownRoute(e, conn, address, target, file);
    }
    io.stdout(`${JSON.stringify(decodeJsonReply(target, reply))}\n`);
    return 0;
  } finally {
    conn.close();
  }
}

// ---- events

async function events(args: readonly string[], io: CliIo, cli: CliMachinery): Promise<number> {
  const { values, positionals } = parse('events', args, { from: { type: 'string' } });
  if (help('events', values, io)) return 0;
  if (positionals.length !== 2) throw new CliUsageError('expected <address> <actor.ts|file.idl>', 'events');
  const [addressText, file] = positionals as [string, string];
  const address = parseAddress(addressText, 'events');
  const from = parseAmount(str(values, 'from'), '--from', 'events', 0xffff_ffffn);
  const options = nodeOptions(values, 'events', io, 'none');
  const manifests = await cli.loadManifests(file, io);
  if (manifests === undefined) return 1;
  let failure: SprocketError | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  // A connection lost for good (reconnects exhausted) ends the command with exit 1. A notice after which the
  // subscription goes on (the node's data was reset, so it follows from the node's new head; events missed while the
  // connection was down) is a warning, and the command keeps following.
  const conn = openNode(options, { attempts: 10, delayMs: 200, maxDelayMs: 5000 }, (error) => {
    if (isSubscriptionNotice(error)) {
      const reason = isCallError(error) ? error.reason : error.message;
      io.stderr(`sprocket events: warning: ${printable(reason)}; still following\n`);
      return;
    }
    failure = error;
    finish();
  });
  const onSignal = (): void => finish();
  try {
    // A mistyped address would be followed in silence for ever: say so (an actor may still be deployed there later).
    const missing = await conn.request('actor_get', { address }).then(
      () => false,
      (e: unknown) => isCallError(e) && e.code === 'ACTOR_NOT_FOUND',
    );
    if (missing) io.stderr(`sprocket events: no actor at ${address} yet: is the address right? Following it anyway\n`);
    if (from !== undefined) {
      // The sdk names its own option (fromBlock) when it refuses a block not published yet: name the flag instead.
      const info = await conn.info();
      if (typeof info.height === 'number' && from > BigInt(info.height) + 1n) {
        throw new CliError(
          'CLI_BAD_FROM',
          `--from ${from} is beyond the node's next block, ${info.height + 1}: its events are not published yet`,
          {
            hint: `leave --from out to follow the new events, or give a block up to ${info.height + 1}`,
          },
        );
      }
    }
    const topic =
      from === undefined
        ? { topic: 'events' as const, actor: address }
        : { topic: 'events' as const, actor: address, fromBlock: Number(from) };
    const stop = await conn.watch(topic, (result) => {
      const r = result as { payload?: unknown; messageId?: unknown; block?: unknown };
      try {
        const bytes = fromHex(String(r.payload), 'payload');
        const decoded = decodeJsonEvent(manifests, bytes);
        const line = decoded === undefined ? { unknown: toHex(bytes) } : decoded;
        io.stdout(`${JSON.stringify({ ...line, messageId: r.messageId, block: r.block })}\n`);
      } catch (e) {
        const error = reportable(e);
        io.stderr(formatCliError('events', { code: error.code, message: `an event does not decode: ${error.message}` }));
      }
    });
    io.stderr(`following the events of ${address} (Ctrl-C stops)\n`);
    if (io.signal !== undefined) {
      if (io.signal.aborted) finish();
      else io.signal.addEventListener('abort', onSignal, { once: true });
    } else {
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }
    await done;
    stop();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    conn.close();
  }
  if (failure !== undefined) {
    io.stderr(formatCliError('events', failure));
    return 1;
  }
  return 0;
}

// ---- balance / mailbox

async function balance(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('balance', args, {});
  if (help('balance', values, io)) return 0;
  if (positionals.length !== 1) throw new CliUsageError('expected one address or dev account name', 'balance');
  const address = parseAddress(positionals[0] as string, 'balance');
  const conn = openNode(nodeOptions(values, 'balance', io, 'none'), { attempts: 2, delayMs: 200 });
  try {
    io.stdout(`${await conn.balance(address)}\n`);
    return 0;
  } finally {
    conn.close();
  }
}

async function mailbox(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('mailbox', args, {});
  if (help('mailbox', values, io)) return 0;
  if (positionals.length !== 1) throw new CliUsageError('expected one address or dev account name', 'mailbox');
  const address = parseAddress(positionals[0] as string, 'mailbox');
  const conn = openNode(nodeOptions(values, 'mailbox', io, 'none'), { attempts: 2, delayMs: 200 });
  try {
    for (const entry of await conn.mailbox(address)) {
      const { messageId, from, payload, value, block } = entry;
      io.stdout(`${JSON.stringify({ messageId, from, payload: toHex(payload), value: value.toString(), block })}\n`);
    }
    return 0;
  } finally {
    conn.close();
  }
}

// ---- mine

async function mine(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('mine', args, {});
  if (help('mine', values, io)) return 0;
  if (positionals.length > 1) throw new CliUsageError('expected at most one block count', 'mine');
  const blocks = parseAmount(positionals[0], 'the block count', 'mine', 10_000n, 1n) ?? 1n;
  const conn = openNode(nodeOptions(values, 'mine', io, 'none'), { attempts: 2, delayMs: 200 });
  try {
    const result = (await conn.request('dev_mine', { blocks: Number(blocks) })) as { height?: unknown };
    io.stdout(`${String(result.height)}\n`);
    return 0;
  } finally {
    conn.close();
  }
}
