import { describe, expect, it } from 'vitest';
import { defaultEventEntryIds, defaultFunctionEntryIds, functionEntryIds, methodNameOfRoute, sortRouteNames } from './entry-ids.js';

describe('entry ids', () => {
  it('numbers functions by lowercase route name', () => {
    expect(defaultFunctionEntryIds(['Value', 'Sub', 'Add'])).toEqual([2, 1, 0]);
    expect(sortRouteNames(['balanceOf', 'Approve', 'allowance', 'BurnAll'])).toEqual(['allowance', 'Approve', 'balanceOf', 'BurnAll']);
  });

  it('lets an explicit @entry_id win', () => {
    expect(functionEntryIds([{ name: 'B' }, { name: 'A', explicit: 9 }])).toEqual([1, 9]);
  });

  it('numbers events by lowercase name, like functions', () => {
    expect(defaultEventEntryIds(['Transfer', 'approval', 'Burned'])).toEqual([2, 0, 1]);
  });

  it('derives camelCase method names from routes', () => {
    expect(methodNameOfRoute('BalanceOf')).toBe('balanceOf');
    expect(methodNameOfRoute('Add')).toBe('add');
    expect(methodNameOfRoute('')).toBe('');
  });
});
