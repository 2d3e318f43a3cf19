import type { ActorSystem, MailboxMessage } from '@sprocket/runtime';
import type { ActorId, MessageId } from '@sprocket/sdk';
import { expect, it } from 'vitest';
import { MailboxReports } from './mailbox-reports.js';

const A = `0x${'aa'.repeat(32)}` as ActorId;
const B = `0x${'bb'.repeat(32)}` as ActorId;
const mail = (n: number): MailboxMessage => ({
  id: `0x${n.toString(16).padStart(64, '0')}` as MessageId,
  source: A,
  payload: new Uint8Array([n]),
  value: 0n,
  block: n,
});

it('names the users whose mailbox dropped messages of a block before they were reported', () => {
  const box: MailboxMessage[] = [mail(1)];
  const users = new Map([[B, { id: B, name: 'b', balance: 0n, mailbox: box }]]) as ActorSystem['internals']['users'];
  const reports = new MailboxReports();
  reports.sync(users);
  box.push(mail(2));
  expect(reports.collect(users, new Set([B])).map((v) => v.block)).toEqual([2]);
  expect([...reports.overflowed]).toEqual([]);
  // Three more arrive in one block, and a mailbox of two keeps only the newest.
  const fifth = mail(5);
  box.splice(0, box.length, mail(4), fifth);
  expect(reports.collect(users, new Set([B])).map((v) => v.block)).toEqual([4, 5]);
  expect([...reports.overflowed]).toEqual([B]);
  box.splice(0, box.length, fifth, mail(6));
  expect(reports.collect(users, new Set([B])).map((v) => v.block)).toEqual([6]);
  expect([...reports.overflowed]).toEqual([]);
});
