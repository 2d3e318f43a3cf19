// Built-in types of the type mapper: the @sprocket/sdk wire types (integers, ids, bytes, Compact, ...) and lib types.
import type { TypeRef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import type { MapContext } from './map-context.js';
import { BIGINT_FIX, NUMBER_FIX, short, WIRE_TYPES_FIX } from './map-diagnostics.js';
import { unwrapParens } from './resolve.js';
import { UnionTypeMapper } from './union-types.js';
import { SCALARS, U8, UNSIGNED } from './wire-primitives.js';

/** Whether a mapped type is the `u8` primitive. */
export function isU8(ref: TypeRef): boolean {
  return ref.kind === 'primitive' && ref.name === 'u8';
}

/** Maps references to sdk and lib types. */
export abstract class BuiltinTypeMapper extends UnionTypeMapper {
  /**
   * SPK1032: an array of `u8` is bytes on the wire (`[u8]`, `[u8; N]`, as in Sails), and its codec reads and writes a
   * Uint8Array, not the `number[]` the annotation promises: the type must say so.
   */
  protected u8Array(n: ts.TypeNode, ctx: MapContext, instead: string): undefined {
    return this.fail(
      'SPK1032',
      n,
      ctx,
      `\`${short(n)}\` is bytes on the wire, and its value is a Uint8Array, not an array of numbers`,
      instead === 'Uint8Array'
        ? 'write `Uint8Array` (or `bytes` from @sprocket/sdk): the same `[u8]` on the wire'
        : `write \`${instead}\` from @sprocket/sdk: the same \`[u8; ${instead.slice('FixedBytes<'.length, -1)}]\` on the wire`,
    );
  }

  protected sdkType(name: string, n: ts.TypeReferenceNode, ctx: MapContext): TypeRef | undefined {
    const scalar = SCALARS[name];
    if (scalar !== undefined) return { kind: 'primitive', name: scalar };
    const targs = n.typeArguments ?? [];
    switch (name) {
      case 'bytes':
        return { kind: 'vec', item: U8 };
      case 'Compact': {
        const arg = targs[0];
        if (arg === undefined) return this.fail('SPK1025', n, ctx, '`Compact` needs a type argument', 'write `Compact<u64>`');
        const inner = this.map(arg, ctx);
        if (inner === undefined) return undefined;
        if ((inner.kind === 'primitive' && UNSIGNED.has(inner.name)) || inner.kind === 'param') return { kind: 'compact', inner };
        return this.fail(
          'SPK1025',
          arg,
          ctx,
          `\`Compact<${arg.getText()}>\`: compact encoding is for unsigned integers`,
          'use Compact<u8 | u16 | u32 | u64 | u128 | u256>',
        );
      }
      case 'FixedBytes': {
        const length = this.length(targs[0], n, ctx, 'FixedBytes<N>');
        return length === undefined ? undefined : { kind: 'array', item: U8, length };
      }
      case 'FixedArray': {
        const itemNode = targs[0];
        if (itemNode === undefined) return this.fail('SPK1025', n, ctx, '`FixedArray` needs type arguments', 'write `FixedArray<T, N>`');
        const item = this.map(itemNode, ctx);
        const length = this.length(targs[1], n, ctx, 'FixedArray<T, N>');
        if (item !== undefined && isU8(item)) return this.u8Array(n, ctx, `FixedBytes<${length ?? 'N'}>`);
        return item === undefined || length === undefined ? undefined : { kind: 'array', item, length };
      }
      case 'Result': {
        const [okNode, errNode] = targs;
        if (okNode === undefined || errNode === undefined)
          return this.fail('SPK1025', n, ctx, '`Result` needs two type arguments', 'write `Result<T, E>`');
        const ok = this.map(okNode, { ...ctx, hint: `${ctx.hint}Ok` });
        const err = this.map(errNode, { ...ctx, hint: `${ctx.hint}Err` });
        return ok === undefined || err === undefined ? undefined : { kind: 'result', ok, err };
      }
      default:
        return this.fail('SPK1019', n, ctx, `\`${name}\` from @sprocket/sdk is not a wire type`, WIRE_TYPES_FIX);
    }
  }

  protected length(node: ts.TypeNode | undefined, at: ts.Node, ctx: MapContext, form: string): number | undefined {
    const n = node === undefined ? undefined : unwrapParens(node);
    if (n !== undefined && ts.isLiteralTypeNode(n) && ts.isNumericLiteral(n.literal)) {
      const value = Number(n.literal.text);
      if (Number.isSafeInteger(value) && value >= 0) return value;
    }
    return this.fail(
      'SPK1025',
      n ?? at,
      ctx,
      `the length of \`${form}\` must be a non-negative integer literal`,
      `write e.g. \`${form.replace('N', '32')}\``,
    );
  }

  protected libType(name: string, n: ts.TypeReferenceNode, ctx: MapContext): TypeRef | undefined {
    const targs = n.typeArguments ?? [];
    const arg = (i: number, hint: string): TypeRef | undefined => {
      const node = targs[i];
      if (node === undefined) return this.fail('SPK1025', n, ctx, `\`${name}\` needs type arguments`, `write \`${name}<...>\``);
      return this.map(node, { ...ctx, hint: `${ctx.hint}${hint}` });
    };
    switch (name) {
      case 'Uint8Array':
        return { kind: 'vec', item: U8 };
      case 'Array':
      case 'ReadonlyArray': {
        const item = arg(0, '');
        if (item !== undefined && isU8(item)) return this.u8Array(n, ctx, 'Uint8Array');
        return item && { kind: 'vec', item };
      }
      case 'Map':
      case 'ReadonlyMap': {
        const key = arg(0, 'Key');
        const value = arg(1, 'Value');
        return key === undefined || value === undefined ? undefined : { kind: 'map', key, value };
      }
      case 'Readonly':
        return arg(0, '');
      case 'Promise':
        return this.fail('SPK1019', n, ctx, '`Promise` is only allowed as the return type of a handler', 'pass the awaited value');
      case 'Date':
        return this.fail('SPK1007', n, ctx, '`Date` has no wire form', 'use u64 milliseconds since the epoch');
      case 'Number':
        return this.fail('SPK1001', n, ctx, '`Number` has no wire form', NUMBER_FIX);
      case 'BigInt':
        return this.fail('SPK1002', n, ctx, '`BigInt` has no wire form', BIGINT_FIX);
      case 'Object':
        return this.fail('SPK1005', n, ctx, '`Object` has no wire form', 'declare an interface with the fields');
      case 'Function':
      case 'CallableFunction':
      case 'NewableFunction':
        return this.fail('SPK1006', n, ctx, `\`${name}\` has no wire form`, 'pass data, not functions');
      case 'String':
        return this.fail('SPK1019', n, ctx, '`String` (the wrapper object) has no wire form', 'use `string`');
      case 'Boolean':
        return this.fail('SPK1019', n, ctx, '`Boolean` (the wrapper object) has no wire form', 'use `boolean`');
      case 'Set':
      case 'ReadonlySet':
        return this.fail('SPK1019', n, ctx, `\`${name}\` has no wire form`, 'use `T[]`');
      case 'Record':
        return this.fail('SPK1019', n, ctx, '`Record` has no wire form', 'use `Map<K, V>` or an interface');
      default:
        return this.fail('SPK1019', n, ctx, `\`${name}\` has no wire form`, WIRE_TYPES_FIX);
    }
  }
}
