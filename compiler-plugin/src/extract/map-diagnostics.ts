// Texts of the type mapper's diagnostics: fix lines, the wire-type table, and how a place or node is named in messages.
import type { ts } from 'ts-morph';
import type { MapContext } from './map-context.js';

/** The fix line for a plain `number`. */
export const NUMBER_FIX = 'use u8, u16, u32, i8, i16 or i32 (number) or u64, u128, u256, i64, i128 (bigint) from @sprocket/sdk';
/** The fix line for a plain `bigint`. */
export const BIGINT_FIX = 'use u64, u128, u256, i64 or i128 from @sprocket/sdk';
/** The fix line for a union with no wire form. */
export const UNION_FIX =
  "use `T | null` (Option), a union of string literals (`'A' | 'B'`), or a tagged union of object types with distinct `kind: 'Name'` literals";

/** The wire types a user can write, for the fix line of a diagnostic (the table of DESIGN.md section 3). */
export const WIRE_TYPES =
  'boolean, string, u8..u256 / i8..i128, ActorId, CodeId, MessageId, H256, bytes, T[], [A, B], T | null, Result<T, E>, ' +
  'Map<K, V>, Compact<T>, an interface, a string-literal or tagged union (from @sprocket/sdk)';
/** The fix line listing the wire types. */
export const WIRE_TYPES_FIX = `use one of ${WIRE_TYPES}`;

/** The place being mapped, with the handler or event it is used by when that differs. */
export function describe(ctx: MapContext): string {
  return ctx.origin !== '' && !ctx.where.startsWith(ctx.origin) ? `${ctx.where} (used by ${ctx.origin})` : ctx.where;
}

/** The source text of a node on one line, cut at 80 characters. */
export function short(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The `file:line:column` of a node. */
export function locationText(node: ts.Node, relative: (fileName: string) => string): string {
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return `${relative(sf.fileName)}:${line + 1}:${character + 1}`;
}
