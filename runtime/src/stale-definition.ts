// A generated definition that no longer matches its class: the actor file changed after `sprocket gen` ran.
import { type GeneratedActor, getActorMetadata } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';

/**
 * The error for a definition that lists a handler the class does not have, or whose method now takes another
 * number of parameters than when it was generated; undefined when they agree as far as the class can tell.
 * A method's `length` leaves out a parameter with a default value and those after it: the definition records that
 * count (`methodLength`) when it differs from `arity`. A method compiled for ES5 counts every parameter, so `arity`
 * is accepted too. A method with a rest parameter is not counted: that is how a decorator that wraps a handler
 * (`function (...args)`, e.g. an owner check) looks, and its `length` says nothing about the handler's parameters.
 * (A parameter whose type changed cannot be seen on the class: its types are erased.)
 */
export function staleDefinitionError(actorClass: abstract new () => object, definition: GeneratedActor): RuntimeError | undefined {
  const proto = actorClass.prototype as Record<string, unknown>;
  const problems: string[] = [];
  for (const service of definition.services) {
    for (const fn of service.functions) {
      const method = proto[fn.method];
      if (typeof method !== 'function')
        problems.push(`it lists ${service.name}.${fn.name} → ${fn.method}(), which ${actorClass.name} does not have`);
      else if (method.length !== (fn.methodLength ?? fn.arity) && method.length !== fn.arity && !takesRest(method)) {
        problems.push(
          `${actorClass.name}.${fn.method} takes ${count(method.length)}, the generated ${service.name}.${fn.name} ${fn.arity}`,
        );
      }
    }
  }
  for (const ctor of definition.constructors) {
    if (ctor.method !== undefined && typeof proto[ctor.method] !== 'function') {
      problems.push(`it lists the constructor ${ctor.name} → ${ctor.method}(), which ${actorClass.name} does not have`);
    }
  }
  // A decorated method the definition does not list was added after `gen` ran (undecorated handlers cannot be told
  // from helpers here: `private` is erased).
  const listed = new Set(definition.services.flatMap((service) => service.functions.map((fn) => fn.method)));
  const ctors = new Set(definition.constructors.map((ctor) => ctor.method));
  for (const [method, meta] of getActorMetadata(actorClass)?.methods ?? []) {
    if (meta.kind === 'init' ? ctors.has(method) : listed.has(method)) continue;
    const decorator = meta.kind === 'init' ? '@init()' : meta.kind === 'query' ? '@query()' : '@handler()';
    problems.push(`${actorClass.name}.${method} is a ${decorator} the generated code does not list`);
  }
  if (problems.length === 0) return undefined;
  return new RuntimeError(
    'RUNTIME_STALE_DEFINITION',
    `the generated code of ${definition.name} (from ${definition.source}) is older than the class: ${problems.join('; ')}. ` +
      'Run `npx sprocket gen` (npm test and npm start in a new project do it first) and run again',
  );
}

/** Whether a function's source declares a rest parameter (a wrapper's `(...args)`); native code never matches. */
function takesRest(fn: object): boolean {
  let text: string;
  try {
    text = Function.prototype.toString.call(fn);
  } catch {
    return false;
  }
  const open = text.indexOf('(');
  const close = text.indexOf(')', open);
  return open >= 0 && close > open && text.slice(open, close).includes('...');
}

function count(n: number): string {
  return n === 1 ? '1 parameter' : `${n} parameters`;
}
