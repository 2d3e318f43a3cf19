// The data exports of an actor beside its definition: `<Actor>Schemas` (TypeBox schemas of the JSON form of every
// message and event) and `<Actor>Codecs` (standalone SCALE codecs of its non-generic named types).
import type { FieldDef, TypeRef } from '@sprocket/sdk';
import type { EmitContext, ServiceNames } from './emit-context.js';
import type { Model } from './model.js';
import { propKey, q } from './names.js';
import { replyRef } from './ts-types.js';

/** The `<Actor>Schemas` export: argument, reply and error schemas of every function, payload schemas of every event. */
export function emitSchemaExport(cx: EmitContext, m: Model, names: readonly ServiceNames[], hasProgram: boolean): string[] {
  const schemaExport: string[] = [
    `/** TypeBox schemas of the JSON form of every message and event of ${m.name}. */`,
    `export const ${m.name}Schemas = {`,
  ];
  if (hasProgram) {
    schemaExport.push('  constructors: {');
    for (const c of m.constructors) schemaExport.push(`    ${propKey(c.name)}: ${cx.schemas.tuple(c.params.map((p) => p.type))},`);
    schemaExport.push('  },');
  }
  schemaExport.push('  services: {');
  for (const s of names) {
    schemaExport.push(`    ${propKey(s.svc.name)}: {`, '      functions: {');
    for (const f of s.fnConsts.keys()) {
      schemaExport.push(
        `        ${propKey(f.name)}: { args: ${cx.schemas.tuple(f.params.map((p) => p.type))}, reply: ${cx.schemas.of(replyRef(f))}${f.throws === undefined ? '' : `, error: ${cx.schemas.of(f.throws)}`} },`,
      );
    }
    schemaExport.push('      },', '      events: {');
    for (const e of s.evConsts.keys()) {
      const fs = e.fields;
      const schema =
        fs.length === 0
          ? 'Type.Null()'
          : fs.every((f) => f.name !== undefined)
            ? `Type.Object({ ${fs.map((f) => `${propKey(f.name as string)}: ${cx.schemas.of(f.type)}`).join(', ')} }, { additionalProperties: false })`
            : fs.length === 1
              ? cx.schemas.of((fs[0] as FieldDef).type)
              : cx.schemas.tuple(fs.map((f) => f.type));
      schemaExport.push(`        ${propKey(e.name)}: ${schema},`);
    }
    schemaExport.push('      },', '    },');
  }
  schemaExport.push('  },', '};');
  return schemaExport;
}

/** The `<Actor>Codecs` export (empty when the actor has no non-generic named type). */
export function emitCodecExport(cx: EmitContext, m: Model): string[] {
  const codecExport: string[] = [];
  const plain = [...m.types.values()].filter((d) => d.params === undefined || d.params.length === 0);
  if (plain.length > 0) {
    codecExport.push(
      `/** Standalone SCALE codecs of the named types of ${m.name} (no message header). */`,
      `export const ${m.name}Codecs = {`,
    );
    for (const d of plain) {
      const ref: TypeRef = { kind: 'named', name: d.name };
      const e = cx.codecs.encoderOf(ref);
      const dn = cx.codecs.decoderOf(ref);
      codecExport.push(
        `  ${propKey(d.name)}: {`,
        `    encode(v: ${d.name}): Uint8Array {`,
        '      const w = $W;',
        '      w.reset();',
        `      ${e}(w, v);`,
        '      return w.finish();',
        '    },',
        `    decode(bytes: Uint8Array): ${d.name} {`,
        '      const r = new ScaleReader(bytes);',
        `      const v = ${dn}(r);`,
        `      r.end(${q(d.idlName ?? d.name)});`,
        '      return v;',
        '    },',
        '  },',
      );
    }
    codecExport.push('};');
  }
  return codecExport;
}
