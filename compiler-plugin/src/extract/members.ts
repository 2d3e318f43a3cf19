// Member extraction of an actor class: handler parameters, returns, events, docs, declared fields and reachable types.
import type { FieldDef, TypeDef, TypeRef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import { defaultEventEntryIds } from '../idl/entry-ids.js';
import type { EventDef, ParamDef } from '../manifest/types.js';
import type { Candidate } from './decorators.js';
import type { FileHost } from './file-host.js';
import { type Env, type MapContext, rootContext } from './map-context.js';
import { isWireIdentifier, pascalCase } from './names.js';
import { propertyNameText, unwrapParens } from './resolve.js';
import type { TypeMapper } from './type-mapper.js';
import { UNIT } from './wire-primitives.js';

/**
 * Every instance field a class declares (`count: u32 = 0`, `owner!: ActorId`), for the runtime's state view: the
 * accessors `this` reaches the actor's state through. Undefined when the list could be incomplete (a `#private` or
 * computed name): the runtime then uses its general journaling proxy.
 */
export function declaredFieldsOf(cls: ts.ClassDeclaration): { fields?: string[] } {
  const fields: string[] = [];
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    if (!ts.isIdentifier(member.name) && !ts.isStringLiteral(member.name)) return {};
    fields.push(member.name.text);
  }
  return { fields };
}

/** The definitions in `types` that `roots` reference, directly or through other definitions, in `types` order. */
export function typesReachableFrom(roots: readonly TypeRef[], types: readonly TypeDef[]): TypeDef[] {
  const byName = new Map(types.map((t) => [t.name, t] as const));
  const seen = new Set<string>();
  const visit = (ref: TypeRef): void => {
    switch (ref.kind) {
      case 'primitive':
      case 'param':
        break;
      case 'vec':
      case 'array':
        visit(ref.item);
        break;
      case 'tuple':
        for (const t of ref.items) visit(t);
        break;
      case 'option':
        visit(ref.some);
        break;
      case 'result':
        visit(ref.ok);
        visit(ref.err);
        break;
      case 'map':
        visit(ref.key);
        visit(ref.value);
        break;
      case 'compact':
        visit(ref.inner);
        break;
      case 'named': {
        for (const t of ref.args ?? []) visit(t);
        const def = byName.get(ref.name);
        if (def === undefined || seen.has(def.name)) break;
        seen.add(def.name);
        const fields = def.kind === 'struct' ? def.fields : def.variants.flatMap((v) => v.fields);
        for (const f of fields) visit(f.type);
        break;
      }
    }
  };
  for (const r of roots) visit(r);
  return types.filter((t) => seen.has(t.name));
}

/**
 * The wire parameters of a handler, reporting parameters that have no wire form. `env` binds the type parameters of
 * the base classes the handler may come from.
 */
export function extractParams(c: Candidate, className: string, mapper: TypeMapper, host: FileHost, env?: Env): ParamDef[] {
  const out: ParamDef[] = [];
  for (const p of c.method.parameters) {
    if (ts.isIdentifier(p.name) && p.name.text === 'this') continue;
    const pname = ts.isIdentifier(p.name) ? p.name.text : undefined;
    const label = `${className}.${c.name}(${pname ?? p.name.getText()})`;
    if (pname === undefined) {
      host.report(
        'SPK1021',
        p.name,
        `${label}: destructured parameters have no wire name`,
        'take a named parameter and destructure it in the body',
      );
      continue;
    }
    if (p.dotDotDotToken !== undefined) {
      host.report('SPK1021', p, `${label}: rest parameters have no wire form`, `take an array: ${pname}: T[]`);
      continue;
    }
    if (!isWireIdentifier(pname)) {
      // The IDL names every parameter, and Sails' `Param` is an ASCII identifier.
      host.report('SPK1024', p.name, `${label}: the parameter name is not an identifier`, 'rename the parameter to an ASCII identifier');
      continue;
    }
    if (p.questionToken !== undefined) {
      host.report(
        'SPK1009',
        p,
        `${label}: optional parameter \`${pname}?\` has no wire form (undefined is not encodable)`,
        `write \`${pname}: T | null\` (Option<T>)`,
      );
      continue;
    }
    if (p.type === undefined) {
      host.report('SPK1020', p, `${label}: the parameter has no type annotation`, `annotate it, e.g. \`${pname}: u32\``);
      continue;
    }
    const type = mapper.map(p.type, rootContext(label, `${c.route}${pascalCase(pname)}`, env));
    if (type !== undefined) out.push({ name: pname, type });
  }
  return out;
}

