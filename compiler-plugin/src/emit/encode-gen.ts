// The encode half of generated codecs: straight-line statements that check a value's shape and write it with
// ScaleWriter calls (constant field paths in every error), composite types inlined, named types by their function.
import { isByteSeq, type TypeRef } from '@sprocket/sdk';
import { CompilerError } from '../errors.js';
import type { CodecGen } from './codec-gen.js';
import { BIG_MAX, bigOutOfRange, CODEC_OBJECT, isU64, SMALL_MAX, WRITER_METHOD } from './codec-primitives.js';
import { local, type Scope } from './codec-scope.js';
import { q } from './names.js';

/** Emits statements that encode the value of expression `x` (evaluated once) at `path`. */
export function emitEncode(gen: CodecGen, ref: TypeRef, x: string, path: string, out: string[], ind: string, scope: Scope): void {
  const P = q(path);
  switch (ref.kind) {
    case 'primitive': {
      const obj = CODEC_OBJECT[ref.name];
      out.push(obj === undefined ? `${ind}w.${WRITER_METHOD[ref.name]}(${x}, ${P});` : `${ind}${obj}.encodeTo(w, ${x}, ${P});`);
      return;
    }
    case 'vec': {
      if (isByteSeq(ref)) {
        out.push(`${ind}w.bytes(${x}, ${P});`);
        return;
      }
      const a = local(scope, 'a');
      const i = local(scope, 'i');
      out.push(`${ind}const ${a} = ${x};`);
      out.push(`${ind}if (!Array.isArray(${a})) throw $bad('SCALE_BAD_VALUE', ${P}, 'an array', ${a});`);
      out.push(`${ind}w.compactNumber(${a}.length);`);
      if (isU64(ref.item)) {
        out.push(`${ind}w.u64s(${a}, ${P});`);
        return;
      }
      out.push(`${ind}for (let ${i} = 0; ${i} < ${a}.length; ${i}++) {`);
      emitEncode(gen, ref.item, `${a}[${i}]`, `${path}[]`, out, `${ind}  `, scope);
      out.push(`${ind}}`);
      return;
    }
    case 'array': {
      if (isByteSeq(ref)) {
        out.push(`${ind}w.fixedBytes(${x}, ${ref.length}, ${P});`);
        return;
      }
      const a = local(scope, 'a');
      const i = local(scope, 'i');
      out.push(`${ind}const ${a} = ${x};`);
      out.push(
        `${ind}if (!Array.isArray(${a}) || ${a}.length !== ${ref.length}) throw $bad('SCALE_BAD_LENGTH', ${P}, 'an array of ${ref.length} items', ${a});`,
      );
      if (isU64(ref.item)) {
        out.push(`${ind}w.u64s(${a}, ${P});`);
        return;
      }
      out.push(`${ind}for (let ${i} = 0; ${i} < ${ref.length}; ${i}++) {`);
      emitEncode(gen, ref.item, `${a}[${i}]`, `${path}[]`, out, `${ind}  `, scope);
      out.push(`${ind}}`);
      return;
    }
    case 'tuple': {
      if (ref.items.length === 0) return;
      const t = local(scope, 't');
      out.push(`${ind}const ${t} = ${x};`);
      out.push(
        `${ind}if (!Array.isArray(${t}) || ${t}.length !== ${ref.items.length}) throw $bad('SCALE_BAD_VALUE', ${P}, 'an array of ${ref.items.length} items', ${t});`,
      );
      ref.items.forEach((item, j) => {
        emitEncode(gen, item, `${t}[${j}]`, `${path}[${j}]`, out, ind, scope);
      });
      return;
    }
    case 'option': {
      const o = local(scope, 'o');
      const unitInner = ref.some.kind === 'tuple' && ref.some.items.length === 0;
      const boxed = ref.some.kind === 'option';
      out.push(`${ind}const ${o} = ${x};`);
      out.push(`${ind}if (${unitInner ? `${o} === null` : `${o} === null || ${o} === undefined`}) w.u8(0);`);
      out.push(`${ind}else {`);
      if (boxed) {
        // Option<Option<T>>: Some is `{ some: inner }`.
        out.push(
          `${ind}  if (typeof ${o} !== 'object' || !('some' in ${o})) throw $bad('SCALE_BAD_VALUE', ${P}, 'null or { some: value }', ${o});`,
        );
      }
      out.push(`${ind}  w.u8(1);`);
      emitEncode(gen, ref.some, boxed ? `${o}.some` : o, path, out, `${ind}  `, scope);
      out.push(`${ind}}`);
      return;
    }
    case 'result': {
      const r = local(scope, 'r');
      out.push(`${ind}const ${r} = ${x};`);
      out.push(
        `${ind}if (typeof ${r} !== 'object' || ${r} === null) throw $bad('SCALE_BAD_VALUE', ${P}, 'an { ok } or { err } object', ${r});`,
      );
      out.push(`${ind}if ('ok' in ${r}) {`, `${ind}  w.u8(0);`);
      emitEncode(gen, ref.ok, `${r}.ok`, `${path}.ok`, out, `${ind}  `, scope);
      out.push(`${ind}} else if ('err' in ${r}) {`, `${ind}  w.u8(1);`);
      emitEncode(gen, ref.err, `${r}.err`, `${path}.err`, out, `${ind}  `, scope);
      out.push(`${ind}} else throw $bad('SCALE_BAD_VALUE', ${P}, 'an { ok } or { err } object', ${r});`);
      return;
    }
    case 'map': {
      gen.usesMaps = true;
      const cmp = gen.keyComparator(ref.key);
      const m = local(scope, 'm');
      const e = local(scope, 'e');
      const i = local(scope, 'i');
      out.push(`${ind}const ${m} = ${x};`);
      out.push(`${ind}if (!(${m} instanceof Map)) throw $bad('SCALE_BAD_VALUE', ${P}, 'a Map', ${m});`);
      out.push(`${ind}const ${e} = $sortEntries(${m}, ${cmp}(), ${P});`);
      out.push(`${ind}w.compactNumber(${e}.length);`);
      out.push(`${ind}for (let ${i} = 0; ${i} < ${e}.length; ${i}++) {`);
      const kv = local(scope, 'p');
      out.push(`${ind}  const ${kv} = ${e}[${i}]!;`);
      emitEncode(gen, ref.key, `${kv}[0]`, `${path}[].key`, out, `${ind}  `, scope);
      emitEncode(gen, ref.value, `${kv}[1]`, `${path}[].value`, out, `${ind}  `, scope);
      out.push(`${ind}}`);
      return;
    }
    case 'compact': {
      const inner = ref.inner.kind === 'primitive' ? ref.inner.name : '';
      const c = local(scope, 'c');
      const small = SMALL_MAX[inner];
      const big = BIG_MAX[inner];
      out.push(`${ind}const ${c} = ${x};`);
      if (small !== undefined) {
        out.push(
          `${ind}if (typeof ${c} !== 'number' || !(${c} >= 0 && ${c} <= ${small} && Math.floor(${c}) === ${c})) throw $bad(typeof ${c} === 'number' ? 'SCALE_RANGE' : 'SCALE_BAD_VALUE', ${P}, 'a compact<${inner}> number', ${c});`,
        );
        out.push(`${ind}w.compactNumber(${c});`);
      } else if (big !== undefined) {
        out.push(
          `${ind}if (typeof ${c} !== 'bigint' || ${bigOutOfRange(c, inner, big, true)}) throw $bad(typeof ${c} === 'bigint' ? 'SCALE_RANGE' : 'SCALE_BAD_VALUE', ${P}, 'a compact<${inner}> bigint', ${c});`,
        );
        out.push(`${ind}w.compactBigint(${c});`);
      } else throw new CompilerError('EMIT_BAD_TYPE', `compact needs an unsigned integer type at ${path}`);
      return;
    }
    case 'named':
      // The type's function names its own paths (`Inner.tags[]`): a failure is given the place it was called from
      // (`Outer.inner`, then `Shop.Put.order.inner`). Only a throw pays for it.
      out.push(
        `${ind}try {`,
        `${ind}  ${gen.encoderOf(ref)}(w, ${x});`,
        `${ind}} catch (e) {`,
        `${ind}  throw $at(e, ${q(gen.labelOf(ref))}, ${P});`,
        `${ind}}`,
      );
      return;
    case 'param':
      throw new CompilerError('EMIT_BAD_TYPE', `unbound type parameter ${ref.name} at ${path}`);
  }
}
