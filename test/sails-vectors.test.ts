// Sails IDL layer against the reference vectors in test/vectors/sails.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeInterfaceId, emitIdl, parseIdl } from '../compiler-plugin/src/idl/index.js';
import type { Manifest, ServiceDef } from '../compiler-plugin/src/manifest/types.js';

interface SailsVectors {
  readonly idl: string;
  readonly interfaceId: string;
  readonly messages: readonly {
    readonly route: number;
    readonly entry?: string;
    readonly event?: string;
    readonly args: readonly number[];
    readonly hex: string;
  }[];
  readonly entryIds: Record<string, number> & { readonly events: Record<string, number> };
}

const vectors = JSON.parse(readFileSync(new URL('./vectors/sails.json', import.meta.url), 'utf8')) as SailsVectors;

const u32: ServiceDef['functions'][number]['returns'] = { kind: 'primitive', name: 'u32' };

/** The Counter service of DESIGN.md section 1, as the TS extractor would describe it. */
const counterManifest: Manifest = {
  version: 1,
  source: '<idl>',
  services: [
    {
      name: 'Counter',
      interfaceId: vectors.interfaceId,
      extends: [],
      functions: [
        { name: 'Add', method: 'add', kind: 'command', params: [{ name: 'value', type: u32 }], returns: u32, entryId: 0, payable: false },
        { name: 'Sub', method: 'sub', kind: 'command', params: [{ name: 'value', type: u32 }], returns: u32, entryId: 1, payable: false },
        { name: 'Value', method: 'value', kind: 'query', params: [], returns: u32, entryId: 2, payable: false },
      ],
      events: [
        { name: 'Added', fields: [{ type: u32 }], entryId: 0 },
        { name: 'Subtracted', fields: [{ type: u32 }], entryId: 1 },
      ],
      types: [],
    },
  ],
};

/** Builds a Sails v1 header ‖ SCALE(u32 args) by hand, to cross-check ids against the message vectors. */
function message(interfaceId: string, entryId: number, route: number, args: readonly number[]): string {
  const bytes = [0x47, 0x4d, 0x01, 0x10];
  for (let i = 2; i < 18; i += 2) bytes.push(Number.parseInt(interfaceId.slice(i, i + 2), 16));
  bytes.push(entryId & 0xff, entryId >> 8, route, 0);
  for (const a of args) bytes.push(a & 0xff, (a >>> 8) & 0xff, (a >>> 16) & 0xff, (a >>> 24) & 0xff);
  return `0x${bytes.map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

describe('sails.json vectors', () => {
  const parsed = parseIdl(vectors.idl);
  const counter = parsed.services[0]!;

  it('computes the Counter interface id', () => {
    expect(computeInterfaceId(counterManifest.services[0]!, () => undefined, new Map())).toBe(vectors.interfaceId);
  });

  it('parses the reference IDL: id and entry ids match', () => {
    expect(parsed.services).toHaveLength(1);
    expect(counter.interfaceId).toBe(vectors.interfaceId);
    for (const f of counter.functions) expect(f.entryId).toBe(vectors.entryIds[f.name]);
    for (const e of counter.events) expect(e.entryId).toBe(vectors.entryIds.events[e.name]);
  });

  it('parses to the manifest the extractor would build for the Counter', () => {
    expect(parsed).toEqual(counterManifest);
  });

  it('emits the reference IDL byte for byte, from the parsed and from the hand-built manifest', () => {
    expect(emitIdl(parsed)).toBe(vectors.idl);
    expect(emitIdl(counterManifest)).toBe(vectors.idl);
    expect(emitIdl({ ...counterManifest, services: [{ ...counterManifest.services[0]!, interfaceId: '' }] })).toBe(vectors.idl);
  });

  it('agrees with the message vectors on interface id and entry ids', () => {
    for (const m of vectors.messages) {
      const entryId =
        m.entry !== undefined
          ? counter.functions.find((f) => f.name === m.entry)!.entryId
          : counter.events.find((e) => e.name === m.event)!.entryId;
      expect(message(counter.interfaceId, entryId, m.route, m.args)).toBe(m.hex);
    }
  });
});
