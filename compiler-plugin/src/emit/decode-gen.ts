// The decode half of generated codecs: straight-line statements that read a value with ScaleReader calls, bounding
// every length by the smallest encoded size of its items before allocating, and checking tags, ranges and map order.
import { isByteSeq, type TypeRef } from '@sprocket/sdk';
import { CompilerError } from '../errors.js';
import type { CodecGen } from './codec-gen.js';
import { BIG_MAX, bigOutOfRange, CODEC_OBJECT, isU64, SMALL_MAX, WRITER_METHOD } from './codec-primitives.js';
import { local, type Scope } from './codec-scope.js';
import { q } from './names.js';

/** Emits statements that decode one value at `path` into a fresh local; returns the local's name. */
export function emitDecodeInto(gen: CodecGen, ref: TypeRef, path: string, out: string[], ind: string, scope: Scope): string {
  const x = local(scope, 'x');
  const expr = emitDecode(gen, ref, path, out, ind, scope);
  out.push(`${ind}const ${x} = ${expr};`);
  return x;
}

/** Emits the statements a decode needs and returns the expression of the value (evaluate it right after them). */
export function emitDecode(gen: CodecGen, ref: TypeRef, path: string, out: string[], ind: string, scope: Scope): string {
  const P = q(path);
  switch (ref.kind) {
    case 'primitive': {
      const obj = CODEC_OBJECT[ref.name];
      return obj === undefined ? `r.${WRITER_METHOD[ref.name]}(${P})` : `${obj}.decodeFrom(r, ${P})`;
    }
    case 'vec': {
      if (isByteSeq(ref)) return `r.bytes(${P})`;
      if (isU64(ref.item)) return `r.u64s(r.length(${P}, 8), ${P})`;
      const n = local(scope, 'n');
      const a = local(scope, 'a');
      const i = local(scope, 'i');
      out.push(`${ind}const ${n} = r.length(${P}, ${gen.minSize(ref.item)});`);
      out.push(`${ind}const ${a}: any[] = new Array(${n});`);
      out.push(`${ind}for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
      const inner: string[] = [];
      const e = emitDecode(gen, ref.item, `${path}[]`, inner, `${ind}  `, scope);
      out.push(...inner, `${ind}  ${a}[${i}] = ${e};`, `${ind}}`);
      return a;
    }
    case 'array': {
      if (isByteSeq(ref)) return `r.raw(${ref.length}, ${P})`;
      if (isU64(ref.item)) return `r.u64s(${ref.length}, ${P})`;
      const a = local(scope, 'a');
      const i = local(scope, 'i');
      // Items that take no input are charged to the decode's zero-size budget before any work.
      if (gen.minSize(ref.item) === 0) out.push(`${ind}r.zeroSized(${ref.length}, ${P});`);
      out.push(`${ind}const ${a}: any[] = new Array(${ref.length});`);
      out.push(`${ind}for (let ${i} = 0; ${i} < ${ref.length}; ${i}++) {`);
      const inner: string[] = [];
      const e = emitDecode(gen, ref.item, `${path}[]`, inner, `${ind}  `, scope);
      out.push(...inner, `${ind}  ${a}[${i}] = ${e};`, `${ind}}`);
      return a;
    }
    case 'tuple': {
      if (ref.items.length === 0) return 'undefined';
      const parts = ref.items.map((item, j) => emitDecodeInto(gen, item, `${path}[${j}]`, out, ind, scope));
      return `[${parts.join(', ')}]`;
    }
    case 'option': {
      const t = local(scope, 'g');
      const o = local(scope, 'o');
      out.push(`${ind}const ${t} = r.u8(${P});`);
      out.push(`${ind}let ${o}: any = null;`);
      out.push(`${ind}if (${t} === 1) {`);
      const inner: string[] = [];
      const e = emitDecode(gen, ref.some, path, inner, `${ind}  `, scope);
      out.push(...inner, ref.some.kind === 'option' ? `${ind}  ${o} = { some: ${e} };` : `${ind}  ${o} = ${e};`);
      out.push(`${ind}} else if (${t} !== 0) throw r.error('SCALE_BAD_TAG', ${P}, \`bad Option tag \${${t}}\`, r.offset - 1);`);
      return o;
    }
    case 'result': {
      const t = local(scope, 'g');
      const o = local(scope, 'o');
      out.push(`${ind}const ${t} = r.u8(${P});`);
      out.push(`${ind}let ${o}: any;`);
      out.push(`${ind}if (${t} === 0) {`);
      const okLines: string[] = [];
      const okE = emitDecode(gen, ref.ok, `${path}.ok`, okLines, `${ind}  `, scope);
      out.push(...okLines, `${ind}  ${o} = { ok: ${okE} };`);
      out.push(`${ind}} else if (${t} === 1) {`);
      const errLines: string[] = [];
      const errE = emitDecode(gen, ref.err, `${path}.err`, errLines, `${ind}  `, scope);
      out.push(...errLines, `${ind}  ${o} = { err: ${errE} };`);
      out.push(`${ind}} else throw r.error('SCALE_BAD_TAG', ${P}, \`bad Result tag \${${t}}\`, r.offset - 1);`);
      return o;
    }
    case 'map': {
      const cmp = gen.keyComparator(ref.key);
      const n = local(scope, 'n');
      const m = local(scope, 'm');
      const c = local(scope, 'c');
      const prev = local(scope, 'k');
      const i = local(scope, 'i');
      out.push(`${ind}const ${n} = r.length(${P}, ${gen.minSize(ref.key) + gen.minSize(ref.value)});`);
      out.push(`${ind}const ${m} = new Map<any, any>();`);
      out.push(`${ind}const ${c} = ${n} > 1 ? ${cmp}() : undefined;`);
      out.push(`${ind}let ${prev}: any;`);
      out.push(`${ind}for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
      const ii = `${ind}  `;
      const at = local(scope, 'at');
      out.push(`${ii}const ${at} = r.offset;`);
      const k = emitDecodeInto(gen, ref.key, `${path}[].key`, out, ii, scope);
      out.push(
        `${ii}if (${i} > 0 && ${c}!(${prev}, ${k}) >= 0) throw r.error('SCALE_MAP_ORDER', ${P}, 'map keys must be strictly ascending', ${at});`,
      );
      const v = emitDecodeInto(gen, ref.value, `${path}[].value`, out, ii, scope);
      out.push(`${ii}${m}.set(${k}, ${v});`, `${ii}${prev} = ${k};`, `${ind}}`);
      return m;
    }
    case 'compact': {
      const inner = ref.inner.kind === 'primitive' ? ref.inner.name : '';
      const small = SMALL_MAX[inner];
      const big = BIG_MAX[inner];
      const c = local(scope, 'c');
      const at = local(scope, 'at');
      if (small === undefined || small < 0xffffffff) out.push(`${ind}const ${at} = r.offset;`);
      if (small !== undefined) {
        out.push(`${ind}const ${c} = r.compactU32(${P});`);
        if (small < 0xffffffff)
          out.push(`${ind}if (${c} > ${small}) throw r.error('SCALE_RANGE', ${P}, \`compact<${inner}> out of range: \${${c}}\`, ${at});`);
      } else if (big !== undefined) {
        out.push(`${ind}const ${c} = r.compact(${P});`);
        out.push(
          `${ind}if (${bigOutOfRange(c, inner, big, false)}) throw r.error('SCALE_RANGE', ${P}, \`compact<${inner}> out of range: \${${c}}\`, ${at});`,
        );
      } else throw new CompilerError('EMIT_BAD_TYPE', `compact needs an unsigned integer type at ${path}`);
      return c;
    }
    case 'named': {
      // As in encode-gen: a failure inside the type's function is given the place it was read at (offset kept).
      const x = local(scope, 'v');
      out.push(
        `${ind}let ${x}: any;`,
        `${ind}try {`,
        `${ind}  ${x} = ${gen.decoderOf(ref)}(r);`,
        `${ind}} catch (e) {`,
        `${ind}  throw $at(e, ${q(gen.labelOf(ref))}, ${P});`,
        `${ind}}`,
      );
      return x;
    }
    case 'param':
      throw new CompilerError('EMIT_BAD_TYPE', `unbound type parameter ${ref.name} at ${path}`);
  }
}
