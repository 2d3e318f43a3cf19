import { describe, expect, it } from 'vitest';
import { statusBadge } from './status.js';

describe('statusBadge', () => {
  it('shows a message delivered to a user as delivered, not as an error', () => {
    expect(statusBadge('delivered', null)).toEqual({ text: 'delivered', tone: 'ok', rolledBack: false });
  });

  it('shows a message not handled yet as pending, not as an error', () => {
    expect(statusBadge('pending', null)).toEqual({ text: 'pending', tone: 'warn', rolledBack: false });
  });

  it('keeps ok, error codes and rollbacks as they were', () => {
    expect(statusBadge('ok', 'SUCCESS')).toEqual({ text: 'ok', tone: 'ok', rolledBack: false });
    expect(statusBadge(undefined, undefined)).toEqual({ text: 'ok', tone: 'ok', rolledBack: false });
    expect(statusBadge('error', 'HANDLER_FAILED', true)).toEqual({ text: 'HANDLER_FAILED', tone: 'err', rolledBack: true });
    expect(statusBadge('error', null)).toEqual({ text: 'error', tone: 'err', rolledBack: false });
    expect(statusBadge('rolled back', null)).toEqual({ text: 'rolled back', tone: 'err', rolledBack: true });
  });
});
