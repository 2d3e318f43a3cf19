import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { guardRegExps, linearTime } from './regexp-backtracking.js';

/** A contract-like realm with its regexps guarded by a short limit. */
function guardedRealm(ms = 150): vm.Context {
  const context = vm.createContext({});
  guardRegExps(context, ms);
  return context;
}

// Each piece of code runs in a block of its own: the realm's top-level `const`s would clash.
const run = (context: vm.Context, code: string): unknown => vm.runInContext(`{${code}}`, context);

/** What running `code` in the realm threw: its code and message, or 'returned'. */
function thrown(context: vm.Context, code: string): string {
  try {
    run(context, code);
    return 'returned';
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
}

// `/(a+)+$/` with the i flag: V8's linear engine cannot run it, and this input makes it backtrack for hours.
const RUNAWAY = `const re = /(a+)+$/i; const input = 'a'.repeat(40) + 'b';`;

describe('regular expressions in a contract realm', () => {
  it('asks V8 which patterns its linear-time engine runs', () => {
    expect(linearTime('(a+)+$', '')).toBe(true);
    expect(linearTime('(a+)+$', 'g')).toBe(true);
    expect(linearTime('(a+)+$', 'i')).toBe(false);
    expect(linearTime('(a+)+$', 'u')).toBe(false);
    expect(linearTime('(a)\\1', '')).toBe(false);
    expect(linearTime('(?=a)a', '')).toBe(false);
  });

  it('stops a runaway search through every way into the engine, naming the pattern', () => {
    const context = guardedRealm();
    for (const search of [
      're.exec(input)',
      're.test(input)',
      'input.match(re)',
      'input.search(re)',
      "input.replace(re, '')",
      "input.replaceAll(new RegExp(re.source, 'gi'), '')",
      'input.split(re)',
      // An own `exec` that is not callable sends the built-in methods straight to the engine: still bounded.
      "Object.defineProperty(re, 'exec', { value: undefined }); input.replace(re, '')",
    ]) {
      expect(thrown(context, `${RUNAWAY} ${search}`), search).toMatch(
        /^BAD_CODE: uploaded code: \/\(a\+\)\+\$\/ backtracked past the wall-clock limit of 150 ms/,
      );
    }
    // String.prototype.matchAll makes its iterator without asking the regexp: its searches are bounded, unnamed.
    expect(thrown(context, `${RUNAWAY} [...input.matchAll(new RegExp(re.source, 'gi'))]`)).toMatch(
      /^BAD_CODE: uploaded code: a regular expression backtracked past the wall-clock limit of 150 ms/,
    );
  });

  it('bounds a matchAll iterator that a subclass made on a copy of its own', () => {
    const context = guardedRealm();
    const code = `${RUNAWAY}
      class Sneaky extends RegExp { static get [Symbol.species]() { return function () { const r = /(a+)+$/gi; Object.defineProperty(r, 'exec', { value: null }); return r; }; } }
      const it = new Sneaky('x', 'g')[Symbol.matchAll](input);
      it.next();`;
    expect(thrown(context, code)).toMatch(/backtracked past the wall-clock limit/);
  });

  it('keeps the guard in place', () => {
    const context = guardedRealm();
    expect(thrown(context, `(() => { 'use strict'; RegExp.prototype.exec = function () { return null; }; })()`)).toMatch(/read only/);
    expect(thrown(context, `(() => { 'use strict'; delete RegExp.prototype[Symbol.replace]; })()`)).toMatch(/Cannot delete/);
    expect(run(context, `RegExp.prototype.exec === Object.getOwnPropertyDescriptor(RegExp.prototype, 'exec').value`)).toBe(true);
  });

  it('answers as the engine does, for patterns of both kinds', () => {
    const context = guardedRealm();
    const code = `[
      'a-b-c'.split(/-/), 'Hello World'.replace(/o/gi, (m) => m.toUpperCase()), /(\\d+)-(\\d+)/.exec('x 12-34').slice(),
      [...'a1b22c333'.matchAll(/\\d+/g)].map((m) => m[0] + '@' + m.index), 'abcABC'.search(/c/i), /^(?=a)a/.test('ab'),
      'aXbxc'.split(/x/i), /(a+)+$/.test('a'.repeat(40) + 'b'),
    ]`;
    expect(JSON.stringify(run(context, code))).toBe(
      JSON.stringify([['a', 'b', 'c'], 'HellO WOrld', ['12-34', '12', '34'], ['1@1', '22@3', '333@6'], 2, true, ['a', 'b', 'c'], false]),
    );
  });

  it('forgets its verdict when compile changes the pattern', () => {
    const context = guardedRealm();
    const code = `${RUNAWAY} const r = /a/; r.test('a'); r.compile(re.source, 'i'); r.test(input);`;
    expect(thrown(context, code)).toMatch(/backtracked past the wall-clock limit/);
  });
});
