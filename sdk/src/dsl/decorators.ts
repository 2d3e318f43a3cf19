import { SdkError } from '../errors/sprocket-error.js';
import { type ActorOptions, type HandlerOptions, setActorOptions, setMethodMetadata } from './metadata.js';

// Decorators carry configuration only: the generator reads the types from the
// checker. They use the legacy (`experimentalDecorators`) signatures, which
// tsc, esbuild, vite and swc all run.

type AnyClass = abstract new (...args: never[]) => unknown;

function requireMethod(decorator: string, target: object, key: string | symbol, descriptor: PropertyDescriptor | undefined): string {
  if (typeof key !== 'string' || descriptor === undefined || typeof descriptor.value !== 'function') {
    const owner = (target as { constructor?: { name?: string } }).constructor?.name ?? 'class';
    throw new SdkError('SDK_BAD_DECORATOR', `@${decorator}() on ${owner}.${String(key)}: it decorates methods only`);
  }
  return key;
}

/** Marks a class (extending `Actor`) as a contract. */
export function actor(options: ActorOptions = {}): <C extends AnyClass>(target: C) => C {
  return (target) => {
    setActorOptions(target, options, target.name);
    return target;
  };
}

/** Marks a method as a constructor of the program; several are allowed. */
export function init(): MethodDecorator {
  return (target, key, descriptor) => {
    setMethodMetadata(target, requireMethod('init', target, key, descriptor), { kind: 'init' });
  };
}

/** Marks a method as a query: read-only, run against the current state. */
export function query(): MethodDecorator {
  return (target, key, descriptor) => {
    setMethodMetadata(target, requireMethod('query', target, key, descriptor), { kind: 'query' });
  };
}

/** Configures a handler: its route name, whether it accepts value, whether it `throws` its Result's error. */
export function handler(options: HandlerOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const patch: { route?: string; payable?: boolean; throws?: boolean } = {};
    if (options.route !== undefined) patch.route = options.route;
    if (options.payable !== undefined) patch.payable = options.payable;
    if (options.throws !== undefined) patch.throws = options.throws;
    setMethodMetadata(target, requireMethod('handler', target, key, descriptor), patch);
  };
}
