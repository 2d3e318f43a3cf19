import { participants, type Step } from '../trace.js';

const COL = 200;
const TEXT_COL = 560;
const CHAR = 7.3;
const ROW = 40;
const TOP = 46;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A sequence picture of a message's story: lifelines per participant, arrows for messages and replies. */
export function Sequence({ steps, title }: { steps: readonly Step[]; title: string }) {
  const people = participants(steps);
  if (people.length === 0) return <p class="muted">Nothing to draw.</p>;
  const lanes = people.length * COL;
  const width = lanes + TEXT_COL;
  const height = TOP + steps.length * ROW + 20;
  const x = (p: string): number => people.indexOf(p) * COL + COL / 2;
  return (
    <div class="seq-wrap">
      <svg class="sequence" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="seq-title">
        <title id="seq-title">{title}</title>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
          </marker>
          <marker id="arrow-err" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head err" />
          </marker>
        </defs>
        {people.map((p) => (
          <g key={p}>
            <rect x={x(p) - 70} y={4} width={140} height={26} rx={6} class="actor-box" />
            <text x={x(p)} y={21} text-anchor="middle" class="actor-name">
              {clip(p, 18)}
            </text>
            <line x1={x(p)} y1={30} x2={x(p)} y2={height - 6} class="lifeline" />
          </g>
        ))}
        {steps.map((s, i) => {
          const y = TOP + i * ROW + 16;
          if (s.type === 'event' || s.type === 'rollback' || s.type === 'other' || s.from === s.to) {
            const cx = x(s.from || (people[0] as string));
            const cls = s.type === 'rollback' ? 'note rollback' : 'note';
            const label = s.type === 'rollback' ? 'ROLLBACK' : s.type === 'event' ? `event ${s.text}` : s.text;
            return (
              <g key={i}>
                <rect x={cx - 84} y={y - 13} width={168} height={22} rx={4} class={cls} />
                <text x={cx} y={y + 2} text-anchor="middle" class="note-text">
                  <title>{label}</title>
                  {clip(label, 21)}
                </text>
                <Caption y={y} x={lanes} step={s} />
              </g>
            );
          }
          const x1 = x(s.from);
          const x2 = x(s.to);
          const dashed = s.type !== 'message';
          const err = s.type === 'error' || s.type === 'dropped';
          const label = s.type === 'reply' ? `reply ${s.text}` : s.type === 'error' ? `error ${s.text.split(' ')[0]}` : s.text;
          const dir = x2 > x1 ? 1 : -1;
          return (
            <g key={i}>
              <line
                x1={x1 + dir * 4}
                y1={y + 6}
                x2={x2 - dir * 4}
                y2={y + 6}
                class={`msg ${dashed ? 'dashed' : ''} ${err ? 'err' : ''}`}
                marker-end={err ? 'url(#arrow-err)' : 'url(#arrow)'}
              />
              <text x={(x1 + x2) / 2} y={y} text-anchor="middle" class={`msg-text ${err ? 'err' : ''}`}>
                <title>{label}</title>
                {clip(label, Math.max(8, Math.floor((Math.abs(x2 - x1) - 12) / CHAR)))}
              </text>
              <Caption y={y} x={lanes} step={s} />
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** The step's full text in the log column at the right of the lanes. */
function Caption({ x, y, step }: { x: number; y: number; step: Step }) {
  const what =
    step.type === 'message'
      ? `${step.from} → ${step.to}: ${step.text}`
      : step.type === 'reply'
        ? `${step.from} → ${step.to}: reply ${step.text}`
        : step.type === 'error'
          ? `${step.from} → ${step.to}: error ${step.text}`
          : step.type === 'event'
            ? `${step.from}: event ${step.text}`
            : step.type === 'rollback'
              ? `${step.from}: ROLLBACK ${step.text}`
              : step.text;
  return (
    <text x={x + 12} y={y + 4} class={`log-text ${step.type === 'error' || step.type === 'rollback' ? 'err' : ''}`}>
      <title>{what}</title>
      {clip(what, Math.floor((TEXT_COL - 20) / CHAR))}
    </text>
  );
}
