import { interfaceIdBytes, ScaleWriter, toHex, writeHeader } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { decodeEvent, modelFromIdl } from './idl-model.js';

describe('decodeEvent of a base event that the derived service hides', () => {
  const model = modelFromIdl(
    `service Base {
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
`,
    'p.idl',
  );
  const event = (interfaceId: string): string => {
    const w = new ScaleWriter(32);
    writeHeader(w, interfaceIdBytes(interfaceId), 0, 1);
    w.u32(7);
    return toHex(w.finish());
  };
  it('names it <Service>.<Base>.<Event>, and the derived one <Service>.<Event>', () => {
    expect(model.events.map((e) => e.what)).toEqual(['Derived.Changed', 'Derived.Base.Changed']);
    const [derived, base] = model.events;
    expect(derived?.interfaceId).not.toBe(base?.interfaceId);
    expect(decodeEvent(model, event(derived?.interfaceId ?? ''))).toEqual({ what: 'Derived.Changed', json: 7 });
    expect(decodeEvent(model, event(base?.interfaceId ?? ''))).toEqual({ what: 'Derived.Base.Changed', json: 7 });
  });
});
