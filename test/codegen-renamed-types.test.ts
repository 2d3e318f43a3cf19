// A type the generated module has to rename (a TypeScript global such as `Promise` becomes `Promise_`; a `Kind` that
// two services define differently becomes `SvcKind` and `OtherKind`): errors from JSON conversion and from the
// codecs name it as the IDL does, in the generated client and in the CLI alike.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ScaleError, ScaleReader } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeJsonCall } from '../compiler-plugin/src/cli/net/messages.js';
import { findTarget } from '../compiler-plugin/src/cli/target.js';
import { emitGenerated } from '../compiler-plugin/src/emit/generated.js';
import { parseIdl } from '../compiler-plugin/src/idl/parser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, 'test', '.tmp', `codegen-renamed-types-${process.pid}`);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const IDL = `service Svc {
    functions {
        Put(p: Promise) -> u32;
    }
    types {
        struct Promise {
            amount: u32,
            tag: Kind,
        }
        enum Kind {
            A,
            B(u8),
        }
    }
}

service Other {
    functions {
        Take(k: Kind);
    }
    types {
        enum Kind {
            X,
            Y,
        }
    }
}

program Ren {
    services {
        Svc,
        Other,
    }
}
`;
const manifest = parseIdl(IDL, 'ren.idl');

const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { code?: string }).code} ${(e as Error).message}`;
  }
  return 'accepted';
};

describe('a type the generated module renames', () => {
  it('is named as the IDL names it in the errors of the generated client', async () => {
    mkdirSync(tmp, { recursive: true });
    const out = join(tmp, 'ren.ts');
    writeFileSync(out, emitGenerated({ ...manifest, source: 'ren.idl' }, { idl: IDL, command: 'sprocket client', source: 'ren.idl' }));
    const { RenDefinition, RenCodecs } = await import(out);
    expect(Object.keys(RenCodecs)).toContain('Promise_');
    const put = RenDefinition.services[0].functions[0];
    expect(failure(() => put.argsToJson([{ amount: 1, tag: { kind: 'C' } }]))).toBe(
      'SCALE_BAD_VALUE Svc.Put.p.tag: Kind expects kind "A", "B", got "C"',
    );
    // A failure inside a named type is placed at the argument, never named by the module's `Promise_`.
    expect(failure(() => put.encodeCall([5]))).toBe('SCALE_BAD_VALUE Svc.Put.p: expected an object, got 5');
    expect(failure(() => put.encodeCall([{ amount: 1, tag: { kind: 'B', value: 300 } }]))).toMatch(/^SCALE_RANGE Svc\.Put\.p\.tag\.B: /);
    expect(failure(() => RenCodecs.Promise_.decode(new Uint8Array([1, 0, 0, 0, 0, 9])))).toMatch(/^SCALE_TRAILING_BYTES Promise: /);
    // Decoding the arguments: a bad tag inside the named types is placed at the argument and field, with its offset.
    const bad = (() => {
      try {
        put.decodeArgs(new ScaleReader(new Uint8Array([1, 0, 0, 0, 7])));
      } catch (e) {
        return e as ScaleError;
      }
    })();
    expect(bad?.message).toBe('Svc.Put.p.tag: bad Kind variant index 7');
    expect(bad?.offset).toBe(4);
  });

  it('is named as the IDL names it in the errors of the CLI', () => {
    const put = findTarget([manifest], 'Svc.Put', undefined, 'encode');
    expect(failure(() => encodeJsonCall(put, '[5]'))).toBe('SCALE_BAD_JSON Svc.Put.p: expected an object for Promise, got number');
    expect(failure(() => encodeJsonCall(put, '[{"amount":1}]'))).toBe('SCALE_BAD_JSON Svc.Put.p.tag: missing field of Promise');
    expect(failure(() => encodeJsonCall(put, '{}'))).toBe(
      'CLI_BAD_JSON the arguments must be a JSON array, got object: Svc.Put(p: Promise) takes 1 argument, as a JSON array in that order',
    );
    const take = findTarget([manifest], 'Other.Take', undefined, 'encode');
    expect(failure(() => encodeJsonCall(take, '["Q"]'))).toBe('SCALE_BAD_JSON Other.Take.k: Kind expects one of "X", "Y", got "Q"');
  });
});
