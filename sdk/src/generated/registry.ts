import { SdkError } from '../errors/sprocket-error.js';
import type { GeneratedActor } from './definition.js';

// Kept on globalThis so that two copies of the sdk in one process (a linked
// workspace beside an installed one) still see one registry.
const REGISTRY_KEY = Symbol.for('sprocket.generated-actors');
type Registry = Map<string, GeneratedActor>;

// Definitions injected by the vite plugin into modules without generated files: they yield to any
// definition registered by a `*.gen.ts` or by hand, so injection never causes a duplicate.
const injected = new WeakSet<GeneratedActor>();

function registry(): Registry {
  const holder = globalThis as { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= new Map();
  return holder[REGISTRY_KEY];
}

/** Called by generated code: makes an actor's codecs and dispatch table known to the runtime. */
export function registerGenerated(definition: GeneratedActor): GeneratedActor {
  const existing = registry().get(definition.name);
  if (existing !== undefined && existing.source !== definition.source && !injected.has(existing)) {
    throw new SdkError(
      'SDK_DUPLICATE_DEFINITION',
      `two actors are named ${definition.name}: ${existing.source} and ${definition.source}; rename one or give it @actor({ name })`,
    );
  }
  registry().set(definition.name, definition);
  return definition;
}

/** Called by code the vite plugin injects: registers a definition unless one of that name is already known. */
export function registerInjected(definition: GeneratedActor): GeneratedActor {
  const existing = registry().get(definition.name);
  if (existing !== undefined) return existing;
  injected.add(definition);
  registry().set(definition.name, definition);
  return definition;
}

/** The generated definition of an actor by program name, or undefined if its generated code was not loaded. */
export function findGenerated(name: string): GeneratedActor | undefined {
  return registry().get(name);
}

/** The generated definition of an actor; a clear error when the generation step is missing. */
export function requireGenerated(name: string, hint = ''): GeneratedActor {
  const found = registry().get(name);
  if (found === undefined) {
    throw new SdkError(
      'SDK_NOT_GENERATED',
      `no generated code is loaded for actor ${name}${hint ? ` (${hint})` : ''}: run \`npx sprocket gen\` and import the actor's .gen.ts, or add the Sprocket vitest plugin`,
    );
  }
  return found;
}