/** The wire return type of a handler, from its annotation or else its inferred type. */
export function extractReturn(
  c: Candidate,
  className: string,
  mapper: TypeMapper,
  checker: ts.TypeChecker,
  env?: Env,
): TypeRef | undefined {
  const ctx: MapContext = rootContext(`${className}.${c.name}() return type`, `${c.route}Reply`, env);
  if (c.method.type !== undefined) return mapper.mapReturn(c.method.type, ctx);
  const signature = checker.getSignatureFromDeclaration(c.method);
  if (signature === undefined) return UNIT;
  return mapper.mapInferredReturn(checker.getReturnTypeOfSignature(signature), c.method.name, ctx);
}

/** The events of an actor from its `Actor<Events>` type argument, with entry ids in Sails order. */
export function extractEvents(node: ts.TypeNode | undefined, className: string, mapper: TypeMapper, host: FileHost, env?: Env): EventDef[] {
  if (node === undefined) return [];
  const members = mapper.objectMembers(node, env);
  if (members === undefined) {
    host.report(
      'SPK1014',
      node,
      `${className}: the events \`${node.getText()}\` must be an interface or object type from event name to payload`,
      `declare \`interface ${className}Events { Added: u32; Reset: void }\` and extend Actor<${className}Events>`,
    );
    return [];
  }
  const out: EventDef[] = [];
  for (const { member, env } of members) {
    const name = propertyNameText(member.name);
    const label = `${className} event ${name ?? member.name?.getText() ?? '?'}`;
    if (!ts.isPropertySignature(member)) {
      host.report(
        'SPK1014',
        member,
        `${label}: events are properties from event name to payload type`,
        'write `Name: PayloadType` (void for no data)',
      );
      continue;
    }
    if (name === undefined || !isWireIdentifier(name)) {
      host.report('SPK1024', member.name, `${label}: the event name is not an identifier`, 'use an ASCII identifier');
      continue;
    }
    if (member.questionToken !== undefined) {
      host.report('SPK1014', member, `${label}: an event cannot be optional`, `write \`${name}: T\``);
      continue;
    }
    if (member.type === undefined) {
      host.report('SPK1020', member, `${label}: the event has no payload type`, `write \`${name}: void\` for an event without data`);
      continue;
    }
    const payload = unwrapParens(member.type);
    const base = rootContext(label, name);
    const ctx: MapContext = { ...base, env };
    let fields: FieldDef[] | undefined;
    if (
      payload.kind === ts.SyntaxKind.VoidKeyword ||
      payload.kind === ts.SyntaxKind.UndefinedKeyword ||
      (ts.isLiteralTypeNode(payload) && payload.literal.kind === ts.SyntaxKind.NullKeyword)
    ) {
      fields = [];
    } else if (mapper.isObjectShape(payload, env)) {
      fields = mapper.objectFields(payload, ctx);
    } else {
      const type = mapper.map(payload, { ...ctx, hint: `${name}Payload` });
      // A tuple written out with two items or more is an event with unnamed fields (`Moved: [u32, u32]` is
      // `Moved(u32, u32)`), the shape `sprocket client` writes for one.
      const spread = type?.kind === 'tuple' && type.items.length >= 2 && ts.isTupleTypeNode(payload) ? type.items : undefined;
      fields = type === undefined ? undefined : spread !== undefined ? spread.map((t) => ({ type: t })) : [{ type }];
    }
    const docs = docsOf(member);
    if (fields !== undefined) out.push({ name, fields, entryId: out.length, ...(docs ? { docs } : {}) });
  }
  // Entry ids (and the events' SCALE variant indexes) follow lowercase-name order, as the Sails `#[event]` macro sorts variants.
  const ids = defaultEventEntryIds(out.map((e) => e.name));
  return out.map((e, i) => ({ ...e, entryId: ids[i] ?? i }));
}

/** The lines of the last JSDoc comment of a node, or undefined when it has none. */
export function docsOf(node: ts.Node): string[] | undefined {
  const jsDoc = (node as { jsDoc?: readonly ts.JSDoc[] }).jsDoc;
  const last = jsDoc?.[jsDoc.length - 1];
  if (last === undefined || last.comment === undefined) return undefined;
  const text = typeof last.comment === 'string' ? last.comment : ts.getTextOfJSDocComment(last.comment);
  if (text === undefined || text.trim() === '') return undefined;
  return text.split(/\r\n|\r|\n/).map((l) => l.trimEnd());
}
