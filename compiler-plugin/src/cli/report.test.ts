import { CallError, ScaleError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { formatCliError, reportable } from './report.js';

describe('formatCliError', () => {
  it('prints `sprocket <command>: <CODE>: <message>`, and a hint line when the error has one', () => {
    expect(formatCliError('call', new CliError('CLI_BAD_JSON', 'no arguments given'))).toBe(
      'sprocket call: CLI_BAD_JSON: no arguments given\n',
    );
    expect(formatCliError('node', new CliError('CLI_NODE_MISSING', 'not installed', { hint: 'npm install @sprocket/node' }))).toBe(
      'sprocket node: CLI_NODE_MISSING: not installed\nhint: npm install @sprocket/node\n',
    );
  });

  it('leaves the command out before one is known, and does not repeat a code the message starts with', () => {
    expect(formatCliError(undefined, new CliError('CLI_USAGE', 'unknown command x'))).toBe('sprocket: CLI_USAGE: unknown command x\n');
    const call = new CallError('HANDLER_FAILED', { actor: '0x01', route: 'Counter.Sub', reason: 'underflow' });
    expect(call.message).toBe('HANDLER_FAILED: Counter.Sub on 0x01: underflow');
    expect(formatCliError('call', call)).toBe('sprocket call: HANDLER_FAILED: Counter.Sub on 0x01: underflow\n');
    expect(formatCliError('decode', new ScaleError('SCALE_TRAILING_BYTES', 'Vault.Batch', '1 trailing byte'))).toBe(
      'sprocket decode: SCALE_TRAILING_BYTES: Vault.Batch: 1 trailing byte\n',
    );
  });

  it('names CLI_FAILED for an error without a code, and escapes control characters of echoed input', () => {
    const bare = new Error('boom \u001b[2J');
    expect(reportable(bare)).toMatchObject({ code: 'CLI_FAILED', cause: bare });
    expect(formatCliError('events', reportable(bare))).toBe('sprocket events: CLI_FAILED: boom \\u001b[2J\n');
    const coded = new CliError('CLI_BAD_JSON', 'x');
    expect(reportable(coded)).toBe(coded);
  });
});
