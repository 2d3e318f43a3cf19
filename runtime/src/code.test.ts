import { type GeneratedActor, type GeneratedFunction, type GeneratedService, interfaceIdBytes } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Counter, CounterGenerated } from './__fixtures__/counter.js';
import { Code } from './code.js';

const BASE = '0x0102030405060708';
const OTHER = '0x1111111111111111';

/** A 16-byte header with this interface id, entry id and route. */
function header(iface: string, entryId: number, route: number): Uint8Array {
  return Uint8Array.from([0x47, 0x4d, 0x01, 0x10, ...interfaceIdBytes(iface), entryId & 0xff, entryId >> 8, route, 0]);
}

/** Counter's definition with a second service on route 2 that inherits two functions of a base service. */
function withInherited(): GeneratedActor {
  const own = CounterGenerated.services[0] as GeneratedService;
  const [add, sub, value] = own.functions as GeneratedFunction[];
  const derived: GeneratedService = {
    name: 'Derived',
    route: 2,
    interfaceId: OTHER,
    functions: [
      { ...(value as GeneratedFunction), entryId: 0 },
      // The base's entry 0 collides with the derived service's own entry 0 on route 2; its entry 1 does not.
      { ...(add as GeneratedFunction), entryId: 0, interfaceId: BASE },
      { ...(sub as GeneratedFunction), entryId: 1, interfaceId: BASE },
    ],
    events: [...own.events.map((e) => ({ ...e, interfaceId: BASE }))],
  };
  return { ...CounterGenerated, services: [own, derived] };
}

describe('Code: dispatch of inherited functions by interface id', () => {
  const code = new Code(Counter, withInherited());

  it('finds a function by route, entry id and interface id, inherited ones included', () => {
    expect(code.entryOf(header(OTHER, 0, 2))?.method).toBe('value');
    expect(code.entryOf(header(BASE, 0, 2))?.method).toBe('add');
    expect(code.entryOf(header(BASE, 1, 2))?.method).toBe('sub');
    expect(code.entryOf(header(CounterGenerated.services[0]?.interfaceId ?? '', 0, 1))?.method).toBe('add');
    expect(code.entryOf(header(BASE, 1, 2))?.iface).toEqual(interfaceIdBytes(BASE));
  });

  it('refuses a header whose interface id no function of that route and entry id has', () => {
    expect(code.entryOf(header(BASE, 2, 2))).toBeUndefined();
    expect(code.entryOf(header(BASE, 0, 1))).toBeUndefined();
    expect(code.entryOf(header('0x9999999999999999', 0, 2))).toBeUndefined();
    expect([...code.allEntries()]).toHaveLength(6);
  });

  it('emits an event on the route of the service that handles the message, else on the first that has it', () => {
    const derived = withInherited().services[1];
    expect(code.event('Added', derived).service.route).toBe(2);
    expect(code.event('Added').service.route).toBe(1);
    expect(code.event('Added', CounterGenerated.services[0]).service.route).toBe(1);
  });
});
