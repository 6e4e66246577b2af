import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives equal text for equal values built in a different order', () => {
    const one = { firmId: 'f', actor: 'm', occurredAt: '2026-01-01T00:00:00.000Z' };
    const two = { occurredAt: '2026-01-01T00:00:00.000Z', actor: 'm', firmId: 'f' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('drops undefined members, writes undefined array items as null, and dates as ISO strings', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: new Date('2026-11-24T00:00:00Z') })).toBe('{"b":[null,1],"c":"2026-11-24T00:00:00.000Z"}');
  });

  it('escapes strings as JSON does, so the text parses back to the same value', () => {
    const value = { text: 'quote " backslash \\ newline \n emoji 🙂 \u2028' };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [10n], [() => 1], [Symbol('s')]])('refuses %p', (value) => {
    expect(() => canonicalJson({ value })).toThrow(TypeError);
  });
});
