// The module-level codec functions of one named type instantiation: a struct's fields (named or positional) or an
// enum's variants, each part through the encode and decode emitters with its own constant path.
import { type FieldDef, type TypeDef, variantFieldProp } from '@sprocket/sdk';
import type { CodecGen } from './codec-gen.js';
import { local, type Scope } from './codec-scope.js';
import { emitDecodeInto } from './decode-gen.js';
import { emitEncode } from './encode-gen.js';
import { propAccess, propKey, q } from './names.js';

/** The text of the encoder `encName(w, v)` and the decoder `decName(r)` of `def` (resolved: no type parameters left); `label` names it in errors. */
export function namedCodecFunctions(gen: CodecGen, def: TypeDef, label: string, encName: string, decName: string): [string, string] {
  const enc: string[] = [];
  const dec: string[] = [];
  const es: Scope = { n: 0 };
  const ds: Scope = { n: 0 };
  const ind = '  ';
  if (def.kind === 'struct') {
    const named = def.fields.length > 0 && def.fields.every((f) => f.name !== undefined);
    if (def.fields.length === 0) {
      enc.push(`${ind}if (typeof v !== 'object' || v === null) throw $bad('SCALE_BAD_VALUE', ${q(label)}, 'an object', v);`);
      dec.push(`${ind}return {};`);
    } else if (named) {
      enc.push(`${ind}if (typeof v !== 'object' || v === null) throw $bad('SCALE_BAD_VALUE', ${q(label)}, 'an object', v);`);
      const parts: string[] = [];
      for (const f of def.fields) {
        const fname = f.name as string;
        emitEncode(gen, f.type, propAccess('v', fname), `${label}.${fname}`, enc, ind, es);
        const x = emitDecodeInto(gen, f.type, `${label}.${fname}`, dec, ind, ds);
        parts.push(`${propKey(fname)}: ${x}`);
      }
      dec.push(`${ind}return { ${parts.join(', ')} };`);
    } else {
      enc.push(
        `${ind}if (!Array.isArray(v) || v.length !== ${def.fields.length}) throw $bad('SCALE_BAD_VALUE', ${q(label)}, 'an array of ${def.fields.length} items', v);`,
      );
      const parts: string[] = [];
      def.fields.forEach((f, i) => {
        emitEncode(gen, f.type, `v[${i}]`, `${label}[${i}]`, enc, ind, es);
        parts.push(emitDecodeInto(gen, f.type, `${label}[${i}]`, dec, ind, ds));
      });
      dec.push(`${ind}return [${parts.join(', ')}];`);
    }
  } else if (def.variants.every((v) => v.fields.length === 0)) {
    enc.push(`${ind}switch (v) {`);
    def.variants.forEach((variant, i) => {
      enc.push(`${ind}  case ${q(variant.name)}:`, `${ind}    w.u8(${i});`, `${ind}    return;`);
    });
    const list = def.variants.length === 0 ? 'no value (the enum has no variants)' : `one of ${def.variants.map((v) => v.name).join(', ')}`;
    enc.push(`${ind}  default:`, `${ind}    throw $bad('SCALE_BAD_VALUE', ${q(label)}, ${q(list)}, v);`, `${ind}}`);
    dec.push(`${ind}const t = r.u8(${q(label)});`, `${ind}switch (t) {`);
    def.variants.forEach((variant, i) => {
      dec.push(`${ind}  case ${i}:`, `${ind}    return ${q(variant.name)};`);
    });
    dec.push(
      `${ind}  default:`,
      `${ind}    throw r.error('SCALE_BAD_TAG', ${q(label)}, \`bad ${label} variant index \${t}\`, r.offset - 1);`,
      `${ind}}`,
    );
  } else {
    enc.push(`${ind}if (typeof v !== 'object' || v === null) throw $bad('SCALE_BAD_VALUE', ${q(label)}, 'an object with a kind', v);`);
    enc.push(`${ind}switch (v.kind) {`);
    dec.push(`${ind}const t = r.u8(${q(label)});`, `${ind}switch (t) {`);
    def.variants.forEach((variant, i) => {
      const vp = `${label}.${variant.name}`;
      const ii = `${ind}    `;
      enc.push(`${ind}  case ${q(variant.name)}: {`, `${ii}w.u8(${i});`);
      dec.push(`${ind}  case ${i}: {`);
      const fs = variant.fields;
      if (fs.length === 0) {
        dec.push(`${ii}return { kind: ${q(variant.name)} };`);
      } else if (fs.every((f) => f.name !== undefined)) {
        const parts: string[] = [];
        const names = fs.map((f) => f.name as string);
        for (const f of fs) {
          // `kind` is the variant's name in the TS value: a field of that name takes another property.
          const fname = variantFieldProp(f.name as string, names);
          emitEncode(gen, f.type, propAccess('v', fname), `${vp}.${fname}`, enc, ii, es);
          parts.push(`${propKey(fname)}: ${emitDecodeInto(gen, f.type, `${vp}.${fname}`, dec, ii, ds)}`);
        }
        dec.push(`${ii}return { kind: ${q(variant.name)}, ${parts.join(', ')} };`);
      } else if (fs.length === 1) {
        emitEncode(gen, (fs[0] as FieldDef).type, 'v.value', vp, enc, ii, es);
        const x = emitDecodeInto(gen, (fs[0] as FieldDef).type, vp, dec, ii, ds);
        dec.push(`${ii}return { kind: ${q(variant.name)}, value: ${x} };`);
      } else {
        const a = local(es, 'a');
        enc.push(`${ii}const ${a} = v.value;`);
        enc.push(
          `${ii}if (!Array.isArray(${a}) || ${a}.length !== ${fs.length}) throw $bad('SCALE_BAD_VALUE', ${q(vp)}, 'an array of ${fs.length} items', ${a});`,
        );
        const parts: string[] = [];
        fs.forEach((f, j) => {
          emitEncode(gen, f.type, `${a}[${j}]`, `${vp}[${j}]`, enc, ii, es);
          parts.push(emitDecodeInto(gen, f.type, `${vp}[${j}]`, dec, ii, ds));
        });
        dec.push(`${ii}return { kind: ${q(variant.name)}, value: [${parts.join(', ')}] };`);
      }
      enc.push(`${ii}return;`, `${ind}  }`);
      dec.push(`${ind}  }`);
    });
    const list = def.variants.map((v) => v.name).join(', ');
    enc.push(
      `${ind}  default:`,
      `${ind}    throw $bad('SCALE_BAD_VALUE', ${q(`${label}.kind`)}, ${q(`one of ${list}`)}, v.kind);`,
      `${ind}}`,
    );
    dec.push(
      `${ind}  default:`,
      `${ind}    throw r.error('SCALE_BAD_TAG', ${q(label)}, \`bad ${label} variant index \${t}\`, r.offset - 1);`,
      `${ind}}`,
    );
  }
  // A struct without fields writes and reads nothing: its unused parameter is `_w` / `_r` (noUnusedParameters).
  const encBody = enc.join('\n');
  const decBody = dec.join('\n');
  const w = /\bw[.,)]/.test(encBody) ? 'w' : '_w';
  const r = /\br[.,)]/.test(decBody) ? 'r' : '_r';
  // An enum without variants (Rust `enum Never {}`) has no value: its decoder always throws.
  const decoded = def.kind === 'enum' && def.variants.length === 0 ? 'never' : 'any';
  return [
    `function ${encName}(${w}: ScaleWriter, v: any): void {\n${encBody}\n}`,
    `function ${decName}(${r}: ScaleReader): ${decoded} {\n${decBody}\n}`,
  ];
}
