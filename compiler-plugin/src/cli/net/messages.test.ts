import { interfaceIdBytes, ScaleWriter, writeHeader } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { parseIdl } from '../../idl/parser.js';
import { decodeJsonEvent, encodeJsonCall, type NetTarget } from './messages.js';

const target = (params: NetTarget['params']): NetTarget => ({
  what: 'Poll.Vote',
  interfaceId: '0x28ecf9d1d31dd497',
  entryId: 3,
  route: 1,
  params,
  reply: undefined,
  types: new Map(),
});
const vote = target([{ name: 'option', type: { kind: 'primitive', name: 'u32' } }]);
const tally = target([]);
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { code?: string }).code} ${(e as Error).message}`;
  }
  return 'no error';
};

describe('encodeJsonCall', () => {
  it('takes no argument text as [] for a function without parameters', () => {
    expect(encodeJsonCall(tally, undefined)).toEqual(encodeJsonCall(tally, '[]'));
    expect(encodeJsonCall(tally, undefined)).toHaveLength(16);
  });
  it('names the signature with its types when the arguments are missing, not an array, or miscounted', () => {
    const expected = 'Poll.Vote(option: u32) takes 1 argument, as a JSON array in that order';
    expect(message(() => encodeJsonCall(vote, undefined))).toBe(`CLI_BAD_JSON no arguments given: ${expected}`);
    expect(message(() => encodeJsonCall(vote, '{"option":1}'))).toBe(
      `CLI_BAD_JSON the arguments must be a JSON array, got object: ${expected}`,
    );
    expect(message(() => encodeJsonCall(vote, '[1,2]'))).toBe(`CLI_BAD_JSON ${expected}, got 2`);
    expect(encodeJsonCall(vote, '[7]').at(-4)).toBe(7);
  });
});

describe('decodeJsonEvent', () => {
  const idl = `service Walker {
    events {
        Walked(u32),
    }
    functions {
        Walk(d: u32);
    }
}

service Dog {
    extends {
        Walker,
    }
    functions {
        Bark() -> u8;
    }
}

service Counter {
    events {
        Added(u32),
    }
    functions {
        Add(v: u32) -> u32;
    }
}

program Zoo {
    services {
        Dog,
        Counter: First,
        Counter: Second,
        Walker,
    }
}
`;
  const manifests = [parseIdl(idl, 'zoo.idl')];
  const event = (service: string, name: string, route: number): Uint8Array => {
    const def = manifests[0]?.services.find((s) => s.name === service);
    const ev = def?.events.find((e) => e.name === name);
    const w = new ScaleWriter(32);
    writeHeader(w, interfaceIdBytes(def?.interfaceId ?? ''), ev?.entryId ?? 0, route);
    w.u32(7);
    return w.finish();
  };

  it('names the service of the route the event came on', () => {
    expect(decodeJsonEvent(manifests, event('Counter', 'Added', 2))).toEqual({ service: 'First', event: 'Added', data: 7 });
    expect(decodeJsonEvent(manifests, event('Counter', 'Added', 3))).toEqual({ service: 'Second', event: 'Added', data: 7 });
    // a base's event on the route of a service that extends it
    expect(decodeJsonEvent(manifests, event('Walker', 'Walked', 1))).toEqual({ service: 'Dog', event: 'Walked', data: 7 });
    expect(decodeJsonEvent(manifests, event('Walker', 'Walked', 4))).toEqual({ service: 'Walker', event: 'Walked', data: 7 });
    // route 0 (infer the route): the first service that has it
    expect(decodeJsonEvent(manifests, event('Counter', 'Added', 0))).toEqual({ service: 'First', event: 'Added', data: 7 });
  });
});

describe('decodeJsonEvent of a base event that the derived service hides', () => {
  const idl = `service Base {
    events {
        Changed(u32),
    }
}

service Derived {
    extends {
        Base,
    }
    events {
        Changed(u32),
    }
}

program P {
    services {
        Derived,
    }
}
`;
  const manifests = [parseIdl(idl, 'p.idl')];
  const event = (service: string): Uint8Array => {
    const w = new ScaleWriter(32);
    writeHeader(w, interfaceIdBytes(manifests[0]?.services.find((s) => s.name === service)?.interfaceId ?? ''), 0, 1);
    w.u32(7);
    return w.finish();
  };
  it('names it <Base>.<Event>, as the generated client does', () => {
    expect(decodeJsonEvent(manifests, event('Derived'))).toEqual({ service: 'Derived', event: 'Changed', data: 7 });
    expect(decodeJsonEvent(manifests, event('Base'))).toEqual({ service: 'Derived', event: 'Base.Changed', data: 7 });
  });
});
