import { describe, expect, it } from 'vitest';
import { ScaleError } from '../scale/errors.js';
import { ScaleReader } from '../scale/reader.js';
import { readHeader } from './header.js';

const GOOD = '474d0110579d6daba41b7d8200000100';

function refusal(hex: string, skip = 0): ScaleError {
  const reader = new ScaleReader(Uint8Array.from(Buffer.from(hex, 'hex')));
  reader.offset = skip;
  try {
    readHeader(reader);
  } catch (e) {
    if (e instanceof ScaleError) return e;
    throw e;
  }
  throw new Error(`expected a refusal of ${hex}`);
}

describe('readHeader refusals', () => {
  it('carry the byte offset of the field they are about, like every other decode error', () => {
    expect(refusal('474d01')).toMatchObject({ code: 'SCALE_SHORT_INPUT', path: 'header', offset: 0 });
    expect(refusal(`484d${GOOD.slice(4)}`)).toMatchObject({ code: 'SCALE_BAD_TAG', path: 'header.magic', offset: 0 });
    expect(refusal(`474d02${GOOD.slice(6)}`)).toMatchObject({ code: 'SCALE_BAD_TAG', path: 'header.version', offset: 2 });
    expect(refusal(`474d0111${GOOD.slice(8)}`)).toMatchObject({ code: 'SCALE_BAD_TAG', path: 'header.length', offset: 3 });
    expect(refusal(`${GOOD.slice(0, 30)}07`)).toMatchObject({ code: 'SCALE_BAD_TAG', path: 'header.reserved', offset: 15 });
  });

  it('count the offset from where the reader stood', () => {
    expect(refusal(`ffff474d02${GOOD.slice(6)}`, 2)).toMatchObject({ code: 'SCALE_BAD_TAG', path: 'header.version', offset: 4 });
    expect(refusal('ff474d01', 1)).toMatchObject({ code: 'SCALE_SHORT_INPUT', offset: 1 });
  });
});
