// The definition constants of one service's messages: `GeneratedFunction`, `GeneratedEvent` and
// `GeneratedConstructor` entries with their straight-line encoders and decoders (header ‖ SCALE body), their
// JSON converters and, for `throws` entries, their error codecs.
import type { FieldDef, TypeRef } from '@sprocket/sdk';
import type { EventDef, FunctionDef, ParamDef } from '../manifest/types.js';
import type { EmitContext } from './emit-context.js';
import type { ModelConstructor, ModelService } from './model.js';
import { propAccess, propKey, q } from './names.js';

/** An inherited function or event: the base service whose interface id goes on the wire. */
export interface BaseOf {
  readonly name: string;
  readonly interfaceId: string;
}

/** Whether a type is the unit `()`. */
const isUnit = (t: TypeRef): boolean => t.kind === 'tuple' && t.items.length === 0;

/**
 * The first and last statements of a message encoder. A message whose values all have a fixed size is written
 * straight into a buffer of exactly its size (`$F.beginWith` a copy of its header template … `take`: no copy at the end); any other goes through
 * the shared writer and is copied out of it.
 */
function messageWriter(cx: EmitContext, types: readonly TypeRef[], header: string, ind: string): { open: string[]; close: string } {
  let size = 16;
  for (const t of types) {
    const n = cx.codecs.fixedSize(t);
    if (n === undefined) {
      return { open: [`${ind}const w = $W;`, `${ind}w.reset();`, `${ind}w.raw(${header});`], close: `${ind}return w.finish();` };
    }
    size += n;
  }
  return { open: [`${ind}const w = $F.beginWith(${cx.template(header, size)}, 16);`], close: `${ind}return w.take();` };
}

/** Statements encoding `args` (an array) after the header. */
function encodeArgsBody(cx: EmitContext, params: readonly ParamDef[], path: string, header: string): string {
  const out: string[] = [];
  const scope = { n: 0 };
  const ind = '    ';
  const writer = messageWriter(
    cx,
    params.map((p) => p.type),
    header,
    ind,
  );
  out.push(`${ind}if (args.length !== ${params.length}) throw $argc(${q(path)}, ${params.length}, args.length);`);
  out.push(...writer.open);
  params.forEach((p, i) => {
    cx.codecs.enc(p.type, `args[${i}]`, `${path}.${p.name}`, out, ind, scope);
  });
  out.push(writer.close);
  return out.join('\n');
}

/** Statements decoding a message's arguments (after the header) into an array. */
function decodeArgsBody(cx: EmitContext, params: readonly ParamDef[], path: string): string {
  const out: string[] = [];
  const scope = { n: 0 };
  const ind = '    ';
  const xs = params.map((p) => cx.codecs.decInto(p.type, `${path}.${p.name}`, out, ind, scope));
  out.push(`${ind}r.end(${q(path)});`, `${ind}return [${xs.join(', ')}];`);
  return out.join('\n');
}

/** `argsToJson` / `argsFromJson` members of a function or constructor entry. */
function argsJson(cx: EmitContext, params: readonly ParamDef[], path: string): string[] {
  const to = `argsToJson: (${params.length === 0 ? '_args' : 'args'}: readonly any[]): unknown => [${params.map((p, i) => `${cx.v('codecFromType')}(${cx.ref(p.type)}, $TYPES).toJson(args[${i}], ${q(`${path}.${p.name}`)})`).join(', ')}],`;
  const from: string[] = [
    `argsFromJson(json: unknown): any[] {`,
    params.length === 0 ? `    $jsonArgs(json, 0, ${q(path)});` : `    const a = $jsonArgs(json, ${params.length}, ${q(path)});`,
  ];
  params.forEach((p, i) => {
    from.push(`    ${cx.v('checkJson')}(${cx.schemas.of(p.type)}, a[${i}], ${q(`${path}.${p.name}`)});`);
  });
  from.push(
    `    return [${params.map((p, i) => `codecFromType(${cx.ref(p.type)}, $TYPES).fromJson(a[${i}], ${q(`${path}.${p.name}`)})`).join(', ')}];`,
    '},',
  );
  return [to, ...from];
}

