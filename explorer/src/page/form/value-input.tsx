import type { TypeRef, TypeTable } from '@sprocket/sdk';
import { formatTypeExpr } from '@sprocket/sdk';
import { type Draft, fieldsDraft, initialDraft, mapRowDraft, shapeOf } from './draft.js';

/** Props of {@link ValueInput}. */
export interface ValueInputProps {
  readonly type: TypeRef;
  readonly draft: Draft;
  readonly types: TypeTable;
  readonly label: string;
  /** A unique id prefix for the inputs (labels point at it). */
  readonly id: string;
  /** Called after the draft changed in place. */
  readonly onChange: () => void;
}

const PLACEHOLDER: Readonly<Record<string, string>> = {
  ActorId: '0x + 64 hex digits',
  CodeId: '0x + 64 hex digits',
  MessageId: '0x + 64 hex digits',
  H256: '0x + 64 hex digits',
};

function typeText(type: TypeRef): string {
  try {
    return formatTypeExpr(type);
  } catch {
    return type.kind;
  }
}

function TypeTag({ type }: { type: TypeRef }) {
  return <span class="type-tag">{typeText(type)}</span>;
}

/** A typed input for one value of any wire type, editing its draft in place. */
export function ValueInput(props: ValueInputProps) {
  const { type, draft, types, label, id, onChange } = props;
  const s = shapeOf(type, types);
  switch (s.kind) {
    case 'int':
    case 'string':
    case 'id':
    case 'bytes':
    case 'unknown': {
      if (draft.t !== 'text') return null;
      const placeholder =
        s.kind === 'int'
          ? `${s.name}${s.wide ? ' (decimal)' : ''}`
          : s.kind === 'id'
            ? (PLACEHOLDER[s.name] ?? '0x…')
            : s.kind === 'bytes'
              ? s.length !== undefined
                ? `0x + ${s.length * 2} hex digits`
                : '0x hex bytes'
              : '';
      return (
        <div class="field">
          <label for={id}>
            {label} <TypeTag type={type} />
          </label>
          <input
            id={id}
            name={id}
            type="text"
            inputMode={s.kind === 'int' ? 'numeric' : undefined}
            autoComplete="off"
            spellcheck={false}
            placeholder={placeholder}
            value={draft.v}
            onInput={(e) => {
              draft.v = (e.currentTarget as HTMLInputElement).value;
              onChange();
            }}
          />
          {s.kind === 'unknown' ? <small class="error">{s.reason}</small> : null}
        </div>
      );
    }
    case 'bool':
      if (draft.t !== 'bool') return null;
      return (
        <div class="field check">
          <input
            id={id}
            type="checkbox"
            checked={draft.v}
            onChange={(e) => {
              draft.v = (e.currentTarget as HTMLInputElement).checked;
              onChange();
            }}
          />
          <label for={id}>
            {label} <TypeTag type={type} />
          </label>
        </div>
      );
    case 'unit':
      return null;
    case 'option': {
      if (draft.t !== 'option') return null;
      return (
        <fieldset class="group">
          <legend>
            {label} <TypeTag type={type} />
          </legend>
          <div class="field check">
            <input
              id={`${id}-some`}
              type="checkbox"
              checked={draft.some}
              onChange={(e) => {
                draft.some = (e.currentTarget as HTMLInputElement).checked;
                if (draft.some && draft.v === undefined) draft.v = initialDraft(s.some, types);
                onChange();
              }}
            />
            <label for={`${id}-some`}>{label}: set a value (unchecked: none)</label>
          </div>
          {draft.some && draft.v !== undefined ? (
            <ValueInput type={s.some} draft={draft.v} types={types} label={`${label} value`} id={`${id}-v`} onChange={onChange} />
          ) : null}
        </fieldset>
      );
    }
    case 'result': {
      if (draft.t !== 'result') return null;
      if (draft.ok && draft.okV === undefined) draft.okV = initialDraft(s.ok, types);
      if (!draft.ok && draft.errV === undefined) draft.errV = initialDraft(s.err, types);
      const inner = (draft.ok ? draft.okV : draft.errV) as Draft;
      return (
        <fieldset class="group">
          <legend>
            {label} <TypeTag type={type} />
          </legend>
          <div class="field">
            <label for={`${id}-tag`}>{label}: ok or err</label>
            <select
              id={`${id}-tag`}
              value={draft.ok ? 'ok' : 'err'}
              onChange={(e) => {
                draft.ok = (e.currentTarget as HTMLSelectElement).value === 'ok';
                onChange();
              }}
            >
              <option value="ok">ok</option>
              <option value="err">err</option>
            </select>
          </div>
          <ValueInput
            type={draft.ok ? s.ok : s.err}
            draft={inner}
            types={types}
            label={`${label} ${draft.ok ? 'ok' : 'err'}`}
            id={`${id}-${draft.ok ? 'ok' : 'err'}`}
            onChange={onChange}
          />
        </fieldset>
      );
    }
    case 'vec':
    case 'map': {
      if (draft.t !== 'list') return null;
      const add = () => {
        draft.items.push(s.kind === 'vec' ? initialDraft(s.item, types) : mapRowDraft(s.key, s.value, types));
        onChange();
      };
      return (
        <fieldset class="group">
          <legend>
            {label} <TypeTag type={type} />{' '}
            <span class="muted">
              ({draft.items.length} item{draft.items.length === 1 ? '' : 's'})
            </span>
          </legend>
          <ol class="items">
            {draft.items.map((item, i) => (
              <li key={i}>
                {s.kind === 'vec' ? (
                  <ValueInput type={s.item} draft={item} types={types} label={`${label}[${i}]`} id={`${id}-${i}`} onChange={onChange} />
                ) : item.t === 'fixed' ? (
                  <div class="pair">
                    <ValueInput
                      type={s.key}
                      draft={item.items[0] as Draft}
                      types={types}
                      label={`${label}[${i}] key`}
                      id={`${id}-${i}-k`}
                      onChange={onChange}
                    />
                    <ValueInput
                      type={s.value}
                      draft={item.items[1] as Draft}
                      types={types}
                      label={`${label}[${i}] value`}
                      id={`${id}-${i}-v`}
                      onChange={onChange}
                    />
                  </div>
                ) : null}
                <button
                  type="button"
                  class="small secondary"
                  aria-label={`Remove ${label}[${i}]`}
                  onClick={() => {
                    draft.items.splice(i, 1);
                    onChange();
                  }}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <button type="button" class="small secondary" onClick={add} aria-label={`Add an item to ${label}`}>
            + Add {s.kind === 'map' ? 'entry' : 'item'}
          </button>
        </fieldset>
      );
    }
    case 'tuple': {
      if (draft.t !== 'fixed') return null;
      return (
        <fieldset class="group">
          <legend>
            {label} <TypeTag type={type} />
          </legend>
          {s.items.map((t, i) => (
            <ValueInput
              key={i}
              type={t}
              draft={draft.items[i] as Draft}
              types={types}
              label={`${label}[${i}]`}
              id={`${id}-${i}`}
              onChange={onChange}
            />
          ))}
        </fieldset>
      );
    }
    case 'struct':
      return (
        <fieldset class="group">
          <legend>
            {label} <TypeTag type={type} />
          </legend>
          <Fields fields={s.fields} draft={draft} types={types} label={label} id={id} onChange={onChange} />
        </fieldset>
      );
    case 'enum': {
      if (draft.t !== 'enum') return null;
      const variant = s.variants.find((v) => v.name === draft.variant);
      return (
        <fieldset class="group">
          <legend>
            {label} <TypeTag type={type} />
          </legend>
          <div class="field">
            <label for={`${id}-variant`}>{label}: variant</label>
            <select
              id={`${id}-variant`}
              value={draft.variant}
              onChange={(e) => {
                draft.variant = (e.currentTarget as HTMLSelectElement).value;
                const v = s.variants.find((x) => x.name === draft.variant);
                draft.v = v === undefined ? undefined : fieldsDraft(v.fields, types, 0);
                onChange();
              }}
            >
              {s.variants.map((v) => (
                <option key={v.name} value={v.name}>
                  {v.name}
                </option>
              ))}
            </select>
          </div>
          {variant !== undefined && variant.fields.length > 0 && draft.v !== undefined ? (
            <Fields
              fields={variant.fields}
              draft={draft.v}
              types={types}
              label={`${label}.${variant.name}`}
              id={`${id}-${variant.name}`}
              onChange={onChange}
            />
          ) : null}
        </fieldset>
      );
    }
  }
}

function Fields({
  fields,
  draft,
  types,
  label,
  id,
  onChange,
}: {
  fields: readonly { readonly name?: string; readonly type: TypeRef }[];
  draft: Draft;
  types: TypeTable;
  label: string;
  id: string;
  onChange: () => void;
}) {
  if (draft.t === 'struct')
    return (
      <>
        {fields.map((f) => (
          <ValueInput
            key={f.name}
            type={f.type}
            draft={draft.fields[f.name as string] as Draft}
            types={types}
            label={`${label}.${f.name}`}
            id={`${id}-${f.name}`}
            onChange={onChange}
          />
        ))}
      </>
    );
  if (draft.t === 'fixed')
    return (
      <>
        {fields.map((f, i) => (
          <ValueInput
            key={i}
            type={f.type}
            draft={draft.items[i] as Draft}
            types={types}
            label={`${label}[${i}]`}
            id={`${id}-${i}`}
            onChange={onChange}
          />
        ))}
      </>
    );
  return null;
}
