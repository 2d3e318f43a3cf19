// When the gas report is on: the plugin option, overridden by the environment for one run.
import { describe, expect, it } from 'vitest';
import { gasReportSettings } from './options.js';

describe('gasReportSettings', () => {
  it('is off by default', () => {
    expect(gasReportSettings(undefined, {})).toBeUndefined();
    expect(gasReportSettings(false, { SPROCKET_GAS_REPORT: '' })).toBeUndefined();
  });

  it('follows the option when the environment says nothing', () => {
    expect(gasReportSettings(true, {})).toEqual({ print: true, json: undefined });
    expect(gasReportSettings({ json: 'gas.json', print: false }, {})).toEqual({ print: false, json: 'gas.json' });
  });

  it('lets the environment turn it on or off for one run', () => {
    expect(gasReportSettings(undefined, { SPROCKET_GAS_REPORT: '1' })).toEqual({ print: true, json: undefined });
    expect(gasReportSettings(undefined, { SPROCKET_GAS_REPORT: 'true' })).toEqual({ print: true, json: undefined });
    expect(gasReportSettings({ json: 'gas.json' }, { SPROCKET_GAS_REPORT: '0' })).toBeUndefined();
    expect(gasReportSettings(true, { SPROCKET_GAS_REPORT: 'false', SPROCKET_GAS_REPORT_JSON: 'x.json' })).toBeUndefined();
  });

  it('writes JSON where SPROCKET_GAS_REPORT_JSON says, which turns it on too', () => {
    expect(gasReportSettings(undefined, { SPROCKET_GAS_REPORT_JSON: 'out/gas.json' })).toEqual({ print: true, json: 'out/gas.json' });
    expect(gasReportSettings({ json: 'a.json' }, { SPROCKET_GAS_REPORT_JSON: 'b.json' })).toEqual({ print: true, json: 'b.json' });
  });

  it('refuses a value of SPROCKET_GAS_REPORT that is neither on nor off, saying what to write', () => {
    expect(() => gasReportSettings(undefined, { SPROCKET_GAS_REPORT: 'gas.json' })).toThrow(
      expect.objectContaining({ code: 'GAS_REPORT_ENV', message: expect.stringMatching(/SPROCKET_GAS_REPORT_JSON=<file>/) }),
    );
  });
});
