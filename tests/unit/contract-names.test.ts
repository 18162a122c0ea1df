// The preload's zod-free name list must be the contract's method list, no more, no fewer (order is free):
// a method added to the contract but not here would be refused by the desktop's preload.
import { describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract/index.js';
import { isListedMethodName, methodNameList } from '../../src/shared/contract/names.js';

describe('methodNameList', () => {
  it('holds exactly the contract\'s methods', () => {
    expect([...methodNameList].sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(methodNameList).size).toBe(methodNameList.length);
  });

  it('knows only own names', () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString', '']) expect(isListedMethodName(name), name).toBe(false);
    expect(isListedMethodName('patients.list')).toBe(true);
  });
});
