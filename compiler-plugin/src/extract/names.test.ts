import { describe, expect, it } from 'vitest';
import { extractFromSource } from './index.js';
import { routeName } from './names.js';

describe('routeName: the route of a method name', () => {
  it('raises the first letter of a camelCase name and keeps the rest as written', () => {
    expect(routeName('add')).toBe('Add');
    expect(routeName('balanceOf')).toBe('BalanceOf');
    expect(routeName('getURL')).toBe('GetURL');
    expect(routeName('set3dMode')).toBe('Set3dMode');
  });

  // Sails derives a route with `name.to_case(Case::Pascal)` (convert_case 0.11, rs/macros/core/src/shared.rs): the
  // name splits at `_`, at a lowercase→uppercase change, between letters and digits either way, and before the last
  // capital of an acronym; each word is raised and the rest of it lowered.
  it.each([
    ['balance_of', 'BalanceOf'],
    ['get_url', 'GetUrl'],
    ['get_URL', 'GetUrl'],
    ['set_3d_mode', 'Set3DMode'],
    ['get_2fa_code', 'Get2FaCode'],
    ['mint_v2', 'MintV2'],
    ['erc20_transfer', 'Erc20Transfer'],
    ['transfer_fromUser', 'TransferFromUser'],
    ['parse_HTTPRequest', 'ParseHttpRequest'],
    ['do__this_', 'DoThis'],
    ['svc1', 'Svc1'],
  ])('a snake_case name is converted as Sails converts a Rust method name: %s → %s', (name, route) => {
    expect(routeName(name)).toBe(route);
  });

  it('gives a snake_case handler of a TS actor the route the Rust method of the same name has', () => {
    const text = [
      "import { Actor, actor, type u32 } from '@sprocket/sdk';",
      '@actor()',
      'export class Modes extends Actor {',
      '  set_3d_mode(on: u32): u32 { return on; }',
      '  get_url(): u32 { return 0; }',
      '  balanceOf(): u32 { return 0; }',
      '}',
    ].join('\n');
    const result = extractFromSource('modes.ts', text);
    expect(result.diagnostics).toEqual([]);
    expect(result.manifests[0]?.services[0]?.functions.map((f) => f.name)).toEqual(['BalanceOf', 'GetUrl', 'Set3DMode']);
  });
});
