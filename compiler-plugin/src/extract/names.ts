/** The PascalCase of a name for type-name hints (`add` → `Add`, `balance_of` → `BalanceOf`, `balanceOf` → `BalanceOf`). */
export function pascalCase(name: string): string {
  return name
    .split('_')
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a name can be spelled in Sails IDL (an ASCII identifier). */
export function isWireIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

const isLower = (c: string): boolean => c >= 'a' && c <= 'z';
const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/**
 * The words a Rust name splits into when Sails converts it to a route: at `_`, between a lowercase letter and an
 * uppercase one, between a letter and a digit either way, and before the last capital of an acronym followed by a
 * lowercase letter (`HTTPRequest` → `HTTP`, `Request`). These are the default boundaries of the `convert_case` crate
 * (0.11) whose `Case::Pascal` Sails applies to method names.
 */
function sailsWords(name: string): string[] {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charAt(i);
    if (c === '_') {
      if (word !== '') words.push(word);
      word = '';
      continue;
    }
    const prev = word.charAt(word.length - 1);
    const next = name.charAt(i + 1);
    const split =
      prev !== '' &&
      ((isLower(prev) && isUpper(c)) ||
        ((isLower(prev) || isUpper(prev)) && isDigit(c)) ||
        (isDigit(prev) && (isLower(c) || isUpper(c))) ||
        (isUpper(prev) && isUpper(c) && isLower(next)));
    if (split) {
      words.push(word);
      word = '';
    }
    word += c;
  }
  if (word !== '') words.push(word);
  return words;
}

/**
 * The route of a method name. A camelCase name keeps its letters and has the first raised (`balanceOf` → `BalanceOf`,
 * `getURL` → `GetURL`). A snake_case name is converted as Sails converts a Rust method name (`convert_case`'s
 * `Case::Pascal`): each word raised and the rest of it lowered, a digit ending a word (`set_3d_mode` → `Set3DMode`,
 * `get_url` → `GetUrl`, `mint_v2` → `MintV2`), so that a port names its routes as the Rust program does.
 */
export function routeName(name: string): string {
  if (!name.includes('_')) return name.charAt(0).toUpperCase() + name.slice(1);
  return sailsWords(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}
