// The gas report's hook: every handled message reaches the sink with its actor, route, gas and outcome, the gas
// being what `gasOf` reports; a test system finds a sink installed on globalThis; without one nothing is told.
import { __sprocketGas, Actor, actor, init, type MessageId, type u32 } from '@sprocket/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { GAS_REPORT_SINK, type GasReportSink, installedGasReport } from './gas-report.js';
import { createTestSystem } from './testing/index.js';

@actor()
class Reported extends Actor {
  total: u32 = 0;

  @init()
  start(n: u32): void {
    for (let i = 0; i < n; i++) __sprocketGas(1);
    this.total = n;
  }

  add(n: u32): u32 {
    for (let i = 0; i < n; i++) __sprocketGas(1);
    this.total += n;
    return this.total;
  }

  fail(): u32 {
    this.total += 1;
    throw new Error('no');
  }
}

/** Charges gas without end (a field initializer runs it in the class constructor). */
function spin(): u32 {
  for (;;) __sprocketGas(1);
}

@actor()
class SpinsInConstructor extends Actor {
  value: u32 = spin();
}

type Row = [actor: string, route: string, gas: number, ok: boolean];

function collector(): GasReportSink & { rows: Row[] } {
  const rows: Row[] = [];
  return { rows, record: (actor, route, gas, ok) => rows.push([actor, route, gas, ok]) };
}

const slot = globalThis as { [GAS_REPORT_SINK]?: unknown };

afterEach(() => {
  delete slot[GAS_REPORT_SINK];
});

describe('gas report sink', () => {
  it('tells every handled message with its route, gasOf figure and outcome, constructors included', async () => {
    const sink = collector();
    const sys = createTestSystem({ seed: 1, gasReport: sink });
    const reported = await sys.deploy(Reported, 'start', [3]);
    const ids = [reported.send.add(10), reported.send.fail(), reported.send.add(2)];
    await sys.runUntilIdle();
    const deploy = sink.rows[0];
    expect(deploy).toEqual(['Reported', 'Reported.Start', expect.any(Number), true]);
    expect(sink.rows.slice(1)).toEqual([
      ['Reported', 'Reported.Add', sys.gasOf(ids[0] as MessageId), true],
      ['Reported', 'Reported.Fail', sys.gasOf(ids[1] as MessageId), false],
      ['Reported', 'Reported.Add', sys.gasOf(ids[2] as MessageId), true],
    ]);
    expect(sink.rows[1]?.[2]).toBeGreaterThan(sink.rows[3]?.[2] ?? Number.POSITIVE_INFINITY);
  });

  it('reports a constructor that runs out of gas as a failure', async () => {
    const sink = collector();
    const sys = createTestSystem({ seed: 1, gasReport: sink });
    await expect(sys.deploy(Reported, 'start', [100_000], { gasLimit: 5_000 })).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    expect(sink.rows).toEqual([['Reported', 'Reported.Start', 5_000, false]]);
    await expect(sys.deploy(SpinsInConstructor, undefined, [], { gasLimit: 4_000 })).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    expect(sink.rows[1]).toEqual(['SpinsInConstructor', expect.stringMatching(/^SpinsInConstructor\./), 4_000, false]);
  });

  it('a test system takes the sink installed on globalThis; other values there are ignored', async () => {
    slot[GAS_REPORT_SINK] = { record: 'not a function' };
    expect(installedGasReport()).toBeUndefined();
    const sink = collector();
    slot[GAS_REPORT_SINK] = sink;
    expect(installedGasReport()).toBe(sink);
    const sys = createTestSystem({ seed: 2 });
    const reported = await sys.deploy(Reported, 'start', [0]);
    expect(await reported.add(1)).toBe(1);
    expect(sink.rows.map((r) => r[1])).toEqual(['Reported.Start', 'Reported.Add']);
  });

  it('keeps working when the sink throws', async () => {
    const sys = createTestSystem({
      seed: 4,
      gasReport: {
        record: () => {
          throw new Error('broken collector');
        },
      },
    });
    const reported = await sys.deploy(Reported, 'start', [0]);
    expect(await reported.add(2)).toBe(2);
  });

  it('tells nothing when no sink is installed', async () => {
    const sink = collector();
    const sys = createTestSystem({ seed: 3 });
    slot[GAS_REPORT_SINK] = sink; // installed after the system was made: not seen
    const reported = await sys.deploy(Reported, 'start', [0]);
    expect(await reported.add(1)).toBe(1);
    expect(sink.rows).toEqual([]);
  });
});
