// Why a deployed actor refused a message with UNKNOWN_ROUTE: its code was built from another version of the file, or
// it is another program altogether (a wrong address, or the wrong file).
import { isCallError } from '@sprocket/sdk';
import { CliError } from '../errors.js';
import type { NetTarget } from './messages.js';

/** What the check needs of a connection: one JSON-RPC request. */
export interface NodeRequests {
  request(method: string, params?: unknown): Promise<unknown>;
}

/** The `service Name@0x…` entries of an IDL text. */
function servicesOf(idl: string): { name: string; id: string }[] {
  return [...idl.matchAll(/\bservice\s+([A-Za-z_][A-Za-z0-9_]*)@(0x[0-9a-fA-F]{16})/g)].map((m) => ({
    name: m[1] as string,
    id: (m[2] as string).toLowerCase(),
  }));
}

/**
 * For a call refused with `UNKNOWN_ROUTE`: reads the actor's code and IDL from the node and, when the interface
 * `file` gives is not among the deployed ones, returns a `CLI_STALE_INTERFACE` error saying so and how to fix it
 * (`CLI_WRONG_ACTOR` when the actor has no service of that name at all: another program).
 * Anything else (another error, the node cannot tell, the interface is there) returns `error` unchanged.
 */
export async function explainUnknownRoute(
  error: unknown,
  conn: NodeRequests,
  address: string,
  target: Pick<NetTarget, 'what' | 'interfaceId'>,
  file: string,
): Promise<unknown> {
  if (!isCallError(error) || error.code !== 'UNKNOWN_ROUTE') return error;
  let services: { name: string; id: string }[];
  let program: string;
  try {
    const actor = (await conn.request('actor_get', { address })) as { codeId?: unknown; actor?: unknown };
    const code = (await conn.request('code_get', { codeId: actor.codeId })) as { idl?: Record<string, unknown> };
    program = String(actor.actor);
    const idl = code.idl?.[program];
    if (typeof idl !== 'string') return error;
    services = servicesOf(idl);
  } catch {
    return error;
  }
  const wanted = target.interfaceId.toLowerCase();
  if (services.length === 0 || services.some((s) => s.id === wanted)) return error;
  const serviceName = target.what.split('.')[0] ?? target.what;
  const deployed = services.find((s) => s.name === serviceName);
  if (deployed === undefined) {
    return new CliError(
      'CLI_WRONG_ACTOR',
      `${address} runs ${program} (services: ${services.map((s) => s.name).join(', ')}), which has no service ${serviceName}: ` +
        `${file} describes another program than the one at this address`,
      { cause: error, hint: `check the address, or pass the file (or IDL) of ${program}` },
    );
  }
  return new CliError(
    'CLI_STALE_INTERFACE',
    `${address} runs ${program} with interface ${deployed.name}@${deployed.id}, but ${file} now gives ${serviceName}@${wanted}: ` +
      `the source changed since this actor was deployed, so the node does not know ${target.what} as encoded`,
    {
      cause: error,
      hint:
        `deploy the current source again (sprocket deploy ${file} …), or call this actor with the IDL it was deployed with ` +
        '(on its explorer page, or code_get over RPC)',
    },
  );
}
