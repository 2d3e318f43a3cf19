// The story of a message as steps of a sequence picture: from `message_get.story`, else parsed from the node's
// `dev_trace` text (the test kit's trace lines), else built from the message view.
import type { StoryStep } from './types.js';

/** One step of a sequence picture. */
export interface Step {
  readonly type: 'message' | 'reply' | 'error' | 'event' | 'rollback' | 'mailbox' | 'dropped' | 'other';
  readonly block?: number;
  readonly messageId?: string;
  readonly from: string;
  /** Receiver; for events and rollbacks the same as `from`. */
  readonly to: string;
  /** Route, event name, reply JSON or error code with reason: the arrow's caption. */
  readonly text: string;
  /** The message whose handler sent this one (story steps of sent messages). */
  readonly causeId?: string;
}

function json(v: unknown): string {
  return JSON.stringify(v) ?? '';
}

/** A step of the node's story as a step of the picture. */
export function stepOfStory(s: StoryStep): Step {
  const base = { block: s.block, messageId: s.messageId, ...(s.causeId === undefined ? {} : { causeId: s.causeId }) };
  const value = s.value !== undefined ? ` value=${s.value}` : '';
  switch (s.type) {
    case 'message':
      return {
        ...base,
        type: 'message',
        from: s.from,
        to: s.to,
        text: `${s.route ?? 'message'}${s.json !== undefined ? json(s.json) : ''}${value}`,
      };
    case 'reply':
      return { ...base, type: 'reply', from: s.from, to: s.to, text: s.json !== undefined ? json(s.json) : 'ok' };
    case 'error-reply':
    case 'timeout':
      return {
        ...base,
        type: 'error',
        from: s.from,
        to: s.to,
        text: `${s.code ?? 'error'}${s.route ? ` (${s.route})` : ''}: ${s.reason ?? ''}`,
      };
    case 'event':
      return {
        ...base,
        type: 'event',
        from: s.from,
        to: s.from,
        text: `${s.route ?? 'event'}${s.json === undefined || s.json === null ? '' : `(${json(s.json)})`}`,
      };
    case 'rollback':
      return {
        ...base,
        type: 'rollback',
        from: s.to,
        to: s.to,
        text: `${s.route ?? ''}: ${s.code ?? ''} ${s.reason ?? ''}${s.text.includes('after an await') ? ' (after an await: earlier segments stayed committed)' : ''}`.trim(),
      };
    case 'mailbox':
      return { ...base, type: 'mailbox', from: s.from, to: s.to, text: `mailbox${value}` };
    case 'dropped':
      return { ...base, type: 'dropped', from: s.from, to: s.to, text: 'late reply dropped' };
    default:
      return { ...base, type: 'other', from: '', to: '', text: (s as StoryStep).text };
  }
}

const HEAD = /^\[b(\d+) ([^\]]+)\] (.*)$/;

/** Parses one trace line (`[b3 0x1234…abcd] alice -> Counter#1 Counter.Add[2]`). */
export function parseTraceLine(line: string): Step | undefined {
  const m = HEAD.exec(line.trim());
  if (m === null) return undefined;
  const block = Number(m[1]);
  const messageId = m[2] as string;
  const rest = m[3] as string;
  const base = { block, messageId };
  let r = /^(\S+) -> (\S+) reply (.*)$/.exec(rest);
  if (r !== null) return { ...base, type: 'reply', from: r[1] as string, to: r[2] as string, text: r[3] as string };
  r = /^(\S+) -> (\S+) error (.*)$/.exec(rest);
  if (r !== null) return { ...base, type: 'error', from: r[1] as string, to: r[2] as string, text: r[3] as string };
  r = /^(\S+) -> (\S+) mailbox (.*)$/.exec(rest);
  if (r !== null) return { ...base, type: 'mailbox', from: r[1] as string, to: r[2] as string, text: `mailbox ${r[3]}` };
  r = /^(\S+) -> (\S+) late reply dropped$/.exec(rest);
  if (r !== null) return { ...base, type: 'dropped', from: r[1] as string, to: r[2] as string, text: 'late reply dropped' };
  r = /^(\S+) -> (\S+) (.*)$/.exec(rest);
  if (r !== null) return { ...base, type: 'message', from: r[1] as string, to: r[2] as string, text: r[3] as string };
  r = /^(\S+) event (.*)$/.exec(rest);
  if (r !== null) return { ...base, type: 'event', from: r[1] as string, to: r[1] as string, text: r[2] as string };
  r = /^(\S+) ROLLBACK ?(.*)$/.exec(rest);
  if (r !== null) return { ...base, type: 'rollback', from: r[1] as string, to: r[1] as string, text: r[2] as string };
  return { ...base, type: 'other', from: '', to: '', text: rest };
}

/** Parses the trace text into steps (lines that are not trace lines are skipped). */
export function parseTrace(text: string): Step[] {
  const out: Step[] = [];
  for (const line of text.split('\n')) {
    const s = parseTraceLine(line);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** The participants of a story in order of appearance. */
export function participants(steps: readonly Step[]): string[] {
  const out: string[] = [];
  for (const s of steps) for (const p of [s.from, s.to]) if (p !== '' && !out.includes(p)) out.push(p);
  return out;
}
