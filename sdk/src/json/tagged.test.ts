// The TypeScript shape of a tagged union is accepted wherever JSON is read; a refused value shows the JSON form.
import { describe, expect, it } from 'vitest';
import { enumTagged } from '../scale/enum.js';
import { i32, str } from '../scale/primitives.js';
import { checkJson, Type } from './index.js';
import { kindToJsonForm } from './tagged.js';

// Shaped like the schema the generator emits for `{kind:'Noop'} | {kind:'Move'; x; y} | {kind:'Say'; value: string}`.
const I32 = Type.Integer({ minimum: -2147483648, maximum: 2147483647 });
const ACTION = Type.Union([
  Type.Literal('Noop'),
  Type.Object({ Move: Type.Object({ x: I32, y: I32 }, { additionalProperties: false }) }, { additionalProperties: false }),
  Type.Object({ Say: Type.String() }, { additionalProperties: false }),
]);
const action = enumTagged('Action', [
  { name: 'Noop', fields: [] },
  {
    name: 'Move',
    fields: [
      ['x', i32],
      ['y', i32],
    ],
  },
  { name: 'Say', fields: [str] },
] as const);

describe('tagged unions in JSON', () => {
  it('accepts {kind: …} besides {"Name": …} in checkJson and fromJson, with the same value', () => {
    for (const [ts, json] of [
      [{ kind: 'Move', x: 1, y: -2 }, { Move: { x: 1, y: -2 } }],
      [{ kind: 'Say', value: 'hi' }, { Say: 'hi' }],
      [{ kind: 'Noop' }, 'Noop'],
    ] as const) {
      expect(() => checkJson(ACTION, ts, 'Bot.Act.action')).not.toThrow();
      expect(kindToJsonForm(ts)).toEqual(json);
      expect(action.fromJson(ts, 'Bot.Act.action')).toEqual(action.fromJson(json, 'Bot.Act.action'));
    }
    expect(() => checkJson(Type.Array(ACTION), [{ kind: 'Move', x: 1, y: 2 }, 'Noop'], 'Bot.Batch.actions')).not.toThrow();
  });

  it('shows the JSON form expected when a value is refused', () => {
    expect(() => checkJson(ACTION, { kind: 'Jump', x: 1 }, 'Bot.Act.action')).toThrow(
      'expected "Noop" | {"Move": {"x": …, "y": …}} | {"Say": …}',
    );
    expect(() => action.fromJson({ Jump: {} }, 'Bot.Act.action')).toThrow(
      'Action expects "Noop" | {"Move": {"x": …, "y": …}} | {"Say": …} (or {"kind": "Noop", "Move", "Say", …})',
    );
    expect(() => action.fromJson({ kind: 'Move', x: 1 }, 'Bot.Act.action')).toThrow(/Bot\.Act\.action\.Move/);
  });
});
