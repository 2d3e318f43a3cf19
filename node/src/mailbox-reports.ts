// Mailbox deliveries as blocks report them. Mailboxes keep only their newest messages, so a length is no cursor:
// each user's cursor is the newest message already reported.
import type { ActorSystem } from '@sprocket/runtime';
import { type ActorId, toHex } from '@sprocket/sdk';
import type { MailboxView } from './execution-records.js';

/** Per user, the newest mailbox message reported; finds what reached each mailbox since. */
export class MailboxReports {
  private readonly cursor = new Map<ActorId, object>();

  /** Every mailbox counts as reported up to its newest message (after its state was replaced). */
  sync(users: ActorSystem['internals']['users']): void {
    this.cursor.clear();
    for (const [address, user] of users) {
      const newest = user.mailbox.at(-1);
      if (newest !== undefined) this.cursor.set(address, newest);
    }
  }

  /**
   * Users whose mailbox may have dropped messages of the last {@link collect}ed block before they were reported: its
   * previous newest message is gone (or it had none), as when a block brings more messages than a mailbox keeps.
   */
  readonly overflowed = new Set<ActorId>();

  /** The messages that reached users' mailboxes since the last block (a delivery marks its user touched), users in address order. */
  collect(users: ActorSystem['internals']['users'], touched: ReadonlySet<ActorId>): MailboxView[] {
    const out: MailboxView[] = [];
    this.overflowed.clear();
    const receiving: ActorId[] = [];
    for (const address of touched) {
      const newest = users.get(address)?.mailbox.at(-1);
      if (newest !== undefined && newest !== this.cursor.get(address)) receiving.push(address);
    }
    for (const address of receiving.sort()) {
      const box = (users.get(address) as NonNullable<ReturnType<typeof users.get>>).mailbox;
      // New since the last block: after the last one reported. A block that brought more than the mailbox keeps
      // (the runtime's mailboxWindow) reports the ones kept.
      const cursor = this.cursor.get(address);
      let from = box.length;
      while (from > 0 && box[from - 1] !== cursor) from--;
      // The previous newest is gone (or there was none): older messages of this block may have fallen out unreported.
      if (from === 0) this.overflowed.add(address);
      for (let i = from; i < box.length; i++) {
        const m = box[i] as (typeof box)[number];
        out.push({ address, messageId: m.id, from: m.source, payload: toHex(m.payload), value: m.value.toString(), block: m.block });
      }
      this.cursor.set(address, box[box.length - 1] as object);
    }
    return out;
  }
}
