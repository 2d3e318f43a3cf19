// Straight-line field encoders for structs and enum variants, compiled once per codec. A shared loop over
// fields calls every codec's encodeTo from one call site, which the engine can neither specialise nor
// inline; a function compiled for one field list has a call site per field that sees a single codec.
// Field names enter the source only as JSON string literals and codecs only as arguments, so no input
// becomes code. Where code generation is refused (a Content-Security-Policy without 'unsafe-eval'), the
// caller keeps its generic loop. (Decoding keeps the generic loop: measured, a compiled decoder was no faster.)
import type { Codec } from './codec.js';
import { addPathSegment } from './errors.js';
import type { ScaleWriter } from './writer.js';

/** Encodes the named fields of `v` in order; errors get `prefix.field` inserted after `path`. */
export type FieldsEncoder = (w: ScaleWriter, v: Record<string, unknown>, path: string) => void;

/** Longest field list compiled into one function (longer lists keep the generic loop). */
const MAX_COMPILED_FIELDS = 64;
/** Distinguishes the sources of two field lists with equal names, so that each gets its own compiled function. */
let serial = 0;
/**
 * Set once code generation was refused: not tried again, so a page under a Content-Security-Policy logs one
 * violation, not one per codec.
 */
let refused = false;

/**
 * Turns compiled field encoders off for the codecs built from now on (`@sprocket/sdk/no-codegen`): for a page whose
 * Content-Security-Policy refuses code generation from strings, where even one refused attempt is logged.
 */
export function disableCompiledEncoders(): void {
  refused = true;
}

/**
 * Compiles an encoder of the fields `names` (codecs in `codecs`, errors prefixed with `prefix`); undefined
 * when the list is empty or too long, or code generation is not allowed.
 */
export function compileFieldsEncoder(
  names: readonly string[],
  codecs: readonly Codec<unknown>[],
  prefix: string,
): FieldsEncoder | undefined {
  const n = names.length;
  if (refused || n === 0 || n > MAX_COMPILED_FIELDS) return undefined;
  const steps: string[] = [];
  for (let i = 0; i < n; i++) steps.push(`i = ${i}; c${i}.encodeTo(w, v[${JSON.stringify(names[i])}], path);`);
  const source = [
    `// sprocket SCALE field encoder #${serial++}`,
    '"use strict";',
    'return function encodeFields(w, v, path) {',
    `  let i = 0;`,
    `  try { ${steps.join(' ')} }`,
    '  catch (e) { throw addPathSegment(e, path, prefix + "." + names[i]); }',
    '};',
  ].join('\n');
  const params = ['addPathSegment', 'names', 'prefix', ...codecs.map((_, i) => `c${i}`)];
  try {
    const factory = new Function(...params, source) as (...args: unknown[]) => FieldsEncoder;
    return factory(addPathSegment, names, prefix, ...codecs);
  } catch (e) {
    if (e instanceof EvalError) {
      refused = true;
      return undefined;
    }
    throw e;
  }
}
