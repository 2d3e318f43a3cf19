// The gas report's aggregation: per route counts, totals, least and most gas, failures apart; merging tallies in
// any order and any split gives the same report, byte for byte; malformed wire rows are skipped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gasReportJson } from './json.js';
import { gasReportTable } from './table.js';
import { GasTally } from './tally.js';

type Message = [actor: string, route: string, gas: number, ok: boolean];

const message = fc
  .tuple(
    fc.constantFrom('Counter', 'Relay', 'Ä'),
    fc.constantFrom('New', 'Add', 'Sub', 'Default', 'b', 'B'),
    fc.nat(60_000_000),
    fc.boolean(),
  )
  .map(([actor, fn, gas, ok]): Message => [actor, `${actor}.${fn}`, gas, ok]);

function tallyOf(messages: readonly Message[]): GasTally {
  const tally = new GasTally();
  for (const m of messages) tally.record(...m);
  return tally;
}

describe('GasTally', () => {
  it('keeps count, total, min and max per route, failures apart', () => {
    const tally = tallyOf([
      ['Counter', 'Counter.Add', 1500, true],
      ['Counter', 'Counter.Add', 1700, true],
      ['Counter', 'Counter.Add', 1600, true],
      ['Counter', 'Counter.Add', 900, false],
      ['Counter', 'Counter.Sub', 1021, false],
      ['Counter', 'Counter.New', 1030, true],
    ]);
    expect(gasReportJson(tally)).toEqual({
      version: 1,
      routes: [
        {
          actor: 'Counter',
          route: 'Counter.Add',
          ok: { messages: 3, min: 1500, avg: 1600, max: 1700, total: 4800 },
          failed: { messages: 1, min: 900, avg: 900, max: 900, total: 900 },
        },
        {
          actor: 'Counter',
          route: 'Counter.New',
          ok: { messages: 1, min: 1030, avg: 1030, max: 1030, total: 1030 },
          failed: { messages: 0, min: 0, avg: 0, max: 0, total: 0 },
        },
        {
          actor: 'Counter',
          route: 'Counter.Sub',
          ok: { messages: 0, min: 0, avg: 0, max: 0, total: 0 },
          failed: { messages: 1, min: 1021, avg: 1021, max: 1021, total: 1021 },
        },
      ],
      totals: { messages: 6, failed: 2, gas: 4800 + 900 + 1030 + 1021 },
    });
  });

  it('rounds the average', () => {
    const json = gasReportJson(
      tallyOf([
        ['A', 'A.F', 1, true],
        ['A', 'A.F', 2, true],
      ]),
    );
    expect(json.routes[0]?.ok.avg).toBe(2);
  });

  it('gives the same report however the messages are split into tallies and merged', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 60 }), fc.array(fc.nat(5), { maxLength: 60 }), (messages, parts) => {
        const whole = JSON.stringify(gasReportJson(tallyOf(messages)));
        // Split the messages into up to six tallies (as workers and tests would), then merge them in reverse.
        const pieces = Array.from({ length: 6 }, () => new GasTally());
        messages.forEach((m, i) => {
          (pieces[parts[i % Math.max(1, parts.length)] ?? 0] as GasTally).record(...m);
        });
        const merged = new GasTally();
        for (const piece of pieces.reverse()) merged.merge(JSON.parse(JSON.stringify(piece.toWire())));
        expect(JSON.stringify(gasReportJson(merged))).toBe(whole);
        expect(gasReportTable(gasReportJson(merged))).toBe(gasReportTable(JSON.parse(whole)));
      }),
    );
  });

  it('sorts by actor, then route, by code unit (not by locale)', () => {
    const json = gasReportJson(
      tallyOf([
        ['Relay', 'Relay.b', 1, true],
        ['Counter', 'Counter.b', 1, true],
        ['Relay', 'Relay.B', 1, true],
        ['Ä', 'Ä.a', 1, true],
      ]),
    );
    expect(json.routes.map((r) => r.route)).toEqual(['Counter.b', 'Relay.B', 'Relay.b', 'Ä.a']);
  });

  it('skips malformed wire rows and keeps the good ones', () => {
    const tally = new GasTally();
    tally.merge('not a tally');
    tally.merge([
      ['A', 'A.F', 1, 5, 5, 5, 0, 0, 0, 0],
      ['A', 'A.F', 1, 5, 5, 5, 0, 0, 0],
      ['A', 'A.F', -1, 5, 5, 5, 0, 0, 0, 0],
      ['A', 'A.F', 1.5, 5, 5, 5, 0, 0, 0, 0],
      [1, 'A.F', 1, 5, 5, 5, 0, 0, 0, 0],
      null,
    ]);
    expect(tally.toWire()).toEqual([['A', 'A.F', 1, 5, 5, 5, 0, 0, 0, 0]]);
  });
});

describe('gasReportTable', () => {
  it('lines up one row per route, groups digits, and shows "-" where there are no messages', () => {
    const table = gasReportTable(
      gasReportJson(
        tallyOf([
          ['Counter', 'Counter.Add', 1_234_567, true],
          ['Counter', 'Counter.Sub', 1021, false],
        ]),
      ),
    );
    expect(table).toBe(
      [
        'Sprocket gas report: 2 handled messages (1 failed), 1,235,588 gas',
        '',
        'Actor    Route        Calls        Min        Avg        Max  Failed  Failed min  Failed avg  Failed max',
        '-------  -----------  -----  ---------  ---------  ---------  ------  ----------  ----------  ----------',
        'Counter  Counter.Add      1  1,234,567  1,234,567  1,234,567       0           -           -           -',
        'Counter  Counter.Sub      0          -          -          -       1       1,021       1,021       1,021',
        '',
      ].join('\n'),
    );
  });

  it('says so when no message was handled', () => {
    expect(gasReportTable(gasReportJson(new GasTally()))).toBe(
      'Sprocket gas report: 0 handled messages (0 failed), 0 gas\n(no test system handled a message)\n',
    );
  });
});
