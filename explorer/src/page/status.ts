// What a message's status badge says: ok, delivered (a message to a user, which gets no reply), pending, an error code,
// rolled back. Kept apart from the view so that it can be tested without a page.

/** A badge's colour class. */
export type BadgeTone = 'ok' | 'warn' | 'err';

/** The badge of a status: its text and tone, and whether a "rolled back" badge goes beside it. */
export interface StatusBadge {
  readonly text: string;
  readonly tone: BadgeTone;
  readonly rolledBack: boolean;
}

/** The badge of a message view's `status` and `replyCode` (a node's, or another node's spelling of them). */
export function statusBadge(status: string | undefined, code: string | null | undefined, rolledBack = false): StatusBadge {
  const s = (status ?? '').toLowerCase();
  const rb = rolledBack === true || s.includes('rolled') || s.includes('rollback');
  const noCode = code === undefined || code === null || code === '' || code === 'OK' || code === 'SUCCESS';
  if (!rb && noCode) {
    if (s === '' || s === 'ok' || s === 'success' || s === 'replied' || s === 'done') return { text: 'ok', tone: 'ok', rolledBack: false };
    // A message to a user reached its mailbox: no reply ever comes, and none is missing.
    if (s === 'delivered') return { text: 'delivered', tone: 'ok', rolledBack: false };
    // Not handled yet: neither a success nor a failure.
    if (s === 'pending') return { text: 'pending', tone: 'warn', rolledBack: false };
  }
  const text = code !== undefined && code !== null && code !== '' ? code : s || 'error';
  return { text, tone: 'err', rolledBack: rb };
}
