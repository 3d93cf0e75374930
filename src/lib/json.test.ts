import { describe, expect, it } from 'vitest';

import { canonicalJson } from './json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members like JSON.stringify', () => {
    expect(
      canonicalJson({ b: 1, a: [{ d: 'x', c: null }, undefined, 7.0], e: undefined, f: '"é\n' }),
    ).toBe('{"a":[{"c":null,"d":"x"},null,7],"b":1,"f":"\\"é\\n"}');
  });

  it('serialises equal values identically whatever their key order', () => {
    const left = JSON.parse('{"x":{"q":[1,{"z":true,"y":false}],"p":"s"},"w":-0.5}') as unknown;
    const right = JSON.parse('{"w":-0.5,"x":{"p":"s","q":[1,{"y":false,"z":true}]}}') as unknown;
    expect(canonicalJson(left)).toBe(canonicalJson(right));
    expect(JSON.parse(canonicalJson(left))).toEqual(left);
  });

  it('writes non-finite numbers as null and empty containers as themselves', () => {
    expect(canonicalJson([Number.NaN, Infinity, {}, []])).toBe('[null,null,{},[]]');
  });
});
