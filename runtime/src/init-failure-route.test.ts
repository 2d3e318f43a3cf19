import { CallError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Token } from './__fixtures__/actors.js';
import { createTestSystem } from './testing/index.js';

describe('a constructor that throws', () => {
  it('fails with INIT_FAILED on the constructor route (Token.New), as the trace names it, not the method name', async () => {
    const sys = createTestSystem({ seed: 1 });
    const error = await sys.deploy(Token, 'new', [1, 0n]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ code: 'INIT_FAILED', route: 'Token.New', reason: 'each holder needs a positive balance' });
    expect((error as CallError).message).toMatch(/^INIT_FAILED: Token\.New on Token(#\d+)?: each holder needs a positive balance$/);
    expect(sys.trace()).toContain('Token.New');
  });
});
