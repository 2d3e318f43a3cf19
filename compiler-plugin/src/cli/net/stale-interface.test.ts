import { CallError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { extractFromSource } from '../../extract/index.js';
import { emitIdl } from '../../idl/emitter.js';
import { findTarget } from '../target.js';
import { explainUnknownRoute, type NodeRequests } from './stale-interface.js';

const ADDRESS = '0x91c6b00c587adb11aae59243e81a84920a1dae8dab297b2d0000000000000001';
const TARGET = { what: 'Poll.Vote', interfaceId: '0x9b8c6d0d0ea43d8a' };
const IDL = '!@sails: 2.0.0\nservice Poll@0x28ecf9d1d31dd497 {\n}\nprogram Poll {\n  services {\n    Poll@0x28ecf9d1d31dd497,\n  }\n}\n';

function node(idl: string): NodeRequests & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async request(method: string) {
      asked.push(method);
      if (method === 'actor_get') return { codeId: '0xc0de', actor: 'Poll' };
      if (method === 'code_get') return { idl: { Poll: idl } };
      throw new Error(`unexpected ${method}`);
    },
  };
}
const unknownRoute = new CallError('UNKNOWN_ROUTE', {
  actor: ADDRESS,
  reason: 'Poll has no route 1 entry 3 with interface 0x9b8c6d0d0ea43d8a',
});

describe('explainUnknownRoute', () => {
  it('says that the source changed since the deploy when the deployed interface differs, keeping the cause', async () => {
    const error = (await explainUnknownRoute(unknownRoute, node(IDL), ADDRESS, TARGET, 'src/poll.ts')) as Error & { code: string };
    expect(error.code).toBe('CLI_STALE_INTERFACE');
    expect(error.message).toContain('runs Poll with interface Poll@0x28ecf9d1d31dd497, but src/poll.ts now gives Poll@0x9b8c6d0d0ea43d8a');
    expect((error as Error & { hint?: string }).hint).toContain('deploy the current source again (sprocket deploy src/poll.ts …)');
    expect(error.cause).toBe(unknownRoute);
  });

  it('says the actor is another program (not a changed source) when it has no service of that name', async () => {
    const target = { what: 'Consumer.Quote', interfaceId: '0xc229ee8ae49834bf' };
    const error = (await explainUnknownRoute(unknownRoute, node(IDL), ADDRESS, target, 'src/consumer.ts')) as Error & {
      code: string;
      hint?: string;
    };
    expect(error.code).toBe('CLI_WRONG_ACTOR');
    expect(error.message).toBe(
      `${ADDRESS} runs Poll (services: Poll), which has no service Consumer: src/consumer.ts describes another program than the one at this address`,
    );
    expect(error.message).not.toContain('source changed');
    expect(error.hint).toBe('check the address, or pass the file (or IDL) of Poll');
    expect(error.cause).toBe(unknownRoute);
  });

  it('returns the error unchanged when the interface is deployed, for other errors, and when the node cannot tell', async () => {
    const same = IDL.replaceAll('0x28ecf9d1d31dd497', '0x9b8c6d0d0ea43d8a');
    expect(await explainUnknownRoute(unknownRoute, node(same), ADDRESS, TARGET, 'src/poll.ts')).toBe(unknownRoute);
    const other = new CallError('HANDLER_FAILED', { actor: ADDRESS, reason: 'boom' });
    const quiet = node(IDL);
    expect(await explainUnknownRoute(other, quiet, ADDRESS, TARGET, 'src/poll.ts')).toBe(other);
    expect(quiet.asked).toEqual([]);
    const broken: NodeRequests = { request: async () => Promise.reject(new Error('gone')) };
    expect(await explainUnknownRoute(unknownRoute, broken, ADDRESS, TARGET, 'src/poll.ts')).toBe(unknownRoute);
  });
});

describe('explainUnknownRoute with the interfaces of two versions of a source', () => {
  /** The Poll actor with `vote` declared as given. */
  const poll = (vote: string): string =>
    [
      "import { Actor, actor, type u32, type u64 } from '@sprocket/sdk';",
      '@actor() export class Poll extends Actor {',
      '  private votes: u32 = 0;',
      `  ${vote} { this.votes += 1; return this.votes; }`,
      '}',
    ].join('\n');
  const manifestsOf = (vote: string) => {
    const result = extractFromSource('poll.ts', poll(vote));
    expect(result.diagnostics).toEqual([]);
    return result.manifests;
  };
  const deployed = emitIdl(manifestsOf('vote(option: u32, weight: u32): u32')[0]!);

  it.each([
    ['a removed parameter', 'vote(option: u32): u32'],
    ['an added parameter', 'vote(option: u32, weight: u32, memo: string): u32'],
    ['a changed parameter type', 'vote(option: u32, weight: u64): u32'],
  ])('says the source changed since the deploy after %s', async (_, vote) => {
    const target = findTarget(manifestsOf(vote), 'Poll.Vote', undefined, 'call');
    const error = (await explainUnknownRoute(unknownRoute, node(deployed), ADDRESS, target, 'poll.ts')) as Error & { code?: string };
    expect(error.code).toBe('CLI_STALE_INTERFACE');
    expect(error.message).toContain(`but poll.ts now gives Poll@${target.interfaceId}`);
  });

  it('returns the error unchanged when only a parameter name changed (the wire is the same)', async () => {
    const target = findTarget(manifestsOf('vote(choice: u32, weight: u32): u32'), 'Poll.Vote', undefined, 'call');
    expect(await explainUnknownRoute(unknownRoute, node(deployed), ADDRESS, target, 'poll.ts')).toBe(unknownRoute);
  });
});
