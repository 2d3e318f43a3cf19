// The calls test/gas/script.test.ts makes twice: in a script run under `--import @sprocket/compiler-plugin/register`
// (./script.ts) and in-process under the vitest plugin. Both must report the same figures.
import { createTestSystem } from '@sprocket/runtime/testing';
import type { MessageId } from '@sprocket/sdk';
import { SpinnerClient } from './spinner.gen.js';
import './spinner.js';

/** What the calls report: gas per message, the spinning message's reply code, the value after it, the trace. */
export interface CallFigures {
  readonly gas: Record<string, number | undefined>;
  readonly spin: string;
  readonly after: number;
  readonly trace: string;
}

/** Deploys a Spinner, sends it work of several sizes and a message that spins, and reads what each used. */
export async function meteredCalls(): Promise<CallFigures> {
  const sys = createTestSystem({ seed: 3, gasLimit: 1_000_000 });
  const spinner = await sys.deploy(SpinnerClient, 'new', [1]);
  const ids: Record<string, MessageId> = {
    sum10: spinner.send.sum(10),
    sum1000: spinner.send.sum(1000),
    steps50: spinner.send.steps(50),
    spin: spinner.send.spin(),
  };
  await sys.runUntilIdle();
  const reply = sys.replyOf(ids.spin as MessageId);
  const spin = reply === undefined ? 'none' : reply.ok ? 'ok' : reply.code;
  const after = await spinner.value();
  const gas = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, sys.gasOf(id)]));
  return { gas, spin, after, trace: sys.trace() };
}
