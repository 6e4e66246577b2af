import { buildSchema, parse } from 'graphql';
import { wsDocumentCache } from './ws-document-cache';

const schema = buildSchema('type Query { a: Int } type Subscription { tick(n: Int): Int }');
const TICK = 'subscription ($n: Int) { tick(n: $n) }';

describe('wsDocumentCache', () => {
  it('gives every sender of the same text one document, validated once', () => {
    const cache = wsDocumentCache();
    const first = cache.parse(TICK);
    expect(cache.parse(TICK)).toBe(first);
    expect(cache.parse('subscription { tick }')).not.toBe(first);

    const errors = cache.validate(schema, first);
    expect(errors).toEqual([]);
    expect(cache.validate(schema, first)).toBe(errors);
  });

  it('keeps the verdict on an invalid document', () => {
    const cache = wsDocumentCache();
    const document = cache.parse('subscription { nope }');
    const errors = cache.validate(schema, document);
    expect(errors.map((e) => e.message)).toEqual(['Cannot query field "nope" on type "Subscription".']);
    expect(cache.validate(schema, document)).toBe(errors);
  });

  it('throws a syntax error every time and keeps nothing for it', () => {
    const cache = wsDocumentCache();
    expect(() => cache.parse('subscription {')).toThrow('Syntax Error');
    expect(() => cache.parse('subscription {')).toThrow('Syntax Error');
  });

  it('forgets the least recently used text beyond maxEntries', () => {
    const cache = wsDocumentCache({ maxEntries: 2 });
    const a = cache.parse('{ a }');
    const b = cache.parse('query B { a }');
    expect(cache.parse('{ a }')).toBe(a); // a is now the most recent
    cache.parse('query C { a }'); // evicts b
    expect(cache.parse('{ a }')).toBe(a);
    expect(cache.parse('query B { a }')).not.toBe(b);
  });

  it('does not keep texts longer than maxQueryLength', () => {
    const cache = wsDocumentCache({ maxQueryLength: 10 });
    expect(cache.parse(TICK)).not.toBe(cache.parse(TICK));
  });

  it('validates documents it did not parse, with their own verdict', () => {
    const cache = wsDocumentCache();
    expect(cache.validate(schema, parse('{ b }'))).toHaveLength(1);
    expect(cache.validate(schema, parse('{ a }'))).toEqual([]);
  });
});
