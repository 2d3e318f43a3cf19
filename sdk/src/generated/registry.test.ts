import { describe, expect, it } from 'vitest';
import type { GeneratedActor } from './definition.js';
import { findGenerated, registerGenerated, registerInjected, requireGenerated } from './registry.js';

function definition(name: string, source: string): GeneratedActor {
  return { name, source, idl: '', constructors: [], services: [] };
}

describe('the generated-actor registry', () => {
  it('re-registering from the same source replaces; another source is a duplicate error', () => {
    const first = registerGenerated(definition('RegistryA', 'a.ts'));
    expect(findGenerated('RegistryA')).toBe(first);
    const again = registerGenerated(definition('RegistryA', 'a.ts'));
    expect(findGenerated('RegistryA')).toBe(again);
    expect(() => registerGenerated(definition('RegistryA', 'b.ts'))).toThrow(/two actors are named RegistryA: a\.ts and b\.ts/);
  });

  it('an injected definition yields to an existing one and is replaced by an explicit one', () => {
    const injected = registerInjected(definition('RegistryB', 'injected.ts'));
    expect(registerInjected(definition('RegistryB', 'other.ts'))).toBe(injected);
    const explicit = registerGenerated(definition('RegistryB', 'gen.ts'));
    expect(findGenerated('RegistryB')).toBe(explicit);
    expect(registerInjected(definition('RegistryB', 'late.ts'))).toBe(explicit);
  });

  it('a missing definition is a clear SDK_NOT_GENERATED error', () => {
    expect(() => requireGenerated('RegistryMissing', 'deploying RegistryMissing')).toThrow(
      expect.objectContaining({ code: 'SDK_NOT_GENERATED', message: expect.stringMatching(/RegistryMissing.*sprocket gen/) }),
    );
  });
});
