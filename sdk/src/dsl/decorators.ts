import { SdkError } from '../errors/sprocket-error.js';
import { type ActorOptions, type HandlerOptions, type InitOptions, setActorOptions, setMethodMetadata } from './metadata.js';

// Decorators carry configuration only: the generator reads the types from the
// checker. They use the legacy (`experimentalDecorators`) signatures, which
// tsc, esbuild, vite and swc all run.

type AnyClass = abstract new (...args: never[]) => unknown;

/** The name a TC39 (standard) decorator context carries, if `key` is such a context. */
function standardContext(key: unknown): { name: string; kind: string } | undefined {
  if (typeof key !== 'object' || key === null || !('kind' in key) || !('name' in key)) return undefined;
  return { name: String((key as { name: unknown }).name), kind: String((key as { kind: unknown }).kind) };
}

/** The error for decorators compiled in TC39 (standard) mode instead of the legacy mode Sprocket uses. */
function decoratorModeError(decorator: string, context: { name: string; kind: string }): SdkError {
  return new SdkError(
    'SDK_DECORATOR_MODE',
    `@${decorator}() on ${context.kind} ${context.name} ran as a standard (TC39) decorator: enable experimentalDecorators ` +
      '("experimentalDecorators": true in tsconfig.json compilerOptions; esbuild, vite and tsx read it from there)',
  );
}

function requireMethod(decorator: string, target: object, key: string | symbol, descriptor: PropertyDescriptor | undefined): string {
  const context = standardContext(key);
  if (context !== undefined) throw decoratorModeError(decorator, context);
  if (typeof key !== 'string' || descriptor === undefined || typeof descriptor.value !== 'function') {
    const owner = (target as { constructor?: { name?: string } }).constructor?.name ?? 'class';
    throw new SdkError('SDK_BAD_DECORATOR', `@${decorator}() on ${owner}.${String(key)}: it decorates methods only`);
  }
  return key;
}

/** Marks a class (extending `Actor`) as a contract. */
export function actor(options: ActorOptions = {}): <C extends AnyClass>(target: C) => C {
  return (target, ...rest: unknown[]) => {
    const context = standardContext(rest[0]);
    if (context !== undefined) throw decoratorModeError('actor', context);
    setActorOptions(target, options, target.name);
    return target;
  };
}

/** Marks a method as a constructor of the program; several are allowed. `{ throws: true }`: it returns `Result<void, E>`. */
export function init(options: InitOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const patch: { kind: 'init'; throws?: boolean } = { kind: 'init' };
    if (options.throws !== undefined) patch.throws = options.throws;
    setMethodMetadata(target, requireMethod('init', target, key, descriptor), patch);
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
