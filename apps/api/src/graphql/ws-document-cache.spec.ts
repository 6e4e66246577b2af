import { buildSchema, parse, type ExecutionArgs, type GraphQLError } from 'graphql';
import { documentCache, wsDocumentCache } from './ws-document-cache';

const schema = buildSchema('type Query { a: Int, list: [Item] } type Item { b: Int, items: [Item] } type Subscription { tick(n: Int): Int }');
const TICK = 'subscription ($n: Int) { tick(n: $n) }';
const LIMITS = { maxDepth: 3, maxCost: 150, maxAliases: 2, maxTokens: 40 };

describe('documentCache', () => {
  const options = { maxTokens: 1000, introspection: true };

  it('gives every sender of the same text one document, validated once', () => {
    const cache = documentCache(options);
    const first = cache.parse(TICK);
    expect(cache.parse(TICK)).toBe(first);
    expect(cache.parse('subscription { tick }')).not.toBe(first);

    const errors = cache.validate(schema, first);
    expect(errors).toEqual([]);
    expect(cache.validate(schema, first)).toBe(errors);
  });

  it('keeps the verdict on an invalid document', () => {
    const cache = documentCache(options);
    const document = cache.parse('subscription { nope }');
    const errors = cache.validate(schema, document);
    expect(errors.map((e) => e.message)).toEqual(['Cannot query field "nope" on type "Subscription".']);
    expect(cache.validate(schema, document)).toBe(errors);
  });

  it('throws a syntax error every time and keeps nothing for it', () => {
    const cache = documentCache(options);
    expect(() => cache.parse('subscription {')).toThrow('Syntax Error');
    expect(() => cache.parse('subscription {')).toThrow('Syntax Error');
  });

  it('refuses a text of more than maxTokens tokens', () => {
    const cache = documentCache({ ...options, maxTokens: 5 });
    expect(cache.parse('{ a }')).toBeDefined();
    expect(() => cache.parse('{ a a a a a }')).toThrow('Document contains more that 5 tokens');
  });

  it('refuses introspection when it is off', () => {
    const cache = documentCache({ ...options, introspection: false });
    expect(cache.validate(schema, cache.parse('{ __schema { types { name } } }')).length).toBeGreaterThan(0);
    expect(cache.validate(schema, cache.parse('{ __typename }'))).toEqual([]);
  });

  it('forgets the least recently used text beyond maxEntries', () => {
    const cache = documentCache({ ...options, maxEntries: 2 });
    const a = cache.parse('{ a }');
    const b = cache.parse('query B { a }');
    expect(cache.parse('{ a }')).toBe(a); // a is now the most recent
    cache.parse('query C { a }'); // evicts b
    expect(cache.parse('{ a }')).toBe(a);
    expect(cache.parse('query B { a }')).not.toBe(b);
  });

  it('does not keep texts longer than maxQueryLength', () => {
    const cache = documentCache({ ...options, maxQueryLength: 10 });
    expect(cache.parse(TICK)).not.toBe(cache.parse(TICK));
  });

  it('validates documents it did not parse, with their own verdict', () => {
    const cache = documentCache(options);
    expect(cache.validate(schema, parse('{ b }'))).toHaveLength(1);
    expect(cache.validate(schema, parse('{ a }'))).toEqual([]);
  });
});

describe('wsDocumentCache onSubscribe', () => {
  const { onSubscribe } = wsDocumentCache(() => schema, LIMITS, { introspection: true });
  const codes = (result: ExecutionArgs | readonly GraphQLError[]) => (Array.isArray(result) ? (result as GraphQLError[]).map((e) => e.extensions.code) : 'accepted');

  it('answers execution arguments for a document within the limits, sharing the document', () => {
    const first = onSubscribe(null, '1', { query: TICK, variables: { n: 1 } }) as ExecutionArgs;
    const second = onSubscribe(null, '2', { query: TICK, variables: { n: 2 } }) as ExecutionArgs;
    expect(first.schema).toBe(schema);
    expect(second.document).toBe(first.document);
    expect(second.variableValues).toEqual({ n: 2 });
  });

  it('answers each refusal with the code HTTP gives', () => {
    expect(codes(onSubscribe(null, '1', { query: '{ a' }))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(onSubscribe(null, '1', { query: '{ a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a }' }))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(onSubscribe(null, '1', { query: '{ nope }' }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(onSubscribe(null, '1', { query: '{ list { items { items { b } } } }' }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(onSubscribe(null, '1', { query: '{ x: a y: a z: a }' }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(onSubscribe(null, '1', { query: 'query A { a } query B { a }' }))).toEqual(['BAD_REQUEST']);
    expect(codes(onSubscribe(null, '1', { query: 'query A { a }', operationName: 'B' }))).toEqual(['BAD_REQUEST']);
  });

  it('costs the operation with its variables', () => {
    // Each `list { items { b } }` costs 1 + 10 × (1 + 10 × 1) = 111.
    const query = 'query ($all: Boolean!) { list { items { b } } more: list @include(if: $all) { items { b } } }';
    expect(codes(onSubscribe(null, '1', { query, variables: { all: false } }))).toBe('accepted');
    expect(codes(onSubscribe(null, '2', { query, variables: { all: true } }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
