// The wire-compatibility guard behind `sprocket gen --check`: compares a committed IDL with the one the
// generator would write now, like a semver checker. Any change to a route, an interface id, an entry id or
// the layout of a type a message carries is a breaking wire change: deployed callers would send bytes the
// new code reads differently (Sails interface ids hash every function, event and type, so even an added
// function changes the id). Changes that leave every byte the same (docs, parameter names) are not.
import { existsSync, readFileSync } from 'node:fs';
import type { FieldDef, TypeDef, TypeRef } from '@sprocket/sdk';
import { isGeneratedText } from '../emit/generated.js';
import { renderType } from '../idl/emitter.js';
import { parseIdl } from '../idl/parser.js';
import type { Manifest, ServiceDef } from '../manifest/types.js';
import { CliError } from './errors.js';
import type { GenerateResult } from './generate.js';
import { formatCliError } from './report.js';

/** One difference between the committed IDL and the new one. */
export interface WireChange {
  /** Whether bytes that meant one thing now mean another (or nothing). */
  readonly breaking: boolean;
  /** What changed, e.g. `Counter: interface id 0x… -> 0x…` or `type Action: variant Jump inserted at index 1`. */
  readonly what: string;
}

function fieldsText(fields: readonly FieldDef[]): string {
  if (fields.length === 0) return '';
  if (fields.every((f) => f.name === undefined)) return `(${fields.map((f) => renderType(f.type)).join(', ')})`;
  return ` { ${fields.map((f) => `${f.name ?? '_'}: ${renderType(f.type)}`).join(', ')} }`;
}

/** The wire layout of a named type, one line (field and variant names kept: they name the JSON form). */
function layoutOf(def: TypeDef): string {
  const params = def.params === undefined || def.params.length === 0 ? '' : `<${def.params.join(', ')}>`;
  if (def.kind === 'struct') return `struct${params}${fieldsText(def.fields) || ' {}'}`;
  return `enum${params} { ${def.variants.map((v) => `${v.name}${fieldsText(v.fields)}`).join(', ')} }`;
}

/** Says how an enum's variant list changed, by position (the SCALE tag is the position). */
function variantChanges(before: TypeDef, after: TypeDef): string[] {
  if (before.kind !== 'enum' || after.kind !== 'enum') return [];
  const old = before.variants.map((v) => v.name);
  const now = after.variants.map((v) => v.name);
  const out: string[] = [];
  now.forEach((name, i) => {
    const was = old.indexOf(name);
    if (was === -1) out.push(`variant ${name} ${i < old.length ? `inserted at index ${i}` : 'added'}`);
    else if (was !== i) out.push(`variant ${name} moved from index ${was} to ${i}`);
  });
  for (const name of old) if (!now.includes(name)) out.push(`variant ${name} removed`);
  return out;
}

function compareTypes(scope: string, before: readonly TypeDef[], after: readonly TypeDef[], out: WireChange[]): void {
  const now = new Map(after.map((t) => [t.name, t]));
  for (const b of before) {
    const a = now.get(b.name);
    if (a === undefined) {
      out.push({ breaking: true, what: `${scope}type ${b.name} removed` });
      continue;
    }
    const lb = layoutOf(b);
    const la = layoutOf(a);
    if (lb === la) continue;
    const detail = variantChanges(b, a);
    out.push({
      breaking: true,
      what: `${scope}type ${b.name}: layout changed${detail.length > 0 ? ` (${detail.join('; ')})` : ''}: ${lb} -> ${la}`,
    });
  }
  const old = new Set(before.map((t) => t.name));
  for (const a of after) if (!old.has(a.name)) out.push({ breaking: false, what: `${scope}type ${a.name} added` });
}

const sig = (params: readonly { type: TypeRef }[]): string => `(${params.map((p) => renderType(p.type)).join(', ')})`;