/** Adds the `GeneratedFunction` constant `name` of a service function (inherited from `base` when given). */
export function functionConst(cx: EmitContext, svc: ModelService, fn: FunctionDef, name: string, base?: BaseOf): void {
  const path = `${svc.name}.${fn.name}`;
  const h = cx.header(base?.interfaceId ?? svc.def.interfaceId, fn.entryId, svc.route);
  const reply = fn.returns;
  const unit = isUnit(reply);
  const encReply: string[] = [];
  const scope = { n: 0 };
  cx.codecs.enc(reply, 'v', `${path}.reply`, encReply, '    ', scope);
  const decReply: string[] = [];
  const x = cx.codecs.decInto(reply, `${path}.reply`, decReply, '    ', { n: 0 });
  cx.v('ScaleReader');
  // A unit result replies with an empty payload (Sails sends no reply of its own; Gear's auto-reply is empty);
  // a header-only reply is accepted too. (Its writer is made only when used: it may declare a template constant.)
  const replyWriter = unit ? undefined : messageWriter(cx, [reply], h, '    ');
  const encodeReply =
    replyWriter === undefined
      ? ['  encodeReply(_v: any): Uint8Array {', `    return ${cx.v('EMPTY_REPLY')};`, '  },']
      : ['  encodeReply(v: any): Uint8Array {', ...replyWriter.open, ...encReply, replyWriter.close, '  },'];
  const decodeReply = [
    '  decodeReply(payload: Uint8Array): any {',
    ...(unit ? ['    if (payload.length === 0) return undefined;'] : []),
    '    const r = new ScaleReader(payload);',
    `    $hdr(r, ${h}, ${q(path)});`,
    ...decReply,
    `    r.end(${q(`${path}.reply`)});`,
    `    return ${x};`,
    '  },',
  ];
  const errors = fn.throws === undefined ? [] : errorMembers(cx, fn.throws, h, path);
  cx.addDef(
    [
      `const ${name}: ${cx.t('GeneratedFunction')} = {`,
      `  name: ${q(fn.name)},`,
      `  method: ${q(fn.method)},`,
      `  entryId: ${fn.entryId},`,
      ...(base === undefined ? [] : [`  interfaceId: ${q(base.interfaceId)},`]),
      `  kind: ${q(fn.kind)},`,
      `  payable: ${fn.payable},`,
      `  arity: ${fn.params.length},`,
      ...(fn.methodLength === undefined ? [] : [`  methodLength: ${fn.methodLength},`]),
      `  encodeCall(args: readonly any[]): Uint8Array {`,
      encodeArgsBody(cx, fn.params, path, h),
      '  },',
      `  decodeArgs(r: ScaleReader): any[] {`,
      decodeArgsBody(cx, fn.params, path),
      '  },',
      ...encodeReply,
      ...decodeReply,
      ...argsJson(cx, fn.params, path).map((l) => (l.startsWith('    ') ? l : `  ${l}`)),
      `  replyToJson: (v: any): unknown => ${cx.v('codecFromType')}(${cx.ref(reply)}, $TYPES).toJson(v, ${q(`${path}.reply`)}),`,
      ...errors,
      '};',
    ].join('\n'),
  );
}

