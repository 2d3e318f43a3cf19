import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOC, renderCliReference } from './cli-reference.js';

describe('docs/cli.md', () => {
  it('is the CLI help as it is now (regenerate with `npm run docs:cli`)', async () => {
    const rendered = await renderCliReference();
    expect(rendered).toMatch(/## `sprocket gen`/);
    expect(rendered).toMatch(/## `sprocket init`/);
    // `sprocket node` comes from @sprocket/node: its help must reach the CLI's output too.
    expect(rendered).toMatch(/## `sprocket node`\n\n```text\nusage: sprocket node/);
    expect(readFileSync(CLI_DOC, 'utf8'), 'docs/cli.md is stale: run `npm run docs:cli`').toBe(rendered);
  });
});