function compareService(b: ServiceDef, a: ServiceDef, out: WireChange[]): void {
  const s = b.name;
  if (b.interfaceId !== a.interfaceId) out.push({ breaking: true, what: `${s}: interface id ${b.interfaceId} -> ${a.interfaceId}` });
  const fns = new Map(a.functions.map((f) => [f.name, f]));
  for (const f of b.functions) {
    const g = fns.get(f.name);
    if (g === undefined) {
      out.push({ breaking: true, what: `${s}.${f.name} removed` });
      continue;
    }
    if (f.entryId !== g.entryId) out.push({ breaking: true, what: `${s}.${f.name}: entry id ${f.entryId} -> ${g.entryId}` });
    if (sig(f.params) !== sig(g.params))
      out.push({ breaking: true, what: `${s}.${f.name}: parameters ${sig(f.params)} -> ${sig(g.params)}` });
    const rb = renderType(f.returns) + (f.throws === undefined ? '' : ` throws ${renderType(f.throws)}`);
    const ra = renderType(g.returns) + (g.throws === undefined ? '' : ` throws ${renderType(g.throws)}`);
    if (rb !== ra) out.push({ breaking: true, what: `${s}.${f.name}: reply ${rb} -> ${ra}` });
    if (f.kind !== g.kind) out.push({ breaking: false, what: `${s}.${f.name}: ${f.kind} -> ${g.kind}` });
  }
  const old = new Set(b.functions.map((f) => f.name));
  for (const g of a.functions) if (!old.has(g.name)) out.push({ breaking: false, what: `${s}.${g.name} added (entry id ${g.entryId})` });
  const events = new Map(a.events.map((e) => [e.name, e]));
  for (const e of b.events) {
    const f = events.get(e.name);
    if (f === undefined) out.push({ breaking: true, what: `${s} event ${e.name} removed` });
    else {
      if (e.entryId !== f.entryId) out.push({ breaking: true, what: `${s} event ${e.name}: entry id ${e.entryId} -> ${f.entryId}` });
      if (fieldsText(e.fields) !== fieldsText(f.fields)) {
        out.push({
          breaking: true,
          what: `${s} event ${e.name}: payload${fieldsText(e.fields) || ' ()'} -> ${fieldsText(f.fields) || '()'}`,
        });
      }
    }
  }
  const oldEvents = new Set(b.events.map((e) => e.name));
  for (const f of a.events)
    if (!oldEvents.has(f.name)) out.push({ breaking: false, what: `${s} event ${f.name} added (entry id ${f.entryId})` });
  compareTypes(`${s}: `, b.types, a.types, out);
}

/** The wire changes from `before` to `after` (two manifests of one program), breaking ones first. */
export function wireDiff(before: Manifest, after: Manifest): WireChange[] {
  const out: WireChange[] = [];
  const pb = before.program;
  const pa = after.program;
  if (pb !== undefined && pa !== undefined) {
    const ctors = new Map(pa.constructors.map((c) => [c.name, c]));
    for (const c of pb.constructors) {
      const d = ctors.get(c.name);
      if (d === undefined) out.push({ breaking: true, what: `constructor ${c.name} removed` });
      else {
        if (c.entryId !== d.entryId) out.push({ breaking: true, what: `constructor ${c.name}: entry id ${c.entryId} -> ${d.entryId}` });
        if (sig(c.params) !== sig(d.params)) {
          out.push({ breaking: true, what: `constructor ${c.name}: parameters ${sig(c.params)} -> ${sig(d.params)}` });
        }
      }
    }
    const routes = new Map(pa.services.map((e) => [e.name, e.route]));
    for (const e of pb.services) {
      const r = routes.get(e.name);
      if (r === undefined) out.push({ breaking: true, what: `service ${e.name} no longer exported` });
      else if (r !== e.route) out.push({ breaking: true, what: `service ${e.name}: route ${e.route} -> ${r}` });
    }
    compareTypes('', pb.types, pa.types, out);
  }
  const services = new Map(after.services.map((s) => [s.name, s]));
  for (const s of before.services) {
    const t = services.get(s.name);
    if (t === undefined) out.push({ breaking: true, what: `service ${s.name} removed` });
    else compareService(s, t, out);
  }
  const old = new Set(before.services.map((s) => s.name));
  for (const t of after.services) if (!old.has(t.name)) out.push({ breaking: false, what: `service ${t.name} added` });
  return [...out.filter((c) => c.breaking), ...out.filter((c) => !c.breaking)];
}