/** Adds the `GeneratedEvent` constant `name` of a service event (inherited from `base` when given). */
export function eventConst(cx: EmitContext, svc: ModelService, ev: EventDef, name: string, base?: BaseOf): void {
  const path = `${svc.name}.${ev.name}`;
  const h = cx.header(base?.interfaceId ?? svc.def.interfaceId, ev.entryId, svc.route);
  const enc: string[] = [];
  const dec: string[] = [];
  const es = { n: 0 };
  const ds = { n: 0 };
  const ind = '    ';
  const fs = ev.fields;
  let result: string;
  let toJson: string;
  if (fs.length === 0) {
    result = 'undefined';
    toJson = 'null';
  } else if (fs.every((f) => f.name !== undefined)) {
    enc.push(`${ind}if (typeof v !== 'object' || v === null) throw $bad('SCALE_BAD_VALUE', ${q(path)}, 'an object', v);`);
    const parts: string[] = [];
    const json: string[] = [];
    for (const f of fs) {
      const fname = f.name as string;
      cx.codecs.enc(f.type, propAccess('v', fname), `${path}.${fname}`, enc, ind, es);
      parts.push(`${propKey(fname)}: ${cx.codecs.decInto(f.type, `${path}.${fname}`, dec, ind, ds)}`);
      json.push(`${propKey(fname)}: codecFromType(${cx.ref(f.type)}, $TYPES).toJson(${propAccess('v', fname)}, ${q(`${path}.${fname}`)})`);
    }
    result = `{ ${parts.join(', ')} }`;
    toJson = `({ ${json.join(', ')} })`;
  } else {
    const ref: TypeRef = fs.length === 1 ? (fs[0] as FieldDef).type : { kind: 'tuple', items: fs.map((f) => f.type) };
    cx.codecs.enc(ref, 'v', path, enc, ind, es);
    result = cx.codecs.decInto(ref, path, dec, ind, ds);
    toJson = `codecFromType(${cx.ref(ref)}, $TYPES).toJson(v, ${q(path)})`;
  }
  cx.v('codecFromType');
  const eventWriter = messageWriter(
    cx,
    fs.map((f) => f.type),
    h,
    ind,
  );
  cx.addDef(
    [
      `const ${name}: ${cx.t('GeneratedEvent')} = {`,
      `  name: ${q(ev.name)},`,
      `  entryId: ${ev.entryId},`,
      ...(base === undefined ? [] : [`  interfaceId: ${q(base.interfaceId)},`]),
      `  encode(${enc.length === 0 ? '_v' : 'v'}: any): Uint8Array {`,
      ...eventWriter.open,
      ...enc,
      eventWriter.close,
      '  },',
      `  decodeFields(r: ScaleReader): any {`,
      ...dec,
      `    r.end(${q(path)});`,
      `    return ${result};`,
      '  },',
      `  toJson: (${fs.length === 0 ? '_v' : 'v'}: any): unknown => ${toJson},`,
      '};',
    ].join('\n'),
  );
}

/** `encodeError` / `decodeError` / `errorToJson` of a `throws E` entry: its error payload is header ‖ SCALE(E). */
function errorMembers(cx: EmitContext, throws: TypeRef, h: string, path: string): string[] {
  const encErr: string[] = [];
  cx.codecs.enc(throws, 'e', `${path}.error`, encErr, '    ', { n: 0 });
  const decErr: string[] = [];
  const xe = cx.codecs.decInto(throws, `${path}.error`, decErr, '    ', { n: 0 });
  const errWriter = messageWriter(cx, [throws], h, '    ');
  return [
    `  encodeError(${encErr.length === 0 ? '_e' : 'e'}: any): Uint8Array {`,
    ...errWriter.open,
    ...encErr,
    errWriter.close,
    '  },',
    '  decodeError(payload: Uint8Array): any {',
    '    const r = new ScaleReader(payload);',
    `    $hdr(r, ${h}, ${q(`${path}.error`)});`,
    ...decErr,
    `    r.end(${q(`${path}.error`)});`,
    `    return ${xe};`,
    '  },',
    `  errorToJson: (e: any): unknown => ${cx.v('codecFromType')}(${cx.ref(throws)}, $TYPES).toJson(e, ${q(`${path}.error`)}),`,
  ];
}

/** Adds the `GeneratedConstructor` constant `name` of a program constructor. */
export function constructorConst(cx: EmitContext, program: string, c: ModelConstructor, name: string): void {
  const path = `${program}.${c.name}`;
  const h = cx.header('0x0000000000000000', c.entryId, 0);
  cx.addDef(
    [
      `const ${name}: ${cx.t('GeneratedConstructor')} = {`,
      `  name: ${q(c.name)},`,
      `  method: ${c.method === undefined ? 'undefined' : q(c.method)},`,
      `  entryId: ${c.entryId},`,
      `  encodeCall(args: readonly any[]): Uint8Array {`,
      encodeArgsBody(cx, c.params, path, h),
      '  },',
      `  decodeArgs(r: ScaleReader): any[] {`,
      decodeArgsBody(cx, c.params, path),
      '  },',
      ...argsJson(cx, c.params, path).map((l) => (l.startsWith('    ') ? l : `  ${l}`)),
      ...(c.throws === undefined ? [] : errorMembers(cx, c.throws, h, path)),
      '};',
    ].join('\n'),
  );
}
