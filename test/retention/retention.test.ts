// Nothing is retained per handled message beyond bounded windows, whatever the message does: each pattern of
// storm.ts (sends and calls from users and actors, failures, queries, mailboxes, events, sleeps, delayed sends,
// exclusive turns, messages to users and to no one) handles 60,000 messages after a warm-up that fills every window,
// in a process of its own with --expose-gc.
// A record kept per message costs 100 bytes or more (a mailbox message about 330), so 32 bytes separates a
// leak from the noise of a heap measurement.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const STORM = fileURLToPath(new URL('./storm.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('every message pattern retains less than 32 bytes per message', () => {
  const run = spawnSync(process.execPath, ['--expose-gc', '--conditions=@sprocket/source', '--import', 'tsx', STORM], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.test.json' },
    timeout: 240_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const perMessage = JSON.parse(run.stdout) as Record<string, number>;
  expect(Object.keys(perMessage)).toEqual([
    'user send',
    'user call',
    'failing send',
    'failing call',
    'to a mailbox',
    'event',
    'sleep',
    'delayed send',
    'actor call',
    'query',
    'refused',
    'call timeout',
    'with value',
    'actor failing call',
    'actor query',
    'exclusive turns',
    'user delayed send',
    'user to user',
    'to nobody',
    'subscribed',
  ]);
  for (const [pattern, bytes] of Object.entries(perMessage)) expect({ pattern, bytes: bytes < 32 }).toEqual({ pattern, bytes: true });
}, 300_000);
