// Dispatch of a program with several services and base services under hostile headers: every mix of the routes,
// interface ids and entry ids the Demo port declares (and some it does not), with random argument bytes, reaches
// exactly the function the header names or is refused with UNKNOWN_ROUTE or DECODE_FAILED; nothing else fails, and
// the actor keeps its state and keeps answering.
import { createTestSystem } from '@sprocket/runtime/testing';
import { type ActorId, findGenerated, type GeneratedActor } from '@sprocket/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budget } from '../bad-input/budget.js';
import { Demo } from './demo/demo.js';
import './demo/demo.gen.js';

interface Addressed {
  /** `Service.Function` as the runtime names the route. */
  readonly name: string;
  readonly route: number;
  readonly iface: Uint8Array;
  readonly entryId: number;
  readonly arity: number;
}

function ifaceBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

/** Every function the program's headers can address, inherited ones on the routes of the services that inherit them. */
function addressable(def: GeneratedActor): Addressed[] {
  return def.services.flatMap((s) =>
    s.functions.map((f) => ({
      name: `${s.name}.${f.name}`,
      route: s.route,
      iface: ifaceBytes(f.interfaceId ?? s.interfaceId),
      entryId: f.entryId,
      arity: f.arity,
    })),
  );
}

function header(route: number, iface: Uint8Array, entryId: number): Uint8Array {
  const h = new Uint8Array(16);
  h.set([0x47, 0x4d, 0x01, 0x10]);
  h.set(iface, 4);
  h[12] = entryId & 0xff;
  h[13] = entryId >> 8;
  h[14] = route;
  return h;
}

const definition = findGenerated('DemoClient') as GeneratedActor;
const targets = addressable(definition);

describe('the Demo port under hostile headers', () => {
  it('declares inherited functions on several routes (the case under test)', () => {
    const names = targets.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['Dog.AvgWeight', 'Dog.Walk', 'Chain.AvgWeight', 'Dog.MakeSound']));
    // One (route, entry id) pair held by two interfaces: dispatch must read the interface id too.
    const keys = targets.map((t) => `${t.route}:${t.entryId}`);
    expect(new Set(keys).size).toBeLessThan(keys.length);
  });

  it('reaches the function the header names, or refuses the message; state and service survive', async () => {
    const sys = createTestSystem({ seed: 'dispatch-fuzz' });
    const demo = await sys.deploy(Demo, 'new', [5, [1, 2]]);
    const address = demo.address as ActorId;
    const byKey = new Map(targets.map((t) => [`${t.route}:${Buffer.from(t.iface).toString('hex')}:${t.entryId}`, t]));
    const routes = [...new Set(targets.map((t) => t.route)), 0, 11, 255];
    const ifaces = [...new Map(targets.map((t) => [Buffer.from(t.iface).toString('hex'), t.iface])).values()];
    const entryIds = [...new Set(targets.map((t) => t.entryId)), 77];
    let reached = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // A function's own header (no arguments for one that takes none), or a mix of the parts of several.
          fc
            .constantFrom(...targets)
            .chain((t) =>
              fc.tuple(
                fc.constant(t.route),
                fc.constant(t.iface),
                fc.constant(t.entryId),
                t.arity === 0 ? fc.constant(new Uint8Array(0)) : fc.uint8Array({ maxLength: 12 }),
              ),
            ),
          fc.tuple(
            fc.constantFrom(...routes),
            fc.oneof(fc.constantFrom(...ifaces), fc.uint8Array({ minLength: 8, maxLength: 8 })),
            fc.constantFrom(...entryIds),
            fc.uint8Array({ maxLength: 12 }),
          ),
        ),
        async ([route, iface, entryId, args]) => {
          const bytes = new Uint8Array(16 + args.length);
          bytes.set(header(route, iface, entryId));
          bytes.set(args, 16);
          const id = sys.send(address, bytes);
          await sys.runUntilIdle();
          const reply = sys.expectReply(id);
          const target = byKey.get(`${route}:${Buffer.from(iface).toString('hex')}:${entryId}`);
          if (target === undefined) {
            // Route 0 asks the runtime to infer the route from the interface id: a service's own functions are reached.
            if (reply.ok || reply.code !== 'UNKNOWN_ROUTE') {
              expect(route).toBe(0);
              if (!reply.ok) expect(reply.code).not.toBe('RUNTIME_INTERNAL');
            } else refused++;
            return;
          }
          if (reply.ok) {
            reached++;
            // A reply repeats the header of the request it answers (a `()` result replies with nothing, DESIGN §4).
            if (reply.payload.length > 0)
              expect(Buffer.from(reply.payload.subarray(0, 16)).toString('hex')).toBe(Buffer.from(bytes.subarray(0, 16)).toString('hex'));
          } else {
            expect(['DECODE_FAILED', 'HANDLER_FAILED', 'VALUE_REJECTED', 'QUERY_MUTATED']).toContain(reply.code);
            if (reply.code !== 'DECODE_FAILED') expect(reply.route).toBe(target.name);
          }
        },
      ),
      budget(300),
    );
    expect(refused).toBeGreaterThan(0);
    expect(reached).toBeGreaterThan(0);
    // The actor answers as before: what the successful messages changed is all that changed.
    expect(await demo.value()).toBeGreaterThanOrEqual(0);
    const sound = await sys.at(Demo, address).dogMakeSound();
    expect(sound).toBe('Woof! Woof!');
  });
});
