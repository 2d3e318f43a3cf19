import { afterEach, describe, expect, it } from 'vitest';
import { BlockClock, loadCode } from './sandbox.js';
import { recordShared, restoreShared } from './shared-intrinsics.js';

const enc = new TextEncoder();

/** What loading `text` as uploaded code gives: its BAD_CODE reason, or 'loaded'. */
function reasonOf(text: string): string {
  try {
    loadCode(enc.encode(text), new BlockClock());
    return 'loaded';
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as { data: { reason: string } }).data.reason}`;
  }
}

const hostUnion = Object.getOwnPropertyDescriptor(Set.prototype, 'union');
const hostLimit = Error.stackTraceLimit;
const hostSet = Uint8Array.prototype.set;

afterEach(() => {
  // A failing test must not leave the test process's own built-ins changed.
  if (hostUnion === undefined) Reflect.deleteProperty(Set.prototype, 'union');
  Error.stackTraceLimit = hostLimit;
  Uint8Array.prototype.set = hostSet;
});

describe('the host built-ins uploaded code shares', () => {
  it('refuses code whose top level installs a polyfill on a shared prototype, and takes the polyfill out again', () => {
    const reason = reasonOf(`Set.prototype.union = function union() { return this; };`);
    expect(reason).toMatch(/^BAD_CODE: its top level changed built-ins it shares with the node/);
    expect(reason).toContain(hostUnion === undefined ? 'Set.prototype.union was added' : 'Set.prototype.union was changed');
    expect(Object.getOwnPropertyDescriptor(Set.prototype, 'union')).toEqual(hostUnion);
  });

  it('refuses a library that configures the shared Error class, and restores the setting', () => {
    const reason = reasonOf('Error.stackTraceLimit = 0; module.exports = {};');
    expect(reason).toContain('Error.stackTraceLimit was changed');
    expect(Error.stackTraceLimit).toBe(hostLimit);
  });

  it('sees built-ins reached through a prototype chain, also when the top level throws afterwards', () => {
    const reason = reasonOf(
      'Object.getPrototypeOf(Uint8Array.prototype).fill = null; Uint8Array.prototype.set = null; throw new Error("then failed");',
    );
    expect(reason).toContain('%TypedArray%.prototype.fill was changed');
    expect(reason).toContain('Uint8Array.prototype.set was changed');
    expect(typeof new Uint8Array(2).fill).toBe('function');
    expect(Uint8Array.prototype.set).toBe(hostSet);
  });

  it('leaves code that only uses the shared built-ins alone', () => {
    // No actor class: refused for that, after the check found nothing changed.
    expect(reasonOf('const m = new Map([[1, 2]]); const s = new Set(m.keys()); new Uint8Array(4).fill(s.size);')).toBe(
      'BAD_CODE: module.exports holds no @actor class',
    );
  });

  it('records and restores deletions and prototype changes', () => {
    class Host {
      static kind = 'host';
      name(): string {
        return Host.kind;
      }
    }
    const record = recordShared({ Host });
    Reflect.deleteProperty(Host, 'kind');
    Object.setPrototypeOf(Host.prototype, null);
    expect(restoreShared(record)).toEqual(['Host.kind was deleted', 'the prototype of Host.prototype was changed']);
    expect(Host.kind).toBe('host');
    expect(Object.getPrototypeOf(Host.prototype)).toBe(Object.prototype);
    expect(restoreShared(record)).toEqual([]);
  });
});
