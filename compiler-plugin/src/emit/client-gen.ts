// The typed client classes of an actor: one class per service (the main client itself for a single-service
// program) with request-reply methods, a `send` object for fire-and-forget and `on` for events, plus the main
// client's `at` and `deploy` statics.
import { renderType } from '../idl/emitter.js';
import type { ParamDef } from '../manifest/types.js';
import type { EmitContext, ServiceNames } from './emit-context.js';
import type { Model } from './model.js';
import { docBlock, methodSigKey, propKey, q } from './names.js';
import { paramList, paramVars, replyRef, returnTs, tsType } from './ts-types.js';

/**
 * Instance members of ActorClient (and ours) that a handler method must not shadow; `then`: a client with a `then`
 * method would be a thenable, which `await` calls; and what every object inherits, which the language calls
 * (`String(client)`, template literals and `JSON.stringify` would send a message).
 */
const RESERVED_MEMBERS = new Set([
  'send',
  'on',
  'transport',
  'address',
  'callFunction',
  'sendFunction',
  'subscribeEvent',
  'constructor',
  'then',
  'toString',
  'valueOf',
  'toJSON',
  'toLocaleString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

/** The client method name of a handler: its TS method name, with `_` appended when it would shadow a client member. */
export function clientMethodName(method: string): string {
  return RESERVED_MEMBERS.has(method) ? `${method}_` : method;
}

/**
 * The client member names of `methods`, in order: each {@link clientMethodName}, with one more `_` for as long as an
 * earlier one took it (IDL functions `Foo` and `foo`, or `Then` and `Then_`, are `foo`, `foo_` and `then_`, `then__`).
 */
export function clientMemberNames(methods: readonly string[]): string[] {
  const taken = new Set<string>();
  return methods.map((method) => {
    let name = clientMethodName(method);
    while (taken.has(name) || RESERVED_MEMBERS.has(name)) name = `${name}_`;
    taken.add(name);
    return name;
  });
}

/** The client class members of one service: `send`, the constructor, one method per function and `on`. */
function serviceMembers(cx: EmitContext, s: ServiceNames, selfType: string): string[] {
  const out: string[] = [];
  const commands = [...s.fnConsts.keys()].filter((f) => f.kind === 'command');
  const CallOptions = cx.t('CallOptions');
  // the send object
  out.push('  /** Fire-and-forget: each command sent without waiting for its reply; returns the MessageId. */');
  if (commands.length === 0) {
    out.push('  readonly send: Record<string, never> = {};');
  } else {
    out.push('  readonly send: {');
    for (const f of commands) {
      // The reply type rides on the MessageId's type, so `sys.reply(id)` decodes to it.
      const reply = returnTs(cx, replyRef(f));
      const { options } = paramVars(f.params);
      out.push(
        `    ${methodSigKey(s.methods.get(f) ?? f.method)}(${[paramList(cx, f.params), `${options}?: ${cx.t('SendOptions')}`].filter((p) => p !== '').join(', ')}): ${cx.t('SendResultOf')}<S, ${reply}>;`,
      );
    }
    out.push('  };');
  }
  out.push('');
  out.push(`  constructor(transport: ${cx.t('Transport')}<S>, address: ${cx.t('ActorId')}) {`, '    super(transport, address);');
  if (commands.length > 0) {
    out.push('    this.send = {');
    for (const f of commands) {
      const { vars: names, options } = paramVars(f.params);
      out.push(
        `      ${propKey(s.methods.get(f) ?? f.method)}: (${[...names.map((n, i) => `${n}: ${tsType(cx, (f.params[i] as ParamDef).type)}`), `${options}?: ${cx.t('SendOptions')}`].join(', ')}) =>`,
      );
      out.push(`        this.sendFunction(${s.fnConsts.get(f)}, [${names.join(', ')}], ${options}),`);
    }
    out.push('    };');
  }
  for (const extra of selfType === '' ? [] : [selfType]) out.push(extra);
  out.push('  }');
  for (const f of s.fnConsts.keys()) {
    out.push('');
    out.push(
      ...docBlock(
        [
          ...(f.docs ?? []),
          f.kind === 'query' ? 'A query: runs against the current state, never changes it.' : 'A command: resolves with the reply.',
          ...(f.throws === undefined
            ? []
            : [`Fails with a \`CallError\` whose \`payload\` is the error value (IDL \`throws ${renderType(f.throws)}\`).`]),
        ],
        '  ',
      ),
    );
    const { vars, options } = paramVars(f.params);
    const params = [paramList(cx, f.params), `${options}?: ${CallOptions}`].filter((p) => p !== '').join(', ');
    const ret = returnTs(cx, replyRef(f));
    // A quoted method name (`'reset-all'() {}` with a route) is a quoted member of the client too.
    out.push(`  ${propKey(s.methods.get(f) ?? f.method)}(${params}): Promise<${ret}> {`);
    out.push(`    return this.callFunction(${s.fnConsts.get(f)}, [${vars.join(', ')}], ${options}) as Promise<${ret}>;`);
    out.push('  }');
  }
  out.push('');
  out.push(`  /** Subscribes to one event of ${s.svc.name}; the listener gets the decoded payload. */`);
  out.push(`  on<K extends keyof ${s.eventsName}>(event: K, listener: (payload: ${s.eventsName}[K]) => void): ${cx.t('Unsubscribe')} {`);
  if (s.evConsts.size === 0) {
    out.push('    void listener;');
    out.push(`    throw new ${cx.v('SdkError')}('SDK_UNKNOWN_EVENT', \`${s.svc.name} has no event \${String(event)}\`);`);
  } else {
    out.push(`    const ev = ${s.constName}.events.find((e) => e.name === event);`);
    out.push(
      `    if (ev === undefined) throw new ${cx.v('SdkError')}('SDK_UNKNOWN_EVENT', \`${s.svc.name} has no event \${String(event)}\`);`,
    );
    out.push(`    return this.subscribeEvent(${s.constName}, ev, listener as (payload: unknown) => void);`);
  }
  out.push('  }');
  return out;
}

/** The client classes of an actor `m` whose services are named by `names` and constructors by `ctorConsts`. */
export function emitClient(
  cx: EmitContext,
  m: Model,
  names: readonly ServiceNames[],
  ctorConsts: readonly string[],
  hasProgram: boolean,
): string[] {
  const multi = m.services.length > 1;
  const clientName = `${m.name}Client`;
  const client: string[] = [];
  const actorClient = cx.v('ActorClient');
  // Clients are generic over what `send` returns: a MessageId in process, a Promise of one over a network.
  const sendResult = cx.t('SendResult');
  const messageId = cx.t('MessageId');
  const generic = `<S extends ${sendResult} = ${messageId}> extends ${actorClient}<S>`;
  const deploy = (cls: string): string[] => {
    if (!hasProgram) return [];
    const ctorMap = `{ ${m.constructors.map((c, i) => `${propKey(c.key)}: ${ctorConsts[i]}`).join(', ')} }`;
    return [
      '',
      `  /** Deploys ${m.name} from registered code with one of its constructors; resolves with a client of the new actor. */`,
      `  static async deploy<K extends keyof ${m.name}Constructors, S extends ${sendResult} = ${messageId}>(`,
      `    transport: ${cx.t('Transport')}<S>,`,
      `    code: ${cx.t('CodeId')},`,
      '    ctor: K,',
      `    args: ${m.name}Constructors[K],`,
      `    options?: ${cx.t('DeployOptions')},`,
      `  ): Promise<${cls}<S>> {`,
      `    const ctors: Record<keyof ${m.name}Constructors, GeneratedConstructor> = ${ctorMap};`,
      `    const c = $ctor(${q(m.name)}, ctors, ctor);`,
      '    const address = await transport.deploy(code, c.encodeCall(args), options).catch((e: unknown) => {',
      `      throw ${cx.v('typedFailure')}(c, e);`,
      '    });',
      `    return new ${cls}(transport, address);`,
      '  },',
    ].map((l) => (l === '  },' ? '  }' : l));
  };
  const at = (cls: string): string[] => [
    `  /** The generated definition behind this client: codecs, routes and constructors of ${m.name}. */`,
    `  static readonly definition: ${cx.t('GeneratedActor')} = ${m.name}Definition;`,
    '',
    `  /** A client of the ${m.name} actor at \`address\`, over \`transport\` (a test system, a user, another actor's context). */`,
    `  static at<S extends ${sendResult} = ${messageId}>(transport: ${cx.t('Transport')}<S>, address: ${cx.t('ActorId')}): ${cls}<S> {`,
    `    return new ${cls}(transport, address);`,
    '  }',
  ];
  if (!multi) {
    const s = names[0];
    client.push(`/** Typed client of ${m.name}: request-reply methods, \`send\` for fire-and-forget, \`on\` for events. */`);
    client.push(`export class ${clientName}${generic} {`);
    if (s === undefined) {
      client.push(...at(clientName), ...deploy(clientName));
    } else {
      client.push(...at(clientName), ...deploy(clientName), '', ...serviceMembers(cx, s, ''));
    }
    client.push('}');
  } else {
    for (const s of names) {
      client.push(`/** The ${s.svc.name} service of ${m.name} (route ${s.svc.route}). */`);
      client.push(`export class ${s.className}${generic} {`);
      client.push(...serviceMembers(cx, s, ''));
      client.push('}', '');
    }
    client.push(`/** Typed client of ${m.name}: one property per service (${names.map((s) => `\`${s.prop}\``).join(', ')}). */`);
    client.push(`export class ${clientName}${generic} {`);
    for (const s of names) client.push(`  readonly ${s.prop}: ${s.className}<S>;`);
    client.push('');
    client.push(`  constructor(transport: ${cx.t('Transport')}<S>, address: ${cx.t('ActorId')}) {`, '    super(transport, address);');
    for (const s of names) client.push(`    this.${s.prop} = new ${s.className}(transport, address);`);
    client.push('  }', '', ...at(clientName), ...deploy(clientName), '}');
  }
  if (hasProgram) cx.t('GeneratedConstructor');
  return client;
}
