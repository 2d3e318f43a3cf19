// The `sprocket` verbs that talk to a node (deploy, call, send, query, events, balance, mailbox).
export type { CliMachinery, NetTarget } from './messages.js';
export { NET_SUMMARY, NET_USAGE } from './usage.js';
export { NET_VERBS, runNetVerb } from './verbs.js';
