// Identifier and literal helpers of the emitters.

const RESERVED_WORDS = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  'await',
  'arguments',
  'eval',
  'undefined',
]);

/** TypeScript's predefined type names, which no type parameter may take. */
const TYPE_KEYWORDS = new Set([
  'any',
  'bigint',
  'boolean',
  'never',
  'number',
  'object',
  'string',
  'symbol',
  'unknown',
  'asserts',
  'infer',
  'is',
  'keyof',
  'readonly',
  'unique',
]);

/** True when `name` cannot be a TypeScript type parameter (`number`, `class`). */
export function isReservedTypeName(name: string): boolean {
  return RESERVED_WORDS.has(name) || TYPE_KEYWORDS.has(name);
}

/** True when `name` can be written as a bare identifier. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name);
}

/** A safe variable name for `name` (parameter names that are reserved words get a trailing `_`). */
export function safeVar(name: string): string {
  let out = name.replace(/[^\w$]/g, '_');
  if (out === '' || /^[0-9]/.test(out)) out = `_${out}`;
  return RESERVED_WORDS.has(out) ? `${out}_` : out;
}

/** A property key as written in a type or object literal (`amount`, `'weird-name'`). */
export function propKey(name: string): string {
  // `__proto__: v` (quoted or not) in an object literal sets the prototype; a computed key makes a field.
  if (name === '__proto__') return `[${q(name)}]`;
  return isIdentifier(name) ? name : q(name);
}

/** A method name as written in a type literal: `new(...)` there would declare a construct signature, not a method. */
export function methodSigKey(name: string): string {
  return name === 'new' ? q(name) : propKey(name);
}

/** Property access on `obj` (`v.amount`, `v['weird-name']`). */
export function propAccess(obj: string, name: string): string {
  return isIdentifier(name) ? `${obj}.${name}` : `${obj}[${q(name)}]`;
}

/** A single-quoted string literal. */
export function q(text: string): string {
  return `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}

/** `BalanceOf` → `balanceOf`. */
export function camel(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

/** `balanceOf` → `BalanceOf`. */
export function pascal(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toUpperCase() + name.slice(1);
}

/** A JSDoc block for `docs` at `indent`, or nothing. */
export function docBlock(docs: readonly string[] | undefined, indent: string): string[] {
  if (docs === undefined || docs.length === 0) return [];
  const body = docs.map((d) => d.replace(/\*\//g, '*\\/'));
  if (body.length === 1) return [`${indent}/** ${body[0]} */`];
  return [`${indent}/**`, ...body.map((d) => `${indent} * ${d}`.trimEnd()), `${indent} */`];
}

/** Hex byte literal list (`0x47, 0x4d, ...`). */
export function byteList(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ');
}
