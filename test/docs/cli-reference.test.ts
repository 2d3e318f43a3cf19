import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOC, commandsOf, renderCliReference } from './cli-reference.js';

describe('docs/cli.md', () => {
  it('is the CLI help as it is now (regenerate with `npm run docs:cli`)', async () => {
    const rendered = await renderCliReference();
    expect(rendered).toMatch(/## `sprocket gen`/);
    expect(rendered).toMatch(/## `sprocket init`/);
    // `sprocket node` comes from @sprocket/node: its help must reach the CLI's output too.
    expect(rendered).toMatch(/## `sprocket node`\n\n```text\nUsage: sprocket node/);
    // Every command of a `call|send|query` line has its own section: their options differ.
    for (const command of ['call', 'send', 'query', 'balance', 'mailbox']) expect(rendered).toContain(`## \`sprocket ${command}\``);
    expect(readFileSync(CLI_DOC, 'utf8'), 'docs/cli.md is stale: run `npm run docs:cli`').toBe(rendered);
  });

  it('reads every command of a line that lists several', () => {
    const main = 'Usage: x\n\nCommands:\n  gen [paths...]   write\n  call|send|query <a>   call\n\nRun more.\n';
    expect(commandsOf(main)).toEqual(['gen', 'call', 'send', 'query']);
  });
});
