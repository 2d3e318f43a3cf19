// Local variable names of one generated function: every emitter of the function draws from one counter, so names
// never collide however deeply composite types are inlined.

/** Per-function counter of local variable names. */
export interface Scope {
  n: number;
}

/** A fresh local name with `prefix`. */
export function local(scope: Scope, prefix: string): string {
  return `${prefix}${scope.n++}`;
}
