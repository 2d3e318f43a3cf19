import { describe, expect, it } from 'vitest';
import { ActorClient, isClientClass } from './actor-client.js';
import type { Transport } from './transport.js';

class CounterClient extends ActorClient {
  static at(transport: Transport, address: `0x${string}`): CounterClient {
    return new CounterClient(transport, address);
  }
}

describe('isClientClass', () => {
  it('recognises generated client classes, also those of another copy of the package', () => {
    expect(isClientClass(CounterClient)).toBe(true);
    // What a second copy's ActorClient looks like from here: a base class of its own with the registry-keyed brand.
    const OtherBase = class {};
    Object.defineProperty(OtherBase, Symbol.for('sprocket.clientClass'), { value: true });
    expect(isClientClass(class OtherCounterClient extends OtherBase {})).toBe(true);
  });

  it('tells actor classes, plain classes and values apart', () => {
    expect(isClientClass(class Counter {})).toBe(false);
    expect(isClientClass({ [Symbol.for('sprocket.clientClass')]: true })).toBe(false);
    expect(isClientClass(undefined)).toBe(false);
  });
});
