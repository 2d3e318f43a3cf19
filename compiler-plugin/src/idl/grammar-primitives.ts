// The `Primitive` rule of the Sails IDL v2 grammar (rs/idl-parser-v2, a PEG): its spellings are literals tried in
// this order with no word boundary, so a type name that merely begins with one (`StringPair`, `actor_id`) is read as
// that primitive followed by the rest of the name, and the rest never parses. Sails refuses such files; so do we.

/** The primitive spellings of the Sails grammar, in the order its `Primitive` rule tries them. */
export const GRAMMAR_PRIMITIVES: readonly string[] = [
  'bool',
  'char',
  'string',
  'String',
  'u8',
  'i8',
  'u16',
  'i16',
  'u32',
  'i32',
  'u64',
  'i64',
  'u128',
  'i128',
  'actor',
  'ActorId',
  'code',
  'CodeId',
  'messageid',
  'MessageId',
  'h160',
  'H160',
  'h256',
  'H256',
  'u256',
  'U256',
];

/** The primitive Sails' grammar reads at the start of a longer name (`String` in `StringPair`), if any. */
export function primitivePrefixOf(name: string): string | undefined {
  const hit = GRAMMAR_PRIMITIVES.find((p) => name.startsWith(p));
  return hit !== undefined && hit !== name ? hit : undefined;
}
