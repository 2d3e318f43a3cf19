import { actor, type GeneratedActor, type GeneratedFunction, registerGenerated, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Counter, CounterGenerated } from './__fixtures__/counter.js';
import { Code } from './code.js';
import { isRuntimeError } from './errors.js';
import { staleDefinitionError } from './stale-definition.js';
import { createTestSystem } from './testing/index.js';

/** The Counter's definition with its functions changed as an older class would have generated them. */
function olderDefinition(change: (fns: readonly GeneratedFunction[]) => GeneratedFunction[]): GeneratedActor {
  const [service, ...rest] = CounterGenerated.services;
  if (service === undefined) throw new Error('fixture has no service');
  return { ...CounterGenerated, services: [{ ...service, functions: change(service.functions) }, ...rest] };
}

describe('a generated definition older than its class', () => {
  it('agrees with the class it was generated from', () => {
    expect(staleDefinitionError(Counter, CounterGenerated)).toBeUndefined();
    expect(() => new Code(Counter, CounterGenerated)).not.toThrow();
  });

  it('is refused when a method now takes more parameters than generated, naming both and the fix', () => {
    const older = olderDefinition((fns) => fns.map((f) => (f.method === 'add' ? { ...f, arity: 0 } : f)));
    let caught: unknown;
    try {
      new Code(Counter, older);
    } catch (e) {
      caught = e;
    }
    expect(isRuntimeError(caught, 'RUNTIME_STALE_DEFINITION')).toBe(true);
    expect((caught as Error).message).toContain('Counter.add takes 1 parameter, the generated Counter.Add 0');
    expect((caught as Error).message).toContain('Run `npx sprocket gen`');
  });

  it('is refused when it lists a handler the class no longer has', () => {
    const older = olderDefinition((fns) => [...fns, { ...(fns[0] as GeneratedFunction), name: 'Reset', method: 'reset', entryId: 9 }]);
    expect(staleDefinitionError(Counter, older)?.message).toContain('it lists Counter.Reset → reset(), which Counter does not have');
  });

  it('is refused when the class has a decorated handler or constructor the definition does not list (added since gen)', () => {
    const older = olderDefinition((fns) => fns.filter((f) => f.method !== 'value'));
    expect(staleDefinitionError(Counter, older)?.message).toContain('Counter.value is a @query() the generated code does not list');
    const noCtor = { ...CounterGenerated, constructors: [] };
    expect(staleDefinitionError(Counter, noCtor)?.message).toContain('Counter.new is a @init() the generated code does not list');
  });

  it('is refused when a method now takes fewer parameters than generated (a parameter removed since gen)', () => {
    const older = olderDefinition((fns) => fns.map((f) => (f.method === 'add' ? { ...f, arity: 2 } : f)));
    expect(staleDefinitionError(Counter, older)?.message).toContain('Counter.add takes 1 parameter, the generated Counter.Add 2');
    const noneLeft = olderDefinition((fns) => fns.map((f) => (f.method === 'value' ? { ...f, arity: 1 } : f)));
    expect(staleDefinitionError(Counter, noneLeft)?.message).toContain('Counter.value takes 0 parameters, the generated Counter.Value 1');
  });

  it('accepts a parameter with a default value: the definition records the method length, and an ES5 build counts every parameter', () => {
    class Defaults extends Counter {
      override add(value: u32, times: u32 = 1): u32 {
        return super.add(value * times);
      }
    }
    // As generated for add(value, times = 1): arity 2, methodLength 1.
    const current = olderDefinition((fns) => fns.map((f) => (f.method === 'add' ? { ...f, arity: 2, methodLength: 1 } : f)));
    expect(Defaults.prototype.add.length).toBe(1);
    expect(staleDefinitionError(Defaults, current)).toBeUndefined();
    const es5 = class extends Counter {};
    Object.defineProperty(es5.prototype, 'add', { value: function add(_value: u32, _times: u32) {} });
    expect(staleDefinitionError(es5, current)).toBeUndefined();
    // Generated for add(value, extra, times = 1), before `extra` was removed: arity 3, methodLength 2.
    const older = olderDefinition((fns) => fns.map((f) => (f.method === 'add' ? { ...f, arity: 3, methodLength: 2 } : f)));
    expect(staleDefinitionError(Defaults, older)?.message).toContain('Defaults.add takes 1 parameter, the generated Counter.Add 3');
  });

  it('does not count a handler wrapped by a decorator with a rest parameter (its length says nothing)', () => {
    // An owner check as contracts write it: the wrapper forwards whatever it gets.
    const onlyOwner = (_proto: object, _key: string, d: PropertyDescriptor): PropertyDescriptor => {
      const inner = d.value as (...args: unknown[]) => unknown;
      return {
        ...d,
        value(this: unknown, ...args: unknown[]) {
          return inner.apply(this, args);
        },
      };
    };
    class Guarded extends Counter {}
    const d = Object.getOwnPropertyDescriptor(Counter.prototype, 'add') as PropertyDescriptor;
    Object.defineProperty(Guarded.prototype, 'add', onlyOwner(Guarded.prototype, 'add', d));
    expect(Guarded.prototype.add.length).toBe(0);
    expect(staleDefinitionError(Guarded, CounterGenerated)).toBeUndefined();
    // The same wrapper does not hide a handler that is gone.
    const gone = olderDefinition((fns) => [...fns, { ...(fns[0] as GeneratedFunction), method: 'reset', name: 'Reset' }]);
    expect(staleDefinitionError(Guarded, gone)?.message).toContain('Counter.Reset → reset()');
  });
});

describe('a method added after gen, with no decorator (it cannot be told from a private helper at deploy)', () => {
  @actor()
  class LateCounter extends Counter {}
  // As generated before `sub` was written: the class has it, the definition does not.
  registerGenerated({ ...olderDefinition((fns) => fns.filter((f) => f.method !== 'sub')), name: 'LateCounter', source: 'late.ts' });

  it('rejects a call through the class-typed client with RUNTIME_STALE_DEFINITION, naming the method and the fix', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(LateCounter, 'new', [5]);
    await expect(counter.sub(1)).rejects.toMatchObject({
      code: 'RUNTIME_STALE_DEFINITION',
      message: expect.stringContaining('LateCounter.sub is not in the generated code of LateCounter (from late.ts)'),
    });
    expect(() => counter.send.sub(1)).toThrow(/Run `npx sprocket gen`/);
    expect(() => counter.with({ timeout: 5 }).send.sub(1)).toThrow(/LateCounter\.sub is not in the generated code/);
    expect(await counter.add(2)).toBe(7);
    expect(await sys.at(LateCounter, counter.address).value()).toBe(7);
  });
});
