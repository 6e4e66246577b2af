import { canonicalJson, jsonString } from './canonical-json';

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

describe('canonicalJson on random values', () => {
  /** An independent reference: sort keys, recurse, let JSON.stringify write the leaves. */
  function reference(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
    if (value !== null && typeof value === 'object') {
      const members = Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`);
      return `{${members.join(',')}}`;
    }
    return JSON.stringify(value);
  }

  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const keys = ['a', 'b', 'Z', '10', '2', 'é', 'firmId', 'actor', 'x y', ''];
  function randomValue(depth: number): unknown {
    const pick = Math.floor(random() * (depth > 3 ? 4 : 7));
    if (pick === 0) return `s${Math.floor(random() * 100)}"\\`;
    if (pick === 1) return Math.floor(random() * 2000) / 8 - 100;
    if (pick === 2) return random() < 0.5;
    if (pick === 3) return null;
    if (pick === 4) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
    const object: Record<string, unknown> = {};
    const chosen = keys.filter(() => random() < 0.4);
    if (random() < 0.5) chosen.sort();
    for (const key of chosen) object[key] = random() < 0.1 ? undefined : randomValue(depth + 1);
    return object;
  }

  it('matches an independent reference on 2,000 random values, sorted or not', () => {
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(0);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });
});

describe('jsonString', () => {
  it.each(['plain', '', 'quote "', 'back\\slash', 'tab\t', '\u0000', 'emoji 🙂', 'lone \ud800', '\u2028', 'é'])('writes %p as JSON.stringify does', (text) => {
    expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});