/** The wire changes between two IDL texts; a committed IDL that does not parse is reported as one breaking change. */
export function idlWireDiff(committed: string, next: string, file: string): WireChange[] {
  let before: Manifest;
  try {
    before = parseIdl(committed, file);
  } catch (error) {
    return [{ breaking: true, what: `the committed IDL does not parse (${error instanceof Error ? error.message : String(error)})` }];
  }
  return wireDiff(before, parseIdl(next, file));
}

/**
 * The warning for a generated IDL file replaced with a breaking wire change by a tool that writes as you edit
 * (the vitest plugin, `gen --watch`), where nothing refuses it; undefined when the change keeps every byte.
 */
export function breakingReplacement(who: string, shownPath: string, previous: string, next: string): string | undefined {
  if (!shownPath.endsWith('.idl') || !isGeneratedText(previous)) return undefined;
  const changes = idlWireDiff(previous, next, shownPath);
  if (!changes.some((c) => c.breaking)) return undefined;
  // The compatible changes stay listed: an added function is what moved the entry ids and the interface id.
  return (
    `${who}: ${shownPath}: wrote a breaking wire change (\`sprocket gen\` would refuse it without --allow-breaking):\n` +
    changes.map((c) => `  ${c.breaking ? '' : 'compatible: '}${c.what}\n`).join('') +
    'deployed callers encode these messages differently: if the old IDL is deployed, undo the change or deploy this as a new program'
  );
}

/** Where `gen` prints: the part of the CLI's io this needs. */
export interface WireIo {
  stderr(text: string): void;
}

/**
 * Prints the wire changes of the stale IDL files of `result` against the files on disk (the committed IDL);
 * true if one is breaking. A file with a breaking change lists its compatible ones too; `all` also prints files
 * whose changes are all compatible (gen --check shows everything that changed).
 */
export function reportWireChanges(
  result: GenerateResult,
  rel: (p: string) => string,
  io: WireIo,
  all: boolean,
  accept = 'sprocket gen --allow-breaking',
): boolean {
  let breaking = false;
  for (const out of result.outputs) {
    if (!out.path.endsWith('.idl') || !result.changed.includes(out.path) || !existsSync(out.path)) continue;
    const committed = readFileSync(out.path, 'utf8');
    // A file the generator did not write is not replaced at all (the write reports it): nothing to compare.
    if (!isGeneratedText(committed)) continue;
    const changes = idlWireDiff(committed, out.content, rel(out.path));
    // A refusal lists the compatible changes too: an added function is the cause of the ids it moves.
    if (changes.length === 0 || (!all && !changes.some((c) => c.breaking))) continue;
    io.stderr(`${rel(out.path)}: wire changes against the committed IDL:\n`);
    for (const c of changes) io.stderr(`  ${c.breaking ? 'breaking wire change' : 'compatible'}: ${c.what}\n`);
    if (changes.some((c) => c.breaking)) breaking = true;
  }
  if (breaking) {
    io.stderr(
      formatCliError(
        'gen',
        new CliError('CLI_BREAKING_CHANGE', 'deployed callers encode these messages differently: deploy the change as a new program', {
          hint: `if nothing depends on the old IDL yet (not deployed, or you will deploy again), accept it: \`${accept}\``,
        }),
      ),
    );
  }
  return breaking;
}
