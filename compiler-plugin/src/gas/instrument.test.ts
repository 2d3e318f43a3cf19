import { describe, expect, it } from 'vitest';
import { GAS_HOOK_LOCAL, instrumentBundle, instrumentGas, unmeteredImports } from './instrument.js';

const G = `${GAS_HOOK_LOCAL}(1)`;

function body(code: string): string {
  const out = instrumentGas('a.ts', code)?.code ?? '';
  return out.slice(0, out.lastIndexOf('\nimport {'));
}

describe('instrumentGas', () => {
  it('charges at function entries and loop bodies, on the same lines', () => {
    const code = [
      'class A {',
      '  f(n: number): number {',
      '    let s = 0;',
      '    for (let i = 0; i < n; i++) s += i;',
      '    while (s > 0) { s--; }',
      '    return s;',
      '  }',
      '}',
    ].join('\n');
    const r = instrumentGas('a.ts', code);
    expect(r?.functions).toBe(1);
    expect(r?.loops).toBe(2);
    const lines = body(code).split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toBe(`  f(n: number): number { ${G};`);
    expect(lines[3]).toBe(`    for (let i = 0; i < n; i++) { ${G}; s += i; }`);
    expect(lines[4]).toBe(`    while (s > 0) { ${G}; s--; }`);
    expect(r?.code).toMatch(/import \{ __sprocketGas as __sprocket_gas__ \} from "@sprocket\/sdk";\n$/);
  });

  it('wraps arrow expression bodies and nested loops without bodies', () => {
    expect(body('const f = (x: number) => ({ x });')).toBe(`const f = (x: number) => (${G}, ({ x }));`);
    expect(body('for (;;) while (a) b();')).toBe(`for (;;) { ${G}; while (a) { ${G}; b(); } }`);
    expect(body('for (;;);')).toBe(`for (;;){ ${G}; ; }`);
    expect(body('do x(); while (y);')).toBe(`do { ${G}; x(); } while (y);`);
  });

  it('meters constructors after their super() call, and leaves declarations without bodies alone', () => {
    const code = 'declare function d(): void;\nclass B extends C { constructor() { super(); } m(): void; m(x?: number): void {} }';
    expect(body(code)).toBe(
      `declare function d(): void;\nclass B extends C { constructor() { super(); ${G}; } m(): void; m(x?: number): void { ${G};} }`,
    );
    expect(body('class A { constructor(n: number) { for (;;) n++; } }')).toBe(
      `class A { constructor(n: number) { ${G}; for (;;) { ${G}; n++; } } }`,
    );
    expect(instrumentGas('a.ts', 'const x = 1;')).toBeUndefined();
  });

  it('meters a JavaScript bundle without importing the hook, and refuses code that could escape the meter', () => {
    const js = 'var A = class { constructor() { this.x = 1; } f() { for (;;) {} } };\nmodule.exports = { A };';
    const r = instrumentBundle('b.js', js);
    expect(r.code).toBe(`var A = class { constructor() { ${G}; this.x = 1; } f() { ${G}; for (;;) { ${G};} } };\nmodule.exports = { A };`);
    expect(r.functions).toBe(2);
    expect(instrumentBundle('b.js', 'module.exports = 1;')).toEqual({ code: 'module.exports = 1;', functions: 0, loops: 0 });
    expect(() => instrumentBundle('b.js', `var ${GAS_HOOK_LOCAL} = () => {};`)).toThrow(
      expect.objectContaining({
        code: 'GAS_UNMETERABLE',
        message: expect.stringMatching(/^b\.js:1:5: the name __sprocket_gas__ is reserved/),
      }),
    );
    expect(() => instrumentBundle('b.js', 'with ({}) { f(); }')).toThrow(expect.objectContaining({ code: 'GAS_UNMETERABLE' }));
    expect(() => instrumentBundle('b.js', 'f();\n}); g(); (function () {')).toThrow(
      expect.objectContaining({ code: 'GAS_UNMETERABLE', message: expect.stringMatching(/^b\.js:2:1: .*does not parse/) }),
    );
    // Deterministic: the same text meters the same way.
    expect(instrumentBundle('b.js', js).code).toBe(r.code);
  });

  it('names the libraries a module imports that run unmetered', () => {
    const code =
      "import { a } from 'lodash';\nimport type { T } from 'types-only';\nimport { b } from './local.js';\nimport { c } from '@sprocket/sdk';\nimport { d } from 'node:fs';\nexport { e } from '@scope/lib';";
    expect(unmeteredImports('a.ts', code)).toEqual(['@scope/lib', 'lodash']);
  });
});
