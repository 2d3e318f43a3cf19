import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';

/** The stable diagnostic codes of the extractor, with what each one means. */
export const EXTRACT_CODES = {
  /** An actor file could not be read or parsed, or `@sprocket/sdk` cannot be resolved from it. */
  SPK1000: 'file cannot be read or parsed, or @sprocket/sdk cannot be resolved from it',
  /** Plain `number` (or `Number`) in a wire type. */
  SPK1001: 'plain number has no wire form',
  /** Plain `bigint` (or `BigInt`) in a wire type. */
  SPK1002: 'plain bigint has no wire form',
  /** `any` in a wire type. */
  SPK1003: 'any has no wire form',
  /** `unknown` in a wire type. */
  SPK1004: 'unknown has no wire form',
  /** `object`, `Object` or the empty type `{}` in a wire type. */
  SPK1005: 'object / {} has no wire form',
  /** A function type, a method signature or `Function` in a wire type. */
  SPK1006: 'functions have no wire form',
  /** `Date` in a wire type. */
  SPK1007: 'Date has no wire form',
  /** An instance of a class (a type with methods) in a wire type. */
  SPK1008: 'class instances have no wire form',
  /** An optional (`x?: T`) field or parameter, or `T | undefined`. */
  SPK1009: 'undefined-optional has no wire form',
  /** A handler without a return annotation whose inferred return type has no wire form. */
  SPK1010: 'inferred return type has no wire form',
  /** Two handlers (or two constructors) with the same route. */
  SPK1011: 'duplicate route',
  /** `@query()`, `@init()` or `@handler()` on something that is not a public instance method. */
  SPK1012: 'method decorator on something that is not a public method',
  /** `@actor()` on a class that does not extend `Actor` from @sprocket/sdk. */
  SPK1013: '@actor class does not extend Actor',
  /** The events of an actor (the type argument of `Actor<Events>`) are not an object type of event name to payload. */
  SPK1014: 'events declaration without a wire form',
  /** A union that is neither `T | null`, a string-literal union nor a tagged union. */
  SPK1015: 'union cannot be mapped',
  /** A recursive type (Sails interface ids cannot hash them). */
  SPK1016: 'recursive type',
  /** A method that is both `@init()` and `@query()`. */
  SPK1017: 'conflicting decorators',
  /** Decorator options that are not literals, unknown options, or a decorator used without a call. */
  SPK1018: 'bad decorator options',
  /** Any other type without a wire form (symbol, never, template literal, mapped/conditional types, TS enums, Set, Record, index signatures, generic handlers...). */
  SPK1019: 'type without a wire form',
  /** A handler parameter or a field without a type annotation. */
  SPK1020: 'missing type annotation',
  /** A rest or destructured handler parameter. */
  SPK1021: 'unsupported parameter form',
  /** An overloaded handler. */
  SPK1022: 'overloaded handler',
  /** Two different types, or two actors, with the same name. */
  SPK1023: 'name collision',
  /** A name that is not a valid identifier on the wire (route, variant, field, actor name). */
  SPK1024: 'invalid name',
  /** Wrong type arguments of an sdk type (`FixedBytes<N>` without a literal N, `Compact<T>` of a non-unsigned type, missing generic arguments). */
  SPK1025: 'bad type arguments',
  /** A tagged union whose variants all have no data (use a string-literal union instead). */
  SPK1026: 'tagged union with unit variants only',
  /** `@handler({ throws: true })` on a method that does not return `Result<T, E>`. */
  SPK1027: 'throws without a Result',
  /** A call promise in an actor method that is neither awaited, returned nor passed on (a forgotten `await`). */
  SPK1028: 'call promise not awaited',
  /** A class that extends `Actor` without `@actor()` (a warning: it is not a contract, so nothing is generated for it). */
  SPK1029: 'Actor subclass without @actor()',
  /** The tsconfig that compiles an actor file does not set `experimentalDecorators: true`. */
  SPK1030: 'legacy decorators not enabled',
  /** A `@query()` handler that writes state, sends, emits or sleeps (a warning: the runtime refuses it with QUERY_MUTATED). */
  SPK1031: 'query writes state',
  /** `u8[]` (`Array<u8>`) or `FixedArray<u8, N>` in a wire type: on the wire it is bytes, whose value is a Uint8Array. */
  SPK1032: 'u8 array instead of bytes',
  /** A public `get`/`set` accessor on an actor class (a warning: only public methods are routes, so no message reaches it). */
  SPK1033: 'accessor is not a handler',
  /** A default value on a handler or constructor parameter (a warning: every call carries every argument, so it never applies). */
  SPK1034: 'parameter default never applies',
  /** `@actor({ services, extends, events })` or `@handler({ service })` that does not lay out the services cleanly. */
  SPK1035: 'service layout',
  /** `| null` on a type that already includes null (through a type parameter, an alias or parentheses): TypeScript collapses the two levels into one. */
  SPK1036: 'nested null collapses',
  /** An actor's method, constructor or field writes a variable of its module (a warning: on a node, actors of one code share it, and it is not state). */
  SPK1037: 'module variable written',
  /** A field of an actor class typed to hold a generated client of another actor: state cannot keep one. */
  SPK1038: 'client kept in state',
  /** A public method of an actor named by a symbol or a run-time string (`[KEY]() {}`): not a route (a warning). */
  SPK1039: 'computed method name is not a route',
  /** A public property of an actor holding a function (`add = (n: u32) => n`): not a route (a warning). */
  SPK1040: 'function property is not a route',
} as const satisfies Record<DiagnosticCode, string>;

/** A code of the extractor. */
export type ExtractCode = keyof typeof EXTRACT_CODES;

/** Builds a diagnostic (an error unless `severity` says otherwise). */
export function diagnostic(
  code: ExtractCode,
  file: string,
  line: number,
  column: number,
  message: string,
  fix: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return { code, severity, message, fix, location: { file, line, column } };
}
