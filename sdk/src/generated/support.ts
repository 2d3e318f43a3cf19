// Helpers that every generated `*.gen.ts` module calls. They live here, once, instead of being
// written again into each generated file; generated code imports them under short `$` aliases.
import { SdkError } from '../errors/sprocket-error.js';
import { readHeader } from '../sails/header.js';
import { ScaleError, type ScaleErrorCode } from '../scale/errors.js';
import type { ScaleReader } from '../scale/reader.js';
import type { GeneratedConstructor } from './definition.js';

/** `String(v)`, or its type when it cannot be turned into a string (a null-prototype object, a throwing `toString`). */
function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return typeof v;
  }
}

/** The error for a value of the wrong shape or range, naming the field and showing what was given. */
export function scaleValueError(code: ScaleErrorCode, path: string, expected: string, got: unknown): ScaleError {
  const full =
    typeof got === 'bigint'
      ? `${got}n`
      : typeof got === 'string'
        ? JSON.stringify(got)
        : Array.isArray(got)
          ? `an array of ${got.length} ${got.length === 1 ? 'item' : 'items'}`
          : safeString(got);
  const shown = full.length > 80 ? `${full.slice(0, 77)}...` : full;
  return new ScaleError(code, path, `expected ${expected}, got ${shown}`);
}

/**
 * A failure of a named type's encoder, whose paths start with the type's name (`Inner.tags[]`), placed where the
 * type was written (`label` `Inner` at `path` `Outer.inner` gives `Outer.inner.tags[]`); any other error unchanged.
 */
export function placeScaleError(error: unknown, label: string, path: string): unknown {
  if (!(error instanceof ScaleError)) return error;
  const p = error.path;
  if (p !== label && !p.startsWith(`${label}.`) && !p.startsWith(`${label}[`)) return error;
  return error.withPath(path + p.slice(label.length));
}

/** The error for a call with the wrong number of arguments. */
export function argumentCountError(path: string, expected: number, got: number): ScaleError {
  return new ScaleError('SCALE_BAD_LENGTH', path, `expects ${expected} ${expected === 1 ? 'argument' : 'arguments'}, got ${got}`);
}

/** Checks that JSON arguments are an array of `count` items and returns it. */
export function jsonArguments(json: unknown, count: number, path: string): unknown[] {
  if (!Array.isArray(json)) {
    throw new ScaleError(
      'SCALE_BAD_JSON',
      path,
      `expected a JSON array of ${count} ${count === 1 ? 'argument' : 'arguments'}, got ${json === null ? 'null' : typeof json}`,
    );
  }
  if (json.length !== count)
    throw new ScaleError('SCALE_BAD_JSON', path, `expected ${count} ${count === 1 ? 'argument' : 'arguments'}, got ${json.length}`);
  return json;
}

/** Consumes a 16-byte Sails header equal to `expected` (a byte compare on the hot path), or throws naming both. */
export function expectHeader(reader: ScaleReader, expected: Uint8Array, what: string): void {
  const input = reader.input;
  const start = reader.offset;
  if (input.length - start >= 16) {
    let i = 0;
    while (i < 16 && input[start + i] === expected[i]) i++;
    if (i === 16) {
      reader.offset = start + 16;
      return;
    }
  }
  const got = readHeader(reader);
  let id = '0x';
  for (let i = 4; i < 12; i++) id += (expected[i] as number).toString(16).padStart(2, '0');
  const entry = (expected[12] as number) | ((expected[13] as number) << 8);
  throw new ScaleError(
    'SCALE_BAD_TAG',
    `${what}.header`,
    `expected interface ${id} entry ${entry} route ${expected[14]}, got interface ${got.interfaceId} entry ${got.entryId} route ${got.route}`,
    { offset: start },
  );
}

/** A map's entries in key order (BTreeMap order by `compare`); equal keys are an error naming the entry. */
export function sortMapEntries<K, V>(map: ReadonlyMap<K, V>, compare: (a: K, b: K) => number, path: string): [K, V][] {
  const entries = [...map.entries()];
  entries.sort((a, b) => compare(a[0], b[0]));
  for (let i = 1; i < entries.length; i++) {
    const previous = entries[i - 1] as [K, V];
    const current = entries[i] as [K, V];
    if (compare(previous[0], current[0]) === 0)
      throw scaleValueError('SCALE_BAD_VALUE', `${path}[${i}].key`, 'distinct map keys', current[0]);
  }
  return entries;
}

/**
 * The constructor `name` of a generated client's `deploy` from its `ctors` map, or an SDK_UNKNOWN_CONSTRUCTOR error
 * naming `actor`, the name and the constructors it has. Only own keys count: the map is an object literal, so an
 * inherited name (`toString`, `__proto__`) would otherwise find an Object.prototype member.
 */
export function deployConstructor(
  actor: string,
  ctors: Readonly<Record<string, GeneratedConstructor>>,
  name: unknown,
): GeneratedConstructor {
  if (typeof name === 'string' && Object.hasOwn(ctors, name)) return ctors[name] as GeneratedConstructor;
  const given = typeof name === 'string' ? JSON.stringify(name) : safeString(name);
  throw new SdkError(
    'SDK_UNKNOWN_CONSTRUCTOR',
    `deploy: ${actor} has no constructor ${given}; its constructors: ${Object.keys(ctors).join(', ')}`,
  );
}
